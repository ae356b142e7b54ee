"""Every report URL against every role and a second agency's clerk."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from reports.models import ActivityReport, Evidence

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64

ROLES = ["clerk_a", "head_a", "clerk_b", "reviewer", "officer", "leader", "admin_user", "anonymous"]


@pytest.fixture
def users(clerk_a, head_a, clerk_b, reviewer, officer, leader, admin_user):
    return {
        "clerk_a": clerk_a,
        "head_a": head_a,
        "clerk_b": clerk_b,
        "reviewer": reviewer,
        "officer": officer,
        "leader": leader,
        "admin_user": admin_user,
        "anonymous": None,
    }


@pytest.fixture
def evidence_a(report_a, clerk_a):
    evidence = Evidence(report=report_a, kind="file", title="Ảnh", original_name="anh.png", content_type="image/png")
    evidence.file.save("upload", SimpleUploadedFile("anh.png", PNG), save=False)
    evidence.size = len(PNG)
    evidence.save()
    return evidence


def _status(client, users, role, method, url, data=None):
    if users[role] is not None:
        client.force_login(users[role])
    response = client.get(url) if method == "get" else client.post(url, data or {})
    return response.status_code


# A draft is its agency's own (and the administrator's): to anyone else it does not exist.
READERS = {"clerk_a": 200, "head_a": 200, "clerk_b": 404, "reviewer": 404, "officer": 404, "leader": 404}
READERS |= {"admin_user": 200, "anonymous": 302}
EDITORS = {"clerk_a": 200, "head_a": 200, "clerk_b": 404, "reviewer": 404, "officer": 404, "leader": 404}
EDITORS |= {"admin_user": 403, "anonymous": 302}
EDIT_POST = {**EDITORS, "clerk_a": 302, "head_a": 302}
REVIEW_PAGES = {"clerk_a": 403, "head_a": 403, "clerk_b": 403, "reviewer": 200, "officer": 403, "leader": 200}
REVIEW_PAGES |= {"admin_user": 200, "anonymous": 302}
CLERK_HOME = {"clerk_a": 200, "head_a": 200, "clerk_b": 200, "reviewer": 403, "officer": 403, "leader": 403}
CLERK_HOME |= {"admin_user": 403, "anonymous": 302}


@pytest.mark.parametrize("role", ROLES)
def test_read_urls_of_a_draft(client, users, role, report_a, evidence_a):
    pk = report_a.pk
    assert _status(client, users, role, "get", reverse("reports:report_detail", args=[pk])) == READERS[role]
    assert _status(client, users, role, "get", reverse("reports:xlsx_template", args=[pk])) == READERS[role]
    file_url = reverse("reports:evidence_file", args=[pk, evidence_a.pk])
    assert _status(client, users, role, "get", file_url) == READERS[role]
    assert _status(client, users, role, "get", reverse("reports:report_edit", args=[pk])) == EDITORS[role]


@pytest.mark.parametrize("role", ROLES)
def test_write_urls_of_a_draft(client, users, role, report_a, evidence_a):
    pk = report_a.pk
    data = {"kind": "link", "title": "Tin bài", "url": "https://baolaocai.vn/a"}
    assert _status(client, users, role, "post", reverse("reports:evidence_add", args=[pk]), data) == EDIT_POST[role]
    url = reverse("reports:evidence_delete", args=[pk, evidence_a.pk])
    assert _status(client, users, role, "post", url) == EDIT_POST[role]
    edit = {"version": "1", "results": "Kết quả"}
    assert _status(client, users, role, "post", reverse("reports:report_edit", args=[pk]), edit) == EDIT_POST[role]
    url = reverse("reports:report_submit", args=[pk])
    assert _status(client, users, role, "post", url, {"confirm_empty": "1"}) == EDIT_POST[role]
    report_a.refresh_from_db()
    assert report_a.results == ("Kết quả" if role in ("clerk_a", "head_a") else "")


@pytest.mark.parametrize("role", ROLES)
def test_review_urls_of_a_submitted_report(client, users, role, report_a):
    ActivityReport.objects.filter(pk=report_a.pk).update(status="submitted", submitted_at=timezone.now())
    pk = report_a.pk
    # Reviewers read a submitted report; leadership reads accepted ones only, officers none.
    expected = {**REVIEW_PAGES, "reviewer": 302, "admin_user": 302, "leader": 404, "officer": 404, "clerk_b": 404}
    url = reverse("reports:report_return", args=[pk])
    assert _status(client, users, role, "post", url, {"reason": "Thiếu"}) == expected[role]
    # The edit form is closed to everyone once submitted.
    closed = {**EDITORS, "clerk_a": 403, "head_a": 403, "reviewer": 403}
    assert _status(client, users, role, "get", reverse("reports:report_edit", args=[pk])) == closed[role]


@pytest.mark.parametrize("role", ROLES)
def test_accept_url(client, users, role, report_a):
    ActivityReport.objects.filter(pk=report_a.pk).update(status="resubmitted", submitted_at=timezone.now())
    expected = {**REVIEW_PAGES, "reviewer": 302, "admin_user": 302, "leader": 404, "officer": 404, "clerk_b": 404}
    assert _status(client, users, role, "post", reverse("reports:report_accept", args=[report_a.pk])) == expected[role]


@pytest.mark.parametrize("role", ROLES)
def test_head_approval_urls(client, users, role, report_a):
    ActivityReport.objects.filter(pk=report_a.pk).update(status="awaiting_approval")
    # Not yet sent: the province does not see it.
    expected = {
        r: (404 if r in ("clerk_b", "reviewer", "officer", "leader") else 302 if r == "anonymous" else 403)
        for r in ROLES
    }
    expected["head_a"] = 302
    assert _status(client, users, role, "post", reverse("reports:report_approve", args=[report_a.pk])) == expected[role]


@pytest.mark.parametrize("role", ROLES)
def test_reopen_url(client, users, role, report_a):
    ActivityReport.objects.filter(pk=report_a.pk).update(status="accepted", submitted_at=timezone.now())
    expected = {r: (404 if r in ("clerk_b", "officer") else 302 if r == "anonymous" else 403) for r in ROLES}
    expected |= {"reviewer": 302, "admin_user": 302}
    url = reverse("reports:report_reopen", args=[report_a.pk])
    assert _status(client, users, role, "post", url, {"reason": "Sửa"}) == expected[role]


@pytest.mark.parametrize("role", ROLES)
def test_province_pages(client, users, role, period):
    assert _status(client, users, role, "get", reverse("reports:inbox")) == REVIEW_PAGES[role]
    assert _status(client, users, role, "get", reverse("reports:board")) == REVIEW_PAGES[role]
    assert _status(client, users, role, "get", reverse("reports:late", args=[period.code])) == REVIEW_PAGES[role]


@pytest.mark.parametrize("role", ROLES)
def test_clerk_home(client, users, role, period):
    assert _status(client, users, role, "get", reverse("reports:my_reports")) == CLERK_HOME[role]


@pytest.mark.parametrize("role", ROLES)
def test_start_a_report(client, users, role, period):
    expected = {**CLERK_HOME, "clerk_a": 302, "head_a": 302, "clerk_b": 302}
    url = reverse("reports:report_start", args=[period.code])
    assert _status(client, users, role, "post", url) == expected[role]
    if role.startswith(("clerk", "head")):
        assert ActivityReport.objects.get(agency=users[role].agency, period=period).status == "draft"


def test_clerk_b_cannot_read_or_change_agency_a_report_even_through_xlsx(client, clerk_b, report_a):
    client.force_login(clerk_b)
    for name in ("xlsx_upload", "xlsx_apply", "report_edit", "report_send_back"):
        assert client.post(reverse(f"reports:{name}", args=[report_a.pk]), {}).status_code == 404


def test_evidence_of_another_report_is_not_served_through_own_report(client, clerk_b, report_b, evidence_a):
    client.force_login(clerk_b)
    url = reverse("reports:evidence_file", args=[report_b.pk, evidence_a.pk])
    assert client.get(url).status_code == 404


def test_file_is_served_as_an_attachment_with_its_checked_type(client, clerk_a, report_a, evidence_a):
    client.force_login(clerk_a)
    response = client.get(reverse("reports:evidence_file", args=[report_a.pk, evidence_a.pk]))
    assert response["Content-Type"] == "image/png"
    assert response["Content-Disposition"].startswith("attachment")
    assert b"".join(response.streaming_content) == PNG


def test_a_report_can_only_be_started_for_a_begun_period_of_the_agency_frequency(client, clerk_a, plan):
    import datetime

    from tests.reports.factories import PeriodFactory

    today = timezone.localdate()
    future = PeriodFactory(
        plan=plan,
        number=4,
        start=today + datetime.timedelta(days=5),
        end=today + datetime.timedelta(days=40),
        deadline=today + datetime.timedelta(days=42),
        lock_date=today + datetime.timedelta(days=60),
    )
    monthly = PeriodFactory(plan=plan, kind="month", number=7)
    client.force_login(clerk_a)
    for period in (future, monthly):
        assert client.post(reverse("reports:report_start", args=[period.code])).status_code == 404
    assert not ActivityReport.objects.exists()


@pytest.mark.parametrize("role", ROLES)
def test_spreadsheet_and_send_back_urls(client, users, role, report_a):
    pk = report_a.pk
    assert (
        _status(client, users, role, "post", reverse("reports:xlsx_upload", args=[pk]))
        == {
            **EDIT_POST,
            "clerk_a": 400,  # allowed, but no file
            "head_a": 400,
        }[role]
    )
    assert (
        _status(client, users, role, "post", reverse("reports:xlsx_apply", args=[pk]), {"version": 1})
        == EDIT_POST[role]
    )
    send_back = {**EDITORS, "clerk_a": 403, "head_a": 403}
    url = reverse("reports:report_send_back", args=[pk])
    assert _status(client, users, role, "post", url, {"reason": "x"}) == send_back[role]
