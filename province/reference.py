"""The reference data every aggregation reads, kept per process while the database says it has not changed.

An aggregation reads the agencies with their units, the successions, the plan's channels, metrics and
themes, and the reporting periods: a few hundred rows each that change a few times a year, read again on
every compile and cold dashboard (a fifth of a quarter's aggregation), and the dashboard's period picker on
every view. Triggers in the database (``install_triggers``, run after every
``migrate``) give the one row of ``ReferenceToken`` a new random token whenever a row of those tables is
inserted, updated or deleted (or a table truncated), however it is written: the admin, a bulk update, a
data migration, psql. A process keeps what it read under the token it read it with; reading the token (one
small query, ``Reference``) tells whether that still holds.

What was read is kept only when the token read after it is the one read before: a change committed in
between (at READ COMMITTED each statement sees the latest commits) is never kept under the earlier token.
No token (a database just emptied, before ``migrate`` or a write) keeps nothing. Tokens are random, never a
counter: a transaction rolled back, or a backup restored, never brings back a token with other rows.

Every write to those tables also writes the token's row, which stays locked until the writer commits: two
transactions that each change several agencies wait for one another (or, in the wrong order, one is stopped
as a deadlock and may be retried). The writes are an administrator's, a few a year.
"""

from contextlib import nullcontext

from django.db import connection, connections, transaction

from agencies import successions
from agencies.models import AdministrativeUnit, Agency, Succession
from campaigns.models import Channel, Metric, Theme
from core.db import db_table
from reports.models import ReportingPeriod
from reports.selectors import PeriodOption

from . import sql
from .models import ReferenceToken

TABLES = (Agency, AdministrativeUnit, Succession, Channel, Metric, Theme, ReportingPeriod)
TRIGGER = "thidua_reference_touch"

# What this process read, under the token it read it with: (token, {key: value}); replaced whole, never
# changed in place (a thread reading the previous one keeps it).
_kept = (None, {})


def read_token():
    """The token now, or None when the table is empty: one query."""
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT token FROM {db_table(ReferenceToken)} WHERE id = 1")  # noqa: S608
        row = cursor.fetchone()
    return row[0] if row else None


class Reference:
    """The reference data as of the token read when made; a context manager.

    ``get(key, load)`` returns what ``load()`` returned under ``key`` for this token, in this process, or
    calls it. On leaving, what was loaded is kept if the token has not changed meanwhile (one query more).
    """

    def __init__(self):
        self.token = read_token()
        self.loaded = {}

    def __enter__(self):
        return self

    def get(self, key, load):
        token, values = _kept
        if self.token is not None and token == self.token and key in values:
            return values[key]
        if key in self.loaded:  # loaded by an earlier reader of this one
            return self.loaded[key]
        value = self.loaded[key] = load()
        return value

    # The parts every reader asks for, each under one key.
    def graph(self):
        """The successions (``successions.load_graph``)."""
        return self.get("graph", successions.load_graph)

    def agencies(self):
        """The agencies with their units (``sql.agencies``)."""
        return self.get("agencies", sql.agencies)

    def periods(self):
        """Every reporting period, by start, the longest first (``sql.periods``: ``PeriodOption`` rows)."""
        return self.get("periods", lambda: sql.periods(row=PeriodOption))

    def plan_metrics(self, plan_ids):
        """The channels and metrics of the plans ``plan_ids`` (``sql.plan_metrics``)."""
        plan_ids = tuple(sorted(plan_ids))
        return self.get(("plan_metrics", plan_ids), lambda: sql.plan_metrics(plan_ids))

    def __exit__(self, *exc):
        global _kept
        if exc[0] is not None or not self.loaded or self.token is None or read_token() != self.token:
            return
        token, values = _kept
        _kept = (self.token, {**values, **self.loaded} if token == self.token else dict(self.loaded))


def opened(kept=None):
    """``kept`` (a caller's open ``Reference``) as a context manager that leaves it to its caller, or a
    ``Reference`` of its own: for the readers that take the caller's (``kept=``) or read the token themselves."""
    return nullcontext(kept) if kept is not None else Reference()


def forget():
    """Drop what this process keeps (tests start from a process that has read nothing)."""
    global _kept
    _kept = (None, {})


# -- the triggers ---------------------------------------------------------------------------------------------


