"""The province dashboard: who may see it, what it shows, and a fixed number of queries."""

import json

import pytest
from django.core.cache import cache
from django.urls import reverse

from province import aggregation, dashboard
from reports import attributions
from reports.models import ReportingPeriod
from tests.province.compiled_data import EXPECTED, add_agencies_with_reports, make_province

URL = reverse("compiled:dashboard")


@pytest.fixture
def province(db):
    return make_province()


def _get(client, user, **params):
    client.force_login(user)
    return client.get(URL, params)


def test_reviewer_sees_rates_totals_heatmap_units_and_trend(client, reviewer, province):
    response = _get(client, reviewer, period="2024-Q2")
    assert response.status_code == 200
    data = response.context["data"]
    assert data["period"].code == "2024-Q2"
    # Per period owed: eight (C's three months among them) and the reviewer's own department's quarter.
    assert data["reporting_rate"] == round(7 * 100 / 9, 1)
    assert data["on_time_rate"] == round(6 * 100 / 9, 1)
    html = response.content.decode()
    assert 'data-testid="reporting-rate">77,8%' in html
    assert "Đã gửi 7/9 báo cáo đến hạn" in html
    chart = json.loads(html.split('id="dashboard-data" type="application/json">')[1].split("</script>")[0])
    assert chart["themes"] == {"labels": ["ND1", "ND2", "ND3"], "values": [45, 18, 3]}
    assert chart["channels"]["values"] == [EXPECTED["HT1.articles"], EXPECTED["HT5.sessions"]]
    units = dict(zip(chart["units"]["labels"], chart["units"]["values"], strict=True))
    assert {name: units[name] for name in EXPECTED["unit_items"]} == EXPECTED["unit_items"]
    trend = dict(zip(chart["trend"]["labels"], chart["trend"]["values"], strict=True))
    assert trend["Quý I/2024"] == 30
    assert trend["Quý II/2024"] == 66
    # Every chart has its numbers in a table.
    for testid in ("channel-table", "theme-table", "heatmap", "unit-table", "trend-table"):
        assert f'data-testid="{testid}"' in html
    # The heat map marks empty cells and shades the largest.
    row_a = next(r for r in data["heat"] if r["name"] == "A Báo Lào Cai")
    assert row_a["cells"] == [40, 12, 0]
    assert data["heat_peak"] == 40
    assert [dashboard.heat_level(v, data["heat_peak"]) for v in row_a["cells"]] == [5, 2, 0]
    assert '<td class="text-center heat-5">40</td><td class="text-center heat-2">12</td>' in html
    assert "vendor/chartjs/chart.umd.min.js" in html
    assert "province/dashboard.js" in html
    assert "<script>" not in html.split('id="dashboard-data"')[0].split("</main>")[0].split("<main")[1]


def test_leadership_reads_the_dashboard(client, leader, province):
    assert _get(client, leader, period="2024-Q2").status_code == 200


@pytest.mark.parametrize("role_user", ["clerk_a", "head_a", "officer"])
def test_agency_staff_and_officers_cannot_see_the_dashboard(client, role_user, request, province):
    assert _get(client, request.getfixturevalue(role_user)).status_code == 403


def test_anonymous_goes_to_login(client, province):
    response = client.get(URL)
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_unknown_period_is_404(client, reviewer, province):
    assert _get(client, reviewer, period="1999-Q1").status_code == 404


def test_without_a_period_shows_the_latest_closed_quarter(client, reviewer, province):
    response = _get(client, reviewer)
    assert response.status_code == 200
    assert response.context["data"]["period"].kind == "quarter"


def _heat_row(agency):
    return f'<th scope="row" class="fw-normal"><a href="/agencies/{agency.code}/">{agency.name}</a></th>'


