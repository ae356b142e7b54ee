"""The reviewer's inbox in pages of 50: the status filter and the counts per status hold across pages."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from reports.selectors import INBOX_PAGE_SIZE
from tests.factories import AgencyFactory
from tests.reports.factories import ReportFactory


def _reports(period, n, status, *, prefix):
    now = timezone.now()
    for i in range(n):
        agency = AgencyFactory(code=f"{prefix}-{i:03d}", name=f"{prefix} cơ quan {i:03d}")
        ReportFactory(
            agency=agency,
            period=period,
            status=status,
            submitted_at=now,
            last_submitted_at=now + datetime.timedelta(seconds=i),
            return_reason="Thiếu số liệu" if status == "returned" else "",
        )


def _page(client, period, **params):
    return client.get(reverse("reports:inbox"), {"period": period.code, **params})


def test_a_period_of_many_reports_is_shown_fifty_at_a_time(client, reviewer, period):
    _reports(period, INBOX_PAGE_SIZE + 12, "submitted", prefix="S")
    _reports(period, 3, "draft", prefix="D")
    client.force_login(reviewer)
    first = _page(client, period)
    assert len(first.context["reports"]) == INBOX_PAGE_SIZE
    html = first.content.decode()
    assert html.count('data-testid="inbox-row"') == INBOX_PAGE_SIZE
    assert f"?period={period.code}&amp;page=2" in html
    assert "1 / 2" in html
    second = _page(client, period, page=2)
    names = [r.agency_name for r in second.context["reports"]]
    assert len(names) == 12
    assert names[-1] == "S cơ quan 061"  # the latest submitted last
    # Every report of the period appears once over the pages; drafts never.
    seen = {r.pk for r in first.context["reports"]} | {r.pk for r in second.context["reports"]}
    assert len(seen) == INBOX_PAGE_SIZE + 12
    # The counts are over the whole period, on every page.
    assert second.context["counts"]["submitted"] == INBOX_PAGE_SIZE + 12
    assert f"Đã gửi: {INBOX_PAGE_SIZE + 12}" in second.content.decode()


def test_the_status_filter_is_kept_in_the_pager(client, reviewer, period):
    _reports(period, INBOX_PAGE_SIZE + 1, "accepted", prefix="A")
    _reports(period, 5, "returned", prefix="R")
    client.force_login(reviewer)
    response = _page(client, period, status="accepted")
    assert len(response.context["reports"]) == INBOX_PAGE_SIZE
    html = response.content.decode()
    assert f"?period={period.code}&amp;status=accepted&amp;page=2" in html
    # The selects show the period and the status the page shows.
    assert f'<option value="{period.code}" selected>' in html
    assert '<option value="accepted" selected>' in html
    last = _page(client, period, status="accepted", page=2)
    assert [r.status for r in last.context["reports"]] == ["accepted"]
    assert _page(client, period, status="returned").context["page"].paginator.num_pages == 1


@pytest.mark.parametrize("page", ["99", "x", "0"])
def test_a_page_number_out_of_range_shows_a_page_not_an_error(client, reviewer, period, page):
    _reports(period, INBOX_PAGE_SIZE + 1, "submitted", prefix="P")
    client.force_login(reviewer)
    response = _page(client, period, page=page)
    assert response.status_code == 200
    assert len(response.context["reports"]) in (1, INBOX_PAGE_SIZE)


def test_one_page_has_no_pager(client, reviewer, period):
    _reports(period, 3, "submitted", prefix="O")
    client.force_login(reviewer)
    html = _page(client, period).content.decode()
    assert "page=2" not in html


def test_submission_times_are_local_day_and_minute(client, reviewer, period):
    moment = datetime.datetime(2099, 1, 5, 20, 30, tzinfo=datetime.UTC)  # 03:30 on 6/1 in Hà Nội
    ReportFactory(
        agency=AgencyFactory(code="TIME-1"),
        period=period,
        status="submitted",
        submitted_at=moment,
        last_submitted_at=moment,
    )
    client.force_login(reviewer)
    html = _page(client, period).content.decode()
    assert html.count("06/01/2099 03:30") == 2


def test_inbox_rows_escape_what_agencies_are_called(client, reviewer, period):
    now = timezone.now()
    agency = AgencyFactory(code="X-1", name='<script>alert("x")</script> & Co')
    report = ReportFactory(agency=agency, period=period, status="submitted", submitted_at=now, last_submitted_at=now)
    client.force_login(reviewer)
    html = _page(client, period).content.decode()
    assert '<script>alert("x")' not in html
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; Co" in html
    assert f'href="{reverse("reports:report_detail", args=[report.pk])}"' in html


def test_the_inbox_counts_no_draft_nor_report_awaiting_its_head(client, reviewer, period):
    _reports(period, 2, "submitted", prefix="S")
    _reports(period, 1, "draft", prefix="D")
    _reports(period, 1, "awaiting_approval", prefix="H")
    client.force_login(reviewer)
    response = _page(client, period)
    assert response.status_code == 200
    assert response.context["counts"] == {"submitted": 2}
    html = response.content.decode()
    assert "Đã gửi: 2" in html
    assert "Đã tiếp nhận: 0" in html
    assert "Dự thảo" not in html
    assert "Chờ thủ trưởng duyệt" not in html
