"""The flow through the staff pages: propose with a photo, duplicates, the officer's steps, commendations."""

import io

import pytest
from django.urls import reverse
from PIL import Image

from honourees.models import Commendation, Honouree
from tests.factories import AdministrativeUnitFactory
from tests.honourees.factories import CommendationFactory, HonoureeFactory
from tests.honourees.images import jpeg_with_exif, upload

pytestmark = pytest.mark.django_db


def form_data(unit, **extra):
    return {
        "kind": "individual",
        "category": "good_deed",
        "name": "Giàng Thị Dung",
        "unit": unit.pk,
        "field": "poverty",
        "story": "Bà giúp 30 hộ nghèo thoát nghèo. <script>alert('x')</script>",
        "consent_to_publish": "on",
        "phone": "0987 654 321",
        **extra,
    }


def test_clerk_proposes_with_a_photo_stored_without_exif(client, clerk_a):
    client.force_login(clerk_a)
    unit = AdministrativeUnitFactory()
    data = form_data(unit, photo_upload=upload(jpeg_with_exif(), name="IMG_0001.jpg"))
    response = client.post(reverse("honourees:create"), data)
    honouree = Honouree.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("honourees:detail", args=[honouree.pk])
    assert honouree.proposing_agency == clerk_a.agency
    stored = honouree.photo.read()
    assert b"SecretCam" not in stored
    with Image.open(io.BytesIO(stored)) as image:
        assert max(image.size) <= 1200
    # The clerk's page shows the photo through an access-checked view and escapes the story's HTML.
    page = client.get(response["Location"]).content.decode()
    assert "<script>alert" not in page
    assert "&lt;script&gt;" in page
    photo = client.get(reverse("honourees:photo", args=[honouree.pk]))
    assert photo.status_code == 200
    assert photo["Content-Type"] == "image/jpeg"


def test_disguised_photo_is_refused_next_to_the_field_and_nothing_is_saved(client, clerk_a):
    client.force_login(clerk_a)
    data = form_data(AdministrativeUnitFactory(), photo_upload=upload(b"<?php echo 1; ?>", name="anh.jpg"))
    response = client.post(reverse("honourees:create"), data)
    assert response.status_code == 200
    assert "photo_upload" in response.context["form"].errors
    assert not Honouree.objects.exists()


def test_other_agency_cannot_fetch_the_photo(client, clerk_a, clerk_b):
    client.force_login(clerk_a)
    client.post(
        reverse("honourees:create"), form_data(AdministrativeUnitFactory(), photo_upload=upload(jpeg_with_exif()))
    )
    honouree = Honouree.objects.get()
    client.force_login(clerk_b)
    assert client.get(reverse("honourees:photo", args=[honouree.pk])).status_code == 404


def test_officer_sees_the_possible_duplicate_but_the_clerk_does_not(client, officer, clerk_b, proposal_a):
    client.force_login(clerk_b)
    client.post(reverse("honourees:create"), form_data(proposal_a.unit, name="GIÀNG THỊ DUNG"))
    again = Honouree.objects.exclude(pk=proposal_a.pk).get()
    page = client.get(reverse("honourees:detail", args=[again.pk])).content.decode()
    assert 'id="duplicates"' not in page
    client.force_login(officer)
    page = client.get(reverse("honourees:detail", args=[again.pk])).content.decode()
    assert 'id="duplicates"' in page
    assert reverse("honourees:detail", args=[proposal_a.pk]) in page


def test_officer_asks_for_more_then_clerk_edits_and_resubmits(client, officer, clerk_a, proposal_a):
    client.force_login(officer)
    client.post(reverse("honourees:step", args=[proposal_a.pk, "request_info"]), {"reason": "Thiếu quyết định"})
    proposal_a.refresh_from_db()
    assert proposal_a.status == Honouree.Status.NEEDS_INFO
    client.force_login(clerk_a)
    page = client.get(reverse("honourees:detail", args=[proposal_a.pk])).content.decode()
    assert "Thiếu quyết định" in page
    data = form_data(proposal_a.unit, name=proposal_a.name, evidence="https://baolaocai.vn/bai-viet")
    assert client.post(reverse("honourees:edit", args=[proposal_a.pk]), data).status_code == 302
    client.post(reverse("honourees:step", args=[proposal_a.pk, "resubmit"]), {"reason": ""})
    proposal_a.refresh_from_db()
    assert proposal_a.status == Honouree.Status.PROPOSED
    assert proposal_a.evidence == "https://baolaocai.vn/bai-viet"


