"""The province aggregation: every figure of a compiled report and of the dashboards, in a fixed number of queries.

``aggregate(period, include_unaccepted=False)`` returns the figure part of the
snapshot (schema in ``reports.documents``). The database does the sums, reading
the window's figure rows once: on PostgreSQL one ``GROUP BY GROUPING SETS``
returns the sums per metric, theme × metric, agency × metric and agency × theme;
elsewhere (SQLite) one ``GROUP BY agency, metric, theme`` returns at most
agencies × metrics × themes rows, added up into the same four in Python
(``window_sums``). Agency kinds and district-level units are added up from the
per-agency sums — never from raw figure rows, never one query per breakdown.
The previous period, the same period a year before and the trend come from a
second ``GROUP BY period, metric``.

Queries, whatever the number of agencies and reports (``QUERY_COUNT``):
 1. the reporting periods inside the windows (current, comparison, trend);
 2. the plan's channels, 3. their metrics, 4. the themes;
 5. the reports inside the window (status, submission time, narratives);
 6. the window's figures summed per metric, theme × metric, agency × metric and
    agency × theme: GROUPING SETS on PostgreSQL, one plain GROUP BY elsewhere;
 7. the grouped figures of the comparison and trend windows;
 8. the agencies expected to report or having reported, with their units;
 9. the honourees the counted reports introduced (read through the reverse
    relation ``honouree_coverages``, so reports never imports honourees).

A half-year, year or phase report sums the monthly and quarterly reports whose
periods fall inside its window (the windows of Decree 09 nest).
"""

from collections import defaultdict
from dataclasses import dataclass, field

from django.apps import apps
from django.db import connection
from django.db.models import Prefetch, Q, Sum
from django.utils import timezone

from agencies.models import AdministrativeUnit, Agency
from campaigns.models import Channel, Metric, Theme

from . import calendar
from .models import ActivityReport, Figure, ReportingPeriod

QUERY_COUNT = 9
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
        ReportingPeriod.objects.filter(kind__in=SUBMISSION_KINDS, start__gte=lo, end__lte=hi).order_by("start")
    )
    current_ids = [p.pk for p in periods if _inside(p, period.start, period.end)]
    by_id = {p.pk: p for p in periods}

    # 2-4. The plan's channels with their metrics, and its themes.
    channels = list(
        Channel.objects.filter(plan_id=period.plan_id).prefetch_related(
            Prefetch("metrics", queryset=Metric.objects.order_by("order"))
        )
    )
    themes = list(Theme.objects.filter(plan_id=period.plan_id))
    metrics = {m.pk: (c, m) for c in channels for m in c.metrics.all()}
    primary_ids = {c.metrics.all()[0].pk for c in channels if c.metrics.all()}
    key_of = {pk: f"{c.code}.{m.code}" for pk, (c, m) in metrics.items()}
    theme_code = {t.pk: t.code for t in themes}

    # 5. The window's reports: who submitted when, and what they wrote.
    reports = list(
        ActivityReport.objects.filter(period_id__in=current_ids)
        .order_by("agency__name", "period__start")
        .values(
            "agency_id",
            "agency__name",
            "period_id",
            "status",
            "submitted_at",
            "shortcomings",
            "next_tasks",
            "proposals",
        )
    )

    # 6. The window's figures, summed per breakdown in one pass.
    sums = window_sums(current_ids, statuses, primary_ids)

    # 7. Comparison and trend windows, grouped by period and metric.
    other_ids = [p.pk for p in periods if any(_inside(p, w.start, w.end) for w in windows)]
    other = (
        list(
            counted_figures(statuses)
            .filter(period_id__in=other_ids)
            .values("period_id", "metric_id")
            .annotate(total=Sum("value"))
            .order_by()
        )
        if other_ids
        else []
    )

    # 8. Agencies expected to report in the window, and any agency with figures or a report.
    seen_ids = {agency_id for agency_id, _m in sums.agency_metric} | {row["agency_id"] for row in reports}
    active = (Q(active_from__isnull=True) | Q(active_from__lte=period.end)) & (
        Q(active_until__isnull=True) | Q(active_until__gte=period.start)
    )
    agencies = list(
        Agency.objects.filter((Q(must_report=True) & active) | Q(pk__in=seen_ids))
        .select_related("unit", "unit__parent")
        .order_by("name")
    )

    # 9. Honourees introduced by the counted reports: public fields only, never the private ones.
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
        metrics=metrics,
        primary_ids=primary_ids,
        key_of=key_of,
        theme_code=theme_code,
        reports=reports,
        sums=sums,
        other=other,
        by_id=by_id,
        windows={"previous": previous, "year_before": year_before, "trend": trend},
        agencies=agencies,
    )


