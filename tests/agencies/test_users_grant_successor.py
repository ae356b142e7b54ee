"""Granting a user of an ended agency its successor, keeping their agency (issue 14 §3): they finish the ended
agency's last report and already work for the successor. Dates as in ``test_users_successor``."""

# ruff: noqa: F811 — the fixtures come from test_users_successor

import pytest
from django.contrib.admin.models import LogEntry
from django.urls import reverse

from agencies import roles as r
from reports import access
from reports.models import ActivityReport
from tests.agencies.test_users_successor import (  # noqa: F401
    new_period,
    old_agency,
    old_clerk,
    old_period,
    old_report,
    plan,
    successor,
)
from tests.factories import UserFactory
from tests.reports.factories import ReportFactory

pytestmark = pytest.mark.django_db

USERS = reverse("admin:agencies_user_changelist")


def grant(client, by, *users):
    client.force_login(by)
    return client.post(USERS, {"action": "grant_successor", "_selected_action": [u.pk for u in users]}, follow=True)


@pytest.fixture
def successor_report(successor, new_period):
    return ReportFactory(agency=successor, period=new_period)


def test_the_granted_clerk_keeps_their_agency_and_works_for_both(
    client, admin_user, old_clerk, old_agency, successor, old_report, successor_report
):
    client.force_login(old_clerk)
    assert client.get(reverse("reports:report_edit", args=[successor_report.pk])).status_code == 404

    response = grant(client, admin_user, old_clerk)
    assert response.status_code == 200
    html = response.content.decode()
    assert "đã được đồng thời làm việc cho Sở Mới (thử) và vẫn là người dùng của Sở Cũ (thử)." in html
    old_clerk.refresh_from_db()
    assert old_clerk.agency == old_agency
    assert list(old_clerk.acts_for.all()) == [successor]

    client.force_login(old_clerk)
    # The ended agency's last report: still theirs to finish and send.
    assert client.get(reverse("reports:report_edit", args=[old_report.pk])).status_code == 200
    # The successor's: theirs too, and listed with their own.
    assert client.get(reverse("reports:report_edit", args=[successor_report.pk])).status_code == 200
    assert set(ActivityReport.objects.visible_to(old_clerk)) == {old_report, successor_report}
    assert access.can_start_report(old_clerk, successor)


def test_the_grant_is_in_the_users_admin_history(client, admin_user, old_clerk, successor):
    grant(client, admin_user, old_clerk)
    [entry] = LogEntry.objects.filter(object_id=str(old_clerk.pk), content_type__model="user")
    assert entry.user == admin_user
    text = "Đồng thời làm việc cho Sở Mới (thử), cơ quan kế thừa của Sở Cũ (thử) (vẫn thuộc Sở Cũ (thử))."
    assert entry.get_change_message() == text
    history = client.get(reverse("admin:agencies_user_history", args=[old_clerk.pk]))
    assert text in history.content.decode()
    # The user's page shows the grant, where the administrator can take it back.
    page = client.get(reverse("admin:agencies_user_change", args=[old_clerk.pk])).content.decode()
    assert "đồng thời làm việc cho" in page.lower()
    assert f'<option value="{successor.pk}" selected>Sở Mới (thử)</option>' in page


def test_a_user_of_an_active_agency_is_not_granted_anything(client, admin_user, clerk_a, clerk_b, successor_report):
    html = grant(client, admin_user, clerk_a).content.decode()
    assert "vẫn đang hoạt động" in html
    assert not clerk_a.acts_for.exists()
    assert not LogEntry.objects.exists()
    # Nobody else reads the successor's draft.
    client.force_login(clerk_b)
    assert client.get(reverse("reports:report_detail", args=[successor_report.pk])).status_code == 404


def test_another_clerk_of_the_ended_agency_is_not_granted_by_someone_elses_grant(
    client, admin_user, old_clerk, old_agency, successor_report
):
    other = UserFactory(username="clerk_old_2", agency=old_agency, roles=[r.CLERK])
    grant(client, admin_user, old_clerk)
    client.force_login(other)
    assert client.get(reverse("reports:report_edit", args=[successor_report.pk])).status_code == 404
