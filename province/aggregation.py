"""The province aggregation: every figure of a compiled report and of the dashboards, in a fixed number of queries.

``aggregate(period, include_unaccepted=False)`` returns the figure part of the
snapshot (schema in ``province.documents``). Nothing is summed twice and no
breakdown costs a query of its own. The breakdowns by agency (agency ×
metric, agency × theme) come from each accepted report's own sums
(``ActivityReport.accepted_sums``, written when it was accepted, see
``reports.report_sums``), read with the reports: a quarter's few hundred rows
instead of its ≈16,000 figure rows. When reports not yet accepted are counted,
or a counted report has no sums for the plan as it is now, the window's figure
rows are read once instead (``window_sums``): on PostgreSQL one ``GROUP BY
GROUPING SETS`` returns the sums per agency × metric and agency × theme;
elsewhere (SQLite) one ``GROUP BY agency, metric, theme`` returns at most
agencies × metrics × themes rows, added up in Python. Agency kinds and
district-level units are added up from the per-agency sums. The sums per
metric and per metric × theme of the period itself, of the period before, of
the same period a year before and of the trend come from ``AcceptedTotal``, the
rollup of accepted figures per period, metric and theme that accepting and
reopening a report keep exact: a few hundred rows per period instead of three
windows of figure rows (``window_cells``). Counting reports not yet accepted
reads those cells from the figure rows instead.

Queries, whatever the number of agencies and reports (``QUERY_COUNT``):
 1. the reporting periods inside the windows (current, comparison, trend);
 2. the plan's channels with their metrics (one LEFT JOIN), 3. its themes (with
    the names of an earlier phase's metrics and themes the windows compare);
 4. the reports inside the window (status, submission time, narratives, sums);
 5. only when the reports' sums cannot be used: the window's figures summed
    per agency × metric and agency × theme;
 6. the cells (period × metric × theme) of the current, comparison and trend
    windows: ``AcceptedTotal``, or the grouped figure rows with the reports not
    yet accepted — named by metric key and theme code, so a window of the
    previous phase (a copy of the plan, with ids of its own) is compared too;
 7. the agencies with their units (those expected to report, or with a
    report in the window, are kept);
 8. the honourees the counted reports introduced (read from the coverage
    model through the app registry, so reports never imports honourees).

A half-year, year or phase report sums the monthly and quarterly reports whose
periods fall inside its window (the windows of Decree 09 nest).
"""

import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from itertools import compress
from operator import add
from typing import NamedTuple

from django.apps import apps
from django.db import connection
from django.db.models import Sum
from django.utils import timezone
from django.utils.text import capfirst

from agencies.models import AdministrativeUnit, Agency
from campaigns.models import Channel, Metric, Theme
from reports import calendar, report_sums
from reports.models import AcceptedTotal, ActivityReport, Figure, ReportingPeriod

from .wording import HONOUREE_CATEGORY_LABELS, KIND_LABELS, period_label

