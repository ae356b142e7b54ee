"""The XLSX builder: a sheet per breakdown, numbers as numbers, no formula can come in through text."""

import csv
import datetime
import io
import zipfile

import openpyxl
import pytest
from django.utils import translation

from core import office
from province.documents.xlsx import FORMULA_TRIGGERS, build_narratives_xlsx, build_xlsx
from tests.conftest import soffice_or_skip
from tests.province.snapshots import sample_snapshot

HOSTILE = ["=1+1", "+CMD|' /C calc'!A0", "-2+3", "@SUM(A1)", "\t=1", "\r=1", '=HYPERLINK("http://evil")']


def _naive(*args):
    """A date and time as openpyxl reads a spreadsheet's date: without a zone."""
    return datetime.datetime(*args)  # noqa: DTZ001 - a spreadsheet date has no zone


@pytest.fixture(scope="module")
def content():
    snapshot = sample_snapshot()
    snapshot["narratives"]["proposals"] = [{"agency": text, "text": text} for text in HOSTILE]
    snapshot["agencies"][0]["name"] = "=cmd()\x00\x1b"
    return build_xlsx(snapshot)


@pytest.fixture(scope="module")
def workbook(content):
    return openpyxl.load_workbook(io.BytesIO(content))


@pytest.fixture(scope="module")
def narratives():
    snapshot = sample_snapshot()
    snapshot["narratives"]["proposals"] = [{"agency": text, "text": text} for text in HOSTILE]
    with translation.override("en"):
        return openpyxl.load_workbook(io.BytesIO(build_narratives_xlsx(snapshot)))


def test_one_sheet_per_breakdown(workbook):
    assert workbook.sheetnames == [
        "Thông tin chung",
        "Theo hình thức",
        "Theo nội dung",
        "Theo cơ quan",
        "Cơ quan x nội dung",
        "Theo nhóm cơ quan",
        "Theo địa bàn",
        "Tình hình báo cáo",
        "Gương điển hình",
    ]


def test_the_agencies_texts_are_a_workbook_of_their_own(narratives):
    """Over a phase they are tens of thousands of rows: built on download, not by every compile."""
    assert narratives.sheetnames == ["Tồn tại, đề xuất"]
    rows = list(narratives["Tồn tại, đề xuất"].iter_rows(values_only=True))
    assert rows[0] == ("Phần", "Cơ quan, đơn vị", "Nội dung")
    assert ("Tồn tại, hạn chế", "UBND huyện Bát Xát", "Một số xã chưa bố trí kinh phí cho cụm loa.") in rows


def test_numbers_are_numbers(workbook):
    rows = {r[2]: r for r in workbook["Theo hình thức"].iter_rows(min_row=2, values_only=True)}
    assert rows["Số tin, bài"][4] == 52
    assert rows["Số tin, bài"][5] == 40
    assert rows["Số lượt người tham dự"][4] == 250
    themes = {r[0]: r for r in workbook["Theo nội dung"].iter_rows(min_row=2, values_only=True)}
    assert themes["ND1"][3] == 50
    assert isinstance(themes["ND1"][3], int)


def test_no_cell_is_a_formula(content, workbook):
    for sheet in workbook:
        for row in sheet.iter_rows():
            for cell in row:
                assert cell.data_type != "f", (sheet.title, cell.coordinate, cell.value)
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        for name in archive.namelist():
            if name.startswith("xl/worksheets/"):
                assert b"<f>" not in archive.read(name)
                assert b"<f " not in archive.read(name)


def test_text_starting_with_a_formula_trigger_is_quoted_and_kept(narratives):
    # A carriage return becomes the one line break spreadsheets show ("\r=1" is kept as "\n=1").
    hostile = {text.replace("\r", "\n") for text in HOSTILE}
    cells = [c for row in narratives["Tồn tại, đề xuất"].iter_rows(min_row=2) for c in row if c.value in hostile]
    assert {c.value for c in cells} == hostile
    for cell in cells:
        assert cell.data_type == "s"
        assert cell.quotePrefix, cell.value


def test_control_characters_are_removed(workbook):
    names = [r[1] for r in workbook["Theo cơ quan"].iter_rows(min_row=2, values_only=True)]
    assert "=cmd()" in names
    cell = next(c for row in workbook["Theo cơ quan"].iter_rows(min_row=2) for c in row if c.value == "=cmd()")
    assert cell.quotePrefix


def test_every_trigger_is_covered():
    assert set(FORMULA_TRIGGERS) >= {"=", "+", "-", "@", "\t", "\r"}


def test_the_workbook_is_vietnamese_whatever_language_is_active(workbook):
    with translation.override("en"):
        english_active = openpyxl.load_workbook(io.BytesIO(build_xlsx(sample_snapshot())))
    assert english_active.sheetnames == workbook.sheetnames
    assert [c.value for c in english_active["Tình hình báo cáo"][1]] == [
        "Mã",
        "Cơ quan, đơn vị",
        "Số kỳ phải báo cáo",
        "Đã gửi",
        "Gửi chậm",
        "Tình hình",
    ]
    assert {r[4] for r in english_active["Theo cơ quan"].iter_rows(min_row=2, values_only=True)} <= {
        "Đúng hạn",
        "Chậm",
        "Chưa báo cáo",
    }


def test_dates_are_dates_shown_day_month_year_and_yes_no_is_text(workbook):
    sheet = workbook["Thông tin chung"]
    rows = {row[0].value: row[1] for row in sheet.iter_rows(min_row=2)}
    assert rows["Từ ngày"].value == _naive(2024, 3, 15)
    assert rows["Từ ngày"].is_date
    assert rows["Từ ngày"].number_format == "DD/MM/YYYY"
    assert rows["Ngày văn bản"].value == _naive(2024, 6, 20)
    assert rows["Lần tổng hợp"].value == 1
    assert rows["Gồm báo cáo chưa được tiếp nhận"].value == "Không"


def test_every_sheet_has_its_header_frozen_in_the_named_styles(workbook):
    for sheet in workbook:
        assert sheet.freeze_panes == "A2", sheet.title
        for cell in sheet[1]:
            assert (cell.style, cell.font.name, cell.font.b) == ("Thi đua – tiêu đề", "Times New Roman", True)
            assert (cell.alignment.horizontal, cell.alignment.vertical, cell.alignment.wrap_text) == (
                "center",
                "center",
                True,
            )
    body = workbook["Theo cơ quan"]["B3"]
    assert (body.style, body.font.name, bool(body.font.b)) == ("Thi đua – nội dung", "Times New Roman", False)
    # As wide as the longest text plus 2 (between 8 and 60).
    assert workbook["Thông tin chung"].column_dimensions["A"].width == len("Gồm báo cáo chưa được tiếp nhận") + 2


def test_libreoffice_opens_the_workbook(content):
    soffice_or_skip()
    shown = office.convert(content, suffix="xlsx", to="csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,true")
    rows = list(csv.reader(io.StringIO(shown.decode("utf-8"))))
    assert rows[0] == ["Mục", "Nội dung"]
    assert ["Từ ngày", "15/03/2024"] in rows
    assert ["Kỳ báo cáo", "quý II năm 2024 (2024-Q2)"] in rows
