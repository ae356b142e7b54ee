import datetime

import pytest
from django.db.models import ProtectedError
from django.urls import reverse

from agencies.models import Agency
from tests.factories import AgencyFactory

pytestmark = pytest.mark.django_db


def test_an_agency_with_users_cannot_be_hard_deleted(clerk_a):
    with pytest.raises(ProtectedError):
        clerk_a.agency.delete()


def test_admin_refuses_to_delete_a_used_agency_with_a_message(client, admin_user, clerk_a):
    client.force_login(admin_user)
    response = client.post(
        reverse("admin:agencies_agency_delete", args=[clerk_a.agency.pk]), {"post": "yes"}, follow=True
    )
    assert response.status_code == 200
    assert Agency.objects.filter(pk=clerk_a.agency.pk).exists()


def test_active_on_respects_the_activity_window():
    old = AgencyFactory(active_from=datetime.date(2021, 1, 1), active_until=datetime.date(2025, 6, 30))
    new = AgencyFactory(active_from=datetime.date(2025, 7, 1))
    assert list(Agency.objects.active_on(datetime.date(2024, 5, 1))) == [old]
    assert list(Agency.objects.active_on(datetime.date(2025, 7, 1))) == [new]


@pytest.mark.parametrize(
    ("start", "end", "active"),
    [
        (datetime.date(2020, 1, 1), datetime.date(2020, 12, 31), False),  # before it began
        (datetime.date(2020, 10, 1), datetime.date(2021, 1, 1), True),  # its first day is the period's last
        (datetime.date(2022, 1, 1), datetime.date(2022, 3, 31), True),  # wholly inside
        (datetime.date(2025, 6, 30), datetime.date(2025, 9, 30), True),  # its last day is the period's first
        (datetime.date(2025, 7, 1), datetime.date(2025, 9, 30), False),  # after it ceased
    ],
)
def test_active_during_a_period_means_active_on_some_day_of_it(start, end, active):
    agency = AgencyFactory(active_from=datetime.date(2021, 1, 1), active_until=datetime.date(2025, 6, 30))
    assert agency.is_active_during(start, end) is active
    assert Agency.objects.active_during(start, end).filter(pk=agency.pk).exists() is active


def test_an_agency_without_dates_is_active_during_any_period():
    agency = AgencyFactory(active_from=None, active_until=None)
    assert agency.is_active_during(datetime.date(1990, 1, 1), datetime.date(1990, 3, 31))
    assert agency.is_active_on(datetime.date(2100, 1, 1))
    assert list(Agency.objects.active_during(datetime.date(1990, 1, 1), datetime.date(1990, 3, 31))) == [agency]


def test_search_text_is_kept_in_step_with_the_name():
    agency = AgencyFactory(name="Hội Liên hiệp Phụ nữ tỉnh", short_name="Hội LHPN")
    assert Agency.objects.search("hoi lien hiep phu nu").get() == agency
    agency.name = "Hội Nông dân tỉnh"
    agency.save(update_fields=["name"])
    assert Agency.objects.search("nong dan").get() == agency
