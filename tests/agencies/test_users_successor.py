"""The users of an ended agency: no new report for it, moved by the administrator, still reading their old reports.

Dates around today (the factories' periods are): the old agency ended 30 days ago, its successor began the
day after. ``old_period`` (60 days ago to yesterday) overlaps both; ``new_period`` began after the end.
"""

import datetime

import pytest
from django.contrib.admin.models import LogEntry
from django.urls import reverse
from django.utils import timezone

from agencies import roles as r
from agencies.models import Succession
from reports import services as report_services
from reports.models import ActivityReport
from tests.factories import AgencyFactory, UserFactory
from tests.reports.factories import PeriodFactory, PlanFactory, ReportFactory, make_grid

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
ENDED = TODAY - datetime.timedelta(days=30)
MOVE_USERS = reverse("admin:agencies_agency_changelist")


@pytest.fixture
def old_agency(db):
    return AgencyFactory(code="OLD", name="Sở Cũ (thử)", active_from=datetime.date(2021, 1, 1), active_until=ENDED)


@pytest.fixture
def successor(old_agency):
    agency = AgencyFactory(code="NEW", name="Sở Mới (thử)", active_from=ENDED + datetime.timedelta(days=1))
    Succession.objects.create(predecessor=old_agency, successor=agency, kind="merge", effective=agency.active_from)
    return agency


@pytest.fixture
def old_clerk(old_agency):
    return UserFactory(username="clerk_old", agency=old_agency, roles=[r.CLERK])


@pytest.fixture
def plan(db):
    return make_grid(PlanFactory(code="test-plan"))


@pytest.fixture
def old_period(plan):
    return PeriodFactory(plan=plan, number=1)


@pytest.fixture
def new_period(plan):
    return PeriodFactory(plan=plan, number=2, start=TODAY - datetime.timedelta(days=20), end=TODAY)


@pytest.fixture
def old_report(old_agency, old_period, old_clerk):
    return ReportFactory(agency=old_agency, period=old_period, created_by=old_clerk)


def move_users(client, user, *agencies):
    client.force_login(user)
    data = {"action": "move_users", "_selected_action": [a.pk for a in agencies]}
    return client.post(MOVE_USERS, data, follow=True)


def test_a_clerk_of_an_ended_agency_cannot_start_a_report_after_its_end(client, old_clerk, successor, new_period):
    with pytest.raises(report_services.TransitionError):
        report_services.report_get_or_create(agency=old_clerk.agency, period=new_period, user=old_clerk)
    client.force_login(old_clerk)
    response = client.post(reverse("reports:report_start", args=[new_period.code]))
    assert response.status_code == 302
    assert not ActivityReport.objects.filter(period=new_period).exists()


def test_after_the_move_the_clerk_reports_for_the_successor_and_reads_but_cannot_edit_old_reports(
    client, admin_user, old_clerk, old_agency, successor, old_report, new_period
):
    response = move_users(client, admin_user, old_agency)
    assert response.status_code == 200
    assert "1 người dùng của Sở Cũ (thử) đã được chuyển sang Sở Mới (thử)." in response.content.decode()
    old_clerk.refresh_from_db()
    assert old_clerk.agency == successor
    old_report.refresh_from_db()
    assert old_report.agency == old_agency  # the report stays with the agency that wrote it

    client.force_login(old_clerk)
    response = client.post(reverse("reports:report_start", args=[new_period.code]))
    report = ActivityReport.objects.get(period=new_period)
    assert (report.agency, response.status_code) == (successor, 302)
    assert response.url == reverse("reports:report_edit", args=[report.pk])

    assert client.get(reverse("reports:report_detail", args=[old_report.pk])).status_code == 200
    assert client.get(reverse("reports:report_edit", args=[old_report.pk])).status_code == 403
    assert client.post(reverse("reports:report_submit", args=[old_report.pk])).status_code == 403
    old_report.refresh_from_db()
    assert old_report.status == ActivityReport.Status.DRAFT


def test_the_move_is_in_the_admin_history_of_the_user_and_the_agency(
    client, admin_user, old_clerk, old_agency, successor
):
    move_users(client, admin_user, old_agency)
    [entry] = LogEntry.objects.filter(object_id=str(old_clerk.pk), content_type__model="user")
    assert entry.user == admin_user
    assert entry.get_change_message() == "Chuyển từ Sở Cũ (thử) sang cơ quan kế thừa Sở Mới (thử)."
    [entry] = LogEntry.objects.filter(object_id=str(old_agency.pk), content_type__model="agency")
    assert "Sở Mới (thử)" in entry.get_change_message()
    history = client.get(reverse("admin:agencies_user_history", args=[old_clerk.pk]))
    assert "Chuyển từ Sở Cũ (thử) sang cơ quan kế thừa Sở Mới (thử)." in history.content.decode()


def test_the_staff_of_a_later_successor_read_the_reports_of_every_predecessor(
    client, old_agency, successor, old_report
):
    third = AgencyFactory(code="THIRD", active_from=TODAY)
    Succession.objects.filter(predecessor=old_agency).update(main=True)
    successor.active_until = TODAY - datetime.timedelta(days=1)
    successor.save()
    Succession.objects.create(predecessor=successor, successor=third, kind="rename", effective=TODAY)
    clerk = UserFactory(username="clerk_third", agency=third, roles=[r.CLERK])
    client.force_login(clerk)
    assert client.get(reverse("reports:report_detail", args=[old_report.pk])).status_code == 200
    assert list(ActivityReport.objects.visible_to(clerk)) == [old_report]


def test_a_transfer_of_a_function_opens_no_reports(client, old_agency, old_report):
    receiver = AgencyFactory(code="RECV")
    Succession.objects.create(predecessor=old_agency, successor=receiver, kind="transfer", effective=ENDED)
    client.force_login(UserFactory(username="clerk_recv", agency=receiver, roles=[r.CLERK]))
    assert client.get(reverse("reports:report_detail", args=[old_report.pk])).status_code == 404


def test_other_agencies_still_do_not_see_the_old_reports(client, clerk_b, successor, old_report):
    client.force_login(clerk_b)
    assert client.get(reverse("reports:report_detail", args=[old_report.pk])).status_code == 404


def test_an_active_agency_or_one_without_a_successor_keeps_its_users(client, admin_user, agency_a, clerk_a, old_clerk):
    response = move_users(client, admin_user, agency_a, old_clerk.agency)
    html = response.content.decode()
    assert "vẫn đang hoạt động" in html
    assert "chưa có cơ quan kế thừa" in html
    clerk_a.refresh_from_db()
    old_clerk.refresh_from_db()
    assert (clerk_a.agency, old_clerk.agency.code) == (agency_a, "OLD")
    assert not LogEntry.objects.exists()


def test_the_emulation_officer_cannot_move_users(client, officer, old_clerk, successor):
    client.force_login(officer)
    page = client.get(MOVE_USERS).content.decode()
    assert 'value="move_users"' not in page
    move_users(client, officer, old_clerk.agency)
    old_clerk.refresh_from_db()
    assert old_clerk.agency.code == "OLD"
