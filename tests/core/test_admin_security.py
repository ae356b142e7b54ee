"""The admin keeps what has reported: no hard delete of an agency with reports, by any admin path."""

import pytest
from django.urls import reverse

from agencies.models import Agency
from tests.factories import AgencyFactory
from tests.reports.factories import PeriodFactory, PlanFactory, ReportFactory, make_grid

pytestmark = pytest.mark.django_db


@pytest.fixture
def reported_agency(db):
    agency = AgencyFactory(code="REPORTED", name="Sở đã báo cáo")
    ReportFactory(agency=agency, period=PeriodFactory(plan=make_grid(PlanFactory(code="adm"))))
    return agency


def test_admin_delete_page_keeps_an_agency_that_has_reported(client, admin_user, reported_agency):
    client.force_login(admin_user)
    client.post(reverse("admin:agencies_agency_delete", args=[reported_agency.pk]), {"post": "yes"})
    assert Agency.objects.filter(pk=reported_agency.pk).exists()


def test_bulk_delete_action_keeps_an_agency_that_has_reported(client, admin_user, reported_agency):
    client.force_login(admin_user)
    client.post(
        reverse("admin:agencies_agency_changelist"),
        {"action": "delete_selected", "_selected_action": [reported_agency.pk], "post": "yes"},
    )
    assert Agency.objects.filter(pk=reported_agency.pk).exists()


def test_the_officer_cannot_delete_agencies_at_all(client, officer):
    agency = AgencyFactory(code="UNUSED", name="Cơ quan chưa dùng")
    client.force_login(officer)
    response = client.post(reverse("admin:agencies_agency_delete", args=[agency.pk]), {"post": "yes"})
    assert response.status_code == 403
    assert Agency.objects.filter(pk=agency.pk).exists()


def test_the_officer_cannot_change_users_or_roles(client, officer, clerk_a):
    client.force_login(officer)
    response = client.post(
        reverse("admin:agencies_user_change", args=[clerk_a.pk]),
        {"username": "clerk_a", "is_superuser": "on", "is_staff": "on"},
    )
    assert response.status_code == 403
    clerk_a.refresh_from_db()
    assert not clerk_a.is_superuser
    assert client.get(reverse("admin:auth_group_changelist")).status_code == 403
