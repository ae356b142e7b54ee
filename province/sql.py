"""The province's hand-written SQL: the aggregation's fixed reads, and the one helper that runs them.

Plain SQL where building a query through the ORM cost more than running it:
the plan, the agencies, the honourees and the accepted totals are a few hundred
rows each, read on every compile and cold dashboard (measured: 9 ms through the
ORM against 3.5 ms for the first four). And where the ORM has no words for it:
``GROUP BY GROUPING SETS``. Table and column names come from the models, every
value is a parameter. Each read returns named rows, so no reader counts columns.
"""

import datetime
from typing import NamedTuple

from django.db import connection

from agencies.models import AdministrativeUnit, Agency
from campaigns.models import Channel, Metric, Theme
from core.db import db_table as _table
from core.db import fetch
from core.db import placeholders as _marks
from honourees.models import Honouree, HonoureeCoverage
from reports.models import AcceptedMetricTotal, AcceptedTotal, ActivityReport, Figure, ReportingPeriod

from .models import ReferenceToken

# -- the agencies ------------------------------------------------------------------


class AgencyRow(NamedTuple):
    """An agency with its unit and the unit's parent."""

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

    # The model's rules about a period, borrowed: they read only the fields above (``Agency.is_active_during``).
    may_report_for = Agency.may_report_for
    owes_report_for = Agency.owes_report_for


def agencies():
    """Every agency with its unit and the unit's parent, by name: ``[AgencyRow]``."""
    agency, unit = _table(Agency), _table(AdministrativeUnit)
    return fetch(
        "SELECT a.id, a.code, a.name, a.kind, a.must_report, a.report_frequency, a.active_from, a.active_until, "  # noqa: S608
        "u.name, u.code, u.level, p.code, p.name, p.level "
        f"FROM {agency} a LEFT JOIN {unit} u ON u.id = a.unit_id LEFT JOIN {unit} p ON p.id = u.parent_id "
        "ORDER BY a.name",
        row=AgencyRow,
    )


# -- the plan ----------------------------------------------------------------------


class MetricRow(NamedTuple):
    """A channel with one of its metrics (``pk`` and the rest None for a channel without metrics)."""

    plan_id: int
    channel_id: int
    channel_code: str
    channel_name: str
    pk: int | None
    code: str | None
    order: int | None
    name: str | None
    unit: str | None


def plan_metrics(plan_ids):
    """The channels of the plans ``plan_ids`` with their metrics (one LEFT JOIN), in the plans' order."""
    order = connection.ops.quote_name("order")
    return fetch(
        f"SELECT c.plan_id, c.id, c.code, c.short_name, m.id, m.code, m.{order}, m.name, m.unit "  # noqa: S608
        f"FROM {_table(Channel)} c LEFT JOIN {_table(Metric)} m ON m.channel_id = c.id "
        f"WHERE c.plan_id IN ({_marks(plan_ids)}) ORDER BY c.{order}, c.id, m.{order}, m.id",
        plan_ids,
        row=MetricRow,
    )


class ThemeRow(NamedTuple):
    plan_id: int
    pk: int
    code: str
    name: str  # the short name


def plan_themes(plan_ids):
    """The themes of the plans ``plan_ids``, in the plans' order."""
    order = connection.ops.quote_name("order")
    return fetch(
        f"SELECT plan_id, id, code, short_name FROM {_table(Theme)} WHERE plan_id IN ({_marks(plan_ids)}) "  # noqa: S608
        f"ORDER BY {order}, id",
        plan_ids,
        row=ThemeRow,
    )


# -- the honourees ---------------------------------------------------------------


class HonoureeRow(NamedTuple):
    """An honouree as one report of an agency introduced it on one channel: public fields only."""

    pk: int
    name: str
    category: str
    agency_id: int  # the reporting agency (its name from the aggregation's agencies)
    channel: str  # the channel's short name