def test_reject_without_reason_changes_nothing(client, officer, proposal_a):
    client.force_login(officer)
    client.post(reverse("honourees:step", args=[proposal_a.pk, "reject"]), {"reason": ""})
    proposal_a.refresh_from_db()
    assert proposal_a.status == Honouree.Status.PROPOSED


def test_publish_without_consent_is_refused_with_a_message(client, officer, agency_a):
    h = HonoureeFactory(proposing_agency=agency_a, status=Honouree.Status.VERIFIED, consent_to_publish=False)
    client.force_login(officer)
    response = client.post(reverse("honourees:step", args=[h.pk, "publish"]), follow=True)
    h.refresh_from_db()
    assert h.status == Honouree.Status.VERIFIED
    assert any("consent" in str(m).lower() or "đồng ý" in str(m) for m in response.context["messages"])


def test_commendation_page_warns_then_records_on_confirmation(client, officer, proposal_a):
    existing = CommendationFactory(honouree=proposal_a, achievement="Xuất sắc năm 2023")
    client.force_login(officer)
    url = reverse("honourees:commendation_add", args=[proposal_a.pk])
    data = {
        "form": existing.form,
        "achievement": "xuat sac nam 2023",
        "decision_number": "77/QĐ-UBND",
        "decision_date": "2024-06-01",
        "issuing_authority": "UBND tỉnh",
    }
    response = client.post(url, data)
    assert response.status_code == 200
    assert 'id="commendation-duplicates"' in response.content.decode()
    assert proposal_a.commendations.count() == 1
    response = client.post(url, {**data, "confirm_duplicate": "on"})
    assert response.status_code == 302
    assert proposal_a.commendations.count() == 2


def test_commendation_with_an_invalid_date_is_refused(client, officer, proposal_a):
    client.force_login(officer)
    response = client.post(
        reverse("honourees:commendation_add", args=[proposal_a.pk]),
        {"form": Commendation.Form.CERTIFICATE, "achievement": "x", "decision_number": "1", "decision_date": "abc"},
    )
    assert response.status_code == 200
    assert "decision_date" in response.context["form"].errors
    assert not Commendation.objects.exists()


def test_second_editor_gets_a_conflict_not_a_silent_overwrite(client, clerk_a, head_a, proposal_a):
    url = reverse("honourees:edit", args=[proposal_a.pk])
    client.force_login(clerk_a)
    loaded_by_clerk = client.get(url).context["form"]["loaded_version"].value()
    client.force_login(head_a)
    loaded_by_head = client.get(url).context["form"]["loaded_version"].value()
    base = form_data(proposal_a.unit, name=proposal_a.name)
    assert client.post(url, {**base, "position": "Bí thư", "loaded_version": loaded_by_head}).status_code == 302
    client.force_login(clerk_a)
    response = client.post(url, {**base, "position": "Trưởng thôn", "loaded_version": loaded_by_clerk})
    assert response.status_code == 200
    assert response.context["form"].non_field_errors()
    proposal_a.refresh_from_db()
    assert proposal_a.position == "Bí thư"


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("phone", "gọi cho tôi"),
        ("id_number", "12345"),
        ("date_of_birth", "2999-01-01"),
        ("name", ""),
        ("story", ""),
        ("unit", "999999"),
        ("category", "hero"),
    ],
)
def test_bad_input_is_refused_next_to_the_field(client, clerk_a, field, value):
    client.force_login(clerk_a)
    response = client.post(reverse("honourees:create"), {**form_data(AdministrativeUnitFactory()), field: value})
    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert not Honouree.objects.exists()


def test_commendation_decision_date_in_the_future_is_refused(client, officer, proposal_a):
    client.force_login(officer)
    response = client.post(
        reverse("honourees:commendation_add", args=[proposal_a.pk]),
        {
            "form": Commendation.Form.CERTIFICATE,
            "achievement": "x",
            "decision_number": "1",
            "decision_date": "2999-01-01",
            "issuing_authority": "UBND tỉnh",
        },
    )
    assert "decision_date" in response.context["form"].errors
    assert not Commendation.objects.exists()
