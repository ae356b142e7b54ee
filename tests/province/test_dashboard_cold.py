"""The dashboard's cold read (``aggregate(texts=False)``, the trend in one query, the stamp in plain SQL) shows
the compile's numbers; its period picker lists the recent periods and the one chosen, every one on request.

On the hand-computed province of ``compiled_data``: A, B and C's monthly reports accepted in 2024-Q2, A's
2024-Q1 and 2023-Q2, E returned, F submitted.
"""

import datetime

import pytest
from django.db import connection
from django.urls import reverse

from agencies.models import AdministrativeUnit, Agency
from campaigns.models import Metric
from core.db import db_table
from province import aggregation, dashboard, reference, sql
from reports import calendar, report_sums, services
from reports.models import ActivityReport, ReportingPeriod
from tests.province.compiled_data import make_province

URL = reverse("compiled:dashboard")


@pytest.fixture
def province(db):
    made = make_province()
    report_sums.rebuild()  # the stored sums, as accepting writes them: the dashboard's and the compile's source
    return made


def _period(code):
    return ReportingPeriod.objects.get(code=code)


@pytest.mark.parametrize("code", ["2024-Y", "2024-H1", "2024-Q2"])
def test_the_page_shows_the_compiles_numbers_over_a_window_of_several_periods(client, reviewer, province, code):
    compiled = aggregation.aggregate(_period(code))
    client.force_login(reviewer)
    response = client.get(URL, {"period": code})
    assert response.status_code == 200
    page = response.context["data"]
    for part in ("completeness", "channels", "themes", "units", "report_count", "comparison", "local_level"):
        assert page[part] == compiled[part], part
    # Each heat map row is its agency's line in the compile: status, reports sent and owed, items per theme.
    codes = page["theme_codes"]
    lines = {line["code"]: line for line in compiled["agencies"]}
    assert sorted(row["code"] for row in page["heat"]) == sorted(lines)
    for row in page["heat"]:
        line = lines[row["code"]]
        assert row["cells"] == [line["themes"].get(theme, 0) for theme in codes]
        assert row["total"] == line["items"]
        assert (row["sent"], row["owed"]) == (line["submitted"], line["expected"])
        assert row["status"] == ("partial" if line["status"] == "missing" and line["submitted"] else line["status"])
    # The trend's last point is the window itself: the items of its themes.
    assert page["trend"][-1]["code"] == code
    assert page["trend"][-1]["items"] == sum(theme["items"] for theme in compiled["themes"])
    html = response.content.decode()
    completeness = compiled["completeness"]
    reported = completeness["on_time"] + completeness["late"]
    assert f"Đã gửi {reported}/{completeness['expected']} báo cáo đến hạn" in html


def test_the_year_adds_up_its_quarters_and_months(province):
    year = dashboard.dashboard(_period("2024-Y"))
    quarters = [dashboard.dashboard(_period(f"2024-Q{n}")) for n in range(1, 5)]
    assert year["report_count"] == sum(q["report_count"] for q in quarters) == 6  # A's Q1 and Q2, B, C's 3 months
    for key in ("expected", "on_time", "late", "missing"):
        assert year["completeness"][key] == sum(q["completeness"][key] for q in quarters), key
    totals = [m["total"] for c in year["channels"] for m in c["metrics"]]
    by_quarter = [[m["total"] for c in q["channels"] for m in c["metrics"]] for q in quarters]
    assert totals == [sum(column) for column in zip(*by_quarter, strict=True)]
    # The year before (2023) and the quarters' trend read the stored totals, the same as the compile.
    assert year["channels"][0]["metrics"][0]["previous"] == 20  # A's 2023-Q2 articles
    assert [p["code"] for p in year["trend"]] == ["2023-Y", "2024-Y"]
    assert [p["items"] for p in year["trend"]] == [20, 96]


def test_the_trend_is_one_query_over_the_stored_totals_with_the_reference_data_kept(
    province, django_assert_num_queries
):
    # The primary metrics' totals of the windows' periods, given as values (one query with the primary metrics as
    # a subquery read every phase's cells at ten phases of data). The windows and the plans' metrics are reference
    # data: in a process that has not kept them, the token, the periods, the plans' metrics and the token again.
    period = _period("2024-Q2")
    assert sql.TREND_QUERY_COUNT == 1
    with django_assert_num_queries(4 + 1):
        first = dashboard._trend(period)
    with django_assert_num_queries(1 + 1):  # the token, the totals
        trend = dashboard._trend(period)
    assert trend == first
    assert [p["code"] for p in trend] == [f"2023-Q{n}" for n in range(1, 5)] + ["2024-Q1", "2024-Q2"]
    assert [p["items"] for p in trend][-2:] == [30, 66]
    assert trend[-1]["label"] == "Quý II/2024"


