"""PostgreSQL restarted while requests arrive: a clear 503 "try again", never a stack trace; then service as usual.

gunicorn (two sync workers) keeps its database connections open
(CONN_MAX_AGE=60, CONN_HEALTH_CHECKS on), so every worker holds a connection
the restart breaks; the site must recover without restarting gunicorn.
"""

import threading
import time

import pytest

from tests.faults.conftest import CLERK_PASSWORD, build_site
from tests.faults.http import HttpUser
from tests.faults.services import Gunicorn

pytestmark = [pytest.mark.faults, pytest.mark.slow]

PAGES = ["/reports/", "/", "/healthz"]


def test_requests_during_a_restart_get_503_try_again_and_the_site_recovers(private_pg, tmp_path):
    env = build_site(private_pg, tmp_path=tmp_path, CONN_MAX_AGE=60)
    site = Gunicorn(env).start()
    try:
        users = [HttpUser(site.url).login(f"syn-clerk-000{n}", CLERK_PASSWORD) for n in (1, 2)]
        for user in users:  # every worker now holds an open connection
            for path in PAGES:
                assert user.get(path)[0] == 200

        answers = []
        stop = threading.Event()

        def keep_asking(user):
            deadline = time.monotonic() + 30  # bounded whatever happens
            while not stop.is_set() and time.monotonic() < deadline:
                for path in PAGES:
                    status, body, headers = user.get(path)
                    answers.append((path, status, body, headers))
                time.sleep(0.02)

        threads = [threading.Thread(target=keep_asking, args=(u,)) for u in users]
        for thread in threads:
            thread.start()
        time.sleep(0.5)
        private_pg.stop()  # fast shutdown: open connections are terminated
        time.sleep(2)
        private_pg.restart()
        time.sleep(1.5)
        stop.set()
        for thread in threads:
            thread.join(40)

        statuses = {status for _path, status, _body, _headers in answers}
        unavailable = [a for a in answers if a[1] == 503]
        assert statuses <= {200, 503}, sorted(statuses)
        assert unavailable, "no request met the restart"
        for path, _status, body, headers in unavailable:
            assert "Vui lòng thử lại" in body or path == "/healthz"
            assert "Traceback" not in body
            assert "OperationalError" not in body
            assert headers.get("Retry-After") == "10"

        # Afterwards, without restarting gunicorn: every page as usual, for both workers.
        for user in users:
            for _ in range(4):
                for path in PAGES:
                    assert user.get(path)[0] == 200, path
    finally:
        site.stop()
