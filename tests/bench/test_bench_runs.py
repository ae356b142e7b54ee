"""``make bench`` keeps running as the pages change: a tiny run, end to end, on a SQLite file of its own."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.faults.services import require

ROOT = Path(__file__).resolve().parents[2]

pytestmark = pytest.mark.slow


def test_tiny_bench_measures_every_page_compile_and_load(tmp_path):
    require(str(Path(sys.executable).with_name("gunicorn")))
    output = tmp_path / "latest.json"
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "REDIS_URL", "DJANGO_SETTINGS_MODULE")}
    env.update(
        DATABASE_URL=f"sqlite:///{tmp_path / 'bench.sqlite3'}",
        BENCH_MEDIA_ROOT=str(tmp_path / "media"),
        PYTHONPATH=str(ROOT),
    )
    run = subprocess.run(
        [sys.executable, "-m", "bench.run", "--tiny", "--factor", "2", "--output", str(output)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert run.returncode == 0, run.stdout[-3000:] + run.stderr[-3000:]
    assert "make bench on SQLite" in run.stdout

    result = json.loads(output.read_text())
    assert result["database"] == "sqlite"
    rows = {row["name"]: row for row in result["figures"]}
    errors = {name: row["status"] for name, row in rows.items() if str(row.get("status", "")).startswith("error")}
    assert errors == {}
    for name in ("floor_page", "clerk home", "report form (GET)", "draft save (POST)", "reviewer inbox"):
        assert rows[name]["value"] > 0, name
    assert rows["clerk home"]["queries"] > 0
    for name in ("aggregation 2021-Q2", "compile with DOCX+XLSX 2021-Y", "HTTP floor_page", "HTTP clerk home"):
        assert rows[name]["value"] > 0, name
    assert rows["HTTP clerk home"]["errors"] == 0
    assert "compile with DOCX+XLSX 2021-Q2 ×2 ÷ ×1" in rows
    # The five-year phase too: its compile against its own floor_sql, against the quarter's, and at 2× the data.
    assert rows["compile with DOCX+XLSX 2021-2025"]["floor"] == "floor_sql"
    assert rows["floor_sql 2021-2025"]["value"] > 0
    assert rows["compile with DOCX+XLSX 2021-2025 ÷ 2021-Q2"]["target"] == "≤4×"
    assert "compile with DOCX+XLSX 2021-2025 ×2 ÷ ×1" in rows
    assert "PDF by LibreOffice 2021-2025" in rows
    # Every figure with a target says whether it is met.
    assert all(row["met"] in (True, False) for row in rows.values() if row["target"] and row["value"] is not None)
