import datetime
import io

import pytest
from django.core.management import CommandError, call_command

from campaigns.services import plan_copy_to_phase
from reports.models import ReportingPeriod


def test_generate_periods_for_a_year_beyond_the_plan_needs_the_next_phase(plan_data):
    # 2026 is not the 2021–2025 plan's: refused until the plan is copied to 2026–2030 (issue 14 §6).
    with pytest.raises(CommandError, match="No plan covers 2026"):
        call_command("generate_periods", "--year", "2026", stdout=io.StringIO())
    assert not ReportingPeriod.objects.filter(year=2026).exists()
    next_phase = plan_copy_to_phase(plan=plan_data)  # makes the periods of 2026–2030
    call_command("generate_periods", "--year", "2026", stdout=io.StringIO())
    periods = ReportingPeriod.objects.filter(year=2026)
    assert periods.count() == 19 + 1  # the months, quarters, halves and year, and the 2026–2030 phase
    assert {p.plan_id for p in periods} == {next_phase.pk}
    # Tết Bính Ngọ (16–20/02/2026): the February cut-off on Saturday 14 is due on Tuesday 24.
    assert ReportingPeriod.objects.get(code="2026-M02").deadline == datetime.date(2026, 2, 24)


def test_generate_periods_refuses_a_silly_year(plan_data):
    with pytest.raises(CommandError):
        call_command("generate_periods", "--year", "1850", stdout=io.StringIO())