QUERY_COUNT = 7  # and one more (5.) when the figure rows are read


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
    previous, year_before = calendar.previous_window(period), calendar.year_before_window(period)
    trend = calendar.trend_windows(period)
    windows = [w for w in (previous, year_before, *trend) if w is not None]
    lo = min([period.start, *(w.start for w in windows)])
    hi = max([period.end, *(w.end for w in windows)])

    # 1. Every submission period from the earliest window to the latest.
    periods = list(
        ReportingPeriod.objects.filter(kind__in=calendar.SUBMISSION_KINDS, start__gte=lo, end__lte=hi)
        .order_by("start")
        .values_list("pk", "kind", "start", "end", "deadline", "plan_id", named=True)
    )
    current_ids = [p.pk for p in periods if calendar.counts_in(p, period)]
    window_ids = [p.pk for p in periods if any(calendar.counts_in(p, w) for w in (period, *windows))]
    by_id = {p.pk: p for p in periods}

    # 2. The plan's channels with their metrics, 3. its themes (and the names of those of an earlier phase's
    # plan whose periods are compared).
    plan = plan_of(period.plan_id, also={p.plan_id for p in periods})

    # 4. The window's reports: who submitted when, what they wrote (ordered by agency name below) and,
    # once accepted, their figures' sums.
    reports = list(
        ActivityReport.objects.filter(period_id__in=current_ids)
        .order_by()
        .values_list(
            "agency_id", "period_id", "status", "submitted_at", "shortcomings", "next_tasks", "proposals",
            "accepted_sums",
        )
    )  # fmt: skip

    # 5. The window's sums per agency: from the accepted reports' own sums, or (reports not yet accepted
    # counted, or a report without sums for the plan as it is now) from the figure rows in one pass.
    sums = stored_sums(reports, plan.shape) if statuses == (ActivityReport.Status.ACCEPTED,) else None
    if sums is None:
        sums = window_sums(current_ids, statuses, plan)

    # 6. The cells (period × metric × theme) of the window, the comparison windows and the trend (named by
    # key and code in ``_assemble``: a window of the previous phase, whose plan has ids of its own, is
    # compared by them).
    cells = window_cells(window_ids, statuses)

    # 7. The agencies, with their units: those expected to report in the window and any with figures or a
    # report are kept. A province has a few hundred; filtering them here costs less than the SQL for it.
    seen_ids = set(sums.by_agency) | {row[0] for row in reports}
    agencies = [
        agency for agency in _agencies() if (agency.must_report and _active(agency, period)) or agency.pk in seen_ids
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
        plan=plan,
        reports=reports,
        sums=sums,
        cells=cells,
        current_ids=current_ids,
        by_id=by_id,
        windows={"previous": previous, "year_before": year_before, "trend": trend},
        agencies=agencies,
    )


# Queries 2, 3, 7 and 8 are plain SQL: their shape never changes, they read a few hundred rows at most, and
# building them through the ORM cost more than running them (measured: 9 ms against 3.5 ms for the four).
# Table names come from the models, every value is a parameter.


def _fetch(sql, params=()):
    with connection.cursor() as cursor:
        cursor.execute(sql, list(params))
        return cursor.fetchall()


def _table(model):
    return connection.ops.quote_name(model._meta.db_table)


def _marks(values):
    """``%s, %s, …`` for an ``IN (…)`` of ``values`` (one placeholder each, the same SQL on both databases)."""
    return ", ".join(["%s"] * len(values))


class AgencyRow(NamedTuple):
    """What the aggregation reads of each agency (query 7)."""

    pk: int
    code: str
    name: str
    kind: str
    must_report: bool
    report_frequency: str
    active_from: datetime.date | None
    active_until: datetime.date | None
    unit__name: str | None
    unit__code: str | None
    unit__level: str | None
    unit__parent__code: str | None
    unit__parent__name: str | None
    unit__parent__level: str | None


def _agencies():
    """Every agency with its unit and the unit's parent, by name (query 7)."""
    agency, unit = _table(Agency), _table(AdministrativeUnit)
    sql = (
        "SELECT a.id, a.code, a.name, a.kind, a.must_report, a.report_frequency, a.active_from, a.active_until, "  # noqa: S608
        "u.name, u.code, u.level, p.code, p.name, p.level "
        f"FROM {agency} a LEFT JOIN {unit} u ON u.id = a.unit_id LEFT JOIN {unit} p ON p.id = u.parent_id "
        "ORDER BY a.name"
    )
    return list(map(AgencyRow._make, _fetch(sql)))


class Plan(NamedTuple):
    """What the aggregation reads of a plan (queries 2 and 3)."""

    channels: list  # [{"code", "name", "metrics": [{"pk", "key", "name", "unit"}]}], in the plan's order
    themes: list  # [(pk, code, short name)], in the plan's order
    shape: report_sums.PlanShape  # the order of the sums' lists
    primary_ids: frozenset  # each channel's first metric: the document's "items" add those up
    key_of: dict  # metric id -> key "channel.metric", of this plan and of those compared with it
    code_of: dict  # theme id -> code, likewise


