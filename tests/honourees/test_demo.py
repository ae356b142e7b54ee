import datetime
from collections import Counter

import pytest
from django.utils import timezone

from honourees.models import Commendation, Honouree

pytestmark = pytest.mark.django_db


def test_seed_demo_adds_honourees_through_the_flow(demo_media):
    # Running it twice changes nothing: tests/reports/test_demo.py counts the honourees too.
    published = Honouree.objects.published()
    assert published.count() == 4
    assert all(h.events.filter(action="publish").exists() for h in published)
    assert Commendation.objects.exists()
    assert Honouree.objects.count() == 8


def test_seed_demo_has_an_honouree_at_every_stage_on_dates_of_its_own(demo_media):
    statuses = Counter(Honouree.objects.values_list("status", flat=True))
    assert statuses == {"published": 4, "verified": 1, "proposed": 1, "needs_info": 1, "rejected": 1}
    rejected = Honouree.objects.get(status="rejected")
    assert rejected.events.get(action="reject").reason
    assert Honouree.objects.get(status="needs_info").events.get(action="request_info").reason
    # Each proposal dated as the demo lived it: the oldest long ago, the officer's steps a week apart.
    today = timezone.localdate()
    proposed = {h.name: timezone.localdate(h.events.get(action="propose").at) for h in Honouree.objects.all()}
    assert min(proposed.values()) < today - datetime.timedelta(days=365)
    assert max(proposed.values()) < today
    verified = Honouree.objects.get(name="Nguyễn Thị Hương")
    step = verified.events.get(action="verify").at - verified.events.get(action="propose").at
    assert step.days == 7
