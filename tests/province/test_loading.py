"""The document defaults as data: load_plan adds the entries the database lacks and keeps the admin's edits."""

import datetime

import pytest

from core.datafiles import DataFileError
from province import compilation
from province.loading import load_document_defaults
from province.models import DocumentDefaults


def test_load_plan_adds_the_successor_and_keeps_the_migrations_entry(plan_data):
    entries = list(DocumentDefaults.objects.order_by("valid_from").values_list("valid_from", "issuer_code"))
    assert entries == [(datetime.date(2021, 1, 1), "STTTT"), (datetime.date(2025, 3, 1), "SVHTTDL")]
    # A 2024 report is Sở Thông tin và Truyền thông's, a 2025-Q4 report its successor's.
    assert compilation.issuer(datetime.date(2024, 6, 30))["name"] == "SỞ THÔNG TIN VÀ TRUYỀN THÔNG"
    assert compilation.issuer(datetime.date(2025, 12, 31))["code"] == "SVHTTDL"
    assert "Chưa xác nhận" in DocumentDefaults.objects.get(valid_from=datetime.date(2025, 3, 1)).source


def test_loading_again_changes_nothing_and_keeps_the_admins_corrections(plan_data):
    DocumentDefaults.objects.filter(valid_from=datetime.date(2025, 3, 1)).update(signer_name="Người Sửa")
    assert load_document_defaults() == 0
    assert DocumentDefaults.objects.get(valid_from=datetime.date(2025, 3, 1)).signer_name == "Người Sửa"
    assert DocumentDefaults.objects.count() == 2


def test_a_malformed_entry_names_itself_and_writes_nothing(db, tmp_path):
    path = tmp_path / "defaults.yaml"
    path.write_text(
        "entries:\n"
        "  - {valid_from: 2030-01-01, issuer_parent: P, issuer_name: N, issuer_name_sentence: N, issuer_code: X,"
        " place: Lào Cai}\n"
        "  - {valid_from: 2031-01-01, issuer_parent: P, issuer_name: N, issuer_name_sentence: N, place: Lào Cai}\n",
        encoding="utf-8",
    )
    with pytest.raises(DataFileError, match=r"defaults.yaml > entries\[1\]: 'issuer_code'"):
        load_document_defaults(data_file=path)
    assert not DocumentDefaults.objects.filter(valid_from__year__gte=2030).exists()
