"""Compiling, versions, failures and issuing, through the services and the (eager) Celery task."""

import datetime
import io
import json
import uuid
import zlib

import docx
import openpyxl
import pytest
from django.core.files.storage import default_storage
from django.utils import translation

from province import aggregation, compilation
from province.models import DETAIL_KEYS, CompiledReport
from reports import calendar
from tests.province.compiled_data import EXPECTED, add_agencies_with_reports, make_province, period

RUN_TOKEN = uuid.UUID("00000000-0000-4000-8000-000000000001")


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
    # Current, previous quarter and the change, the same quarter a year before and the change.
    assert [c.text for c in row.cells[3:]] == ["63", "30", "+110,0%", "20", "+215,0%"]
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
    assert "Trong kỳ, chưa có báo cáo nào của các cơ quan, đơn vị được tiếp nhận; chưa có số liệu để tổng hợp." in text


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
def test_compile_runs_a_fixed_number_of_queries(province, reviewer, extra, django_assert_num_queries, monkeypatch):
    _plan, _agencies, metrics, themes = province
    add_agencies_with_reports(extra, metrics, themes)
    compiled = compilation.compiled_report_request(period=period("2024-Q2"), user=reviewer)
    # Each step tells its progress (a run slower than PROGRESS_INTERVAL between steps, as a phase's).
    monkeypatch.setattr(compilation, "PROGRESS_INTERVAL", 0)
    # claim UPDATE; SELECT the report; savepoint + the aggregation's and the duties' queries + release (the
    # successions read once for both: one less; no guidance and no press order in this province: their details
    # are not read); the plan's legal bases;
    # the issuer in force (document defaults); 3 progress UPDATEs; savepoint + final UPDATE + release; sweep
    # has no query; the report is not read back (the row read after the claim, with what the run wrote).
    duties = compilation.DUTIES_EMPTY_QUERY_COUNT
    queries = 1 + 1 + 2 + aggregation.QUERY_COUNT + duties - 1 + 1 + 1 + 3 + 3
    with django_assert_num_queries(queries):
        compiled = compilation.compiled_report_run(compiled_report_id=compiled.pk)
    assert compiled.status == "done", compiled.error
    # Each added agency reported one article: every row counted, and named in the snapshot.
    assert _metric(compiled.snapshot, "HT1.articles")["total"] == EXPECTED["HT1.articles"] + extra
    assert {f"T-X{i:03d}" for i in range(extra)} <= {a["code"] for a in compiled.full_snapshot()["agencies"]}
    assert len(compilation.compiled_files(compiled)) == 2
    # What the run returned is what it stored.
    stored = CompiledReport.objects.get(pk=compiled.pk)
    for field in (
        "status",
        "progress",
        "snapshot",
        "finished_at",
        "docx",
        "xlsx",
        "pdf",
        "pdf_skipped",
        *compilation.TEXT_FIELDS,
    ):
        assert getattr(compiled, field) == getattr(stored, field), field
    assert bytes(compiled.detail) == bytes(stored.detail)


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


def test_blank_texts_are_drafted_from_the_figures_and_kept_for_the_next_version(
    province, reviewer, django_capture_on_commit_callbacks
):
    compiled = _compile(django_capture_on_commit_callbacks, reviewer, shortcomings="Cơ sở còn chậm.")
    texts = compiled.snapshot["texts"]
    # Seven agencies owed reports (A–F and the reviewers' department); 52 + 8 + 6 = 66 products against 30 in
    # 2024-Q1.
    assert "đôn đốc 7 cơ quan, đơn vị, địa phương thuộc diện báo cáo" in texts["direction"]
    assert texts["strengths"] == "Số sản phẩm, hoạt động tuyên truyền tăng 120% so với quý I năm 2024."
    assert texts["shortcomings"] == "Cơ sở còn chậm."  # the reviewer's own text is never replaced
    assert texts["proposals"].startswith("Đề nghị Ủy ban nhân dân tỉnh chỉ đạo các cơ quan, đơn vị, địa phương")
    assert texts["lessons"] == ""  # only a phase summary has lessons
    assert (compiled.direction, compiled.proposals) == (texts["direction"], texts["proposals"])
    defaults = compilation.compiled_report_defaults(period=compiled.period)
    assert defaults["direction"] == texts["direction"]
    document = docx.Document(default_storage.open(compiled.docx.name))
    assert texts["strengths"] in [p.text for p in document.paragraphs]


def test_a_report_with_an_empty_section_is_not_issued(province, reviewer, django_capture_on_commit_callbacks):
    compiled = _compile(django_capture_on_commit_callbacks, reviewer, signer_name="Nguyễn Văn Thử")
    snapshot = {**compiled.snapshot, "texts": {**compiled.snapshot["texts"], "strengths": " "}}
    CompiledReport.objects.filter(pk=compiled.pk).update(snapshot=snapshot)
    with pytest.raises(compilation.CompileError):
        compilation.compiled_report_issue(compiled=compiled, user=reviewer, number="12", day=datetime.date(2024, 6, 20))
    compiled.refresh_from_db()
    assert not compiled.is_issued


