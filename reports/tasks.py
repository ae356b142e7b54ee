"""Celery tasks of the reports app (the reminders): thin, named, keyword-only ids; the work is in the services.

The province report's tasks are in ``province.tasks``.
"""

from celery import shared_task

from . import reminders


@shared_task(name="reports.send_deadline_reminders")
def send_deadline_reminders(*, days_before=reminders.DEFAULT_DAYS_BEFORE):
    """Beat: remind agencies that have not reported (at most once per agency, period and kind)."""
    reminders.send_deadline_reminders(days_before=days_before)


@shared_task(name="reports.send_reviewer_digest")
def send_reviewer_digest():
    """Beat: each reviewer's daily digest of the reports that arrived (once per reviewer and day)."""
    reminders.send_reviewer_digest()
