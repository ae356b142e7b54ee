"""Settings for the servers the fault and load tests start (gunicorn, Celery workers).

The test settings (fast hasher, locmem e-mail, DEBUG off) with what production
has that matters under faults: Celery through Redis when REDIS_URL is set (not
eager), Django's cache in Redis, and persistent database connections with
health checks.
"""

from config.settings.test import *  # noqa: F403
from config.settings.test import DATABASES, env

REDIS_URL = env.str("REDIS_URL", default="")
CELERY_BROKER_URL = REDIS_URL or "memory://"
CELERY_TASK_ALWAYS_EAGER = not REDIS_URL
CACHES = {
    "default": (
        {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}
        if REDIS_URL
        else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    )
}
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
}
