"""The XLSX writer (``core.xlsx``): a package openpyxl and LibreOffice read back as written, no text a formula."""

import csv
import datetime
import io
import zipfile
from xml.etree import ElementTree

import openpyxl
import pytest

from core import office
from core.xlsx import MAX_CELL_TEXT, Sheet, column_letter, excel_date, sheet_names, workbook_bytes
from tests.conftest import soffice_or_skip

HOSTILE = ["=1+1", "+CMD|' /C calc'!A0", "-2+3", "@SUM(A1)", "\t=1", " =1", "\uff1d1", '=HYPERLINK("http://x")']
SPECIAL = "Bảo & <Đắk Lắk> \"Hội\" 'Mường' ]]> — ưởng"
DAY = datetime.date(2025, 6, 30)
ROWS = [
    ["Sở Văn hóa, Thể thao và Du lịch", 52, 3.25, DAY, True, None],
    [SPECIAL, 0, 12345678901, datetime.date(1900, 1, 1), False, "  hai đầu  "],
    ["dòng 1\r\ndòng 2\rdòng 3", -7, 1e-7, None, None, "\x00\x1bđiều khiển\x7f"],
    *([text, 1, 1.5, DAY, True, text] for text in HOSTILE),
]
HEADER = ["Cơ quan, đơn vị", "Số tin, bài", "Tỷ lệ (%)", "Ngày", "Đúng hạn", "=Ghi chú"]


def _naive(*args):
    """A date and time as openpyxl reads a spreadsheet's date: without a zone."""
    return datetime.datetime(*args)  # noqa: DTZ001 - a spreadsheet date has no zone


@pytest.fixture(scope="module")
def content():
    return workbook_bytes(
        [Sheet("Theo cơ quan", HEADER, ROWS), Sheet("Trống", ["Mã"], [])],
        font="Times New Roman",
        header_style="Thi đua – tiêu đề",
        body_style="Thi đua – nội dung",
        booleans=("Có", "Không"),
    )


@pytest.fixture(scope="module")
def sheet(content):
    return openpyxl.load_workbook(io.BytesIO(content))["Theo cơ quan"]


def test_the_package_has_its_parts_each_well_formed(content):
    with zipfile.ZipFile(io.BytesIO(content)) as package:
        assert package.testzip() is None
        names = package.namelist()
        assert names[0] == "[Content_Types].xml"
        assert set(names) == {
            "[Content_Types].xml",
            "_rels/.rels",
            "docProps/core.xml",
            "docProps/app.xml",
            "xl/workbook.xml",
            "xl/_rels/workbook.xml.rels",
            "xl/styles.xml",
            "xl/sharedStrings.xml",
            "xl/worksheets/sheet1.xml",
            "xl/worksheets/sheet2.xml",
        }
        for name in names:
            ElementTree.fromstring(package.read(name))  # noqa: S314 - our own output; raises on XML that is not well-formed
        for name in ("xl/worksheets/sheet1.xml", "xl/worksheets/sheet2.xml"):
            assert b"<f>" not in package.read(name)
            assert b"<f " not in package.read(name)
        # Excel drops a text's leading and trailing blanks unless the element says to keep them.
        strings = package.read("xl/sharedStrings.xml").decode()
        assert '<t xml:space="preserve">  hai đầu  </t>' in strings
        assert "<t>Số tin, bài</t>" in strings


def test_openpyxl_reads_the_values_and_their_types_back(sheet):
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0] == tuple(HEADER)
    assert rows[1] == ("Sở Văn hóa, Thể thao và Du lịch", 52, 3.25, _naive(2025, 6, 30), "Có", None)
    assert rows[2][:5] == (SPECIAL, 0, 12345678901, _naive(1900, 1, 1), "Không")
    assert isinstance(rows[1][1], int)
    assert isinstance(rows[1][2], float)
    assert rows[3][2] == 1e-7
    assert [c.data_type for c in sheet[2]] == ["s", "n", "n", "d", "s", "n"]


def test_text_is_cleaned_as_the_documents_clean_it(sheet):
    assert sheet["A4"].value == "dòng 1\ndòng 2\ndòng 3"  # one kind of line break
    assert sheet["F3"].value == "  hai đầu  "  # leading and trailing blanks kept (xml:space="preserve")
    assert sheet["F4"].value == "điều khiển"  # what XML cannot hold removed


