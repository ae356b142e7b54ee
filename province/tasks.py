"""Celery tasks of the province report: thin, named, keyword-only ids; the work is in ``compilation``.

The registered names stay those of the time these tasks lived in the ``reports`` app: messages already
queued, and the beat entries ``load_plan`` installed (django-celery-beat stores the task's name in each
``PeriodicTask`` row), name them so.
"""

from celery import shared_task

from . import compilation


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
