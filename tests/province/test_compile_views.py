"""Compile, progress, download and issue pages; every URL against every role."""

import datetime
import io

import openpyxl
import pytest
from django.urls import reverse

from agencies import roles as r
from province import compilation
from province.models import CompiledReport
from tests.province.compiled_data import make_province, period


@pytest.fixture
def province(db):
    return make_province()


@pytest.fixture
def done(province, reviewer, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        compiled = compilation.compiled_report_request(
            period=period("2024-Q2"), user=reviewer, signer_name="Nguyễn Văn A"
        )
    compiled.refresh_from_db()
    return compiled


def _form(**overrides):
    data = {
        "shortcomings": "Một số đơn vị báo cáo chậm.",
        "next_tasks": "Tuyên truyền kỷ niệm Ngày tái lập tỉnh.",
        "proposals": "",
        "signer_capacity": "KT. GIÁM ĐỐC",
        "signer_title": "PHÓ GIÁM ĐỐC",
        "signer_name": "Nguyễn Văn A",
        "recipients": "UBND tỉnh (b/c);\nSở Nội vụ;\n\nLưu: VT, TTBCXB.",
    }
    return {**data, **overrides}


def test_reviewer_compiles_and_the_files_appear(client, reviewer, province, django_capture_on_commit_callbacks):
    client.force_login(reviewer)
    page = client.get(reverse("compiled:period", args=["2024-Q2"]))
    assert page.status_code == 200
    assert "UBND tỉnh (b/c);" in page.context["form"].initial["recipients"]
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("compiled:compile", args=["2024-Q2"]), _form())
    assert response.status_code == 302
    compiled = CompiledReport.objects.get()
    assert compiled.status == "done", compiled.error
    assert compiled.recipients == "UBND tỉnh (b/c);\nSở Nội vụ;\nLưu: VT, TTBCXB."
    assert compiled.snapshot["signer"]["name"] == "Nguyễn Văn A"
    fragment = client.get(reverse("compiled:progress", args=[compiled.pk])).content.decode()
    assert "hx-trigger" not in fragment
    assert reverse("compiled:download", args=[compiled.pk, "docx"]) in fragment
    download = client.get(reverse("compiled:download", args=[compiled.pk, "docx"]))
    assert download.status_code == 200
    assert download["Content-Type"].startswith("application/vnd.openxmlformats-officedocument.wordprocessingml")
    assert 'filename="BaoCao-2024-Q2-v1.docx"' in download["Content-Disposition"]
    # The agencies' texts: a workbook of their own, built from the version's snapshot on request.
    assert reverse("compiled:download", args=[compiled.pk, "narratives"]) in fragment
    texts = client.get(reverse("compiled:download", args=[compiled.pk, "narratives"]))
    assert texts.status_code == 200
    assert 'filename="YKien-2024-Q2-v1.xlsx"' in texts["Content-Disposition"]
    sheet = openpyxl.load_workbook(io.BytesIO(texts.content))["Tồn tại, đề xuất"]
    parts = ("shortcomings", "next_tasks", "proposals")
    own = sum(1 for part in parts if compiled.snapshot["texts"].get(part))
    # Kept beside the snapshot, compressed, and put back for the documents.
    assert "narratives" not in compiled.snapshot
    agencies = sum(len(compiled.full_snapshot()["narratives"][part]) for part in parts)
    assert agencies
    assert sheet.max_row == 1 + own + agencies
    assert b"".join(download.streaming_content)[:2] == b"PK"


def test_a_queued_compile_polls_with_a_progress_bar(client, reviewer, province):
    client.force_login(reviewer)
    client.post(reverse("compiled:compile", args=["2024-Q2"]), _form())  # on_commit not run: stays queued
    compiled = CompiledReport.objects.get()
    CompiledReport.objects.filter(pk=compiled.pk).update(status="running", progress=40)
    fragment = client.get(reverse("compiled:progress", args=[compiled.pk])).content.decode()
    assert 'hx-trigger="every 2s"' in fragment
    assert 'aria-valuenow="40"' in fragment
    assert "download" not in fragment


