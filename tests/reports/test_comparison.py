"""The report page compares each figure with the agency's previous period and the same period a year before."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from agencies.models import Succession
from reports.selectors import comparison_of, is_large_change
from tests.factories import AgencyFactory
from tests.reports.factories import PeriodFactory, ReportFactory, add_figure

DAY = datetime.timedelta(days=1)
CMP = '<span class="d-block text-body-secondary cmp"'


def _quarter(plan, year, number, end):
    return PeriodFactory(
        plan=plan,
        year=year,
        number=number,
        start=end - 89 * DAY,
        end=end,
        deadline=end + 10 * DAY,
        lock_date=end + 40 * DAY,
    )


@pytest.fixture
def quarters(plan):
    """2099-Q2 (the report's), 2099-Q1 (previous) and 2098-Q2 (a year before)."""
    end = timezone.localdate() - DAY
    return {
        "now": _quarter(plan, 2099, 2, end),
        "prev": _quarter(plan, 2099, 1, end - 91 * DAY),
        "year": _quarter(plan, 2098, 2, end - 365 * DAY),
    }


def _sent(agency, period, cells, status="accepted"):
    report = ReportFactory(agency=agency, period=period, status=status, submitted_at=timezone.now())
    for metric, theme, value in cells:
        add_figure(report, metric, theme, value)
    return report


@pytest.mark.parametrize(
    ("before", "now", "large"), [(0, 10, True), (0, 9, False), (20, 30, True), (20, 29, False), (900, 910, False)]
)
def test_large_change_needs_both_the_ratio_and_the_minimum(before, now, large):
    assert is_large_change(before, now) is large


def test_each_figure_beside_the_previous_period_and_a_year_before(
    client, reviewer, agency_a, quarters, metrics, themes, django_assert_num_queries
):
    m, t = metrics[0], themes[0]
    report = _sent(agency_a, quarters["now"], [(m, t, 30), (metrics[1], t, 4)], status="submitted")
    _sent(agency_a, quarters["prev"], [(m, t, 12), (metrics[1], t, 5)])
    _sent(agency_a, quarters["year"], [(m, t, 25)])
    client.force_login(reviewer)
    url = reverse("reports:report_detail", args=[report.pk])
    # The report page as before (10), the breakdown by movement and occasion (1), the guidance it answered (duties:
    # 1) and the comparison's 4: earlier periods, predecessors, their reports, their figures; whatever the number
    # of cells.
    with django_assert_num_queries(16):
        response = client.get(url)
    assert response.status_code == 200
    html = response.content.decode()
    # 30 against 12 (+18: large) and against 25 (+5).
    assert (
        '<td class="table-warning" data-large-change="1">30'
        + CMP
        + '>kỳ trước 12 <span class="text-success-emphasis">(+18)</span></span>'
        + CMP
        + '>cùng kỳ 25 <span class="text-success-emphasis">(+5)</span></span></td>'
    ) in html
    # 4 against 5 (−1) and against nothing (+4): not highlighted.
    assert (
        "<td>4"
        + CMP
        + '>kỳ trước 5 <span class="text-danger-emphasis">(-1)</span></span>'
        + CMP
        + '>cùng kỳ 0 <span class="text-success-emphasis">(+4)</span></span></td>'
    ) in html
    assert html.count('data-large-change="1"') == 1
    assert 'data-testid="comparison-legend"' in html


def test_without_earlier_reports_the_page_says_so(client, clerk_a, agency_a, quarters, metrics, themes):
    report = _sent(agency_a, quarters["now"], [(metrics[0], themes[0], 3)], status="draft")
    client.force_login(clerk_a)
    html = client.get(reverse("reports:report_detail", args=[report.pk])).content.decode()
    assert html.count("không có báo cáo") == 2
    assert 'class="cmp"' not in html
    assert "data-large-change" not in html


def test_a_successor_is_compared_with_its_merged_predecessors(plan, quarters, metrics, themes):
    m, t = metrics[0], themes[0]
    successor = AgencyFactory(code="SUCC", name="Sở Văn hóa mới")
    old_a = AgencyFactory(code="OLD-A", name="Sở cũ A", active_until=quarters["now"].start - DAY)
    old_b = AgencyFactory(code="OLD-B", name="Sở cũ B", active_until=quarters["now"].start - DAY)
    for old in (old_a, old_b):
        Succession.objects.create(predecessor=old, successor=successor, kind="merge", effective=quarters["now"].start)
    report = _sent(successor, quarters["now"], [(m, t, 10)], status="submitted")
    _sent(old_a, quarters["prev"], [(m, t, 4)])
    _sent(old_b, quarters["prev"], [(m, t, 3)])
    _sent(old_b, quarters["year"], [(m, t, 2)], status="draft")  # never sent: not compared
    comparison = comparison_of(report)
    assert comparison.previous.figures == {(m.channel.code, m.code, t.code): 7}
    assert comparison.previous.agency_names == ["Sở cũ A", "Sở cũ B"]
    assert comparison.year_before.figures is None
