"""The reminder job through a real Redis broker and two real Celery workers: each e-mail goes once.

Six runs of the beat job land on two workers at once; the unique claim row
lets exactly one of them send each agency's reminder.
"""

import datetime
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
import redis
from django.db import connection
from django.utils import timezone

from agencies import roles as r
from config.celery import app
from reports import tasks
from reports.models import ReminderLog
from tests.factories import AgencyFactory, UserFactory
from tests.reports.factories import PeriodFactory

REPO = Path(__file__).resolve().parents[2]
CELERY = Path(sys.executable).with_name("celery")

pytestmark = [pytest.mark.celery_worker, pytest.mark.postgres, pytest.mark.slow]


@pytest.fixture
def workers(transactional_db, settings, tmp_path):
    url = os.environ.get("REDIS_URL")
    if not url:
        pytest.skip("REDIS_URL is not set")
    if connection.vendor != "postgresql":
        pytest.skip("a worker process can only share the test database on PostgreSQL")
    client = redis.Redis.from_url(url)
    client.flushdb()
    eager = app.conf.task_always_eager
    app.conf.task_always_eager = False
    db = connection.settings_dict
    database_url = (
        f"postgres://{db['USER']}:{db['PASSWORD']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"
    )
    mail_dir = tmp_path / "mail"
    mail_dir.mkdir()
    processes = []
    for name in ("r1", "r2"):
        log_path = tmp_path / f"{name}.log"
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "tests.reports.reminder_worker_settings",
            "DATABASE_URL": database_url,
            "REDIS_URL": url,
            "THIDUA_EMAIL_DIR": str(mail_dir),
            "PYTHONPATH": str(REPO),
        }
        process = subprocess.Popen(
            [str(CELERY), "-A", "config", "worker", "--pool=solo", "--loglevel=INFO",
             "--without-gossip", "--without-mingle", "--without-heartbeat", "-n", f"{name}@%h"],
            cwd=REPO, env=env, stdout=log_path.open("w"), stderr=subprocess.STDOUT, start_new_session=True,
        )  # fmt: skip
        processes.append(process)
        deadline = time.monotonic() + 60
        while "ready." not in log_path.read_text():
            if process.poll() is not None or time.monotonic() > deadline:
                pytest.fail(f"worker {name} did not start:\n{log_path.read_text()}")
            time.sleep(0.2)
    yield mail_dir
    for process in processes:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGTERM)
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait()
    app.conf.task_always_eager = eager
    client.flushdb()


def test_six_runs_on_two_workers_send_each_reminder_once(workers, plan):
    today = timezone.localdate()
    PeriodFactory(
        plan=plan,
        number=3,
        start=today - datetime.timedelta(days=80),
        end=today - datetime.timedelta(days=1),
        deadline=today + datetime.timedelta(days=2),
        lock_date=today + datetime.timedelta(days=20),
    )
    for i in range(3):
        agency = AgencyFactory(code=f"W{i}")
        UserFactory(username=f"clerk_w{i}", agency=agency, roles=[r.CLERK], email=f"vanthu{i}@example.vn")
    for _ in range(6):
        tasks.send_deadline_reminders.delay(days_before=3)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if ReminderLog.objects.filter(sent_at__isnull=False).count() == 3 and len(list(workers.iterdir())) >= 1:
            break
        time.sleep(0.3)
    time.sleep(2)  # let the remaining runs finish: they must find every claim taken
    messages = "".join(path.read_text() for path in workers.iterdir())
    assert messages.count("Subject: ") == 3
    assert sorted(ReminderLog.objects.values_list("agency__code", flat=True)) == ["W0", "W1", "W2"]
