"""The reviewer's inbox: which periods it offers and opens on, and how a row leads to its report."""

import datetime

from django.urls import reverse
from django.utils import timezone

from agencies.models import Agency
from tests.reports.factories import PeriodFactory


def _month_and_quarter(plan):
    """A quarter whose cut-off passed a month ago, and a month whose cut-off passed last week (the latest)."""
    today = timezone.localdate()
    quarter = PeriodFactory(
        plan=plan,
        number=3,
        start=today - datetime.timedelta(days=120),
        end=today - datetime.timedelta(days=30),
        deadline=today - datetime.timedelta(days=27),
    )
    month = PeriodFactory(
        plan=plan,
        kind="month",
        number=11,
        start=today - datetime.timedelta(days=37),
        end=today - datetime.timedelta(days=7),
        deadline=today - datetime.timedelta(days=4),
    )
    return quarter, month


def test_inbox_opens_on_a_quarter_when_no_agency_reports_monthly(client, reviewer, plan, agency_a, agency_b):
    Agency.objects.update(must_report=True, report_frequency="quarter")
    quarter, month = _month_and_quarter(plan)
    client.force_login(reviewer)
    response = client.get(reverse("reports:inbox"))
    assert response.context["period"] == quarter
    assert month.code not in response.content.decode()


def test_inbox_offers_months_when_an_agency_reports_monthly(client, reviewer, plan, agency_a, agency_b):
    Agency.objects.update(must_report=True, report_frequency="quarter")
    Agency.objects.filter(pk=agency_a.pk).update(report_frequency="month")
    quarter, month = _month_and_quarter(plan)
    client.force_login(reviewer)
    response = client.get(reverse("reports:inbox"))
    assert response.context["period"] == month
    assert quarter.code in response.content.decode()


def test_inbox_row_links_the_agency_name_to_its_report(client, reviewer, report_a):
    from reports.models import ActivityReport

    ActivityReport.objects.filter(pk=report_a.pk).update(status="submitted", submitted_at=timezone.now())
    client.force_login(reviewer)
    html = client.get(reverse("reports:inbox") + f"?period={report_a.period.code}").content.decode()
    url = reverse("reports:report_detail", args=[report_a.pk])
    assert f'<a href="{url}">{report_a.agency.name}</a>' in html  # on a phone the name is the way in
    assert '<th class="d-none d-md-table-cell">Gửi gần nhất</th>' in html
