"""Evidence files in an S3-compatible object store (moto on 127.0.0.1, ``tests/s3.py``): upload, download, removal."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from reports.models import Evidence
from tests.reports.factories import PeriodFactory, PlanFactory, ReportFactory, make_grid

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n" + bytes(range(256)) * 40 + b"\n%%EOF\n"


@pytest.fixture
def report(agency_a):
    return ReportFactory(agency=agency_a, period=PeriodFactory(plan=make_grid(PlanFactory(code="s3"))))


def _upload(client, report, name="Kế hoạch tuyên truyền.pdf", content=PDF):
    response = client.post(
        reverse("reports:evidence_add", args=[report.pk]),
        {"title": "Kế hoạch", "file": SimpleUploadedFile(name, content, content_type="application/pdf")},
    )
    assert response.status_code == 302, response.content.decode()[:500]
    return Evidence.objects.get(report=report)


def test_uploaded_evidence_is_stored_in_the_private_bucket_only(client, clerk_a, report, object_storage, settings):
    client.force_login(clerk_a)
    evidence = _upload(client, report)
    assert evidence.file.name.startswith(f"evidence/{report.period.code}/")
    assert object_storage.objects() == [evidence.file.name]
    assert object_storage.read(evidence.file.name) == PDF
    assert [grant["Permission"] for grant in object_storage.grants(evidence.file.name)] == ["FULL_CONTROL"]
    assert not settings.MEDIA_ROOT.exists() or not any(p.is_file() for p in settings.MEDIA_ROOT.rglob("*"))


def test_evidence_streams_from_the_bucket_as_an_attachment(client, clerk_a, head_a, report, object_storage):
    client.force_login(clerk_a)
    evidence = _upload(client, report)
    for user in (clerk_a, head_a):
        client.force_login(user)
        response = client.get(reverse("reports:evidence_file", args=[report.pk, evidence.pk]))
        assert response.status_code == 200
        assert response.streaming
        assert response["Content-Type"] == "application/pdf"
        assert response["Content-Disposition"].startswith("attachment;")
        assert response["Cache-Control"] == "private, no-store"
        assert int(response["Content-Length"]) == len(PDF)
        assert b"".join(response.streaming_content) == PDF


def test_another_agency_cannot_read_evidence_in_the_bucket(client, clerk_a, clerk_b, report, object_storage):
    client.force_login(clerk_a)
    evidence = _upload(client, report)
    client.force_login(clerk_b)
    assert client.get(reverse("reports:evidence_file", args=[report.pk, evidence.pk])).status_code == 404


def test_evidence_gone_from_the_bucket_is_not_found(client, clerk_a, report, object_storage):
    client.force_login(clerk_a)
    evidence = _upload(client, report)
    object_storage.client().delete_object(Bucket=object_storage.name, Key=evidence.file.name)
    assert client.get(reverse("reports:evidence_file", args=[report.pk, evidence.pk])).status_code == 404


def test_removing_evidence_deletes_its_object(
    client, clerk_a, report, object_storage, django_capture_on_commit_callbacks
):
    client.force_login(clerk_a)
    evidence = _upload(client, report)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("reports:evidence_delete", args=[report.pk, evidence.pk]))
    assert response.status_code == 302
    assert not Evidence.objects.exists()
    assert object_storage.objects() == []
