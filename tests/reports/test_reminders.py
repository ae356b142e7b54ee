import datetime

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone
from django_celery_beat.models import PeriodicTask

from agencies import roles as r
from reports import reminders, tasks
from reports.models import DigestLog, ReminderLog
from tests.factories import AgencyFactory, UserFactory
from tests.reports.factories import PeriodFactory, ReportFactory

D = datetime.date


@pytest.fixture
def due_period(plan):
    return PeriodFactory(
        plan=plan, number=3, start=D(2099, 6, 15), end=D(2099, 9, 14), deadline=D(2099, 9, 16), lock_date=D(2099, 10, 7)
    )


@pytest.fixture
def waiting_agency(db):
    agency = AgencyFactory(code="WAIT", name="UBND huyện Si Ma Cai (thử)")
    UserFactory(username="clerk_wait", agency=agency, roles=[r.CLERK], email="vanthu@simacai.vn")
    UserFactory(username="head_wait", agency=agency, roles=[r.AGENCY_HEAD], email="lanhdao@simacai.vn")
    return agency


def test_reminder_before_the_deadline_is_sent_once_however_often_the_job_runs(due_period, waiting_agency):
    done = AgencyFactory(code="DONE")
    UserFactory(username="clerk_done", agency=done, roles=[r.CLERK])
    ReportFactory(agency=done, period=due_period, status="submitted", submitted_at=timezone.now())
    assert reminders.send_deadline_reminders(today=D(2099, 9, 14), days_before=3) == 1
    assert reminders.send_deadline_reminders(today=D(2099, 9, 14), days_before=3) == 0
    assert reminders.send_deadline_reminders(today=D(2099, 9, 15), days_before=3) == 0
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert sorted(message.to) == ["lanhdao@simacai.vn", "vanthu@simacai.vn"]
    assert message.subject.startswith("Nhắc hạn")
    assert "16/09/2099" in message.subject
    assert "UBND huyện Si Ma Cai (thử)" in message.body
    assert "http://127.0.0.1:8000/reports/" in message.body  # an absolute link: no request to build it from
    assert message.alternatives[0][1] == "text/html"
    log = ReminderLog.objects.get()
    assert (log.kind, log.sent_at is not None) == ("before", True)


def test_the_reminder_is_signed_by_the_agency_of_the_reviewers(due_period, waiting_agency, reviewer):
    # Whoever receives the reports signs (the reviewers' agency: it changes with a reorganisation), not a name
    # written in the templates.
    reminders.send_deadline_reminders(today=D(2099, 9, 14))
    message = mail.outbox[0]
    assert message.body.rstrip().splitlines()[-2] == reviewer.agency.name
    assert f"<p>{reviewer.agency.name}<br>" in message.alternatives[0][0]


def test_the_reminders_name_the_period_in_lower_case_inside_their_sentences(due_period, waiting_agency):
    reminders.send_deadline_reminders(today=D(2099, 9, 14))
    reminders.send_deadline_reminders(today=D(2099, 9, 17))
    before, after = mail.outbox
    assert before.subject == "Nhắc hạn: báo cáo kết quả tuyên truyền quý III năm 2099, hạn gửi ngày 16/09/2099"
    assert "phong trào thi đua yêu nước quý III năm 2099 (số liệu từ ngày 15/06/2099" in before.body
    assert after.subject == "Quá hạn: báo cáo kết quả tuyên truyền quý III năm 2099 đã hết hạn gửi ngày 16/09/2099"
    assert "Đã quá thời hạn gửi báo cáo kết quả tuyên truyền quý III năm 2099 (ngày 16/09/2099)" in after.body
    assert "Quý III/2099" not in before.body + after.body


def test_with_reviewers_of_no_agency_or_of_several_the_system_signs(due_period, waiting_agency, reviewer):
    UserFactory(username="reviewer_2", agency=AgencyFactory(code="SKHCN-T"), roles=[r.REVIEWER])
    reminders.send_deadline_reminders(today=D(2099, 9, 14))
    assert mail.outbox[0].body.rstrip().splitlines()[-2] == "Hệ thống Thi đua"
    assert reviewer.agency.name not in mail.outbox[0].body


def test_too_early_nothing_is_sent(due_period, waiting_agency):
    assert reminders.send_deadline_reminders(today=D(2099, 9, 10), days_before=3) == 0
    assert mail.outbox == []


def test_after_the_deadline_a_second_kind_of_reminder_goes_once(due_period, waiting_agency):
    reminders.send_deadline_reminders(today=D(2099, 9, 15))
    reminders.send_deadline_reminders(today=D(2099, 9, 17))
    reminders.send_deadline_reminders(today=D(2099, 9, 18))
    assert [m.subject.split(":")[0] for m in mail.outbox] == ["Nhắc hạn", "Quá hạn"]
    assert set(ReminderLog.objects.values_list("kind", flat=True)) == {"before", "after"}


def test_the_celery_task_runs_the_same_service_once(due_period, waiting_agency, settings):
    # Eager Celery: the beat job as sent by the scheduler, twice; the clock is the real one, so the
    # period is moved to make today two days before its deadline.
    today = timezone.localdate()
    due_period.start = today - datetime.timedelta(days=90)
    due_period.end = today - datetime.timedelta(days=1)
    due_period.deadline = today + datetime.timedelta(days=2)
    due_period.save()
    tasks.send_deadline_reminders.delay(days_before=3)
    tasks.send_deadline_reminders.delay(days_before=3)
    assert len(mail.outbox) == 1


def test_a_failed_send_gives_the_claim_back(due_period, waiting_agency, settings):
    settings.EMAIL_BACKEND = "tests.reports.failing_backend.EmailBackend"
    assert reminders.send_deadline_reminders(today=D(2099, 9, 14)) == 0
    assert not ReminderLog.objects.exists()
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    assert reminders.send_deadline_reminders(today=D(2099, 9, 14)) == 1


def test_reviewer_digest_once_a_day(due_period, waiting_agency, reviewer):
    yesterday = timezone.make_aware(datetime.datetime.combine(D(2099, 9, 15), datetime.time(10, 0)))
    ReportFactory(
        agency=waiting_agency,
        period=due_period,
        status="submitted",
        submitted_at=yesterday,
        last_submitted_at=yesterday,
    )
    assert reminders.send_reviewer_digest(today=D(2099, 9, 16)) == 1
    assert reminders.send_reviewer_digest(today=D(2099, 9, 16)) == 0
    assert DigestLog.objects.count() == 1
    assert "UBND huyện Si Ma Cai (thử)" in mail.outbox[0].body
    # Nothing arrived the day before: no digest.
    assert reminders.send_reviewer_digest(today=D(2099, 9, 20)) == 0


def test_load_plan_installs_editable_beat_entries(plan_data):
    task = PeriodicTask.objects.get(task="reports.send_deadline_reminders")
    task.kwargs = '{"days_before": 5}'
    task.save()
    call_command("load_plan", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert PeriodicTask.objects.get(task="reports.send_deadline_reminders").kwargs == '{"days_before": 5}'
    assert PeriodicTask.objects.filter(task="reports.send_reviewer_digest").exists()
