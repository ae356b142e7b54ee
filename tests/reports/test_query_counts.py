"""Pinned query counts of the list and dashboard pages, over 1 and many rows."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from agencies import roles as r
from tests.factories import AgencyFactory, UserFactory
from tests.reports.factories import PeriodFactory, ReportFactory, add_figure


def _agencies_with_reports(n, period, *, frequency="quarter"):
    agencies = []
    for i in range(n):
        agency = AgencyFactory(code=f"Q-{i}", report_frequency=frequency)
        ReportFactory(agency=agency, period=period, status="submitted", submitted_at=timezone.now())
        agencies.append(agency)
    return agencies


@pytest.mark.parametrize(("n", "page", "shown"), [(1, 1, 1), (30, 1, 30), (120, 1, 50), (120, 3, 20)])
def test_inbox_queries(client, reviewer, period, n, page, shown, django_assert_num_queries):
    _agencies_with_reports(n, period)
    client.force_login(reviewer)
    url = reverse("reports:inbox") + f"?period={period.code}&page={page}"
    # session, user, roles; periods; counts per status (they give the pager its total: no COUNT query);
    # one page of the period's reports with their agencies; the plan of today (a call when there is none).
    with django_assert_num_queries(7):
        response = client.get(url)
    assert response.status_code == 200
    rows = response.context["reports"]
    assert len(rows) == shown
    html = response.content.decode()
    assert html.count('data-testid="inbox-row"') == shown
    assert all(f">{row.agency_name}</a>" in html for row in rows)


@pytest.mark.parametrize("n", [1, 30])
def test_completeness_board_queries(client, reviewer, plan, n, django_assert_num_queries):
    periods = [PeriodFactory(plan=plan, number=q) for q in (1, 2, 3)]
    for period in periods:
        agencies = _agencies_with_reports(n, period)  # the same n agencies, each with a report per period
    client.force_login(reviewer)
    url = reverse("reports:board") + "?year=2099&frequency=quarter"
    # session, user, roles; years; periods; agencies with units; successions; reports; units for the filter.
    with django_assert_num_queries(9):
        response = client.get(url)
    assert response.status_code == 200
    # The n agencies and the reviewer's own department.
    assert len(response.context["board"].rows) == n + 1
    html = response.content.decode()
    assert all(f'<th scope="row" class="fw-normal">{agency.name} <small' in html for agency in agencies)
    assert sum(row[1].count("on_time") for row in response.context["board"].rows) == 3 * n


@pytest.mark.parametrize("n", [1, 20])
def test_late_list_queries(client, reviewer, plan, n, django_assert_num_queries):
    today = timezone.localdate()
    period = PeriodFactory(plan=plan, number=1, deadline=today - datetime.timedelta(days=1))  # the deadline passed
    agencies = [AgencyFactory(code=f"L-{i}") for i in range(n)]
    client.force_login(reviewer)
    # session, user, roles; the period; agencies; reports; the reminders sent; who a reminder can reach.
    with django_assert_num_queries(8):
        response = client.get(reverse("reports:late", args=[period.code]))
    assert response.status_code == 200
    html = response.content.decode()
    # The n agencies and the reviewer's own department, none of which reported.
    assert html.count('data-testid="late-row"') == n + 1
    assert all(f"<td>{agency.name}</td>" in html for agency in agencies)


@pytest.mark.parametrize("n", [1, 12])
def test_clerk_home_queries(client, plan, n, django_assert_num_queries):
    agency = AgencyFactory(code="HOME")
    clerk = UserFactory(username="clerk_home", agency=agency, roles=[r.CLERK])
    for number in range(1, n + 1):
        period = PeriodFactory(plan=plan, number=number)
        ReportFactory(agency=agency, period=period, status="accepted", submitted_at=timezone.now())
    client.force_login(clerk)
    # session, user (with its agency), roles; the agencies the user also acts for; the successions graph (the
    # agencies it continues); current period; its report; past periods (missed and overdue ones from them); reports.
    with django_assert_num_queries(9):
        response = client.get(reverse("reports:my_reports"))
    assert response.status_code == 200
    past = response.context["home"].past
    assert len(past) == n - 1  # every accepted report but the current period's
    html = response.content.decode()
    assert all(f'href="{reverse("reports:report_detail", args=[r.pk])}">{r.period_label}</a>' in html for r in past)


@pytest.mark.parametrize("n", [1, 10])
def test_report_page_queries(client, clerk_a, report_a, metrics, themes, n, django_assert_num_queries):
    values = [101 + i for i in range(n)]
    for i, value in enumerate(values):
        add_figure(report_a, metrics[i % len(metrics)], themes[i // len(metrics)], value)
    client.force_login(clerk_a)
    # Ten, the breakdown by movement and occasion, the guidance it answered (duties), and the comparison's earlier
    # periods (none here: its three other queries are not needed).
    with django_assert_num_queries(13):
        response = client.get(reverse("reports:report_detail", args=[report_a.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    assert all(f"<td>{value}</td>" in html for value in values)  # each figure in its cell


@pytest.mark.parametrize("n", [1, 10])
def test_report_edit_page_queries(client, clerk_a, report_a, metrics, themes, n, django_assert_num_queries):
    values = [101 + i for i in range(n)]
    for i, value in enumerate(values):
        add_figure(report_a, metrics[i % len(metrics)], themes[i // len(metrics)], value)
    client.force_login(clerk_a)
    # session, user, roles; the report; themes; metrics; figures; evidence.
    with django_assert_num_queries(8):
        response = client.get(reverse("reports:report_edit", args=[report_a.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    assert all(f'value="{value}"' in html for value in values)  # each figure in its input
