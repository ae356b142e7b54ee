"""Files leave the site only as what they are: checked type, attachment, no sniffing, no user-chosen names on disk."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from reports.models import Evidence
from tests.reports.factories import PeriodFactory, PlanFactory, ReportFactory, make_grid

pytestmark = pytest.mark.django_db

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


@pytest.fixture
def report(agency_a):
    return ReportFactory(agency=agency_a, period=PeriodFactory(plan=make_grid(PlanFactory(code="files"))))


def _upload(client, report, name, content=PNG):
    response = client.post(
        reverse("reports:evidence_add", args=[report.pk]),
        {"title": "", "file": SimpleUploadedFile(name, content, content_type="text/html")},
    )
    assert response.status_code == 302, response.content.decode()[:500]
    return Evidence.objects.get(report=report)


@pytest.mark.parametrize("name", ["../../etc/passwd.png", "ảnh hội nghị.png", 'x";.html', "a.html"])
def test_the_stored_name_is_random_whatever_the_upload_is_called(client, clerk_a, report, name):
    client.force_login(clerk_a)
    evidence = _upload(client, report, name)
    stored = evidence.file.name
    assert stored.startswith(f"evidence/{report.period.code}/")
    assert ".." not in stored
    assert stored.rsplit("/", 1)[1].isalnum()
    assert evidence.content_type == "image/png"


def test_evidence_is_served_as_an_attachment_of_its_checked_type(client, clerk_a, report):
    client.force_login(clerk_a)
    evidence = _upload(client, report, 'trang "tin".html')
    response = client.get(reverse("reports:evidence_file", args=[report.pk, evidence.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Disposition"].startswith("attachment;")
    assert "\n" not in response["Content-Disposition"]
    assert response["Cache-Control"] == "private, no-store"
    assert b"".join(response.streaming_content) == PNG


def test_a_crafted_original_name_cannot_break_the_header(client, clerk_a, report):
    client.force_login(clerk_a)
    evidence = _upload(client, report, "a.png")
    Evidence.objects.filter(pk=evidence.pk).update(original_name='a"\r\nSet-Cookie: x=1;.png')
    response = client.get(reverse("reports:evidence_file", args=[report.pk, evidence.pk]))
    assert response.status_code == 200
    assert "Set-Cookie" not in {k for k, _v in response.items()}
    assert "\r" not in response["Content-Disposition"]
    assert "\n" not in response["Content-Disposition"]


def test_downloads_carry_nosniff_and_attachment(client, clerk_a, officer, report):
    client.force_login(clerk_a)
    response = client.get(reverse("reports:xlsx_template", args=[report.pk]))
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["X-Content-Type-Options"] == "nosniff"
    client.force_login(officer)
    response = client.get(reverse("honourees:export"))
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["X-Content-Type-Options"] == "nosniff"