def test_failed_compile_shows_the_reason_and_a_retry(client, reviewer, province):
    client.force_login(reviewer)
    compiled = compilation.compiled_report_request(period=period("2024-Q2"), user=reviewer)
    CompiledReport.objects.filter(pk=compiled.pk).update(status="failed", error="OperationalError: disk full")
    page = client.get(reverse("compiled:period", args=["2024-Q2"])).content.decode()
    assert "OperationalError: disk full" in page
    assert reverse("compiled:retry", args=[compiled.pk]) in page
    response = client.post(reverse("compiled:retry", args=[compiled.pk]))
    assert response.status_code == 302
    compiled.refresh_from_db()
    assert compiled.status == "queued"


def test_recipients_are_limited(client, reviewer, province):
    client.force_login(reviewer)
    response = client.post(reverse("compiled:compile", args=["2024-Q2"]), _form(recipients="x" * 250))
    assert response.status_code == 400
    assert not CompiledReport.objects.exists()


def test_issue_form_numbers_the_version(client, reviewer, done):
    client.force_login(reviewer)
    response = client.post(
        reverse("compiled:issue", args=[done.pk]),
        {"number": "125", "date": "2024-06-20", "signer_capacity": "KT. GIÁM ĐỐC", "signer_title": "PHÓ GIÁM ĐỐC",
         "signer_name": "Lê Văn C"},
    )  # fmt: skip
    assert response.status_code == 302
    done.refresh_from_db()
    assert done.is_issued
    assert (done.document_number, done.document_date) == ("125", datetime.date(2024, 6, 20))
    # The signer given at issue time replaces the one the version was compiled with, in the row and the files.
    assert done.signer_name == done.snapshot["signer"]["name"] == "Lê Văn C"


@pytest.mark.parametrize("data", [{"number": "125/BC-STTTT", "date": "2024-06-20", "signer_name": "Lê Văn C"},
                                  {"number": "", "date": "2024-06-20", "signer_name": "Lê Văn C"},
                                  {"number": "1", "date": "2999-01-01", "signer_name": "Lê Văn C"},
                                  {"number": "1", "date": "2024-06-20", "signer_name": " "}])  # fmt: skip
def test_bad_issue_input_issues_nothing(client, reviewer, done, data):
    client.force_login(reviewer)
    client.post(reverse("compiled:issue", args=[done.pk]), data)
    done.refresh_from_db()
    assert not done.is_issued


def test_leadership_reads_only_issued_versions(client, leader, reviewer, done):
    client.force_login(leader)
    assert client.get(reverse("compiled:period", args=["2024-Q2"])).context["versions"] == []
    assert client.get(reverse("compiled:download", args=[done.pk, "docx"])).status_code == 404
    assert client.get(reverse("compiled:progress", args=[done.pk])).status_code == 404
    compilation.compiled_report_issue(compiled=done, user=reviewer, number="7", day=datetime.date(2024, 6, 20))
    page = client.get(reverse("compiled:period", args=["2024-Q2"]))
    assert [v.pk for v in page.context["versions"]] == [done.pk]
    assert "Issue this version" not in page.content.decode()
    assert client.get(reverse("compiled:download", args=[done.pk, "xlsx"])).status_code == 200


def _urls(compiled):
    return [
        ("get", reverse("compiled:dashboard")),
        ("get", reverse("compiled:period", args=["2024-Q2"])),
        ("post", reverse("compiled:compile", args=["2024-Q2"])),
        ("get", reverse("compiled:progress", args=[compiled.pk])),
        ("post", reverse("compiled:retry", args=[compiled.pk])),
        ("post", reverse("compiled:issue", args=[compiled.pk])),
        ("get", reverse("compiled:download", args=[compiled.pk, "docx"])),
        ("get", reverse("compiled:download", args=[compiled.pk, "xlsx"])),
        ("get", reverse("compiled:download", args=[compiled.pk, "narratives"])),
    ]


