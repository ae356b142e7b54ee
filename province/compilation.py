"""Services of the compiled province report: request, run, retry and issue.

Kept apart from ``services.py`` (the activity-report workflow) because the two
have nothing in common but the models they read. Views, the Celery task, the
beat schedule and ``manage.py compile_report`` all go through these functions.

Files: each run builds its documents in memory, saves each whole through the
storage API (the local folder or an object store, ``core.storage``) under a
name of its own, ``compiled/<period>/v<version>/bao-cao-<period>-v<version>-<run>.{docx,xlsx,pdf}``,
publishes them in the database only if it still holds the report's run token,
and removes every other file of that version before that commits — so a report
seen done has exactly one set of files, a run killed half-way followed by a
re-run leaves one set, a failed run leaves none of its own, and no name is
published before its file is complete.

The PDF is the DOCX rendered by LibreOffice headless (``core.office``: a
private profile per run, killed after ``REPORTS_COMPILE_PDF_TIMEOUT`` seconds).
A server without LibreOffice, or a conversion that fails, gives a version
without PDF that says why (``CompiledReport.pdf_skipped``); the compile itself
succeeds. ``REPORTS_COMPILE_PDF = False`` turns the PDF off (the test
settings do: each conversion takes seconds).
"""

import logging
import time
import uuid
from datetime import date

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.db.models import F
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from agencies import successions
from core import office, outbox
from core.db import consistent_read
from core.memory import collector_paused
from duties import selectors as duties_selectors
from honourees import selectors as honourees_selectors
from reports import attributions, reminders
from reports.models import ReportingPeriod

from . import access, aggregation, reference
from .documents import DOCUMENT_LANGUAGE, SCHEMA_VERSION, synthesis
from .documents.docx import build_docx
from .documents.xlsx import build_xlsx
from .models import CompiledReport, DocumentDefaults, pack_detail
from .wording import vietnamese_label

logger = logging.getLogger(__name__)

# When the admin holds no entry (a database emptied by hand): the department that tracked the plan when it
# was issued, as migration 0009 first stored it.
FALLBACK_DEFAULTS = {
    "issuer_parent": "UBND TỈNH LÀO CAI",
    "issuer_name": "SỞ THÔNG TIN VÀ TRUYỀN THÔNG",
    "issuer_name_sentence": "Sở Thông tin và Truyền thông",
    "issuer_code": "STTTT",
    "place": "Lào Cai",
    "signer_capacity": "KT. GIÁM ĐỐC",
    "signer_title": "PHÓ GIÁM ĐỐC",
    "recipients": "UBND tỉnh (b/c);\nSở Nội vụ;\nLưu: VT, TTBCXB.",
}
SIGNER_KEYS = ("capacity", "title", "name")
# The reviewer's texts, one per section the department writes itself (``synthesis.TEXT_KEYS``).
TEXT_FIELDS = synthesis.TEXT_KEYS
ACTIVE_STATUSES = (CompiledReport.Status.QUEUED, CompiledReport.Status.RUNNING)
# A queued or running compile not finished after this long is taken as dead.
STALE_AFTER_SECONDS = 15 * 60
# LibreOffice renders a page in a few hundredths of a second: this leaves room for 1,500 pages on a slow machine,
# well within STALE_AFTER_SECONDS.
PDF_TIMEOUT_SECONDS = 5 * 60
# The compile page is told of a run's progress at most this often (seconds).
PROGRESS_INTERVAL = 0.5


class CompileError(Exception):
    """A compile action that is not allowed now; the message is for the reviewer."""


def document_defaults(day=None):
    """The issuer, signer and recipients in force on ``day`` (today by default): the admin's entry. One query.

    A report speaks for the agency that held the plan's tracking duty at its period's end, so callers
    pass ``period.end``: a 2024 report stays Sở Thông tin và Truyền thông's after the 1/3/2025 merger.
    """
    day = day or timezone.localdate()
    found = DocumentDefaults.objects.filter(valid_from__lte=day).order_by("-valid_from").first()
    return found or DocumentDefaults(valid_from=day, **FALLBACK_DEFAULTS)


def issuer(day=None):
    return document_defaults(day).issuer()


