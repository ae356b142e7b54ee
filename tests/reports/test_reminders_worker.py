"""The reminder job through a real Redis broker and two real Celery workers: each e-mail goes once.

Six runs of the beat job land on two workers at once; the unique claim row
lets exactly one of them send each agency's reminder.
"""

import datetime
import time

import pytest
from django.utils import timezone

from agencies import roles as r
from reports import tasks
from reports.models import ReminderLog
from tests.factories import AgencyFactory, UserFactory
from tests.reports.factories import PeriodFactory

pytestmark = [pytest.mark.celery_worker, pytest.mark.postgres, pytest.mark.slow]


@pytest.fixture
def workers(start_worker, tmp_path):
    """Two workers (``tests/celery_workers``) writing their e-mails as files into the folder returned."""
    mail_dir = tmp_path / "mail"
    mail_dir.mkdir()
    for name in ("r1", "r2"):
        start_worker(name, THIDUA_EMAIL_DIR=str(mail_dir))
    return mail_dir


def test_six_runs_on_two_workers_send_each_reminder_once(workers, plan):
    today = timezone.localdate()
    PeriodFactory(
        plan=plan,
        number=3,
        start=today - datetime.timedelta(days=80),
        end=today - datetime.timedelta(days=1),
        deadline=today + datetime.timedelta(days=2),
        lock_date=today + datetime.timedelta(days=20),
    )
    for i in range(3):
        agency = AgencyFactory(code=f"W{i}")
        UserFactory(username=f"clerk_w{i}", agency=agency, roles=[r.CLERK], email=f"vanthu{i}@example.vn")
    for _ in range(6):
        tasks.send_deadline_reminders.delay(days_before=3)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if ReminderLog.objects.filter(sent_at__isnull=False).count() == 3 and len(list(workers.iterdir())) >= 1:
            break
        time.sleep(0.3)
    time.sleep(2)  # let the remaining runs finish: they must find every claim taken
    messages = "".join(path.read_text() for path in workers.iterdir())
    assert messages.count("Subject: ") == 3
    assert sorted(ReminderLog.objects.values_list("agency__code", flat=True)) == ["W0", "W1", "W2"]
