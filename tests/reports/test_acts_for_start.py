"""A user granted a successor agency (``User.acts_for``) starts and edits its reports from the clerk home (issue 14
§3); a user without the grant cannot. Dates as in ``tests.agencies.test_users_successor``: the old agency ended
30 days ago, the successor began the next day, ``new_period`` began after the end."""

# ruff: noqa: F811 — the fixtures come from test_users_successor

import pytest
from django.urls import reverse

from agencies import roles as r
from reports import access
from reports.models import ActivityReport
from tests.agencies.test_users_successor import (  # noqa: F401
    new_period,
    old_agency,
    old_clerk,
    old_period,
    plan,
    successor,
)
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def granted(old_clerk, successor):
    old_clerk.acts_for.add(successor)
    return old_clerk


def _start(client, user, period, **data):
    client.force_login(user)
    return client.post(reverse("reports:report_start", args=[period.code]), data)


def test_the_granted_clerk_starts_the_successors_report(client, granted, successor, old_agency, new_period):
    assert [a.pk for a in access.agencies_worked_for(granted)] == [old_agency.pk, successor.pk]
    response = _start(client, granted, new_period, agency=successor.pk)
    report = ActivityReport.objects.get(period=new_period)
    assert report.agency == successor
    assert report.created_by == granted
    assert response.status_code == 302
    assert response["Location"] == reverse("reports:report_edit", args=[report.pk])
    assert client.get(response["Location"]).status_code == 200
    # Starting it again opens the same report.
    assert _start(client, granted, new_period, agency=successor.pk)["Location"] == response["Location"]
    assert ActivityReport.objects.filter(period=new_period).count() == 1


def test_the_clerk_home_switches_to_the_successor_and_offers_its_report(client, granted, successor, new_period):
    client.force_login(granted)
    own = client.get(reverse("reports:my_reports")).content.decode()
    assert 'data-testid="agency-switch"' in own
    assert f'href="{reverse("reports:my_reports")}?agency={successor.pk}">Sở Mới (thử)</a>' in own
    assert 'data-testid="agency-ceased"' in own  # their own agency ended: nothing to start there
    page = client.get(reverse("reports:my_reports"), {"agency": successor.pk})
    assert page.status_code == 200
    assert page.context["agency"] == successor
    html = page.content.decode()
    assert f'<input type="hidden" name="agency" value="{successor.pk}">' in html
    assert page.context["home"].period == new_period
    assert reverse("reports:report_start", args=[new_period.code]) in html


def test_without_the_grant_the_successors_report_cannot_be_started(client, old_clerk, successor, new_period):
    assert _start(client, old_clerk, new_period, agency=successor.pk).status_code == 404
    other = UserFactory(username="clerk_other", roles=[r.CLERK])
    assert _start(client, other, new_period, agency=successor.pk).status_code == 404
    assert client.get(reverse("reports:my_reports"), {"agency": successor.pk}).status_code == 404
    assert not ActivityReport.objects.filter(period=new_period).exists()
    assert access.agencies_worked_for(other) == [other.agency]


def test_a_reviewer_acting_for_nobody_starts_nothing(client, reviewer, successor, new_period):
    assert _start(client, reviewer, new_period, agency=successor.pk).status_code == 403
    assert access.agencies_worked_for(reviewer) == []