def honourees(period_ids, statuses):
    """The honourees, not rejected ones, introduced by the reports of ``period_ids`` in ``statuses``, by name. The
    agencies' names are the caller's to add (it has read them all): the join cost more to plan than to run."""
    statuses = [str(s) for s in statuses]
    return fetch(
        "SELECT h.id, h.name, h.category, r.agency_id, ch.short_name "  # noqa: S608
        f"FROM {_table(HonoureeCoverage)} hc JOIN {_table(Honouree)} h ON h.id = hc.honouree_id "
        f"JOIN {_table(ActivityReport)} r ON r.id = hc.report_id JOIN {_table(Channel)} ch ON ch.id = hc.channel_id "
        f"WHERE r.period_id IN ({_marks(period_ids)}) AND r.status IN ({_marks(statuses)}) AND h.status <> %s "
        "ORDER BY h.name, h.id, r.agency_id, ch.id",
        [*period_ids, *statuses, str(Honouree.Status.REJECTED)],
        row=HonoureeRow,
    )


# -- the figures -------------------------------------------------------------------


class AgencySumRow(NamedTuple):
    """One agency's figures summed per metric (``theme_id`` None) or per theme (``metric_id`` None)."""

    agency_id: int
    metric_id: int | None
    theme_id: int | None
    total: int | None
    items: int | None  # per theme: the primary metrics' figures only


def agency_sums(period_ids, statuses, primary_ids):
    """The figures of the reports of ``period_ids`` in ``statuses`` summed per agency × metric and per agency ×
    theme: ``[AgencySumRow]``. PostgreSQL only: one hash pass over the raw rows with the two keys."""
    figure, report = _table(Figure), _table(ActivityReport)
    statuses = [str(s) for s in statuses]
    if statuses == [ActivityReport.Status.ACCEPTED]:
        # Accepted figures only: a range scan of the window's rows (Figure.accepted), no join.
        source, params = f"{figure} f WHERE f.accepted AND f.period_id = ANY(%s)", [list(period_ids)]
    else:
        source = f"{figure} f JOIN {report} r ON r.id = f.report_id WHERE f.period_id = ANY(%s) AND r.status = ANY(%s)"
        params = [list(period_ids), statuses]
    # A NULL metric marks the agency × theme rows.
    sql = f"""
        SELECT f.agency_id, f.metric_id, f.theme_id,
               SUM(f.value) AS total,
               SUM(f.value) FILTER (WHERE f.metric_id = ANY(%s)) AS items
        FROM {source}
        GROUP BY GROUPING SETS ((f.agency_id, f.metric_id), (f.agency_id, f.theme_id))
    """  # noqa: S608
    return fetch(sql, [list(primary_ids), *params], row=AgencySumRow)


class CellRow(NamedTuple):
    """The counted figures of one period, metric and theme, summed."""

    period_id: int
    metric_id: int
    theme_id: int
    total: int


def accepted_cells(period_ids):
    """``[CellRow]`` of the accepted figures of ``period_ids``, from ``AcceptedTotal`` (no empty cell)."""
    return fetch(
        f"SELECT period_id, metric_id, theme_id, total FROM {_table(AcceptedTotal)} "  # noqa: S608
        f"WHERE period_id IN ({_marks(period_ids)}) AND total <> 0",
        period_ids,
        row=CellRow,
    )


def accepted_cells_merged(period_ids, merged_ids):
    """``[CellRow]`` of the accepted figures of ``period_ids`` as ``accepted_cells``, except those of
    ``merged_ids`` (the window itself): added up over their periods per metric and theme (``period_id`` None).
    The other periods (the windows it is compared with) per metric (``theme_id`` None), from
    ``AcceptedMetricTotal``.

    The dashboard's read: a year is 1,800 cells, a few hundred rows grouped; the year before is its 16 periods'
    224 totals per metric, where grouping its cells read 1,700 (at ten phases of data).
    """
    if not merged_ids:
        return accepted_cells(period_ids)
    merged = set(merged_ids)
    others = [pk for pk in period_ids if pk not in merged]
    window = list(merged.intersection(period_ids))
    if not window:
        return accepted_metric_totals(others)
    sql = (
        f"SELECT NULL, metric_id, theme_id, CAST(SUM(total) AS BIGINT) FROM {_table(AcceptedTotal)} "  # noqa: S608
        f"WHERE period_id IN ({_marks(window)}) AND total <> 0 GROUP BY metric_id, theme_id"
    )
    if others:
        sql += (
            f" UNION ALL SELECT period_id, metric_id, NULL, total FROM {_table(AcceptedMetricTotal)} "  # noqa: S608
            f"WHERE period_id IN ({_marks(others)}) AND total <> 0"
        )
    return fetch(sql, [*window, *others], row=CellRow)


