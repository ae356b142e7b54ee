"""A small workbook that unpacks to something huge is refused before openpyxl reads it."""

import io
import zipfile

from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook

from reports import uploads
from reports.forms import XlsxUploadForm

SHEET_START = (
    b'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/'
    b'main"><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>'
)
SHEET_END = b"</t></is></c></row></sheetData></worksheet>"


def _workbook(padding=0):
    book = Workbook()
    book.active["A1"] = "KEY"
    plain = io.BytesIO()
    book.save(plain)
    if not padding:
        return plain.getvalue()
    source = zipfile.ZipFile(io.BytesIO(plain.getvalue()))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        for info in source.infolist():
            data = source.read(info)
            if info.filename == "xl/worksheets/sheet1.xml":
                data = SHEET_START + b"A" * padding + SHEET_END
            archive.writestr(info.filename, data)
    return out.getvalue()


def _form(content):
    return XlsxUploadForm(files={"file": SimpleUploadedFile("bao-cao.xlsx", content)})


def test_a_workbook_that_unpacks_to_a_huge_sheet_is_refused():
    bomb = _workbook(padding=40 * 1024 * 1024)
    assert len(bomb) < 200 * 1024  # small on the wire: 40 MB of text in one cell
    form = _form(bomb)
    assert not form.is_valid()
    assert "file" in form.errors


def test_an_ordinary_workbook_passes():
    assert _form(_workbook()).is_valid()


def test_too_many_members_is_refused():
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for n in range(uploads.MAX_MEMBERS + 1):
            archive.writestr(f"x/{n}.xml", b"")
    assert not uploads.unpacks_within_limits(io.BytesIO(out.getvalue()))
