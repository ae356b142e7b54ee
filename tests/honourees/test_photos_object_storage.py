"""Honourees' photos in an S3-compatible object store (moto's server on 127.0.0.1, ``tests/s3.py``)."""

import io

import pytest
from django.urls import reverse
from PIL import Image

from honourees import images, services
from honourees.models import Honouree
from tests.factories import AdministrativeUnitFactory
from tests.honourees.images import jpeg_with_exif, png_bytes, upload
from tests.honourees.test_views_flow import form_data

pytestmark = pytest.mark.django_db


def test_a_proposed_photo_is_stored_clean_in_the_bucket_and_served_to_its_agency(
    client, clerk_a, clerk_b, object_storage, settings
):
    client.force_login(clerk_a)
    data = form_data(AdministrativeUnitFactory(), photo_upload=upload(jpeg_with_exif(), name="IMG_0001.jpg"))
    assert client.post(reverse("honourees:create"), data).status_code == 302
    honouree = Honouree.objects.get()
    assert object_storage.objects() == [honouree.photo.name]
    stored = object_storage.read(honouree.photo.name)
    assert b"SecretCam" not in stored
    with Image.open(io.BytesIO(stored)) as image:
        assert max(image.size) <= 1200
    assert not settings.MEDIA_ROOT.exists() or not any(p.is_file() for p in settings.MEDIA_ROOT.rglob("*"))

    response = client.get(reverse("honourees:photo", args=[honouree.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "image/jpeg"
    assert b"".join(response.streaming_content) == stored
    client.force_login(clerk_b)
    assert client.get(reverse("honourees:photo", args=[honouree.pk])).status_code == 404


def test_replacing_a_published_photo_removes_the_old_object_and_the_portal_serves_the_new(
    client, officer, published, object_storage, django_capture_on_commit_callbacks
):
    services.honouree_update(
        honouree=published, user=officer, data={}, photo=images.process_photo(upload(jpeg_with_exif()))
    )
    first = Honouree.objects.get(pk=published.pk).photo.name
    assert object_storage.objects() == [first]
    with django_capture_on_commit_callbacks(execute=True):
        services.honouree_update(
            honouree=Honouree.objects.get(pk=published.pk),
            user=officer,
            data={},
            photo=images.process_photo(upload(png_bytes(), name="anh.png", content_type="image/png")),
        )
    second = Honouree.objects.get(pk=published.pk).photo.name
    assert object_storage.objects() == [second]
    assert second != first

    response = client.get(reverse("portal:photo", args=[published.slug]))
    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    assert b"".join(response.streaming_content) == object_storage.read(second)


def test_two_photos_of_the_same_name_do_not_overwrite_each_other(officer, agency_a, object_storage):
    from tests.honourees.factories import HonoureeFactory

    names = []
    for name in ("Giàng Thị Dung", "Lò Văn Sáng"):
        honouree = HonoureeFactory(name=name, proposing_agency=agency_a, status=Honouree.Status.PUBLISHED)
        services.honouree_update(
            honouree=honouree, user=officer, data={}, photo=images.process_photo(upload(png_bytes(), name="anh.png"))
        )
        names.append(Honouree.objects.get(pk=honouree.pk).photo.name)
    assert names[0] != names[1]
    assert object_storage.objects() == sorted(names)
