"""The compile through a real Redis broker and a real Celery worker subprocess.

The worker must see the test's rows: a ``transactional_db`` test on PostgreSQL,
the worker pointed at the test database by DATABASE_URL.
"""

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
import redis
from django.db import connection

from config.celery import app
from province import compilation
from province.models import CompiledReport
from tests.province.compiled_data import make_province, period

REPO = Path(__file__).resolve().parents[2]
CELERY = Path(sys.executable).with_name("celery")

pytestmark = [pytest.mark.celery_worker, pytest.mark.postgres, pytest.mark.slow]


@pytest.fixture
def broker():
    url = os.environ.get("REDIS_URL")
    if not url:
        pytest.skip("REDIS_URL is not set")
    if connection.vendor != "postgresql":
        pytest.skip("a worker process can only share the test database on PostgreSQL")
    client = redis.Redis.from_url(url)
    client.flushdb()  # this test's own Redis database: no message of an earlier run left over
    eager = app.conf.task_always_eager
    app.conf.task_always_eager = False
    yield url
    app.conf.task_always_eager = eager
    client.flushdb()


@pytest.fixture
def start_worker(broker, settings, tmp_path):
    started = []
    db = connection.settings_dict
    database_url = (
        f"postgres://{db['USER']}:{db['PASSWORD']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"
    )

    def start(name, **extra_env):
        log = (tmp_path / f"{name}.log").open("w")
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "tests.reports.worker_settings",
            "DATABASE_URL": database_url,
            "REDIS_URL": broker,
            "TEST_MEDIA_ROOT": str(settings.MEDIA_ROOT),
            "PYTHONPATH": str(REPO),
            **extra_env,
        }
        process = subprocess.Popen(
            [str(CELERY), "-A", "tests.reports.worker_app", "worker", "--pool=solo", "--loglevel=INFO",
             "--without-gossip", "--without-mingle", "--without-heartbeat", "-n", f"{name}@%h"],
            cwd=REPO, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
        )  # fmt: skip
        started.append(process)
        log_path = tmp_path / f"{name}.log"
        deadline = time.monotonic() + 60
        while "ready." not in log_path.read_text():
            if process.poll() is not None or time.monotonic() > deadline:
                pytest.fail(f"worker {name} did not start:\n{log_path.read_text()}")
            time.sleep(0.2)
        return process

    yield start
    for process in started:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGTERM)
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait()


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
