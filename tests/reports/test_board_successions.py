"""The completeness board carries predecessors on their successors' lines, as the aggregation does (issue 14 §2).

Hand-computed on a small province, monthly reporting, months M01–M04 of 2025 (each month's deadline five days
after its end), looked at on 20/05/2025, and one month of 2024 (M12):

- T "Sở Thông tin (thử)", ic_department, ended 28/02/2025, merged into K on 01/03/2025 (main link).
- K "Sở Khoa học (thử)", department, existed all along. Z "Sở Cũ (thử)" ended 30/06/2024, merged into K on
  01/07/2024: it owed and sent nothing in 2024-M12 or 2025, so K's line does not name it.
- L "Sở Lao động (thử)", ended 28/02/2025, split into N (main) and Y.
- N "Sở Nội vụ (thử)", home_affairs. Y "Sở Y tế (thử)", department: sends nothing.

Reports (on time = by the deadline): T M01 on time, M02 late; K M01–M03 on time, M04 none; L M01 none,
M02 on time; N M01–M03 on time, M04 late; T and K 2024-M12 on time.

2025 board:
- K's line "Sở Khoa học (thử) (gồm Sở Thông tin (thử) trước 01/03/2025)": M01 T on time + K on time = on
  time; M02 T late + K on time = late; M03 K on time (T ended) = on time; M04 K missing = missing.
- N's line "Sở Nội vụ (thử) (gồm Sở Lao động (thử) trước 01/03/2025)": M01 L missing + N on time = missing;
  M02 on time; M03 on time; M04 late.
- Y: missing × 4. No line for T, L or Z.
- Rates, each agency and month owed counted once: M01 owed by T, K, L, N, Y = 5, received T, K, N = 3, all
  on time; M02 owed 5, received T, K, L, N = 4, on time K, L, N = 3; M03 owed K, N, Y = 3, received 2, on
  time 2; M04 owed 3, received N = 1, on time 0.

2024 board (M12): T, before the merger, keeps its own line; K's line carries Z without naming it.
"""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from agencies.models import Agency, Succession
from reports import selectors
from tests.factories import AgencyFactory
from tests.reports.factories import PeriodFactory, ReportFactory

D = datetime.date
TODAY = D(2025, 5, 20)
K_LINE = "Sở Khoa học (thử) (gồm Sở Thông tin (thử) trước 01/03/2025)"
N_LINE = "Sở Nội vụ (thử) (gồm Sở Lao động (thử) trước 01/03/2025)"
MONTH_ENDS = {1: D(2025, 1, 31), 2: D(2025, 2, 28), 3: D(2025, 3, 31), 4: D(2025, 4, 30)}


def _month(plan, year, number, end):
    start = end.replace(day=1)
    deadline = end + datetime.timedelta(days=5)
    return PeriodFactory(
        plan=plan, kind="month", year=year, number=number, start=start, end=end, deadline=deadline, lock_date=deadline
    )


def _send(agency, period, *, late=False):
    day = period.deadline + datetime.timedelta(days=2 if late else -1)
    submitted_at = timezone.make_aware(datetime.datetime.combine(day, datetime.time(9, 0)))
    ReportFactory(agency=agency, period=period, status="accepted", submitted_at=submitted_at)


