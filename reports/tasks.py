"""Celery tasks of the reports app: thin, named, keyword-only ids; the work is in the services."""

from celery import shared_task

from . import compilation, reminders


@shared_task(name="reports.compile_report", acks_late=True, reject_on_worker_lost=True)
def compile_report(*, compiled_report_id):
    """Compile one version of the province report.

    ``acks_late``: the message is acknowledged only when the run ends, so a
    worker killed half-way leaves it to be delivered again; the service's
    claim makes the re-run harmless and leaves exactly one set of files.
    """
    compilation.compiled_report_run(compiled_report_id=compiled_report_id)


@shared_task(name="reports.compile_due_reports")
def compile_due_reports():
    """Beat: compile the draft report of every period whose deadline has passed and has none yet."""
    compilation.compile_due_reports()


@shared_task(name="reports.send_deadline_reminders")
def send_deadline_reminders(*, days_before=reminders.DEFAULT_DAYS_BEFORE):
    """Beat: remind agencies that have not reported (at most once per agency, period and kind)."""
    reminders.send_deadline_reminders(days_before=days_before)


@shared_task(name="reports.send_reviewer_digest")
def send_reviewer_digest():
    """Beat: each reviewer's daily digest of the reports that arrived (once per reviewer and day)."""
    reminders.send_reviewer_digest()