def accepted_metric_totals(period_ids):
    """``[CellRow]`` of the accepted figures of ``period_ids`` per period and metric (``theme_id`` None)."""
    if not period_ids:
        return []
    return fetch(
        f"SELECT period_id, metric_id, NULL, total FROM {_table(AcceptedMetricTotal)} "  # noqa: S608
        f"WHERE period_id IN ({_marks(period_ids)}) AND total <> 0",
        period_ids,
        row=CellRow,
    )


# -- the reports -----------------------------------------------------------------------


def reports(late_from, *, texts, row):
    """The reports of the periods of ``late_from`` (period id -> the moment, in UTC, from which a report of it is
    late) as ``row``: agency, period, status, whether it was sent late (None when not sent), the accepted sums and,
    with ``texts``, the three narratives (the aggregation's ``ReportRow``; ``ReportFigures`` without).

    PostgreSQL compares each submission time with its period's moment in the query (the moments given as an
    array joined to the reports): reading a year's 1,554 reports took 4.9 ms with their submission times made
    Python times, 3.5 ms without (load 1.6). SQLite's rows carry the times, compared here.
    """
    if not late_from:
        return []
    narratives = ", r.shortcomings, r.next_tasks, r.proposals" if texts else ""
    table, ids = _table(ActivityReport), list(late_from)
    if connection.vendor == "postgresql":
        return fetch(
            f"SELECT r.agency_id, r.period_id, r.status, r.submitted_at >= l.late_from, r.accepted_sums{narratives} "  # noqa: S608
            f"FROM {table} r JOIN unnest(%s::bigint[], %s::timestamptz[]) AS l(period_id, late_from) "
            "ON l.period_id = r.period_id",
            [ids, [late_from[pk] for pk in ids]],
            row=row,
        )
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT r.agency_id, r.period_id, r.status, r.submitted_at, r.accepted_sums{narratives} "  # noqa: S608
            f"FROM {table} r WHERE r.period_id IN ({_marks(ids)})",
            ids,
        )
        found = cursor.fetchall()
    # SQLite's raw rows carry naive times (stored in UTC): made aware, as the ORM reads them, then compared.
    return [
        row(agency, period, status, None if sent is None else _aware(sent) >= late_from[period], *rest)
        for agency, period, status, sent, *rest in found
    ]


def _aware(moment):
    if moment is None or moment.tzinfo is not None:
        return moment
    return moment.replace(tzinfo=datetime.UTC)


# -- the dashboard's trend ---------------------------------------------------------------

# The accepted totals of the windows' months and quarters; the windows themselves and the plans' metrics are
# reference data (``province.reference``), read first in a process that has not kept them.
TREND_QUERY_COUNT = 1


class TrendRow(NamedTuple):
    """A window of the trend with the accepted products and activities of its months and quarters."""

    code: str
    kind: str
    year: int
    number: int
    items: int | None  # None: no accepted figure


def trend(windows, *, metrics_of):
    """``[TrendRow]`` of ``windows`` (``(window, its months and quarters)``: rows with ``code``, ``kind``,
    ``year``, ``number``, and ``pk``, ``plan_id``), in their order, each with the accepted figures of the
    primary metrics (``Metric.primary_ids``) of its months and quarters: ``TREND_QUERY_COUNT`` queries.

    Their totals per metric (``AcceptedMetricTotal``: a year's trend is 896 rows there, 5,047 cells of
    ``AcceptedTotal``), given the periods' and the primary metrics' ids as values. ``metrics_of``: the plans'
    channels and metrics (``plan_metrics``, or one that keeps them), given the plans' ids as a sorted tuple. A
    period's totals are of its own plan's metrics (the services write no other), so this is "the primary metrics
    of whichever plan": the trend of a new phase's first quarters goes back into the previous phase. One query
    with the primary metrics as a subquery cost ten times more at ten phases of data: PostgreSQL expected one
    primary metric and read the primary cells of every period.
    """
    periods = [p for _window, members in windows for p in members]
    items = _primary_totals([p.pk for p in periods], {p.plan_id for p in periods}, metrics_of)
    rows = []
    for window, members in windows:
        totals = [items[p.pk] for p in members if p.pk in items]
        rows.append(TrendRow(window.code, window.kind, window.year, window.number, sum(totals) if totals else None))
    return rows


