"""Reads of guidance, each a fixed number of queries whatever the number of rows."""

import datetime
import itertools
from fractions import Fraction
from typing import NamedTuple

from django.db.models import Count, OuterRef, Q, Subquery, Window
from django.utils import timezone

from core.db import db_table, fetch, placeholders

from .models import Guidance, GuidanceRecipient, GuidanceReport


def rate(done, total):
    """``done / total`` as a percentage rounded half up to one decimal, or ``None`` when ``total`` is 0."""
    if not total:
        return None
    tenths = Fraction(done * 1000, total)
    return float(int(tenths + Fraction(1, 2))) / 10


def with_counts(queryset):
    return queryset.annotate(
        recipients_count=Count("recipients", distinct=True),
        acknowledged_count=Count("recipients", filter=Q(recipients__acknowledged_at__isnull=False), distinct=True),
    )


def guidance_list(queryset, *, agency_id=None):
    """The guidance rows of the list page (1 query): counts, and for agency staff their own acknowledgement."""
    rows = with_counts(queryset.select_related("issuer")).order_by("-issued_on", "-pk")
    if agency_id is not None:
        own = GuidanceRecipient.objects.filter(guidance=OuterRef("pk"), agency_id=agency_id)
        rows = rows.annotate(own_acknowledged_at=Subquery(own.values("acknowledged_at")[:1]))
    rows = list(rows)
    for row in rows:
        row.acknowledged_rate = rate(row.acknowledged_count, row.recipients_count)
    return rows


def recipients_of(guidance):
    """``(acknowledged, waiting)`` recipients of a guidance, each by agency name (1 query)."""
    rows = list(guidance.recipients.select_related("agency", "acknowledged_by").order_by("agency__name", "agency__pk"))
    return [r for r in rows if r.acknowledged_at], [r for r in rows if not r.acknowledged_at]


def own_recipient(guidance, agency_id):
    """The recipient row of ``agency_id`` for ``guidance``, or None (1 query)."""
    return GuidanceRecipient.objects.filter(guidance=guidance, agency_id=agency_id).select_related("guidance").first()


def report_links_of(guidance, *, reports=None):
    """The reports said to answer ``guidance`` (1 query); ``reports`` (a queryset) limits them to what one may read."""
    links = guidance.report_links.select_related("report__agency", "report__period").order_by(
        "report__period__end", "report__agency__name"
    )
    if reports is not None:
        links = links.filter(report__in=reports)
    return list(links)


def pending_for_agency(agency_id, *, today=None, limit=3):
    """For the home page of agency staff: issued guidance in force not yet acknowledged by the agency (1 query).

    ``(count, first rows)``: the count comes with each row (a window over the same filter).
    """
    today = today or timezone.localdate()
    rows = list(
        GuidanceRecipient.objects.filter(
            agency_id=agency_id,
            acknowledged_at__isnull=True,
            guidance__status=Guidance.Status.ISSUED,
            guidance__valid_until__gte=today,
        )
        .annotate(total=Window(Count("pk")))
        .select_related("guidance")
        .order_by("-guidance__issued_on", "-guidance__pk")[:limit]
    )
    return (rows[0].total if rows else 0), [r.guidance for r in rows]


def links_of_report(report):
    """The guidance a report answered (1 query)."""
    return list(GuidanceReport.objects.filter(report=report).select_related("guidance").order_by("guidance__issued_on"))


def reports_in_force(guidance, agency_id):
    """The agency's reports whose periods overlap the guidance's dates, to say one answered it (1 query)."""
    from reports.models import ActivityReport

    return list(
        ActivityReport.objects.filter(
            agency_id=agency_id, period__start__lte=guidance.valid_until, period__end__gte=guidance.valid_from
        )
        .select_related("period")
        .order_by("period__end")
    )


def linkable_guidance(report):
    """Issued guidance sent to the report's agency and in force during its period, not linked yet."""
    return (
        Guidance.objects.filter(
            status=Guidance.Status.ISSUED,
            recipients__agency_id=report.agency_id,
            valid_from__lte=report.period.end,
            valid_until__gte=report.period.start,
        )
        .exclude(report_links__report=report)
        .order_by("-issued_on", "-pk")
    )