# What each role gets on each URL above, for a done, not issued version.
EXPECTED_STATUS = {
    r.CLERK: [403] * 9,
    r.AGENCY_HEAD: [403] * 9,
    r.EMULATION_OFFICER: [403] * 9,
    r.LEADERSHIP: [200, 200, 403, 404, 403, 403, 404, 404, 404],
    r.REVIEWER: [200, 200, 302, 200, 302, 302, 200, 200, 200],
    r.ADMIN: [200, 200, 302, 200, 302, 302, 200, 200, 200],
}


@pytest.mark.parametrize("role", list(EXPECTED_STATUS))
def test_every_url_against_every_role(client, every_role, done, role):
    client.force_login(every_role[role])
    statuses = []
    for method, url in _urls(done):
        response = getattr(client, method)(url, _form() if url.endswith("/compile/") else {})
        statuses.append(response.status_code)
    assert statuses == EXPECTED_STATUS[role]


def test_anonymous_users_go_to_the_login_page(client, done):
    for method, url in _urls(done):
        response = getattr(client, method)(url)
        assert response.status_code == 302
        assert response["Location"].startswith("/accounts/login/")


def test_admin_lists_compiled_reports_read_only(client, admin_user, done):
    client.force_login(admin_user)
    listing = client.get(reverse("admin:province_compiledreport_changelist"))
    assert listing.status_code == 200
    assert "2024-Q2" in listing.content.decode()
    assert client.get(reverse("admin:province_compiledreport_add")).status_code == 403


def test_the_issue_form_is_offered_only_where_issuing_is_allowed(
    client, reviewer, province, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        unsigned = compilation.compiled_report_request(period=period("2024-Q2"), user=reviewer)
    with django_capture_on_commit_callbacks(execute=True):
        signed = compilation.compiled_report_request(period=period("2024-Q2"), user=reviewer, signer_name="Trần B")
    client.force_login(reviewer)
    html = client.get(reverse("compiled:period", args=["2024-Q2"])).content.decode()
    assert reverse("compiled:issue", args=[signed.pk]) in html
    # A version compiled without a signer is issued with one typed at issue time: no second compile.
    assert reverse("compiled:issue", args=[unsigned.pk]) in html
    assert f'id="signer-name-{unsigned.pk}" name="signer_name" maxlength="150" value="" required' in html
    assert f'id="signer-name-{signed.pk}" name="signer_name" maxlength="150" value="Trần B" required' in html
    with django_capture_on_commit_callbacks(execute=True):
        newer = compilation.compiled_report_request(period=period("2024-Q2"), user=reviewer, signer_name="Trần B")
    compilation.compiled_report_issue(compiled=newer, user=reviewer, number="3", day=datetime.date(2024, 6, 20))
    html = client.get(reverse("compiled:period", args=["2024-Q2"])).content.decode()
    assert reverse("compiled:issue", args=[signed.pk]) not in html
    assert reverse("compiled:issue", args=[unsigned.pk]) not in html


def test_the_form_offers_drafts_from_the_figures_and_redrafts_on_request(client, reviewer, province, done):
    client.force_login(reviewer)
    # A period never compiled starts from drafts: 2024-Q1 had only A's report (30 articles) among 7 agencies.
    fresh = client.get(reverse("compiled:period", args=["2024-Q1"]))
    assert "đôn đốc 7 cơ quan, đơn vị, địa phương thuộc diện báo cáo" in fresh.context["form"].initial["direction"]
    assert "Soạn lại từ số liệu" in fresh.content.decode()
    # A compiled period starts from its latest version's texts; ?draft=1 writes them again from the figures.
    CompiledReport.objects.filter(pk=done.pk).update(direction="Văn bản của Sở.")
    kept = client.get(reverse("compiled:period", args=["2024-Q2"]))
    assert kept.context["form"].initial["direction"] == "Văn bản của Sở."
    redrafted = client.get(reverse("compiled:period", args=["2024-Q2"]) + "?draft=1")
    assert redrafted.context["form"].initial["direction"] == done.snapshot["texts"]["direction"]
    assert redrafted.context["form"].initial["signer_name"] == "Nguyễn Văn A"  # only the texts are redrafted