def plan_of(plan_id, also=()):
    """The plan's channels with their metrics (one LEFT JOIN) and its themes: two queries.

    The same order as ``report_sums.plan_shape`` (ties broken by id), so the stored sums line up. The
    metrics and themes of the plans in ``also`` are read too, for their names only (``key_of``,
    ``code_of``): a window of the previous phase is compared by them.
    """
    plans = sorted({plan_id, *also})
    order = connection.ops.quote_name("order")
    channels, key_of, shape_metrics = {}, {}, []
    for channel_plan, channel_id, code, name, metric_id, metric_code, metric_order, metric_name, unit in _fetch(
        f"SELECT c.plan_id, c.id, c.code, c.short_name, m.id, m.code, m.{order}, m.name, m.unit "  # noqa: S608
        f"FROM {_table(Channel)} c LEFT JOIN {_table(Metric)} m ON m.channel_id = c.id "
        f"WHERE c.plan_id IN ({_marks(plans)}) ORDER BY c.{order}, c.id, m.{order}, m.id",
        plans,
    ):
        if metric_id is not None:
            key_of[metric_id] = report_sums.metric_key(code, metric_code)
        if channel_plan != plan_id:
            continue
        channel = channels.setdefault(channel_id, {"code": code, "name": name, "metrics": []})
        if metric_id is not None:
            channel["metrics"].append({"pk": metric_id, "key": key_of[metric_id], "name": metric_name, "unit": unit})
            shape_metrics.append(report_sums.ShapeMetric(metric_id, channel_id, metric_order, key_of[metric_id]))
    channels = list(channels.values())
    themes, code_of = [], {}
    for theme_plan, pk, code, name in _fetch(
        f"SELECT plan_id, id, code, short_name FROM {_table(Theme)} WHERE plan_id IN ({_marks(plans)}) "  # noqa: S608
        f"ORDER BY {order}, id",
        plans,
    ):
        code_of[pk] = code
        if theme_plan == plan_id:
            themes.append((pk, code, name))
    shape = report_sums.PlanShape.of(shape_metrics, [ThemeKey(pk, code) for pk, code, _name in themes])
    return Plan(
        channels=channels, themes=themes, shape=shape, primary_ids=shape.primary_ids, key_of=key_of, code_of=code_of
    )


class ThemeKey(NamedTuple):
    pk: int
    code: str


@dataclass
class Sums:
    """The window's figures summed per agency: one list of numbers per agency, as ``report_sums`` stores them.

    In the plan's order (``report_sums.PlanShape``): the totals per metric, then per theme, then the
    primary metrics' totals per theme.
    """

    shape: report_sums.PlanShape
    by_agency: dict = field(default_factory=dict)  # agency id -> [numbers]

    def split(self, numbers):
        """``(per metric, per theme, items per theme)`` of one agency's numbers."""
        k, t = len(self.shape.keys), len(self.shape.themes)
        return numbers[:k], numbers[k : k + t], numbers[k + t :]

    # Named views, for reading and for tests (the aggregation itself walks the lists).
    def _named(self, part, names):
        return {
            (agency_id, name): v
            for agency_id, numbers in self.by_agency.items()
            for name, v in zip(names, self.split(numbers)[part], strict=True)
            if v
        }

    def agency_metric(self):
        return self._named(0, self.shape.keys)

    def agency_theme_items(self):
        return self._named(2, self.shape.themes)

    def theme_agencies(self):
        agencies = defaultdict(set)
        for agency_id, code in self._named(1, self.shape.themes):
            agencies[code].add(agency_id)
        return dict(agencies)

    def metric_totals(self):
        totals = defaultdict(int)
        for (_agency, key), total in self.agency_metric().items():
            totals[key] += total
        return dict(totals)


def _add_lists(a, b):
    # map(add) rather than a comprehension: it runs in C, and a quarter adds up a few hundred pairs.
    return list(map(add, a, b))


def stored_sums(reports, shape):
    """The sums of the accepted ``reports`` (rows of query 4) from their ``accepted_sums``; no query.

    None when one of them has no sums for the plan as it is now (``shape``'s
    signature, see ``reports.report_sums``): the caller then reads the figure rows.
    """
    accepted = ActivityReport.Status.ACCEPTED
    counted = [(row[0], row[-1]) for row in reports if row[2] == accepted]
    parsed = report_sums.parse_many([text for _agency, text in counted], shape.signature)
    if parsed is None:
        return None
    sums = Sums(shape)
    by_agency = sums.by_agency
    for (agency_id, _text), numbers in zip(counted, parsed, strict=True):
        if agency_id in by_agency:  # a monthly reporter: three months in a quarter
            by_agency[agency_id] = _add_lists(by_agency[agency_id], numbers)
        else:
            by_agency[agency_id] = numbers
    return sums


