import datetime
import itertools

import pytest
from django.utils import translation

from reports import calendar
from reports.models import Holiday, ReportingPeriod
from tests.reports.factories import PlanFactory

D = datetime.date


def test_january_starts_on_15_december_of_the_previous_year():
    window = calendar.month_window(2024, 1)
    assert (window.code, window.start, window.end) == ("2024-M01", D(2023, 12, 15), D(2024, 1, 14))


def test_first_quarter_crosses_the_year_boundary():
    window = calendar.quarter_window(2024, 1)
    assert (window.code, window.start, window.end) == ("2024-Q1", D(2023, 12, 15), D(2024, 3, 14))


@pytest.mark.parametrize(
    ("window", "start", "end"),
    [
        (calendar.quarter_window(2024, 2), D(2024, 3, 15), D(2024, 6, 14)),
        (calendar.quarter_window(2024, 4), D(2024, 9, 15), D(2024, 12, 14)),
        (calendar.half_window(2024, 1), D(2023, 12, 15), D(2024, 6, 14)),
        (calendar.half_window(2024, 2), D(2024, 6, 15), D(2024, 12, 14)),
        (calendar.year_window(2024), D(2023, 12, 15), D(2024, 12, 14)),
        (calendar.phase_window(2021, 2025), D(2020, 12, 15), D(2025, 12, 14)),
    ],
)
def test_windows_follow_decree_09(window, start, end):
    assert (window.start, window.end) == (start, end)


def test_codes():
    assert [w.code for w in calendar.windows_of_year(2024)][-7:] == [
        "2024-Q1",
        "2024-Q2",
        "2024-Q3",
        "2024-Q4",
        "2024-H1",
        "2024-H2",
        "2024-Y",
    ]
    assert calendar.phase_window(2021, 2025).code == "2021-2025"


def test_months_make_their_quarter_exactly_and_the_year_has_no_gap():
    for year in (2021, 2024):
        months = [calendar.month_window(year, m) for m in range(1, 13)]
        for a, b in itertools.pairwise(months):
            assert b.start == a.end + datetime.timedelta(days=1)
        for q in range(1, 5):
            quarter = calendar.quarter_window(year, q)
            assert months[3 * q - 3].start == quarter.start
            assert months[3 * q - 1].end == quarter.end
        assert calendar.year_window(year).start == months[0].start
        assert calendar.year_window(year + 1).start == months[-1].end + datetime.timedelta(days=1)


def test_the_day_decides_the_window():
    assert calendar.period_for_day_window("month", D(2024, 12, 15)).code == "2025-M01"
    assert calendar.period_for_day_window("month", D(2024, 12, 14)).code == "2024-M12"
    assert calendar.period_for_day_window("quarter", D(2024, 12, 20)).code == "2025-Q1"


def test_deadline_skips_the_weekend():
    # 14/09/2024 is a Saturday: Monday 16 and Tuesday 17 are the two working days.
    assert calendar.add_working_days(D(2024, 9, 14), 2, frozenset()) == D(2024, 9, 17)
    # 14/06/2024 is a Friday.
    assert calendar.add_working_days(D(2024, 6, 14), 2, frozenset()) == D(2024, 6, 18)


@pytest.mark.django_db
def test_deadline_skips_the_tet_holidays():
    calendar.load_holidays()
    holidays = calendar.holiday_dates(D(2025, 1, 1), D(2025, 3, 1))
    # Cut-off Tuesday 14/01/2025: no holiday yet, deadline Thursday 16.
    assert calendar.add_working_days(D(2025, 1, 14), 2, holidays) == D(2025, 1, 16)
    # Cut-off Friday 24/01/2025, then Tết Ất Tỵ from Monday 27 to Friday 31: Monday 3 and Tuesday 4 February.
    assert calendar.add_working_days(D(2025, 1, 24), 2, holidays) == D(2025, 2, 4)


@pytest.mark.django_db
def test_holidays_load_once_and_keep_admin_edits():
    assert calendar.load_holidays() > 60
    Holiday.objects.filter(date=D(2024, 9, 3)).update(name="Sửa trong trang quản trị")
    assert calendar.load_holidays() == 0
    assert Holiday.objects.get(date=D(2024, 9, 3)).name == "Sửa trong trang quản trị"
    assert Holiday.objects.filter(lunar=True, date__year=2026).exists()


@pytest.mark.django_db
def test_generate_periods_makes_the_plan_calendar_once():
    calendar.load_holidays()
    plan = PlanFactory(code="p-2021", start_year=2021, end_year=2025)
    assert calendar.generate_periods(plan=plan) == 5 * 19 + 1
    assert calendar.generate_periods(plan=plan) == 0
    q1 = ReportingPeriod.objects.get(code="2024-Q1")
    assert (q1.kind, q1.year, q1.number, q1.start, q1.end) == ("quarter", 2024, 1, D(2023, 12, 15), D(2024, 3, 14))
    # 14/03/2024 is a Thursday: Friday 15 and Monday 18.
    assert q1.deadline == D(2024, 3, 18)
    assert q1.lock_date > q1.deadline
    # The February 2024 cut-off falls in Tết Giáp Thìn (8–14/02): deadline 16/02.
    assert ReportingPeriod.objects.get(code="2024-M02").deadline == D(2024, 2, 16)
    assert ReportingPeriod.objects.get(code="2021-2025").end == D(2025, 12, 14)


@pytest.mark.django_db
def test_a_moved_deadline_survives_regeneration():
    plan = PlanFactory(code="p-2024", start_year=2024, end_year=2024)
    calendar.generate_periods(plan=plan)
    ReportingPeriod.objects.filter(code="2024-Q2").update(deadline=D(2024, 6, 28), lock_date=D(2024, 7, 30))
    calendar.generate_periods(plan=plan)
    assert ReportingPeriod.objects.get(code="2024-Q2").deadline == D(2024, 6, 28)


def test_load_plan_generates_the_calendar(plan_data):
    assert plan_data.periods.filter(kind="month").count() == 60
    assert plan_data.periods.get(code="2021-2025").kind == "phase"
    assert Holiday.objects.count() > 60


@pytest.mark.parametrize(
    ("window", "title", "in_sentence"),
    [
        (calendar.month_window(2025, 5), "Tháng 5/2025", "tháng 5 năm 2025"),
        (calendar.quarter_window(2025, 3), "Quý III/2025", "quý III năm 2025"),
        (calendar.half_window(2025, 1), "6 tháng đầu năm 2025", "6 tháng đầu năm 2025"),
        (calendar.year_window(2025), "Năm 2025", "năm 2025"),
        (calendar.phase_window(2021, 2025), "Giai đoạn 2021-2025", "giai đoạn 2021-2025"),
    ],
)
def test_a_period_has_a_title_and_a_lower_case_name_for_running_text(window, title, in_sentence):
    with translation.override("vi"):
        assert (calendar.period_label(window), calendar.period_label_in_sentence(window)) == (title, in_sentence)
    with translation.override("en"):
        assert calendar.period_label_in_sentence(window) == calendar.period_label(window)
