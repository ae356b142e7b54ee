"""The compiled report's PDF: rendered by LibreOffice in the compile job, stored, swept, rebuilt on issue, offered.

The tests that render a real PDF need LibreOffice and poppler-utils (``pdfinfo``, ``pdftotext``, ``pdffonts``):
skipped without them, a failure in CI (``REQUIRE_OFFICE=1``). The others stand a fake converter in for
LibreOffice. The test settings turn the PDF off (``REPORTS_COMPILE_PDF``); each test here turns it on.
"""

import datetime
import io
import os
import shutil
import subprocess
import unicodedata
from pathlib import Path

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.urls import reverse

from core import office
from province import compilation
from province.models import CompiledReport
from reports import calendar
from tests.conftest import soffice_or_skip
from tests.province.compiled_data import make_province, period

NATIONAL_TITLE = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
FAKE_PDF = b"%PDF-1.7 fake\n"


@pytest.fixture
def province(db):
    return make_province()


@pytest.fixture
def pdf_on(settings):
    settings.REPORTS_COMPILE_PDF = True
    return settings


@pytest.fixture
def fake_office(pdf_on, monkeypatch):
    """LibreOffice stood in for: every conversion gives ``FAKE_PDF``; the calls are recorded."""
    calls = []

    def convert(content, *, suffix, to, timeout):
        calls.append({"suffix": suffix, "to": to, "timeout": timeout, "head": content[:2]})
        return FAKE_PDF

    monkeypatch.setattr(office, "available", lambda: True)
    monkeypatch.setattr(office, "convert", convert)
    return calls


def poppler_or_skip():
    if shutil.which("pdfinfo") is None or shutil.which("pdftotext") is None:
        if os.environ.get("REQUIRE_OFFICE"):
            pytest.fail("pdfinfo and pdftotext are required (apt-get install poppler-utils)")
        pytest.skip("poppler-utils is not installed (apt-get install poppler-utils)")


def _run(*command):
    return subprocess.run(command, capture_output=True, text=True, check=False)


def _compile(code):
    compiled = compilation.compiled_report_request(period=period(code), enqueue=False, signer_name="Nguyễn Văn A")
    compilation.compiled_report_run(compiled_report_id=compiled.pk)
    compiled.refresh_from_db()
    assert compiled.status == CompiledReport.Status.DONE, compiled.error
    return compiled


def _check_pdf(compiled, tmp_path):
    """The stored PDF opens, its first page carries the national title and the report's title; fonts embedded."""
    assert compiled.pdf, compiled.get_pdf_skipped_display()
    assert compiled.pdf_skipped == ""
    path = tmp_path / "report.pdf"
    with compiled.pdf.open("rb") as stored:
        path.write_bytes(stored.read())
    info = _run("pdfinfo", str(path))
    assert info.returncode == 0, info.stderr
    assert "(A4)" in info.stdout
    first_page = _run("pdftotext", "-l", "1", "-layout", str(path), "-")
    assert first_page.returncode == 0, first_page.stderr
    text = " ".join(unicodedata.normalize("NFC", first_page.stdout).split())
    assert NATIONAL_TITLE in text
    assert "BÁO CÁO" in text
    assert compiled.snapshot["document"]["summary"] in text
    fonts = _run("pdffonts", str(path)).stdout.splitlines()[2:]
    assert fonts
    # Times New Roman itself or Liberation Serif (its metric-compatible substitute), embedded; no other font (a
    # font without the Vietnamese letters makes LibreOffice take them from another).
    assert all(line.split()[-5] == "yes" for line in fonts), fonts
    assert all("+LiberationSerif" in line or "+TimesNewRoman" in line for line in fonts), fonts
    return text


@pytest.mark.parametrize("code", ["2024-Q2", "2024-Y", "2021-2025"])
def test_every_compile_kind_has_a_pdf_that_opens_with_both_titles(province, pdf_on, tmp_path, code):
    soffice_or_skip()
    poppler_or_skip()
    if code == "2021-2025":
        calendar.generate_periods(plan=period("2024-Q2").plan, years=[2021])  # the phase comes with its first year
    compiled = _compile(code)
    _check_pdf(compiled, tmp_path)
    assert compiled.pdf.name.startswith(f"compiled/{code}/v1/bao-cao-{code}-v1-")
    assert compiled.pdf.name.endswith(".pdf")
    assert sorted(compilation.compiled_files(compiled)) == sorted(
        f.name.rsplit("/", 1)[1] for f in (compiled.docx, compiled.xlsx, compiled.pdf)
    )


def test_issuing_rebuilds_the_pdf_with_the_number(province, pdf_on, reviewer, tmp_path):
    soffice_or_skip()
    poppler_or_skip()
    compiled = _compile("2024-Q2")
    draft_pdf = compiled.pdf.name
    compilation.compiled_report_issue(compiled=compiled, user=reviewer, number="125", day=datetime.date(2024, 6, 20))
    assert compiled.pdf.name != draft_pdf
    text = _check_pdf(compiled, tmp_path)
    assert "Số: 125/BC-" in text
    assert "ngày 20 tháng 6 năm 2024" in text
    assert draft_pdf.rsplit("/", 1)[1] not in compilation.compiled_files(compiled)


def test_the_job_converts_the_docx_with_a_timeout(province, fake_office, settings):
    settings.REPORTS_COMPILE_PDF_TIMEOUT = 42
    compiled = _compile("2024-Q2")
    assert fake_office == [{"suffix": "docx", "to": "pdf", "timeout": 42, "head": b"PK"}]
    with compiled.pdf.open("rb") as stored:
        assert stored.read() == FAKE_PDF