@pytest.fixture
def province(plan):
    months = {n: _month(plan, 2025, n, end) for n, end in MONTH_ENDS.items()}
    december = _month(plan, 2024, 12, D(2024, 12, 31))
    monthly = {"report_frequency": "month"}
    ended = D(2025, 2, 28)
    a = {
        "T": AgencyFactory(
            code="S-T", name="Sở Thông tin (thử)", kind=Agency.Kind.IC_DEPARTMENT, active_until=ended, **monthly
        ),
        "K": AgencyFactory(code="S-K", name="Sở Khoa học (thử)", **monthly),
        "Z": AgencyFactory(code="S-Z", name="Sở Cũ (thử)", active_until=D(2024, 6, 30), **monthly),
        "L": AgencyFactory(code="S-L", name="Sở Lao động (thử)", active_until=ended, **monthly),
        "N": AgencyFactory(code="S-N", name="Sở Nội vụ (thử)", kind=Agency.Kind.HOME_AFFAIRS, **monthly),
        "Y": AgencyFactory(code="S-Y", name="Sở Y tế (thử)", **monthly),
    }
    for predecessor, successor, kind, effective, main in (
        ("T", "K", Succession.Kind.MERGE, D(2025, 3, 1), True),
        ("Z", "K", Succession.Kind.MERGE, D(2024, 7, 1), True),
        ("L", "N", Succession.Kind.SPLIT, D(2025, 3, 1), True),
        ("L", "Y", Succession.Kind.SPLIT, D(2025, 3, 1), False),
    ):
        Succession.objects.create(
            predecessor=a[predecessor], successor=a[successor], kind=kind, effective=effective, main=main
        )
    _send(a["T"], months[1])
    _send(a["T"], months[2], late=True)
    for n in (1, 2, 3):
        _send(a["K"], months[n])
    _send(a["L"], months[2])
    for n in (1, 2, 3):
        _send(a["N"], months[n])
    _send(a["N"], months[4], late=True)
    _send(a["T"], december)
    _send(a["K"], december)
    return a


def _rows(board):
    return {agency.name: cells for agency, cells in board.rows}


def test_a_years_board_puts_the_merged_and_the_split_agencies_on_their_successors_lines(
    province, django_assert_num_queries
):
    # Periods, agencies, successions, reports: the successions are read once, not once a row.
    with django_assert_num_queries(4):
        board = selectors.completeness_board(year=2025, frequency="month", today=TODAY)
    assert _rows(board) == {
        K_LINE: ["on_time", "late", "on_time", "missing"],
        N_LINE: ["missing", "on_time", "on_time", "late"],
        "Sở Y tế (thử)": ["missing"] * 4,
    }
    assert [agency.code for agency, _cells in board.rows] == ["S-K", "S-N", "S-Y"]
    assert [(r.expected, r.received, r.on_time) for r in board.rates] == [(5, 3, 3), (5, 4, 3), (3, 2, 2), (3, 1, 0)]


def test_before_the_merger_the_predecessor_keeps_its_own_line(province):
    board = selectors.completeness_board(year=2024, frequency="month", today=TODAY)
    rows = _rows(board)
    assert rows["Sở Thông tin (thử)"] == ["on_time"]
    assert rows["Sở Khoa học (thử)"] == ["on_time"]  # Z owed nothing that year: not named
    assert rows["Sở Lao động (thử)"] == ["missing"]
    assert "Sở Cũ (thử)" not in rows


def test_the_filters_follow_the_successors_kind(province):
    def codes(**filters):
        board = selectors.completeness_board(year=2025, frequency="month", today=TODAY, **filters)
        return [agency.code for agency, _cells in board.rows]

    assert codes(kind=Agency.Kind.IC_DEPARTMENT) == []  # T is on K's line, a department's
    assert codes(kind=Agency.Kind.DEPARTMENT) == ["S-K", "S-Y"]
    assert codes(kind=Agency.Kind.HOME_AFFAIRS) == ["S-N"]
    rates = selectors.completeness_board(year=2025, frequency="month", today=TODAY, kind="home_affairs").rates
    assert [(r.expected, r.received) for r in rates] == [(2, 1), (2, 2), (1, 1), (1, 1)]


def test_the_board_page_names_the_successors_line(client, reviewer, province):
    client.force_login(reviewer)
    response = client.get(reverse("reports:board"), {"year": 2025, "frequency": "month"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Sở Khoa học (thử) (gồm Sở Thông tin (thử) trước 01/03/2025)" in html
    assert ">Sở Thông tin (thử) <small" not in html
