"""One "behind" page over monthly and quarterly agencies: the open periods each has not sent, counted, filtered."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from agencies.models import Agency
from tests.factories import AgencyFactory
from tests.reports.factories import PeriodFactory, ReportFactory

DAY = datetime.timedelta(days=1)


@pytest.fixture
def open_periods(plan):
    today = timezone.localdate()

    def period(kind, number, days_ago):
        end = today - days_ago * DAY
        return PeriodFactory(
            plan=plan, kind=kind, number=number, start=end - 25 * DAY, end=end, deadline=end + 5 * DAY,
            lock_date=today + 20 * DAY,
        )  # fmt: skip

    return {
        "m1": period("month", 1, 60),
        "m2": period("month", 2, 30),
        "q1": period("quarter", 1, 30),
        "locked": PeriodFactory(
            plan=plan,
            kind="month",
            number=3,
            start=today - 120 * DAY,
            end=today - 100 * DAY,
            deadline=today - 95 * DAY,
            lock_date=today - DAY,
        ),
    }


def test_monthly_and_quarterly_together_most_behind_first(client, reviewer, open_periods, django_assert_num_queries):
    monthly = AgencyFactory(code="BH-M", name="Báo tháng", report_frequency="month", kind=Agency.Kind.PRESS)
    sent_one = AgencyFactory(code="BH-M2", name="Đài tháng", report_frequency="month")
    quarterly = AgencyFactory(code="BH-Q", name="Sở quý", report_frequency="quarter")
    ReportFactory(agency=sent_one, period=open_periods["m1"], status="accepted", submitted_at=timezone.now())
    client.force_login(reviewer)
    # session, user, roles; periods; agencies with units; reports; the units of the filter.
    with django_assert_num_queries(7):
        response = client.get(reverse("reports:behind"))
    assert response.status_code == 200
    rows = [(row.agency.code, [p.code for p in row.missing]) for row in response.context["rows"]]
    m1, m2, q1 = (open_periods[k].code for k in ("m1", "m2", "q1"))
    # The reviewer's own department reports quarterly too (it has sent nothing).
    assert rows[0] == ("BH-M", [m1, m2])
    assert sorted(rows[1:]) == [("BH-M2", [m2]), ("BH-Q", [q1]), (reviewer.agency.code, [q1])]
    html = response.content.decode()
    assert html.count('data-testid="behind-row"') == 4
    assert "4 cơ quan, đơn vị chậm báo cáo" in html
    assert "hằng tháng 2, hằng quý 2" in html
    assert "5 báo cáo chưa gửi" in html
    only_press = client.get(reverse("reports:behind"), {"kind": "press"}).context["rows"]
    assert [row.agency for row in only_press] == [monthly]
    quarterly_only = client.get(reverse("reports:behind"), {"frequency": "quarter"}).context["rows"]
    assert sorted(row.agency.code for row in quarterly_only) == sorted(["BH-Q", reviewer.agency.code])
    assert quarterly in [row.agency for row in quarterly_only]