def compiled_report_defaults(*, period, draft=None):
    """The form's starting texts: the latest version's, blanks filled from the document defaults in force at
    the period's end. Two queries. ``draft``: the reviewer's texts drafted afresh from the figures
    (``synthesis.drafts``; an aggregation and a query more), replacing the latest version's; by default only
    for a period never compiled (a compile stores its drafts on the version)."""
    # The latest version's texts, not its snapshot (hundreds of kilobytes of JSON).
    last = CompiledReport.objects.filter(period=period).defer("snapshot", "detail").order_by("-version").first()
    return _form_values(period, last, draft=draft)


def _form_values(period, last, *, draft=None):
    """``compiled_report_defaults`` with the latest version ``last`` (or None) already read. One query, and an
    aggregation's and one more with ``draft``."""
    defaults = document_defaults(period.end)
    values = {
        "include_unaccepted": getattr(settings, "REPORTS_COMPILE_INCLUDE_UNACCEPTED", False),
        **dict.fromkeys(TEXT_FIELDS, ""),
        "signer_capacity": defaults.signer_capacity,
        "signer_title": defaults.signer_title,
        "signer_name": defaults.signer_name,
        "recipients": defaults.recipients,
    }
    if last is not None:
        values["include_unaccepted"] = last.include_unaccepted
        values.update(
            {field: getattr(last, field) for field in values if field != "include_unaccepted" and getattr(last, field)}
        )
    if draft or (draft is None and last is None):
        values.update(drafted_texts(period, include_unaccepted=values["include_unaccepted"]))
    return values


def drafted_texts(period, *, include_unaccepted):
    """The reviewer's texts as ``synthesis.drafts`` words them from the period's figures now."""
    figures = aggregation.aggregate(period, include_unaccepted=include_unaccepted)
    preview = CompiledReport(period=period, version=0, **dict.fromkeys(TEXT_FIELDS, ""))
    snapshot = build_snapshot(preview, figures)
    with translation.override(DOCUMENT_LANGUAGE):
        return synthesis.drafts(snapshot)


def _check_compiler(user, *, system_allowed=True):
    """Only reviewers (and admins) compile, retry and issue; ``None`` is the system (beat job, command)."""
    if user is None and system_allowed:
        return
    if user is None or not access.can_compile(user):
        raise PermissionDenied


def _is_stale(compiled, now):
    since = compiled.started_at or compiled.requested_at
    return (now - since).total_seconds() > STALE_AFTER_SECONDS


def compiled_report_request(*, period, user=None, enqueue=True, **texts):
    """Make the period's next version, queued, and enqueue its compile once the transaction commits.

    ``texts`` are the editable fields (see ``compiled_report_defaults``); missing
    ones take the defaults. Side effects: one ``CompiledReport`` row; a Celery
    task after commit (in-process without Redis). Raises ``CompileError`` when a
    compile of the period is already queued or running. ``enqueue=False``
    leaves the run to the caller (``manage.py compile_report`` runs it in-process).
    Raises ``PermissionDenied`` for a user who may not compile (``None`` is the system).
    """
    _check_compiler(user)
    with transaction.atomic():
        # Locking the period serialises version numbers between two reviewers.
        ReportingPeriod.objects.select_for_update().filter(pk=period.pk).first()
        now = timezone.now()
        # Every version of the period without its snapshot (a period has a few): whether one is running, the
        # latest's number and texts (the new version's defaults, ``compiled_report_defaults``).
        versions = list(CompiledReport.objects.filter(period=period).defer("snapshot", "detail").order_by("-version"))
        if any(c.status in ACTIVE_STATUSES and not _is_stale(c, now) for c in versions):
            raise CompileError(_("A compile of this period is already in progress."))
        last = versions[0] if versions else None
        values = {**_form_values(period, last, draft=False), **texts}
        number = last.version + 1 if last else 1
        compiled = CompiledReport.objects.create(period=period, version=number, requested_by=user, **values)
        if enqueue:
            _enqueue(compiled.pk)
    return compiled


def compiled_report_retry(*, compiled, user=None):
    """Queue a failed (or dead) compile again; same version. Side effects: the row back to queued, a task."""
    _check_compiler(user)
    now = timezone.now()
    with transaction.atomic():
        locked = CompiledReport.objects.select_for_update().get(pk=compiled.pk)
        if locked.is_issued or not (
            locked.status == CompiledReport.Status.FAILED or (locked.is_active and _is_stale(locked, now))
        ):
            raise CompileError(_("Only a failed compile can be retried."))
        CompiledReport.objects.filter(pk=locked.pk).update(
            status=CompiledReport.Status.QUEUED, progress=0, error="", run_token=None, requested_at=now
        )
        _enqueue(locked.pk)
    compiled.refresh_from_db()
    return compiled


