"""A transactional outbox for Celery jobs: a clerk can save and submit while Redis is down.

``enqueue(task, **kwargs)`` writes an ``OutboxMessage`` in the caller's
transaction and, once it commits, sends the job to the broker and marks the
row sent. When the broker cannot be reached the row stays pending and the
caller carries on: nothing is lost and nothing fails. ``flush_outbox()`` sends
the pending rows again; it runs every minute from Celery beat, when a worker
starts (``worker_ready``), and after any successful send (so the first job
queued once Redis is back brings the others with it).

No duplicates: a row is claimed with ``SELECT … FOR UPDATE SKIP LOCKED`` on
PostgreSQL (SQLite serialises writers anyway) and marked sent in the same
transaction, so two flushers never send the same row. A crash between the
broker accepting a job and the row being marked sent can still send it twice,
which is why every task must be idempotent (the tasks of this project claim
their work with a conditional UPDATE).

With ``CELERY_TASK_ALWAYS_EAGER`` (the embedded default, no broker) there is
no outbox: the task runs in-process when the transaction commits.
"""

import datetime
import logging
import socket
import time
from urllib.parse import urlsplit

from celery import current_app
from django.db import transaction
from django.utils import timezone

from .models import OutboxMessage

logger = logging.getLogger(__name__)

# After a failed send, skip the broker for this long: rows stay pending and
# requests do not each wait for a dead Redis.
BROKER_DOWN_SECONDS = 10
PROBE_TIMEOUT = 0.5
_broker_down_until = 0.0


def _app(app=None):
    # By default the project's Celery app (config.celery), the current one from Django's start
    # (config/__init__.py): core sits below config and does not import it.
    return app if app is not None else current_app


def enqueue(task, **kwargs):
    """Send ``task`` with ``kwargs`` (JSON-serialisable ids) once the current transaction commits.

    Side effects: one ``OutboxMessage`` row in the caller's transaction (none
    in eager mode, where the task runs in-process on commit); after the
    commit, one message to the broker and the row marked sent, or the row
    left pending when the broker cannot be reached. Returns the row (or None).
    """
    app = task.app
    if app.conf.task_always_eager:
        transaction.on_commit(lambda: task.apply_async(kwargs=kwargs))
        return None
    message = OutboxMessage.objects.create(task_name=task.name, kwargs=kwargs)
    transaction.on_commit(lambda: _send_after_commit(message.pk, app))
    return message


def _send_after_commit(pk, app):
    try:
        sent = _send_one(pk, app)
    except Exception:
        # Never let the outbox break the request that already committed.
        logger.exception("Outbox: sending message %s failed", pk)
        return
    if sent and OutboxMessage.objects.pending().exists():
        flush_outbox(app=app, limit=50)


def _send_one(pk, app):
    with transaction.atomic():
        message = OutboxMessage.objects.select_for_update(skip_locked=True).pending().filter(pk=pk).first()
        if message is None:
            return False  # already sent, or a flusher holds it
        return _publish(message, app)


def _publish(message, app):
    """Send a claimed row; mark it sent, or record the error and leave it pending. Returns whether it was sent."""
    global _broker_down_until
    if time.monotonic() < _broker_down_until:
        return False
    try:
        _probe(app)
        app.send_task(message.task_name, kwargs=message.kwargs, retry=False)
    except Exception as exc:
        _broker_down_until = time.monotonic() + BROKER_DOWN_SECONDS
        logger.warning("Outbox: broker unreachable, %s kept for later: %s", message.task_name, exc)
        OutboxMessage.objects.filter(pk=message.pk).update(
            attempts=message.attempts + 1, last_error=f"{type(exc).__name__}: {exc}"[:2000]
        )
        return False
    OutboxMessage.objects.filter(pk=message.pk).update(sent_at=timezone.now(), attempts=message.attempts + 1)
    return True


def _probe(app):
    """Fail fast when a redis:// broker refuses connections (redis-py would retry for seconds)."""
    url = urlsplit(app.conf.broker_url or "")
    if url.scheme not in ("redis", "rediss"):
        return
    with socket.create_connection((url.hostname or "127.0.0.1", url.port or 6379), timeout=PROBE_TIMEOUT):
        pass


def flush_outbox(*, app=None, limit=500):
    """Send the pending jobs, oldest first; returns how many were sent.

    Side effects: each claimed row is sent to the broker and marked sent, or
    its attempt and error recorded. Rows claimed by another flusher are
    skipped; sent rows older than a week are deleted.
    """
    global _broker_down_until
    app = _app(app)
    if app.conf.task_always_eager:
        return 0
    _broker_down_until = 0.0  # an explicit flush always tries the broker
    sent = 0
    with transaction.atomic():
        batch = list(OutboxMessage.objects.pending().select_for_update(skip_locked=True).order_by("pk")[:limit])
        for message in batch:
            if not _publish(message, app):
                break  # the broker is down: the rest stays pending
            sent += 1
    week_ago = timezone.now() - datetime.timedelta(days=7)
    OutboxMessage.objects.filter(sent_at__lt=week_ago).delete()
    if sent:
        logger.info("Outbox: %s pending job(s) sent", sent)
    return sent
