"""Reads behind the province dashboards: the period picker and one period's figures, in fixed queries.

``dashboard(period)`` is ``aggregation.aggregate`` plus the trend over the periods of the same kind up to
this one (``sql.TREND_QUERY_COUNT`` queries) and the results per movement and occasion, shaped for the
template and the chart data island: ``QUERY_COUNT`` queries in a process that has not kept the reference
data (``province.reference``), ``KEPT_QUERY_COUNT`` once it has. ``cached_dashboard`` keeps it per data stamp
(``data_stamp``, one query).
"""

import functools
import io
import itertools
from typing import NamedTuple

from django.core.cache import cache
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from openpyxl import Workbook

from agencies.models import Agency
from core.db import consistent_read
from core.memory import collector_paused
from core.spreadsheet import neutralise
from core.text import fold
from reports import attributions, calendar

from . import aggregation, reference, sql

TREND_LENGTH = 8
PICKER_KINDS = ("phase", "year", "half", "quarter", "month")  # in the picker's order within a year
PICKER_RECENT_YEARS = 2  # the years whose halves, quarters and months the picker lists (``picker_periods``)
# The reference data's token, read before and after by the page for everything it reads (``province.reference``);
# the successions (once for the aggregation and the results per movement and occasion); the periods and the plans'
# metrics, then the trend's query; the aggregation without its honourees, its successions, its periods (read for
# the trend) and its own two reads of the token; the results without the successions.
QUERY_COUNT = 2 + 1 + 2 + sql.TREND_QUERY_COUNT + aggregation.QUERY_COUNT - 5 + attributions.QUERY_COUNT - 1
# In a process that kept the reference data: the token read once, the trend's query, the aggregation's reports and
# cells, the results.
KEPT_QUERY_COUNT = 1 + sql.TREND_QUERY_COUNT + aggregation.KEPT_QUERY_COUNT - 2 + attributions.QUERY_COUNT - 1
# A warm view of the cached dashboard reads only the data stamp; a cold one the stamp and then QUERY_COUNT.
STAMP_QUERY_COUNT = 1
CACHE_VERSION = 3  # 2: the heat map's rows carry their local unit ("place"); 3: agency codes quoted in links
# The movements and occasions carry no change stamp (``data_stamp``): an edit of their names shows
# within this time.
CACHE_SECONDS = 15 * 60
# Parts of the aggregation that the dashboard page does not show (the compiled document does).
DOCUMENT_ONLY = ("narratives", "agencies", "honourees")


def _picker_rank(p):
    """The phases apart and first, then the years newest first; in a year the year, halves, quarters, months."""
    return (p.kind != "phase", -p.year, PICKER_KINDS.index(p.kind), -p.number)


def picker_periods(*, today=None, chosen=None, every=False, kept=None):
    """Periods that have started, for the picker, as ``selectors.PeriodOption``, in ``picker_groups``' order: the
    phases, then each year newest first (its year, halves, quarters and months, newest first).

    Unless ``every``: the phases and the years, but the halves, quarters and months of the last
    ``PICKER_RECENT_YEARS`` years that have begun only, and the period whose code is ``chosen`` (the one shown).
    Ten phases of data are a thousand periods: every one of them on every page cost more than the page; the
    rest stay reachable (``?periods=all``). The periods are reference data (``province.reference``): one query
    for the token in a process that keeps them (``kept``: the caller's ``Reference``, no query), where a query
    for the picker's periods cost a twentieth of a warm page at ten phases of data.
    """
    today = today or timezone.localdate()
    with reference.opened(kept) as kept:
        periods = kept.periods()
    started = [p for p in periods if p.kind in PICKER_KINDS and p.start <= today]
    if not every and started:
        latest = max(p.year for p in started)
        started = [
            p
            for p in started
            if p.year > latest - PICKER_RECENT_YEARS or p.kind in ("phase", "year") or p.code == chosen
        ]
    return sorted(started, key=_picker_rank)


class PickerGroup(NamedTuple):
    label: str
    periods: tuple  # ``PeriodOption``: a tuple, so ``{% period_options %}`` keeps its options


def picker_groups(periods):
    """``picker_periods`` as the picker's ``<optgroup>``s: "Plan phases", then one per year, in their order."""
    groups = []
    for key, members in itertools.groupby(periods, key=lambda p: None if p.kind == "phase" else p.year):
        label = _("Plan phases") if key is None else str(key)
        groups.append(PickerGroup(label, tuple(members)))
    return groups


