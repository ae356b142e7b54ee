"""The breakdown of a report's main figures by emulation movement and occasion (``reports.models.Attribution``)."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from agencies.models import Succession
from campaigns.models import Movement, Occasion
from reports import attributions, services
from reports.models import ActivityReport, Attribution
from tests.factories import AgencyFactory, UserFactory
from tests.reports.factories import ReportFactory, add_figure

Row = services.AttributionRow


@pytest.fixture
def choices(plan, period):
    """Two movements of the plan and two occasions: one yearly (11/6), one whose day is long past."""
    ntm = Movement.objects.create(code="nong-thon-moi", name="Cả nước chung sức xây dựng nông thôn mới")
    poor = Movement.objects.create(code="vi-nguoi-ngheo", name="Cả nước chung tay vì người nghèo")
    ended = Movement.objects.create(
        code="da-xong",
        name="Phong trào đã kết thúc",
        launched_on=datetime.date(2000, 1, 1),
        ends_on=datetime.date(2001, 1, 1),
    )
    yearly = Occasion.objects.create(
        code="thi-dua-ai-quoc-11-6", name="Ngày thi đua ái quốc", starts_on=datetime.date(1948, 6, 11), recurring=True
    )
    past = Occasion.objects.create(code="ky-niem-2021", name="Kỷ niệm 2021", starts_on=datetime.date(2021, 10, 1))
    for item in (ntm, poor, ended, yearly, past):
        item.plans.add(plan)
    return {"ntm": ntm, "poor": poor, "ended": ended, "yearly": yearly, "past": past}


@pytest.fixture
def filled(report_a, metrics, themes):
    """Report A: 7 + 5 = 12 articles (HT1's primary metric), 4 broadcasts (not primary), 9 web posts (HT2's)."""
    add_figure(report_a, metrics[0], themes[0], 7)
    add_figure(report_a, metrics[0], themes[1], 5)
    add_figure(report_a, metrics[1], themes[0], 4)
    add_figure(report_a, metrics[2], themes[2], 9)
    return report_a


def test_choices_are_primary_metrics_and_what_is_under_way(filled, choices, metrics):
    found_metrics, movements, occasions = services.attribution_choices(filled)
    assert [m.pk for m in found_metrics] == [metrics[0].pk, metrics[2].pk]
    assert {m.code for m in movements} == {"nong-thon-moi", "vi-nguoi-ngheo"}  # not the one that ended in 2001
    # The period is the 60 days before today, plus the quarter after it: 11 June falls in it or it does not.
    today = timezone.localdate()
    june = [datetime.date(y, 6, 11) for y in (today.year - 1, today.year)]
    expected = any(filled.period.start <= d <= filled.period.end + datetime.timedelta(days=92) for d in june)
    assert [o.code for o in occasions] == (["thi-dua-ai-quoc-11-6"] if expected else [])


def test_occasion_falls_in_once_a_year_or_on_its_day():
    yearly = Occasion(starts_on=datetime.date(1948, 6, 11), recurring=True)
    once = Occasion(starts_on=datetime.date(2021, 10, 1))
    days = Occasion(starts_on=datetime.date(2024, 12, 20), ends_on=datetime.date(2025, 1, 5), recurring=True)
    assert yearly.falls_in(datetime.date(2026, 6, 1), datetime.date(2026, 6, 30))
    assert not yearly.falls_in(datetime.date(2026, 6, 12), datetime.date(2026, 12, 31))
    assert once.falls_in(datetime.date(2021, 9, 15), datetime.date(2021, 12, 14))
    assert not once.falls_in(datetime.date(2022, 9, 15), datetime.date(2022, 12, 14))
    assert days.falls_in(datetime.date(2026, 1, 1), datetime.date(2026, 1, 31))  # the range of the year before
    assert not days.falls_in(datetime.date(2026, 2, 1), datetime.date(2026, 12, 1))


def test_save_makes_the_rows_bumps_the_version_and_keeps_history(filled, clerk_a, choices, metrics):
    rows = [Row(metrics[0].pk, choices["ntm"].pk, None, 5), Row(metrics[0].pk, choices["poor"].pk, None, 7)]
    assert services.attributions_save(report=filled, user=clerk_a, expected_version=1, rows=rows)
    stored = sorted(Attribution.objects.values_list("metric_id", "movement_id", "occasion_id", "value"))
    assert stored == sorted([(metrics[0].pk, choices["ntm"].pk, None, 5), (metrics[0].pk, choices["poor"].pk, None, 7)])
    filled.refresh_from_db()
    assert filled.version == 2
    assert filled.history.first().history_change_reason == "attributions_saved:2"
    assert Attribution.history.filter(history_type="+", history_user=clerk_a).count() == 2
    # The same rows again write nothing; a changed number updates that row only.
    assert not services.attributions_save(report=filled, user=clerk_a, expected_version=2, rows=rows)
    services.attributions_save(
        report=filled, user=clerk_a, expected_version=2, rows=[*rows[:1], rows[1]._replace(value=6)]
    )
    assert Attribution.objects.get(movement=choices["poor"]).value == 6
    assert Attribution.history.filter(history_type="~").count() == 1


def test_a_metric_cannot_be_broken_down_beyond_its_total(filled, clerk_a, choices, metrics):
    # 12 articles: 5 + 8 = 13 is one too many; 5 + 7 = 12 is exactly the total.
    rows = [Row(metrics[0].pk, choices["ntm"].pk, None, 5), Row(metrics[0].pk, choices["poor"].pk, None, 8)]
    with pytest.raises(ValidationError) as caught:
        services.attributions_save(report=filled, user=clerk_a, expected_version=1, rows=rows)
    assert "13" in caught.value.messages[0]
    assert "12" in caught.value.messages[0]
    assert not Attribution.objects.exists()
    assert ActivityReport.objects.get(pk=filled.pk).version == 1  # nothing half-saved


@pytest.mark.parametrize(
    ("row", "message"),
    [
        (lambda m, c: Row(m[0].pk, None, None, 1), "phong trào thi đua hoặc ngày kỷ niệm"),
        (lambda m, c: Row(m[1].pk, c["ntm"].pk, None, 1), "trong danh sách"),  # broadcasts: not a main figure
        (lambda m, c: Row(m[0].pk, c["ended"].pk, None, 1), "trong danh sách"),
        (lambda m, c: Row(m[0].pk, None, c["past"].pk, 1), "trong danh sách"),
        (lambda m, c: Row(m[0].pk, c["ntm"].pk, None, 0), "nhỏ nhất là 1"),
    ],
)
def test_bad_rows_are_refused(filled, clerk_a, choices, metrics, row, message):
    with pytest.raises(ValidationError, match=message):
        services.attributions_save(report=filled, user=clerk_a, expected_version=1, rows=[row(metrics, choices)])


def test_two_rows_of_the_same_metric_movement_and_occasion_are_refused(filled, clerk_a, choices, metrics):
    row = Row(metrics[0].pk, choices["ntm"].pk, None, 1)
    with pytest.raises(ValidationError, match="gộp vào một dòng"):
        services.attributions_save(report=filled, user=clerk_a, expected_version=1, rows=[row, row])


def test_a_stale_version_is_a_conflict_and_a_sent_report_cannot_change(filled, clerk_a, clerk_b, choices, metrics):
    row = Row(metrics[0].pk, choices["ntm"].pk, None, 1)
    with pytest.raises(services.ReportConflict):
        services.attributions_save(report=filled, user=clerk_a, expected_version=7, rows=[row])
    with pytest.raises(PermissionDenied):
        services.attributions_save(report=filled, user=clerk_b, expected_version=1, rows=[row])
    services.report_submit(report=filled, user=clerk_a)
    with pytest.raises(PermissionDenied):
        services.attributions_save(report=filled, user=clerk_a, expected_version=filled.version, rows=[row])


def test_the_grid_cannot_drop_below_the_breakdown(filled, clerk_a, choices, metrics, themes):
    services.attributions_save(
        report=filled, user=clerk_a, expected_version=1, rows=[Row(metrics[0].pk, choices["ntm"].pk, None, 10)]
    )
    # 7 + 5 = 12 articles, 10 attributed: 7 + 3 = 10 is allowed, 7 + 2 = 9 is not.
    cells = {(metrics[0].pk, themes[0].pk): 7, (metrics[1].pk, themes[0].pk): 4, (metrics[2].pk, themes[2].pk): 9}
    with pytest.raises(services.AttributionsOverTotal) as caught:
        services.report_save(
            report=filled, user=clerk_a, expected_version=2, figures={**cells, (metrics[0].pk, themes[1].pk): 2}
        )
    assert "(9)" in caught.value.messages[0]
    assert "(10)" in caught.value.messages[0]
    assert services.report_save(
        report=filled, user=clerk_a, expected_version=2, figures={**cells, (metrics[0].pk, themes[1].pk): 3}
    )


def _accepted(agency, period, metric, theme, value):
    report = ReportFactory(
        agency=agency, period=period, status=ActivityReport.Status.ACCEPTED, submitted_at=timezone.now()
    )
    add_figure(report, metric, theme, value)
    return report


def test_results_per_movement_and_occasion_roll_predecessors_into_successors(
    period, agency_a, agency_b, choices, metrics, themes, django_assert_num_queries
):
    """A: 6 articles for NTM, 2 web posts for NTM on 11/6. B (merged into C before the window ends): 3 articles
    for NTM. C: 4 articles for the poor. A draft of D with 50 for NTM does not count.

    NTM: articles 6 + 3 = 9, web posts 2, items 11, agencies A and C (B is C's) = 2.
    The poor: articles 4, agencies 1. 11/6: web posts 2, agencies 1."""
    agency_c = AgencyFactory(code="AGENCY-C", name="Sở Hợp nhất (thử)")
    Succession.objects.create(
        predecessor=agency_b, successor=agency_c, kind="merge", effective=period.end - datetime.timedelta(days=5)
    )
    a = _accepted(agency_a, period, metrics[0], themes[0], 10)
    add_figure(a, metrics[2], themes[0], 5)
    b = _accepted(agency_b, period, metrics[0], themes[0], 3)
    c = _accepted(agency_c, period, metrics[0], themes[1], 4)
    draft = ReportFactory(agency=AgencyFactory(code="AGENCY-D"), period=period)
    add_figure(draft, metrics[0], themes[0], 50)
    for report, metric, movement, occasion, value in [
        (a, metrics[0], "ntm", None, 6),
        (a, metrics[2], "ntm", "yearly", 2),
        (b, metrics[0], "ntm", None, 3),
        (c, metrics[0], "poor", None, 4),
        (draft, metrics[0], "ntm", None, 50),
    ]:
        Attribution.objects.create(
            report=report,
            metric=metric,
            movement=choices[movement],
            occasion=choices[occasion] if occasion else None,
            value=value,
        )
    with django_assert_num_queries(attributions.QUERY_COUNT):  # the rows grouped per agency; the successions
        found = attributions.results(period)
    assert [m.pk for m in found.metrics] == [metrics[0].pk, metrics[2].pk]
    assert [(r.code, r.values, r.items, r.agencies) for r in found.movements] == [
        ("nong-thon-moi", (9, 2), 11, 2),  # by name: "Cả nước chung sức…" before "Cả nước chung tay…"
        ("vi-nguoi-ngheo", (4, 0), 4, 1),
    ]
    assert [(r.code, r.values, r.agencies) for r in found.occasions] == [("thi-dua-ai-quoc-11-6", (0, 2), 1)]


def test_attribution_page_errors_beside_the_field_and_saves(client, filled, clerk_a, choices, metrics):
    client.force_login(clerk_a)
    url = reverse("reports:report_attributions", args=[filled.pk])
    page = client.get(url)
    assert page.status_code == 200
    assert "Số articles: <strong>12</strong>" in page.content.decode()  # the total beside the lines
    data = {
        "version": 1,
        "a-TOTAL_FORMS": 2,
        "a-INITIAL_FORMS": 0,
        "a-MIN_NUM_FORMS": 0,
        "a-MAX_NUM_FORMS": 60,
        "a-0-metric": metrics[0].pk,
        "a-0-movement": choices["ntm"].pk,
        "a-0-occasion": "",
        "a-0-value": "8",
        "a-1-metric": metrics[0].pk,
        "a-1-movement": choices["poor"].pk,
        "a-1-occasion": "",
        "a-1-value": "5",
    }
    refused = client.post(url, data)
    assert refused.status_code == 400
    assert 'id="id_a-1-value-err"' in refused.content.decode()  # the error sits beside the last line of the metric
    assert not Attribution.objects.exists()
    data["a-1-value"] = "4"
    saved = client.post(url, data)
    assert saved.status_code == 302
    assert sorted(Attribution.objects.values_list("value", flat=True)) == [4, 8]
    detail = client.get(reverse("reports:report_detail", args=[filled.pk])).content.decode()
    assert "Cả nước chung tay vì người nghèo" in detail
    assert 'data-testid="attributions"' in detail


def test_reviewer_reads_the_breakdown_but_cannot_edit_it(client, filled, clerk_a, reviewer, choices, metrics):
    services.attributions_save(
        report=filled, user=clerk_a, expected_version=1, rows=[Row(metrics[2].pk, choices["ntm"].pk, None, 9)]
    )
    services.report_submit(report=filled, user=clerk_a)
    client.force_login(reviewer)
    detail = client.get(reverse("reports:report_detail", args=[filled.pk]))
    assert detail.status_code == 200
    assert "nông thôn mới" in detail.content.decode()
    assert client.get(reverse("reports:report_attributions", args=[filled.pk])).status_code == 403


def test_another_agencys_clerk_does_not_see_the_page(client, filled, choices):
    client.force_login(UserFactory(username="other", agency=AgencyFactory(code="AGENCY-X"), roles=["clerk"]))
    assert client.get(reverse("reports:report_attributions", args=[filled.pk])).status_code == 404


def test_the_edit_page_refuses_to_lower_a_total_below_the_breakdown(client, filled, clerk_a, choices, metrics, themes):
    services.attributions_save(
        report=filled, user=clerk_a, expected_version=1, rows=[Row(metrics[0].pk, choices["ntm"].pk, None, 10)]
    )
    client.force_login(clerk_a)
    data = {"version": 2, f"c-{metrics[0].pk}-{themes[0].pk}": "7", f"c-{metrics[0].pk}-{themes[1].pk}": "2"}
    response = client.post(reverse("reports:report_edit", args=[filled.pk]), data)
    assert response.status_code == 400
    assert "Tổng mới của chỉ tiêu “Số articles” (9) nhỏ hơn số đã phân theo phong trào" in response.content.decode()
    assert ActivityReport.objects.get(pk=filled.pk).version == 2  # nothing saved


@pytest.mark.parametrize("lines", [1, 3])
def test_breakdown_page_queries(client, filled, clerk_a, choices, metrics, lines, django_assert_num_queries):
    rows = [Row(metrics[0].pk, choices["ntm"].pk, None, 1), Row(metrics[0].pk, choices["poor"].pk, None, 1)]
    rows.append(Row(metrics[2].pk, choices["ntm"].pk, None, 1))
    services.attributions_save(report=filled, user=clerk_a, expected_version=1, rows=rows[:lines])
    client.force_login(clerk_a)
    # Session, user, roles; the report; the primary metrics, the plan's movements, its occasions; the lines;
    # the grid's totals of the primary metrics.
    with django_assert_num_queries(9):
        response = client.get(reverse("reports:report_attributions", args=[filled.pk]))
    assert response.status_code == 200
    assert response.content.decode().count('class="border rounded p-2 mb-2 attribution-line"') == lines + 3


def test_the_admin_shows_the_breakdown_read_only_in_vietnamese(client, filled, clerk_a, admin_user, choices, metrics):
    services.attributions_save(
        report=filled, user=clerk_a, expected_version=1, rows=[Row(metrics[0].pk, choices["ntm"].pk, None, 4)]
    )
    client.force_login(admin_user)
    html = client.get(reverse("admin:reports_activityreport_change", args=[filled.pk])).content.decode()
    assert "Phân theo phong trào thi đua, ngày kỷ niệm" in html
    assert "Cả nước chung sức xây dựng nông thôn mới" in html
