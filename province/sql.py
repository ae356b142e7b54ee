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
from core.db import fetch
from honourees.models import Honouree, HonoureeCoverage
from reports.models import AcceptedTotal, ActivityReport, Figure


def _table(model):
    return connection.ops.quote_name(model._meta.db_table)


def _marks(values):
    """``%s, %s, …`` for an ``IN (…)`` of ``values`` (one placeholder each, the same SQL on both databases)."""
    return ", ".join(["%s"] * len(values))


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
    agency: str  # the agency's name
    channel: str  # the channel's short name


def honourees(period_ids, statuses):
    """The honourees, not rejected ones, introduced by the reports of ``period_ids`` in ``statuses``, by name."""
    statuses = [str(s) for s in statuses]
    return fetch(
        "SELECT h.id, h.name, h.category, a.name, ch.short_name "  # noqa: S608
        f"FROM {_table(HonoureeCoverage)} hc JOIN {_table(Honouree)} h ON h.id = hc.honouree_id "
        f"JOIN {_table(ActivityReport)} r ON r.id = hc.report_id JOIN {_table(Agency)} a ON a.id = r.agency_id "
        f"JOIN {_table(Channel)} ch ON ch.id = hc.channel_id "
        f"WHERE r.period_id IN ({_marks(period_ids)}) AND r.status IN ({_marks(statuses)}) AND h.status <> %s "
        "ORDER BY h.name, a.name",
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
