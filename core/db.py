"""Database helpers shared by the apps, and the one place hand-written SQL is run (``fetch``, ``run``).

Table and column names in such SQL come from the models (``connection.ops.quote_name``) and every value
is a parameter.
"""

from contextlib import contextmanager

from django.db import connection, transaction


@contextmanager
def consistent_read():
    """Run the queries inside on one view of the data, as of the first of them.

    A report built from several queries (the province aggregation reads the
    window's totals and its per-agency sums separately) must not see a report
    accepted between two of them: at PostgreSQL's default READ COMMITTED each
    statement sees what was committed when it started. Here the block is a
    read-only REPEATABLE READ transaction on PostgreSQL; SQLite keeps one
    snapshot per transaction anyway. Inside a transaction already open (a
    caller's ``atomic``, a test) the isolation level can no longer be set, and
    the block is a savepoint of that transaction.
    """
    outermost = not connection.in_atomic_block
    with transaction.atomic():
        if outermost and connection.vendor == "postgresql":
            run(("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY", ()))
        yield


def db_table(model):
    """``model``'s table name, quoted for the SQL written here."""
    return connection.ops.quote_name(model._meta.db_table)


def placeholders(values):
    """``%s, %s, …`` for an ``IN (…)`` of ``values`` (one placeholder each, the same SQL on both databases)."""
    return ", ".join(["%s"] * len(values))


def fetch(sql, params=(), *, row):
    """The rows of ``sql`` run with ``params``, each made a ``row`` (a NamedTuple of the selected columns)."""
    with connection.cursor() as cursor:
        cursor.execute(sql, list(params))
        return list(map(row._make, cursor.fetchall()))


def run(*statements):
    """Run each ``(sql, params)`` of ``statements``, in order, on one cursor; for writes."""
    with connection.cursor() as cursor:
        for sql, params in statements:
            cursor.execute(sql, list(params))


def update_by_id(model, field_name, values):
    """Set ``field_name`` of each ``(pk, value)`` in ``values`` in one UPDATE; no signals, no history.

    ``bulk_update`` builds a ``CASE WHEN`` expression per row in Python, which
    cost more than the rest of a draft save. A VALUES list in a common table
    expression is the same statement on PostgreSQL and SQLite; the table and
    column names come from the model and every value is a parameter. Each row
    looks its value up in the list, so keep batches to a few hundred rows.
    """
    if not values:
        return
    quote = connection.ops.quote_name
    table = quote(model._meta.db_table)
    column = quote(model._meta.get_field(field_name).column)
    rows = ", ".join(["(%s, %s)"] * len(values))
    sql = (
        f"WITH v(id, value) AS (VALUES {rows}) "  # noqa: S608
        f"UPDATE {table} SET {column} = (SELECT v.value FROM v WHERE v.id = {table}.id) "
        "WHERE id IN (SELECT id FROM v)"
    )
    run((sql, [x for pk_value in values for x in pk_value]))
