import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from reports import spreadsheets
from reports.forms import cell_name
from reports.models import ActivityReport, Evidence, Figure
from tests.reports.factories import add_figure


def _form_data(report, metrics, themes, cells=None, **extra):
    data = {"version": report.version, "results": "", "shortcomings": "", "next_tasks": "", "proposals": ""}
    for (m, t), v in (cells or {}).items():
        data[cell_name(metrics[m].pk, themes[t].pk)] = v
    return {**data, **extra}


@pytest.fixture
def as_clerk(client, clerk_a):
    client.force_login(clerk_a)
    return client


def test_grid_saves_figures_and_narrative(as_clerk, report_a, metrics, themes):
    data = _form_data(report_a, metrics, themes, {(0, 0): "12", (2, 7): " 3 ", (1, 1): ""}, results="Đã đăng 12 tin")
    response = as_clerk.post(reverse("reports:report_edit", args=[report_a.pk]), data)
    assert response.status_code == 302
    assert sorted(Figure.objects.values_list("value", flat=True)) == [3, 12]
    assert ActivityReport.objects.get(pk=report_a.pk).results == "Đã đăng 12 tin"
    # The history on the report page names the changed cells, old → new.
    html = as_clerk.get(reverse("reports:report_detail", args=[report_a.pk])).content.decode()
    assert f"HT1 · {metrics[0].label} · ND1: 0 → 12" in html
    assert "kết quả đạt được, 2 ô số liệu" in html


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("abc", "Chỉ nhập số nguyên"),
        ("2.5", "không có phần thập phân"),
        ("3,5", "không có phần thập phân"),
        ("-4", "không được âm"),
        ("99999999999", "quá lớn"),
    ],
)
def test_bad_figures_are_refused_beside_the_cell_and_nothing_is_lost(
    as_clerk, report_a, metrics, themes, typed, message
):
    data = _form_data(report_a, metrics, themes, {(0, 0): "7", (1, 2): typed}, results="Giữ nguyên nội dung")
    response = as_clerk.post(reverse("reports:report_edit", args=[report_a.pk]), data)
    assert response.status_code == 400
    html = response.content.decode()
    bad = cell_name(metrics[1].pk, themes[2].pk)
    assert f'id="id_{bad}-error"' in html
    assert message in html
    assert f'value="{typed}"' in html
    assert 'value="7"' in html
    assert "Giữ nguyên nội dung" in html
    assert not Figure.objects.exists()


def test_second_save_is_refused_with_a_conflict_and_input_shown_back(client, clerk_a, report_a, metrics, themes):
    from tests.factories import UserFactory

    other = UserFactory(username="clerk_a2", agency=report_a.agency, roles=["clerk"])
    first = _form_data(report_a, metrics, themes, {(0, 0): "1"}, results="Bản của người thứ nhất")
    second = _form_data(report_a, metrics, themes, {(0, 0): "2"}, results="Bản của người thứ hai")
    client.force_login(clerk_a)
    assert client.post(reverse("reports:report_edit", args=[report_a.pk]), first).status_code == 302
    client.force_login(other)
    response = client.post(reverse("reports:report_edit", args=[report_a.pk]), second)
    assert response.status_code == 409
    html = response.content.decode()
    assert "Bản của người thứ hai" in html
    assert "KHÔNG được lưu" in html
    report_a.refresh_from_db()
    assert report_a.results == "Bản của người thứ nhất"
    assert list(Figure.objects.values_list("value", flat=True)) == [1]
    # Their version is shown beside the refused input; saving again is a deliberate choice.
    conflict = response.context["conflict"]
    assert conflict.by == clerk_a
    assert conflict.narratives[0][1:] == ("Bản của người thứ nhất", "Bản của người thứ hai")
    assert [(m.pk, t.pk, a, b) for m, t, a, b in conflict.cells] == [(metrics[0].pk, themes[0].pk, 1, 2)]
    assert f'name="version" value="{report_a.version}"' in html
    again = {**second, "version": report_a.version}
    assert client.post(reverse("reports:report_edit", args=[report_a.pk]), again).status_code == 302
    report_a.refresh_from_db()
    assert report_a.results == "Bản của người thứ hai"


def test_html_typed_in_text_is_shown_as_text(as_clerk, report_a, metrics, themes):
    script = '<script>alert("x")</script><b>đậm</b>'
    as_clerk.post(
        reverse("reports:report_edit", args=[report_a.pk]), _form_data(report_a, metrics, themes, results=script)
    )
    html = as_clerk.get(reverse("reports:report_detail", args=[report_a.pk])).content.decode()
    assert "<script>alert" not in html
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in html
    assert "<b>đậm</b>" not in html