class GuidanceInPeriod(NamedTuple):
    """An issued guidance document of the compiled report's dates with its counts (``guidance_in_period``)."""

    pk: int
    number: str
    title: str
    issued_on: datetime.date
    recipients_count: int
    acknowledged_count: int
    reports_count: int  # the activity reports linked to it, whatever their status
    accepted_reports_count: int

    @property
    def acknowledged_rate(self):
        return rate(self.acknowledged_count, self.recipients_count)


def guidance_in_period(start: datetime.date, end: datetime.date):
    """For the compiled report: guidance issued from ``start`` to ``end`` (both included); 1 query, plain SQL (the
    ORM's two took longer to build than to run).

    A dict: ``rows`` (``GuidanceInPeriod``: each issued guidance with ``recipients_count``,
    ``acknowledged_count``, ``acknowledged_rate`` (percent, one decimal, or None), ``reports_count`` (reports
    linked to it, whatever their status) and ``accepted_reports_count`` (those accepted)), and the period's
    totals ``recipients``, ``acknowledged`` and ``acknowledged_rate`` (over every recipient of every guidance).
    """
    from reports.models import ActivityReport

    guidance, recipient, link = db_table(Guidance), db_table(GuidanceRecipient), db_table(GuidanceReport)
    report = db_table(ActivityReport)
    rows = fetch(
        "SELECT g.id, g.number, g.title, g.issued_on, "  # noqa: S608
        f"(SELECT COUNT(*) FROM {recipient} r WHERE r.guidance_id = g.id), "
        f"(SELECT COUNT(*) FROM {recipient} r WHERE r.guidance_id = g.id AND r.acknowledged_at IS NOT NULL), "
        f"(SELECT COUNT(*) FROM {link} l WHERE l.guidance_id = g.id), "
        f"(SELECT COUNT(*) FROM {link} l JOIN {report} a ON a.id = l.report_id "
        "WHERE l.guidance_id = g.id AND a.status = %s) "
        f"FROM {guidance} g WHERE g.status = %s AND g.issued_on >= %s AND g.issued_on <= %s "
        "ORDER BY g.issued_on, g.id",
        [str(ActivityReport.Status.ACCEPTED), str(Guidance.Status.ISSUED), start, end],
        row=GuidanceInPeriod,
    )
    recipients = sum(g.recipients_count for g in rows)
    acknowledged = sum(g.acknowledged_count for g in rows)
    return {
        "rows": rows,
        "recipients": recipients,
        "acknowledged": acknowledged,
        "acknowledged_rate": rate(acknowledged, recipients),
    }


def order_delivery(order):
    """Ordered vs delivered per cell of a press order (2 queries).

    Delivered: the press agency's accepted figures of the reporting periods lying within the order's dates
    (a period that starts before the order or ends after it is not counted: its figures cannot be split).
    Each row has ``metric``, ``theme``, ``ordered``, ``delivered`` and ``rate`` (percent, one decimal; over
    100 when more was delivered than ordered). ``met``: how many cells were delivered in full.
    """
    from django.db.models import Sum

    from reports.models import Figure

    lines = list(order.lines.select_related("metric__channel", "theme"))
    sums = (
        Figure.objects.filter(
            agency_id=order.press_agency_id,
            accepted=True,
            period__start__gte=order.period_start,
            period__end__lte=order.period_end,
            metric_id__in={line.metric_id for line in lines},
            theme_id__in={line.theme_id for line in lines},
        )
        .values("metric_id", "theme_id")
        .annotate(total=Sum("value"))
    )
    delivered = {(row["metric_id"], row["theme_id"]): row["total"] for row in sums} if lines else {}
    rows = []
    for line in lines:
        got = delivered.get((line.metric_id, line.theme_id), 0)
        rows.append(
            {
                "metric": line.metric,
                "theme": line.theme,
                "ordered": line.quantity,
                "delivered": got,
                "rate": rate(got, line.quantity),
            }
        )
    return {"rows": rows, "met": sum(1 for r in rows if r["delivered"] >= r["ordered"]), "cells": len(rows)}


