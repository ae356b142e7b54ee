"""The Celery application.

With REDIS_URL set, tasks go through Redis to a worker (`make worker`); without
it, settings make Celery run every task in-process (the embedded default).
"""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")

app = Celery("thidua")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


@app.on_after_configure.connect
def _schedule_outbox(sender, **kwargs):
    # core.outbox: jobs that could not be queued while Redis was down are sent every minute.
    sender.add_periodic_task(60.0, sender.signature("core.flush_outbox"), name="core.flush_outbox")
