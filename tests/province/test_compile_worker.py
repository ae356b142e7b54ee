"""The compile through a real Redis broker and a real Celery worker subprocess (``tests/celery_workers``).

The worker must see the test's rows: a ``transactional_db`` test on PostgreSQL,
the worker pointed at the test database by DATABASE_URL.
"""

import os
import signal
import time

import pytest

from province import compilation
from province.models import CompiledReport
from tests.province.compiled_data import make_province, period

pytestmark = [pytest.mark.celery_worker, pytest.mark.postgres, pytest.mark.slow]


def _wait_for(compiled, statuses, timeout=60, log=None):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        compiled.refresh_from_db()
        if compiled.status in statuses:
            return compiled
        time.sleep(0.3)
    pytest.fail(f"compiled report still {compiled.status} after {timeout}s\n{log.read_text() if log else ''}")


def test_compile_goes_through_the_broker_to_done(transactional_db, start_worker):
    make_province()
    start_worker("w1")
    compiled = compilation.compiled_report_request(period=period("2024-Q2"))
    compiled = _wait_for(compiled, {"done", "failed"})
    assert compiled.status == "done", compiled.error
    assert compiled.attempts == 1
    articles = next(m for c in compiled.snapshot["channels"] for m in c["metrics"] if m["key"] == "HT1.articles")
    assert articles["total"] == 63
    assert len(compilation.compiled_files(compiled)) == 2


@pytest.mark.parametrize("where", ["local folder", "object store"])
def test_worker_killed_mid_compile_is_followed_by_a_rerun_leaving_one_set_of_files(
    transactional_db, start_worker, tmp_path, request, where
):
    make_province()
    # In the object store (a bucket of moto's server, tests/s3.py) the workers and this test share the bucket.
    bucket = request.getfixturevalue("object_storage") if where == "object store" else None
    storage_env = bucket.env if bucket else {}
    marker = tmp_path / "docx-written"
    first = start_worker("w1", THIDUA_SLOW_MARKER=str(marker), **storage_env)
    compiled = compilation.compiled_report_request(period=period("2024-Q2"))
    deadline = time.monotonic() + 60
    while not marker.exists():
        assert time.monotonic() < deadline, "the first worker never reached the middle of the compile"
        time.sleep(0.2)
    compiled.refresh_from_db()
    assert compiled.status == "running"
    orphan = marker.read_text()
    assert len(compilation.compiled_files(compiled)) == 1  # the dead run's DOCX

    os.killpg(first.pid, signal.SIGKILL)
    first.wait(timeout=10)

    # acks_late: the message was never acknowledged; the next worker gets it again.
    start_worker("w2", THIDUA_VISIBILITY_TIMEOUT="2", **storage_env)
    compiled = _wait_for(compiled, {"done", "failed"}, timeout=60, log=tmp_path / "w2.log")
    assert compiled.status == "done", compiled.error
    assert compiled.attempts == 2
    # No waiting for the sweep: it runs before DONE commits (compiled_report_run), so done means one set of files.
    files = compilation.compiled_files(compiled)
    assert len(files) == 2
    assert sorted(files) == sorted([compiled.docx.name.rsplit("/", 1)[1], compiled.xlsx.name.rsplit("/", 1)[1]])
    assert orphan.rsplit("/", 1)[1] not in files
    assert CompiledReport.objects.filter(period__code="2024-Q2").count() == 1
    if bucket:
        assert bucket.objects() == sorted([compiled.docx.name, compiled.xlsx.name])