def test_without_libreoffice_the_compile_succeeds_and_the_version_says_why(client, province, pdf_on, reviewer):
    pdf_on.OFFICE_BINARY = "/nonexistent/soffice"
    compiled = _compile("2024-Q2")
    assert not compiled.pdf
    assert compiled.pdf_skipped == CompiledReport.PdfSkipped.NO_OFFICE
    assert compiled.docx
    assert compiled.xlsx
    assert len(compilation.compiled_files(compiled)) == 2
    client.force_login(reviewer)
    fragment = client.get(reverse("compiled:progress", args=[compiled.pk])).content.decode()
    assert "PDF chưa được tạo: máy chủ chưa cài LibreOffice." in fragment
    assert reverse("compiled:download", args=[compiled.pk, "pdf"]) not in fragment
    assert client.get(reverse("compiled:download", args=[compiled.pk, "pdf"])).status_code == 404


def test_a_failed_conversion_leaves_a_done_version_without_pdf(province, pdf_on, monkeypatch):
    def broken(content, **kwargs):
        raise office.ConversionError("LibreOffice took longer than 300 s")

    monkeypatch.setattr(office, "available", lambda: True)
    monkeypatch.setattr(office, "convert", broken)
    compiled = _compile("2024-Q2")
    assert not compiled.pdf
    assert compiled.pdf_skipped == CompiledReport.PdfSkipped.FAILED
    assert compiled.get_pdf_skipped_display() == "LibreOffice không chuyển được văn bản sang PDF"


def test_with_pdfs_turned_off_nothing_is_converted_or_noted(province, settings, fake_office):
    settings.REPORTS_COMPILE_PDF = False
    compiled = _compile("2024-Q2")
    assert fake_office == []
    assert not compiled.pdf
    assert compiled.pdf_skipped == ""


def test_the_pdf_is_downloaded_with_the_same_access_as_the_docx(client, province, fake_office, reviewer, leader):
    compiled = _compile("2024-Q2")
    url = reverse("compiled:download", args=[compiled.pk, "pdf"])
    client.force_login(reviewer)
    fragment = client.get(reverse("compiled:progress", args=[compiled.pk])).content.decode()
    assert url in fragment
    assert "Văn bản dạng PDF, để ký số" in fragment
    download = client.get(url)
    assert download.status_code == 200
    assert download["Content-Type"] == "application/pdf"
    assert 'filename="BaoCao-2024-Q2-v1.pdf"' in download["Content-Disposition"]
    assert b"".join(download.streaming_content) == FAKE_PDF
    client.force_login(leader)
    assert client.get(url).status_code == 404  # a draft: leadership reads issued versions only
    compilation.compiled_report_issue(compiled=compiled, user=reviewer, number="7", day=datetime.date(2024, 6, 20))
    assert client.get(url).status_code == 200


def test_the_pdf_is_offered_by_the_download_view_to_reviewers_only(client, province, fake_office, every_role):
    from agencies import roles as r

    compiled = _compile("2024-Q2")
    url = reverse("compiled:download", args=[compiled.pk, "pdf"])
    for role in (r.CLERK, r.AGENCY_HEAD, r.EMULATION_OFFICER):
        client.force_login(every_role[role])
        assert client.get(url).status_code == 403, role


def test_compile_report_prints_the_pdf_after_the_docx_and_xlsx(province, fake_office):
    out = io.StringIO()
    call_command("compile_report", "--period", "2024-Q2", stdout=out)
    lines = out.getvalue().splitlines()
    assert [line.split(":", 1)[0] for line in lines[1:]] == ["DOCX", "XLSX", "PDF"]
    assert lines[3].endswith(".pdf")
    assert Path(lines[3].removeprefix("PDF: ")).read_bytes() == FAKE_PDF


def test_compile_report_says_when_the_pdf_was_not_made(province, pdf_on):
    pdf_on.OFFICE_BINARY = "/nonexistent/soffice"
    out = io.StringIO()
    call_command("compile_report", "--period", "2024-Q2", stdout=out)
    assert out.getvalue().splitlines()[3].startswith("PDF: not created (")


def test_a_rerun_after_a_dead_run_sweeps_its_pdf(province, fake_office):
    compiled = compilation.compiled_report_request(period=period("2024-Q2"), enqueue=False)
    CompiledReport.objects.filter(pk=compiled.pk).update(status="running", progress=80)
    orphan = default_storage.save(
        f"{compilation.version_dir(compiled)}/bao-cao-2024-Q2-v1-deadbeef0000.pdf", ContentFile(b"%PDF half")
    )
    compilation.compiled_report_run(compiled_report_id=compiled.pk)
    compiled.refresh_from_db()
    files = compilation.compiled_files(compiled)
    assert orphan.rsplit("/", 1)[1] not in files
    assert sorted(files) == sorted(f.name.rsplit("/", 1)[1] for f in (compiled.docx, compiled.xlsx, compiled.pdf))


def test_a_failure_saving_the_pdf_leaves_no_file(province, fake_office, monkeypatch):
    compiled = compilation.compiled_report_request(period=period("2024-Q2"), enqueue=False)
    original = compilation._write

    def write(compiled, token, extension, content):
        if extension == "pdf":
            raise OSError("disk full")
        return original(compiled, token, extension, content)

    monkeypatch.setattr(compilation, "_write", write)
    compilation.compiled_report_run(compiled_report_id=compiled.pk)
    compiled.refresh_from_db()
    assert compiled.status == CompiledReport.Status.FAILED
    assert compiled.error == "OSError: disk full"
    assert compilation.compiled_files(compiled) == []  # the DOCX and XLSX saved before are removed