def _enqueue(compiled_report_id):
    """Queue the compile through the outbox, in the caller's transaction.

    Sent once the transaction commits; with the broker down the job is kept
    (the report stays queued) and sent once Redis is back (``core.outbox``).
    """
    from .tasks import compile_report

    outbox.enqueue(compile_report, compiled_report_id=compiled_report_id)


def compiled_report_run(*, compiled_report_id):
    """Compile one version: aggregate, freeze the snapshot, write the DOCX, the XLSX and the PDF.

    Claims the report with a conditional UPDATE (status queued, or running after
    a worker died) and a fresh run token; a report already done, failed, issued
    or gone is left alone, so a repeated task is harmless. Progress is written
    as it goes (short updates outside any long transaction, so the page sees
    them). On any error the report ends failed with the reason and this run's
    files are removed. Returns the report, or None when there was nothing to do. Python's cyclic garbage
    collector is paused while it runs (``core.memory.collector_paused``).
    """
    token = uuid.uuid4()
    now = timezone.now()
    claimed = CompiledReport.objects.filter(
        pk=compiled_report_id, status__in=ACTIVE_STATUSES, issued_at__isnull=True
    ).update(
        status=CompiledReport.Status.RUNNING,
        run_token=token,
        started_at=now,
        finished_at=None,
        attempts=F("attempts") + 1,
        progress=5,
        error="",
    )
    if not claimed:
        return None
    compiled = CompiledReport.objects.select_related("period", "period__plan").get(pk=compiled_report_id)
    with collector_paused():
        return _run(compiled, token)


def _run(compiled, token):
    """``compiled_report_run`` once the report is claimed by the run ``token``."""
    written = []
    try:
        # One view of the data for every query of the aggregation: totals and breakdowns must agree even
        # when a reviewer accepts a report meanwhile.
        # The reference data (the successions, the plan, the agencies) as the process keeps it, for the
        # aggregation, the phase's years and the results per movement (``province.reference``).
        with consistent_read(), reference.Reference() as kept:
            graph = kept.graph()
            period, include_unaccepted = compiled.period, compiled.include_unaccepted
            figures = aggregation.aggregate(period, include_unaccepted=include_unaccepted, graph=graph, kept=kept)
            years = phase_years(period, include_unaccepted=include_unaccepted, figures=figures, graph=graph, kept=kept)
            duties = duties_part(period, graph=graph)
        progress = _Progress(compiled.pk, token, since=time.monotonic())
        progress(40)
        snapshot = build_snapshot(compiled, figures, years=years, duties=duties)
        drafted = draft_blank_texts(compiled, snapshot)
        files = _write_documents(compiled, token, snapshot, written, progress=progress)
        stored, detail = pack_detail(snapshot)
        finished = {
            "status": CompiledReport.Status.DONE,
            "progress": 100,
            "snapshot": stored,
            "detail": detail,
            "finished_at": timezone.now(),
            **files,
            **drafted,
        }
        with transaction.atomic():
            done = CompiledReport.objects.filter(
                pk=compiled.pk, run_token=token, status=CompiledReport.Status.RUNNING
            ).update(**finished)
            if done:
                # Before the commit, under the row's lock: a report seen done has exactly one set of files, and a
                # worker killed here leaves the report running, for a re-run that sweeps again.
                _sweep(compiled, keep=set(written))
    except Exception as exc:
        logger.exception("Compiled report %s failed", compiled.pk)
        _delete(written)
        CompiledReport.objects.filter(pk=compiled.pk, run_token=token).update(
            status=CompiledReport.Status.FAILED,
            error=f"{type(exc).__name__}: {exc}"[:2000],
            progress=0,
            finished_at=timezone.now(),
        )
        compiled.refresh_from_db()
        return compiled
    if not done:
        # Another run took the report over (this one was presumed dead): its files win.
        _delete(written)
        return None
    # The report as the run left it, without reading it back: the row read after the claim and what the run
    # wrote (the 114 KB snapshot of a quarter at province scale is not fetched again; the worker needs nothing).
    for name, value in finished.items():
        setattr(compiled, name, value)
    return compiled


