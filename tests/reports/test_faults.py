"""With Redis down, a clerk can still save and submit (SPEC §6, faults)."""

import pytest
import redis
from django.core.cache import caches
from django.urls import reverse

from reports.forms import cell_name
from reports.models import ActivityReport

DEAD_REDIS = "redis://127.0.0.1:6399/1"  # nothing listens there


def test_clerk_saves_and_submits_with_redis_down(client, clerk_a, report_a, metrics, themes, settings):
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": DEAD_REDIS}}
    settings.CELERY_BROKER_URL = DEAD_REDIS
    # The cache really is the dead Redis (the settings fixture resets the cache handler).
    with pytest.raises(redis.exceptions.ConnectionError):
        caches["default"].get("anything")

    client.force_login(clerk_a)
    data = {"version": "1", "results": "Vẫn lưu được", cell_name(metrics[0].pk, themes[0].pk): "4"}
    assert client.post(reverse("reports:report_edit", args=[report_a.pk]), data).status_code == 302
    assert client.post(reverse("reports:report_submit", args=[report_a.pk])).status_code == 302
    report_a.refresh_from_db()
    assert (report_a.status, report_a.results) == (ActivityReport.Status.SUBMITTED, "Vẫn lưu được")
