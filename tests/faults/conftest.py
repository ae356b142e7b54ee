"""Fixtures of the fault and load tests: a private PostgreSQL with a small synthetic province, private Redis.

Nothing here touches the developer's or CI's PostgreSQL and Redis: every
service is started on a free port of 127.0.0.1 and stopped at the end.
"""

import datetime

import pytest

from tests.faults.services import PostgresServer, RedisServer, django_env, manage

SETTINGS = "tests.faults.settings"
CLERK_PASSWORD = "syn-password"  # seed_scale's synthetic users


def current_month_code(today=None):
    from reports import calendar

    return calendar.period_for_day_window("month", today or datetime.date.today()).code  # noqa: DTZ011 — the servers' own day


@pytest.fixture
def private_pg():
    server = PostgresServer().start()
    server.createdb("thidua")
    yield server
    server.destroy()


@pytest.fixture
def private_redis():
    server = RedisServer().start()
    yield server
    server.stop()


def build_site(pg, *, redis_url=None, tmp_path, agencies=50, synthetic=10, **extra_env):
    """Migrate the private database and load a small synthetic province; the environment for its processes.

    The tests log in as the clerks of the synthetic agencies (``syn-clerk-0001``…): at least ``synthetic`` of them.
    """
    env = django_env(
        database_url=pg.url("thidua"),
        redis_url=redis_url,
        DJANGO_SETTINGS_MODULE=SETTINGS,
        TEST_MEDIA_ROOT=tmp_path / "media",
        **extra_env,
    )
    manage(env, "migrate", "--noinput", "-v0")
    manage(
        env,
        "seed_scale",
        f"--agencies={agencies}",
        f"--synthetic={synthetic}",
        "--years=1",
        "--seed=11",
        "--allow-production-like",
    )
    return env


def sql(pg, query, params=None):
    """Rows of ``query`` on the private database (a connection of its own, closed at once)."""
    import psycopg2

    conn = psycopg2.connect(host="127.0.0.1", port=pg.port, user="postgres", dbname="thidua")
    conn.autocommit = True
    try:
        with conn.cursor() as cursor:
            cursor.execute(query, params)
            return cursor.fetchall() if cursor.description else []
    finally:
        conn.close()


def clear_period_reports(pg, period_code, agency_codes):
    """Remove the seeded reports of ``agency_codes`` for ``period_code``, so their clerks start afresh."""
    ids = [
        row[0]
        for row in sql(
            pg,
            "SELECT r.id FROM reports_activityreport r JOIN reports_reportingperiod p ON p.id = r.period_id "
            "JOIN agencies_agency a ON a.id = r.agency_id WHERE p.code = %s AND a.code = ANY(%s)",
            [period_code, list(agency_codes)],
        )
    ]
    if ids:
        for table in ("reports_figure", "reports_evidence", "honourees_honoureecoverage"):
            sql(pg, f"DELETE FROM {table} WHERE report_id = ANY(%s)", [ids])  # noqa: S608 — fixed table names
        sql(pg, "DELETE FROM reports_activityreport WHERE id = ANY(%s)", [ids])
