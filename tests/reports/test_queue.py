"""The "needs action" queue: what waits for a reviewer (or an agency head) across every period, oldest deadline
first, searched without diacritics, filtered, counted on the home page, and walked report after report."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from agencies.models import Agency
from reports.models import ActivityReport
from reports.selectors import QUEUE_PAGE_SIZE, QueueFilters, next_in_queue, queue_scope
from tests.factories import AdministrativeUnitFactory, AgencyFactory
from tests.reports.factories import PeriodFactory, ReportFactory

# session, user, roles; counts per status (they give the pager its total); one page of rows;
# the units of the filter; the periods holding waiting reports.
QUEUE_QUERIES = 7


def _period(plan, number, *, deadline_in):
    """A quarter whose deadline is ``deadline_in`` days from today (its cut-off 10 days before)."""
    deadline = timezone.localdate() + datetime.timedelta(days=deadline_in)
    day = datetime.timedelta(days=1)
    return PeriodFactory(
        plan=plan, number=number, start=deadline - 80 * day, end=deadline - 10 * day, deadline=deadline
    )


def _report(period, name, status="submitted", *, minutes=0, **agency):
    agency = AgencyFactory(code=f"QA-{period.number}-{name[:20]}", name=name, **agency)
    sent = timezone.now() - datetime.timedelta(hours=1) + datetime.timedelta(minutes=minutes)
    reason = "Thiếu số liệu" if status == "returned" else ""
    return ReportFactory(
        agency=agency, period=period, status=status, submitted_at=sent, last_submitted_at=sent, return_reason=reason
    )


@pytest.fixture
def spread(plan):
    """Waiting reports of three periods, plus reports that wait for nobody (draft, returned, accepted)."""
    old = _period(plan, 1, deadline_in=-40)
    mid = _period(plan, 2, deadline_in=-10)
    new = _period(plan, 3, deadline_in=5)
    reports = {
        "new": _report(new, "Báo Lào Cai"),
        "mid-re": _report(mid, "Sở Y tế", "resubmitted", minutes=5),
        "mid": _report(mid, "Đài Phát thanh", minutes=1),
        "old": _report(old, "Hội Nông dân tỉnh", kind=Agency.Kind.UNION),
    }
    for status in ("draft", "returned", "accepted", "awaiting_approval"):
        _report(old, f"Cơ quan {status}", status)
    return {"periods": (old, mid, new), **reports}


def test_every_period_in_one_queue_oldest_deadline_first(client, reviewer, spread):
    client.force_login(reviewer)
    response = client.get(reverse("reports:queue"))
    assert response.status_code == 200
    rows = response.context["rows"]
    assert [r.pk for r in rows] == [spread[k].pk for k in ("old", "mid", "mid-re", "new")]
    assert response.context["counts"] == {"submitted": 3, "resubmitted": 1}
    html = response.content.decode()
    assert html.count('data-testid="queue-row"') == 4
    assert "4 báo cáo đang chờ." in html
    # Each row opens the report with the queue's marker, so the review goes on to the next one.
    assert f'href="/reports/{spread["old"].pk}/?queue=1"' in html


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"q": "bao lao cai"}, ["new"]),
        ({"q": "SO Y TE"}, ["mid-re"]),
        ({"q": "dai phat"}, ["mid"]),
        ({"kind": "union"}, ["old"]),
    ],
)
def test_search_without_diacritics_and_filter_by_kind(client, reviewer, spread, params, expected):
    client.force_login(reviewer)
    response = client.get(reverse("reports:queue"), params)
    assert [r.pk for r in response.context["rows"]] == [spread[k].pk for k in expected]


def test_filter_by_period_and_unit(client, reviewer, spread):
    unit = AdministrativeUnitFactory(code="U-QUEUE", name="Huyện Bảo Thắng")
    mid = spread["periods"][1]
    placed = _report(mid, "UBND huyện Bảo Thắng", minutes=10, unit=unit)
    client.force_login(reviewer)
    by_period = client.get(reverse("reports:queue"), {"period": mid.code}).context["rows"]
    assert [r.pk for r in by_period] == [spread["mid"].pk, spread["mid-re"].pk, placed.pk]
    by_unit = client.get(reverse("reports:queue"), {"unit": unit.pk}).context["rows"]
    assert [r.pk for r in by_unit] == [placed.pk]


def test_agency_head_sees_the_reports_awaiting_approval_of_own_agency(client, head_a, period, agency_b):
    mine = ReportFactory(agency=head_a.agency, period=period, status="awaiting_approval")
    ReportFactory(agency=agency_b, period=period, status="awaiting_approval")
    ReportFactory(
        agency=head_a.agency,
        period=PeriodFactory(plan=period.plan, number=4),
        status="submitted",
        submitted_at=timezone.now(),
    )
    client.force_login(head_a)
    response = client.get(reverse("reports:queue"))
    assert [r.pk for r in response.context["rows"]] == [mine.pk]


def test_clerks_and_leadership_have_no_queue(client, clerk_a, leader):
    for user in (clerk_a, leader):
        client.force_login(user)
        assert client.get(reverse("reports:queue")).status_code == 403


def test_accept_goes_straight_on_to_the_next_report_of_the_same_queue(client, reviewer, spread):
    client.force_login(reviewer)
    mid = spread["periods"][1]
    query = QueueFilters(period=mid.code).query()
    detail = client.get(reverse("reports:report_detail", args=[spread["mid"].pk]) + "?" + query)
    assert f'action="/reports/{spread["mid"].pk}/accept/?queue=1&amp;period={mid.code}"' in detail.content.decode()
    response = client.post(reverse("reports:report_accept", args=[spread["mid"].pk]) + "?" + query)
    assert response.status_code == 302
    # The next in the same (period-filtered) queue, not the oldest deadline of the whole queue.
    assert response["Location"] == reverse("reports:report_detail", args=[spread["mid-re"].pk]) + "?" + query
    returned = client.post(
        reverse("reports:report_return", args=[spread["mid-re"].pk]) + "?" + query, {"reason": "Thiếu minh chứng"}
    )
    # The queue of that period is empty: back to it, its filter kept, saying so.
    assert returned["Location"] == reverse("reports:queue") + f"?period={mid.code}"
    page = client.get(returned["Location"])
    assert 'data-testid="queue-empty"' in page.content.decode()
    assert "Không còn báo cáo nào chờ trong danh sách này." in page.content.decode()
    statuses = dict(ActivityReport.objects.filter(period=mid).values_list("pk", "status"))
    assert statuses == {spread["mid"].pk: "accepted", spread["mid-re"].pk: "returned"}


def test_a_return_without_reason_stays_on_the_report_with_the_queue_kept(client, reviewer, spread):
    client.force_login(reviewer)
    query = QueueFilters(q="y te").query()
    response = client.post(reverse("reports:report_return", args=[spread["mid-re"].pk]) + "?" + query, {"reason": ""})
    assert response.status_code == 400
    assert f'action="/reports/{spread["mid-re"].pk}/return/?queue=1&amp;q=y+te"' in response.content.decode()


def test_accept_without_the_queue_stays_on_the_report(client, reviewer, spread):
    client.force_login(reviewer)
    response = client.post(reverse("reports:report_accept", args=[spread["new"].pk]))
    assert response["Location"] == reverse("reports:report_detail", args=[spread["new"].pk])


def test_home_page_counts_what_waits(client, reviewer, spread):
    client.force_login(reviewer)
    html = client.get(reverse("home")).content.decode()
    assert 'data-testid="home-queue-counts"' in html
    assert "4 báo cáo cần xử lý" in html
    assert "Đã gửi: 3" in html
    assert "Đã gửi lại: 1" in html


@pytest.mark.parametrize(("n", "page", "shown"), [(1, 1, 1), (60, 1, QUEUE_PAGE_SIZE), (60, 2, 10)])
def test_queue_queries(client, reviewer, plan, n, page, shown, django_assert_num_queries):
    periods = [_period(plan, q, deadline_in=q) for q in (1, 2, 3)]
    for i in range(n):
        _report(periods[i % 3], f"Cơ quan số {i:03d}")
    client.force_login(reviewer)
    with django_assert_num_queries(QUEUE_QUERIES):
        response = client.get(reverse("reports:queue"), {"page": page})
    assert response.status_code == 200
    rows = response.context["rows"]
    assert len(rows) == shown
    html = response.content.decode()
    assert html.count('data-testid="queue-row"') == shown
    assert all(f'?queue=1">{row.agency_name}</a>' in html for row in rows)
    assert [r.deadline for r in rows] == sorted(r.deadline for r in rows)


def test_on_to_the_next_report_says_its_place_in_the_queue(client, reviewer, spread, django_assert_num_queries):
    client.force_login(reviewer)
    query = QueueFilters().query()
    # The queue: old, mid, mid-re, new. The report after the one handled, then back to the first.
    response = client.post(reverse("reports:report_accept", args=[spread["mid"].pk]) + "?" + query, follow=True)
    assert response.redirect_chain[-1][0] == reverse("reports:report_detail", args=[spread["mid-re"].pk]) + "?" + query
    assert "Tiếp theo: báo cáo 2/3 trong danh sách này." in response.content.decode()
    response = client.post(reverse("reports:report_accept", args=[spread["new"].pk]) + "?" + query, follow=True)
    assert response.redirect_chain[-1][0] == reverse("reports:report_detail", args=[spread["old"].pk]) + "?" + query
    assert "Tiếp theo: báo cáo 1/2 trong danh sách này." in response.content.decode()
    queue_scope(reviewer)  # the user's roles, read once per request
    with django_assert_num_queries(1):
        following = next_in_queue(reviewer, filters=QueueFilters(), after=spread["old"].pk)
    assert following == (spread["mid-re"].pk, 1, 1)  # the report being left is not counted, waiting or not