def order_list(queryset):
    """The rows of the orders page (1 query), each with its number of cells."""
    return list(queryset.select_related("press_agency").annotate(cells=Count("lines")).order_by("-ordered_on", "-pk"))


class OrderInPeriod(NamedTuple):
    """A press order of the compiled report's dates with its delivery (``orders_in_period``)."""

    pk: int
    number: str
    press_agency_id: int
    press_agency: str  # its name
    ordered_on: datetime.date
    period_start: datetime.date
    period_end: datetime.date
    budget: int | None
    delivery: dict


_ORDER_FIELDS = OrderInPeriod._fields[:-1]  # taken by name from an order's first line (``_OrderLineRow``)


class _OrderLineRow(NamedTuple):
    pk: int
    number: str
    press_agency_id: int
    press_agency: str
    ordered_on: datetime.date
    period_start: datetime.date
    period_end: datetime.date
    budget: int | None
    metric_id: int | None  # None for an order without cells
    theme_id: int | None
    quantity: int | None
    channel: str | None  # the metric's channel's short name
    metric: str | None
    unit: str | None
    theme: str | None  # the theme's code


class _DeliveredRow(NamedTuple):
    agency_id: int
    start: datetime.date
    end: datetime.date
    metric_id: int
    theme_id: int
    total: int


def orders_in_period(start: datetime.date, end: datetime.date):
    """For the compiled report: press orders whose dates overlap ``start``–``end``, by press agency and date, with
    their delivery: ``OrderInPeriod``; 2 queries of plain SQL (1 when no order does).

    Each order's ``delivery`` is what ``order_delivery`` gives (over the order's whole dates, not only the
    overlap), with the cells named: ``rows`` of ``channel``, ``metric``, ``unit``, ``theme`` (its code),
    ``metric_id``, ``theme_id``, ``ordered``, ``delivered``, ``rate``; ``met``; ``cells``. Read for all orders
    at once: their cells, then the accepted figures of their press agencies grouped by period and cell.
    """
    from agencies.models import Agency
    from campaigns.models import Channel, Metric, Theme

    from .models import PressOrder, PressOrderLine

    lines = fetch(
        "SELECT o.id, o.number, o.press_agency_id, a.name, o.ordered_on, o.period_start, o.period_end, o.budget, "  # noqa: S608
        "l.metric_id, l.theme_id, l.quantity, c.short_name, m.name, m.unit, t.code "
        f"FROM {db_table(PressOrder)} o JOIN {db_table(Agency)} a ON a.id = o.press_agency_id "
        f"LEFT JOIN {db_table(PressOrderLine)} l ON l.order_id = o.id "
        f"LEFT JOIN {db_table(Metric)} m ON m.id = l.metric_id LEFT JOIN {db_table(Channel)} c ON c.id = m.channel_id "
        f"LEFT JOIN {db_table(Theme)} t ON t.id = l.theme_id "
        "WHERE o.period_start <= %s AND o.period_end >= %s "
        # The orders as the order list has them, each one's cells in the plan's order (``PressOrderLine.Meta``).
        'ORDER BY a.name, o.ordered_on, o.id, c."order", m."order", t."order", l.id',
        [end, start],
        row=_OrderLineRow,
    )
    if not lines:
        return []
    figures = _delivered(lines)
    orders = []
    for _pk, order_lines in itertools.groupby(lines, key=lambda line: line.pk):
        order_lines = list(order_lines)
        order = order_lines[0]
        delivered = {}
        for row in figures:
            if (
                row.agency_id == order.press_agency_id
                and order.period_start <= row.start
                and row.end <= order.period_end
            ):
                cell = (row.metric_id, row.theme_id)
                delivered[cell] = delivered.get(cell, 0) + row.total
        rows = [
            {
                "channel": line.channel,
                "metric": line.metric,
                "unit": line.unit,
                "theme": line.theme,
                "metric_id": line.metric_id,
                "theme_id": line.theme_id,
                "ordered": line.quantity,
                "delivered": delivered.get((line.metric_id, line.theme_id), 0),
                "rate": rate(delivered.get((line.metric_id, line.theme_id), 0), line.quantity),
            }
            for line in order_lines
            if line.metric_id is not None
        ]
        met = sum(1 for r in rows if r["delivered"] >= r["ordered"])
        fields = {name: getattr(order, name) for name in _ORDER_FIELDS}
        orders.append(OrderInPeriod(**fields, delivery={"rows": rows, "met": met, "cells": len(rows)}))
    return orders


