"""Reads of the breakdown of reports by emulation movement and occasion (``models.Attribution``).

``results(period)`` gives, for the accepted reports of a window, how many of the main figures (each channel's
primary metric) the agencies attributed to each movement and each occasion, and how many agencies did, counted
as the aggregation counts them (``province/aggregation.py``): an agency that has ended by the window's last day
counts on the line of the agency it is part of then (``agencies.successions``). Two queries whatever the number
of reports: the breakdown rows of the window grouped per agency, and the successions.
"""

from collections import defaultdict
from typing import NamedTuple

from django.db.models import Sum

from agencies import successions

from . import calendar
from .models import ActivityReport, Attribution

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


def window_rows(period):
    """The breakdown rows of the accepted reports of the months and quarters inside ``period`` (a
    ``ReportingPeriod`` or a ``calendar.Window``), summed per agency, movement, occasion and metric (one query)."""
    return (
        Attribution.objects.filter(
            report__status=ActivityReport.Status.ACCEPTED,
            report__period__kind__in=calendar.SUBMISSION_KINDS,
            report__period__start__gte=period.start,
            report__period__end__lte=period.end,
        )
        .values(
            "report__agency_id",
            "movement__code",
            "movement__name",
            "occasion__code",
            "occasion__name",
            "occasion__starts_on",
            "metric_id",
            "metric__name",
            "metric__unit",
            "metric__channel__short_name",
            "metric__channel__order",
            "metric__order",
        )
        .annotate(total=Sum("value"))
        .order_by()
    )


def results(period, *, graph=None) -> Results:
    """Per movement and per occasion: the main figures attributed to it by the accepted reports of ``period``, and
    the number of agencies that did (successors counting their predecessors once). ``QUERY_COUNT`` queries
    (one less with ``graph``, the successions already loaded)."""
    rows = list(window_rows(period))
    graph = graph or successions.load_graph()
    metrics = {}
    for row in rows:
        metrics[row["metric_id"]] = (
            (row["metric__channel__order"], row["metric__order"], row["metric_id"]),
            ResultMetric(
                row["metric_id"], row["metric__channel__short_name"], row["metric__name"], row["metric__unit"]
            ),
        )
    ordered = tuple(metric for _rank, metric in sorted(metrics.values()))
    column = {metric.pk: index for index, metric in enumerate(ordered)}
    line = successions.current_of({row["report__agency_id"] for row in rows}, on=period.end, graph=graph)
    movements = _rows(rows, "movement", column, line, order=lambda r: r["movement__name"])
    occasions = _rows(rows, "occasion", column, line, order=lambda r: (r["occasion__starts_on"], r["occasion__name"]))
    return Results(ordered, movements, occasions)


def _rows(rows, prefix, column, line, *, order):
    values = defaultdict(lambda: [0] * len(column))
    agencies = defaultdict(set)
    names = {}
    for row in sorted(rows, key=lambda r: (r[f"{prefix}__code"] is None, order(r) if r[f"{prefix}__code"] else 0)):
        code = row[f"{prefix}__code"]
        if code is None:
            continue
        names.setdefault(code, row[f"{prefix}__name"])
        values[code][column[row["metric_id"]]] += row["total"]
        agencies[code].add(line[row["report__agency_id"]])
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