@dataclass
class Sums:
    """The window's figures summed per breakdown; every key is an id, every value a sum."""

    metric_totals: dict = field(default_factory=lambda: defaultdict(int))  # metric
    theme_metric: dict = field(default_factory=lambda: defaultdict(int))  # (theme, metric)
    agency_metric: dict = field(default_factory=lambda: defaultdict(int))  # (agency, metric)
    agency_theme_items: dict = field(default_factory=lambda: defaultdict(int))  # (agency, theme), primary metrics
    theme_agencies: dict = field(default_factory=lambda: defaultdict(set))  # theme -> agencies with a figure


def window_sums(period_ids, statuses, primary_ids, *, grouping_sets=None):
    """One query: GROUPING SETS on PostgreSQL, else one GROUP BY agency, metric, theme summed here.

    Both read the figure rows once. The plain GROUP BY returns up to agencies ×
    metrics × themes rows; GROUPING SETS returns only the four breakdowns
    (a few thousand rows for the whole province), so PostgreSQL does the adding up.
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
        sums.metric_totals[metric_id] += total
        sums.theme_metric[theme_id, metric_id] += total
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
    # One hash pass over the raw rows with the four keys: measured faster than
    # grouping per cell first and then rolling the cells up (whose outer SUM
    # over bigint is numeric arithmetic). Table names come from the models and
    # every value is a parameter.
    sql = f"""
        SELECT f.agency_id, f.metric_id, f.theme_id,
               SUM(f.value) AS total,
               SUM(f.value) FILTER (WHERE f.metric_id = ANY(%s)) AS items,
               GROUPING(f.agency_id, f.metric_id, f.theme_id) AS grouping_id
        FROM {source}
        GROUP BY GROUPING SETS (
            (f.metric_id), (f.theme_id, f.metric_id), (f.agency_id, f.metric_id), (f.agency_id, f.theme_id)
        )
    """  # noqa: S608
    sums = Sums()
    with connection.cursor() as cursor:
        cursor.execute(sql, [list(primary_ids), *params])
        for agency_id, metric_id, theme_id, total, items, grouping_id in cursor.fetchall():
            # GROUPING(agency, metric, theme): a bit is set for each column not in the set.
            if grouping_id == 0b101:
                sums.metric_totals[metric_id] = total
            elif grouping_id == 0b100:
                sums.theme_metric[theme_id, metric_id] = total
            elif grouping_id == 0b001:
                sums.agency_metric[agency_id, metric_id] = total
            elif grouping_id == 0b010:
                if total:
                    sums.theme_agencies[theme_id].add(agency_id)
                if items:
                    sums.agency_theme_items[agency_id, theme_id] = items
    return sums


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


def _district_unit(unit):
    if unit is None:
        return None
    if unit.level == AdministrativeUnit.Level.DISTRICT:
        return unit
    if unit.level == AdministrativeUnit.Level.COMMUNE and unit.parent and unit.parent.level == "district":
        return unit.parent
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
    reports_by_agency = defaultdict(list)
    for row in a["reports"]:
        reports_by_agency[row["agency_id"]].append(row)
    deadlines = {p.pk: p.deadline for p in a["periods"]}
    kind_of_period = {p.pk: p.kind for p in a["periods"]}
    tz = timezone.get_current_timezone()  # once, not timezone.localtime() per report

    agencies, agency_rows = [], {}
    for agency in a["agencies"]:
        rows = reports_by_agency.get(agency.pk, [])
        active = (agency.active_from is None or agency.active_from <= period.end) and (
            agency.active_until is None or agency.active_until >= period.start
        )
        expected = owed[agency.report_frequency] if agency.must_report and active else 0
        own = [r for r in rows if kind_of_period[r["period_id"]] == agency.report_frequency] or rows
        submitted = [r for r in own if r["submitted_at"] is not None]
        late = [r for r in submitted if r["submitted_at"].astimezone(tz).date() > deadlines[r["period_id"]]]
        if not expected and not submitted:
            continue
        if len(submitted) < expected:
            status = "missing"
        elif late:
            status = "late"
        else:
            status = "on_time"
        unit = _district_unit(agency.unit)
        row = {
            "id": agency.pk,
            "code": agency.code,
            "name": agency.name,
            "kind": agency.kind,
            "unit": agency.unit.name if agency.unit_id else "",
            "district_code": unit.code if unit else None,
            "status": status,
            "expected": expected,
            "submitted": len(submitted),
            "late": len(late),
            "items": 0,
            "values": {},
            "themes": {},
        }
        agencies.append(row)
        agency_rows[agency.pk] = (row, agency, unit)

    theme_rows = {
        t.pk: {"code": t.code, "name": t.short_name, "items": 0, "agencies": 0, "values": {}} for t in a["themes"]
    }
    sums = a["sums"]
    # Metrics and themes of another plan never belong to this report.
    for (theme_id, metric_id), value in sums.theme_metric.items():
        if metric_id in key_of and theme_id in theme_rows:
            _add(theme_rows[theme_id], key_of[metric_id], value, metric_id in primary_ids)
    for theme_id, ids in sums.theme_agencies.items():
        if theme_id in theme_rows:
            theme_rows[theme_id]["agencies"] = len(ids)
    for (agency_id, metric_id), value in sums.agency_metric.items():
        if agency_id in agency_rows and metric_id in key_of:
            _add(agency_rows[agency_id][0], key_of[metric_id], value, metric_id in primary_ids)
    for (agency_id, theme_id), value in sums.agency_theme_items.items():
        if agency_id in agency_rows and theme_id in theme_rows and value:
            agency_rows[agency_id][0]["themes"][a["theme_code"][theme_id]] = value
    metric_totals = sums.metric_totals

    kinds = {}
    units = {}
    for row, agency, unit in agency_rows.values():
        kind = kinds.setdefault(
            agency.kind,
            {
                "kind": agency.kind,
                "label": KIND_LABELS.get(agency.kind, agency.kind),
                "expected": 0,
                "reported": 0,
                "items": 0,
                "values": {},
            },
        )
        kind["expected"] += 1 if row["expected"] else 0
        kind["reported"] += 1 if row["submitted"] else 0
        kind["items"] += row["items"]
        for key, value in row["values"].items():
            kind["values"][key] = kind["values"].get(key, 0) + value
        if unit is not None:
            u = units.setdefault(
                unit.code,
                {"code": unit.code, "name": unit.name, "agencies": 0, "reported": 0, "items": 0, "values": {}},
            )
            u["agencies"] += 1
            u["reported"] += 1 if row["submitted"] else 0
            u["items"] += row["items"]
            for key, value in row["values"].items():
                u["values"][key] = u["values"].get(key, 0) + value

    # Comparison and trend: sums per window and metric.
    windows = a["windows"]

    def window_totals(window):
        if window is None:
            return None
        totals = defaultdict(int)
        for row in a["other"]:
            p = a["by_id"][row["period_id"]]
            if _inside(p, window.start, window.end):
                totals[row["metric_id"]] += row["total"]
        return totals

    previous, year_before = window_totals(windows["previous"]), window_totals(windows["year_before"])
    channels = [
        {
            "code": c.code,
            "name": c.short_name,
            "metrics": [
                {
                    "key": key_of[m.pk],
                    "name": m.name,
                    "unit": m.unit,
                    "primary": m.pk in primary_ids,
                    "total": metric_totals.get(m.pk, 0),
                    "previous": previous.get(m.pk, 0) if previous is not None else None,
                    "year_before": year_before.get(m.pk, 0) if year_before is not None else None,
                }
                for m in c.metrics.all()
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

    counted = [r for r in a["reports"] if r["status"] in statuses]
    narratives = {
        field: [{"agency": r["agency__name"], "text": r[field]} for r in counted if r[field].strip()]
        for field in ("shortcomings", "next_tasks", "proposals")
    }
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
