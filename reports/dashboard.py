"""Reads behind the province dashboards: the period picker and one period's figures, in fixed queries.

``dashboard(period)`` is ``aggregation.aggregate`` (8 queries) plus the trend
over the periods of the same kind up to this one (2 queries), shaped for the
template and the chart data island.
"""

from collections import defaultdict

from django.db.models import Sum
from django.utils import timezone

from . import aggregation
from .models import Figure, ReportingPeriod

TREND_LENGTH = 8
PICKER_KINDS = ("quarter", "half", "year", "month", "phase")
QUERY_COUNT = aggregation.QUERY_COUNT + 2


def picker_periods(*, today=None):
    """Periods that have started, newest first, for the picker (one query)."""
    today = today or timezone.localdate()
    return list(ReportingPeriod.objects.filter(kind__in=PICKER_KINDS, start__lte=today).order_by("-end", "kind"))


def default_period(periods, *, today=None):
    """The latest quarter whose cut-off has passed, else the latest period."""
    today = today or timezone.localdate()
    for p in periods:
        if p.kind == "quarter" and p.end < today:
            return p
    return periods[0] if periods else None


def _trend(period):
    windows = list(
        ReportingPeriod.objects.filter(kind=period.kind, end__lte=period.end)
        .only("pk", "code", "kind", "year", "number", "start", "end")
        .order_by("-end")[:TREND_LENGTH]
    )[::-1]
    if not windows:
        return []
    rows = (
        Figure.objects.filter(
            period__kind__in=aggregation.SUBMISSION_KINDS,
            period__start__gte=windows[0].start,
            period__end__lte=windows[-1].end,
            report__status__in=aggregation.counted_statuses(False),
            metric__channel__plan_id=period.plan_id,
            metric__order=1,  # the channels' primary metrics (the first of each channel)
        )
        .values("period__start", "period__end")
        .annotate(total=Sum("value"))
        .order_by()
    )
    items = defaultdict(int)
    for row in rows:
        for w in windows:
            if w.start <= row["period__start"] and row["period__end"] <= w.end:
                items[w.pk] += row["total"]
    return [{"code": w.code, "label": w.label, "items": items.get(w.pk, 0)} for w in windows]


def _rate(part, whole):
    return round(part * 100 / whole, 1) if whole else None


def dashboard(period, *, include_unaccepted=False):
    data = aggregation.aggregate(period, include_unaccepted=include_unaccepted)
    completeness = data["completeness"]
    reported = completeness["on_time"] + completeness["late"]
    theme_codes = [t["code"] for t in data["themes"]]
    peak = max((v for a in data["agencies"] for v in a["themes"].values()), default=0)
    heat = [
        {
            "name": a["name"],
            "status": a["status"],
            "cells": [
                {"theme": code, "value": a["themes"].get(code, 0), "level": _level(a["themes"].get(code, 0), peak)}
                for code in theme_codes
            ],
        }
        for a in data["agencies"]
    ]
    primaries = [m for c in data["channels"] for m in c["metrics"] if m["primary"]]
    trend = _trend(period)
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
        "trend": trend,
        "chart_data": chart_data,
    }


def _level(value, peak):
    """0 for an empty cell, else 1–5 by share of the largest cell (the heat map's shade)."""
    if not value or not peak:
        return 0
    return min(5, 1 + int(4 * value / peak))
