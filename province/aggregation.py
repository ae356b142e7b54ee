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
windows of figure rows (``window_cells``); the dashboard reads the windows it
compares with from ``AcceptedMetricTotal``, the same per period and metric.
Counting reports not yet accepted reads those cells from the figure rows instead.

Queries, whatever the number of agencies and reports (``QUERY_COUNT``):
 1. the reporting periods (the months and quarters inside the windows are used: current, comparison,
    trend);
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
 8. the successions of agencies (``agencies.successions.load_graph``);
 9. the honourees the counted reports introduced;
and the reference data's token (``province.reference``), before 1 and again after 8.
Queries 1, 2, 3, 7 and 8 read reference data that changes a few times a year: a
process keeps what they read while the token holds, and then leaves out those
five and the token's second read (``KEPT_QUERY_COUNT``).
Queries 1, 2, 3, 6 (accepted figures), 7 and 9, and 5 on PostgreSQL, are plain SQL
(``province.sql``); each read returns named rows.

History carried through successions (README, "Reorganisations"): the breakdowns by agency, kind and unit
put an agency that has ended by the window's last day on the line of the agency it is part of on that day
(``successions.current_of``): a merged or renamed agency on its successor's, a split one on its *main*
successor's (the one flagged ``main``, which also receives its users), through any number of steps. A
transfer of a function moves no figure. The successor's line is named "Sở X (gồm Sở Y trước 01/03/2025)"
(``successions.label``) when a predecessor owed or sent a report in the window; its kind and unit are the
successor's. The figures stay the predecessor's: the totals per metric, theme and period (the channels,
comparisons and trend) are the province's and do not change; narratives and honourees keep the name of the
agency that wrote them.

A half-year, year or phase report sums the monthly and quarterly reports whose
periods fall inside its window (the windows of Decree 09 nest).