def test_the_data_stamp_changes_with_a_report_and_with_an_agency(province, django_assert_num_queries):
    period = _period("2024-Y")
    today = datetime.date(2025, 1, 10)
    first = dashboard.data_stamp(period, today=today)  # the periods kept (reference data)
    # With the caller's reference data (the page's picker read the token), one query.
    with reference.Reference() as kept, django_assert_num_queries(dashboard.STAMP_QUERY_COUNT):
        before = dashboard.data_stamp(period, today=today, kept=kept)
    assert before == first
    # Any write of a report of the window, however written, moves its latest ``updated_at``.
    later = datetime.datetime(2030, 1, 9, tzinfo=datetime.UTC)
    ActivityReport.objects.filter(period__code="2024-Q2", agency__code="T-F").update(updated_at=later)
    after_report = dashboard.data_stamp(period, today=today)
    assert after_report != before
    Agency.objects.filter(code="T-A").update(name="A Báo Lào Cai (đổi tên)")  # a rename, however written
    after_agency = dashboard.data_stamp(period, today=today)
    assert after_agency != after_report
    # The reference data's token (``province.reference``): a unit renamed, a metric of the plan renamed, written
    # in raw SQL, each give a new stamp.
    with connection.cursor() as cursor:
        cursor.execute(f"UPDATE {db_table(AdministrativeUnit)} SET name = 'Huyện đổi tên' WHERE code = 'T082'")  # noqa: S608
    after_unit = dashboard.data_stamp(period, today=today)
    assert after_unit != after_agency
    Metric.objects.filter(code="articles").update(name="Tin, bài (đổi tên)")
    assert dashboard.data_stamp(period, today=today) not in (after_unit, after_agency, before)
    assert dashboard.data_stamp(period, today=today + datetime.timedelta(days=1)) != dashboard.data_stamp(
        period, today=today
    )


def test_the_data_stamp_sees_a_change_in_an_earlier_window_and_a_new_report_in_its_own(province):
    """The windows before (here the year before, 2023-Q2) are probed for their latest change; the period's own
    reports are counted too, so one inserted with an old ``updated_at`` (a bulk load) changes the stamp."""
    period, today = _period("2024-Q2"), datetime.date(2024, 7, 30)
    before = dashboard.data_stamp(period, today=today)
    later = datetime.datetime(2030, 1, 9, tzinfo=datetime.UTC)
    ActivityReport.objects.filter(period__code="2023-Q2", agency__code="T-A").update(updated_at=later)
    after_earlier = dashboard.data_stamp(period, today=today)
    assert after_earlier != before
    old = datetime.datetime(2020, 1, 1, tzinfo=datetime.UTC)
    agency = Agency.objects.get(code="T-D")
    ActivityReport.objects.bulk_create([ActivityReport(agency=agency, period=_period("2024-M06"), updated_at=old)])
    after_insert = dashboard.data_stamp(period, today=today)
    assert after_insert not in (after_earlier, before)
    # A bulk load into an earlier window keeps its old times; the rollups rebuilt after it are new rows.
    services.accepted_totals_rebuild()
    assert dashboard.data_stamp(period, today=today) not in (after_insert, after_earlier, before)


def test_the_data_stamp_reaches_as_far_back_as_the_trend(province):
    """The trend takes the last eight periods of the kind that exist: with a year missing between, further back
    than eight spans; the stamp probes every period it reads."""
    period, today = _period("2024-Q2"), datetime.date(2024, 7, 30)
    calendar.generate_periods(plan=period.plan, years=[2021])  # 2022 has no periods
    with reference.Reference() as kept:
        windows = dashboard.trend_windows(kept.periods(), period, dashboard.TREND_LENGTH)
    assert [w.code for w, _members in windows][-2:] == ["2021-Q4", "2021-Q3"]
    before = dashboard.data_stamp(period, today=today)
    agency = Agency.objects.get(code="T-D")
    later = datetime.datetime(2031, 1, 1, tzinfo=datetime.UTC)
    ActivityReport.objects.bulk_create([ActivityReport(agency=agency, period=_period("2021-M08"), updated_at=later)])
    assert dashboard.data_stamp(period, today=today) != before


@pytest.fixture
def older_year(province):
    plan = _period("2024-Y").plan
    calendar.generate_periods(plan=plan, years=[2022])
    return plan


def _codes(periods, year):
    return [p.code for p in periods if p.kind != "phase" and p.year == year]


def test_the_picker_lists_the_recent_years_whole_and_older_years_alone(older_year):
    today = datetime.date(2024, 7, 1)
    periods = dashboard.picker_periods(today=today)
    assert _codes(periods, 2024)[:3] == ["2024-Y", "2024-H2", "2024-H1"]
    assert len(_codes(periods, 2023)) == 1 + 2 + 4 + 12
    assert _codes(periods, 2022) == ["2022-Y"]
    # The period shown is listed in its year; every period on request.
    assert _codes(dashboard.picker_periods(today=today, chosen="2022-Q2"), 2022) == ["2022-Y", "2022-Q2"]
    every = dashboard.picker_periods(today=today, every=True)
    assert len(_codes(every, 2022)) == 1 + 2 + 4 + 12
    assert [g.label for g in dashboard.picker_groups(every)][-3:] == ["2024", "2023", "2022"]


def test_the_page_offers_every_period_and_keeps_the_one_chosen(client, reviewer, older_year):
    client.force_login(reviewer)
    html = client.get(URL, {"period": "2022-Q2"}).content.decode()
    picker = html.split('<select name="period"')[1].split("</select>")[0]
    assert '<option value="2022-Q2" selected>' in picker
    assert 'value="2022-M04"' not in picker
    assert 'href="?period=2022-Q2&amp;periods=all" data-testid="every-period">Tất cả các kỳ</a>' in html
    html = client.get(URL, {"period": "2022-Q2", "periods": "all"}).content.decode()
    assert 'value="2022-M04"' in html.split('<select name="period"')[1].split("</select>")[0]
    assert 'data-testid="every-period"' not in html