def test_submit_without_figures_asks_for_confirmation(as_clerk, report_a):
    response = as_clerk.post(reverse("reports:report_submit", args=[report_a.pk]))
    assert response.status_code == 200
    assert 'data-testid="confirm-empty"' in response.content.decode()
    assert ActivityReport.objects.get(pk=report_a.pk).status == "draft"
    as_clerk.post(reverse("reports:report_submit", args=[report_a.pk]), {"confirm_empty": "1"})
    assert ActivityReport.objects.get(pk=report_a.pk).status == "submitted"


def test_return_without_a_reason_is_refused_with_a_message(client, reviewer, report_a):
    ActivityReport.objects.filter(pk=report_a.pk).update(status="submitted", submitted_at=report_a.created_at)
    client.force_login(reviewer)
    response = client.post(reverse("reports:report_return", args=[report_a.pk]), {"reason": "  "})
    assert response.status_code == 400
    assert "Trường này là bắt buộc" in response.content.decode()
    assert ActivityReport.objects.get(pk=report_a.pk).status == "submitted"


# --- uploads -------------------------------------------------------------------------


def _zip(content_types: bytes) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", content_types)
        archive.writestr("word/document.xml", "<w:document/>")
    return buffer.getvalue()


DOCX_TYPES = (
    b'<Types><Override ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>'
    b"</Types>"
)
DOCM_TYPES = b'<Types><Override ContentType="application/vnd.ms-word.document.macroEnabled.main+xml"/></Types>'


@pytest.mark.parametrize(
    ("name", "content", "content_type"),
    [
        ("bao-cao.pdf", b"%PDF-1.7\n...", "application/pdf"),
        ("anh.jpg", b"\xff\xd8\xff\xe0" + b"\x00" * 32, "image/jpeg"),
        ("anh.png", b"\x89PNG\r\n\x1a\n" + b"\x00" * 32, "image/png"),
        ("van-ban.docx", _zip(DOCX_TYPES), "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
        ("ten-sai.txt", b"%PDF-1.4 a pdf under another name", "application/pdf"),
    ],
)
def test_upload_accepted_by_content(as_clerk, report_a, name, content, content_type):
    upload = SimpleUploadedFile(name, content, content_type="text/plain")
    response = as_clerk.post(reverse("reports:evidence_add", args=[report_a.pk]), {"kind": "file", "file": upload})
    assert response.status_code == 302
    evidence = Evidence.objects.get()
    assert (evidence.content_type, evidence.original_name, evidence.size) == (content_type, name, len(content))
    assert name not in evidence.file.name  # stored under a random name


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("virus.pdf", b"MZ\x90\x00 an executable"),
        ("trang.png", b"<html><script>alert(1)</script></html>"),
        ("macro.docx", _zip(DOCM_TYPES)),
        ("hong.docx", b"PK\x03\x04 not really a zip"),
        ("rong.pdf", b""),
    ],
)
def test_upload_refused_when_content_does_not_match(as_clerk, report_a, name, content):
    upload = SimpleUploadedFile(name, content)
    response = as_clerk.post(
        reverse("reports:evidence_add", args=[report_a.pk]), {"kind": "file", "file": upload}, follow=True
    )
    assert not Evidence.objects.exists()
    assert response.status_code == 400
    html = response.content.decode()
    assert "Chưa đính kèm được" in html
    assert 'data-testid="file-error"' in html  # beside the field


def test_upload_over_10_mb_is_refused(as_clerk, report_a):
    upload = SimpleUploadedFile("lon.pdf", b"%PDF-" + b"0" * (10 * 1024 * 1024))
    as_clerk.post(reverse("reports:evidence_add", args=[report_a.pk]), {"kind": "file", "file": upload})
    assert not Evidence.objects.exists()


def test_javascript_links_are_refused(as_clerk, report_a):
    data = {"kind": "link", "title": "Tin bài", "url": "javascript:alert(1)"}
    response = as_clerk.post(reverse("reports:evidence_add", args=[report_a.pk]), data)
    assert not Evidence.objects.exists()
    html = response.content.decode()
    assert 'data-testid="link-error"' in html
    assert 'value="Tin bài"' in html  # what was typed is kept


# --- the XLSX round-trip ---------------------------------------------------------------


def test_xlsx_template_round_trip_previews_then_saves(as_clerk, report_a, metrics, themes):
    add_figure(report_a, metrics[0], themes[0], 5)
    response = as_clerk.get(reverse("reports:xlsx_template", args=[report_a.pk]))
    workbook = load_workbook(io.BytesIO(response.content))
    sheet = workbook.active
    header = [c.value for c in sheet[spreadsheets.HEADER_ROW]]
    assert header[0] == "KEY"
    assert [h.split("\n")[0] for h in header[4:12]] == [f"ND{i}" for i in range(1, 9)]
    first = spreadsheets.HEADER_ROW + 1
    assert (sheet.cell(first, 1).value, sheet.cell(first, 5).value) == ("HT1/articles", 5)
    sheet.cell(first, 5).value = 8  # change
    sheet.cell(first + 2, 12).value = 4  # HT2/web_posts × ND8
    buffer = io.BytesIO()
    workbook.save(buffer)
    upload = SimpleUploadedFile("filled.xlsx", buffer.getvalue())
    preview = as_clerk.post(reverse("reports:xlsx_upload", args=[report_a.pk]), {"file": upload})
    assert preview.status_code == 200
    assert Figure.objects.get().value == 5  # nothing saved yet
    html = preview.content.decode()
    assert 'data-testid="xlsx-changes"' in html
    hidden = dict(__import__("re").findall(r'name="(c-\d+-\d+)" value="(\d+)"', html))
    data = {"version": ActivityReport.objects.get(pk=report_a.pk).version, **hidden}
    assert as_clerk.post(reverse("reports:xlsx_apply", args=[report_a.pk]), data).status_code == 302
    assert sorted(Figure.objects.values_list("value", flat=True)) == [4, 8]


