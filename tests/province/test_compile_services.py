"""Compiling, versions, failures and issuing, through the services and the (eager) Celery task."""

import datetime
import io

import docx
import openpyxl
import pytest
from django.core.files.storage import default_storage
from django.utils import translation

from province import aggregation, compilation
from province.models import CompiledReport
from tests.province.compiled_data import EXPECTED, add_agencies_with_reports, make_province, period


@pytest.fixture
def province(db):
    return make_province()


def _compile(capture, reviewer=None, code="2024-Q2", **texts):
    with capture(execute=True):
        compiled = compilation.compiled_report_request(period=period(code), user=reviewer, **texts)
    compiled.refresh_from_db()
    return compiled


def _metric(snapshot, key):
    return next(m for c in snapshot["channels"] for m in c["metrics"] if m["key"] == key)


def test_compile_runs_to_done_with_snapshot_and_files(province, reviewer, django_capture_on_commit_callbacks):
    compiled = _compile(django_capture_on_commit_callbacks, reviewer, shortcomings="Cơ sở còn chậm.")
    assert compiled.status == CompiledReport.Status.DONE, compiled.error
    assert compiled.progress == 100
    assert compiled.version == 1
    assert compiled.attempts == 1
    assert _metric(compiled.snapshot, "HT1.articles")["total"] == EXPECTED["HT1.articles"]
    assert compiled.snapshot["texts"]["shortcomings"] == "Cơ sở còn chậm."
    assert compiled.snapshot["document"]["summary"].endswith("quý II năm 2024")
    assert compiled.snapshot["recipients"] == ["UBND tỉnh (b/c);", "Sở Nội vụ;", "Lưu: VT, TTBCXB."]
    assert compilation.compiled_files(compiled) == sorted(
        [compiled.docx.name.rsplit("/", 1)[1], compiled.xlsx.name.rsplit("/", 1)[1]]
    )
    document = docx.Document(default_storage.open(compiled.docx.name))
    assert any("Cơ sở còn chậm." in p.text for p in document.paragraphs)
    channel_table = next(t for t in document.tables if len(t.columns) > 3)
    row = next(r for r in channel_table.rows if r.cells[1].text == "Số tin, bài")
    # Current, previous quarter, change, same quarter a year before.
    assert [c.text for c in row.cells[3:]] == ["63", "30", "+110,0%", "20"]
    workbook = openpyxl.load_workbook(default_storage.open(compiled.xlsx.name))
    assert workbook["Theo hình thức"]["E2"].value == EXPECTED["HT1.articles"]


def test_second_compile_makes_version_two(province, reviewer, django_capture_on_commit_callbacks):
    first = _compile(django_capture_on_commit_callbacks, reviewer)
    second = _compile(django_capture_on_commit_callbacks, reviewer)
    assert (first.version, second.version) == (1, 2)
    assert first.docx.name != second.docx.name
    first.refresh_from_db()
    assert first.status == CompiledReport.Status.DONE  # untouched


def test_compile_refused_while_one_is_queued(province, reviewer):
    # Without running the on-commit callback the first stays queued.
    compilation.compiled_report_request(period=period("2024-Q2"), user=reviewer)
    with pytest.raises(compilation.CompileError):
        compilation.compiled_report_request(period=period("2024-Q2"), user=reviewer)


def test_rerun_of_a_done_compile_changes_nothing(province, reviewer, django_capture_on_commit_callbacks):
    compiled = _compile(django_capture_on_commit_callbacks, reviewer)
    files = compilation.compiled_files(compiled)
    assert compilation.compiled_report_run(compiled_report_id=compiled.pk) is None
    compiled.refresh_from_db()
    assert compiled.attempts == 1
    assert compilation.compiled_files(compiled) == files


def test_rerun_after_a_dead_run_leaves_one_set_of_files(province, reviewer):
    compiled = compilation.compiled_report_request(period=period("2024-Q2"), user=reviewer)
    # A worker died half-way: the report says running and an orphan file lies in its directory.
    CompiledReport.objects.filter(pk=compiled.pk).update(status="running", progress=40)
    orphan = f"{compilation.version_dir(compiled)}/bao-cao-2024-Q2-v1-deadbeef0000.docx"
    default_storage.save(orphan, io.BytesIO(b"half"))
    compilation.compiled_report_run(compiled_report_id=compiled.pk)
    compiled.refresh_from_db()
    assert compiled.status == "done"
    assert compiled.attempts == 1
    assert len(compilation.compiled_files(compiled)) == 2
    assert not default_storage.exists(orphan)


