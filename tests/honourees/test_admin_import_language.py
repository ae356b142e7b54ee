"""The import pages of Home Affairs' admin read in Vietnamese, though django-import-export has no Vietnamese."""

import pytest
from django.urls import reverse

from tests.factories import AdministrativeUnitFactory
from tests.honourees.factories import EthnicGroupFactory
from tests.honourees.test_admin_import import GOOD, post_import, xlsx


@pytest.fixture
def si_ma_cai(db):
    EthnicGroupFactory()
    return AdministrativeUnitFactory(code="084", name="Huyện Si Ma Cai")


def test_import_form_is_in_vietnamese(client, officer):
    client.force_login(officer)
    html = client.get(reverse("admin:honourees_honouree_import")).content.decode()
    assert "Tệp cần nhập" in html
    assert "Tệp nhập cần có các trường sau:" in html
    assert "This importer will import" not in html
    assert "File to import" not in html


def test_import_preview_is_in_vietnamese(client, officer, si_ma_cai):
    client.force_login(officer)
    html = post_import(client, xlsx(GOOD)).content.decode()
    assert "Dưới đây là bản xem trước dữ liệu sẽ được nhập" in html
    assert 'value="Xác nhận nhập dữ liệu"' in html
    assert "Confirm import" not in html
