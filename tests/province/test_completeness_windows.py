"""Completeness over a window counts each period an agency owed, not one verdict over the whole window.

Hand-computed on a small province (2024; every report accepted, sent the day after its cut-off, so on time,
or five days after its deadline, so late):

- M, monthly: eleven months of twelve (no July), March late.
- Q, quarterly: all four quarters, Q2 late.
- N, quarterly, active from 01/07/2024: owes Q3 and Q4 only (Q2 ended before it existed); sends Q3.
- X, quarterly, active until 31/05/2024 (merged away): owes Q1 only (Q2 ended on 14/06, after it ceased);
  it may still report Q2, which it did: sent, not owed.
- V, not required to report: sends Q1 anyway, counted in the figures, never in the completeness.
"""

import datetime

import pytest

from agencies.models import Agency
from province import aggregation, dashboard
from reports import services
from tests.factories import AgencyFactory
from tests.province.compiled_data import add_report, make_plan, period

MONTHLY, QUARTERLY = Agency.Frequency.MONTHLY, Agency.Frequency.QUARTERLY


def _send(agency, code, *, late=False):
    p = period(code)
    day = p.deadline + datetime.timedelta(days=5) if late else p.end + datetime.timedelta(days=1)
    add_report(agency, code, "accepted", day, {}, {}, {})


@pytest.fixture
def province(db):
    make_plan()  # the 2023 and 2024 periods
    d = datetime.date
    agencies = {
        "M": AgencyFactory(code="W-M", name="M báo cáo tháng", report_frequency=MONTHLY),
        "Q": AgencyFactory(code="W-Q", name="Q báo cáo quý", report_frequency=QUARTERLY),
        "N": AgencyFactory(code="W-N", name="N thành lập 1/7", report_frequency=QUARTERLY, active_from=d(2024, 7, 1)),
        "X": AgencyFactory(code="W-X", name="X sáp nhập 31/5", report_frequency=QUARTERLY, active_until=d(2024, 5, 31)),
        "V": AgencyFactory(code="W-V", name="V tự nguyện", report_frequency=QUARTERLY, must_report=False),
    }
    for month in (1, 2, 3, 4, 5, 6, 8, 9, 10, 11, 12):
        _send(agencies["M"], f"2024-M{month:02d}", late=month == 3)
    for quarter in (1, 2, 3, 4):
        _send(agencies["Q"], f"2024-Q{quarter}", late=quarter == 2)
    _send(agencies["N"], "2024-Q3")
    _send(agencies["X"], "2024-Q1")
    _send(agencies["X"], "2024-Q2")
    _send(agencies["V"], "2024-Q1")
    services.accepted_totals_rebuild()
    return agencies


def _rows(result):
    return {a["code"][-1]: (a["status"], a["expected"], a["submitted"], a["late"]) for a in result["agencies"]}


def test_a_year_counts_every_period_each_agency_owed(province):
    result = aggregation.aggregate(period("2024-Y"))
    # M 12 owed: 10 on time, 1 late, 1 missing; Q 4: 3 on time, 1 late; N 2: 1 on time, 1 missing; X 1: on time.
    assert result["completeness"] == {"expected": 19, "on_time": 15, "late": 2, "missing": 2, "agencies": 4}
    assert _rows(result) == {
        "M": ("missing", 12, 11, 1),
        "Q": ("late", 4, 4, 1),
        "N": ("missing", 2, 1, 0),
        "X": ("on_time", 1, 2, 0),  # its Q2 report was sent, not owed
        "V": ("on_time", 0, 1, 0),  # a row for its figures, outside the completeness
    }


def test_a_half_year_owes_only_what_ended_in_it(province):
    result = aggregation.aggregate(period("2024-H1"))
    # M six months (March late), Q two quarters (Q2 late), X Q1; N did not exist yet.
    assert result["completeness"] == {"expected": 9, "on_time": 7, "late": 2, "missing": 0, "agencies": 3}
    assert "N" not in _rows(result)


def test_a_quarter_counts_a_monthly_agency_three_times_and_a_ceased_one_not_at_all(province):
    q2 = aggregation.aggregate(period("2024-Q2"))
    # M April to June, Q2 of Q (late); X ceased before 14/06: its report is kept, not owed.
    assert q2["completeness"] == {"expected": 4, "on_time": 3, "late": 1, "missing": 0, "agencies": 2}
    assert _rows(q2)["X"] == ("on_time", 0, 1, 0)
    q3 = aggregation.aggregate(period("2024-Q3"))
    # M owes July (missing), August, September; Q and N their Q3.
    assert q3["completeness"] == {"expected": 5, "on_time": 4, "late": 0, "missing": 1, "agencies": 3}


def test_the_dashboard_rates_are_those_of_the_periods_owed(province):
    data = dashboard.dashboard(period("2024-Y"))
    assert data["reporting_rate"] == round(17 * 100 / 19, 1)
    assert data["on_time_rate"] == round(15 * 100 / 19, 1)