def test_failed_compile_records_the_reason_and_can_be_retried(
    province, reviewer, monkeypatch, django_capture_on_commit_callbacks
):
    def broken(*args, **kwargs):
        raise RuntimeError("database went away")

    monkeypatch.setattr(compilation.aggregation, "aggregate", broken)
    compiled = _compile(django_capture_on_commit_callbacks, reviewer)
    assert compiled.status == CompiledReport.Status.FAILED
    assert "database went away" in compiled.error
    assert compilation.compiled_files(compiled) == []
    assert not compiled.docx

    monkeypatch.undo()
    with django_capture_on_commit_callbacks(execute=True):
        compilation.compiled_report_retry(compiled=compiled, user=reviewer)
    compiled.refresh_from_db()
    assert compiled.status == CompiledReport.Status.DONE
    assert compiled.error == ""
    assert compiled.attempts == 2
    assert compiled.version == 1


def test_failure_while_writing_files_leaves_none(province, reviewer, monkeypatch, django_capture_on_commit_callbacks):
    def broken_xlsx(snapshot):
        raise ValueError("xlsx broke")

    monkeypatch.setattr(compilation, "build_xlsx", broken_xlsx)
    compiled = _compile(django_capture_on_commit_callbacks, reviewer)
    assert compiled.status == "failed"
    assert compilation.compiled_files(compiled) == []


def test_retry_refused_for_a_done_compile(province, reviewer, django_capture_on_commit_callbacks):
    compiled = _compile(django_capture_on_commit_callbacks, reviewer)
    with pytest.raises(compilation.CompileError):
        compilation.compiled_report_retry(compiled=compiled, user=reviewer)


def test_issuing_freezes_and_numbers_the_version(province, reviewer, django_capture_on_commit_callbacks):
    compiled = _compile(django_capture_on_commit_callbacks, reviewer, signer_name="Nguyễn Văn A")
    old_docx = compiled.docx.name
    compilation.compiled_report_issue(compiled=compiled, user=reviewer, number="125", day=datetime.date(2024, 6, 20))
    compiled.refresh_from_db()
    assert compiled.is_issued
    assert compiled.document_number == "125"
    assert compiled.snapshot["document"] == {**compiled.snapshot["document"], "number": "125", "date": "2024-06-20"}
    assert len(compilation.compiled_files(compiled)) == 2
    assert not default_storage.exists(old_docx)
    texts = [p.text for t in docx.Document(default_storage.open(compiled.docx.name)).tables for c in t._cells
             for p in c.paragraphs]  # fmt: skip
    assert "Số: 125/BC-STTTT" in texts
    assert "Lào Cai, ngày 20 tháng 6 năm 2024" in texts

    frozen = (compiled.snapshot, compiled.docx.name, compiled.xlsx.name)
    # Neither a re-run, nor a second issue, nor a retry changes it.
    assert compilation.compiled_report_run(compiled_report_id=compiled.pk) is None
    with pytest.raises(compilation.CompileError):
        compilation.compiled_report_issue(
            compiled=compiled, user=reviewer, number="126", day=datetime.date(2024, 6, 21)
        )
    with pytest.raises(compilation.CompileError):
        compilation.compiled_report_retry(compiled=compiled, user=reviewer)
    compiled.refresh_from_db()
    assert (compiled.snapshot, compiled.docx.name, compiled.xlsx.name) == frozen

    # Compiling again after issue makes version 2; version 1 stays as issued.
    second = _compile(django_capture_on_commit_callbacks, reviewer)
    assert second.version == 2
    assert not second.is_issued
    compiled.refresh_from_db()
    assert (compiled.snapshot, compiled.docx.name) == frozen[:2]


def test_issue_needs_the_signers_name(province, reviewer, django_capture_on_commit_callbacks):
    compiled = _compile(django_capture_on_commit_callbacks, reviewer, signer_name=" ")
    with translation.override("en"), pytest.raises(compilation.CompileError, match="signer"):
        compilation.compiled_report_issue(compiled=compiled, user=reviewer, number="9", day=datetime.date(2024, 6, 20))
    compiled.refresh_from_db()
    assert not compiled.is_issued


def test_an_older_version_cannot_be_issued_after_a_newer_one(province, reviewer, django_capture_on_commit_callbacks):
    first = _compile(django_capture_on_commit_callbacks, reviewer, signer_name="Nguyễn Văn A")
    second = _compile(django_capture_on_commit_callbacks, reviewer, signer_name="Nguyễn Văn A")
    compilation.compiled_report_issue(compiled=second, user=reviewer, number="10", day=datetime.date(2024, 6, 20))
    with translation.override("en"), pytest.raises(compilation.CompileError, match="later version"):
        compilation.compiled_report_issue(compiled=first, user=reviewer, number="11", day=datetime.date(2024, 6, 21))
    first.refresh_from_db()
    assert not first.is_issued


