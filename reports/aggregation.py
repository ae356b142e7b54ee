"""The province aggregation: every figure of a compiled report and of the dashboards, in a fixed number of queries.

``aggregate(period, include_unaccepted=False)`` returns the figure part of the
snapshot (schema in ``reports.documents``). The database does the sums. The
window's figure rows are read once, for the breakdowns by agency: on
PostgreSQL one ``GROUP BY GROUPING SETS`` returns the sums per agency × metric
and agency × theme; elsewhere (SQLite) one ``GROUP BY agency, metric, theme``
returns at most agencies × metrics × themes rows, added up into the same two
in Python (``window_sums``). Agency kinds and district-level units are added
up from the per-agency sums — never from raw figure rows, never one query per
breakdown. The sums per metric and per metric × theme of the period itself,
of the period before, of the same period a year before and of the trend come from
``AcceptedTotal``, the rollup of accepted figures per period, metric and theme
that accepting and reopening a report keep exact: a few hundred rows per
period instead of three windows of figure rows (``window_cells``). Counting
reports not yet accepted reads those cells from the figure rows instead.

Queries, whatever the number of agencies and reports (``QUERY_COUNT``):
 1. the reporting periods inside the windows (current, comparison, trend);
 2. the plan's channels with their metrics (one LEFT JOIN), 3. its themes;
 4. the reports inside the window (status, submission time, narratives);
 5. the window's figures summed per agency × metric and agency × theme:
    GROUPING SETS on PostgreSQL, one plain GROUP BY elsewhere;
 6. the cells (period × metric × theme) of the current, comparison and trend
    windows: ``AcceptedTotal``, or the grouped figure rows with the reports not
    yet accepted — named by channel, metric and theme codes, so a window of the
    previous phase (a copy of the plan, with ids of its own) is compared too;
 7. the agencies with their units (those expected to report, or with a
    report in the window, are kept);
 8. the honourees the counted reports introduced (read through the reverse
    relation ``honouree_coverages``, so reports never imports honourees).

A half-year, year or phase report sums the monthly and quarterly reports whose
periods fall inside its window (the windows of Decree 09 nest).
"""

import datetime
from collections import defaultdict
from dataclasses import dataclass, field

from django.apps import apps
from django.db import connection
from django.db.models import Sum
from django.utils import timezone

from agencies.models import AdministrativeUnit, Agency
from campaigns.models import Channel, Metric, Theme

from . import calendar
from .models import AcceptedTotal, ActivityReport, Figure, ReportingPeriod

QUERY_COUNT = 8
SUBMISSION_KINDS = ("month", "quarter")
ROMAN = {1: "I", 2: "II", 3: "III", 4: "IV"}

# How the document groups agencies ("nhóm cơ quan"), in this order.
KIND_LABELS = {
    Agency.Kind.IC_DEPARTMENT: "Sở Thông tin và Truyền thông",
    Agency.Kind.HOME_AFFAIRS: "Sở Nội vụ",
    Agency.Kind.DEPARTMENT: "Các sở, ban, ngành",
    Agency.Kind.UNION: "Các đoàn thể, tổ chức chính trị - xã hội",
    Agency.Kind.DISTRICT_COMMITTEE: "UBND các huyện, thị xã, thành phố",
    Agency.Kind.PRESS: "Các cơ quan báo chí",
    Agency.Kind.ENTERPRISE: "Các doanh nghiệp",
    Agency.Kind.SCHOOL: "Các trường",
    Agency.Kind.CENTRAL: "Các cơ quan Trung ương",
}


# The honouree categories as the document names them.
HONOUREE_CATEGORY_LABELS = {
    "advanced": "Điển hình tiên tiến",
    "good_deed": "Gương người tốt, việc tốt",
    "new_model": "Mô hình mới",
    "new_factor": "Nhân tố mới",
}


# -- periods and labels ------------------------------------------------------