def default_period(periods, *, today=None):
    """The latest quarter whose cut-off has passed, else the latest period that is not a phase."""
    today = today or timezone.localdate()
    ended = [p for p in periods if p.kind == "quarter" and p.end < today]
    if ended:
        return max(ended, key=lambda p: p.end)
    return next((p for p in periods if p.kind != "phase"), periods[0] if periods else None)


def _trend(period, kept=None):
    """The products and activities of the last ``TREND_LENGTH`` periods of ``period``'s kind, oldest first:
    ``sql.TREND_QUERY_COUNT`` query over the stored rollup of accepted figures per metric
    (``AcceptedMetricTotal``, kept with the ``AcceptedTotal`` the compile reads), never the figure rows. The
    windows and the channels' primary metrics of whichever plan are reference data (``kept``, a
    ``reference.Reference``; read first without one): the trend of a new phase's first quarters goes back into
    the previous phase."""
    with reference.opened(kept) as kept:
        periods = kept.periods()
        rows = sql.trend(trend_windows(periods, period, TREND_LENGTH), metrics_of=kept.plan_metrics)
    return [
        {"code": w.code, "label": calendar.label_for(w.kind, w.year, w.number, w.code), "items": w.items or 0}
        for w in reversed(rows)
    ]


def trend_windows(periods, period, length):
    """``[(window, its months and quarters)]``: the windows of ``trend_ends`` with their months and quarters."""
    return [(w, aggregation.periods_within(periods, w.start, w.end)) for w in trend_ends(periods, period, length)]


def trend_ends(periods, period, length):
    """The last ``length`` of ``periods`` (rows by start, as ``reference.Reference.periods()`` keeps them) of
    ``period``'s kind ending by its end, newest first: the trend's windows."""
    ends = [p for p in periods if p.kind == period.kind and p.end <= period.end]
    ends.sort(key=lambda p: (-p.end.toordinal(), p.pk))
    return ends[:length]


def _rate(part, whole):
    return round(part * 100 / whole, 1) if whole else None


def dashboard(period, *, include_unaccepted=False, today=None):
    # No narratives and no honourees: the page shows neither (``DOCUMENT_ONLY``). The successions, for the
    # aggregation and the results per movement and occasion, and the trend's plans' metrics: reference data,
    # kept per process while its token holds (``province.reference``).
    with reference.Reference() as kept:
        graph = kept.graph()
        trend = _trend(period, kept)
        data = aggregation.aggregate(
            period, include_unaccepted=include_unaccepted, today=today, texts=False, graph=graph, kept=kept
        )
    completeness = data["completeness"]
    reported = completeness["on_time"] + completeness["late"]
    theme_codes = [t["code"] for t in data["themes"]]
    # Each agency's local unit of the period (``aggregation._local_unit``): the heat map's unit filter.
    places = {unit["code"]: unit["name"] for unit in data["units"]}
    heat = [_heat_row(a, theme_codes, places) for a in data["agencies"]]
    primaries = [m for c in data["channels"] for m in c["metrics"] if m["primary"]]
    chart_data = {
        "channels": {
            "labels": [c["name"] for c in data["channels"]],
            "values": [m["total"] for m in primaries],
            "units": [m["unit"] for m in primaries],
        },
        "themes": {"labels": theme_codes, "values": [t["items"] for t in data["themes"]]},
        "units": {"labels": [u["name"] for u in data["units"]], "values": [u["items"] for u in data["units"]]},
        "trend": {"labels": [p["label"] for p in trend], "values": [p["items"] for p in trend]},
    }
    return {
        **data,
        "period": period,
        # The page's labels follow the interface language ("Quý II/2024", "Quarter II/2024"); the document's
        # own Vietnamese wording ("quý II năm 2024") stays in the compiled report.
        "label": period.label,
        "reported": reported,
        "reporting_rate": _rate(reported, completeness["expected"]),
        "on_time_rate": _rate(completeness["on_time"], completeness["expected"]),
        "primaries": primaries,
        "theme_codes": theme_codes,
        "heat": heat,
        "heat_peak": max((v for row in heat for v in row["cells"]), default=0),
        "trend": trend,
        "chart_data": chart_data,
        # What the accepted reports attributed to each emulation movement and occasion (``reports.attributions``).
        "movements": attributions.results(period, graph=graph),
    }