def _new_token(vendor, token_table):
    """The statements that give the token a new random value, the row made when missing.

    SQLite: an UPDATE, then an INSERT of the row only where it is missing. Inside a trigger each statement takes
    the conflict policy of the write that fired it (``INSERT OR IGNORE``, ``UPDATE OR ABORT``, an upsert): an
    ``INSERT OR REPLACE`` would be ignored by the first, a plain insert of an existing row would fail the others.
    Neither statement here can meet a conflict.
    """
    if vendor == "postgresql":
        new = "md5(random()::text || clock_timestamp()::text)"
        upsert = f"INSERT INTO {token_table} (id, token) VALUES (1, {new}) ON CONFLICT (id) DO UPDATE SET token = {new}"  # noqa: S608
        return [upsert]
    new = "lower(hex(randomblob(16)))"
    missing = f"WHERE NOT EXISTS (SELECT 1 FROM {token_table} WHERE id = 1)"  # noqa: S608
    return [
        f"UPDATE {token_table} SET token = {new} WHERE id = 1",  # noqa: S608
        f"INSERT INTO {token_table} (id, token) SELECT 1, {new} {missing}",
    ]


def touch(using="default"):
    """Give the token a new value, as the triggers do (after ``migrate``, whatever it changed)."""
    conn = connections[using]
    with conn.cursor() as cursor:
        for statement in _new_token(conn.vendor, conn.ops.quote_name(ReferenceToken._meta.db_table)):
            cursor.execute(statement)


def trigger_statements(vendor, quote, tables=TABLES):
    """The SQL that makes the triggers on ``tables`` (models of ``TABLES``), each statement safe to run again.

    PostgreSQL: the function (its body replaced, its search path fixed to that of ``migrate``: a writer with
    another search path still finds the token's table), then a statement-level trigger per table (INSERT, UPDATE,
    DELETE, TRUNCATE): give only the tables without one (``install_triggers``), since remaking a trigger locks
    its table. SQLite: row-level triggers, one per table and kind of write, dropped and made again (a table a
    migration rebuilt has lost them; a changed body reaches the others).
    """
    token_table = quote(ReferenceToken._meta.db_table)
    if vendor == "postgresql":
        function = (
            f"CREATE OR REPLACE FUNCTION {TRIGGER}() RETURNS trigger LANGUAGE plpgsql SET search_path FROM CURRENT "
            f"AS $$ BEGIN {_new_token(vendor, token_table)[0]}; RETURN NULL; END $$"
        )
        events = "INSERT OR UPDATE OR DELETE OR TRUNCATE"
        return [
            function,
            *(
                f"CREATE TRIGGER {TRIGGER} AFTER {events} ON {quote(model._meta.db_table)} "
                f"FOR EACH STATEMENT EXECUTE FUNCTION {TRIGGER}()"
                for model in tables
            ),
        ]
    if vendor == "sqlite":
        body = "; ".join(_new_token(vendor, token_table))
        statements = []
        for model in tables:
            for event in ("INSERT", "UPDATE", "DELETE"):
                name = f"{TRIGGER}_{model._meta.db_table}_{event.lower()}"
                statements += [
                    f"DROP TRIGGER IF EXISTS {name}",
                    f"CREATE TRIGGER {name} AFTER {event} ON {quote(model._meta.db_table)} BEGIN {body}; END",
                ]
        return statements
    return []


def _ready(conn):
    """Whether the token's table and every table of ``TABLES`` exist (a migrate run part of the way has not)."""
    tables = set(conn.introspection.table_names())
    return {m._meta.db_table for m in (ReferenceToken, *TABLES)} <= tables


def _without_trigger(conn):
    """The models of ``TABLES`` whose table has no trigger yet (PostgreSQL; on SQLite, all of them)."""
    if conn.vendor != "postgresql":
        return TABLES
    with conn.cursor() as cursor:
        cursor.execute(
            "SELECT c.relname FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid "
            "WHERE t.tgname = %s AND c.relnamespace = to_regnamespace(current_schema())",
            [TRIGGER],
        )
        present = {row[0] for row in cursor.fetchall()}
    return [model for model in TABLES if model._meta.db_table not in present]


def install_triggers(using="default", **_kwargs):
    """Make the triggers where missing and give the token a new value, in one transaction: connected to
    ``post_migrate`` (``apps``)."""
    conn = connections[using]
    if not _ready(conn):
        return
    with transaction.atomic(using=using):
        with conn.cursor() as cursor:
            for statement in trigger_statements(conn.vendor, conn.ops.quote_name, _without_trigger(conn)):
                cursor.execute(statement)
        touch(using)


def drop_triggers(conn):
    """Drop the triggers from every table of ``TABLES`` that exists (migration 0006, going back)."""
    tables = set(conn.introspection.table_names())
    quote = conn.ops.quote_name
    with conn.cursor() as cursor:
        for model in TABLES:
            table = model._meta.db_table
            if table not in tables:
                continue
            if conn.vendor == "postgresql":
                cursor.execute(f"DROP TRIGGER IF EXISTS {TRIGGER} ON {quote(table)}")
            elif conn.vendor == "sqlite":
                for event in ("insert", "update", "delete"):
                    cursor.execute(f"DROP TRIGGER IF EXISTS {TRIGGER}_{table}_{event}")
        if conn.vendor == "postgresql":
            cursor.execute(f"DROP FUNCTION IF EXISTS {TRIGGER}()")