def vietnamese_label(kind: str, year: int, number: int, code: str = "") -> str:
    """The period as the document names it: "quý II năm 2024", "6 tháng đầu năm 2024"."""
    if kind == "month":
        return f"tháng {number} năm {year}"
    if kind == "quarter":
        return f"quý {ROMAN.get(number, number)} năm {year}"
    if kind == "half":
        return f"6 tháng {'đầu' if number == 1 else 'cuối'} năm {year}"
    if kind == "year":
        return f"năm {year}"
    return f"giai đoạn {code}"


def capfirst(text: str) -> str:
    # str.capitalize() would lower-case the rest: "quý II" must not become "Quý ii".
    return text[:1].upper() + text[1:]


_capfirst = capfirst


def period_label(period) -> str:
    return vietnamese_label(period.kind, period.year, period.number, period.code)


def previous_window(period):
    """The window before ``period`` of the same kind, or None (a phase has none)."""
    kind, year, number = period.kind, period.year, period.number
    if kind == "month":
        return calendar.month_window(year - 1, 12) if number == 1 else calendar.month_window(year, number - 1)
    if kind == "quarter":
        return calendar.quarter_window(year - 1, 4) if number == 1 else calendar.quarter_window(year, number - 1)
    if kind == "half":
        return calendar.half_window(year - 1, 2) if number == 1 else calendar.half_window(year, 1)
    if kind == "year":
        return calendar.year_window(year - 1)
    return None


def year_before_window(period):
    """The same window a year before; None for a year (it is the previous one) and a phase."""
    kind, year, number = period.kind, period.year, period.number
    factories = {"month": calendar.month_window, "quarter": calendar.quarter_window, "half": calendar.half_window}
    return factories[kind](year - 1, number) if kind in factories else None


def trend_windows(period):
    """The sub-windows a year or phase report shows its trend over: quarters of a year, years of a phase."""
    if period.kind == "year":
        return [calendar.quarter_window(period.year, q) for q in range(1, 5)]
    if period.kind == "phase":
        first, last = period.start.year + 1, period.end.year  # the phase window starts on 15 Dec before its first year
        return [calendar.year_window(y) for y in range(first, last + 1)]
    return []


def _window_label(window):
    return vietnamese_label(window.kind, window.year, window.number, window.code)


def _inside(p, start, end):
    return p.kind in SUBMISSION_KINDS and p.start >= start and p.end <= end


def counted_figures(statuses):
    """The figures of reports in ``statuses``: accepted ones read ``Figure.accepted`` (no join), others join."""
    if tuple(statuses) == (ActivityReport.Status.ACCEPTED,):
        return Figure.objects.filter(accepted=True)
    return Figure.objects.filter(report__status__in=statuses)


def counted_statuses(include_unaccepted):
    if include_unaccepted:
        return (ActivityReport.Status.ACCEPTED, ActivityReport.Status.SUBMITTED, ActivityReport.Status.RESUBMITTED)
    return (ActivityReport.Status.ACCEPTED,)


# -- the aggregation -----------------------------------------------------------


