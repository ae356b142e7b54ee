"""Settings of the real Celery workers the ``celery_worker`` tests start: the test settings, tasks through Redis."""

import os

from config.settings.test import *  # noqa: F403

CELERY_TASK_ALWAYS_EAGER = False
CELERY_BROKER_URL = os.environ["REDIS_URL"]
# The second worker of the kill test restores the dead worker's unacknowledged
# message after this many seconds instead of an hour.
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "visibility_timeout": int(os.environ.get("THIDUA_VISIBILITY_TIMEOUT", "3600")),
    # Look for such messages every second (kombu's default: every 10 × 10 s).
    "unacked_restore_interval": 1,
    "unacked_restore_throttle": 1,
}
# With THIDUA_EMAIL_DIR, e-mails are written there as files, one each, for the test to count.
if os.environ.get("THIDUA_EMAIL_DIR"):
    EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
    EMAIL_FILE_PATH = os.environ["THIDUA_EMAIL_DIR"]
LOGGING = {"version": 1, "disable_existing_loggers": False, "root": {"level": "INFO"}}
