"""Reminders by hand from the late list: the same claim as the daily job (once per agency, period, kind and day),
logged and shown on the late list; agencies no e-mail can reach flagged."""

import datetime

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from agencies import roles as r
from reports import reminders
from reports.models import ReminderLog
from tests.factories import AgencyFactory, UserFactory
from tests.reports.factories import PeriodFactory, ReportFactory

DAY = datetime.timedelta(days=1)


@pytest.fixture
def overdue(plan, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    today = timezone.localdate()
    period = PeriodFactory(plan=plan, number=1, start=today - 60 * DAY, end=today - 20 * DAY, deadline=today - DAY)
    with_clerk = AgencyFactory(code="R-CLERK", name="Sở có cán bộ")
    UserFactory(username="clerk_r", agency=with_clerk, email="canbo@example.vn", roles=[r.CLERK])
    with_address = AgencyFactory(code="R-MAIL", name="Sở có thư", email="so@example.vn")
    nowhere = AgencyFactory(code="R-NONE", name="Sở không thư")
    sent = AgencyFactory(code="R-SENT", name="Sở đã gửi", email="x@example.vn")
    ReportFactory(agency=sent, period=period, status="submitted", submitted_at=timezone.now())
    return period, with_clerk, with_address, nowhere


def test_selected_agencies_are_reminded_once_a_day_and_logged(client, reviewer, overdue):
    period, with_clerk, _with_address, nowhere = overdue
    client.force_login(reviewer)
    url = reverse("reports:late_remind", args=[period.code])
    response = client.post(url, {"agency": [with_clerk.pk, nowhere.pk]}, follow=True)
    assert response.status_code == 200
    assert [m.to for m in mail.outbox] == [["canbo@example.vn"]]
    html = response.content.decode()
    assert "Đã gửi nhắc hạn: 1." in html
    assert "Không có địa chỉ thư điện tử, chưa gửi được: Sở không thư." in html
    log = ReminderLog.objects.get()
    assert (log.agency, log.kind, log.sent_by, log.day) == (with_clerk, "after", reviewer, timezone.localdate())
    assert html.count('data-testid="reminder-log-row"') == 1
    # Again the same day: nothing sent twice.
    again = client.post(url, {"all": "1"}, follow=True).content.decode()
    assert sorted(m.to[0] for m in mail.outbox) == ["canbo@example.vn", "so@example.vn"]
    assert "Đã nhắc trong hôm nay, không gửi lại: Sở có cán bộ." in again
    assert again.count('data-testid="reminder-log-row"') == 2


def test_the_daily_job_and_a_reviewer_share_the_claim(reviewer, overdue):
    period, with_clerk, with_address, _nowhere = overdue
    assert reminders.send_deadline_reminders() == 2
    result = reminders.send_reminders_now(period=period, agency_ids=[with_clerk.pk, with_address.pk], user=reviewer)
    assert result.sent == []
    assert result.already == [with_clerk, with_address]
    # The next day a reviewer may remind again; the job does not repeat its own.
    tomorrow = timezone.localdate() + DAY
    again = reminders.send_reminders_now(period=period, agency_ids=[with_clerk.pk], user=reviewer, today=tomorrow)
    assert again.sent == [with_clerk]
    assert reminders.send_deadline_reminders(today=tomorrow) == 0
    assert len(mail.outbox) == 3


def test_the_late_list_flags_agencies_without_e_mail(client, reviewer, overdue, django_assert_num_queries):
    period, *_ = overdue
    client.force_login(reviewer)
    # session, user, roles; the period; agencies; reports; the reminder log; who can be reached.
    with django_assert_num_queries(8):
        response = client.get(reverse("reports:late", args=[period.code]))
    html = response.content.decode()
    # The reviewer's own department (no address) and "Sở không thư".
    assert html.count('data-testid="no-email"') == 2
    assert "2 cơ quan, đơn vị trong danh sách không có địa chỉ thư điện tử" in html


def test_leadership_reads_the_late_list_but_does_not_remind(client, leader, overdue):
    period, *_ = overdue
    client.force_login(leader)
    assert 'data-testid="remind-all"' not in client.get(reverse("reports:late", args=[period.code])).content.decode()
    response = client.post(reverse("reports:late_remind", args=[period.code]), {"all": "1"})
    assert response.status_code == 403
    assert mail.outbox == []


def test_a_reminder_that_could_not_be_sent_is_reported_failed_and_tried_again(client, reviewer, overdue, monkeypatch):
    period, with_clerk, _with_address, _nowhere = overdue

    def refuse(**_kwargs):
        raise OSError("the mail server refused")

    monkeypatch.setattr(reminders, "send_email", refuse)
    client.force_login(reviewer)
    url = reverse("reports:late_remind", args=[period.code])
    html = client.post(url, {"agency": [with_clerk.pk]}, follow=True).content.decode()
    assert "Không gửi được thư, hãy thử lại sau: Sở có cán bộ." in html
    assert "Đã nhắc trong hôm nay" not in html
    assert "Đã gửi nhắc hạn: 0." in html
    assert not ReminderLog.objects.exists()  # the claim was given back
    monkeypatch.undo()
    result = reminders.send_reminders_now(period=period, agency_ids=[with_clerk.pk], user=reviewer)
    assert (result.sent, result.failed, result.already) == ([with_clerk], [], [])
    assert [m.to for m in mail.outbox] == [["canbo@example.vn"]]
