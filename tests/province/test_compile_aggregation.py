"""The province aggregation against a hand-computed set of reports (see ``compiled_data``)."""

import pytest

from province import aggregation
from reports import calendar
from reports.models import ReportingPeriod
from tests.province.compiled_data import EXPECTED, add_agencies_with_reports, make_province, period


@pytest.fixture
def province(db):
    return make_province()


def _metric(snapshot, key):
    return next(m for c in snapshot["channels"] for m in c["metrics"] if m["key"] == key)


def test_totals_count_only_accepted_reports(province):
    result = aggregation.aggregate(period("2024-Q2"))
    for key in ("HT1.articles", "HT1.airtime_minutes", "HT5.sessions", "HT5.participants"):
        assert _metric(result, key)["total"] == EXPECTED[key], key
    # Five accepted reports: A, B, and the three months of C.
    assert result["report_count"] == 5
    assert result["includes_unaccepted"] is False


def test_submitted_reports_count_when_asked(province):
    result = aggregation.aggregate(period("2024-Q2"), include_unaccepted=True)
    assert _metric(result, "HT1.articles")["total"] == EXPECTED["with_unaccepted_articles"]
    assert result["includes_unaccepted"] is True


def test_previous_period_and_year_before(province):
    result = aggregation.aggregate(period("2024-Q2"))
    articles = _metric(result, "HT1.articles")
    assert articles["previous"] == EXPECTED["previous_articles"]
    assert articles["year_before"] == EXPECTED["year_before_articles"]
    assert result["comparison"]["previous"] == {"code": "2024-Q1", "label": "quý I năm 2024"}
    assert result["comparison"]["year_before"]["code"] == "2023-Q2"


def test_breakdowns_by_theme_agency_kind_and_district_unit(province):
    result = aggregation.aggregate(period("2024-Q2"))
    assert {t["code"]: t["items"] for t in result["themes"]} == EXPECTED["themes_items"]
    items = {a["code"][-1]: a["items"] for a in result["agencies"]}
    assert {k: items[k] for k in ("A", "B", "C")} == EXPECTED["agency_items"]
    assert items["D"] == items["E"] == items["F"] == 0
    assert {u["name"]: u["items"] for u in result["units"]} == EXPECTED["unit_items"]
    kinds = {k["kind"]: k for k in result["agency_kinds"]}
    assert kinds["press"]["items"] == 52
    assert kinds["press"]["expected"] == 2
    assert kinds["district_committee"]["items"] == 14
    assert sum(k["items"] for k in result["agency_kinds"]) == sum(EXPECTED["themes_items"].values())
    a_row = next(a for a in result["agencies"] if a["code"] == "T-A")
    assert a_row["themes"] == {"ND1": 40, "ND2": 12}
    assert a_row["values"]["HT1.airtime_minutes"] == 90


def test_completeness_names_late_and_missing(province):
    result = aggregation.aggregate(period("2024-Q2"))
    assert result["completeness"] == EXPECTED["completeness"]
    status = {a["name"]: a["status"] for a in result["agencies"]}
    assert status["B UBND huyện Bát Xát"] == "late"
    assert status["D Sở Y tế"] == "missing"
    assert status["C UBND xã Pha Long"] == "on_time"
    c_row = next(a for a in result["agencies"] if a["code"] == "T-C")
    assert (c_row["expected"], c_row["submitted"]) == (3, 3)


def test_narratives_come_from_counted_reports_attributed(province):
    result = aggregation.aggregate(period("2024-Q2"))
    agencies = [n["agency"] for n in result["narratives"]["shortcomings"]]
    assert agencies == ["A Báo Lào Cai", "B UBND huyện Bát Xát", "C UBND xã Pha Long", "C UBND xã Pha Long",
                        "C UBND xã Pha Long"]  # fmt: skip


def test_half_year_sums_the_reports_inside_its_window(province):
    result = aggregation.aggregate(period("2024-H1"))
    # Q1 (A 30) + Q2 (63); the 2023 report is outside.
    assert _metric(result, "HT1.articles")["total"] == 93
    assert _metric(result, "HT1.articles")["previous"] is not None


def test_year_report_has_a_quarterly_trend(province):
    result = aggregation.aggregate(period("2024-Y"))
    trend = {p["code"]: p["items"] for p in result["trend"]}
    assert trend["2024-Q1"] == 30
    assert trend["2024-Q2"] == 66  # 45 + 18 + 3
    assert trend["2024-Q3"] == 0


