"""Core Celery tasks: sending the outbox's pending jobs (see ``core.outbox``)."""

from celery import shared_task
from celery.signals import worker_ready

from . import outbox


@shared_task(name="core.flush_outbox")
def flush_outbox():
    return outbox.flush_outbox()


@worker_ready.connect
def _flush_when_a_worker_starts(sender=None, **kwargs):
    # Jobs kept while Redis was down go out as soon as a worker is up again;
    # queued through the broker so the worker's main process never touches the database.
    flush_outbox.delay()
