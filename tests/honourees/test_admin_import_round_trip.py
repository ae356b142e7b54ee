"""The staff export, edited in Excel and imported in the admin, updates the register instead of adding copies.

The staff pages export the register with Vietnamese (or English) headings and
the honourees' numbers; the admin import reads those headings as well as the
admin export's own column names.
"""

import io

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import translation

from core.text import fold
from honourees.models import Honouree
from honourees.resources import HonoureeResource, HonoureeSummaryResource, header_aliases
from tests.factories import AdministrativeUnitFactory
from tests.honourees.factories import EthnicGroupFactory, HonoureeFactory
from tests.honourees.test_admin_import import post_import
from tests.honourees.test_admin_import_files import xlsx_bytes

pytestmark = pytest.mark.django_db


@pytest.fixture
def register(officer):
    """Two honourees as the officer sees them in the staff register."""
    unit = AdministrativeUnitFactory(code="084", name="Huyện Si Ma Cai")
    mong = EthnicGroupFactory()
    dung = HonoureeFactory(name="Giàng Thị Dung", unit=unit, ethnic_group=mong, summary="- Hiến 500 m² đất")
    chu = HonoureeFactory(name="Vàng Seo Chứ", unit=unit, status=Honouree.Status.VERIFIED)
    return dung, chu


def staff_export(client):
    response = client.get(reverse("honourees:export"))
    assert response.status_code == 200
    return openpyxl.load_workbook(io.BytesIO(response.content))


def edit_summary(book, name, summary):
    """Change the summary of the row of ``name``, as an officer would in Excel."""
    sheet = book.active
    headers = [cell.value for cell in sheet[1]]
    column = headers.index("Tóm tắt") if "Tóm tắt" in headers else headers.index("Summary")
    (row,) = [row for row in sheet.iter_rows(min_row=2) if name in [cell.value for cell in row]]
    row[column].value = summary
    return SimpleUploadedFile("guong-dien-hinh.xlsx", xlsx_bytes(book))


def import_and_confirm(client, upload):
    response = post_import(client, upload)
    assert response.status_code == 200
    assert not response.context["form"].errors, response.context["form"].errors
    result = response.context["result"]
    assert not result.has_errors()
    assert not result.has_validation_errors(), [row.error_dict for row in result.invalid_rows]
    response = client.post(reverse("admin:honourees_honouree_process_import"), response.context["confirm_form"].initial)
    assert response.status_code == 302
    return result


@pytest.mark.parametrize("language", ["vi", "en"])
def test_the_staff_export_edited_and_imported_updates_the_register(officer, register, language):
    dung, chu = register
    client = Client()
    client.cookies["django_language"] = language
    client.force_login(officer)
    book = staff_export(client)
    headers = [cell.value for cell in book.active[1]]
    assert ("Tóm tắt" if language == "vi" else "Summary") in headers
    result = import_and_confirm(client, edit_summary(book, "Vàng Seo Chứ", "Mô hình HTX chè Shan tuyết"))
    assert [row.import_type for row in result.rows].count("update") == 1
    assert Honouree.objects.count() == 2
    chu.refresh_from_db()
    dung.refresh_from_db()
    assert chu.summary == "Mô hình HTX chè Shan tuyết"
    assert chu.status == Honouree.Status.VERIFIED
    # Untouched: the columns the staff export leaves out, and text it wrote with a protecting apostrophe.
    assert dung.summary == "- Hiến 500 m² đất"
    assert (dung.phone, dung.story) == ("0912 345 678", "Ông đã vận động bà con hiến đất làm đường.")


@pytest.mark.parametrize("language", ["vi", "en"])
def test_each_staff_export_heading_names_its_own_column(language):
    aliases = header_aliases()
    with translation.override(language):
        for name, field in HonoureeSummaryResource.fields.items():
            assert aliases[fold(str(field.column_name))] == HonoureeResource.fields[name].column_name