def window_sums(period_ids, statuses, plan, *, grouping_sets=None):
    """The window's sums per agency from its figure rows: one query.

    GROUPING SETS on PostgreSQL returns only the two breakdowns by agency
    (× metric, × theme), so the database does the adding up; elsewhere one plain
    GROUP BY agency, metric, theme returns up to agencies × metrics × themes rows,
    added up here. A figure of another plan's metric or theme is left out.
    """
    if grouping_sets is None:
        grouping_sets = connection.vendor == "postgresql"
    sums = Sums(plan.shape)
    if not period_ids:
        return sums
    k, t = len(plan.shape.keys), len(plan.shape.themes)
    metric_position, theme_position = plan.shape.metric_index, plan.shape.theme_index
    rows = (_rows_grouping_sets if grouping_sets else _rows_grouped)(period_ids, statuses, plan.primary_ids)
    for agency_id, metric_id, theme_id, total, items in rows:
        if metric_id is not None:
            if metric_id in metric_position:
                sums.by_agency.setdefault(agency_id, [0] * (k + 2 * t))[metric_position[metric_id]] += total or 0
        elif theme_id in theme_position:
            numbers = sums.by_agency.setdefault(agency_id, [0] * (k + 2 * t))
            numbers[k + theme_position[theme_id]] += total or 0
            numbers[k + t + theme_position[theme_id]] += items or 0
    return sums


def _rows_grouped(period_ids, statuses, primary_ids):
    """``(agency, metric, theme, total, items)`` per agency × metric × theme, as two rows: one per breakdown."""
    rows = (
        counted_figures(statuses)
        .filter(period_id__in=period_ids)
        .values_list("agency_id", "metric_id", "theme_id")
        .annotate(total=Sum("value"))
        .order_by()
    )
    for agency_id, metric_id, theme_id, total in rows:
        yield agency_id, metric_id, None, total, 0
        yield agency_id, None, theme_id, total, total if metric_id in primary_ids else 0


def _rows_grouping_sets(period_ids, statuses, primary_ids):
    figure, report = Figure._meta.db_table, ActivityReport._meta.db_table
    statuses = [str(s) for s in statuses]
    if statuses == [ActivityReport.Status.ACCEPTED]:
        # Accepted figures only: a range scan of the window's rows (Figure.accepted), no join.
        source, params = f"{figure} f WHERE f.accepted AND f.period_id = ANY(%s)", [list(period_ids)]
    else:
        source = f"{figure} f JOIN {report} r ON r.id = f.report_id WHERE f.period_id = ANY(%s) AND r.status = ANY(%s)"
        params = [list(period_ids), statuses]
    # One hash pass over the raw rows with the two keys. Table names come from
    # the models and every value is a parameter. A NULL metric marks the agency × theme rows.
    sql = f"""
        SELECT f.agency_id, f.metric_id, f.theme_id,
               SUM(f.value) AS total,
               SUM(f.value) FILTER (WHERE f.metric_id = ANY(%s)) AS items
        FROM {source}
        GROUP BY GROUPING SETS ((f.agency_id, f.metric_id), (f.agency_id, f.theme_id))
    """  # noqa: S608
    with connection.cursor() as cursor:
        cursor.execute(sql, [list(primary_ids), *params])
        return cursor.fetchall()


def window_cells(period_ids, statuses):
    """``[(period, metric id, theme id, total)]`` of the counted figures of ``period_ids``: one query.

    Accepted figures only: read from ``AcceptedTotal`` (a few hundred rows per
    period, whatever the number of reports); with the reports not yet accepted,
    the figure rows grouped by period, metric and theme. The caller names the
    cells by metric key and theme code (``Plan.key_of``, ``Plan.code_of``): the
    windows a report compares itself with may belong to the previous phase,
    whose plan is a copy with metrics and themes of their own ids (2025 against 2026).
    """
    if not period_ids:
        return []
    if tuple(statuses) == (ActivityReport.Status.ACCEPTED,):
        # Plain SQL: the rows are read as they are, and the ORM's query building cost more than the read.
        table = connection.ops.quote_name(AcceptedTotal._meta.db_table)
        ids = ", ".join(["%s"] * len(period_ids))
        sql = f"SELECT period_id, metric_id, theme_id, total FROM {table} WHERE period_id IN ({ids}) AND total <> 0"  # noqa: S608
        with connection.cursor() as cursor:
            cursor.execute(sql, list(period_ids))
            return cursor.fetchall()
    rows = (
        counted_figures(statuses)
        .filter(period_id__in=period_ids)
        .values_list("period_id", "metric_id", "theme_id")
        .annotate(total=Sum("value"))
        .order_by()
    )
    return list(rows)