``_assemble`` turns the rows into the snapshot's parts, one small step each:
who reported (``_attendance``), the breakdowns by agency, kind and district-level
unit (``_breakdowns``, ``_add_agency_sums``), by theme (``_themes``), the
channels with their comparison (``_channels``), the trend and the narratives.
"""

import bisect
import datetime
import itertools
from collections import defaultdict
from dataclasses import dataclass, field
from itertools import compress
from operator import add, attrgetter
from typing import NamedTuple

from django.db import connection
from django.db.models import Sum
from django.utils import timezone, translation
from django.utils.text import capfirst

from agencies import successions
from agencies.models import AdministrativeUnit
from reports import calendar, report_sums
from reports.models import ActivityReport, Figure

from . import reference, sql
from .wording import HONOUREE_CATEGORY_LABELS, KIND_LABELS, kind_label, local_level, local_level_label, period_label

QUERY_COUNT = 10  # and one more (5.) when the figure rows are read
KEPT_QUERY_COUNT = QUERY_COUNT - 6  # the reference data kept in this process under the token read
ACCEPTED_ONLY = (ActivityReport.Status.ACCEPTED,)
NARRATIVE_FIELDS = ("shortcomings", "next_tasks", "proposals")


def counted_figures(statuses):
    """The figures of reports in ``statuses``: accepted ones read ``Figure.accepted`` (no join), others join."""
    if tuple(statuses) == ACCEPTED_ONLY:
        return Figure.objects.filter(accepted=True)
    return Figure.objects.filter(report__status__in=statuses)


def counted_statuses(include_unaccepted):
    if include_unaccepted:
        return (ActivityReport.Status.ACCEPTED, ActivityReport.Status.SUBMITTED, ActivityReport.Status.RESUBMITTED)
    return ACCEPTED_ONLY


# -- what is read --------------------------------------------------------------------


class PeriodRow(NamedTuple):
    """A month or quarter of the windows (query 1)."""

    pk: int
    kind: str
    start: datetime.date
    end: datetime.date
    deadline: datetime.date
    plan_id: int


class ReportRow(NamedTuple):
    """A report of the window (query 4): who sent it, whether late, once accepted its sums, what it says."""

    agency_id: int
    period_id: int
    status: str
    late: bool | None  # None: not sent; else sent after its period's deadline (``_late_from``)
    accepted_sums: str
    shortcomings: str
    next_tasks: str
    proposals: str


class ReportFigures(NamedTuple):
    """A report of the window without its narratives (the dashboard's read): ``ReportRow``'s first fields."""

    agency_id: int
    period_id: int
    status: str
    late: bool | None
    accepted_sums: str


@dataclass(frozen=True)
class Windows:
    """The windows a report compares itself with (``reports.calendar``): None or [] where there are none."""

    previous: calendar.Window | None
    year_before: calendar.Window | None
    trend: list

    @classmethod
    def around(cls, period):
        trend = calendar.trend_windows(period)
        return cls(calendar.previous_window(period), calendar.year_before_window(period), trend)

    def all(self):
        return [w for w in (self.previous, self.year_before, *self.trend) if w is not None]


# -- the aggregation -----------------------------------------------------------


def aggregate(
    period,
    *,
    include_unaccepted=False,
    today=None,
    texts=True,
    graph=None,
    agencies=None,
    with_honourees=None,
    kept=None,
):
    """The figures of ``period`` for the snapshot; ``QUERY_COUNT`` queries.

    ``texts=False`` (the dashboard): no narratives and no honourees, one query less (``QUERY_COUNT - 1``); a
    year's reports carry megabytes of narratives that only the compiled document shows. Nor the document's
    trend (the page draws its own, ``dashboard.trend``): the window's cells are read added up over its periods.

    ``today`` is accepted for the callers (the dashboard's cache key has it); the figures do not depend on it.
    ``graph``: the successions (``successions.load_graph()``) when the caller has read them already, one query
    less (the phase summary aggregates each of its years with the phase's); ``agencies`` likewise
    (``sql.agencies()``). ``with_honourees``: the honourees
    even without ``texts`` (the phase summary's years count them by category, and need no narratives), one
    query; by default with ``texts`` only. ``kept``: the caller's ``reference.Reference``, open around this call
    and others (a compile, a dashboard): the token is then read and checked by the caller, two queries less.
    """
    statuses = counted_statuses(include_unaccepted)
    windows = Windows.around(period)
    # 1. Every submission period from the earliest window to the latest; 2. the plan's channels with their
    # metrics, 3. its themes (and the names of those of an earlier phase's plan whose periods are compared);
    # 7. the agencies, with their units, by name (a province has a few hundred: choosing those of the report
    # here costs less than the SQL for it); 8. the successions: every agency's line is that of the agency it
    # is part of at the window's end. Reference data, kept per process while its token holds
    # (``province.reference``): the token's one query instead of five reads.
    with reference.opened(kept) as kept:
        periods = periods_between(period, windows, kept.periods())
        current = [p for p in periods if calendar.counts_in(p, period)]
        current_ids = [p.pk for p in current]
        plan_ids = tuple(sorted({period.plan_id, *(p.plan_id for p in periods)}))
        plan = kept.get(("plan", period.plan_id, plan_ids), lambda: plan_of(period.plan_id, also=plan_ids))
        agencies = kept.agencies() if agencies is None else agencies
        graph = kept.graph() if graph is None else graph
    # 4. The window's reports: who submitted when, what they wrote and, once accepted, their figures' sums.
    reports = reports_of(current, texts=texts)
    # 5. The window's sums per agency: from the accepted reports' own sums, or (reports not yet accepted
    # counted, or a report without sums for the plan as it is now) from the figure rows in one pass.
    sums = stored_sums(reports, plan.shape) if statuses == ACCEPTED_ONLY else None
    if sums is None:
        sums = window_sums(current_ids, statuses, plan)
    # 6. The cells (period × metric × theme) of the window, the comparison windows and the trend (named by
    # key and code in ``_cells_by_key``: a window of the previous phase, whose plan has ids of its own, is
    # compared by them).
    compared = [p.pk for p in periods if any(calendar.counts_in(p, w) for w in (period, *windows.all()))]
    cells = window_cells(compared, statuses, merged=() if texts else current_ids)
    # 9. Honourees introduced by the counted reports: public fields only, never the private ones.
    wanted = texts if with_honourees is None else with_honourees
    honourees = _honourees(current_ids, statuses, agencies=agencies) if wanted else []
    return _assemble(
        period=period,
        include_unaccepted=include_unaccepted,
        statuses=statuses,
        periods=periods,
        current=current,
        plan=plan,
        reports=reports,
        sums=sums,
        cells=cells,
        windows=windows,
        agencies=agencies,
        graph=graph,
        honourees=honourees,
        texts=texts,
    )


def periods_between(period, windows, periods):
    """``[PeriodRow]``: every month and quarter from the start of the earliest window to the end of the latest,
    by start, of ``periods`` (``reference.Reference.periods()``)."""
    spans = [period, *windows.all()]
    found = periods_within(periods, min(w.start for w in spans), max(w.end for w in spans))
    return sorted((PeriodRow(p.id, p.kind, p.start, p.end, p.deadline, p.plan_id) for p in found), key=_by_start)


def _by_start(row):
    return row.start, row.pk


def periods_within(periods, start, end, kinds=calendar.SUBMISSION_KINDS):
    """The ``periods`` (rows by start, as ``reference.Reference.periods()`` keeps them) of ``kinds`` from ``start``
    to ``end``: found from the first that starts on ``start`` (ten phases of data are a thousand periods)."""
    first = bisect.bisect_left(periods, start, key=attrgetter("start"))
    return [
        p for p in itertools.takewhile(lambda p: p.start <= end, periods[first:]) if p.kind in kinds and p.end <= end
    ]


def reports_of(periods, *, texts=True):
    """``[ReportRow]``: the reports of ``periods`` (with ``pk`` and ``deadline``), in no particular order; without
    ``texts``, ``[ReportFigures]``: their narratives are left in the database. Plain SQL (``sql.reports``): a year's
    1,800 rows through the ORM cost twice as much. Whether each was sent late is compared in the query, with
    each period's moment from which a report is late (``_late_from``): turning a year's submission times into
    Python times cost more than the rest of the read."""
    return sql.reports(_late_from(periods), texts=texts, row=ReportRow if texts else ReportFigures)


# -- the plan ------------------------------------------------------------------------


class PlanMetric(NamedTuple):
    pk: int
    channel_id: int
    order: int
    key: str  # "channel.metric" (report_sums.metric_key)
    name: str
    unit: str


class PlanChannel(NamedTuple):
    code: str
    name: str  # the short name
    metrics: list  # [PlanMetric], in the plan's order


class Plan(NamedTuple):
    """What the aggregation reads of a plan (queries 2 and 3)."""

    channels: list  # [PlanChannel], in the plan's order
    themes: list  # [sql.ThemeRow], in the plan's order
    shape: report_sums.PlanShape  # the order of the sums' lists, and the primary metrics
    key_of: dict  # metric id -> key "channel.metric", of this plan and of those compared with it
    code_of: dict  # theme id -> code, likewise

    @property
    def primary_ids(self):
        """The primary metrics (``campaigns.models.Metric.primary_ids``): the document's "items" add those up."""
        return self.shape.primary_ids


def plan_of(plan_id, also=()):
    """The plan's channels with their metrics (one LEFT JOIN) and its themes: two queries.

    The same order as ``report_sums.plan_shape`` (ties broken by id), so the stored sums line up. The
    metrics and themes of the plans in ``also`` are read too, for their names only (``key_of``,
    ``code_of``): a window of the previous phase is compared by them.
    """
    plans = sorted({plan_id, *also})
    channels, key_of = {}, {}
    for row in sql.plan_metrics(plans):
        if row.pk is not None:
            key_of[row.pk] = report_sums.metric_key(row.channel_code, row.code)
        if row.plan_id != plan_id:
            continue
        channel = channels.get(row.channel_id)
        if channel is None:
            channel = channels[row.channel_id] = PlanChannel(row.channel_code, row.channel_name, [])
        if row.pk is not None:
            channel.metrics.append(PlanMetric(row.pk, row.channel_id, row.order, key_of[row.pk], row.name, row.unit))
    themes, code_of = [], {}
    for theme in sql.plan_themes(plans):
        code_of[theme.pk] = theme.code
        if theme.plan_id == plan_id:
            themes.append(theme)
    metrics = [m for c in channels.values() for m in c.metrics]
    shape = report_sums.PlanShape.of(metrics, themes)
    return Plan(channels=list(channels.values()), themes=themes, shape=shape, key_of=key_of, code_of=code_of)


# -- the sums per agency ---------------------------------------------------------------


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
    def agency_metric(self):
        """``{(agency id, metric key): total}``, without the zeros."""
        keys = self.shape.keys
        return {
            (agency_id, key): value
            for agency_id, numbers in self.by_agency.items()
            for key, value in zip(keys, self.split(numbers)[0], strict=True)
            if value
        }

    def metric_totals(self):
        totals = defaultdict(int)
        for (_agency, key), total in self.agency_metric().items():
            totals[key] += total
        return dict(totals)


def _add_lists(a, b):
    # map(add) rather than a comprehension: it runs in C, and a quarter adds up a few hundred pairs.
    return list(map(add, a, b))


def stored_sums(reports, shape):
    """The sums of the accepted ``reports`` (``ReportRow``, query 4) from their ``accepted_sums``; no query.

    None when one of them has no sums for the plan as it is now (``shape``'s
    signature, see ``reports.report_sums``): the caller then reads the figure rows.
    Each agency's are added up by ``report_sums.add_up``, which keeps them per
    process by the texts added.
    """
    grouped = {}
    for report in reports:
        if report.status == ActivityReport.Status.ACCEPTED:
            texts = grouped.get(report.agency_id)
            if texts is None:
                grouped[report.agency_id] = [report.accepted_sums]
            else:  # a monthly reporter: three months in a quarter, twelve in a year
                texts.append(report.accepted_sums)
    groups = [tuple(sorted(texts)) for texts in grouped.values()]
    added = report_sums.add_up(groups, shape.signature)
    if added is None:
        return None
    return Sums(shape, {pk: list(numbers) for pk, numbers in zip(grouped, added, strict=True)})


def window_sums(period_ids, statuses, plan, *, grouping_sets=None):
    """The window's sums per agency from its figure rows: one query.

    GROUPING SETS on PostgreSQL (``sql.agency_sums``) returns only the two breakdowns by agency
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
    rows = (sql.agency_sums if grouping_sets else _rows_grouped)(period_ids, statuses, plan.primary_ids)
    for row in rows:
        if row.metric_id is not None:
            if row.metric_id in metric_position:
                numbers = sums.by_agency.setdefault(row.agency_id, [0] * (k + 2 * t))
                numbers[metric_position[row.metric_id]] += row.total or 0
        elif row.theme_id in theme_position:
            numbers = sums.by_agency.setdefault(row.agency_id, [0] * (k + 2 * t))
            numbers[k + theme_position[row.theme_id]] += row.total or 0
            numbers[k + t + theme_position[row.theme_id]] += row.items or 0
    return sums


def _rows_grouped(period_ids, statuses, primary_ids):
    """``sql.AgencySumRow`` per agency × metric × theme, as two rows: one per breakdown."""
    rows = (
        counted_figures(statuses)
        .filter(period_id__in=period_ids)
        .values_list("agency_id", "metric_id", "theme_id")
        .annotate(total=Sum("value"))
        .order_by()
    )
    for agency_id, metric_id, theme_id, total in rows:
        yield sql.AgencySumRow(agency_id, metric_id, None, total, 0)
        yield sql.AgencySumRow(agency_id, None, theme_id, total, total if metric_id in primary_ids else 0)


def window_cells(period_ids, statuses, *, merged=()):
    """``[sql.CellRow]`` of the counted figures of ``period_ids``: one query.

    ``merged`` (accepted figures only): periods whose cells are read added up over them, per metric and
    theme, with no period; the other periods' per metric, with no theme (``sql.accepted_cells_merged``).

    Accepted figures only: read from ``AcceptedTotal`` (a few hundred rows per
    period, whatever the number of reports; with ``merged``, the other periods from
    ``AcceptedMetricTotal``); with the reports not yet accepted,
    the figure rows grouped by period, metric and theme. The caller names the
    cells by metric key and theme code (``Plan.key_of``, ``Plan.code_of``): the
    windows a report compares itself with may belong to the previous phase,
    whose plan is a copy with metrics and themes of their own ids (2025 against 2026).
    """
    if not period_ids:
        return []
    if tuple(statuses) == ACCEPTED_ONLY:
        return sql.accepted_cells_merged(period_ids, merged) if merged else sql.accepted_cells(period_ids)
    rows = (
        counted_figures(statuses)
        .filter(period_id__in=period_ids)
        .values_list("period_id", "metric_id", "theme_id")
        .annotate(total=Sum("value"))
        .order_by()
    )
    return list(map(sql.CellRow._make, rows))


def _honourees(period_ids, statuses, *, agencies):
    """The honourees the counted reports introduced, not rejected ones: name, category, agencies (in the order of
    ``agencies``, by name: query 7), channels."""
    if not period_ids:
        return []
    rank = {agency.pk: (index, agency.name) for index, agency in enumerate(agencies)}
    rows = sql.honourees(period_ids, statuses)
    merged = {}
    for _pk, group in itertools.groupby(rows, key=attrgetter("pk")):
        group = sorted(group, key=lambda row: rank[row.agency_id][0])  # stable: each agency's channels by id
        first = group[0]
        category = HONOUREE_CATEGORY_LABELS.get(first.category, "")
        entry = merged[first.pk] = {"name": first.name, "category": category, "agency": [], "channel": []}
        for row in group:
            for names, value in (
                (entry["agency"], rank[row.agency_id][1]),
                (entry["channel"], row.channel),
            ):
                if value not in names:
                    names.append(value)
    return [
        {**entry, "agency": ", ".join(entry["agency"]), "channel": ", ".join(entry["channel"])}
        for entry in merged.values()
    ]


# -- assembling the snapshot's figures ---------------------------------------------------


def _assemble(
    *,
    period,
    include_unaccepted,
    statuses,
    periods,
    current,
    plan,
    reports,
    sums,
    cells,
    windows,
    agencies,
    graph,
    honourees,
    texts=True,
):
    """The snapshot's figures from the rows read: one pass over each, in small named steps. Without ``texts``
    (the dashboard), no narratives and no trend, and ``cells`` may hold the window's cells merged."""
    lines = Lines.at(period.end, agencies, graph)
    attendance = lines.roll_attendance(_attendance(agencies, current, reports))
    breakdowns = _breakdowns(agencies, attendance, lines.names, period)
    reach = _add_agency_sums(breakdowns, lines.roll_sums(sums))
    by_theme, by_period = _cells_by_key(cells, plan, {p.pk for p in current})
    themes, metric_totals = _themes(plan, by_theme, reach)
    by_id = {p.pk: p for p in periods}
    previous = _window_totals(by_period, by_id, windows.previous)
    year_before = _window_totals(by_period, by_id, windows.year_before)
    if texts:
        counted = _counted_reports(reports, statuses, agencies, current)
        report_count, narratives = len(counted), _narratives(counted, agencies)
        trend = _trend(windows.trend, period, by_period, by_id, plan.shape)
    else:
        report_count = sum(r.status in statuses for r in reports)
        narratives, trend = {part: [] for part in NARRATIVE_FIELDS}, []
    return {
        "includes_unaccepted": include_unaccepted,
        "report_count": report_count,
        "comparison": {"previous": _window_name(windows.previous), "year_before": _window_name(windows.year_before)},
        "channels": _channels(plan, metric_totals, previous, year_before),
        "themes": themes,
        "agency_kinds": sorted(breakdowns.kinds.values(), key=_kind_rank),
        # The local units: district-level for a period ending before 01/07/2025, commune-level after.
        "local_level": {"level": str(local_level(period)), "label": local_level_label(period)},
        "units": sorted(breakdowns.units.values(), key=lambda u: u["code"]),
        "agencies": breakdowns.agencies,
        "completeness": _completeness(attendance.values()),
        "trend": trend,
        "honourees": honourees,
        "narratives": narratives,
    }


# Whose line: the successions.


@dataclass
class Lines:
    """Which agency's line carries each agency's history at the window's end, and the lines' names."""

    end: datetime.date
    graph: successions.Graph
    by_pk: dict  # agency id -> its row (``sql.AgencyRow``)
    owner: dict  # agency id -> the id of the agency whose line carries it (itself unless it ended by ``end``)
    names: dict = field(default_factory=dict)  # line agency id -> its name with its predecessors, once rolled

    @classmethod
    def at(cls, end, agencies, graph):
        """The lines on ``end``; no query (``graph`` is read once per aggregation)."""
        by_pk = {agency.pk: agency for agency in agencies}
        return cls(end, graph, by_pk, {pk: graph.current(pk, end) for pk in by_pk})

    def roll_attendance(self, attendance):
        """``attendance`` added up per line; names the lines that carry a predecessor's (``successions.label``)."""
        rolled, carried = {}, defaultdict(list)
        for pk, seen in attendance.items():
            line = self.owner.get(pk, pk)
            if line != pk:
                carried[line].append(self.by_pk[pk])
            rolled[line] = Attendance(*map(add, rolled[line], seen)) if line in rolled else seen
        # The document's wording is Vietnamese whatever the interface language (``province.wording``).
        with translation.override("vi"):
            for line, predecessors in carried.items():
                self.names[line] = successions.label(self.by_pk[line], predecessors, on=self.end, graph=self.graph)
        return rolled

    def roll_sums(self, sums):
        """``sums`` added up per line (``sums`` itself when no agency of it has ended)."""
        owner = self.owner
        if all(owner.get(pk, pk) == pk for pk in sums.by_agency):
            return sums
        rolled = Sums(sums.shape)
        for pk, numbers in sums.by_agency.items():
            line = owner.get(pk, pk)
            current = rolled.by_agency.get(line)
            rolled.by_agency[line] = numbers if current is None else _add_lists(current, numbers)
        return rolled


# Who reported.


class Attendance(NamedTuple):
    """How one agency reported in the window.

    Counted per period owed: in a year, a monthly agency owes up to twelve reports and a quarterly one four,
    each for a period that ended while it existed (``Agency.owes_report_for``). An agency that sent 11 of
    12 is 11 sent and 1 missing, never "not reported" over the whole year.
    """

    owed: int  # the periods of its frequency it owed a report for
    on_time: int  # of those, sent by the deadline
    late: int  # of those, sent after it
    submitted: int  # the reports it sent in the window: of its own frequency, or all it sent
    sent_late: int  # of those, sent after the deadline

    @property
    def missing(self):
        return self.owed - self.on_time - self.late

    @property
    def status(self):
        """The agency's own line: "missing" while a period owed has no report, else "late" or "on_time"."""
        if self.missing:
            return "missing"
        return "late" if self.sent_late else "on_time"


def _late_from(periods):
    """Period id -> the moment from which a report of it is late, in UTC.

    A report is late when sent on a local date after its period's deadline, i.e. at or after the local
    midnight that ends the deadline. That moment in UTC, the database's zone, so that comparing it with a
    submission time needs no time zone conversion (both carry the same tzinfo).
    """
    tz = timezone.get_current_timezone()
    return {
        p.pk: datetime.datetime.combine(p.deadline + datetime.timedelta(days=1), datetime.time(), tzinfo=tz).astimezone(
            datetime.UTC
        )
        for p in periods
    }


def _sent(reports, periods):
    """``(late, counts)``: whether each report sent was late, by (agency, period); and ``[sent, sent late]`` per
    (agency, period kind) that has a report, sent or not. One pass over a year's 1,800 reports."""
    kind_of = {p.pk: p.kind for p in periods}
    late_of, counts = {}, {}
    for report in reports:
        agency_id, period_id, late = report.agency_id, report.period_id, report.late
        key = (agency_id, kind_of[period_id])
        count = counts.get(key)
        if count is None:
            count = counts[key] = [0, 0]
        if late is not None:
            late_of[agency_id, period_id] = late
            count[0] += 1
            count[1] += late
    return late_of, counts


def _owed(agency, periods):
    """The ``periods`` (of one kind, in order) ``agency`` owed a report for (``Agency.owes_report_for``). An
    agency is active over one span of days: owing the first and the last, it owed every one between."""
    if periods and agency.owes_report_for(periods[0]) and agency.owes_report_for(periods[-1]):
        return periods
    return [p for p in periods if agency.owes_report_for(p)]


def _sent_counts(counts, agency):
    """``(sent, sent late)`` of the reports ``agency`` sent of its own frequency, or of all it sent."""
    own = counts.get((agency.pk, agency.report_frequency))
    if own is not None:
        return own
    parts = [counts.get((agency.pk, kind)) for kind in calendar.SUBMISSION_KINDS]
    return [sum(column) for column in zip(*(part for part in parts if part), strict=True)] or (0, 0)


def _attendance(agencies, current, reports):
    """Agency id -> ``Attendance``, for the agencies that owed a report in the window or sent one.

    ``agencies``: ``sql.AgencyRow``, which borrow ``Agency.owes_report_for``; ``current``: the window's months
    and quarters. The reports an agency sent are counted among those of its own frequency, or all it sent.
    """
    periods_of = defaultdict(list)
    for p in current:
        periods_of[p.kind].append(p)
    late_of, counts = _sent(reports, current)
    attendance, owed_by_span = {}, {}
    for agency in agencies:
        # What an agency owed depends on its frequency and span only: most agencies share one.
        span = (agency.report_frequency, agency.must_report, agency.active_from, agency.active_until)
        owed = owed_by_span.get(span)
        if owed is None:
            owed = owed_by_span[span] = _owed(agency, periods_of[agency.report_frequency])
        slots = [late_of.get((agency.pk, p.pk)) for p in owed]
        submitted, sent_late = _sent_counts(counts, agency)
        if slots or submitted:
            on_time, late = slots.count(False), slots.count(True)
            attendance[agency.pk] = Attendance(len(slots), on_time, late, submitted, sent_late)
    return attendance


def _completeness(attendance):
    """The reports owed in the window, each sent on time, late or not at all; and how many agencies owed them.

    Counted per period owed, as the completeness board counts (``reports.selectors.completeness_board``): a
    quarter's figure is its quarterly reports and its monthly reporters' three months each.
    """
    owing = [a for a in attendance if a.owed]
    return {
        "expected": sum(a.owed for a in owing),
        "on_time": sum(a.on_time for a in owing),
        "late": sum(a.late for a in owing),
        "missing": sum(a.missing for a in owing),
        "agencies": len(owing),
    }


# The breakdowns by agency, kind and district-level unit.


@dataclass
class Breakdowns:
    agencies: list = field(default_factory=list)  # the agencies' rows, by name
    kinds: dict = field(default_factory=dict)  # agency kind -> its row
    units: dict = field(default_factory=dict)  # local unit code -> its row (district- or commune-level)
    places: dict = field(default_factory=dict)  # agency id -> (its row, its kind's, its unit's or None)


def _breakdowns(agencies, attendance, names, period):
    """The rows of the agencies in ``attendance``, of their kinds and of their local units: no sums yet.

    ``names``: the names of the lines that carry predecessors (``Lines.names``), else the agency's own. The
    local units are those of the period's local level (``wording.local_level``).
    """
    result = Breakdowns()
    communes = local_level(period) == AdministrativeUnit.Level.COMMUNE
    for agency in agencies:
        seen = attendance.get(agency.pk)
        if seen is None:
            continue
        unit = _local_unit(agency, communes)
        row = _agency_row(agency, seen, unit, names.get(agency.pk, agency.name))
        kind = result.kinds.get(agency.kind)
        if kind is None:
            kind = result.kinds[agency.kind] = _kind_row(agency.kind, period)
        kind["expected"] += 1 if seen.owed else 0
        kind["reported"] += 1 if seen.submitted else 0
        district = None
        if unit is not None:
            district = result.units.get(unit[0])
            if district is None:
                district = result.units[unit[0]] = _unit_row(*unit)
            district["agencies"] += 1
            district["reported"] += 1 if seen.submitted else 0
        result.agencies.append(row)
        result.places[agency.pk] = (row, kind, district)
    return result


def _local_unit(agency, communes):
    """``(code, name)`` of the local unit an agency (an ``AgencyRow``) belongs to, or None.

    ``communes``: the period's local level is the commune level (from 01/07/2025): an agency of a
    commune-level unit is counted in it. Otherwise, and for an agency of a (former) district, the
    district-level unit: a 2025 year shows the districts that reported its first two quarters too.
    """
    if communes and agency.unit__level == AdministrativeUnit.Level.COMMUNE:
        return agency.unit__code, agency.unit__name
    if agency.unit__level == AdministrativeUnit.Level.DISTRICT:
        return agency.unit__code, agency.unit__name
    if agency.unit__level == AdministrativeUnit.Level.COMMUNE and agency.unit__parent__level == "district":
        return agency.unit__parent__code, agency.unit__parent__name
    return None


def _agency_row(agency, seen, unit, name):
    return {
        "id": agency.pk,
        "code": agency.code,
        "name": name,
        "kind": agency.kind,
        "unit": agency.unit__name or "",
        "district_code": unit[0] if unit else None,
        "status": seen.status,
        "expected": seen.owed,
        "submitted": seen.submitted,
        "late": seen.sent_late,
        "items": 0,
        "values": {},
        "themes": {},
    }


def _kind_row(kind, period):
    label = kind_label(kind, period)
    # "values": the members' sums per metric, lists added up by ``_add_agency_sums``.
    return {"kind": kind, "label": label, "expected": 0, "reported": 0, "items": 0, "values": []}


def _unit_row(code, name):
    return {"code": code, "name": name, "agencies": 0, "reported": 0, "items": 0, "values": []}


def _kind_rank(kind_row):
    """The document's order of agency kinds (``KIND_LABELS``), unknown kinds last."""
    order = list(KIND_LABELS)
    return order.index(kind_row["kind"]) if kind_row["kind"] in order else len(order)


def _add_agency_sums(breakdowns, sums):
    """Each agency's sums to its row, named by key, and to its kind's and unit's; the reach of each theme.

    The kinds' and units' lists are added up column by column at the end. Returns how many agencies have a
    figure in each theme, in the plan's order.
    """
    keys, codes = sums.shape.keys, sums.shape.themes
    k, t = len(keys), len(codes)
    primary = [key in sums.shape.primary for key in keys]
    places, theme_totals = breakdowns.places, []
    for agency_id, numbers in sums.by_agency.items():
        place = places.get(agency_id)
        if place is None:
            continue  # an agency that neither owed nor sent a report
        row, kind, unit = place
        # ``Sums.split``, spelled out: a year walks this for each of 250 agencies.
        values, theme_items = numbers[:k], numbers[k + t :]
        items = sum(compress(values, primary))
        # Sums are never negative: compress keeps the non-zero ones.
        row["values"] = dict(compress(zip(keys, values, strict=True), values))
        row["themes"] = dict(compress(zip(codes, theme_items, strict=True), theme_items))
        row["items"] = items
        theme_totals.append(numbers[k : k + t])
        kind["values"].append(values)
        kind["items"] += items
        if unit is not None:
            unit["values"].append(values)
            unit["items"] += items
    for bucket in (*breakdowns.kinds.values(), *breakdowns.units.values()):
        summed = [sum(column) for column in zip(*bucket["values"], strict=True)] or [0] * len(keys)
        bucket["values"] = dict(compress(zip(keys, summed, strict=True), summed))
    return [sum(map(bool, column)) for column in zip(*theme_totals, strict=True)] or [0] * len(codes)


# The totals per theme, per channel and over time.


def _cells_by_key(cells, plan, current_ids):
    """The cells named by metric key and theme code: the window's sums per (theme, key) and every window's per
    (period, key). Metrics and themes of another plan never belong to this report's own rows."""
    key_of, code_of = plan.key_of, plan.code_of
    by_theme, by_period = defaultdict(int), defaultdict(int)
    for period_id, metric_id, theme_id, total in cells:  # ``sql.CellRow``, unpacked: a quarter reads 1,300
        key = key_of.get(metric_id)
        if key is None:
            continue
        if period_id is None:  # the window's cells merged (``window_cells``)
            by_theme[code_of.get(theme_id), key] += total
            continue
        if period_id in current_ids:
            by_theme[code_of.get(theme_id), key] += total
        by_period[period_id, key] += total
    return by_theme, by_period


def _themes(plan, by_theme, reach):
    """The theme rows (their metrics' totals and items, and how many agencies reached each) and the totals per
    metric."""
    rows = {
        theme.code: {"code": theme.code, "name": theme.name, "items": 0, "agencies": n, "values": {}}
        for theme, n in zip(plan.themes, reach, strict=True)
    }
    primary = plan.shape.primary
    metric_totals = defaultdict(int)
    for (code, key), value in by_theme.items():
        row = rows.get(code)
        if row is not None:
            row["values"][key] = row["values"].get(key, 0) + value
            if key in primary:
                row["items"] += value
        metric_totals[key] += value
    return list(rows.values()), metric_totals


def _window_totals(by_period, by_id, window):
    """The totals per metric key of ``window``, or None without a window."""
    if window is None:
        return None
    totals = defaultdict(int)
    for (period_id, key), total in by_period.items():
        if calendar.counts_in(by_id[period_id], window):
            totals[key] += total
    return totals


def _window_name(window):
    return {"code": window.code, "label": period_label(window)} if window else None


def _channels(plan, totals, previous, year_before):
    return [
        {
            "code": channel.code,
            "name": channel.name,
            "metrics": [
                {
                    "key": m.key,
                    "name": m.name,
                    "unit": m.unit,
                    "primary": m.key in plan.shape.primary,
                    "total": totals.get(m.key, 0),
                    "previous": previous.get(m.key, 0) if previous is not None else None,
                    "year_before": year_before.get(m.key, 0) if year_before is not None else None,
                }
                for m in channel.metrics
            ],
        }
        for channel in plan.channels
    ]


def _trend(windows, period, by_period, by_id, shape):
    """Items and totals per metric of each trend window that has begun by the end of ``period``."""
    keys, primary = set(shape.keys), shape.primary
    trend = []
    for window in windows:
        if window.start > period.end:
            continue
        totals = _window_totals(by_period, by_id, window)
        trend.append(
            {
                "code": window.code,
                "label": capfirst(period_label(window)),
                "items": sum(v for k, v in totals.items() if k in primary),
                "values": {k: v for k, v in totals.items() if k in keys},
            }
        )
    return trend


# The narratives.


def _counted_reports(reports, statuses, agencies, current):
    """The counted reports by agency name (the order of query 7: every report's agency is among those), then
    period."""
    rank = {agency.pk: index for index, agency in enumerate(agencies)}
    start_of = {p.pk: p.start for p in current}
    counted = [r for r in reports if r.status in statuses]
    return sorted(counted, key=lambda r: (rank[r.agency_id], start_of[r.period_id]))


def _narratives(counted, agencies):
    """What each counted report wrote of shortcomings, next tasks and proposals, attributed to its agency."""
    name_of = {agency.pk: agency.name for agency in agencies}
    narratives = {"shortcomings": [], "next_tasks": [], "proposals": []}
    for report in counted:
        for part, texts in narratives.items():
            text = getattr(report, part)
            if text.strip():
                texts.append({"agency": name_of[report.agency_id], "text": text})
    return narratives