def test_styles_fonts_and_layout(sheet):
    header, body = sheet["A1"], sheet["A2"]
    assert (header.font.name, header.font.b) == ("Times New Roman", True)
    assert (header.alignment.horizontal, header.alignment.vertical, header.alignment.wrap_text) == (
        "center",
        "center",
        True,
    )
    assert header.style == "Thi đua – tiêu đề"
    assert (body.font.name, bool(body.font.b), body.style) == ("Times New Roman", False, "Thi đua – nội dung")
    # An empty cell keeps the body's style (what someone types into it is in the table's font).
    assert sheet["F2"].value is None
    assert sheet["F2"].font.name == "Times New Roman"
    assert sheet.freeze_panes == "A2"
    assert sheet.column_dimensions["A"].width == len(SPECIAL) + 2  # its longest text, plus 2
    assert sheet.column_dimensions["B"].width == len("Số tin, bài") + 2
    assert sheet.column_dimensions["E"].width == 10  # "Đúng hạn" + 2; a bool measured as str() writes it


def test_a_date_is_a_date_shown_day_month_year(sheet):
    cell = sheet["D2"]
    assert cell.is_date
    assert cell.value == _naive(2025, 6, 30)
    assert cell.number_format == "DD/MM/YYYY"
    assert sheet["D3"].value == _naive(1900, 1, 1)
    assert excel_date(datetime.date(1900, 1, 1)) == 1
    assert excel_date(datetime.date(1900, 3, 1)) == 61
    assert excel_date(_naive(2025, 6, 30, 12)) == 45838.5


def test_formula_like_text_is_text_with_the_quote_prefix(sheet):
    cells = [row[0] for row in sheet.iter_rows(min_row=5)] + [row[5] for row in sheet.iter_rows(min_row=5)]
    assert sorted(c.value for c in cells) == sorted(HOSTILE * 2)
    for cell in cells:
        assert cell.data_type == "s"
        assert cell.quotePrefix, cell.value
        assert cell.alignment.horizontal == "left"
    header = sheet["F1"]
    assert (header.value, header.quotePrefix, header.font.b) == ("=Ghi chú", True, True)
    assert not sheet["A2"].quotePrefix
    assert not sheet["A3"].quotePrefix


def test_a_sheet_with_only_its_header(content):
    empty = openpyxl.load_workbook(io.BytesIO(content))["Trống"]
    assert list(empty.iter_rows(values_only=True)) == [("Mã",)]
    assert empty.freeze_panes == "A2"


def test_text_is_cut_at_excels_limit():
    content = workbook_bytes([Sheet("A", ["x"], [["ư" * (MAX_CELL_TEXT + 10)]])])
    sheet = openpyxl.load_workbook(io.BytesIO(content))["A"]
    assert sheet["A2"].value == "ư" * MAX_CELL_TEXT
    assert sheet.column_dimensions["A"].width == 60  # at most 60 wide


def test_sheet_names_are_what_excel_accepts():
    names = sheet_names(["Theo cơ quan", "a[b]:c*d?e/f\\g", "x" * 40, "X" * 40, "Theo CƠ QUAN", "'", ""])
    assert names == [
        "Theo cơ quan",
        "a b  c d e f g",
        "x" * 31,
        "X" * 27 + " (2)",
        "Theo CƠ QUAN (2)",
        "Sheet6",
        "Sheet7",
    ]
    content = workbook_bytes([Sheet("a/b", ["x"], []), Sheet("A B", ["y"], [])])
    assert openpyxl.load_workbook(io.BytesIO(content)).sheetnames == ["a b", "A B (2)"]


def test_column_letters():
    assert [column_letter(i) for i in (0, 25, 26, 51, 52, 701, 702)] == ["A", "Z", "AA", "AZ", "BA", "ZZ", "AAA"]


def test_libreoffice_opens_it_and_evaluates_nothing(content):
    soffice_or_skip()
    # The first sheet as CSV, cells as shown (UTF-8, comma, double quotes).
    shown = office.convert(content, suffix="xlsx", to="csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,true")
    rows = list(csv.reader(io.StringIO(shown.decode("utf-8"))))
    assert rows[0] == HEADER
    assert rows[1] == ["Sở Văn hóa, Thể thao và Du lịch", "52", "3.25", "30/06/2025", "Có", ""]
    assert rows[2][0] == SPECIAL
    assert rows[2][5] == "  hai đầu  "
    assert rows[3][0] == "dòng 1\ndòng 2\ndòng 3"
    # Shown as typed, never computed ("=1+1" would show 2, "-2+3" 1).
    assert [row[0] for row in rows[4:]] == HOSTILE
