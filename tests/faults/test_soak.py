"""Load test: simulated clerks and reviewers against gunicorn on a private PostgreSQL, a compile running.

Clerks of different agencies open their report of the current period, save
figures again and again, and submit; reviewers read the inbox and the reports
and return the submitted ones with a reason, so the clerks edit them again; a
compile runs in a Celery worker meanwhile. At the end: no 5xx, no save lost
or refused, and every figure each clerk last saved is in the database exactly
as saved.

In CI it runs a short version (``SOAK_USERS``/``SOAK_SECONDS``, 6 users for
8 s by default); ``make soak`` runs 20 users for 60 s.
"""

import os
import random
import re
import threading
import time
from collections import Counter

import pytest

from tests.faults.conftest import CLERK_PASSWORD, build_site, clear_period_reports, current_month_code, sql
from tests.faults.http import HttpUser
from tests.faults.services import CeleryWorker, Gunicorn, RedisServer, wait_for

pytestmark = [pytest.mark.soak, pytest.mark.slow]

USERS = int(os.environ.get("SOAK_USERS", "6"))
SECONDS = float(os.environ.get("SOAK_SECONDS", "8"))


class Shared:
    def __init__(self):
        self.lock = threading.Lock()
        self.submitted = set()  # report ids a clerk submitted, for the reviewers to return
        self.expected = {}  # report id -> the figures its clerk last saved
        self.failures = []


def clerk_loop(user, shared, code, deadline, rng):
    report_id = user.start_report(code)
    saves = 0
    with_province = False
    while time.monotonic() < deadline:
        if with_province:  # submitted: read the report until a reviewer returns it (its edit link is back)
            user.get("/reports/")
            _status, body, _headers = user.get(f"/reports/{report_id}/")
            with_province = f"/reports/{report_id}/edit/" not in body
            time.sleep(rng.uniform(0.05, 0.2))
            continue
        form = user.open_form(report_id)
        if form is None:
            with shared.lock:
                shared.failures.append(f"report {report_id}: the form did not open")
            return
        version, cells = form
        figures = {cell: rng.randint(1, 5000) for cell in rng.sample(cells, rng.randint(5, 30))}
        status = user.save(report_id, version=version, figures=figures, results=f"Lần lưu {saves}")
        if status != 302:
            with shared.lock:
                shared.failures.append(f"save of report {report_id}: HTTP {status}")
            continue
        saves += 1
        with shared.lock:
            shared.expected[report_id] = figures
        if rng.random() < 0.3:
            if user.submit(report_id) != 302:
                with shared.lock:
                    shared.failures.append(f"submit of report {report_id} failed")
            else:
                with shared.lock:
                    shared.submitted.add(report_id)
                with_province = True
        time.sleep(rng.uniform(0.02, 0.1))


def reviewer_loop(user, shared, code, deadline, rng):
    while time.monotonic() < deadline:
        _status, body, _headers = user.get(f"/reports/inbox/?period={code}")
        ids = [int(i) for i in re.findall(r'href="/reports/(\d+)/"', body)]
        if ids:
            user.get(f"/reports/{rng.choice(ids)}/")
        with shared.lock:
            candidates = sorted(shared.submitted)
        if candidates and rng.random() < 0.6:
            report_id = rng.choice(candidates)
            if user.return_report(report_id, "Đề nghị bổ sung số liệu kênh báo chí.") == 302:
                with shared.lock:
                    shared.submitted.discard(report_id)
        user.get("/reports/board/")
        time.sleep(rng.uniform(0.05, 0.2))


def test_simulated_users_lose_nothing_and_meet_no_server_error(private_pg, tmp_path):
    redis = RedisServer().start()
    clerks = max(1, USERS - max(1, USERS // 4))
    reviewers = USERS - clerks
    env = build_site(private_pg, redis_url=redis.url, tmp_path=tmp_path, agencies=40 + 2 * clerks, synthetic=2 * clerks)
    code = current_month_code()
    # Monthly synthetic agencies, each with its own clerk; their seeded report of the period removed.
    agencies = [
        row[0]
        for row in sql(
            private_pg,
            "SELECT code FROM agencies_agency WHERE code LIKE 'SYN-%%' AND report_frequency = 'month' "
            "AND NOT head_approval_required ORDER BY code",
        )
    ][:clerks]
    clear_period_reports(private_pg, code, agencies)
    site = Gunicorn(env).start()
    worker = CeleryWorker(env).start()
    shared = Shared()
    users = []
    threads = []
    try:
        deadline = time.monotonic() + SECONDS
        for n, agency in enumerate(agencies):
            user = HttpUser(site.url).login(f"syn-clerk-{agency[4:]}", CLERK_PASSWORD)
            users.append(user)
            rng = random.Random(n)
            threads.append(
                threading.Thread(target=_guard, args=(shared, clerk_loop, user, shared, code, deadline, rng))
            )
        for n in range(reviewers):
            user = HttpUser(site.url).login("syn-reviewer", CLERK_PASSWORD)
            users.append(user)
            rng = random.Random(1000 + n)
            threads.append(
                threading.Thread(target=_guard, args=(shared, reviewer_loop, user, shared, code, deadline, rng))
            )
        for thread in threads:
            thread.start()
        # A reviewer asks for the year's province report: the worker compiles it while the others work.
        compiler = HttpUser(site.url).login("syn-reviewer", CLERK_PASSWORD)
        users.append(compiler)
        assert compiler.post("/province/report/2021-Y/compile/", {})[0] == 302
        for thread in threads:
            thread.join(SECONDS + 120)

        def compiled():
            return sql(private_pg, "SELECT status, error FROM reports_compiledreport WHERE period_id = "
                       "(SELECT id FROM reports_reportingperiod WHERE code = '2021-Y')")  # fmt: skip

        wait_for(lambda: compiled() and compiled()[0][0] in ("done", "failed"), timeout=90, what="the compile")
        assert compiled() == [("done", "")]
    finally:
        for user in users:
            user.close()
        worker.stop()
        site.stop()
        redis.stop()

    statuses = Counter(entry[2] for user in users for entry in user.log)
    server_errors = [entry for user in users for entry in user.errors()]
    assert server_errors == [], server_errors[:5]
    assert shared.failures == []
    assert shared.expected, "no clerk saved anything"
    for report_id, figures in shared.expected.items():
        stored = {
            (m, t): v
            for m, t, v in sql(
                private_pg, "SELECT metric_id, theme_id, value FROM reports_figure WHERE report_id = %s", [report_id]
            )
        }
        assert stored == figures, f"report {report_id}"
    requests = sum(statuses.values())
    # The only refusal: a reviewer returning a report another reviewer has just returned.
    refused = [
        (method, path)
        for user in users
        for method, path, status, _seconds in user.log
        if status == 403 and not (method == "POST" and path.endswith("/return/"))
    ]
    assert refused == [], refused[:5]
    print(f"\nsoak: {len(users)} users, {requests} requests in {SECONDS:.0f} s, statuses {dict(statuses)}")  # noqa: T201


def _guard(shared, loop, *args):
    try:
        loop(*args)
    except Exception as exc:  # a crashed simulated user is a failure of the test, not a silent stop
        with shared.lock:
            shared.failures.append(f"{loop.__name__}: {type(exc).__name__}: {exc}")
