import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from reports import selectors
from tests.factories import AgencyFactory
from tests.reports.factories import PeriodFactory, ReportFactory

D = datetime.date


def _at(day):
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(16, 0)))


@pytest.fixture
def past_period(plan):
    """A quarter whose deadline passed on 10/06/2099 (dates in the future keep the wall clock out)."""
    return PeriodFactory(
        plan=plan, number=2, start=D(2099, 3, 15), end=D(2099, 6, 8), deadline=D(2099, 6, 10), lock_date=D(2099, 7, 1)
    )


def test_board_cells_and_rates(plan, past_period):
    on_time = AgencyFactory(code="ON", name="A đúng hạn")
    late = AgencyFactory(code="LATE", name="B chậm")
    AgencyFactory(code="MISS", name="C chưa gửi")
    draft = AgencyFactory(code="DRAFT", name="D dự thảo")
    AgencyFactory(code="GONE", name="E đã giải thể", active_until=D(2099, 1, 1))
    AgencyFactory(code="MONTHLY", name="F báo cáo tháng", report_frequency="month")
    ReportFactory(agency=on_time, period=past_period, status="accepted", submitted_at=_at(D(2099, 6, 10)))
    ReportFactory(
        agency=late, period=past_period, status="returned", return_reason="x", submitted_at=_at(D(2099, 6, 11))
    )
    ReportFactory(agency=draft, period=past_period, status="draft")
    board = selectors.completeness_board(year=2099, frequency="quarter", today=D(2099, 6, 12))
    states = {agency.code: cells[0] for agency, cells in board.rows}
    assert states == {"ON": "on_time", "LATE": "late", "MISS": "missing", "DRAFT": "missing", "GONE": "not_expected"}
    rate = board.rates[0]
    assert (rate.expected, rate.received, rate.on_time) == (4, 2, 1)
    assert (rate.reporting_rate, rate.on_time_rate) == (50, 25)


def test_board_judges_the_deadline_by_the_local_date_of_sending(plan, past_period):
    """23:30 in Lào Cai on the deadline day is on time; 00:30 the next day is late, though still the
    deadline day in UTC."""
    hanoi = datetime.timezone(datetime.timedelta(hours=7))
    just_in = AgencyFactory(code="IN", name="A kịp")
    just_out = AgencyFactory(code="OUT", name="B trễ")
    ReportFactory(
        agency=just_in,
        period=past_period,
        status="submitted",
        submitted_at=datetime.datetime(2099, 6, 10, 23, 30, tzinfo=hanoi),
    )
    ReportFactory(
        agency=just_out,
        period=past_period,
        status="submitted",
        submitted_at=datetime.datetime(2099, 6, 11, 0, 30, tzinfo=hanoi),
    )
    board = selectors.completeness_board(year=2099, frequency="quarter", today=D(2099, 6, 12))
    states = {agency.code: cells[0] for agency, cells in board.rows}
    assert states == {"IN": "on_time", "OUT": "late"}
    late = {
        agency.code: state
        for agency, state, _report in selectors.late_agencies(period=past_period, today=D(2099, 6, 12))
    }
    assert late == {"OUT": "late"}


def test_before_the_deadline_nothing_is_missing(plan, past_period):
    AgencyFactory(code="X")
    board = selectors.completeness_board(year=2099, frequency="quarter", today=D(2099, 6, 10))
    assert board.rows[0][1] == ["not_due"]
    assert board.rates[0].reporting_rate is None


def test_board_filters_by_kind_and_unit(plan, past_period):
    press = AgencyFactory(code="P", kind="press")
    AgencyFactory(code="Q", kind="department")
    board = selectors.completeness_board(year=2099, frequency="quarter", kind="press", today=D(2099, 6, 12))
    assert [a.pk for a, _ in board.rows] == [press.pk]
    board = selectors.completeness_board(year=2099, frequency="quarter", unit=press.unit_id, today=D(2099, 6, 12))
    assert [a.pk for a, _ in board.rows] == [press.pk]


def test_late_list_puts_missing_first(plan, past_period):
    late = AgencyFactory(code="LATE", name="A chậm")
    missing = AgencyFactory(code="MISS", name="Z chưa gửi")
    fine = AgencyFactory(code="OK")
    ReportFactory(agency=late, period=past_period, status="submitted", submitted_at=_at(D(2099, 6, 12)))
    ReportFactory(agency=fine, period=past_period, status="submitted", submitted_at=_at(D(2099, 6, 9)))
    rows = selectors.late_agencies(period=past_period, today=D(2099, 6, 13))
    assert [(a.code, state) for a, state, _ in rows] == [("MISS", "missing"), ("LATE", "late")]
    assert missing.pk == rows[0][0].pk


def test_clerk_home_current_period_is_the_earliest_not_yet_due(plan, agency_a):
    q1 = PeriodFactory(
        plan=plan, number=1, start=D(2098, 12, 15), end=D(2099, 3, 14), deadline=D(2099, 3, 17), lock_date=D(2099, 4, 1)
    )
    q2 = PeriodFactory(
        plan=plan, number=2, start=D(2099, 3, 15), end=D(2099, 6, 14), deadline=D(2099, 6, 16), lock_date=D(2099, 7, 1)
    )
    # On 16/03 the first quarter is still due; on 18/03 the second one is current and the first is overdue.
    home = selectors.clerk_home(agency_a, today=D(2099, 3, 16))
    assert (home.period, home.days_left, home.overdue) == (q1, 1, [])
    home = selectors.clerk_home(agency_a, today=D(2099, 3, 18))
    assert (home.period, home.overdue) == (q2, [q1])
    ReportFactory(agency=agency_a, period=q1, status="submitted", submitted_at=_at(D(2099, 3, 18)))
    assert selectors.clerk_home(agency_a, today=D(2099, 3, 18)).overdue == []


def test_unfiltered_board_selects_show_the_year_and_frequency_it_shows(client, reviewer, plan, past_period):
    client.force_login(reviewer)
    response = client.get(reverse("reports:board"))
    form = response.context["form"]
    assert form["year"].value() == response.context["year"]
    assert form["frequency"].value() == "quarter"