@pytest.mark.parametrize("extra", [1, 40])
def test_dashboard_runs_a_fixed_number_of_queries(client, reviewer, province, extra, django_assert_num_queries):
    _plan, _agencies, metrics, themes = province
    added = add_agencies_with_reports(extra, metrics, themes)
    client.force_login(reviewer)
    # Cold, in a process that has kept no reference data: session; user; roles; the picker's periods (reference
    # data: the token, the periods, the token again); the data stamp (one query); the dashboard's queries but the
    # periods, kept by the picker; and the savepoint around them (core.db.consistent_read: in production the
    # REPEATABLE READ transaction, here a savepoint of the test's transaction, and its release).
    assert dashboard.STAMP_QUERY_COUNT == 1
    with django_assert_num_queries(3 + 3 + 1 + dashboard.QUERY_COUNT - 1 + 2):
        response = client.get(URL, {"period": "2024-Q2"})
    assert response.status_code == 200
    assert len(response.context["data"]["heat"]) == 7 + extra
    # Cold again (as after a report accepted), in a process that kept the reference data.
    cache.clear()
    with django_assert_num_queries(3 + 1 + 1 + dashboard.KEPT_QUERY_COUNT + 2):
        again = client.get(URL, {"period": "2024-Q2"})
    assert again.status_code == 200
    assert again.context["data"]["heat"] == response.context["data"]["heat"]
    assert all(_heat_row(agency) in response.content.decode() for agency in added)
    # Warm: session; user; roles; the picker's periods (the token: they are kept); the data stamp — the figures
    # come from the cache.
    with django_assert_num_queries(3 + 1 + 1):
        response = client.get(URL, {"period": "2024-Q2"})
    assert response.status_code == 200
    assert len(response.context["data"]["heat"]) == 7 + extra
    assert response.context["data"]["period"].code == "2024-Q2"
    assert all(_heat_row(agency) in response.content.decode() for agency in added)


def test_the_cached_dashboard_changes_when_a_report_is_accepted_returned_or_reopened(client, reviewer, province):
    from reports import services
    from reports.models import ActivityReport

    def rates():
        data = _get(client, reviewer, period="2024-Q2").context["data"]
        return data["report_count"], data["channels"][0]["metrics"][0]["total"]

    before = rates()
    assert rates() == before  # served from the cache
    pending = ActivityReport.objects.get(agency__code="T-F", period__code="2024-Q2")  # submitted, not accepted
    services.report_accept(report=pending, user=reviewer)
    accepted = rates()
    assert accepted[1] == before[1] + 7  # F's HT1.articles ND1 7 is counted once accepted
    services.report_reopen(report=ActivityReport.objects.get(pk=pending.pk), user=reviewer, reason="Sửa số liệu")
    assert rates()[1] == before[1]


def test_the_cached_dashboard_follows_the_interface_language(client, reviewer, province):
    from django.conf import settings

    client.force_login(reviewer)
    vi = client.get(URL, {"period": "2024-Q2"}).context["data"]["trend"][-1]["label"]
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    en = client.get(URL, {"period": "2024-Q2"}).context["data"]["trend"][-1]["label"]
    assert (vi, en) == ("Quý II/2024", "Quarter II/2024")


def test_the_dashboard_reads_no_narrative_and_no_honouree(province):
    # A, B and C (three months) wrote shortcomings: the compiled document shows them, the page does not.
    period = ReportingPeriod.objects.get(code="2024-Q2")
    assert len(aggregation.aggregate(period)["narratives"]["shortcomings"]) == 5
    data = dashboard.dashboard(period)
    assert data["narratives"] == {"shortcomings": [], "next_tasks": [], "proposals": []}
    assert data["honourees"] == []
    # The successions are read once for the aggregation and the results per movement and occasion; the periods and
    # the plans' metrics once for the trend and the aggregation, the trend then one query (``sql.trend``); the
    # reference data's token is read, and read again after, by the page for everything it reads (the aggregation
    # reads it in the page's ``reference.Reference``, not again).
    assert dashboard.QUERY_COUNT == 2 + 1 + 2 + 1 + aggregation.QUERY_COUNT - 5 + attributions.QUERY_COUNT - 1 == 12
    # A process that kept the reference data reads the token, the trend's totals, the reports, the cells and the
    # results per movement and occasion.
    assert dashboard.KEPT_QUERY_COUNT == 1 + 1 + aggregation.KEPT_QUERY_COUNT - 2 + attributions.QUERY_COUNT - 1 == 5


def test_a_cold_dashboard_is_computed_with_the_collector_paused_and_resumes_it(province, monkeypatch):
    import gc

    seen = []
    compute = dashboard.dashboard
    monkeypatch.setattr(
        dashboard, "dashboard", lambda period, **kw: seen.append(gc.isenabled()) or compute(period, **kw)
    )
    cache.clear()
    data = dashboard.cached_dashboard(ReportingPeriod.objects.get(code="2024-Q2"))
    assert data["completeness"] == EXPECTED["completeness"]
    assert seen == [False]
    assert gc.isenabled()
