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


def test_search_text_is_kept_in_step_with_the_name():
    agency = AgencyFactory(name="Hội Liên hiệp Phụ nữ tỉnh", short_name="Hội LHPN")
    assert Agency.objects.search("hoi lien hiep phu nu").get() == agency
    agency.name = "Hội Nông dân tỉnh"
    agency.save(update_fields=["name"])
    assert Agency.objects.search("nong dan").get() == agency