def compiled_report_issue(*, compiled, user, number, day: date, signer=None):
    """Issue a done version: give it its number, date and signer, rebuild its files with them, and freeze it.

    ``signer`` (``capacity``, ``title``, ``name``) replaces the one the version
    was compiled with; the issuer stays the one in force at the period's end. Side effects:
    new DOCX, XLSX and PDF with the number and date (the old ones are removed),
    ``issued_at``/``issued_by`` and the signer's fields set. Raises ``CompileError`` unless the
    version is done and not yet issued, ``PermissionDenied`` unless ``user`` may
    compile. An issued version never changes again.
    """
    _check_compiler(user, system_allowed=False)
    number = str(number).strip()
    if not number:
        raise CompileError(_("The document number is required."))
    compiled.refresh_from_db()
    if compiled.is_issued or compiled.status != CompiledReport.Status.DONE:
        raise CompileError(_("Only a compiled, not yet issued version can be issued."))
    signer = {
        key: str(value).strip()
        for key, value in {**compiled.snapshot.get("signer", {}), **(signer or {})}.items()
        if key in SIGNER_KEYS
    }
    if not signer.get("name"):
        raise CompileError(_("The signer's name is required to issue the report."))
    _check_texts(compiled)
    if CompiledReport.objects.filter(
        period_id=compiled.period_id, version__gt=compiled.version, issued_at__isnull=False
    ).exists():
        raise CompileError(_("A later version of this report has been issued already."))
    snapshot = {
        **compiled.full_snapshot(),
        "document": {**compiled.snapshot["document"], "number": number, "date": day.isoformat()},
        "issuer": issuer(compiled.period.end),
        "signer": signer,
    }
    written = []
    try:
        files = _write_documents(compiled, uuid.uuid4(), snapshot, written)
    except Exception:
        _delete(written)
        raise
    stored, detail = pack_detail(snapshot)
    with transaction.atomic():
        issued = CompiledReport.objects.filter(
            pk=compiled.pk, status=CompiledReport.Status.DONE, issued_at__isnull=True
        ).update(
            snapshot=stored,
            detail=detail,
            **files,
            document_number=number,
            document_date=day,
            signer_capacity=signer.get("capacity", ""),
            signer_title=signer.get("title", ""),
            signer_name=signer["name"],
            issued_at=timezone.now(),
            issued_by=user,
        )
    if not issued:
        _delete(written)
        raise CompileError(_("This version was issued or changed meanwhile."))
    _sweep(compiled, keep=set(written))
    compiled.refresh_from_db()
    return compiled


def _check_texts(compiled):
    """A report is not issued with a section the department must write left empty (vietnamese-review B1 #7)."""
    required = [key for key in TEXT_FIELDS if key != "lessons" or compiled.period.kind == "phase"]
    texts = compiled.snapshot.get("texts") or {}
    if any(not (texts.get(key) or "").strip() for key in required):
        raise CompileError(
            _("Write every section of the department's own text, then compile again before issuing this report.")
        )


# -- the snapshot ----------------------------------------------------------------


def plan_snapshot(plan, *, with_bases=False):
    """The snapshot's ``plan``; a draft copy (issue 14 §6) says so and names the plan it was copied from.

    ``draft_copy`` true: the plan's texts are those of ``copied_from``, copied into this phase and not yet
    confirmed by an officer; the documents must not present them as the phase's own plan. One query, for a
    draft copy only (the plan it was copied from); ``with_bases``: one more, the legal bases the plan cites
    (the phase summary's opening cites them).
    """
    part = {
        "code": plan.code,
        "title": plan.title,
        "number": plan.number,
        "issued_on": plan.issued_on.isoformat() if plan.issued_on else None,
        "phase": plan.phase,
        "draft_copy": plan.is_draft_copy,
        "issuing_body": plan.issuing_body,
    }
    if with_bases:
        part["legal_bases"] = [
            {"kind": b.kind, "number": b.number, "date": b.date.isoformat(), "issuer": b.issuer}
            for b in plan.legal_bases.order_by("order")
        ]
    if plan.is_draft_copy:
        source = plan.copied_from
        part["copied_from"] = source and {
            "code": source.code,
            "title": source.title,
            "number": source.number,
            "issued_on": source.issued_on.isoformat() if source.issued_on else None,
            "phase": source.phase,
        }
    return part


