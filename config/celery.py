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
