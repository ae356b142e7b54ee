"""A form sent with a body over the request limit (25 MB) gets the 10 MB message and 413, never a CSRF failure.

The body is never read (core.uploads), so it carries no CSRF token: the
browser-like client here enforces the CSRF check as a real browser meets it.
Most tests declare a large CONTENT_LENGTH over a small body: reading the body
would then fail, so they also show that nothing reads it.
"""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from honourees.models import Honouree
from reports.forms import XlsxUploadForm
from reports.models import ActivityReport, Evidence
from tests.honourees.factories import HonoureeFactory
from tests.reports.factories import PeriodFactory, PlanFactory, ReportFactory, make_grid

pytestmark = pytest.mark.django_db

MB = 1024 * 1024
NOTHING_SAVED = "Tệp gửi kèm quá lớn nên hệ thống không đọc được biểu mẫu; chưa có nội dung nào được lưu."


@pytest.fixture
def browser():
    return Client(enforce_csrf_checks=True)


@pytest.fixture
def report_a(agency_a):
    return ReportFactory(agency=agency_a, period=PeriodFactory(plan=make_grid(PlanFactory(code="too-large"))))


@pytest.fixture
def proposal_a(agency_a):
    return HonoureeFactory(name="Giàng Thị Dung", proposing_agency=agency_a, status=Honouree.Status.PROPOSED)


def csrf_token(browser, page):
    """Open ``page`` as a browser does, for the CSRF cookie and the token its forms carry."""
    assert browser.get(page).status_code == 200
    return browser.cookies["csrftoken"].value


def post_declaring(browser, url, size, data, **extra):
    """POST a small multipart body that declares ``size`` bytes: reading it would fail."""
    return browser.post(url, data, CONTENT_LENGTH=str(size), **extra)


def pdf(size):
    return SimpleUploadedFile("quyet-dinh.pdf", b"%PDF-1.4\n" + b"x" * size)


def test_a_30_mb_evidence_file_gets_the_10_mb_message_beside_the_field(browser, clerk_a, report_a):
    browser.force_login(clerk_a)
    edit_page = reverse("reports:report_edit", args=[report_a.pk])
    token = csrf_token(browser, edit_page)
    response = browser.post(
        reverse("reports:evidence_add", args=[report_a.pk]),
        {"csrfmiddlewaretoken": token, "kind": "file", "title": "Quyết định", "file": pdf(30 * MB)},
    )
    html = response.content.decode()
    assert response.status_code == 413
    assert "CSRF" not in response.reason_phrase
    assert "Chưa đính kèm được: Tệp lớn hơn 10 MB." in html
    assert '<div class="invalid-feedback mb-2" data-testid="file-error">Tệp lớn hơn 10 MB.</div>' in html
    assert not Evidence.objects.exists()


def test_a_50_mb_evidence_file_is_answered_without_reading_the_body(browser, clerk_a, report_a):
    browser.force_login(clerk_a)
    url = reverse("reports:evidence_add", args=[report_a.pk])
    response = post_declaring(browser, url, 50 * MB, {"kind": "file", "file": pdf(10)})
    assert response.status_code == 413
    assert "Chưa đính kèm được: Tệp lớn hơn 10 MB." in response.content.decode()
    assert not Evidence.objects.exists()


def test_a_too_large_workbook_gets_what_an_11_mb_workbook_gets(browser, clerk_a, report_a):
    browser.force_login(clerk_a)
    url = reverse("reports:xlsx_upload", args=[report_a.pk])
    response = post_declaring(browser, url, 30 * MB, {"file": SimpleUploadedFile("bao-cao.xlsx", b"PK")})
    eleven_mb = XlsxUploadForm(files={"file": SimpleUploadedFile("bao-cao.xlsx", b"PK" + b"x" * (11 * MB))})
    assert not eleven_mb.is_valid()
    assert response.status_code == 413
    assert response.context["form"].errors["file"] == eleven_mb.errors["file"]
    assert eleven_mb.errors["file"][0] in response.content.decode()


def test_a_proposal_with_a_too_large_photo_shows_the_photo_message_and_saves_nothing(browser, clerk_a):
    browser.force_login(clerk_a)
    response = post_declaring(browser, reverse("honourees:create"), 30 * MB, {"name": "Vàng Seo Chứ"})
    html = response.content.decode()
    assert response.status_code == 413
    assert "Ảnh lớn hơn 5 MB." in html
    assert NOTHING_SAVED in html
    assert response.context["form"].errors["photo_upload"] == ["Ảnh lớn hơn 5 MB."]
    assert not Honouree.objects.exists()


def test_an_edit_with_a_too_large_photo_shows_the_saved_values_again(browser, clerk_a, proposal_a):
    browser.force_login(clerk_a)
    url = reverse("honourees:edit", args=[proposal_a.pk])
    response = post_declaring(browser, url, 30 * MB, {"name": "Tên mới"})
    assert response.status_code == 413
    assert response.context["form"]["name"].value() == "Giàng Thị Dung"
    assert "Ảnh lớn hơn 5 MB." in response.content.decode()
    proposal_a.refresh_from_db()
    assert proposal_a.name == "Giàng Thị Dung"


def test_other_uploads_get_a_vietnamese_413_page_with_the_way_back(browser, officer):
    browser.force_login(officer)
    form_page = "http://testserver" + reverse("admin:honourees_honouree_import")
    response = post_declaring(
        browser, reverse("admin:honourees_honouree_import"), 30 * MB, {"format": "0"}, HTTP_REFERER=form_page
    )
    html = response.content.decode()
    assert response.status_code == 413
    assert "Tệp lớn hơn 10 MB." in html
    assert "Chưa có dữ liệu nào được lưu." in html
    assert f'href="{form_page}"' in html


def test_the_413_page_is_english_when_the_interface_is(browser, officer):
    browser.cookies["django_language"] = "en"
    browser.force_login(officer)
    response = post_declaring(browser, reverse("admin:honourees_honouree_import"), 30 * MB, {"format": "0"})
    assert response.status_code == 413
    assert "The file is larger than 10 MB." in response.content.decode()


def test_a_too_large_post_never_runs_the_view_it_was_sent_to(browser, clerk_a, report_a):
    # No CSRF token can be checked in an unread body: the view must not act on it.
    browser.force_login(clerk_a)
    response = post_declaring(
        browser, reverse("reports:report_submit", args=[report_a.pk]), 30 * MB, {"confirm_empty": "on"}
    )
    assert response.status_code == 413
    report_a.refresh_from_db()
    assert report_a.status == ActivityReport.Status.DRAFT


def test_the_page_again_still_checks_who_is_asking(browser, clerk_b, report_a):
    browser.force_login(clerk_b)
    response = post_declaring(browser, reverse("reports:evidence_add", args=[report_a.pk]), 30 * MB, {"kind": "file"})
    assert response.status_code == 404
    assert not Evidence.objects.exists()


def test_an_anonymous_too_large_post_goes_to_the_login_page(browser, report_a):
    response = post_declaring(browser, reverse("reports:evidence_add", args=[report_a.pk]), 30 * MB, {"kind": "file"})
    assert response.status_code == 302
    assert reverse("login") in response["Location"]
