import io

import pytest
from django.core.management import call_command

from honourees.models import Commendation, Honouree


@pytest.mark.django_db
def test_seed_demo_adds_honourees_through_the_flow_once(plan_data, settings):
    settings.DEBUG = True
    call_command("seed_demo", stdout=io.StringIO())
    published = Honouree.objects.published()
    assert published.count() == 4
    assert all(h.events.filter(action="publish").exists() for h in published)
    assert Commendation.objects.exists()
    call_command("seed_demo", stdout=io.StringIO())
    assert Honouree.objects.count() == 6
