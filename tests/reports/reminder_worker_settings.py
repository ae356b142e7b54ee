"""Settings of the Celery workers that ``test_reminders_worker`` starts: e-mails written as files to count."""

import os

from tests.reports.worker_settings import *  # noqa: F403

EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
EMAIL_FILE_PATH = os.environ["THIDUA_EMAIL_DIR"]
