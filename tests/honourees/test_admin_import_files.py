"""The admin import says what is wrong with a file in plain words, never an exception's name.

A file that is not a workbook, a workbook that cannot be read and an empty
workbook each get their own message.
"""

import io
import zipfile

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from honourees.models import Honouree
from tests.honourees.test_admin_import import post_import

pytestmark = pytest.mark.django_db

NOT_XLSX = "Đây không phải tệp XLSX đọc được. Hãy mở tệp bằng Excel rồi lưu lại dưới dạng Excel Workbook (.xlsx)."
NO_ROWS = "Tệp bảng tính không có dòng nào: trang tính cần nhập đang trống."


def file_errors(response):
    assert response.status_code == 200
    return response.context["form"].errors.get("import_file", [])


def xlsx_bytes(book):
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def test_a_file_that_is_not_a_workbook_is_called_that(client, officer):
    client.force_login(officer)
    garbled = SimpleUploadedFile("dien-hinh.xlsx", b"\x00\x13garbled bytes, not a workbook" * 100)
    assert file_errors(post_import(client, garbled)) == [NOT_XLSX]
    assert not Honouree.objects.exists()


def test_a_workbook_whose_sheet_cannot_be_read_is_called_not_readable(client, officer):
    source = zipfile.ZipFile(io.BytesIO(xlsx_bytes(openpyxl.Workbook())))
    broken = io.BytesIO()
    with zipfile.ZipFile(broken, "w") as archive:
        for info in source.infolist():
            data = source.read(info)
            if info.filename == "xl/worksheets/sheet1.xml":
                data = b"<worksheet><sheetData><row><c r="
            archive.writestr(info.filename, data)
    client.force_login(officer)
    html = post_import(client, SimpleUploadedFile("dien-hinh.xlsx", broken.getvalue())).content.decode()
    assert NOT_XLSX in html
    assert "Error" not in html
    assert not Honouree.objects.exists()


def test_an_empty_workbook_is_said_to_have_no_rows(client, officer):
    client.force_login(officer)
    response = post_import(client, SimpleUploadedFile("dien-hinh.xlsx", xlsx_bytes(openpyxl.Workbook())))
    assert file_errors(response) == [NO_ROWS]
    assert "StopIteration" not in response.content.decode()


def test_a_workbook_over_10_mb_is_still_refused_as_too_large(client, officer):
    client.force_login(officer)
    big = SimpleUploadedFile("dien-hinh.xlsx", b"PK\x03\x04" + b"x" * (10 * 1024 * 1024 + 1))
    assert file_errors(post_import(client, big)) == ["Tệp bảng tính lớn hơn 10 MB hoặc giải nén ra quá 20 MB."]
