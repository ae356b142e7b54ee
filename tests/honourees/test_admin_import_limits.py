"""The admin's XLSX import refuses a workbook that unpacks to something huge before reading it."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from honourees.models import Honouree
from tests.reports.test_upload_limits import _workbook

pytestmark = pytest.mark.django_db


def test_a_zip_bomb_is_refused_at_the_import_form(client, officer):
    bomb = SimpleUploadedFile("dien-hinh.xlsx", _workbook(padding=40 * 1024 * 1024))
    client.force_login(officer)
    response = client.post(reverse("admin:honourees_honouree_import"), {"import_file": bomb, "format": "0"})
    assert response.status_code == 200
    form = response.context["form"]
    assert form.errors["import_file"] == ["Tệp bảng tính lớn hơn 10 MB hoặc giải nén ra quá 20 MB."]
    assert not Honouree.objects.exists()
