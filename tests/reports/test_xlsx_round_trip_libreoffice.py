"""The XLSX round trip as a clerk makes it: download the template, fill it in, save it with LibreOffice, upload.

Every workbook uploaded here was written by LibreOffice (``soffice --headless --convert-to``) after the edit,
so what is read is what a clerk's office suite writes, not what openpyxl wrote. Without soffice the tests are
skipped (CI sets REQUIRE_OFFICE=1, which makes that a failure).
"""

import datetime
import io
import re

import pytest
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from core import office
from reports import spreadsheets
from reports.models import Figure
from tests.conftest import soffice_or_skip
from tests.reports.factories import add_figure

FIRST = spreadsheets.HEADER_ROW + 1  # the first metric's row (HT1/articles); E is ND1 … L is ND8, M the total


@pytest.fixture(autouse=True)
def _soffice():
    soffice_or_skip()


@pytest.fixture
def as_clerk(client, clerk_a):
    client.force_login(clerk_a)
    return client


def _template(client, report):
    response = client.get(reverse("reports:xlsx_template", args=[report.pk]))
    assert response.status_code == 200
    return load_workbook(io.BytesIO(response.content))


def _saved_by_libreoffice(workbook, to="xlsx"):
    buffer = io.BytesIO()
    workbook.save(buffer)
    return office.convert(buffer.getvalue(), suffix="xlsx", to=to)


def _upload(client, report, content, name="bao-cao.xlsx"):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return client.post(reverse("reports:xlsx_upload", args=[report.pk]), {"file": SimpleUploadedFile(name, content)})


def _previewed(response):
    """``{field name: value}`` of the figures the preview page would save."""
    return dict(re.findall(r'name="(c-\d+-\d+)" value="(\d+)"', response.content.decode()))


def _field(metric, theme):
    return f"c-{metric.pk}-{theme.pk}"


def test_a_libreoffice_saved_workbook_previews_its_figures(as_clerk, report_a, metrics, themes):
    workbook = _template(as_clerk, report_a)
    workbook.active.cell(FIRST, 5).value = 8
    response = _upload(as_clerk, report_a, _saved_by_libreoffice(workbook))
    assert response.status_code == 200
    assert _previewed(response) == {_field(metrics[0], themes[0]): "8"}


# --- formulas ------------------------------------------------------------------------------------


def test_a_formula_without_a_cached_value_is_refused_naming_the_cell(as_clerk, report_a, metrics, themes):
    add_figure(report_a, metrics[0], themes[0], 5)
    workbook = _template(as_clerk, report_a)
    workbook.active.cell(FIRST, 5).value = "=1+1"  # openpyxl stores no cached value
    buffer = io.BytesIO()
    workbook.save(buffer)
    response = _upload(as_clerk, report_a, buffer.getvalue())
    assert response.status_code == 400
    assert f"E{FIRST} chứa công thức; hãy nhập số." in response.content.decode()
    assert list(Figure.objects.values_list("value", flat=True)) == [5]


def test_a_formula_saved_by_libreoffice_is_refused_too(as_clerk, report_a, metrics, themes):
    add_figure(report_a, metrics[0], themes[0], 5)
    workbook = _template(as_clerk, report_a)
    workbook.active.cell(FIRST, 6).value = "=2+3"  # LibreOffice computes and stores 5
    response = _upload(as_clerk, report_a, _saved_by_libreoffice(workbook))
    assert response.status_code == 400
    assert f"F{FIRST} chứa công thức; hãy nhập số." in response.content.decode()
    assert 'name="c-' not in response.content.decode()
    assert list(Figure.objects.values_list("value", flat=True)) == [5]


# --- figures outside the grid --------------------------------------------------------------------


def test_a_figure_typed_into_the_total_column_is_refused(as_clerk, report_a):
    workbook = _template(as_clerk, report_a)
    workbook.active.cell(FIRST, 13).value = 7  # over the =SUM formula, with no theme figure in the row
    response = _upload(as_clerk, report_a, _saved_by_libreoffice(workbook))
    html = response.content.decode()
    assert response.status_code == 400
    assert f"M{FIRST}: cột Tổng được cộng tự động" in html
    assert "không có gì thay đổi" not in html