def aggregate(period, *, include_unaccepted=False, today=None):
    """The figures of ``period`` for the snapshot; ``QUERY_COUNT`` queries."""
    today = today or timezone.localdate()
    statuses = counted_statuses(include_unaccepted)
    previous, year_before, trend = previous_window(period), year_before_window(period), trend_windows(period)
    windows = [w for w in (previous, year_before, *trend) if w is not None]
    lo = min([period.start, *(w.start for w in windows)])
    hi = max([period.end, *(w.end for w in windows)])

    # 1. Every submission period from the earliest window to the latest.
    periods = list(
        ReportingPeriod.objects.filter(kind__in=SUBMISSION_KINDS, start__gte=lo, end__lte=hi)
        .order_by("start")
        .values_list("pk", "kind", "start", "end", "deadline", named=True)
    )
    current_ids = [p.pk for p in periods if _inside(p, period.start, period.end)]
    window_ids = [p.pk for p in periods if any(_inside(p, w.start, w.end) for w in (period, *windows))]
    by_id = {p.pk: p for p in periods}

    # 2. The plan's channels with their metrics (one LEFT JOIN, in the plan's order), 3. its themes.
    channels = {}
    for channel_id, code, name, metric_id, metric_code, metric_name, unit in (
        Channel.objects.filter(plan_id=period.plan_id)
        .order_by("order", "metrics__order")
        .values_list("pk", "code", "short_name", "metrics__pk", "metrics__code", "metrics__name", "metrics__unit")
    ):
        channel = channels.setdefault(channel_id, {"code": code, "name": name, "metrics": []})
        if metric_id is not None:
            channel["metrics"].append(
                {"pk": metric_id, "key": f"{code}.{metric_code}", "name": metric_name, "unit": unit}
            )
    channels = list(channels.values())
    themes = list(
        Theme.objects.filter(plan_id=period.plan_id).order_by("order").values_list("pk", "code", "short_name")
    )
    # A channel's primary metric is its first: the document's "items" add those up.
    primary_ids = {c["metrics"][0]["pk"] for c in channels if c["metrics"]}
    key_of = {m["pk"]: m["key"] for c in channels for m in c["metrics"]}
    theme_code = {pk: code for pk, code, _name in themes}

    # 4. The window's reports: who submitted when, and what they wrote (ordered by agency name below).
    reports = list(
        ActivityReport.objects.filter(period_id__in=current_ids)
        .order_by()
        .values_list("agency_id", "period_id", "status", "submitted_at", "shortcomings", "next_tasks", "proposals")
    )

    # 5. The window's figures summed per agency × metric and agency × theme, in one pass.
    sums = window_sums(current_ids, statuses, primary_ids)

    # 6. The cells (period × metric × theme) of the window, the comparison windows and the trend, named by
    # codes and brought to this plan's metrics and themes (a window of the previous phase has its own ids).
    metric_of = {m["key"]: m["pk"] for c in channels for m in c["metrics"]}
    theme_of = {code: pk for pk, code, _name in themes}
    cells = [
        (period_id, metric_of[f"{channel_code}.{metric_code}"], theme_of[theme_code_], total)
        for period_id, channel_code, metric_code, theme_code_, total in window_cells(window_ids, statuses)
        if f"{channel_code}.{metric_code}" in metric_of and theme_code_ in theme_of
    ]

    # 7. The agencies, with their units: those expected to report in the window and any with figures or a
    # report are kept. A province has a few hundred; filtering them here costs less than the SQL for it.
    seen_ids = {agency_id for agency_id, _m in sums.agency_metric} | {row[0] for row in reports}
    agencies = [
        agency
        for agency in Agency.objects.order_by("name").values_list(*AGENCY_FIELDS, named=True)
        if (agency.must_report and _active(agency, period)) or agency.pk in seen_ids
    ]

    # 8. Honourees introduced by the counted reports: public fields only, never the private ones.
    honourees = _honourees(current_ids, statuses)

    return _assemble(
        honourees=honourees,
        period=period,
        today=today,
        include_unaccepted=include_unaccepted,
        statuses=statuses,
        periods=[by_id[pk] for pk in current_ids],
        channels=channels,
        themes=themes,
        primary_ids=primary_ids,
        key_of=key_of,
        theme_code=theme_code,
        reports=reports,
        sums=sums,
        cells=cells,
        current_ids=current_ids,
        by_id=by_id,
        windows={"previous": previous, "year_before": year_before, "trend": trend},
        agencies=agencies,
    )


# What the aggregation reads of each agency (query 7): plain tuples, not model instances.
AGENCY_FIELDS = (
    "pk",
    "code",
    "name",
    "kind",
    "must_report",
    "report_frequency",
    "active_from",
    "active_until",
    "unit__name",
    "unit__code",
    "unit__level",
    "unit__parent__code",
    "unit__parent__name",
    "unit__parent__level",
)


@dataclass
class Sums:
    """The window's figures summed per breakdown; every key is an id, every value a sum."""

    agency_metric: dict = field(default_factory=lambda: defaultdict(int))  # (agency, metric)
    agency_theme_items: dict = field(default_factory=lambda: defaultdict(int))  # (agency, theme), primary metrics
    theme_agencies: dict = field(default_factory=lambda: defaultdict(set))  # theme -> agencies with a figure

    @property
    def metric_totals(self):
        """The sums per metric: the agency × metric sums added up (every figure has an agency)."""
        totals = defaultdict(int)
        for (_agency_id, metric_id), total in self.agency_metric.items():
            totals[metric_id] += total
        return totals


