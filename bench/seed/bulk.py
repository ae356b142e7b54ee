"""Raw bulk loading of the synthetic rows: COPY or batched INSERTs, the figure indexes, removing a previous run.

Nothing here sends signals or writes history rows: the seed is one transaction
of bulk statements, the way a restore loads a dump.
"""

import io

from django.core.management.base import CommandError
from django.db import connection

from honourees.models import Commendation, Honouree, HonoureeCoverage
from reports.models import AcceptedMetricTotal, AcceptedTotal, ActivityReport, Figure

from .marks import SLUG_PREFIX

FIGURE_COLUMNS = (
    "id",
    "report_id",
    "period_id",
    "agency_id",
    "channel_id",
    "metric_id",
    "theme_id",
    "value",
    "accepted",
)


def insert(table, columns, rows, *, integers=False):
    """Bulk-insert ``rows``; ``integers``: every value is an int or a bool (figures), no COPY escaping needed."""
    if not rows:
        return
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            buffer = io.StringIO()
            if integers:
                buffer.writelines("\t".join(map(str, row)) + "\n" for row in rows)
            else:
                buffer.writelines("\t".join(copy_text(v) for v in row) + "\n" for row in rows)
            buffer.seek(0)
            cursor.cursor.copy_expert(f"COPY {table} ({', '.join(columns)}) FROM STDIN", buffer)
        else:
            placeholders = ", ".join(["%s"] * len(columns))
            sql = f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({placeholders})"  # noqa: S608
            for start in range(0, len(rows), 20_000):
                cursor.executemany(sql, rows[start : start + 20_000])


def insert_reports_and_figures(report_rows, figure_rows):
    """Load a batch: the reports (dicts of field values) first, then their figures (tuples of FIGURE_COLUMNS)."""
    reports = [ActivityReport(**row) for row in report_rows]
    fields = list(ActivityReport._meta.concrete_fields)
    report_values = [[f.get_db_prep_save(f.pre_save(obj, True), connection) for f in fields] for obj in reports]
    insert(ActivityReport._meta.db_table, [f.column for f in fields], report_values)
    insert(Figure._meta.db_table, FIGURE_COLUMNS, figure_rows, integers=True)


def copy_text(value):
    """``value`` in PostgreSQL COPY text format."""
    if value is None:
        return r"\N"
    if isinstance(value, bool):
        return "t" if value else "f"
    if isinstance(value, int | float):
        return str(value)
    if hasattr(value, "adapted") and hasattr(value, "dumps"):
        # A JSONField value comes adapted for psycopg2 (Json): COPY wants the bare JSON text.
        value = value.dumps(value.adapted)
    text = str(value)
    if any(ch in text for ch in "\\\t\n\r"):
        text = text.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r")
    return text


def next_id(model):
    last = model.objects.order_by("-pk").values_list("pk", flat=True).first()
    return (last or 0) + 1


def drop_figure_indexes():
    """On PostgreSQL, drop the figure table's plain indexes while it is empty; their definitions.

    Building an index once over the loaded rows is several times cheaper
    than updating it row by row; unique indexes (constraints) stay. The
    drop is part of the seed's transaction: a failure puts them back.
    """
    if connection.vendor != "postgresql":
        return []
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT i.indexname, i.indexdef FROM pg_indexes i WHERE i.schemaname = current_schema() "
            "AND i.tablename = %s AND i.indexdef NOT LIKE 'CREATE UNIQUE INDEX%%'",
            [Figure._meta.db_table],
        )
        indexes = cursor.fetchall()
        for name, _definition in indexes:
            cursor.execute(f'DROP INDEX "{name}"')
        # As pg_restore --disable-triggers does: a superuser loads without the per-row
        # foreign-key triggers (six per figure); every id written comes from the database.
        cursor.execute("SELECT rolsuper FROM pg_roles WHERE rolname = current_user")
        if cursor.fetchone()[0]:
            cursor.execute("SET LOCAL session_replication_role = replica")
    return [definition for _name, definition in indexes]


def recreate_indexes(definitions):
    """Triggers back on, the references checked once, and the dropped indexes built over the loaded rows."""
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL session_replication_role = DEFAULT")
        check_references(cursor)
        cursor.execute("SET LOCAL maintenance_work_mem = '256MB'")
        for definition in definitions:
            cursor.execute(definition)


def check_references(cursor):
    """What the foreign-key triggers would have checked, once over the loaded rows; rolls back on a miss."""
    for model in (Figure, ActivityReport):
        table = model._meta.db_table
        for field in model._meta.concrete_fields:
            if not field.is_relation or field.null:
                continue
            target = field.related_model._meta
            cursor.execute(
                f"SELECT COUNT(*) FROM {table} t LEFT JOIN {target.db_table} u "  # noqa: S608 — model names
                f"ON u.{target.pk.column} = t.{field.column} WHERE u.{target.pk.column} IS NULL"
            )
            missing = cursor.fetchone()[0]
            if missing:
                raise CommandError(f"{missing} rows of {table} point to no {target.db_table}: nothing was loaded")


def reset_sequences():
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        for model in (ActivityReport, Figure):
            table = model._meta.db_table
            cursor.execute(
                f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), COALESCE(MAX(id), 1)) FROM {table}"  # noqa: S608
            )


def analyze():
    """Fresh planner statistics on PostgreSQL; VACUUM as well when outside a transaction.

    A freshly COPY-loaded table has no visibility map, so no index-only scan
    until autovacuum passes; a live table has one.
    """
    if connection.vendor != "postgresql":
        return
    command = "ANALYZE" if connection.in_atomic_block else "VACUUM (ANALYZE)"
    with connection.cursor() as cursor:
        for model in (Figure, ActivityReport, AcceptedTotal, AcceptedMetricTotal):
            cursor.execute(f"{command} {model._meta.db_table}")
        # Every other table it wrote (agencies, users, honourees, coverage…): statistics, so the planner
        # does not guess on a cluster whose autovacuum is off or has not passed yet.
        cursor.execute("ANALYZE")


def wipe():
    """Remove the synthetic reports, figures and honourees of a previous run (no signals, no history)."""
    seeded = Honouree.objects.filter(slug__startswith=SLUG_PREFIX)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # Every report is synthetic (the seeder refuses real ones): empty the tables
            # that hang off reports at once.
            # (Deferred foreign-key checks of this transaction run first: TRUNCATE
            # refuses a table with pending trigger events.)
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            tables = [Figure, ActivityReport, ActivityReport.history.model]
            cursor.execute(f"TRUNCATE {', '.join(m._meta.db_table for m in tables)} CASCADE")
        else:
            for rel in ActivityReport._meta.related_objects:
                rel.related_model.objects.all()._raw_delete(connection.alias)
            ActivityReport.history.all()._raw_delete(connection.alias)
            ActivityReport.objects.all()._raw_delete(connection.alias)
    for model in (HonoureeCoverage, Commendation, Commendation.history.model):
        model.objects.filter(honouree_id__in=seeded.values("pk"))._raw_delete(connection.alias)
    Honouree.history.filter(slug__startswith=SLUG_PREFIX)._raw_delete(connection.alias)
    for rel in Honouree._meta.related_objects:
        rel.related_model.objects.filter(**{rel.field.name + "__in": seeded.values("pk")})._raw_delete(connection.alias)
    seeded._raw_delete(connection.alias)
