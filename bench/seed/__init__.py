"""Province-scale synthetic data for ``make bench`` and the load tests (``manage.py seed_scale``).

≈250 reporting agencies (the real ones from ``load_plan`` plus "SYN-"
agencies), five years of reports, 2021–2025 (monthly for most synthetic
agencies, quarterly for the real ones) with a realistic mix of statuses, late
submissions and narratives, ≈42 non-zero figures per report (≈600,000 rows),
and a few hundred honourees with their commendations and coverage; the duties of each past quarter
(guidance, a press order, content provided to the press, ``duties``).

When today is past the real plan's last year, a synthetic copy of the plan
for the phase holding today (``syn-…-2026-2030``) gets its periods and the
reports of this year up to today's period, the latest still in progress:
clerks have an open period to fill, reviewers an inbox.

``--factor F`` multiplies the data by adding F-1 earlier five-year plan phases
(copies of the plan, codes ``syn-…``) with the same agencies and as many
reports: the table grows F times while a period's own rows stay the same, which
is what ten years, or fifty, of use look like to one quarter's compile.

Every synthetic row is marked: agencies and users by the ``SYN-``/``syn-``
prefix, reports by their creator (the inactive user ``syn-seed``), honourees by
a ``syn-`` slug, copied plans by a ``syn-`` code. The command refuses to run on
a database holding any report that is not synthetic; otherwise it first
removes the synthetic data it made before (reports, figures, honourees) and
loads everything again in bulk (COPY on PostgreSQL, batched INSERTs on SQLite),
without history rows, in one transaction. On PostgreSQL the figure table's
plain indexes are built once after the load and, for a superuser, the per-row
foreign-key triggers are off during it (as ``pg_restore --disable-triggers``
does), the references being checked once at the end instead.

The modules: ``seeder`` (the whole run), ``plans`` (the real plan and its
synthetic phases), ``people`` (agencies and users), ``activity`` (one report's
columns), ``honourees``, ``duties``, ``bulk`` (raw loading, indexes, wiping), ``marks``
(the synthetic markers) and ``words`` (the Vietnamese text it draws from).
"""