def test_period_without_accepted_reports_aggregates_to_zero(province):
    result = aggregation.aggregate(period("2024-Q4"))
    assert result["report_count"] == 0
    assert all(m["total"] == 0 for c in result["channels"] for m in c["metrics"])


@pytest.mark.parametrize("extra", [0, 1, 30])
def test_aggregate_runs_a_fixed_number_of_queries(province, extra, django_assert_num_queries):
    _plan, _agencies, metrics, themes = province
    add_agencies_with_reports(extra, metrics, themes)
    p = period("2024-Q2")
    # periods; channels with metrics; themes; reports with their sums; comparison cells; agencies; honourees
    with django_assert_num_queries(aggregation.QUERY_COUNT):
        result = aggregation.aggregate(p)
    assert _metric(result, "HT1.articles")["total"] == EXPECTED["HT1.articles"] + extra


def test_phase_report_has_a_yearly_trend_and_no_comparison(province):
    plan, *_rest = province
    calendar.generate_periods(plan=plan)  # the other years and the 2021-2025 phase
    result = aggregation.aggregate(period("2021-2025"))
    assert [p["label"] for p in result["trend"]] == [f"Năm {y}" for y in range(2021, 2026)]
    assert {p["code"]: p["items"] for p in result["trend"]} == {
        "2021-Y": 0,
        "2022-Y": 0,
        "2023-Y": 20,
        "2024-Y": 96,
        "2025-Y": 0,
    }
    assert result["comparison"] == {"previous": None, "year_before": None}
    assert _metric(result, "HT1.articles")["total"] == 20 + 30 + 63


def test_honourees_introduced_by_counted_reports(province):
    from honourees.models import HonoureeCoverage
    from reports.models import ActivityReport
    from tests.honourees.factories import HonoureeFactory

    _plan, agencies, metrics, _themes = province
    channel = metrics["HT1.articles"].channel
    accepted = ActivityReport.objects.get(agency=agencies["A"], period__code="2024-Q2")
    returned = ActivityReport.objects.get(agency=agencies["E"], period__code="2024-Q2")
    shown = HonoureeFactory(name="Giàng Seo Phử", category="advanced")
    hidden = HonoureeFactory(name="Người của báo cáo bị trả lại")
    rejected = HonoureeFactory(name="Hồ sơ bị từ chối", status="rejected")
    for honouree, report in ((shown, accepted), (hidden, returned), (rejected, accepted)):
        HonoureeCoverage.objects.create(honouree=honouree, report=report, channel=channel)
    result = aggregation.aggregate(period("2024-Q2"))
    assert result["honourees"] == [
        {"name": "Giàng Seo Phử", "category": "Điển hình tiên tiến", "agency": "A Báo Lào Cai",
         "channel": "Báo chí địa phương"}
    ]  # fmt: skip
    assert "phone" not in str(result["honourees"])


@pytest.mark.postgres
def test_grouping_sets_plain_group_by_and_the_reports_sums_agree(province):
    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("GROUPING SETS is the PostgreSQL path")
    p = period("2024-Q2")
    periods = list(ReportingPeriod.objects.filter(kind__in=["month", "quarter"], start__gte=p.start, end__lte=p.end))
    ids = [q.pk for q in periods]
    plan = aggregation.plan_of(p.plan_id)
    for statuses in (aggregation.counted_statuses(True), aggregation.counted_statuses(False)):
        via_sets = aggregation.window_sums(ids, statuses, plan, grouping_sets=True)
        via_rows = aggregation.window_sums(ids, statuses, plan, grouping_sets=False)
        assert via_sets.by_agency == via_rows.by_agency  # per metric, per theme and the items per theme
    # Accepted reports only: each report's stored sums give the same as its figure rows.
    stored = aggregation.stored_sums(aggregation.reports_of(periods), plan.shape)
    via_sets = aggregation.window_sums(ids, aggregation.counted_statuses(False), plan)
    assert stored.by_agency == via_sets.by_agency
    via_sets = aggregation.window_sums(ids, aggregation.counted_statuses(True), plan, grouping_sets=True)
    assert sum(via_sets.metric_totals().values()) == 63 + 90 + 3 + 250 + 7
