"""Reads of the breakdown of reports by emulation movement and occasion (``models.Attribution``).

``results(period)`` gives, for the accepted reports of a window, how many of the main figures (each channel's
primary metric) the agencies attributed to each movement and each occasion, and how many agencies did, counted
as the aggregation counts them (``province/aggregation.py``): an agency that has ended by the window's last day
counts on the line of the agency it is part of then (``agencies.successions``). Two queries whatever the number
of reports: the breakdown rows of the window grouped per agency, and the successions.
"""

import datetime
from collections import defaultdict
from operator import attrgetter
from typing import NamedTuple

from django.db import connection

from agencies import successions
from campaigns.models import Channel, Metric, Movement, Occasion
from core.db import db_table, fetch

from . import calendar
from .models import ActivityReport, Attribution, ReportingPeriod

QUERY_COUNT = 2


class ResultMetric(NamedTuple):
    pk: int
    channel: str  # the channel's short name
    name: str
    unit: str


class ResultRow(NamedTuple):
    """One movement or occasion: its name, the sums in the order of ``Results.metrics``, how many agencies."""

    code: str
    name: str
    values: tuple
    agencies: int

    @property
    def items(self):
        """The products and activities: the primary metrics added up, as the province report adds them."""
        return sum(self.values)

    def parts(self, metrics):
        """``[(metric, value)]`` of the metrics (``Results.metrics``) with a value."""
        return [(metric, value) for metric, value in zip(metrics, self.values, strict=True) if value]


class Line(NamedTuple):
    """A ``ResultRow`` for a page: its name, items, agencies and ``(metric, value)`` parts."""

    name: str
    items: int
    agencies: int
    parts: list


class Results(NamedTuple):
    metrics: tuple  # ``ResultMetric``, in the plan's order of channels
    movements: tuple  # ``ResultRow``, by name
    occasions: tuple  # ``ResultRow``, by date

    def __bool__(self):
        return bool(self.movements or self.occasions)

    def lines(self, rows):
        return [Line(row.name, row.items, row.agencies, row.parts(self.metrics)) for row in rows]

    @property
    def movement_lines(self):
        return self.lines(self.movements)

    @property
    def occasion_lines(self):
        return self.lines(self.occasions)


class WindowRow(NamedTuple):
    """The attributions of one agency to one movement and/or occasion for one metric, summed over the window."""

    agency_id: int
    movement_code: str | None
    movement_name: str | None
    occasion_code: str | None
    occasion_name: str | None
    occasion_starts_on: datetime.date | None
    metric_id: int
    metric_name: str
    metric_unit: str
    channel_name: str  # the metric's channel's short name
    channel_order: int
    metric_order: int
    total: int


def window_rows(period):
    """The breakdown rows of the accepted reports of the months and quarters inside ``period`` (a
    ``ReportingPeriod`` or a ``calendar.Window``), summed per agency, movement, occasion and metric (one query):
    ``[WindowRow]``.

    Plain SQL, summed by ids in a subquery and named after: the ORM's one query over the seven tables cost more
    to plan than to run (about 1.5 ms of a cold dashboard, even with no row). Movement and occasion codes are
    unique, so summing by their ids is summing by their codes and names.
    """
    table, quote = db_table, connection.ops.quote_name
    order = quote("order")
    rows = fetch(
        f"SELECT s.agency_id, mv.code, mv.name, oc.code, oc.name, oc.starts_on, s.metric_id, m.name, m.unit, "  # noqa: S608
        f"ch.short_name, ch.{order}, m.{order}, s.total "
        f"FROM (SELECT r.agency_id, a.movement_id, a.occasion_id, a.metric_id, SUM(a.value) AS total "
        f"FROM {table(Attribution)} a JOIN {table(ActivityReport)} r ON r.id = a.report_id "
        f"WHERE r.status = %s AND r.period_id IN (SELECT id FROM {table(ReportingPeriod)} "
        f'WHERE kind IN (%s, %s) AND start >= %s AND "end" <= %s) '
        f"GROUP BY r.agency_id, a.movement_id, a.occasion_id, a.metric_id) s "
        f"LEFT JOIN {table(Movement)} mv ON mv.id = s.movement_id "
        f"LEFT JOIN {table(Occasion)} oc ON oc.id = s.occasion_id "
        f"JOIN {table(Metric)} m ON m.id = s.metric_id JOIN {table(Channel)} ch ON ch.id = m.channel_id",
        [str(ActivityReport.Status.ACCEPTED), *calendar.SUBMISSION_KINDS, period.start, period.end],
        row=WindowRow,
    )
    if connection.vendor == "postgresql":
        return rows
    # SQLite's raw rows carry dates as text: made dates, as the ORM reads them.
    return [r._replace(occasion_starts_on=_date(r.occasion_starts_on)) for r in rows]


def _date(value):
    return datetime.date.fromisoformat(value) if isinstance(value, str) else value


def results(period, *, graph=None) -> Results:
    """Per movement and per occasion: the main figures attributed to it by the accepted reports of ``period``, and
    the number of agencies that did (successors counting their predecessors once). ``QUERY_COUNT`` queries
    (one less with ``graph``, the successions already loaded)."""
    rows = window_rows(period)
    graph = graph or successions.load_graph()
    metrics = {}
    for row in rows:
        metrics[row.metric_id] = (
            (row.channel_order, row.metric_order, row.metric_id),
            ResultMetric(row.metric_id, row.channel_name, row.metric_name, row.metric_unit),
        )
    ordered = tuple(metric for _rank, metric in sorted(metrics.values()))
    column = {metric.pk: index for index, metric in enumerate(ordered)}
    line = successions.current_of({row.agency_id for row in rows}, on=period.end, graph=graph)
    movements = _rows(rows, "movement", column, line, order=lambda r: r.movement_name)
    occasions = _rows(rows, "occasion", column, line, order=lambda r: (r.occasion_starts_on, r.occasion_name))
    return Results(ordered, movements, occasions)


def _rows(rows, prefix, column, line, *, order):
    values = defaultdict(lambda: [0] * len(column))
    agencies = defaultdict(set)
    names = {}
    code_of, name_of = attrgetter(f"{prefix}_code"), attrgetter(f"{prefix}_name")
    for row in sorted(rows, key=lambda r: (code_of(r) is None, order(r) if code_of(r) else 0)):
        code = code_of(row)
        if code is None:
            continue
        names.setdefault(code, name_of(row))
        values[code][column[row.metric_id]] += row.total
        agencies[code].add(line[row.agency_id])
    return tuple(ResultRow(code, names[code], tuple(values[code]), len(agencies[code])) for code in names)


def snapshot(period, *, graph=None) -> dict | None:
    """``results(period)`` as plain JSON for a compiled report's frozen snapshot (``QUERY_COUNT`` queries), or None
    when no accepted report of the window attributed anything: ``metrics`` [{channel, name, unit}], then
    ``movements`` and ``occasions`` [{code, name, values (in the order of ``metrics``), items, agencies}]."""
    found = results(period, graph=graph)
    if not found:
        return None

    def lines(rows):
        return [
            {"code": r.code, "name": r.name, "values": list(r.values), "items": r.items, "agencies": r.agencies}
            for r in rows
        ]

    return {
        "metrics": [{"channel": m.channel, "name": m.name, "unit": m.unit} for m in found.metrics],
        "movements": lines(found.movements),
        "occasions": lines(found.occasions),
    }