def _primary_totals(period_ids, plan_ids, metrics_of):
    """Period id -> the accepted figures of its plan's primary metrics, added up (periods with none left out)."""
    if not period_ids:
        return {}
    metrics = [m for m in metrics_of(tuple(sorted(plan_ids))) if m.pk is not None]
    primary = sorted(Metric.primary_ids(metrics))
    if not primary:
        return {}
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT period_id, CAST(SUM(total) AS BIGINT) FROM {_table(AcceptedMetricTotal)} "  # noqa: S608
            f"WHERE period_id IN ({_marks(period_ids)}) AND metric_id IN ({_marks(primary)}) GROUP BY period_id",
            [*period_ids, *primary],
        )
        return dict(cursor.fetchall())


# -- the dashboard's data stamp ----------------------------------------------------------


def reports_stamp(counted, probed):
    """``(count, latest updated_at or None, reference token or None, latest rollup row or None)``, in one query.

    ``counted``: the ids of the months and quarters of the period shown, whose reports are counted (the dashboard
    reads those rows); ``probed``: those of every month and quarter from the earliest window it compares itself
    with (comparison, trend) to its end, each period's latest ``updated_at`` found by one probe of the report's
    (period, updated_at) index. The windows before are read only through ``AcceptedTotal`` and
    ``AcceptedMetricTotal``, which only accepting and reopening change, and both write the report's
    ``updated_at`` (``reports.services._write``). Counting every report of those nine years cost a fifth of a
    cold year's page at ten phases of data; the periods given as values, not found by a subquery, a third of
    the rest. The token is the one the database's triggers renew on any write to the reference data
    (``province.reference``). The latest id of ``AcceptedMetricTotal`` changes when a rebuild of the rollups
    (``services.accepted_totals_rebuild``, after a bulk load that kept old ``updated_at``) writes them anew: one
    probe of its key."""
    report = _table(ActivityReport)
    # The ids as a VALUES list: "column1" is its column's name on PostgreSQL and SQLite alike.
    latest = (
        f"(SELECT MAX((SELECT MAX(r.updated_at) FROM {report} r WHERE r.period_id = v.column1)) "  # noqa: S608
        f"FROM (VALUES {', '.join(['(%s)'] * len(probed))}) v)"
        if probed
        else "NULL"
    )
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT (SELECT COUNT(*) FROM {report} WHERE period_id IN ({_marks(counted) or 'NULL'})), {latest}, "  # noqa: S608
            f"(SELECT token FROM {_table(ReferenceToken)} WHERE id = 1), "
            f"(SELECT MAX(id) FROM {_table(AcceptedMetricTotal)})",
            [*counted, *probed],
        )
        count, updated, token, rollup = cursor.fetchone()
    if isinstance(updated, str):  # SQLite: MAX() of a text column is text, not a time
        updated = datetime.datetime.fromisoformat(updated)
    return count, _aware(updated), token, rollup


def periods(*, row):
    """Every reporting period as ``row`` (``reports.selectors.PeriodOption``: every column), by start, the longest
    first (the picker's order): one query. Reference data (``province.reference``): a few hundred rows that change
    when a plan's periods are made or a lock date is set."""
    table = _table(ReportingPeriod)
    return fetch(
        f'SELECT id, plan_id, kind, code, year, number, start, "end", deadline, lock_date FROM {table} '  # noqa: S608
        'ORDER BY start, "end" DESC, id',
        [],
        row=row,
    )