def _honourees(period_ids, statuses):
    """The honourees the counted reports introduced, not rejected ones: name, category, agencies, channels.

    Their tables are found through the app registry, so reports never imports honourees.
    """
    if not apps.is_installed("honourees") or not period_ids:
        return []
    coverage, honouree = apps.get_model("honourees", "HonoureeCoverage"), apps.get_model("honourees", "Honouree")
    statuses = [str(s) for s in statuses]
    rows = _fetch(
        "SELECT h.id, h.name, h.category, a.name, ch.short_name "  # noqa: S608
        f"FROM {_table(coverage)} hc JOIN {_table(honouree)} h ON h.id = hc.honouree_id "
        f"JOIN {_table(ActivityReport)} r ON r.id = hc.report_id JOIN {_table(Agency)} a ON a.id = r.agency_id "
        f"JOIN {_table(Channel)} ch ON ch.id = hc.channel_id "
        f"WHERE r.period_id IN ({_marks(period_ids)}) AND r.status IN ({_marks(statuses)}) AND h.status <> %s "
        "ORDER BY h.name, a.name",
        [*period_ids, *statuses, "rejected"],
    )
    merged = {}
    for honouree_id, name, category, agency, channel in rows:
        entry = merged.get(honouree_id)
        if entry is None:
            entry = merged[honouree_id] = (name, HONOUREE_CATEGORY_LABELS.get(category, ""), [], [])
        for names, value in ((entry[2], agency), (entry[3], channel)):
            if value not in names:
                names.append(value)
    return [
        {"name": name, "category": category, "agency": ", ".join(agencies), "channel": ", ".join(channels)}
        for name, category, agencies, channels in merged.values()
    ]


def _active(agency, period):
    """Whether the agency (an ``AgencyRow``) existed during some of ``period``."""
    return (agency.active_from is None or agency.active_from <= period.end) and (
        agency.active_until is None or agency.active_until >= period.start
    )


