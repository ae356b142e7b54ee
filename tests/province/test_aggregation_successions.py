"""History carried through successions: a predecessor's figures on its successor's line (issue 14 §2).

Hand-computed on a small province (every report accepted, sent the day after its period's end, so on time;
only HT1.articles, the primary metric, is reported):

- T "Sở Thông tin (thử)", ic_department, ended 28/02/2025: merged into K on 01/03/2025 and passed one
  function (a transfer) to V. 2024-Q4: 10 (ND1). 2025-Q1 (its January and February): 30 (ND1).
- K "Sở Khoa học (thử)", department, formed on 01/03/2025: 2025-Q1 5 (ND2), 2025-Q2 7 (ND1).
- L "Sở Lao động (thử)", department, ended 28/02/2025: split into N (main) and Y. 2025-Q1: 4 (ND3).
- N "Sở Nội vụ (thử)", home_affairs: 2025-Q2 2 (ND1). Y "Sở Y tế (thử)", department: 2025-Q2 3 (ND2).
- V "Sở Văn hóa (thử)", department: 2025-Q2 100 (ND1); the transfer from T moves none of T's figures.

2025-Q1 runs 15/12/2024 → 14/03/2025, so T and L (ended 28/02) may report it and owe nothing for it.

- 2025-Y (15/12/2024 → 14/12/2025): K's line "Sở Khoa học (thử) (gồm Sở Thông tin (thử) trước 01/03/2025)"
  30 + 5 + 7 = 42; N's line "Sở Nội vụ (thử) (gồm Sở Lao động (thử) trước 01/03/2025)" 4 + 2 = 6; Y 3; V 100.
  Province total 151. Kinds: department K + Y + V = 145, home_affairs 6, no ic_department. Owed: K, N, Y, V
  four quarters each = 16; sent on time 2 + 1 + 1 + 1 = 5; missing 11; four agencies.
- The phase 2021–2025 (ends 14/12/2025): K's line 10 + 30 + 5 + 7 = 52.
- 2024-Y: T is still itself: its own line, 10, in the ic_department group; K did not exist yet.
"""

import datetime

import pytest

from agencies import successions
from agencies.models import Agency, Succession
from campaigns.models import Plan
from province import aggregation, dashboard, reference, sql
from reports import calendar, services
from tests.factories import AgencyFactory
from tests.province.compiled_data import add_report, make_plan, period

MERGER = datetime.date(2025, 3, 1)
LAST_DAY = datetime.date(2025, 2, 28)
K_LINE = "Sở Khoa học (thử) (gồm Sở Thông tin (thử) trước 01/03/2025)"
N_LINE = "Sở Nội vụ (thử) (gồm Sở Lao động (thử) trước 01/03/2025)"


def _send(agency, code, theme, value, grid):
    day = period(code).end + datetime.timedelta(days=1)
    add_report(agency, code, "accepted", day, {("HT1.articles", theme): value}, *grid)


@pytest.fixture
def province(db):
    plan, metrics, themes = make_plan()
    calendar.generate_periods(plan=Plan.objects.get(pk=plan.pk), years=[2021, 2025])  # 2025 and the phase
    grid = (metrics, themes)
    kind = Agency.Kind
    a = {
        "T": AgencyFactory(code="S-T", name="Sở Thông tin (thử)", kind=kind.IC_DEPARTMENT, active_until=LAST_DAY),
        "K": AgencyFactory(code="S-K", name="Sở Khoa học (thử)", active_from=MERGER),
        "L": AgencyFactory(code="S-L", name="Sở Lao động (thử)", active_until=LAST_DAY),
        "N": AgencyFactory(code="S-N", name="Sở Nội vụ (thử)", kind=kind.HOME_AFFAIRS),
        "Y": AgencyFactory(code="S-Y", name="Sở Y tế (thử)"),
        "V": AgencyFactory(code="S-V", name="Sở Văn hóa (thử)"),
    }
    for predecessor, successor, succession_kind, main in (
        ("T", "K", Succession.Kind.MERGE, True),
        ("T", "V", Succession.Kind.TRANSFER, False),
        ("L", "N", Succession.Kind.SPLIT, True),
        ("L", "Y", Succession.Kind.SPLIT, False),
    ):
        Succession.objects.create(
            predecessor=a[predecessor], successor=a[successor], kind=succession_kind, effective=MERGER, main=main
        )
    _send(a["T"], "2024-Q4", "ND1", 10, grid)
    _send(a["T"], "2025-Q1", "ND1", 30, grid)
    _send(a["K"], "2025-Q1", "ND2", 5, grid)
    _send(a["K"], "2025-Q2", "ND1", 7, grid)
    _send(a["L"], "2025-Q1", "ND3", 4, grid)
    _send(a["N"], "2025-Q2", "ND1", 2, grid)
    _send(a["Y"], "2025-Q2", "ND2", 3, grid)
    _send(a["V"], "2025-Q2", "ND1", 100, grid)
    services.accepted_totals_rebuild()
    return a


def _lines(result):
    return {row["code"]: (row["name"], row["items"]) for row in result["agencies"]}


