"""seed_scale gives the real agencies reports only for the periods they existed in, as the real data has them
(issue 14): the district committees up to 30/06/2025, the 99 commune-level committees from 01/07/2025."""

import io

import pytest
from django.core.management import call_command
from django.db.models import F, Q

from agencies.models import Agency
from reports.models import ActivityReport


@pytest.fixture(autouse=True)
def debug_on(settings):
    settings.DEBUG = True  # seed_scale makes users with a published password: DEBUG only (or a flag)


@pytest.mark.django_db
def test_the_real_agencies_report_only_while_they_exist(plan_data):
    # Every real reporting agency and one synthetic; the real plan's first year (2021) and 2026 up to today.
    real = Agency.objects.reporting().count()
    call_command("seed_scale", f"--agencies={real + 1}", "--years=1", "--today=2026-11-28", stdout=io.StringIO())
    reports = ActivityReport.objects.all()
    outside = reports.filter(
        Q(agency__active_from__gt=F("period__end")) | Q(agency__active_until__lt=F("period__start"))
    )
    assert outside.count() == 0
    communes = reports.filter(agency__kind=Agency.Kind.COMMUNE_COMMITTEE)
    assert Agency.objects.filter(kind=Agency.Kind.COMMUNE_COMMITTEE, must_report=True).count() == 99
    assert not communes.filter(period__year=2021).exists()
    assert communes.filter(period__year=2026).values("agency").distinct().count() > 90
    districts = reports.filter(agency__kind=Agency.Kind.DISTRICT_COMMITTEE)
    assert districts.filter(period__year=2021).exists()
    assert not districts.filter(period__year=2026).exists()