def build_snapshot(compiled, figures, *, years=None, duties=None):
    """The frozen snapshot of ``compiled`` (schema in ``province.documents``) from the aggregation's ``figures``;
    a phase summary also carries ``years`` (``year_parts``), and a compile the ``duties`` of section III
    (``duties_part``). One query (the plan's legal bases)."""
    period = compiled.period
    label = aggregation.period_label(period)
    snapshot = {
        "schema_version": SCHEMA_VERSION,
        "generated_at": timezone.localtime().isoformat(timespec="seconds"),
        "period": {
            "code": period.code,
            "kind": period.kind,
            "label": label,
            "start": period.start.isoformat(),
            "end": period.end.isoformat(),
            "deadline": period.deadline.isoformat(),
            "next_label": _next_label(period),
        },
        "plan": plan_snapshot(period.plan, with_bases=True),
        "issuer": issuer(period.end),
        "document": {
            "number": compiled.document_number or None,
            "date": compiled.document_date.isoformat() if compiled.document_date else None,
            "version": compiled.version,
            "summary": document_summary(period, label),
        },
        **figures,
        "texts": {key: getattr(compiled, key) for key in TEXT_FIELDS},
        "signer": {
            "capacity": compiled.signer_capacity,
            "title": compiled.signer_title,
            "name": compiled.signer_name,
        },
        "recipients": compiled.recipient_lines(),
    }
    if years is not None:
        snapshot["years"] = years
    if duties is not None:
        snapshot["duties"] = duties
    return snapshot


# The queries of ``duties_part``: guidance (1), press orders (2), content provided to the press (1), results per
# movement and occasion (``reports.attributions``).
# The exemplar pipeline with the awards by form: ``pipeline_in_period`` (1).
EXEMPLARS_QUERY_COUNT = 1
DUTIES_QUERY_COUNT = 4 + attributions.QUERY_COUNT + EXEMPLARS_QUERY_COUNT
# No press order in the dates: the delivered figures are not read.
DUTIES_EMPTY_QUERY_COUNT = DUTIES_QUERY_COUNT - 1


def duties_part(period, *, graph=None):
    """The snapshot's ``duties``: how the duties of the plan's section III were done in ``period``'s dates.

    ``guidance`` issued in the period (each with its recipients, acknowledgements and the activity reports
    said to answer it), press ``orders`` overlapping it (ordered vs delivered per cell, over each order's own
    dates), ``content`` provided to the press in it, by theme, and the results the accepted reports attributed
    to each emulation ``movement`` and occasion (``movements_part``). ``DUTIES_QUERY_COUNT`` queries, whatever the
    number of rows (``DUTIES_EMPTY_QUERY_COUNT`` with no order in the dates); one less with ``graph``, the
    successions already read.
    """
    guidance = duties_selectors.guidance_in_period(period.start, period.end)
    orders = duties_selectors.orders_in_period(period.start, period.end)
    return {
        "guidance": {
            "rows": [
                {
                    "number": g.number,
                    "title": g.title,
                    "issued_on": g.issued_on.isoformat(),
                    "recipients": g.recipients_count,
                    "acknowledged": g.acknowledged_count,
                    "reports": g.reports_count,
                    "accepted_reports": g.accepted_reports_count,
                }
                for g in guidance["rows"]
            ],
            "recipients": guidance["recipients"],
            "acknowledged": guidance["acknowledged"],
        },
        "orders": [_order_part(order) for order in orders],
        "content": duties_selectors.content_in_period(period.start, period.end),
        "movements": movements_part(period, graph=graph),
        "exemplars": exemplars_part(period),
    }


def exemplars_part(period):
    """The snapshot's ``duties.exemplars``: the exemplar pipeline in ``period``'s dates (issue 17 §5: found,
    fostered, honoured, commended, replicated, introduced on the portals), the awards by form and the
    replications' reach by kind, labelled in the documents' language. ``EXEMPLARS_QUERY_COUNT`` queries."""
    counts = honourees_selectors.pipeline_in_period(period.start, period.end)
    awards = honourees_selectors.commendations_by_form(counts)
    with translation.override(DOCUMENT_LANGUAGE):
        return {
            "found": counts.found,
            "nurtured": counts.nurtured,
            "nurture_actions": counts.nurture_actions,
            "published": counts.published,
            "commended": counts.commended,
            "commendations": counts.commendations,
            "awards": [[str(label), n] for label, n in awards],
            "replicated": counts.replicated,
            "replication_units": counts.replication_units,
            "coverage": [[str(honourees_selectors.coverage_label(k)), n] for k, n in counts.coverage.items()],
            "introduced": counts.introduced,
            "dispatches": counts.dispatches,
        }