def test_xlsx_with_bad_cells_names_them_and_saves_nothing(as_clerk, report_a, metrics, themes):
    content = spreadsheets.build_template(
        report=report_a, grid=__import__("reports.selectors", fromlist=["x"]).grid_for(report_a.period.plan), figures={}
    )
    workbook = load_workbook(io.BytesIO(content))
    sheet = workbook.active
    first = spreadsheets.HEADER_ROW + 1
    sheet.cell(first, 5).value = -3
    sheet.cell(first, 6).value = 2.5
    sheet.cell(first, 7).value = "mười"
    buffer = io.BytesIO()
    workbook.save(buffer)
    response = as_clerk.post(
        reverse("reports:xlsx_upload", args=[report_a.pk]), {"file": SimpleUploadedFile("x.xlsx", buffer.getvalue())}
    )
    html = response.content.decode()
    assert response.status_code == 400
    assert f"E{first}" in html
    assert f"F{first}" in html
    assert f"G{first}" in html
    assert not Figure.objects.exists()


def test_xlsx_template_neutralises_formulas_in_text(report_a):
    assert spreadsheets.safe("=HYPERLINK(1)") == "'=HYPERLINK(1)"
    assert spreadsheets.safe("Báo Lào Cai") == "Báo Lào Cai"


def test_a_pdf_is_not_taken_as_a_workbook(as_clerk, report_a):
    upload = SimpleUploadedFile("x.xlsx", b"%PDF-1.4")
    response = as_clerk.post(reverse("reports:xlsx_upload", args=[report_a.pk]), {"file": upload})
    assert response.status_code == 400


def test_inbox_marks_late_by_the_local_date(client, reviewer, report_a):
    import datetime

    from django.utils import timezone

    period = report_a.period
    # 06:30 in Lào Cai on the day after the deadline is still the deadline day in UTC.
    local = datetime.datetime.combine(period.deadline + datetime.timedelta(days=1), datetime.time(6, 30))
    submitted = timezone.make_aware(local)
    ActivityReport.objects.filter(pk=report_a.pk).update(status="submitted", submitted_at=submitted)
    client.force_login(reviewer)
    response = client.get(reverse("reports:inbox") + f"?period={period.code}")
    assert response.context["reports"][0].late is True
    assert ">chậm<" in response.content.decode()


def test_head_sees_what_awaits_approval_on_the_home_page(client, head_a, report_a):
    ActivityReport.objects.filter(pk=report_a.pk).update(status="awaiting_approval")
    client.force_login(head_a)
    html = client.get(reverse("reports:my_reports")).content.decode()
    assert 'data-testid="awaiting-approval"' in html
    assert reverse("reports:report_detail", args=[report_a.pk]) in html


def test_head_approves_from_the_report_page(client, clerk_a, head_a, report_a, metrics, themes):
    from reports import services

    report_a.agency.head_approval_required = True
    report_a.agency.save()
    client.force_login(clerk_a)
    html = client.get(reverse("reports:report_detail", args=[report_a.pk])).content.decode()
    assert "Trình thủ trưởng duyệt" in html
    services.report_submit(report=report_a, user=clerk_a, confirm_empty=True)
    client.force_login(head_a)
    assert client.post(reverse("reports:report_approve", args=[report_a.pk])).status_code == 302
    report_a.refresh_from_db()
    assert (report_a.status, report_a.head_approved_by) == ("submitted", head_a)


def test_report_pages_have_no_inline_script(client, clerk_a, reviewer, report_a):
    import re

    client.force_login(clerk_a)
    pages = [reverse("reports:report_edit", args=[report_a.pk]), reverse("reports:report_detail", args=[report_a.pk])]
    pages.append(reverse("reports:my_reports"))
    for url in pages:
        response = client.get(url)
        scripts = re.findall(r"<script\b[^>]*>", response.content.decode())
        assert scripts, url
        assert all("src=" in tag for tag in scripts), url
        assert not re.findall(r"<[^>]+\son[a-z]+=", response.content.decode()), url  # no onclick= and the like
        assert "script-src 'self'" in response["Content-Security-Policy"]
