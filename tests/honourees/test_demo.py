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


def test_seed_demo_has_exemplars_at_every_stage_of_the_pipeline(demo_media):
    """Found (every proposal), nurtured, published, commended, replicated and sent to the portals, all in the
    past year; the proposing clerks record support and replication, the officer the portals."""
    from honourees import selectors
    from honourees.models import NurtureAction, PortalDispatch, Replication

    today = timezone.localdate()
    counts = selectors.pipeline_in_period(today - datetime.timedelta(days=365), today)
    assert counts.nurtured >= 3
    assert counts.replicated >= 2
    assert counts.replication_units >= 2
    assert counts.coverage["households"] > 0
    assert counts.introduced >= 3
    assert Honouree.objects.filter(status="needs_info", nurture_actions__isnull=False).exists()
    assert not Honouree.objects.filter(status="proposed", nurture_actions__isnull=False).exists()  # found only
    assert {r.recorded_by.username for r in Replication.objects.select_related("recorded_by")} <= {
        "clerk.baolaocai",
        "clerk.batxat",
    }
    assert {d.recorded_by.username for d in PortalDispatch.objects.select_related("recorded_by")} == {"officer.snv"}
    road = Honouree.objects.get(name="Vàng Seo Chứ")
    loaded = selectors.staff_detail(Honouree.objects.all(), road.pk)
    timeline = selectors.pipeline_timeline(loaded)
    assert {entry.stage for entry in timeline} == set(selectors.STAGES)
    assert [entry.day for entry in timeline] == sorted(entry.day for entry in timeline)
    before = NurtureAction.objects.count()
    from honourees.demo import seed_demo_honourees

    assert seed_demo_honourees() == 0
    assert NurtureAction.objects.count() == before  # a second run adds nothing
