"""In a real Chromium: the reviewer works through three reports from the needs-action queue without touching a
period picker, then reminds the agencies late for a period and sees the reminders logged."""

import datetime

import pytest
from django.core import mail
from django.utils import timezone

from agencies import roles as r
from reports.models import ActivityReport, ReminderLog
from tests.conftest import login
from tests.factories import AgencyFactory, UserFactory
from tests.reports.factories import PeriodFactory, ReportFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

DAY = datetime.timedelta(days=1)


def test_reviewer_works_through_the_queue_and_reminds_the_late(page, live_server, reviewer, plan, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    today = timezone.localdate()
    periods = [
        PeriodFactory(plan=plan, number=n, start=today - (60 + 30 * n) * DAY, end=today - 30 * n * DAY,
                      deadline=today - (30 * n - 10) * DAY, lock_date=today + 30 * DAY)
        for n in (3, 2, 1)
    ]  # fmt: skip
    sent = timezone.now()
    reports = [
        ReportFactory(
            agency=AgencyFactory(code=f"BQ-{i}", name=f"Cơ quan hàng đợi {i}"),
            period=period,
            status="submitted",
            submitted_at=sent,
            last_submitted_at=sent,
        )
        for i, period in enumerate(periods)
    ]
    late_agency = AgencyFactory(code="BQ-LATE", name="Cơ quan chậm gửi")
    UserFactory(username="clerk_late", agency=late_agency, email="cham@example.vn", roles=[r.CLERK])

    login(page, live_server, reviewer.username)
    page.goto(f"{live_server.url}/reports/queue/")
    assert page.get_by_test_id("queue-row").count() == 3
    page.get_by_test_id("queue-row").first.get_by_role("link").click()
    for report in reports:  # oldest deadline first, each accept opening the next
        page.wait_for_url(f"**/reports/{report.pk}/?queue=1")
        assert page.get_by_test_id("back-to-queue").is_visible()
        page.get_by_test_id("accept").click()
    page.wait_for_url("**/reports/queue/")
    assert page.get_by_test_id("queue-empty").is_visible()
    assert list(ActivityReport.objects.order_by("pk").values_list("status", flat=True)) == ["accepted"] * 3

    # The late list of the latest period: remind every agency that has not sent.
    page.goto(f"{live_server.url}/reports/late/{periods[-1].code}/")
    with page.expect_navigation():
        page.get_by_test_id("remind-all").click()
    log = page.get_by_test_id("reminder-log-row")
    assert log.count() == 1
    assert "Cơ quan chậm gửi" in log.first.inner_text()
    assert "cham@example.vn" in log.first.inner_text()
    assert ReminderLog.objects.get().sent_by == reviewer
    assert [m.to for m in mail.outbox] == [["cham@example.vn"]]