def test_totals_pasted_as_values_that_match_the_row_are_accepted(as_clerk, report_a, metrics, themes):
    workbook = _template(as_clerk, report_a)
    sheet = workbook.active
    sheet.cell(FIRST, 5).value, sheet.cell(FIRST, 6).value, sheet.cell(FIRST, 13).value = 3, 4, 7
    response = _upload(as_clerk, report_a, _saved_by_libreoffice(workbook))
    assert response.status_code == 200
    assert _previewed(response) == {_field(metrics[0], themes[0]): "3", _field(metrics[0], themes[1]): "4"}


def test_a_row_added_inside_the_grid_is_refused_naming_its_cells(as_clerk, report_a):
    workbook = _template(as_clerk, report_a)
    sheet = workbook.active
    sheet.insert_rows(FIRST + 1)
    sheet.cell(FIRST + 1, 3).value = "Tin bài khác"
    sheet.cell(FIRST + 1, 5).value = 9
    sheet.cell(FIRST + 1, 8).value = "12"
    response = _upload(as_clerk, report_a, _saved_by_libreoffice(workbook))
    html = response.content.decode()
    assert response.status_code == 400
    assert f"Dòng {FIRST + 1} không phải dòng của mẫu" in html
    assert f"E{FIRST + 1}, H{FIRST + 1} sẽ không được đọc" in html
    assert "không có gì thay đổi" not in html


def test_an_added_column_is_refused_naming_its_cells(as_clerk, report_a):
    workbook = _template(as_clerk, report_a)
    sheet = workbook.active
    sheet.insert_cols(13)  # between ND8 (L) and the total, which moves to N
    sheet.cell(spreadsheets.HEADER_ROW, 13).value = "Khác"
    sheet.cell(FIRST, 13).value = 4
    sheet.cell(FIRST + 2, 13).value = 6
    response = _upload(as_clerk, report_a, _saved_by_libreoffice(workbook))
    html = response.content.decode()
    assert response.status_code == 400
    assert f"Cột M không có mã nội dung tuyên truyền ở dòng {spreadsheets.HEADER_ROW}" in html
    assert f"M{FIRST}, M{FIRST + 2} sẽ không được đọc" in html
    assert "không có gì thay đổi" not in html


def test_notes_under_the_grid_are_not_taken_for_figures(as_clerk, report_a, metrics, themes):
    workbook = _template(as_clerk, report_a)
    sheet = workbook.active
    sheet.cell(FIRST, 5).value = 2
    sheet.cell(FIRST + 5, 2).value = "Người lập biểu"
    sheet.cell(FIRST + 5, 10).value = "Lào Cai, ngày 05 tháng 01 năm 2025"
    response = _upload(as_clerk, report_a, _saved_by_libreoffice(workbook))
    assert response.status_code == 200
    assert _previewed(response) == {_field(metrics[0], themes[0]): "2"}


# --- how numbers are written ---------------------------------------------------------------------


def test_the_vietnamese_thousands_separator_is_accepted_in_text_cells(as_clerk, report_a, metrics, themes):
    workbook = _template(as_clerk, report_a)
    sheet = workbook.active
    sheet.cell(FIRST, 5).value = "1.234"
    sheet.cell(FIRST, 6).value = "123.456"
    sheet.cell(FIRST, 7).value = "1 000"
    response = _upload(as_clerk, report_a, _saved_by_libreoffice(workbook))
    assert response.status_code == 200
    assert _previewed(response) == {
        _field(metrics[0], themes[0]): "1234",
        _field(metrics[0], themes[1]): "123456",
        _field(metrics[0], themes[2]): "1000",
    }


def test_millions_with_thousands_separators_are_read_as_numbers(as_clerk, report_a):
    workbook = _template(as_clerk, report_a)
    workbook.active.cell(FIRST, 5).value = "1.234.567"
    html = _upload(as_clerk, report_a, _saved_by_libreoffice(workbook)).content.decode()
    # Read as 1234567, which is over the largest figure a cell may hold; not "digits only".
    assert f"E{FIRST}: Số liệu quá lớn (tối đa 1.000.000)." in html
    assert "chỉ gồm các chữ số" not in html