def movements_part(period, *, graph=None):
    """The snapshot's ``duties.movements``: per emulation movement and per occasion, the main figures the accepted
    reports of ``period`` attributed to it (in the order of ``metrics``), their sum (``items``) and how many agencies
    did (``reports.attributions.results``). A part of the figures of the report, never added to them."""
    results = attributions.results(period, graph=graph)

    def rows(lines):
        return [{"name": r.name, "items": r.items, "agencies": r.agencies, "values": list(r.values)} for r in lines]

    return {
        "metrics": [{"channel": m.channel, "name": m.name, "unit": m.unit} for m in results.metrics],
        "movements": rows(results.movements),
        "occasions": rows(results.occasions),
    }


def _order_part(order):
    """An order of ``duties_selectors.orders_in_period`` as the snapshot keeps it."""
    return {
        "number": order.number,
        "press_agency": order.press_agency,
        "ordered_on": order.ordered_on.isoformat(),
        "start": order.period_start.isoformat(),
        "end": order.period_end.isoformat(),
        "budget": order.budget,
        "met": order.delivery["met"],
        "cells": [
            {key: row[key] for key in ("channel", "metric", "unit", "theme", "ordered", "delivered")}
            for row in order.delivery["rows"]
        ],
    }


def document_summary(period, label):
    """The summary line under "BÁO CÁO" (vietnamese-review B1 #14): a phase is "Tổng kết 05 năm thực hiện Kế
    hoạch …", any other period "Kết quả công tác tuyên truyền … quý II năm 2025"."""
    with translation.override(DOCUMENT_LANGUAGE):
        if period.kind == "phase":
            plan = period.plan
            return _("Summary of %(years)s years of carrying out %(plan)s") % {
                "years": f"{plan.end_year - plan.start_year + 1:02d}",
                "plan": plan.title,
            }
        return _("Results of propagating the patriotic emulation movement in %(period)s") % {"period": label}


def _next_label(period):
    """The period after ``period`` as the document names it ("quý III năm 2025"); "" for a phase."""
    last = {"month": 12, "quarter": 4, "half": 2}
    kind, year, number = period.kind, period.year, period.number
    if kind in last:
        year, number = (year + 1, 1) if number == last[kind] else (year, number + 1)
        return vietnamese_label(kind, year, number)
    return vietnamese_label(kind, year + 1, 0) if kind == "year" else ""


def phase_years(period, *, include_unaccepted, figures, graph=None, kept=None):
    """The year periods of a phase, each aggregated (``year_parts``); None for any other period.

    Each year's agencies are put on their line at the phase's end, as the phase's ``figures`` are (a
    department merged in 2025 counts on its successor's line in 2021 too): one query for the successions
    (none with ``graph``), which each year's aggregation reads too.
    """
    if period.kind != "phase":
        return None
    years = ReportingPeriod.objects.filter(
        plan_id=period.plan_id, kind="year", start__gte=period.start, end__lte=period.end
    ).order_by("start")
    graph = graph or successions.load_graph()
    code_of = {a["id"]: a["code"] for a in figures["agencies"] if "id" in a}
    parts = []
    for year in years:
        # Without the narratives and the trend (the year's table shows neither), with the honourees.
        year_figures = aggregation.aggregate(
            year, include_unaccepted=include_unaccepted, graph=graph, texts=False, with_honourees=True, kept=kept
        )
        lines = successions.current_of([a["id"] for a in year_figures["agencies"]], on=period.end, graph=graph)
        parts.append(
            year_part(year, year_figures, {pk: code_of[line] for pk, line in lines.items() if line in code_of})
        )
    return parts


