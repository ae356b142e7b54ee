"""Upgrading a database made before the province app: its compiled reports and document defaults stay readable.

The database is migrated back to the schema as it was before the split (``reports`` 0009, no ``province``),
rows are written through the models of that time, and it is migrated forward again: the new models
(``province.models``) read the same rows from the same tables, and the content types (the admin's log,
permissions) follow the models. On the test database of either engine (SQLite, or PostgreSQL with
DATABASE_URL).
"""

import datetime

import pytest
from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

from config.celery import app
from province import tasks
from province.models import CompiledReport, DocumentDefaults
from tests.factories import UserFactory
from tests.reports.factories import PeriodFactory

BEFORE_SPLIT = [("reports", "0009_document_defaults"), ("province", None)]


def _migrate(targets):
    """Migrate to ``targets`` (``None``: every app's latest migration); the models of that state."""
    executor = MigrationExecutor(connection)
    targets = targets or executor.loader.graph.leaf_nodes()
    executor.migrate(targets)
    executor.loader.build_graph()
    return executor.loader.project_state([node for node in targets if node[1] is not None]).apps


@pytest.mark.django_db(transaction=True)
def test_the_province_report_survives_the_move_to_its_own_app():
    period = PeriodFactory(code="2024-Q2", year=2024, number=2)
    reviewer = UserFactory(username="reviewer.upgrade")

    old = _migrate(BEFORE_SPLIT)
    assert not ContentType.objects.filter(app_label="province", model__in=["compiledreport", "documentdefaults"])
    compiled_type = ContentType.objects.get(app_label="reports", model="compiledreport")
    OldCompiledReport = old.get_model("reports", "CompiledReport")
    OldDocumentDefaults = old.get_model("reports", "DocumentDefaults")
    issued_at = timezone.now()
    old_compiled = OldCompiledReport.objects.create(
        period_id=period.pk,
        version=3,
        status="done",
        progress=100,
        snapshot={"schema": 7, "period": {"code": "2024-Q2"}},
        docx="compiled/2024-Q2/v3/bao-cao.docx",
        xlsx="compiled/2024-Q2/v3/bao-cao.xlsx",
        requested_by_id=reviewer.pk,
        document_number="123",
        document_date=datetime.date(2024, 7, 20),
        issued_at=issued_at,
        issued_by_id=reviewer.pk,
        recipients="UBND tỉnh (b/c);\nLưu: VT.",
    )
    OldDocumentDefaults.objects.create(
        valid_from=datetime.date(2025, 7, 1),
        issuer_parent="UBND TỈNH LÀO CAI",
        issuer_name="SỞ KHOA HỌC VÀ CÔNG NGHỆ",
        issuer_name_sentence="Sở Khoa học và Công nghệ",
        issuer_code="SKHCN",
        place="Lào Cai",
        signer_name="Nguyễn Văn A",
    )

    _migrate(None)

    compiled = CompiledReport.objects.get(pk=old_compiled.pk)
    assert (compiled.period, compiled.version, compiled.status) == (period, 3, CompiledReport.Status.DONE)
    assert compiled.snapshot == {"schema": 7, "period": {"code": "2024-Q2"}}
    assert compiled.docx.name == "compiled/2024-Q2/v3/bao-cao.docx"
    assert compiled.is_issued
    assert (compiled.issued_by, compiled.document_number) == (reviewer, "123")
    assert compiled.recipient_lines() == ["UBND tỉnh (b/c);", "Lưu: VT."]
    assert list(period.compiled_reports.all()) == [compiled]
    defaults = DocumentDefaults.objects.get(valid_from=datetime.date(2025, 7, 1))
    assert (defaults.issuer()["code"], defaults.signer_name) == ("SKHCN", "Nguyễn Văn A")
    # The same content type, now the province app's: log entries and permissions still name the model.
    moved = ContentType.objects.get_for_model(CompiledReport)
    assert (moved.pk, moved.app_label) == (compiled_type.pk, "province")
    assert not ContentType.objects.filter(app_label="reports", model__in=["compiledreport", "documentdefaults"])
    assert Permission.objects.get(codename="view_compiledreport").content_type_id == compiled_type.pk


def test_the_compile_tasks_keep_the_names_queued_messages_and_beat_entries_use():
    """A message queued before the upgrade, and a PeriodicTask row, name the task as the reports app did."""
    names = ["reports.compile_report", "reports.compile_due_reports"]
    assert [app.tasks[name].__module__ for name in names] == ["province.tasks", "province.tasks"]
    assert [tasks.compile_report.name, tasks.compile_due_reports.name] == names
