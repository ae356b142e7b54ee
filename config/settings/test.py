"""Fast settings for the test suite.

DATABASE_URL and REDIS_URL still apply, so the same suite runs on SQLite or on
PostgreSQL; unit tests run Celery tasks eagerly, and the tests marked
``celery_worker`` start a real worker against REDIS_URL themselves.
"""

import warnings

from .base import *  # noqa: F403
from .base import INSTALLED_APPS, env

DEBUG = False
SECRET_KEY = "test-only-key"  # noqa: S105
ALLOWED_HOSTS = ["testserver", "127.0.0.1", "localhost"]
# The benchmark app: its `seed_scale` command loads the synthetic data some tests and the fault tests use.
INSTALLED_APPS = [*INSTALLED_APPS, "bench"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
CELERY_TASK_ALWAYS_EAGER = True
CELERY_BROKER_URL = env.str("REDIS_URL", default="") or "memory://"
STORAGES = {
    **STORAGES,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
MEDIA_ROOT = env.path("TEST_MEDIA_ROOT", default=BASE_DIR / ".test-media")
AXES_ENABLED = True
LOGGING = {"version": 1, "disable_existing_loggers": False, "root": {"level": "WARNING"}}

warnings.simplefilter("error", RuntimeWarning)
warnings.filterwarnings(
    "error", category=DeprecationWarning, module="(core|agencies|campaigns|honourees|reports|province)"
)

# Serve static files from the app folders without collectstatic.
WHITENOISE_AUTOREFRESH = True
WHITENOISE_USE_FINDERS = True

# The compiled report's PDF (LibreOffice, seconds a conversion): only the tests that check it turn it on.
REPORTS_COMPILE_PDF = False