def window_sums(period_ids, statuses, primary_ids, *, grouping_sets=None):
    """One query: GROUPING SETS on PostgreSQL, else one GROUP BY agency, metric, theme summed here.

    Both read the window's figure rows once. The plain GROUP BY returns up to
    agencies × metrics × themes rows; GROUPING SETS returns only the two
    breakdowns by agency, so PostgreSQL does the adding up.
    """
    if grouping_sets is None:
        grouping_sets = connection.vendor == "postgresql"
    if not period_ids:
        return Sums()
    if grouping_sets:
        return _sums_grouping_sets(period_ids, statuses, primary_ids)
    return _sums_from_grouped_rows(period_ids, statuses, primary_ids)


def _sums_from_grouped_rows(period_ids, statuses, primary_ids):
    sums = Sums()
    rows = (
        counted_figures(statuses)
        .filter(period_id__in=period_ids)
        .values_list("agency_id", "metric_id", "theme_id")
        .annotate(total=Sum("value"))
        .order_by()
    )
    for agency_id, metric_id, theme_id, total in rows:
        if not total:
            continue
        sums.agency_metric[agency_id, metric_id] += total
        sums.theme_agencies[theme_id].add(agency_id)
        if metric_id in primary_ids:
            sums.agency_theme_items[agency_id, theme_id] += total
    return sums


def _sums_grouping_sets(period_ids, statuses, primary_ids):
    figure, report = Figure._meta.db_table, ActivityReport._meta.db_table
    statuses = [str(s) for s in statuses]
    if statuses == [ActivityReport.Status.ACCEPTED]:
        # Accepted figures only: a range scan of the window's rows (Figure.accepted), no join.
        source, params = f"{figure} f WHERE f.accepted AND f.period_id = ANY(%s)", [list(period_ids)]
    else:
        source = f"{figure} f JOIN {report} r ON r.id = f.report_id WHERE f.period_id = ANY(%s) AND r.status = ANY(%s)"
        params = [list(period_ids), statuses]
    # One hash pass over the raw rows with the two keys (the sums per theme ×
    # metric come from AcceptedTotal, query 6): measured faster than grouping
    # per cell first and then rolling the cells up (whose outer SUM over bigint
    # is numeric arithmetic). Table names come from the models and every value
    # is a parameter. A NULL metric marks the agency × theme rows.
    sql = f"""
        SELECT f.agency_id, f.metric_id, f.theme_id,
               SUM(f.value) AS total,
               SUM(f.value) FILTER (WHERE f.metric_id = ANY(%s)) AS items
        FROM {source}
        GROUP BY GROUPING SETS ((f.agency_id, f.metric_id), (f.agency_id, f.theme_id))
    """  # noqa: S608
    with connection.cursor() as cursor:
        cursor.execute(sql, [list(primary_ids), *params])
        rows = cursor.fetchall()
    # A few thousand rows: split by comprehension, cheaper than one loop with a branch per row.
    sums = Sums(agency_metric={(a, m): total for a, m, _t, total, _i in rows if m is not None})
    theme_agencies = sums.theme_agencies
    for agency_id, _m, theme_id, total, items in [row for row in rows if row[1] is None]:
        if total:
            theme_agencies[theme_id].add(agency_id)
        if items:
            sums.agency_theme_items[agency_id, theme_id] = items
    return sums