def test_the_phase_summary_carries_each_year_of_the_phase(province, reviewer, django_capture_on_commit_callbacks):
    from honourees.models import HonoureeCoverage
    from reports.models import ActivityReport
    from tests.honourees.factories import HonoureeFactory

    _plan, agencies, metrics, _themes = province
    calendar.generate_periods(plan=province[0])  # the other years and the 2021-2025 phase
    # An exemplar introduced by A's accepted 2024-Q2 report: counted in 2024 (each year is read without the
    # agencies' texts, but with the honourees).
    HonoureeCoverage.objects.create(
        honouree=HonoureeFactory(name="Giàng Seo Phử", category="advanced", proposing_agency=agencies["A"]),
        report=ActivityReport.objects.get(agency=agencies["A"], period__code="2024-Q2"),
        channel=metrics["HT1.articles"].channel,
    )
    compiled = _compile(django_capture_on_commit_callbacks, reviewer, code="2021-2025")
    assert compiled.status == "done", compiled.error
    assert compiled.snapshot["document"]["summary"] == (
        "Tổng kết 05 năm thực hiện Kế hoạch tuyên truyền phong trào thi đua yêu nước (thử)"
    )
    years = {y["code"]: y for y in compiled.snapshot["years"]}
    assert list(years) == ["2021-Y", "2022-Y", "2023-Y", "2024-Y", "2025-Y"]
    # 2024: seven agencies owed four quarters each (C twelve months): A sent Q1 and Q2, B, E and F Q2, C three
    # months (some); D and the reviewers' department nothing. 2023: only A's Q2.
    assert years["2024-Y"]["reporting"] == {"due": 7, "sent": 5, "on_time": 0, "late": 0, "partial": 5, "none": 2}
    assert years["2023-Y"]["reporting"] == {"due": 7, "sent": 1, "on_time": 0, "late": 0, "partial": 1, "none": 6}
    assert years["2024-Y"]["agencies"]["T-A"] == ["partial", 52 + 30]
    assert years["2024-Y"]["agencies"]["T-D"] == ["none", 0]
    assert years["2024-Y"]["honourees"] == [["Điển hình tiên tiến", 1]]
    assert years["2023-Y"]["honourees"] == []
    document = docx.Document(default_storage.open(compiled.docx.name))
    texts = [p.text for p in document.paragraphs]
    assert "IV. BÀI HỌC KINH NGHIỆM" in texts
    assert texts[texts.index("IV. BÀI HỌC KINH NGHIỆM") + 1].startswith("(Nội dung phần này do")
    compliance = next(t for t in document.tables if t.rows[0].cells[0].text == "Năm")
    assert [c.text for c in compliance.rows[4].cells][:5] == ["2024", "7", "0", "5", "2"]


def test_a_year_of_the_phase_puts_predecessors_on_their_successors_line():
    """Two departments merged into one in 2025: in 2021 the phase summary's line of the successor carries both
    (one sent all its reports, the other none: some), and their products added up."""
    agency = {"status": "on_time", "expected": 4, "submitted": 4, "late": 0}
    figures = {
        "agencies": [
            {**agency, "id": 1, "code": "SDL", "items": 30},
            {**agency, "id": 2, "code": "SVHTT", "items": 12, "status": "missing", "submitted": 0},
            {**agency, "id": 3, "code": "BLC", "items": 7, "expected": 0},
        ],
        "completeness": {"expected": 8, "on_time": 4, "late": 0, "missing": 4, "agencies": 2},
        "honourees": [{"name": "X", "category": "Mô hình mới"}],
    }
    part = compilation.year_part(calendar.year_window(2021), figures, {1: "SVHTTDL", 2: "SVHTTDL"})
    assert part["agencies"] == {"SVHTTDL": ["partial", 42], "BLC": [None, 7]}
    # The year's counts are over the same lines as the annex: one agency due (the successor), sent some.
    assert part["reporting"] == {"due": 1, "sent": 1, "on_time": 0, "late": 0, "partial": 1, "none": 0}
    late = [{**agency, "id": 1, "code": "SDL", "items": 1}, {**agency, "id": 2, "code": "SVHTT", "items": 1}]
    late[1]["status"] = "late"
    figures["agencies"] = late
    part = compilation.year_part(calendar.year_window(2021), figures, {1: "SVHTTDL", 2: "SVHTTDL"})
    assert part["agencies"] == {"SVHTTDL": ["complete", 2]}
    assert part["reporting"] == {"due": 1, "sent": 1, "on_time": 0, "late": 1, "partial": 0, "none": 0}
    assert part["honourees"] == [["Mô hình mới", 1]]
    assert (part["code"], part["label"]) == ("2021-Y", "năm 2021")