def year_part(year, figures, line_code=None):
    """What the phase summary shows of one of its years: how its agencies reported (each agency's state,
    ``synthesis.agency_state``, or None when it owed nothing, and its products and activities), the reports
    owed and sent, and the exemplary people and models introduced by category.

    ``line_code``: agency id -> the code of its line at the phase's end; agencies on one line are added up
    (every report sent of those owed: all; none: none; else some), and the year's counts of agencies are
    counted over those lines, so the year's table and the annex's rows name the same agencies.
    """
    lines = _lines_of_year(figures["agencies"], line_code or {})
    return {
        "code": year.code,
        "label": aggregation.period_label(year),
        "completeness": figures["completeness"],
        "reporting": synthesis.reporting({"agencies": list(lines.values())}),
        "agencies": {
            code: [synthesis.agency_state(line) if line["expected"] else None, line["items"]]
            for code, line in lines.items()
        },
        "honourees": [list(pair) for pair in synthesis.honouree_counts(figures["honourees"])],
    }


def _lines_of_year(agencies, line_code):
    """The year's agencies added up on their lines: reports owed and sent, products, and the status: every
    report owed sent (late when one was), else missing."""
    lines = {}
    for agency in agencies:
        code = line_code.get(agency.get("id"), agency["code"])
        line = lines.setdefault(code, {"expected": 0, "submitted": 0, "items": 0, "status": None})
        line["items"] += agency["items"]
        if not agency["expected"]:
            continue
        line["expected"] += agency["expected"]
        line["submitted"] += agency.get("submitted", 0)
        line["status"] = _worse_status(line["status"], agency["status"])
    return lines


_STATUS_ORDER = {None: 0, "on_time": 1, "late": 2, "missing": 3}


def _worse_status(a, b):
    return a if _STATUS_ORDER[a] >= _STATUS_ORDER[b] else b


def draft_blank_texts(compiled, snapshot):
    """Fill the reviewer's blank texts with drafts from the figures (``synthesis.drafts``), on the version and
    in its snapshot, so no section goes out empty and the next compile form starts from them. Returns the
    fields filled."""
    with translation.override(DOCUMENT_LANGUAGE):
        drafted = synthesis.drafts(snapshot)
    filled = {key: drafted[key] for key in TEXT_FIELDS if not getattr(compiled, key).strip() and drafted.get(key)}
    snapshot["texts"].update(filled)
    return filled


# -- files -------------------------------------------------------------------------


def version_dir(compiled):
    return f"compiled/{compiled.period.code}/v{compiled.version}"


class _Progress:
    """Tells the compile page how far a run has got (``progress``, a percentage), at most every
    ``PROGRESS_INTERVAL`` seconds: a quarter compiles in a fraction of a second, and each write is a commit the
    compile waits for; a phase summary's run still shows its steps."""

    def __init__(self, pk, token, *, since, clock=time.monotonic):
        self.pk, self.token, self.last, self.clock = pk, token, since, clock

    def __call__(self, value):
        now = self.clock()
        if now - self.last < PROGRESS_INTERVAL:
            return
        CompiledReport.objects.filter(pk=self.pk, run_token=self.token).update(progress=value)
        self.last = now


def _write_documents(compiled, token, snapshot, written, *, progress=None):
    """Build the DOCX, the XLSX and (when it can) the PDF of ``snapshot``, each saved whole under this run's name.

    Each saved name is appended to ``written`` as soon as it exists, so the caller removes them on a failure.
    Returns the report's fields to publish: ``docx``, ``xlsx``, ``pdf`` (blank without one) and ``pdf_skipped``.
    ``progress`` (a percentage) is told as the work goes.
    """
    progress = progress or (lambda value: None)
    docx_bytes = build_docx(snapshot)
    progress(70)
    xlsx_bytes = build_xlsx(snapshot)
    progress(80)
    pdf_bytes, pdf_skipped = render_pdf(docx_bytes)
    if pdf_bytes is not None:
        progress(95)
    files = {"pdf": "", "pdf_skipped": pdf_skipped}
    for field, extension, content in (
        ("docx", "docx", docx_bytes),
        ("xlsx", "xlsx", xlsx_bytes),
        ("pdf", "pdf", pdf_bytes),
    ):
        if content is not None:
            files[field] = _write(compiled, token, extension, content)
            written.append(files[field])
    return files