def data_stamp(period, *, today=None, kept=None):
    """What the dashboard of ``period`` depends on that may change, in one query of plain SQL
    (``sql.reports_stamp``):

    1. The number of the reports of ``period``'s months and quarters, and the
       latest ``updated_at`` of the reports of every month and quarter from
       the start of the earliest window the dashboard reads (comparison,
       trend) to the end of ``period``: every save, submission, approval,
       accept, return or reopen writes ``updated_at`` (``services._write``),
       and the earlier windows are read only through the rollups that
       accepting and reopening keep (``AcceptedTotal``,
       ``AcceptedMetricTotal``). A report is never deleted; one inserted with
       an old ``updated_at`` (a bulk load) into the window changes the count.
    2. The reference data's token (``province.reference``): the database's
       triggers renew it on any write to the agencies, their units, the
       successions, the plans' channels, metrics and themes, and the
       reporting periods, however it was written: a new, renamed, moved or
       ceased agency changes it, and so does an edit of the plan. (It
       replaced a digest of the agencies with their units, 250 rows digested
       on every view.)

    3. The latest row of ``AcceptedMetricTotal``: a rebuild of the rollups
       (after a bulk load) writes them anew.

    Today's date is part of it too (a report not yet in turns from "not due"
    to "missing" when the deadline passes). The periods are the reference data's (``kept``: the caller's
    ``reference.Reference``; else one of its own, the token's query more).
    """
    today = today or timezone.localdate()
    with reference.opened(kept) as kept:
        periods = kept.periods()
    # The earliest window read: the trend's first (as ``_trend`` finds them) or a comparison window.
    windows = (calendar.previous_window(period), calendar.year_before_window(period))
    earliest = min(
        period.start,
        *(w.start for w in trend_ends(periods, period, TREND_LENGTH)),
        *(w.start for w in windows if w is not None),
    )
    counted = [p.pk for p in aggregation.periods_within(periods, period.start, period.end)]
    probed = [p.pk for p in aggregation.periods_within(periods, earliest, period.end)]
    count, updated, token, rollup = sql.reports_stamp(counted, probed)
    updated = updated.timestamp() if updated else 0
    return f"{today.isoformat()}:{count}:{updated:.6f}:{token or ''}:{rollup or 0}"


def cache_key(period, *, today=None, kept=None):
    """The cache key of the dashboard of ``period``: the period, the interface language and ``data_stamp``."""
    stamp = data_stamp(period, today=today, kept=kept)
    return f"reports:dashboard:v{CACHE_VERSION}:{period.pk}:{translation.get_language()}:{stamp}"


def cached_dashboard(period, *, key=None, today=None, kept=None):
    """``dashboard(period)`` kept in Django's cache under ``cache_key``.

    A warm call costs the stamp's ``STAMP_QUERY_COUNT`` queries with ``kept`` (the
    caller's ``reference.Reference``; one more without), none when the caller
    passes ``key``; a cold one the stamp and ``QUERY_COUNT``. Side effect:
    stores the computed data in the cache (locmem, or Redis with REDIS_URL) for
    ``CACHE_SECONDS``.
    """
    key = key or cache_key(period, today=today, kept=kept)
    data = cache.get(key)
    if data is None:
        # Totals and breakdowns from one view of the data; the cyclic collector paused, as for a compile (a
        # year's page makes a row per report and agency, without cycles: 14.5 -> 13.9 ms at ×10, A/B).
        with consistent_read(), collector_paused():
            data = dashboard(period, today=today)
        # What only the compiled document shows is not kept (the narratives alone are half the size); the
        # period is the caller's, never a stale copy from the cache.
        data = {key: value for key, value in data.items() if key not in DOCUMENT_ONLY}
        data["period"] = None
        cache.set(key, data, CACHE_SECONDS)
    return {**data, "period": period}


def heat_level(value, peak):
    """0 for an empty cell, else 1–5 by share of the largest cell (the heat map's shade)."""
    if not value or not peak:
        return 0
    return min(5, 1 + int(4 * value / peak))


# -- the agency × theme heat map ------------------------------------------------------------

HEAT_SORTS = ("total", "name")  # and each theme's code: its column, largest first
HEAT_TOPS = (10, 20, 50)
PARTIAL = "partial"


# Agency names change rarely: folded once per name and process (250 names folded cost a tenth of a cold page).
_folded = functools.lru_cache(maxsize=4096)(fold)


def _heat_status(agency):
    """The agency's line in the window: "partial" when it sent some of the reports it owed but not all."""
    if agency["status"] == "missing" and agency["submitted"]:
        return PARTIAL
    return agency["status"]


