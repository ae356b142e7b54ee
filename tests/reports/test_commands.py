import datetime
import io

import pytest
from django.contrib.auth.models import Group
from django.core.management import CommandError, call_command
from django.utils import timezone

from agencies.models import User
from reports.demo import seed_demo_reports
from reports.models import ActivityReport, ReportingPeriod


def test_generate_periods_for_a_year_beyond_the_plan(plan_data):
    call_command("generate_periods", "--year", "2026", stdout=io.StringIO())
    call_command("generate_periods", "--year", "2026", stdout=io.StringIO())
    periods = ReportingPeriod.objects.filter(year=2026)
    assert periods.count() == 19
    assert {p.plan_id for p in periods} == {plan_data.pk}
    # Tết Bính Ngọ (16–20/02/2026): the February cut-off on Saturday 14 is due on Tuesday 24.
    assert ReportingPeriod.objects.get(code="2026-M02").deadline == datetime.date(2026, 2, 24)


def test_generate_periods_refuses_a_silly_year(plan_data):
    with pytest.raises(CommandError):
        call_command("generate_periods", "--year", "1850", stdout=io.StringIO())


def test_demo_reports_in_every_status_once(plan_data):
    reviewer = User.objects.create_user(username="reviewer.demo", password=None)
    reviewer.groups.add(Group.objects.get(name="reviewer"))
    seed_demo_reports()
    statuses = set(ActivityReport.objects.values_list("status", flat=True))
    count = ActivityReport.objects.count()
    seed_demo_reports()
    assert ActivityReport.objects.count() == count
    assert {"accepted", "returned", "submitted", "draft"} <= statuses
    assert ReportingPeriod.objects.filter(year=timezone.localdate().year).exists()