def render_pdf(docx_bytes):
    """``(pdf bytes, "")`` rendered by LibreOffice, or ``(None, reason)`` (a ``CompiledReport.PdfSkipped``).

    ``(None, "")`` when the settings turn PDFs off (``REPORTS_COMPILE_PDF``). A conversion that fails or takes
    longer than ``REPORTS_COMPILE_PDF_TIMEOUT`` seconds is logged, and the version goes without PDF.
    """
    if not getattr(settings, "REPORTS_COMPILE_PDF", True):
        return None, ""
    if not office.available():
        return None, CompiledReport.PdfSkipped.NO_OFFICE
    timeout = getattr(settings, "REPORTS_COMPILE_PDF_TIMEOUT", PDF_TIMEOUT_SECONDS)
    try:
        return office.convert(docx_bytes, suffix="docx", to="pdf", timeout=timeout), ""
    except office.ConversionError:
        logger.exception("The compiled report's PDF could not be made")
        return None, CompiledReport.PdfSkipped.FAILED


def _write(compiled, token, extension, content: bytes) -> str:
    """Save ``content`` whole under a name of this run (not yet published); returns the storage name."""
    name = f"{version_dir(compiled)}/bao-cao-{compiled.period.code}-v{compiled.version}-{token.hex[:12]}.{extension}"
    return default_storage.save(name, ContentFile(content))


def _delete(names):
    # Deleting a name that is already gone is no error, on disk or in an object store.
    for name in names:
        if name:
            default_storage.delete(name)


def _sweep(compiled, *, keep):
    """Remove every file of the version's directory but ``keep`` (leftovers of dead or superseded runs)."""
    directory = version_dir(compiled)
    _delete(f"{directory}/{name}" for name in compiled_files(compiled) if f"{directory}/{name}" not in keep)


def compiled_files(compiled):
    """The names of the files in the version's directory (for the sweep and the tests)."""
    # An object store has no directories: listing an absent one gives nothing, a folder raises.
    try:
        _dirs, files = default_storage.listdir(version_dir(compiled))
    except FileNotFoundError:
        return []
    return sorted(files)


# -- the schedule ------------------------------------------------------------------

AUTO_COMPILE_KINDS = ("quarter", "half", "year", "phase")
# Periods whose deadline passed longer ago than this are history: not compiled by the schedule.
AUTO_COMPILE_LOOKBACK_DAYS = 45


def compile_due_reports(*, today=None):
    """Request a draft compile for each period whose deadline has just passed and that has none; tell the reviewers.

    Side effects: one queued ``CompiledReport`` per such period (and its task);
    one e-mail to the reviewers listing them. Running it again the same day
    finds nothing new. Returns the compiled reports requested.
    """
    from datetime import timedelta

    from django.core.mail import send_mail

    from agencies import roles as r
    from agencies.models import User

    today = today or timezone.localdate()
    kinds = getattr(settings, "REPORTS_AUTO_COMPILE_KINDS", AUTO_COMPILE_KINDS)
    due = ReportingPeriod.objects.filter(
        kind__in=kinds,
        deadline__lt=today,
        deadline__gte=today - timedelta(days=AUTO_COMPILE_LOOKBACK_DAYS),
        compiled_reports__isnull=True,
    ).select_related("plan")
    requested = []
    for period in due:
        try:
            requested.append(compiled_report_request(period=period))
        except CompileError:
            continue
    if requested:
        emails = list(
            User.objects.filter(groups__name=r.REVIEWER, is_active=True)
            .exclude(email="")
            .values_list("email", flat=True)
            .distinct()
        )
        if emails:
            lines = "\n".join(f"- {aggregation.period_label(c.period)} ({c.period.code})" for c in requested)
            send_mail(
                subject="[Thi đua] Đã tổng hợp dự thảo báo cáo kết quả tuyên truyền",
                message=(
                    "Hệ thống đã tự động tổng hợp dự thảo báo cáo của tỉnh cho các kỳ đã hết hạn báo cáo:\n"
                    f"{lines}\n\nĐề nghị đồng chí kiểm tra, hoàn thiện và ban hành."
                ),
                from_email=None,
                recipient_list=emails,
            )
    return requested


def install_schedule(*, stdout=None):
    """PLAN_LOADERS step: the daily beat entry of ``compile_due_reports``, editable in the admin.

    At the reminders' time (``reports.reminders.SCHEDULE_TIME``); an existing entry is left as the admin set it.
    The task keeps its name of before the province app (``province.tasks``).
    """
    name = "Tổng hợp dự thảo báo cáo của tỉnh khi hết hạn"
    reminders.install_beat_entries([(name, "reports.compile_due_reports", {})])
    if stdout is not None:
        stdout.write(f"Province report schedule: {name}")