def test_real_decimals_are_refused_saying_why(as_clerk, report_a):
    workbook = _template(as_clerk, report_a)
    sheet = workbook.active
    sheet.cell(FIRST, 5).value = 2.5
    sheet.cell(FIRST, 6).value = "2,5"
    response = _upload(as_clerk, report_a, _saved_by_libreoffice(workbook))
    html = response.content.decode()
    assert response.status_code == 400
    assert f"E{FIRST}: Ô đang chứa số thập phân 2,5; số liệu là số đếm nên phải là số nguyên." in html
    assert f"F{FIRST}: Số liệu là số đếm: nhập số nguyên, không có phần thập phân" in html


def test_a_date_in_a_figure_cell_is_called_a_date(as_clerk, report_a):
    workbook = _template(as_clerk, report_a)
    cell = workbook.active.cell(FIRST, 7)
    cell.value = datetime.date(2025, 1, 5)
    cell.number_format = "DD/MM/YYYY"
    response = _upload(as_clerk, report_a, _saved_by_libreoffice(workbook))
    assert response.status_code == 400
    assert f"G{FIRST} đang là ngày hoặc giờ (05/01/2025), không phải số" in response.content.decode()


# --- other workbooks ---------------------------------------------------------------------------


def test_the_grid_is_found_after_the_sheets_are_reordered(as_clerk, report_a, metrics, themes):
    workbook = _template(as_clerk, report_a)
    workbook.active.cell(FIRST, 5).value = 3
    themes_sheet = workbook.worksheets[1]
    workbook.move_sheet(themes_sheet, offset=-1)
    assert workbook.worksheets[0] is themes_sheet
    response = _upload(as_clerk, report_a, _saved_by_libreoffice(workbook))
    assert response.status_code == 200
    assert _previewed(response) == {_field(metrics[0], themes[0]): "3"}


def test_a_template_of_the_old_layout_is_still_read(as_clerk, report_a, metrics, themes):
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "So lieu"
    header = ["KEY", "Hình thức", "Chỉ tiêu", "Đơn vị tính", *[f"ND{i}" for i in range(1, 9)], "Tổng"]
    for col, text in enumerate(header, start=1):
        sheet.cell(4, col).value = text
    sheet.cell(5, 1).value, sheet.cell(5, 5).value, sheet.cell(5, 13).value = "HT1/articles", 3, "=SUM(E5:L5)"
    workbook.create_sheet("Noi dung")
    response = _upload(as_clerk, report_a, _saved_by_libreoffice(workbook))
    assert response.status_code == 200
    assert _previewed(response) == {_field(metrics[0], themes[0]): "3"}


@pytest.mark.parametrize(("to", "name"), [("xls:MS Excel 97", "bao-cao.xls"), ("ods", "bao-cao.ods")])
def test_xls_and_ods_workbooks_are_converted_and_read(as_clerk, report_a, metrics, themes, to, name):
    workbook = _template(as_clerk, report_a)
    workbook.active.cell(FIRST, 5).value = 6
    workbook.active.cell(FIRST + 2, 12).value = 11
    response = _upload(as_clerk, report_a, _saved_by_libreoffice(workbook, to=to), name=name)
    assert response.status_code == 200
    assert _previewed(response) == {_field(metrics[0], themes[0]): "6", _field(metrics[2], themes[7]): "11"}
    assert not Figure.objects.exists()


def test_without_libreoffice_an_xls_gets_save_as_xlsx(as_clerk, report_a, settings):
    content = _saved_by_libreoffice(_template(as_clerk, report_a), to="xls:MS Excel 97")
    settings.OFFICE_BINARY = "/nonexistent/soffice"
    response = _upload(as_clerk, report_a, content, name="bao-cao.xls")
    html = response.content.decode()
    assert response.status_code == 400
    assert "Đây là tệp .xls" in html
    assert "lưu thành tệp Excel (.xlsx)" in html


def test_a_word_document_is_not_taken_for_a_workbook(as_clerk, report_a):
    document = office.convert(b"Bao cao", suffix="txt", to="doc:MS Word 97")  # an OLE2 file, like an .xls
    response = _upload(as_clerk, report_a, document, name="bao-cao.xls")
    assert response.status_code == 400
    assert "Không chuyển đổi được tệp .xls" in response.content.decode()
