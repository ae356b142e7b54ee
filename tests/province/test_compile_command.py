"""``manage.py compile_report --period``."""

import io
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from province.models import CompiledReport
from tests.province.compiled_data import make_province


@pytest.fixture
def province(db):
    return make_province()


def test_compiles_and_prints_the_file_paths(province):
    out = io.StringIO()
    call_command("compile_report", "--period", "2024-Q2", stdout=out)
    compiled = CompiledReport.objects.get(period__code="2024-Q2")
    assert compiled.status == "done"
    lines = out.getvalue().splitlines()
    assert lines[0] == "2024-Q2 v1: 5 reports counted"
    docx_path = Path(lines[1].removeprefix("DOCX: "))
    xlsx_path = Path(lines[2].removeprefix("XLSX: "))
    assert docx_path.read_bytes()[:2] == b"PK"
    assert xlsx_path.suffix == ".xlsx"
    assert xlsx_path.exists()


def test_running_it_again_makes_version_two(province):
    call_command("compile_report", "--period", "2024-Q2", stdout=io.StringIO())
    call_command("compile_report", "--period", "2024-Q2", "--include-unaccepted", stdout=io.StringIO())
    second = CompiledReport.objects.get(period__code="2024-Q2", version=2)
    assert second.include_unaccepted
    assert second.snapshot["includes_unaccepted"] is True


def test_unknown_period_is_a_clear_error(province):
    with pytest.raises(CommandError, match="No reporting period '2099-Q9'"):
        call_command("compile_report", "--period", "2099-Q9", stdout=io.StringIO())
