"""A channel's primary metric is its first by order, then id: the sums, the aggregation and the dashboard agree."""

import pytest

from campaigns.models import Metric
from province import aggregation, dashboard
from reports import report_sums
from tests.province.compiled_data import make_province, period


@pytest.fixture
def province(db):
    plan, *_rest = make_province()
    # HT1: articles and airtime both of order 1, articles made first (the lower id); HT5: participants (2)
    # before sessions (3), so HT5's primary metric has no order 1 at all.
    Metric.objects.filter(code="airtime_minutes").update(order=1)
    Metric.objects.filter(code="sessions").update(order=3)
    return plan


def test_the_rule_in_python_and_in_sql_picks_the_same_metrics(province):
    primary = set(Metric.objects.filter(code__in=["articles", "participants"]).values_list("pk", flat=True))
    assert Metric.primary_ids(Metric.objects.all()) == primary
    assert Metric.primary_ids(reversed(Metric.objects.order_by("pk"))) == primary  # in any order
    assert set(Metric.objects.primary().values_list("pk", flat=True)) == primary


def test_the_report_sums_and_the_aggregation_read_the_same_shape(province):
    assert report_sums.plan_shape(province.pk).primary == {"HT1.articles", "HT5.participants"}
    assert aggregation.plan_of(province.pk).shape == report_sums.plan_shape(province.pk)


def test_items_and_the_dashboard_trend_add_up_the_primary_metrics(province):
    p = period("2024-Q2")
    result = aggregation.aggregate(p)
    # Articles ND1 40 + 5, ND2 12 + 1 + 2 + 3; participants ND3 250 (B's sessions, 3, are no longer primary).
    assert {t["code"]: t["items"] for t in result["themes"]} == {"ND1": 45, "ND2": 18, "ND3": 250}
    trend = {row["code"]: row["items"] for row in dashboard.dashboard(p)["trend"]}
    assert trend["2024-Q2"] == 45 + 18 + 250
    assert trend["2024-Q1"] == 30