def _heat_row(agency, theme_codes, places):
    """``places``: local unit code -> name, of the period's local level (the aggregation's ``units``)."""
    cells = [agency["themes"].get(code, 0) for code in theme_codes]
    return {
        "id": agency["id"],
        "code": agency["code"],
        "name": agency["name"],
        "folded": _folded(agency["name"]),
        "kind": agency["kind"],
        "unit": agency["unit"],
        # Where the unit filter finds it: its local unit of the period (a district up to 30/06/2025, a
        # commune-level unit after), else its own unit (the province's departments).
        "place": places.get(agency["district_code"]) or agency["unit"],
        "status": _heat_status(agency),
        "sent": agency["submitted"],
        "owed": agency["expected"],
        "cells": cells,
        "total": sum(cells),
    }


class HeatQuery(NamedTuple):
    """What the reader asked of the heat map: sort, filters, how many rows (the page's GET parameters)."""

    sort: str = "total"
    kind: str = ""
    unit: str = ""
    q: str = ""
    top: int = 0

    @classmethod
    def of(cls, params):
        """From GET parameters, leniently: anything unknown is the default (the form says what was kept)."""
        raw = {name: str(params.get(name, "")).strip()[:100] for name in cls._fields}
        top = int(raw["top"]) if raw["top"].isdigit() and int(raw["top"]) in HEAT_TOPS else 0
        return cls(raw["sort"] or "total", raw["kind"], raw["unit"], raw["q"], top)

    def as_params(self):
        """The non-default parts as ``[(name, value)]``, for the sort links and the export's address."""
        default = HeatQuery()
        return [
            (name, value) for name, value in zip(self._fields, self, strict=True) if value != getattr(default, name)
        ]


def _heat_sort_key(sort, theme_codes):
    if sort == "name":
        return lambda row: (row["folded"], row["id"])
    column = theme_codes.index(sort) if sort in theme_codes else None
    if column is None:  # "total", and an unknown column
        return lambda row: (-row["total"], row["folded"], row["id"])
    return lambda row: (-row["cells"][column], row["folded"], row["id"])


def heat_view(data, query):
    """The heat map's rows as ``query`` asks: filtered by kind, local unit of the period and name (without
    diacritics), sorted, cut to the top N; with the totals per theme and in all of the rows shown. No query:
    ``data`` is the dashboard's.
    """
    theme_codes = data["theme_codes"]
    words = fold(query.q).split()
    rows = data["heat"]
    if query.kind or query.unit or words:  # else every row (the page as first shown)
        rows = [
            row
            for row in rows
            if (not query.kind or row["kind"] == query.kind)
            and (not query.unit or row["place"] == query.unit)
            and all(word in row["folded"] for word in words)
        ]
    else:
        rows = list(rows)
    sort = query.sort if query.sort in (*HEAT_SORTS, *theme_codes) else "total"
    rows.sort(key=_heat_sort_key(sort, theme_codes))
    matched = len(rows)
    if query.top:
        rows = rows[: query.top]
    totals = [sum(column) for column in zip(*(row["cells"] for row in rows), strict=True)] or [0] * len(theme_codes)
    return {
        "rows": rows,
        "sort": sort,
        "matched": matched,
        "count": len(data["heat"]),
        "totals": totals,
        "total": sum(totals),
        "kinds": sorted({row["kind"] for row in data["heat"]}),
        # The units of the period: the local units its agencies belong to (``_heat_row``'s "place").
        "units": sorted({row["place"] for row in data["heat"] if row["place"]}, key=_folded),
    }


def heat_workbook(period, data, view):
    """The heat map as shown (``heat_view``) as an XLSX: one row per agency, a total row; every text neutralised
    against formula injection (``core.spreadsheet``). Returns the file's bytes."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=period.code[:31])
    codes, kinds = data["theme_codes"], dict(Agency.Kind.choices)
    statuses = {
        "on_time": _("on time"),
        "late": _("late"),
        PARTIAL: _("partial"),
        "missing": _("not reported"),
    }
    sheet.append([neutralise(_("Agency × theme coverage") + " — " + str(period.label))])
    sheet.append([_("%(shown)s of %(total)s agencies shown") % {"shown": len(view["rows"]), "total": view["count"]}])
    unit = pgettext("administrative unit", "Unit")
    headings = (_("Agency"), _("Kind of agency"), unit, _("Status"), _("Reports sent"), _("Reports due"))
    sheet.append([*headings, *codes, _("Total")])
    for row in view["rows"]:
        texts = (row["name"], str(kinds.get(row["kind"], row["kind"])), row["unit"], str(statuses[row["status"]]))
        sheet.append([*map(neutralise, texts), row["sent"], row["owed"], *row["cells"], row["total"]])
    sheet.append([_("Total"), "", "", "", "", "", *view["totals"], view["total"]])
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()