def window_cells(period_ids, statuses):
    """``[(period, channel code, metric code, theme code, total)]`` of the counted figures of ``period_ids``.

    One query. Cells are named by codes, not ids: the windows a report compares
    itself with may belong to the previous phase, whose plan is a copy with
    metrics and themes of their own ids (2025 against 2026). Accepted figures
    only: read from ``AcceptedTotal`` (a few hundred rows per period, whatever
    the number of reports); with the reports not yet accepted, the figure rows
    grouped by period, metric and theme.
    """
    if not period_ids:
        return []
    if tuple(statuses) == (ActivityReport.Status.ACCEPTED,):
        # Plain SQL: the rows are read as they are, and the ORM's query building cost more than the read.
        q = connection.ops.quote_name
        total, metric, channel, theme = (m._meta.db_table for m in (AcceptedTotal, Metric, Channel, Theme))
        ids = ", ".join(["%s"] * len(period_ids))
        sql = (
            f"SELECT t.period_id, c.code, m.code, th.code, t.total FROM {q(total)} t "  # noqa: S608
            f"JOIN {q(metric)} m ON m.id = t.metric_id JOIN {q(channel)} c ON c.id = m.channel_id "
            f"JOIN {q(theme)} th ON th.id = t.theme_id "
            f"WHERE t.period_id IN ({ids}) AND t.total <> 0"
        )
        with connection.cursor() as cursor:
            cursor.execute(sql, list(period_ids))
            return cursor.fetchall()
    rows = (
        counted_figures(statuses)
        .filter(period_id__in=period_ids)
        .values_list("period_id", "metric__channel__code", "metric__code", "theme__code")
        .annotate(total=Sum("value"))
        .order_by()
    )
    return list(rows)


def _honourees(period_ids, statuses):
    if not apps.is_installed("honourees"):
        return []
    rows = (
        ActivityReport.objects.filter(period_id__in=period_ids, status__in=statuses)
        .filter(honouree_coverages__isnull=False)
        .values(
            "honouree_coverages__honouree_id",
            "honouree_coverages__honouree__status",
            "honouree_coverages__honouree__name",
            "honouree_coverages__honouree__category",
            "honouree_coverages__channel__short_name",
            "agency__name",
        )
        .order_by("honouree_coverages__honouree__name", "agency__name")
    )
    merged = {}
    for row in rows:
        if row["honouree_coverages__honouree__status"] == "rejected":
            continue
        entry = merged.setdefault(
            row["honouree_coverages__honouree_id"],
            {
                "name": row["honouree_coverages__honouree__name"],
                "category": HONOUREE_CATEGORY_LABELS.get(row["honouree_coverages__honouree__category"], ""),
                "agencies": [],
                "channels": [],
            },
        )
        for key, value in (
            ("agencies", row["agency__name"]),
            ("channels", row["honouree_coverages__channel__short_name"]),
        ):
            if value not in entry[key]:
                entry[key].append(value)
    return [
        {
            "name": e["name"],
            "category": e["category"],
            "agency": ", ".join(e["agencies"]),
            "channel": ", ".join(e["channels"]),
        }
        for e in merged.values()
    ]


def _kind_rank(kind, order):
    return order.index(kind) if kind in order else len(order)


def _active(agency, period):
    """Whether the agency (a row of ``AGENCY_FIELDS``) existed during some of ``period``."""
    return (agency.active_from is None or agency.active_from <= period.end) and (
        agency.active_until is None or agency.active_until >= period.start
    )


def _district_unit(agency):
    """``(code, name)`` of the district-level unit an agency (a row of ``AGENCY_FIELDS``) belongs to, or None."""
    if agency.unit__level == AdministrativeUnit.Level.DISTRICT:
        return agency.unit__code, agency.unit__name
    if agency.unit__level == AdministrativeUnit.Level.COMMUNE and agency.unit__parent__level == "district":
        return agency.unit__parent__code, agency.unit__parent__name
    return None


def _add(bucket, key, value, primary):
    bucket["values"][key] = bucket["values"].get(key, 0) + value
    if primary:
        bucket["items"] += value


