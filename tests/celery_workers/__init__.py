"""Real Celery worker processes for the ``celery_worker`` tests, through the REDIS_URL broker.

``start_worker(name, **env)`` starts one worker (``--pool=solo``, the app of
``tests/celery_workers/app.py``, the settings of ``settings.py``) pointed at the
test's own database, waits until it is ready, and stops it after the test. The
test must be transactional (a worker sees committed rows only) and run on
PostgreSQL (a worker process cannot share an SQLite test database); it is skipped
when REDIS_URL is not set. The fixtures are made available to every test by
``tests/conftest.py``.
"""

import fcntl
import hashlib
import os
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest
import redis
from django.db import connection

from config.celery import app

REPO = Path(__file__).resolve().parents[2]
CELERY = Path(sys.executable).with_name("celery")
READY_TIMEOUT = 60


@pytest.fixture
def broker():
    """REDIS_URL's database, emptied, with Celery sending tasks to it; one such test at a time on this machine.

    The tests start Celery workers on the one REDIS_URL database and its default queue, and empty it: two at
    once would consume, or wipe, each other's tasks. ``make test`` runs the suite with ``-n auto``, and
    pytest-xdist's ``--dist loadgroup`` does not group with pytest 9.2 (pytest-xdist issue #1386), so a lock file
    per REDIS_URL orders them instead, across the xdist workers and any other run on this machine. Every other
    test runs side by side: each xdist worker has its own test database, its own ``tmp_path`` (so
    ``MEDIA_ROOT``), and the fault tests start their own servers on free ports.
    """
    url = os.environ.get("REDIS_URL")
    if not url:
        pytest.skip("REDIS_URL is not set")
    if connection.vendor != "postgresql":
        pytest.skip("a worker process can only share the test database on PostgreSQL")
    digest = hashlib.sha1(url.encode()).hexdigest()[:12]  # noqa: S324 — a file name
    with (Path(tempfile.gettempdir()) / f"thidua-celery-worker-tests-{digest}.lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # released when the file closes, after the workers have stopped
        client = redis.Redis.from_url(url)
        client.flushdb()  # no message of an earlier run left over
        eager = app.conf.task_always_eager
        app.conf.task_always_eager = False
        yield url
        app.conf.task_always_eager = eager
        client.flushdb()


@pytest.fixture
def start_worker(transactional_db, broker, settings, tmp_path):
    """``start(name, **env)``: a ready worker process named ``name``, its log in ``tmp_path/<name>.log``."""
    started = []
    db = connection.settings_dict
    database_url = (
        f"postgres://{db['USER']}:{db['PASSWORD']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"
    )

    def start(name, **extra_env):
        log_path = tmp_path / f"{name}.log"
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "tests.celery_workers.settings",
            "DATABASE_URL": database_url,
            "REDIS_URL": broker,
            "TEST_MEDIA_ROOT": str(settings.MEDIA_ROOT),
            "PYTHONPATH": str(REPO),
            **extra_env,
        }
        # ":app": the module's own, with its hook (this package's ``app`` name is the site's app, without it).
        process = subprocess.Popen(
            [str(CELERY), "-A", "tests.celery_workers.app:app", "worker", "--pool=solo", "--loglevel=INFO",
             "--without-gossip", "--without-mingle", "--without-heartbeat", "-n", f"{name}@%h"],
            cwd=REPO, env=env, stdout=log_path.open("w"), stderr=subprocess.STDOUT, start_new_session=True,
        )  # fmt: skip
        started.append(process)
        deadline = time.monotonic() + READY_TIMEOUT
        while "ready." not in log_path.read_text():
            if process.poll() is not None or time.monotonic() > deadline:
                pytest.fail(f"worker {name} did not start:\n{log_path.read_text()}")
            time.sleep(0.2)
        return process

    yield start
    for process in started:
        _stop(process)


def _stop(process):
    if process.poll() is not None:
        return
    os.killpg(process.pid, signal.SIGTERM)
    try:
        process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()
