"""Redis stopped: a clerk still saves and submits; the jobs that could not be queued run once when it is back.

Black-box, on private services: PostgreSQL, a Redis that is started and
stopped by the test, gunicorn with two sync workers, a Celery worker.
"""

import re
import time

import pytest

from tests.faults.conftest import CLERK_PASSWORD, build_site, clear_period_reports, current_month_code, sql
from tests.faults.http import HttpUser
from tests.faults.services import CeleryWorker, Gunicorn, RedisServer, manage, wait_for

pytestmark = [pytest.mark.faults, pytest.mark.slow]

ENQUEUE_COMPILE = """
from django.db import transaction
from core import outbox
from province import compilation
from province import tasks
from reports.models import ReportingPeriod
with transaction.atomic():
    compiled = compilation.compiled_report_request(period=ReportingPeriod.objects.get(code="{code}"), enqueue=False)
    outbox.enqueue(tasks.compile_report, compiled_report_id=compiled.pk)
print(compiled.pk)
"""

FLUSH = "from core import outbox; print(outbox.flush_outbox())"


def test_clerk_saves_and_submits_with_redis_down_and_the_kept_job_runs_once_when_it_is_back(private_pg, tmp_path):
    redis = RedisServer().start()
    redis.stop()  # its port is known and nothing listens there: Redis is down
    env = build_site(private_pg, redis_url=redis.url, tmp_path=tmp_path)
    code = current_month_code()
    clear_period_reports(private_pg, code, ["SYN-0001"])
    site = Gunicorn(env).start()
    worker = None
    try:
        # 1. The clerk signs in, saves figures and submits while Redis is down.
        clerk = HttpUser(site.url).login("syn-clerk-0001", CLERK_PASSWORD)
        report_id = clerk.start_report(code)
        version, cells = clerk.open_form(report_id)
        figures = {cell: n + 1 for n, cell in enumerate(cells[:12])}
        started = time.monotonic()
        assert clerk.save(report_id, version=version, figures=figures, results="Redis is down") == 302
        assert clerk.submit(report_id) == 302
        assert time.monotonic() - started < 10
        assert clerk.errors() == []
        status, _stored = sql(
            private_pg, "SELECT status, version FROM reports_activityreport WHERE id = %s", [report_id]
        )[0]
        assert status == "submitted"
        saved = {
            (m, t): v
            for m, t, v in sql(
                private_pg, "SELECT metric_id, theme_id, value FROM reports_figure WHERE report_id = %s", [report_id]
            )
        }
        assert saved == figures

        # 2. A compile asked for now cannot be queued: it is kept in the outbox, the request does not fail.
        started = time.monotonic()
        compiled_id = int(manage(env, "shell", "-c", ENQUEUE_COMPILE.format(code="2021-Q2")).stdout.split()[-1])
        assert time.monotonic() - started < 20
        pending = sql(
            private_pg, "SELECT task_name, attempts, last_error FROM core_outboxmessage WHERE sent_at IS NULL"
        )
        assert [row[0] for row in pending] == ["reports.compile_report"]
        assert pending[0][1] == 1
        assert pending[0][2]
        assert sql(private_pg, "SELECT status FROM reports_compiledreport WHERE id = %s", [compiled_id]) == [
            ("queued",)
        ]

        # 3. Redis is back; a worker starts and sends what was kept (worker_ready), the compile runs once.
        redis.start()
        worker = CeleryWorker(env).start()

        def compiled_status():
            return sql(private_pg, "SELECT status FROM reports_compiledreport WHERE id = %s", [compiled_id])[0][0]

        wait_for(lambda: compiled_status() == "done", timeout=45, what="the kept compile")
        assert sql(private_pg, "SELECT count(*) FROM core_outboxmessage WHERE sent_at IS NULL") == [(0,)]

        # 4. Flushing again sends nothing: no duplicate.
        assert manage(env, "shell", "-c", FLUSH).stdout.split()[-1] == "0"
        time.sleep(1)
        runs = re.findall(r"reports\.compile_report\[[^\]]+\] succeeded", worker.log.read_text())
        assert len(runs) == 1
        assert sql(private_pg, "SELECT count(*) FROM reports_compiledreport") == [(1,)]
        # The site still serves the clerk.
        assert clerk.get(f"/reports/{report_id}/")[0] == 200
    finally:
        if worker is not None:
            worker.stop()
        site.stop()
        redis.stop()


def test_compile_asked_for_on_the_page_while_redis_is_down_runs_once_when_it_is_back(private_pg, tmp_path):
    """The reviewer's compile page with Redis down: the compile is either kept in the outbox or ends failed
    saying why (today's ``province.compilation._enqueue``); once Redis is back it runs exactly once, by
    itself or through the retry button."""
    redis = RedisServer().start()
    redis.stop()
    env = build_site(private_pg, redis_url=redis.url, tmp_path=tmp_path)
    site = Gunicorn(env).start()
    worker = None
    try:
        reviewer = HttpUser(site.url).login("syn-reviewer", CLERK_PASSWORD)
        started = time.monotonic()
        assert reviewer.post("/province/report/2021-Q3/compile/", {})[0] == 302
        assert time.monotonic() - started < 10
        rows = sql(
            private_pg,
            "SELECT c.id, c.status, c.error FROM reports_compiledreport c "
            "JOIN reports_reportingperiod p ON p.id = c.period_id WHERE p.code = '2021-Q3'",
        )
        assert len(rows) == 1
        compiled_id, status, error = rows[0]
        kept = sql(private_pg, "SELECT count(*) FROM core_outboxmessage WHERE sent_at IS NULL")[0][0]
        assert (status == "failed" and "could not be reached" in error) or (status == "queued" and kept == 1)
        assert reviewer.get("/province/report/2021-Q3/")[0] == 200

        redis.start()
        worker = CeleryWorker(env).start()
        if status == "failed":
            assert reviewer.post(f"/province/version/{compiled_id}/retry/", {})[0] == 302

        def compiled_status():
            return sql(private_pg, "SELECT status FROM reports_compiledreport WHERE id = %s", [compiled_id])[0][0]

        wait_for(lambda: compiled_status() == "done", timeout=45, what="the compile")
        time.sleep(1)
        runs = re.findall(r"reports\.compile_report\[[^\]]+\] succeeded", worker.log.read_text())
        assert len(runs) == 1
        assert sql(private_pg, "SELECT count(*) FROM reports_compiledreport") == [(1,)]
        assert reviewer.errors() == []
    finally:
        if worker is not None:
            worker.stop()
        site.stop()
        redis.stop()