def _assemble(**a):
    # One pass over the small grouped rows, kept together so the order of the sums is plain to see.
    period, key_of, primary_ids = a["period"], a["key_of"], a["primary_ids"]
    statuses = set(a["statuses"])

    # Completeness: how many submission periods each agency owes in the window.
    owed = defaultdict(int)
    for p in a["periods"]:
        owed[p.kind] += 1
    # Report rows: (agency, period, status, submitted_at, shortcomings, next_tasks, proposals).
    reports_by_agency = defaultdict(list)
    for row in a["reports"]:
        reports_by_agency[row[0]].append(row)
    # A report is late when sent on a local date after its period's deadline, i.e. at or after the local
    # midnight that ends the deadline (one comparison per report, no time zone conversion per report).
    tz = timezone.get_current_timezone()
    late_from = {
        p.pk: datetime.datetime.combine(p.deadline + datetime.timedelta(days=1), datetime.time(), tzinfo=tz)
        for p in a["periods"]
    }
    kind_of_period = {p.pk: p.kind for p in a["periods"]}

    agencies, agency_rows, kinds, units = [], {}, {}, {}
    for agency in a["agencies"]:
        rows = reports_by_agency.get(agency.pk, [])
        expected = owed[agency.report_frequency] if agency.must_report and _active(agency, period) else 0
        own = [r for r in rows if kind_of_period[r[1]] == agency.report_frequency] or rows
        submitted = [r for r in own if r[3] is not None]
        late = [r for r in submitted if r[3] >= late_from[r[1]]]
        if not expected and not submitted:
            continue
        if len(submitted) < expected:
            status = "missing"
        elif late:
            status = "late"
        else:
            status = "on_time"
        unit = _district_unit(agency)
        row = {
            "id": agency.pk,
            "code": agency.code,
            "name": agency.name,
            "kind": agency.kind,
            "unit": agency.unit__name or "",
            "district_code": unit[0] if unit else None,
            "status": status,
            "expected": expected,
            "submitted": len(submitted),
            "late": len(late),
            "items": 0,
            "values": {},
            "themes": {},
        }
        agencies.append(row)
        # The agency's kind and district-level unit, added up from the agencies' own sums below.
        kind = kinds.get(agency.kind)
        if kind is None:
            kind = kinds[agency.kind] = {
                "kind": agency.kind,
                "label": KIND_LABELS.get(agency.kind, agency.kind),
                "expected": 0,
                "reported": 0,
                "items": 0,
                "values": defaultdict(int),
            }
        kind["expected"] += 1 if expected else 0
        kind["reported"] += 1 if submitted else 0
        district = None
        if unit is not None:
            district = units.get(unit[0])
            if district is None:
                district = units[unit[0]] = {
                    "code": unit[0],
                    "name": unit[1],
                    "agencies": 0,
                    "reported": 0,
                    "items": 0,
                    "values": defaultdict(int),
                }
            district["agencies"] += 1
            district["reported"] += 1 if submitted else 0
        agency_rows[agency.pk] = (row, kind, district)

    # The window's sums per theme × metric, and per window and metric for the comparison and trend.
    current = set(a["current_ids"])
    theme_metric = defaultdict(int)
    period_metric = defaultdict(int)
    metric_totals = defaultdict(int)
    for period_id, metric_id, theme_id, total in a["cells"]:
        if period_id in current:
            theme_metric[theme_id, metric_id] += total
            metric_totals[metric_id] += total
        period_metric[period_id, metric_id] += total

    theme_rows = {
        pk: {"code": code, "name": name, "items": 0, "agencies": 0, "values": {}} for pk, code, name in a["themes"]
    }
    sums = a["sums"]
    # Metrics and themes of another plan never belong to this report.
    for (theme_id, metric_id), value in theme_metric.items():
        if metric_id in key_of and theme_id in theme_rows:
            _add(theme_rows[theme_id], key_of[metric_id], value, metric_id in primary_ids)
    for theme_id, ids in sums.theme_agencies.items():
        if theme_id in theme_rows:
            theme_rows[theme_id]["agencies"] = len(ids)
    # Each agency × metric sum goes to the agency, its kind and its district-level unit (the hot loop:
    # a few thousand sums, so the dictionaries are looked up once per agency, not once per sum).
    targets = {
        pk: (row["values"], kind["values"], district["values"] if district is not None else None)
        for pk, (row, kind, district) in agency_rows.items()
    }
    items = defaultdict(int)
    for (agency_id, metric_id), value in sums.agency_metric.items():
        try:
            values, kind_values, district_values = targets[agency_id]
            key = key_of[metric_id]
        except KeyError:  # an agency left out above, or a metric of another plan
            continue
        values[key] = value
        kind_values[key] += value
        if district_values is not None:
            district_values[key] += value
        if metric_id in primary_ids:
            items[agency_id] += value
    for agency_id, value in items.items():
        if agency_id in agency_rows:
            for bucket in agency_rows[agency_id]:
                if bucket is not None:
                    bucket["items"] += value
    for bucket in (*kinds.values(), *units.values()):
        bucket["values"] = dict(bucket["values"])
    theme_code = a["theme_code"]
    for (agency_id, theme_id), value in sums.agency_theme_items.items():
        if agency_id in agency_rows and theme_id in theme_rows and value:
            agency_rows[agency_id][0]["themes"][theme_code[theme_id]] = value

    # Comparison and trend: sums per window and metric.
    windows = a["windows"]

    def window_totals(window):
        if window is None:
            return None
        totals = defaultdict(int)
        for (period_id, metric_id), total in period_metric.items():
            if _inside(a["by_id"][period_id], window.start, window.end):
                totals[metric_id] += total
        return totals

    previous, year_before = window_totals(windows["previous"]), window_totals(windows["year_before"])
    channels = [
        {
            "code": c["code"],
            "name": c["name"],
            "metrics": [
                {
                    "key": m["key"],
                    "name": m["name"],
                    "unit": m["unit"],
                    "primary": m["pk"] in primary_ids,
                    "total": metric_totals.get(m["pk"], 0),
                    "previous": previous.get(m["pk"], 0) if previous is not None else None,
                    "year_before": year_before.get(m["pk"], 0) if year_before is not None else None,
                }
                for m in c["metrics"]
            ],
        }
        for c in a["channels"]
    ]
    trend = []
    for window in windows["trend"]:
        totals = window_totals(window)
        if window.start > period.end:
            continue
        trend.append(
            {
                "code": window.code,
                "label": _capfirst(_window_label(window)),
                "items": sum(v for k, v in totals.items() if k in primary_ids),
                "values": {key_of[k]: v for k, v in totals.items() if k in key_of},
            }
        )

    # The counted reports by agency name (the database's order of query 7: every report's agency is
    # among those agencies), then period.
    name_of = {agency.pk: agency.name for agency in a["agencies"]}
    rank = {agency.pk: index for index, agency in enumerate(a["agencies"])}
    start_of = {p.pk: p.start for p in a["periods"]}
    counted = sorted((r for r in a["reports"] if r[2] in statuses), key=lambda r: (rank[r[0]], start_of[r[1]]))
    narratives = {"shortcomings": [], "next_tasks": [], "proposals": []}
    shortcomings, next_tasks, proposals = narratives.values()
    for r in counted:
        agency = name_of[r[0]]
        if r[4].strip():
            shortcomings.append({"agency": agency, "text": r[4]})
        if r[5].strip():
            next_tasks.append({"agency": agency, "text": r[5]})
        if r[6].strip():
            proposals.append({"agency": agency, "text": r[6]})
    kind_order = list(KIND_LABELS)
    completeness = {
        "expected": sum(1 for r in agencies if r["expected"]),
        "on_time": sum(1 for r in agencies if r["expected"] and r["status"] == "on_time"),
        "late": sum(1 for r in agencies if r["expected"] and r["status"] == "late"),
        "missing": sum(1 for r in agencies if r["expected"] and r["status"] == "missing"),
    }
    return {
        "includes_unaccepted": a["include_unaccepted"],
        "report_count": len(counted),
        "comparison": {
            "previous": {"code": windows["previous"].code, "label": _window_label(windows["previous"])}
            if windows["previous"]
            else None,
            "year_before": {"code": windows["year_before"].code, "label": _window_label(windows["year_before"])}
            if windows["year_before"]
            else None,
        },
        "channels": channels,
        "themes": list(theme_rows.values()),
        "agency_kinds": sorted(
            kinds.values(), key=lambda k: kind_order.index(k["kind"]) if k["kind"] in kind_order else 99
        ),
        "units": sorted(units.values(), key=lambda u: u["code"]),
        "agencies": agencies,
        "completeness": completeness,
        "trend": trend,
        "honourees": a["honourees"],
        "narratives": narratives,
    }
