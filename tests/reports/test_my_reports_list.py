"""The clerk's list of past reports: paged, missed periods as "not sent", predecessors' reports read-only."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from agencies import roles as r
from agencies.models import Succession
from tests.factories import AgencyFactory, UserFactory
from tests.reports.factories import PeriodFactory, ReportFactory

DAY = datetime.timedelta(days=1)


def _months(plan, n):
    """``n`` past months, the latest ending 40 days ago (deadlines passed), oldest first."""
    end = timezone.localdate() - 40 * DAY
    periods = []
    for i in range(n):
        e = end - 31 * (n - 1 - i) * DAY
        periods.append(
            PeriodFactory(
                plan=plan, kind="month", year=2090 + i // 12, number=i % 12 + 1,
                start=e - 27 * DAY, end=e, deadline=e + 5 * DAY, lock_date=e + 10 * DAY,
            )
        )  # fmt: skip
    return periods


@pytest.fixture
def monthly(db):
    agency = AgencyFactory(code="MONTHLY", name="Báo hằng tháng", report_frequency="month")
    return agency, UserFactory(username="clerk_monthly", agency=agency, roles=[r.CLERK])


def test_seventy_months_are_paged_and_missed_ones_say_not_sent(client, plan, monthly, django_assert_num_queries):
    agency, clerk = monthly
    periods = _months(plan, 70)
    sent = timezone.now()
    for period in periods[:60]:  # the ten latest months were missed
        ReportFactory(agency=agency, period=period, status="accepted", submitted_at=sent)
    client.force_login(clerk)
    # session, user, roles; the agencies the user also acts for; the successions graph; current period (none: no
    # report query); past periods; reports; the plan's phase (no period is open).
    with django_assert_num_queries(9):
        first = client.get(reverse("reports:my_reports"))
    assert first.status_code == 200
    html = first.content.decode()
    assert html.count('data-testid="past-missing"') == 10
    assert html.count('data-testid="past-report"') == 14
    assert html.count("Chưa gửi") == 10
    assert f"hạn gửi {periods[-1].deadline:%d/%m/%Y}" in html
    assert "1 / 3" in html
    last = client.get(reverse("reports:my_reports"), {"page": 3}).content.decode()
    assert last.count('data-testid="past-report"') == 70 - 48
    assert reverse("reports:report_detail", args=[agency.reports.get(period=periods[0]).pk]) in last


def test_a_successor_clerk_sees_the_predecessors_reports(client, plan, monthly):
    agency, clerk = monthly
    periods = _months(plan, 3)
    old = AgencyFactory(code="OLD-M", name="Đài cũ", report_frequency="month", active_until=periods[1].end)
    Succession.objects.create(predecessor=old, successor=agency, kind="merge", effective=periods[2].start)
    theirs = ReportFactory(agency=old, period=periods[0], status="accepted", submitted_at=timezone.now())
    client.force_login(clerk)
    html = client.get(reverse("reports:my_reports")).content.decode()
    assert reverse("reports:report_detail", args=[theirs.pk]) in html
    assert '<small class="text-body-secondary" data-testid="past-predecessor">Đài cũ</small>' in html
    # The predecessor's report opens read-only for the successor's clerk.
    page = client.get(reverse("reports:report_detail", args=[theirs.pk]))
    assert page.status_code == 200
    assert reverse("reports:report_edit", args=[theirs.pk]) not in page.content.decode()


def test_an_old_report_without_history_says_so(client, clerk_a, report_a):
    report_a.history.all().delete()
    client.force_login(clerk_a)
    html = client.get(reverse("reports:report_detail", args=[report_a.pk])).content.decode()
    assert 'data-testid="no-history"' in html
    assert "không có thông tin ai đã thay đổi gì" in html
