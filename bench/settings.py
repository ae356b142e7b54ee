"""Settings of ``make bench``: production-like (DEBUG off, persistent connections), tasks in-process.

PostgreSQL when DATABASE_URL is set; otherwise a SQLite file of its own
(``.bench.sqlite3``), never the developer's ``db.sqlite3``.
"""

import os
import tempfile
from pathlib import Path

if not os.environ.get("DATABASE_URL"):
    os.environ["DATABASE_URL"] = f"sqlite:///{Path(__file__).resolve().parent.parent / '.bench.sqlite3'}"

from config.settings.base import *  # noqa: F403
from config.settings.base import DATABASES, INSTALLED_APPS, env

DEBUG = False
SECRET_KEY = "bench-only-key-" + "x" * 40
ALLOWED_HOSTS = ["testserver", "127.0.0.1", "localhost"]
INSTALLED_APPS = [*INSTALLED_APPS, "bench"]
ROOT_URLCONF = "bench.urls"
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # signing in is not what is measured
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
CELERY_TASK_ALWAYS_EAGER = True
CELERY_BROKER_URL = "memory://"
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
MEDIA_ROOT = env.path("BENCH_MEDIA_ROOT", default=os.path.join(tempfile.gettempdir(), "thidua-bench-media"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True
AXES_ENABLED = False
LOGGING = {"version": 1, "disable_existing_loggers": False, "root": {"level": "ERROR"}}
# The compile is measured without its PDF (LibreOffice, an external process taking seconds): the bench renders
# each compiled DOCX to PDF once, on its own, and reports that time and the page count.
REPORTS_COMPILE_PDF = False

# The 3G measure (bench/network.py) serves the static files as production does: collected and compressed.
if os.environ.get("BENCH_STATIC_ROOT"):
    STATIC_ROOT = os.environ["BENCH_STATIC_ROOT"]
    STORAGES["staticfiles"] = {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"}
    WHITENOISE_USE_FINDERS = False
