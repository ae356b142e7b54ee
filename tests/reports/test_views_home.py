"""The home pages of an agency's staff (the site home and reports:my_reports) as they see them."""

import datetime

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse
from django.utils import timezone

from agencies import roles as r
from agencies.models import Agency, User
from reports.demo import seed_demo_reports
from reports.models import ActivityReport
from reports.selectors import current_report_of
from tests.factories import UserFactory
from tests.reports.factories import PeriodFactory, ReportFactory

# Session, user, roles, the current period and its report, the awaiting-approval count, the guidance awaiting
# acknowledgement and the content provided to the press (duties): whatever the number of reports.
HEAD_HOME_QUERIES = 8
# Session, user, roles, the current period and its report, the guidance awaiting acknowledgement and the content
# provided to the press (duties).
CLERK_HOME_QUERIES = 7


def test_clerk_of_a_ceased_agency_is_told_why_there_is_no_current_period(client, plan, agency_a, period):
    today = timezone.localdate()
    old = PeriodFactory(
        plan=plan,
        start=today - datetime.timedelta(days=200),
        end=today - datetime.timedelta(days=110),
        deadline=today - datetime.timedelta(days=100),
        lock_date=today - datetime.timedelta(days=70),
    )
    past = ReportFactory(agency=agency_a, period=old)
    agency_a.active_until = today - datetime.timedelta(days=30)
    agency_a.save()
    clerk = UserFactory(username="clerk_ceased", agency=agency_a, roles=[r.CLERK])
    client.force_login(clerk)
    html = client.get(reverse("reports:my_reports")).content.decode()
    assert 'data-testid="agency-ceased"' in html
    assert f"đã chấm dứt hoạt động từ ngày {agency_a.active_until:%d/%m/%Y}" in html
    assert reverse("reports:report_start", args=[period.code]) not in html  # no "start the report" button
    assert reverse("reports:report_detail", args=[past.pk]) in html  # the past report is still there


def test_clerk_of_an_active_agency_sees_no_ceased_notice(client, clerk_a, period):
    client.force_login(clerk_a)
    html = client.get(reverse("reports:my_reports")).content.decode()
    assert 'data-testid="agency-ceased"' not in html
    assert reverse("reports:report_start", args=[period.code]) in html


def test_demo_gives_the_ceased_district_an_accepted_past_report(plan_data):
    reviewer = User.objects.create_user(username="reviewer.demo", password=None)
    reviewer.groups.add(Group.objects.get(name="reviewer"))
    batxat = Agency.objects.get(code="UBND-BATXAT")
    clerk = User.objects.create_user(username="clerk.batxat", password=None, agency=batxat)
    clerk.groups.add(Group.objects.get(name="clerk"))
    seed_demo_reports()
    report = ActivityReport.objects.get(agency=batxat)
    assert report.status == "accepted"
    assert report.period.end <= batxat.active_until


def test_leadership_home_card_does_not_promise_review_actions(client, leader, reviewer):
    client.force_login(leader)
    html = client.get(reverse("home")).content.decode()
    assert "Xem báo cáo các cơ quan, đơn vị đã gửi" in html
    assert "tiếp nhận hoặc trả lại" not in html
    client.force_login(reviewer)
    html = client.get(reverse("home")).content.decode()
    assert "Kiểm tra, tiếp nhận hoặc trả lại báo cáo" in html


def test_agency_head_home_says_how_many_reports_await_approval(client, head_a, clerk_a, report_a):
    client.force_login(head_a)
    assert 'data-testid="home-awaiting-approval"' not in client.get(reverse("home")).content.decode()
    ActivityReport.objects.filter(pk=report_a.pk).update(status="awaiting_approval")
    html = client.get(reverse("home")).content.decode()
    assert "Có 1 báo cáo của cơ quan, đơn vị đang chờ đồng chí duyệt." in html
    client.force_login(clerk_a)  # the clerk does not approve: no such line
    assert 'data-testid="home-awaiting-approval"' not in client.get(reverse("home")).content.decode()


@pytest.mark.parametrize("n", [1, 5])
def test_agency_head_home_runs_a_fixed_number_of_queries(client, head_a, plan, n, django_assert_num_queries):
    for _ in range(n):
        ReportFactory(agency=head_a.agency, period=PeriodFactory(plan=plan), status="awaiting_approval")
    client.force_login(head_a)
    client.get(reverse("home"))  # warm the session
    with django_assert_num_queries(HEAD_HOME_QUERIES):
        response = client.get(reverse("home"))
    assert response.status_code == 200
    html = response.content.decode()
    assert 'data-testid="home-current-period"' in html
    assert f"Có {n} báo cáo của cơ quan, đơn vị đang chờ đồng chí duyệt." in html  # every report counted


def test_clerk_home_card_shows_the_current_period_and_report_status(client, clerk_a, period, report_a):
    client.force_login(clerk_a)
    html = client.get(reverse("home")).content.decode()
    assert 'data-testid="home-current-period"' in html
    assert f"hạn gửi {period.deadline:%d/%m/%Y}" in html
    assert "còn 7 ngày" in html
    assert "Dự thảo" in html


def test_clerk_home_card_says_not_started_and_nothing_for_a_ceased_agency(client, clerk_a, agency_a, period):
    client.force_login(clerk_a)
    assert "chưa lập báo cáo" in client.get(reverse("home")).content.decode()
    agency_a.active_until = timezone.localdate() - datetime.timedelta(days=1)
    agency_a.save()
    assert 'data-testid="home-current-period"' not in client.get(reverse("home")).content.decode()


@pytest.mark.parametrize("n", [1, 5])
def test_clerk_home_runs_a_fixed_number_of_queries(client, clerk_a, plan, period, n, django_assert_num_queries):
    for _ in range(n):
        ReportFactory(agency=clerk_a.agency, period=PeriodFactory(plan=plan))
    ReportFactory(agency=clerk_a.agency, period=period)
    client.force_login(clerk_a)
    client.get(reverse("home"))  # warm the session
    with django_assert_num_queries(CLERK_HOME_QUERIES):
        response = client.get(reverse("home"))
    assert response.status_code == 200
    now = current_report_of(clerk_a.agency)
    label, status = now["period"].label, now["report"].get_status_display()
    html = response.content.decode()
    assert f'data-testid="home-current-period"><strong>{label}</strong>' in html
    assert f">{status}</span></p>" in html  # the current report's status
