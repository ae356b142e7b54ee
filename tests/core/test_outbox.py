"""The transactional outbox: jobs are sent after commit, kept while the broker is down, sent once when it is back."""

import time

import pytest
from celery import Celery
from django.db import connection, transaction

from core import outbox
from core.models import OutboxMessage
from tests.faults.services import RedisServer, free_port

pytestmark = pytest.mark.django_db

QUEUE = "celery"


def make_app(broker_url, *, eager=False):
    app = Celery("outbox-test", broker=broker_url, set_as_current=False)
    app.conf.task_always_eager = eager
    app.conf.broker_connection_retry_on_startup = False
    ran = []

    @app.task(name="tests.outbox.record", shared=False)
    def record(*, report_id):
        ran.append(report_id)

    return app, record, ran


@pytest.fixture
def redis_server():
    server = RedisServer().start()
    yield server
    server.stop()


@pytest.fixture(autouse=True)
def _closed_circuit():
    outbox._broker_down_until = 0.0
    yield
    outbox._broker_down_until = 0.0


def queued(server):
    return server.client().llen(QUEUE)


def test_eager_mode_runs_the_task_on_commit_without_an_outbox_row(django_capture_on_commit_callbacks):
    _app, task, ran = make_app("memory://", eager=True)
    with django_capture_on_commit_callbacks(execute=True):
        outbox.enqueue(task, report_id=7)
        assert ran == []  # not before the commit
    assert ran == [7]
    assert not OutboxMessage.objects.exists()


def test_job_is_sent_after_commit_and_marked_sent(redis_server, django_capture_on_commit_callbacks):
    _app, task, _ran = make_app(redis_server.url)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        message = outbox.enqueue(task, report_id=1)
        assert queued(redis_server) == 0
    assert OutboxMessage.objects.get(pk=message.pk).sent_at is None
    for callback in callbacks:
        callback()

    message.refresh_from_db()
    assert message.sent_at is not None
    assert message.task_name == "tests.outbox.record"
    assert message.kwargs == {"report_id": 1}
    assert queued(redis_server) == 1


def test_rolled_back_transaction_leaves_no_job(redis_server, django_capture_on_commit_callbacks):
    _app, task, _ran = make_app(redis_server.url)

    def enqueue_then_fail():
        with transaction.atomic():
            outbox.enqueue(task, report_id=1)
            raise RuntimeError

    with django_capture_on_commit_callbacks(execute=True), pytest.raises(RuntimeError):
        enqueue_then_fail()
    assert not OutboxMessage.objects.exists()
    assert queued(redis_server) == 0


def test_broker_down_keeps_the_jobs_fast_and_sends_each_once_when_it_is_back(django_capture_on_commit_callbacks):
    port = free_port()
    app, task, _ran = make_app(f"redis://127.0.0.1:{port}/0")
    started = time.monotonic()
    with django_capture_on_commit_callbacks(execute=True):
        outbox.enqueue(task, report_id=1)
    with django_capture_on_commit_callbacks(execute=True):
        outbox.enqueue(task, report_id=2)
    assert time.monotonic() - started < 2  # the clerk's request does not wait for a dead Redis

    pending = list(OutboxMessage.objects.pending().order_by("pk"))
    assert [m.kwargs["report_id"] for m in pending] == [1, 2]
    assert "ConnectionRefusedError" in pending[0].last_error or "Error" in pending[0].last_error

    server = RedisServer(port=port).start()
    try:
        assert outbox.flush_outbox(app=app) == 2
        assert outbox.flush_outbox(app=app) == 0
        assert queued(server) == 2
        assert not OutboxMessage.objects.pending().exists()
    finally:
        server.stop()


def test_flush_with_broker_still_down_keeps_everything_pending(django_capture_on_commit_callbacks):
    app, task, _ran = make_app(f"redis://127.0.0.1:{free_port()}/0")
    with django_capture_on_commit_callbacks(execute=True):
        outbox.enqueue(task, report_id=1)
        outbox.enqueue(task, report_id=2)
    assert outbox.flush_outbox(app=app) == 0
    assert OutboxMessage.objects.pending().count() == 2
    assert OutboxMessage.objects.get(kwargs__report_id=1).attempts == 2


def test_first_send_after_an_outage_brings_the_kept_jobs(redis_server, django_capture_on_commit_callbacks):
    _app, task, _ran = make_app(redis_server.url)
    OutboxMessage.objects.create(task_name="tests.outbox.record", kwargs={"report_id": 1}, attempts=3)
    with django_capture_on_commit_callbacks(execute=True):
        outbox.enqueue(task, report_id=2)
    assert not OutboxMessage.objects.pending().exists()
    assert queued(redis_server) == 2


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_a_row_claimed_by_another_flusher_is_skipped_not_sent_twice(redis_server):
    if connection.vendor != "postgresql":
        pytest.skip("SKIP LOCKED needs PostgreSQL")
    import psycopg2

    app, _task, _ran = make_app(redis_server.url)
    message = OutboxMessage.objects.create(task_name="tests.outbox.record", kwargs={"report_id": 1})
    settings = connection.settings_dict
    other = psycopg2.connect(
        host=settings["HOST"], port=settings["PORT"] or 5432, user=settings["USER"],
        password=settings["PASSWORD"], dbname=settings["NAME"],
    )  # fmt: skip
    try:
        with other.cursor() as cursor:
            cursor.execute("SELECT id FROM core_outboxmessage WHERE id = %s FOR UPDATE", [message.pk])
            assert outbox.flush_outbox(app=app) == 0  # another flusher holds it
        other.rollback()
        assert outbox.flush_outbox(app=app) == 1
    finally:
        other.close()
    assert queued(redis_server) == 1
