"""The XLSX template a clerk downloads: readable headers, whole-number cells, protection, a print that fits."""

import io
import re

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from core import office
from reports import selectors, spreadsheets
from reports.forms import parse_figure
from tests.conftest import soffice_or_skip
from tests.reports.factories import ReportFactory

HEADER = spreadsheets.HEADER_ROW
FIRST = HEADER + 1


def _template(client, user, report):
    client.force_login(user)
    response = client.get(reverse("reports:xlsx_template", args=[report.pk]))
    assert response.status_code == 200
    return response.content


@pytest.fixture
def workbook(client, clerk_a, report_a):
    return load_workbook(io.BytesIO(_template(client, clerk_a, report_a)))


def test_sheets_are_named_in_vietnamese_with_diacritics(workbook):
    assert workbook.sheetnames == ["Số liệu", "Nội dung tuyên truyền"]


def test_theme_headers_carry_the_code_and_the_name_wrapped(workbook, themes):
    sheet = workbook["Số liệu"]
    for offset, theme in enumerate(themes):
        cell = sheet.cell(HEADER, 5 + offset)
        assert cell.value == f"{theme.code}\n{theme.short_name}"
        assert cell.alignment.wrap_text
    assert sheet.cell(HEADER, 13).value == "Tổng"


def test_figure_cells_accept_whole_numbers_only(workbook, metrics):
    sheet = workbook["Số liệu"]
    (validation,) = sheet.data_validations.dataValidation
    assert (validation.type, validation.operator, validation.formula1, validation.formula2) == (
        "whole",
        "between",
        "0",
        "1000000",
    )
    assert validation.showErrorMessage
    assert str(validation.sqref) == f"E{FIRST}:L{FIRST + len(metrics) - 1}"


def test_only_the_figure_cells_can_be_edited(workbook, metrics):
    sheet = workbook["Số liệu"]
    assert sheet.protection.sheet
    assert not sheet.protection.password  # a guard against slips, not a lock
    last = FIRST + len(metrics) - 1
    for row in range(FIRST, last + 1):
        assert all(not sheet.cell(row, col).protection.locked for col in range(5, 13))
        # KEY, channel, metric, unit and the total stay as the template wrote them.
        assert all(sheet.cell(row, col).protection.locked for col in (1, 2, 3, 4, 13))
    assert all(sheet.cell(HEADER, col).protection.locked for col in range(1, 14))


def test_label_columns_are_wide_and_wrap(workbook):
    sheet = workbook["Số liệu"]
    assert sheet.column_dimensions["A"].hidden
    assert sheet.column_dimensions["B"].width >= 20
    assert sheet.column_dimensions["C"].width >= 30
    assert all(sheet.cell(FIRST, col).alignment.wrap_text for col in (2, 3, 4))


def test_the_sheet_prints_landscape_one_page_wide_with_the_header_repeated(workbook):
    sheet = workbook["Số liệu"]
    assert sheet.page_setup.orientation == "landscape"
    assert sheet.sheet_properties.pageSetUpPr.fitToPage
    assert (sheet.page_setup.fitToWidth, sheet.page_setup.fitToHeight) == (1, 0)
    assert sheet.print_title_rows == f"${HEADER}:${HEADER}"


def test_the_template_is_read_back_unchanged(client, clerk_a, report_a):
    grid = selectors.grid_for(report_a.period.plan)
    result = spreadsheets.read_upload(io.BytesIO(_template(client, clerk_a, report_a)), report=report_a, grid=grid)
    assert result.errors == []
    assert set(result.figures.values()) == {0}


@pytest.mark.parametrize(
    ("typed", "value"), [("1.234", 1234), ("12.345", 12345), ("999.999", 999_999), ("1 234", 1234), ("7", 7)]
)
def test_figures_may_be_written_with_the_vietnamese_thousands_separator(typed, value):
    assert parse_figure(typed) == value


@pytest.mark.parametrize(
    ("typed", "code"),
    [
        ("1.5", "decimal"),
        ("1,234", "decimal"),
        ("1.2345", "decimal"),
        ("1.234.567", "too_large"),
        ("1..234", "not_a_number"),
    ],
)
def test_what_is_not_a_thousands_separator_is_still_refused(typed, code):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError) as raised:
        parse_figure(typed)
    assert raised.value.code == code


# --- rendered by LibreOffice -------------------------------------------------------------------


def _pdf_pages(pdf):
    """The (width, height) of every page of ``pdf``, from each page object's /MediaBox (LibreOffice writes one)."""
    pages = []
    for obj in pdf.split(b"endobj"):
        if re.search(rb"/Type\s*/Page(?![s\w])", obj):
            x0, y0, x1, y1 = re.search(rb"/MediaBox\s*\[([^\]]*)\]", obj).group(1).split()
            pages.append((float(x1) - float(x0), float(y1) - float(y0)))
    return pages


def test_the_real_plans_template_prints_on_one_landscape_page(client, plan_data, agency_a, clerk_a):
    soffice_or_skip()
    report = ReportFactory(agency=agency_a, period=plan_data.periods.order_by("start").first(), created_by=clerk_a)
    pdf = office.convert(_template(client, clerk_a, report), suffix="xlsx", to="pdf")
    pages = _pdf_pages(pdf)
    # The figures sheet on one page, the themes sheet on another: A4 landscape (842 × 595 points).
    assert [(round(width), round(height)) for width, height in pages] == [(842, 595), (842, 595)]


def test_protection_and_validation_survive_a_libreoffice_save(workbook):
    soffice_or_skip()
    buffer = io.BytesIO()
    workbook.save(buffer)
    saved = load_workbook(io.BytesIO(office.convert(buffer.getvalue(), suffix="xlsx", to="xlsx")))
    sheet = saved["Số liệu"]
    assert sheet.protection.sheet
    assert not sheet.cell(FIRST, 5).protection.locked
    assert sheet.cell(FIRST, 1).protection.locked
    assert [v.type for v in sheet.data_validations.dataValidation] == ["whole"]


def test_the_upload_field_offers_xls_and_ods_files(client, clerk_a, report_a):
    client.force_login(clerk_a)
    html = client.get(reverse("reports:report_edit", args=[report_a.pk])).content.decode()
    assert 'name="file" accept=".xlsx,.xls,.ods"' in html