def _delivered(lines):
    """The accepted figures of the press agencies of ``lines``' orders from their first order's start to their last
    one's end, per agency, period and cell."""
    from reports.models import Figure, ReportingPeriod

    agencies = sorted({line.press_agency_id for line in lines})
    return fetch(
        'SELECT f.agency_id, p.start, p."end", f.metric_id, f.theme_id, SUM(f.value) '  # noqa: S608
        f"FROM {db_table(Figure)} f JOIN {db_table(ReportingPeriod)} p ON p.id = f.period_id "
        f"WHERE f.accepted AND f.agency_id IN ({placeholders(agencies)}) "
        'AND p.start >= %s AND p."end" <= %s '
        'GROUP BY f.agency_id, p.start, p."end", f.metric_id, f.theme_id',
        [*agencies, min(line.period_start for line in lines), max(line.period_end for line in lines)],
        row=_DeliveredRow,
    )


# --- content provided to the press ----------------------------------------------------


def content_list(queryset):
    """The rows of the content page (1 query), newest first."""
    return list(queryset.select_related("sender", "press_agency", "theme").order_by("-provided_on", "-pk"))


def content_for_home(agency_id, *, press, limit=3):
    """For the home card of agency staff (1 query): ``(count, first rows)``.

    A press agency: what was provided to it and is not marked used yet; any other agency: what it provided
    (the count comes with each row, a window over the same filter).
    """
    from .models import ContentProvision

    if press:
        qs = ContentProvision.objects.filter(press_agency_id=agency_id, used_on__isnull=True).select_related("sender")
    else:
        qs = ContentProvision.objects.filter(sender_id=agency_id).select_related("press_agency")
    rows = list(qs.annotate(total=Window(Count("pk"))).order_by("-provided_on", "-pk")[:limit])
    return (rows[0].total if rows else 0), rows


def content_in_period(start: datetime.date, end: datetime.date):
    """For the compiled report: content provided to the press from ``start`` to ``end`` and how much was used,
    by theme (1 query).

    A dict: ``rows`` (per theme that had any, in the plan's order: ``code``, ``label``, ``provided``, ``used``,
    ``rate`` (percent, one decimal)), and the totals ``provided``, ``used``, ``rate``, ``senders`` (agencies
    that provided) and ``press`` (press agencies provided to). Used: marked used by the press, whenever.
    """
    from .models import ContentProvision

    grouped = (
        ContentProvision.objects.filter(provided_on__gte=start, provided_on__lte=end)
        .values("theme__order", "theme__code", "theme__short_name", "sender_id", "press_agency_id")
        .annotate(provided=Count("pk"), used=Count("pk", filter=Q(used_on__isnull=False)))
        .order_by("theme__order", "theme__code")
    )
    rows, senders, press = {}, set(), set()
    for g in grouped:
        row = rows.setdefault(
            g["theme__code"], {"code": g["theme__code"], "label": g["theme__short_name"], "provided": 0, "used": 0}
        )
        row["provided"] += g["provided"]
        row["used"] += g["used"]
        senders.add(g["sender_id"])
        press.add(g["press_agency_id"])
    rows = list(rows.values())
    for row in rows:
        row["rate"] = rate(row["used"], row["provided"])
    provided, used = sum(r["provided"] for r in rows), sum(r["used"] for r in rows)
    return {
        "rows": rows,
        "provided": provided,
        "used": used,
        "rate": rate(used, provided),
        "senders": len(senders),
        "press": len(press),
    }