def test_issue_needs_a_number(province, reviewer, django_capture_on_commit_callbacks):
    compiled = _compile(django_capture_on_commit_callbacks, reviewer)
    with pytest.raises(compilation.CompileError):
        compilation.compiled_report_issue(compiled=compiled, user=reviewer, number="  ", day=datetime.date(2024, 6, 20))


def test_period_without_accepted_reports_compiles_to_a_document_saying_so(
    province, reviewer, django_capture_on_commit_callbacks
):
    compiled = _compile(django_capture_on_commit_callbacks, reviewer, code="2024-Q4")
    assert compiled.status == "done", compiled.error
    text = "\n".join(p.text for p in docx.Document(default_storage.open(compiled.docx.name)).paragraphs)
    assert "chưa có báo cáo nào của các cơ quan, đơn vị được chấp nhận" in text


def test_scheduled_compile_requests_due_periods_once_and_tells_reviewers(
    province, reviewer, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        requested = compilation.compile_due_reports(today=datetime.date(2024, 6, 25))
    assert {c.period.code for c in requested} == {"2024-Q2", "2024-H1"}
    assert len(mailoutbox) == 1
    assert reviewer.email in mailoutbox[0].to
    assert compilation.compile_due_reports(today=datetime.date(2024, 6, 26)) == []


@pytest.mark.parametrize("extra", [1, 25])
def test_compile_runs_a_fixed_number_of_queries(province, reviewer, extra, django_assert_num_queries):
    _plan, _agencies, metrics, themes = province
    add_agencies_with_reports(extra, metrics, themes)
    compiled = compilation.compiled_report_request(period=period("2024-Q2"), user=reviewer)
    # claim UPDATE; SELECT the report; savepoint + the aggregation's queries + release; the issuer in force
    # (document defaults); 3 progress UPDATEs; savepoint + final UPDATE + release; sweep has no query;
    # refresh_from_db SELECT.
    with django_assert_num_queries(1 + 1 + 2 + aggregation.QUERY_COUNT + 1 + 3 + 3 + 1):
        compiled = compilation.compiled_report_run(compiled_report_id=compiled.pk)
    assert compiled.status == "done", compiled.error
    # Each added agency reported one article: every row counted, and named in the snapshot.
    assert _metric(compiled.snapshot, "HT1.articles")["total"] == EXPECTED["HT1.articles"] + extra
    assert {f"T-X{i:03d}" for i in range(extra)} <= {a["code"] for a in compiled.snapshot["agencies"]}
    assert len(compilation.compiled_files(compiled)) == 2


def test_the_scheduled_compile_is_installed_as_an_editable_beat_entry(db):
    from django_celery_beat.models import PeriodicTask

    compilation.install_schedule()
    compilation.install_schedule()
    entry = PeriodicTask.objects.get(task="reports.compile_due_reports")
    assert entry.enabled
    assert entry.crontab is not None


def test_unreachable_broker_keeps_the_compile_queued_and_sends_it_once_when_redis_is_back(
    province, reviewer, monkeypatch, django_capture_on_commit_callbacks
):
    from celery import Celery

    from core import outbox
    from core.models import OutboxMessage
    from province import tasks
    from tests.faults.services import RedisServer, free_port

    port = free_port()
    app = tasks.compile_report.app
    monkeypatch.setitem(app.conf, "task_always_eager", False)
    monkeypatch.setitem(app.conf, "broker_url", f"redis://127.0.0.1:{port}/0")
    monkeypatch.setattr(outbox, "_broker_down_until", 0.0)

    compiled = _compile(django_capture_on_commit_callbacks, reviewer)
    assert compiled.status == "queued"
    assert compiled.error == ""
    (kept,) = OutboxMessage.objects.pending()
    assert kept.task_name == "reports.compile_report"
    assert kept.kwargs == {"compiled_report_id": compiled.pk}
    assert kept.last_error

    server = RedisServer(port=port).start()
    try:
        back = Celery("redis-back", broker=server.url, set_as_current=False)
        assert outbox.flush_outbox(app=back) == 1
        assert outbox.flush_outbox(app=back) == 0
        assert server.client().llen("celery") == 1
        assert not OutboxMessage.objects.pending().exists()
    finally:
        server.stop()
