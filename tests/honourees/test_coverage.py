"""The link to propaganda: a report lists the honourees it introduced, per channel; the honouree page shows it."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone

from campaigns.models import Channel
from honourees import services
from honourees.models import Honouree, HonoureeCoverage
from reports.models import ActivityReport
from tests.honourees.factories import HonoureeFactory
from tests.reports.factories import PeriodFactory, PlanFactory, ReportFactory, make_grid

pytestmark = pytest.mark.django_db


@pytest.fixture
def plan(db):
    return make_grid(PlanFactory(code="test-plan"))


@pytest.fixture
def channel(plan):
    return Channel.objects.get(plan=plan, code="HT1")


@pytest.fixture
def report_a(plan, agency_a, clerk_a):
    return ReportFactory(agency=agency_a, period=PeriodFactory(plan=plan, number=1), created_by=clerk_a)


def test_clerk_adds_a_published_honouree_to_their_draft_report(client, clerk_a, report_a, channel, published):
    client.force_login(clerk_a)
    url = reverse("honourees:report_coverage", args=[report_a.pk])
    response = client.post(
        url, {"honouree": published.pk, "channel": channel.pk, "note": "Phóng sự", "link": "https://baolaocai.vn/a"}
    )
    assert response.status_code == 302
    coverage = report_a.honouree_coverages.get()
    assert (coverage.honouree, coverage.channel, coverage.added_by) == (published, channel, clerk_a)


def test_clerk_cannot_add_to_a_submitted_report(clerk_a, report_a, channel, published):
    ActivityReport.objects.filter(pk=report_a.pk).update(status="submitted", submitted_at="2024-01-01T00:00Z")
    report_a.refresh_from_db()
    with pytest.raises(PermissionDenied):
        services.coverage_add(report=report_a, user=clerk_a, honouree=published, channel=channel)


def test_other_agency_clerk_cannot_touch_the_report(client, clerk_b, report_a, channel, published):
    with pytest.raises(PermissionDenied):
        services.coverage_add(report=report_a, user=clerk_b, honouree=published, channel=channel)
    client.force_login(clerk_b)
    url = reverse("honourees:report_coverage", args=[report_a.pk])
    assert client.get(url).status_code == 404
    assert client.post(url, {"honouree": published.pk, "channel": channel.pk}).status_code == 404


@pytest.mark.parametrize("role", ["reviewer", "emulation_officer", "leadership"])
def test_province_roles_do_not_see_a_drafts_coverage(client, every_role, report_a, channel, published, role):
    client.force_login(every_role[role])
    url = reverse("honourees:report_coverage", args=[report_a.pk])
    assert client.get(url).status_code == 404
    assert client.post(url, {"honouree": published.pk, "channel": channel.pk}).status_code == 404
    assert not HonoureeCoverage.objects.exists()


@pytest.mark.parametrize(("role", "status"), [("reviewer", 200), ("leadership", 200), ("emulation_officer", 404)])
def test_province_roles_read_an_accepted_reports_coverage_but_do_not_edit_it(
    client, every_role, report_a, channel, published, role, status
):
    ActivityReport.objects.filter(pk=report_a.pk).update(status="accepted", submitted_at=timezone.now())
    client.force_login(every_role[role])
    url = reverse("honourees:report_coverage", args=[report_a.pk])
    assert client.get(url).status_code == status
    assert client.post(url, {"honouree": published.pk, "channel": channel.pk}).status_code in (403, 404)
    assert not HonoureeCoverage.objects.exists()


def test_another_agencys_unpublished_proposal_cannot_be_linked(clerk_a, report_a, channel, proposal_b):
    with pytest.raises(PermissionDenied):
        services.coverage_add(report=report_a, user=clerk_a, honouree=proposal_b, channel=channel)


def test_clerk_removes_a_line(client, clerk_a, report_a, channel, published):
    coverage = services.coverage_add(report=report_a, user=clerk_a, honouree=published, channel=channel)
    client.force_login(clerk_a)
    client.post(reverse("honourees:coverage_remove", args=[coverage.pk]))
    assert not HonoureeCoverage.objects.exists()


def test_report_partial_lists_the_honourees_it_covered(clerk_a, report_a, channel, published):
    services.coverage_add(report=report_a, user=clerk_a, honouree=published, channel=channel, note="Bài viết")
    request = RequestFactory().get("/")
    request.user = clerk_a
    html = render_to_string("honourees/_report_honourees.html", {"report": report_a}, request=request)
    assert published.name in html
    assert "Bài viết" in html
    assert reverse("honourees:report_coverage", args=[report_a.pk]) in html  # the clerk may still edit
    assert '<svg class="bi-svg"' in html  # its icon inline: the report's page does without the icon font
    assert 'class="bi ' not in html


def test_honouree_page_shows_coverage_over_time(client, officer, clerk_a, agency_a, plan, channel, published):
    for number in (1, 2):
        start = timezone.localdate() - datetime.timedelta(days=150 - 60 * number)
        period = PeriodFactory(plan=plan, number=number, start=start, end=start + datetime.timedelta(days=20))
        report = ReportFactory(agency=agency_a, period=period)
        services.coverage_add(report=report, user=clerk_a, honouree=published, channel=channel, note=f"Kỳ {number}")
    client.force_login(officer)
    html = client.get(reverse("honourees:detail", args=[published.pk])).content.decode()
    assert html.index("Kỳ 1") > html.index("Kỳ 2")  # newest period first
    assert agency_a.short_name in html


@pytest.mark.parametrize("lines", [1, 3])
def test_honouree_pages_read_their_coverage_in_one_query(
    client, django_assert_num_queries, officer, clerk_a, agency_a, plan, channel, published, lines
):
    for number in range(1, lines + 1):
        report = ReportFactory(agency=agency_a, period=PeriodFactory(plan=plan, number=number))
        services.coverage_add(report=report, user=clerk_a, honouree=published, channel=channel, note=f"Kỳ {number}")
        ActivityReport.objects.filter(pk=report.pk).update(status="accepted", submitted_at=timezone.now())
    # 1 honouree, 1 commendations, 1 coverage lines with agency, period and channel (only what they show).
    with django_assert_num_queries(3):
        response = client.get(reverse("portal:detail", args=[published.slug]))
    assert response.status_code == 200
    html = response.content.decode()
    assert html.count("Kỳ ") == lines
    assert f"Quý {'I' * lines}/2099" in html  # the period's label, from its kind, number and year
    client.force_login(officer)
    # 1 session, 1 user, 1 role groups; 1 honouree, 1 commendations, 1 steps, 1 support actions, 1 replications,
    # 1 portal dispatches, 1 duplicates, 1 coverage lines.
    with django_assert_num_queries(11):
        response = client.get(reverse("honourees:detail", args=[published.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    assert html.count("Kỳ ") == lines
    assert f'{agency_a.short_name}</span> · <span class="badge badge-kind">{channel.short_name}</span>' in html


def test_compiled_report_can_read_coverage_through_the_reverse_relation(clerk_a, report_a, channel, agency_a):
    h = HonoureeFactory(proposing_agency=agency_a, status=Honouree.Status.PROPOSED)
    services.coverage_add(report=report_a, user=clerk_a, honouree=h, channel=channel)
    assert list(report_a.honouree_coverages.values_list("honouree__name", "channel__code")) == [(h.name, "HT1")]


def test_the_report_page_includes_the_honourees_it_covered(client, clerk_a, report_a, channel, published):
    services.coverage_add(report=report_a, user=clerk_a, honouree=published, channel=channel, note="Phóng sự ảnh")
    client.force_login(clerk_a)
    html = client.get(reverse("reports:report_detail", args=[report_a.pk])).content.decode()
    assert 'id="report-honourees"' in html
    assert published.name in html
    assert "Phóng sự ảnh" in html


@pytest.mark.parametrize("lines", [1, 12])
def test_coverage_page_query_count_is_fixed(
    client, django_assert_num_queries, clerk_a, agency_a, report_a, channel, lines
):
    covered = []
    for _ in range(lines):
        h = HonoureeFactory(proposing_agency=agency_a, status=Honouree.Status.PUBLISHED)
        services.coverage_add(report=report_a, user=clerk_a, honouree=h, channel=channel)
        covered.append(h)
    client.force_login(clerk_a)
    # 1 session, 1 user, 1 role groups, 1 report with agency, period and plan;
    # 1 coverage lines with honouree, unit and channel; 2 the form's selects (honourees, channels).
    with django_assert_num_queries(7):
        response = client.get(reverse("honourees:report_coverage", args=[report_a.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    assert all(f'<td class="fw-semibold">{h.name}<br>' in html for h in covered)  # a line each


def test_portal_shows_coverage_only_from_accepted_reports(client, clerk_a, report_a, channel, published):
    services.coverage_add(report=report_a, user=clerk_a, honouree=published, channel=channel, note="Bài chưa duyệt")
    url = reverse("portal:detail", args=[published.slug])
    assert "Bài chưa duyệt" not in client.get(url).content.decode()
    ActivityReport.objects.filter(pk=report_a.pk).update(status="accepted", submitted_at=timezone.now())
    html = client.get(url).content.decode()
    assert "Bài chưa duyệt" in html
    assert report_a.agency.short_name in html
