"""Database helpers shared by the apps."""

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
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY")
        yield
