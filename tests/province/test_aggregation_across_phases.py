"""A report of a new phase compares itself with the previous phase: the plan is a copy with ids of its own."""

import pytest
from django.utils import timezone

from campaigns.models import Metric, Theme
from campaigns.services import plan_copy_to_phase
from province import aggregation
from reports import calendar, services
from tests.factories import AgencyFactory
from tests.reports.factories import PeriodFactory, ReportFactory, add_figure


def _quarter(plan, year, number):
    window = calendar.quarter_window(year, number)
    made = plan.periods.filter(code=window.code).first()  # a copy comes with the periods of its years
    return made or PeriodFactory(
        plan=plan, year=year, number=number, code=window.code, start=window.start, end=window.end
    )


def _accepted(period, agency, cells):
    report = ReportFactory(agency=agency, period=period, status="accepted", submitted_at=timezone.now())
    for metric, theme, value in cells:
        add_figure(report, metric, theme, value)


def _grid(plan):
    metrics = {
        f"{m.channel.code}.{m.code}": m for m in Metric.objects.filter(channel__plan=plan).select_related("channel")
    }
    themes = {t.code: t for t in Theme.objects.filter(plan=plan)}
    return metrics, themes


@pytest.mark.parametrize("include_unaccepted", [False, True], ids=["rollup", "figure-rows"])
def test_the_same_quarter_a_year_before_is_found_in_the_previous_phase(plan, include_unaccepted):
    next_phase = plan_copy_to_phase(plan=plan)  # 2026–2030, its own metrics and themes
    old_metrics, old_themes = _grid(plan)
    new_metrics, new_themes = _grid(next_phase)
    assert {m.pk for m in old_metrics.values()}.isdisjoint(m.pk for m in new_metrics.values())
    agency = AgencyFactory(code="T-PH", must_report=True)
    _accepted(_quarter(plan, 2025, 2), agency, [(old_metrics["HT1.articles"], old_themes["ND1"], 40)])
    _accepted(_quarter(next_phase, 2026, 1), agency, [(new_metrics["HT1.articles"], new_themes["ND1"], 7)])
    current = _quarter(next_phase, 2026, 2)
    _accepted(current, agency, [(new_metrics["HT1.articles"], new_themes["ND2"], 50)])
    services.accepted_totals_rebuild()

    result = aggregation.aggregate(current, include_unaccepted=include_unaccepted)
    articles = next(m for c in result["channels"] for m in c["metrics"] if m["key"] == "HT1.articles")
    assert (articles["total"], articles["previous"], articles["year_before"]) == (50, 7, 40)


def test_the_dashboard_trend_goes_back_into_the_previous_phase(plan):
    from province import dashboard

    next_phase = plan_copy_to_phase(plan=plan)
    old_metrics, old_themes = _grid(plan)
    new_metrics, new_themes = _grid(next_phase)
    agency = AgencyFactory(code="T-PH", must_report=True)
    _accepted(_quarter(plan, 2025, 4), agency, [(old_metrics["HT1.articles"], old_themes["ND1"], 40)])
    current = _quarter(next_phase, 2026, 1)
    _accepted(current, agency, [(new_metrics["HT1.articles"], new_themes["ND1"], 7)])
    services.accepted_totals_rebuild()  # the factories bypass report_accept; the trend reads the rollup

    trend = {row["code"]: row["items"] for row in dashboard.dashboard(current)["trend"]}
    assert (trend["2025-Q4"], trend["2026-Q1"]) == (40, 7)


def test_the_dashboard_trend_adds_up_each_phases_own_primary_metrics(plan, django_assert_num_queries):
    """The new phase made "broadcasts" HT1's primary metric: its quarters count broadcasts, the previous
    phase's quarters still count articles (the primary metrics of whichever plan, ``sql.trend``)."""
    from province import dashboard, sql

    next_phase = plan_copy_to_phase(plan=plan)
    old_metrics, old_themes = _grid(plan)
    new_metrics, new_themes = _grid(next_phase)
    Metric.objects.filter(pk=new_metrics["HT1.broadcasts"].pk).update(order=0)
    agency = AgencyFactory(code="T-PH", must_report=True)
    _quarter(plan, 2025, 3)  # no report
    old_cells = [
        (old_metrics["HT1.articles"], old_themes["ND1"], 40),
        (old_metrics["HT1.broadcasts"], old_themes["ND1"], 5),
    ]
    _accepted(_quarter(plan, 2025, 4), agency, old_cells)
    current = _quarter(next_phase, 2026, 1)
    new_cells = [
        (new_metrics["HT1.articles"], new_themes["ND1"], 7),
        (new_metrics["HT1.broadcasts"], new_themes["ND2"], 3),
    ]
    _accepted(current, agency, [*new_cells, (new_metrics["HT2.web_posts"], new_themes["ND1"], 2)])
    services.accepted_totals_rebuild()

    # The token, the periods, both plans' metrics, the token again (reference data), then the trend's query.
    with django_assert_num_queries(4 + sql.TREND_QUERY_COUNT):
        trend = {row["code"]: row["items"] for row in dashboard._trend(current)}
    assert (trend["2025-Q4"], trend["2026-Q1"]) == (40, 3 + 2)
    assert trend["2025-Q3"] == 0  # a window with no accepted figure