@pytest.mark.parametrize("include_unaccepted", [False, True], ids=["stored-sums", "figure-rows"])
def test_a_years_total_carries_the_merged_and_the_split_agencies_into_their_successors(
    province, include_unaccepted, django_assert_num_queries
):
    year = period("2025-Y")
    extra = 1 if include_unaccepted else 0  # the figure rows are read instead of the reports' sums
    with django_assert_num_queries(aggregation.QUERY_COUNT + extra):  # the successions: one query, not one a row
        result = aggregation.aggregate(year, include_unaccepted=include_unaccepted)
    assert _lines(result) == {
        "S-K": (K_LINE, 42),
        "S-N": (N_LINE, 6),
        "S-Y": ("Sở Y tế (thử)", 3),
        "S-V": ("Sở Văn hóa (thử)", 100),  # a transfer of a function moves no figure
    }
    k_line = next(row for row in result["agencies"] if row["code"] == "S-K")
    assert k_line["values"] == {"HT1.articles": 42}
    assert k_line["themes"] == {"ND1": 37, "ND2": 5}
    assert (k_line["expected"], k_line["submitted"], k_line["status"]) == (4, 3, "missing")
    kinds = {row["kind"]: row["items"] for row in result["agency_kinds"]}
    assert kinds == {"department": 145, "home_affairs": 6}
    articles = next(m for c in result["channels"] for m in c["metrics"] if m["key"] == "HT1.articles")
    assert articles["total"] == 151
    assert result["completeness"] == {"expected": 16, "on_time": 5, "late": 0, "missing": 11, "agencies": 4}


def test_the_phase_summary_puts_the_predecessors_whole_history_on_the_successors_line(province):
    lines = _lines(aggregation.aggregate(period("2021-2025")))
    assert lines["S-K"] == (K_LINE, 52)
    assert lines["S-N"] == (N_LINE, 6)
    assert not {"S-T", "S-L"} & set(lines)


def test_before_the_merger_the_predecessor_keeps_its_own_line(province):
    result = aggregation.aggregate(period("2024-Y"))
    lines = _lines(result)
    assert lines["S-T"] == ("Sở Thông tin (thử)", 10)
    assert lines["S-L"] == ("Sở Lao động (thử)", 0)  # owed 2024, sent nothing
    assert "S-K" not in lines
    kinds = {row["kind"]: row["items"] for row in result["agency_kinds"]}
    assert kinds == {"ic_department": 10, "department": 0, "home_affairs": 0}


def test_a_window_without_the_predecessor_names_the_successor_alone(province):
    # 2025-Q2: T and L neither owed nor sent anything in it.
    assert _lines(aggregation.aggregate(period("2025-Q2")))["S-K"] == ("Sở Khoa học (thử)", 7)
    assert _lines(aggregation.aggregate(period("2025-Q1")))["S-K"] == (K_LINE, 35)


def test_the_trend_and_comparisons_keep_the_predecessors_figures(province):
    result = aggregation.aggregate(period("2025-Q2"))
    articles = next(m for c in result["channels"] for m in c["metrics"] if m["key"] == "HT1.articles")
    # 2025-Q1: T 30 + K 5 + L 4; a year before (2024-Q2) nothing was reported.
    assert (articles["total"], articles["previous"], articles["year_before"]) == (112, 39, 0)
    trend = {row["code"]: row["items"] for row in dashboard.dashboard(period("2025-Q2"))["trend"]}
    assert (trend["2024-Q4"], trend["2025-Q1"], trend["2025-Q2"]) == (10, 39, 112)


def test_the_dashboards_heat_map_over_a_year_shows_the_successors_lines(province):
    data = dashboard.dashboard(period("2025-Y"))
    heat = {row["code"]: (row["name"], row["owed"], row["sent"], row["total"]) for row in data["heat"]}
    assert heat == {
        "S-K": (K_LINE, 4, 3, 42),  # K owed four quarters; sent: T its 2025-Q1, K its 2025-Q1 and Q2
        "S-N": (N_LINE, 4, 2, 6),
        "S-Y": ("Sở Y tế (thử)", 4, 1, 3),
        "S-V": ("Sở Văn hóa (thử)", 4, 1, 100),
    }
    assert (data["completeness"]["expected"], data["reported"]) == (16, 5)


def test_a_caller_that_read_the_successions_passes_them_and_saves_the_query(province, django_assert_num_queries):
    """The phase summary aggregates each of its years with the phase's successions: one query less each."""
    year = period("2025-Y")
    expected = _lines(aggregation.aggregate(year))
    graph = successions.load_graph()
    reference.forget()  # as a process that has kept no reference data yet
    with django_assert_num_queries(aggregation.QUERY_COUNT - 1):
        result = aggregation.aggregate(year, graph=graph)
    assert _lines(result) == expected


def test_a_caller_that_read_the_agencies_passes_them_and_saves_the_query(province, django_assert_num_queries):
    year = period("2025-Y")
    expected = aggregation.aggregate(year)
    agencies = sql.agencies()
    reference.forget()
    with django_assert_num_queries(aggregation.QUERY_COUNT - 1):
        result = aggregation.aggregate(year, agencies=agencies)
    assert result == expected
    assert _lines(result) == _lines(expected)
