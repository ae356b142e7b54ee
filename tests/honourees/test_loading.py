"""Vietnam's ethnic groups as editable data, loaded by load_plan."""

import pytest

from core.datafiles import DataFileError
from honourees.loading import load_ethnic_groups
from honourees.models import EthnicGroup

pytestmark = pytest.mark.django_db


def test_the_54_groups_are_loaded_with_lao_cais_first():
    assert load_ethnic_groups() == 54
    assert EthnicGroup.objects.count() == 54
    first = list(EthnicGroup.objects.values_list("name", flat=True)[:4])
    assert first == ["Kinh", "Mông", "Tày", "Dao"]
    in_province = set(EthnicGroup.objects.filter(in_province=True).values_list("name", flat=True))
    assert {"Giáy", "Nùng", "Phù Lá", "Hà Nhì", "Sán Chay", "La Chí", "Bố Y", "Kháng", "Hoa"} <= in_province
    assert "H'Mông" in EthnicGroup.objects.get(code="08").other_names


def test_loading_twice_changes_nothing():
    load_ethnic_groups()
    before = list(EthnicGroup.objects.values_list())
    load_ethnic_groups()
    assert list(EthnicGroup.objects.values_list()) == before


def test_load_plan_loads_them(plan_data):
    assert EthnicGroup.objects.count() == 54


def test_a_malformed_entry_is_named(tmp_path):
    path = tmp_path / "groups.yaml"
    path.write_text('ethnic_groups:\n  - {code: "01", name: "Kinh"}\n  - {code: "02"}\n', encoding="utf-8")
    with pytest.raises(DataFileError, match=r"ethnic_groups\[1\].*'name' is required"):
        load_ethnic_groups(path=path)
