import datetime
import io

import pytest
from django.core.management import CommandError, call_command

from reports.models import ReportingPeriod


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