def test_progress_is_written_at_most_every_interval(province, reviewer):
    """A step less than PROGRESS_INTERVAL after the last write is not written (a quarter's run takes a fraction
    of a second); a later one is, and only for this run's token."""
    compiled = compilation.compiled_report_request(period=period("2024-Q2"), user=reviewer, enqueue=False)
    CompiledReport.objects.filter(pk=compiled.pk).update(status="running", progress=5, run_token=RUN_TOKEN)
    now = [100.0]
    progress = compilation._Progress(compiled.pk, RUN_TOKEN, since=100.0, clock=lambda: now[0])

    def seen_after(at, value):
        now[0] = at
        progress(value)
        return CompiledReport.objects.get(pk=compiled.pk).progress

    assert seen_after(100.0 + compilation.PROGRESS_INTERVAL / 2, 40) == 5
    assert seen_after(100.0 + compilation.PROGRESS_INTERVAL, 70) == 70
    assert seen_after(100.0 + compilation.PROGRESS_INTERVAL * 1.5, 80) == 70
    assert seen_after(100.0 + compilation.PROGRESS_INTERVAL * 2.5, 95) == 95
    other = compilation._Progress(compiled.pk, uuid.uuid4(), since=0.0, clock=lambda: now[0])
    other(99)
    assert CompiledReport.objects.get(pk=compiled.pk).progress == 95


def test_the_agencies_texts_and_rows_are_kept_apart_and_put_back(
    province, reviewer, django_capture_on_commit_callbacks
):
    """A compile keeps the snapshot's narratives and agencies' rows compressed beside it (``full_snapshot`` puts
    them back); a version compiled before, with them in its snapshot, or with the narratives alone beside it
    (03/12/2026), still reads them, and issuing it keeps them apart."""
    compiled = _compile(django_capture_on_commit_callbacks, reviewer, signer_name="Nguyễn Văn A")
    assert "narratives" not in compiled.snapshot
    assert "agencies" not in compiled.snapshot
    full = compiled.full_snapshot()
    written = sum(len(full["narratives"][part]) for part in ("shortcomings", "next_tasks", "proposals"))
    assert written
    assert full["agencies"]
    assert all(row["code"] and row["status"] for row in full["agencies"])
    assert compiled.has_narratives
    assert {key: value for key, value in full.items() if key not in DETAIL_KEYS} == compiled.snapshot

    # As a version compiled before they were kept apart.
    CompiledReport.objects.filter(pk=compiled.pk).update(snapshot=full, detail=b"")
    compiled.refresh_from_db()
    assert compiled.has_narratives
    assert compiled.full_snapshot() == full
    compilation.compiled_report_issue(compiled=compiled, user=reviewer, number="125", day=datetime.date(2024, 6, 20))
    compiled.refresh_from_db()
    assert "narratives" not in compiled.snapshot
    assert "agencies" not in compiled.snapshot
    issued = compiled.full_snapshot()
    assert (issued["narratives"], issued["agencies"]) == (full["narratives"], full["agencies"])

    # As a version of 03/12/2026: the narratives alone beside the snapshot, the rows in it.
    earlier = zlib.compress(json.dumps(full["narratives"]).encode())
    with_rows = {key: value for key, value in full.items() if key != "narratives"}
    CompiledReport.objects.filter(pk=compiled.pk).update(snapshot=with_rows, detail=earlier)
    compiled.refresh_from_db()
    assert compiled.full_snapshot() == full


@pytest.mark.parametrize("earlier", [0, 3])
def test_a_request_reads_the_period_s_versions_once(province, reviewer, earlier, django_assert_num_queries):
    """The reviewer's roles, savepoint, the period locked, its versions (running ones, the latest's number and
    texts), the document defaults, the new row, release: whatever the number of earlier versions."""
    quarter = period("2024-Q2")
    for _ in range(earlier):
        done = compilation.compiled_report_request(period=quarter, user=reviewer, enqueue=False)
        CompiledReport.objects.filter(pk=done.pk).update(status=CompiledReport.Status.DONE, lessons="Bài học riêng.")
    user = type(reviewer).objects.get(pk=reviewer.pk)  # its roles not yet read
    with django_assert_num_queries(7):
        compiled = compilation.compiled_report_request(period=quarter, user=user, enqueue=False)
    assert compiled.version == earlier + 1
    # The latest version's texts are the new one's (none before the first).
    assert compiled.lessons == ("Bài học riêng." if earlier else "")


def test_a_compile_runs_with_the_collector_paused_and_resumes_it(province, reviewer, monkeypatch):
    import gc

    seen = []
    build = compilation.build_docx
    monkeypatch.setattr(compilation, "build_docx", lambda snapshot: seen.append(gc.isenabled()) or build(snapshot))
    compiled = compilation.compiled_report_request(period=period("2024-Q2"), user=reviewer, enqueue=False)
    compiled = compilation.compiled_report_run(compiled_report_id=compiled.pk)
    assert compiled.status == "done", compiled.error
    assert seen == [False]
    assert gc.isenabled()
