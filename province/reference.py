"""The reference data every aggregation reads, kept per process while the database says it has not changed.

An aggregation reads the agencies with their units, the successions and the plan's channels, metrics and
themes: a few hundred rows that change a few times a year, read again on every compile and cold dashboard
(a fifth of a quarter's aggregation). Triggers in the database (``install_triggers``, run after every
``migrate``) give the one row of ``ReferenceToken`` a new random token whenever a row of those tables is
inserted, updated or deleted (or a table truncated), however it is written: the admin, a bulk update, a
data migration, psql. A process keeps what it read under the token it read it with; reading the token (one
small query, ``Reference``) tells whether that still holds.

What was read is kept only when the token read after it is the one read before: a change committed in
between (at READ COMMITTED each statement sees the latest commits) is never kept under the earlier token.
No token (a database just emptied, before ``migrate`` or a write) keeps nothing. Tokens are random, never a
counter: a transaction rolled back, or a backup restored, never brings back a token with other rows.
"""

from django.db import connection, connections

from agencies.models import AdministrativeUnit, Agency, Succession
from campaigns.models import Channel, Metric, Theme
from core.db import db_table

from .models import ReferenceToken

TABLES = (Agency, AdministrativeUnit, Succession, Channel, Metric, Theme)
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
        value = self.loaded[key] = load()
        return value

    def __exit__(self, *exc):
        global _kept
        if exc[0] is not None or not self.loaded or self.token is None or read_token() != self.token:
            return
        token, values = _kept
        _kept = (self.token, {**values, **self.loaded} if token == self.token else dict(self.loaded))


def forget():
    """Drop what this process keeps (tests start from a process that has read nothing)."""
    global _kept
    _kept = (None, {})


# -- the triggers ---------------------------------------------------------------------------------------------


def _new_token(vendor, token_table):
    """The statements that give the token a new random value, the row made when missing.

    SQLite: an UPDATE, then an INSERT for a missing row; not one ``INSERT OR REPLACE``, which inside a
    trigger takes the conflict policy of the write that fired it (an ``INSERT OR IGNORE`` would keep the token).
    """
    if vendor == "postgresql":
        new = "md5(random()::text || clock_timestamp()::text)"
        upsert = f"INSERT INTO {token_table} (id, token) VALUES (1, {new}) ON CONFLICT (id) DO UPDATE SET token = {new}"  # noqa: S608
        return [upsert]
    new = "lower(hex(randomblob(16)))"
    return [
        f"UPDATE {token_table} SET token = {new} WHERE id = 1",  # noqa: S608
        f"INSERT OR IGNORE INTO {token_table} (id, token) VALUES (1, {new})",  # noqa: S608
    ]


def touch(using="default"):
    """Give the token a new value, as the triggers do (after ``migrate``, whatever it changed)."""
    conn = connections[using]
    with conn.cursor() as cursor:
        for statement in _new_token(conn.vendor, conn.ops.quote_name(ReferenceToken._meta.db_table)):
            cursor.execute(statement)


def trigger_statements(vendor, quote):
    """The SQL that (re)creates the triggers on every table of ``TABLES``; each statement safe to run again.

    PostgreSQL: one function, one statement-level trigger per table (INSERT, UPDATE, DELETE, TRUNCATE). SQLite:
    row-level triggers, one per table and kind of write (``IF NOT EXISTS``: a table that a migration rebuilt
    has lost its triggers, and gets them back).
    """
    token_table = quote(ReferenceToken._meta.db_table)
    if vendor == "postgresql":
        function = (
            f"CREATE OR REPLACE FUNCTION {TRIGGER}() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
            f"{_new_token(vendor, token_table)[0]}; RETURN NULL; END $$"
        )
        statements = [function]
        for model in TABLES:
            table = quote(model._meta.db_table)
            create = (
                f"CREATE TRIGGER {TRIGGER} AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON {table} "
                f"FOR EACH STATEMENT EXECUTE FUNCTION {TRIGGER}()"
            )
            statements += [f"DROP TRIGGER IF EXISTS {TRIGGER} ON {table}", create]
        return statements
    if vendor == "sqlite":
        return [
            f"CREATE TRIGGER IF NOT EXISTS {TRIGGER}_{model._meta.db_table}_{event.lower()} AFTER {event} "
            f"ON {quote(model._meta.db_table)} BEGIN {'; '.join(_new_token(vendor, token_table))}; END"
            for model in TABLES
            for event in ("INSERT", "UPDATE", "DELETE")
        ]
    return []


def _ready(conn):
    """Whether the token's table and every table of ``TABLES`` exist (a migrate run part of the way has not)."""
    tables = set(conn.introspection.table_names())
    return {m._meta.db_table for m in (ReferenceToken, *TABLES)} <= tables


def install_triggers(using="default", **_kwargs):
    """(Re)create the triggers and give the token a new value: connected to ``post_migrate`` (``apps``)."""
    conn = connections[using]
    if not _ready(conn):
        return
    with conn.cursor() as cursor:
        for statement in trigger_statements(conn.vendor, conn.ops.quote_name):
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
