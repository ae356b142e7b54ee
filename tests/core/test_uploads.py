"""Upload limits hold while the body is read: a huge file is never kept whole, a huge body never parsed."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import RequestFactory
from django.urls import reverse

from reports.models import Evidence

MB = 1024 * 1024


def test_an_oversized_file_is_counted_but_not_kept(settings):
    body = b"%PDF-1.4\n" + b"x" * (12 * MB)
    request = RequestFactory().post("/", {"file": SimpleUploadedFile("big.pdf", body)})
    upload = request.FILES["file"]
    assert upload.size == len(body)
    assert upload.size > settings.UPLOAD_MAX_FILE_SIZE
    upload.seek(0)
    assert upload.read() == b""


def test_a_file_within_the_limit_arrives_whole():
    body = b"%PDF-1.4\n" + b"x" * (3 * MB)
    request = RequestFactory().post("/", {"file": SimpleUploadedFile("ok.pdf", body)})
    upload = request.FILES["file"]
    upload.seek(0)
    assert upload.read() == body


def test_a_body_larger_than_the_request_limit_is_not_parsed(settings):
    request = RequestFactory().post("/", {"title": "x", "file": SimpleUploadedFile("a.pdf", b"%PDF-1.4")})
    request.META["CONTENT_LENGTH"] = str(settings.UPLOAD_MAX_REQUEST_SIZE + 1)
    assert dict(request.POST) == {}
    assert dict(request.FILES) == {}


@pytest.mark.django_db
def test_clerk_uploading_a_too_large_file_is_told_so_beside_the_field(client, clerk_a, agency_a):
    from tests.reports.factories import PeriodFactory, PlanFactory, ReportFactory, make_grid

    report = ReportFactory(agency=agency_a, period=PeriodFactory(plan=make_grid(PlanFactory(code="upl"))))
    client.force_login(clerk_a)
    body = b"%PDF-1.4\n" + b"x" * (11 * MB)
    response = client.post(
        reverse("reports:evidence_add", args=[report.pk]), {"title": "Lớn", "file": SimpleUploadedFile("a.pdf", body)}
    )
    assert response.status_code == 400
    assert "10 MB" in response.content.decode()
    assert not Evidence.objects.exists()