def _district_unit(agency):
    """``(code, name)`` of the district-level unit an agency (an ``AgencyRow``) belongs to, or None."""
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
    period, plan = a["period"], a["plan"]
    shape = plan.shape
    statuses = set(a["statuses"])
    keys, codes, primary_keys = shape.keys, shape.themes, shape.primary
    n_keys, n_themes = len(keys), len(codes)

    # Completeness: how many submission periods each agency owes in the window.
    owed = defaultdict(int)
    for p in a["periods"]:
        owed[p.kind] += 1
    # A report is late when sent on a local date after its period's deadline, i.e. at or after the local
    # midnight that ends the deadline. That moment in UTC, the database's zone, so that comparing it with a
    # submission time needs no time zone conversion (both carry the same tzinfo).
    tz = timezone.get_current_timezone()
    late_from = {
        p.pk: datetime.datetime.combine(p.deadline + datetime.timedelta(days=1), datetime.time(), tzinfo=tz).astimezone(
            datetime.UTC
        )
        for p in a["periods"]
    }
    kind_of_period = {p.pk: p.kind for p in a["periods"]}
    # Report rows: (agency, period, status, submitted_at, shortcomings, next_tasks, proposals, sums), counted
    # per agency and period kind (an agency is judged on the reports of its own frequency, or all it sent):
    # [reports, submitted, late].
    sent = {}
    for agency_id, period_id, _status, submitted_at, *_rest in a["reports"]:
        submitted = submitted_at is not None
        late = submitted and submitted_at >= late_from[period_id]
        for key in ((agency_id, kind_of_period[period_id]), agency_id):
            counts = sent.get(key)
            if counts is None:
                counts = sent[key] = [0, 0, 0]
            counts[0] += 1
            counts[1] += submitted
            counts[2] += late

    agencies, agency_rows, kinds, units = [], {}, {}, {}
    for agency in a["agencies"]:
        expected = owed[agency.report_frequency] if agency.must_report and _active(agency, period) else 0
        _n, submitted, late = sent.get((agency.pk, agency.report_frequency)) or sent.get(agency.pk) or (0, 0, 0)
        if not expected and not submitted:
            continue
        if submitted < expected:
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
            "submitted": submitted,
            "late": late,
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
                "values": [],  # the members' sums per metric, added up below
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
                    "values": [],
                }
            district["agencies"] += 1
            district["reported"] += 1 if submitted else 0
        agency_rows[agency.pk] = (row, kind, district)

    # Each agency's sums (lists in the plan's order, see ``Sums``) go to the agency, named by key, and
    # to its kind and district-level unit, whose lists are added up column by column at the end.
    sums = a["sums"]
    primary = [key in primary_keys for key in keys]
    theme_totals = []
    for agency_id, numbers in sums.by_agency.items():
        if agency_id not in agency_rows:
            continue  # an agency left out above
        row, kind, district = agency_rows[agency_id]
        values, totals, theme_items = sums.split(numbers)
        items = sum(compress(values, primary))
        # Sums are never negative: compress keeps the non-zero ones.
        row["values"] = dict(compress(zip(keys, values, strict=True), values))
        row["themes"] = dict(compress(zip(codes, theme_items, strict=True), theme_items))
        row["items"] = items
        theme_totals.append(totals)
        kind["values"].append(values)
        kind["items"] += items
        if district is not None:
            district["values"].append(values)
            district["items"] += items
    for bucket in (*kinds.values(), *units.values()):
        summed = [sum(column) for column in zip(*bucket["values"], strict=True)] or [0] * n_keys
        bucket["values"] = dict(compress(zip(keys, summed, strict=True), summed))
    # How many agencies have a figure in each theme.
    reach = [sum(map(bool, column)) for column in zip(*theme_totals, strict=True)] or [0] * n_themes

    # The cells (period, metric, theme, total), named by metric key and theme code: the window's sums per
    # theme × metric and per metric, and per period and metric for the comparison and trend. Metrics and
    # themes of another plan never belong to this report's own rows.
    current = set(a["current_ids"])
    key_of, code_of = plan.key_of, plan.code_of
    theme_metric = defaultdict(int)
    period_metric = defaultdict(int)
    for period_id, metric_id, theme_id, total in a["cells"]:
        key = key_of.get(metric_id)
        if key is None:
            continue
        if period_id in current:
            theme_metric[code_of.get(theme_id), key] += total
        period_metric[period_id, key] += total
    theme_rows = {
        code: {"code": code, "name": name, "items": 0, "agencies": n, "values": {}}
        for (_pk, code, name), n in zip(plan.themes, reach, strict=True)
    }
    metric_totals = defaultdict(int)
    for (theme, key), value in theme_metric.items():
        if theme in theme_rows:
            _add(theme_rows[theme], key, value, key in primary_keys)
        metric_totals[key] += value

    # Comparison and trend: sums per window and metric.
    windows = a["windows"]

    def window_totals(window):
        if window is None:
            return None
        totals = defaultdict(int)
        for (period_id, key), total in period_metric.items():
            if calendar.counts_in(a["by_id"][period_id], window):
                totals[key] += total
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
                    "primary": m["key"] in primary_keys,
                    "total": metric_totals.get(m["key"], 0),
                    "previous": previous.get(m["key"], 0) if previous is not None else None,
                    "year_before": year_before.get(m["key"], 0) if year_before is not None else None,
                }
                for m in c["metrics"]
            ],
        }
        for c in plan.channels
    ]
    trend = []
    key_set = set(keys)
    for window in windows["trend"]:
        totals = window_totals(window)
        if window.start > period.end:
            continue
        trend.append(
            {
                "code": window.code,
                "label": capfirst(period_label(window)),
                "items": sum(v for k, v in totals.items() if k in primary_keys),
                "values": {k: v for k, v in totals.items() if k in key_set},
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
            "previous": {"code": windows["previous"].code, "label": period_label(windows["previous"])}
            if windows["previous"]
            else None,
            "year_before": {"code": windows["year_before"].code, "label": period_label(windows["year_before"])}
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
