# ruff: noqa: T201 — a command-line report
"""The synthetic data the bench reads: loaded by ``seed_scale`` when missing, and the users pages are read as."""

import os
import subprocess
import sys

from .common import ROOT, timed


def synthetic_phases():
    """How many earlier synthetic phases hold reports (the plans themselves outlive a reseed)."""
    from reports.models import ActivityReport

    earlier = ActivityReport.objects.filter(period__plan__code__startswith="syn-", period__plan__end_year__lt=2021)
    return earlier.values("period__plan_id").distinct().count()


def ensure_seeded(report, *, factor, reseed, scale=()):
    """Load the synthetic data at ``factor`` unless it is there; the seconds it took, or None.

    In a process of its own (``manage.py seed_scale``, the bench's settings and database): the measures that
    follow run in this one, which must not carry the seed's millions of rows through its memory and collector
    (after an in-process seed at ×10, the quarter's compile measured 122 ms against 67 ms in a fresh process on
    the same data, 04/12/2026).
    """
    from django.db import connection

    from reports.models import Figure

    if not reseed and Figure.objects.exists() and synthetic_phases() == factor - 1:
        report.note(f"synthetic data already loaded (factor {factor}): {Figure.objects.count():,} figures")
        return None
    connection.close()  # the seed's transaction must not wait behind this process's idle connection
    command = [sys.executable, "manage.py", "seed_scale", f"--factor={factor}", "--allow-production-like", *scale]
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": os.environ.get("DJANGO_SETTINGS_MODULE", "bench.settings")}
    done = {}

    def seed():
        done["run"] = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True)  # noqa: S603 — ours

    seconds = timed(seed)
    if done["run"].returncode:
        raise RuntimeError(f"seed_scale failed: {done['run'].stderr.strip()[-2000:]}")
    print("  " + done["run"].stdout.strip(), flush=True)
    _checkpoint(report)
    return seconds


def _checkpoint(report):
    """On PostgreSQL, write the seed's pages out now (``CHECKPOINT``): left to the checkpointer, they were written
    over the next two and a half minutes, during the measures (the phase's compile measured 675 ms against 325 ms
    in the run before, 04/12/2026). Only a superuser may; otherwise the bench says so."""
    from django.db import DatabaseError, connection

    if connection.vendor != "postgresql":
        return
    try:
        with connection.cursor() as cursor:
            cursor.execute("CHECKPOINT")
    except DatabaseError as exc:
        report.note(f"CHECKPOINT after the seed not allowed ({exc}): the first measures may share the disk with it")


def _reopened(clerks, period, reviewer):
    """The seed draws the latest period's statuses by the day, so on some days (always with ``--tiny``'s one
    monthly clerk) no synthetic clerk's report is open: the reviewer returns or reopens the first one that can be,
    through the services, as a reviewer would. ``(None, None)`` when none can."""
    from reports import services
    from reports.models import ActivityReport

    reason = "Mở lại để đo trang của người nhập liệu (make bench)."
    for user in clerks:
        existing = ActivityReport.objects.filter(agency=user.agency, period=period).first()
        if existing is None:
            continue
        if existing.status == ActivityReport.Status.ACCEPTED:
            services.report_reopen(report=existing, user=reviewer, reason=reason)
        elif existing.status in (ActivityReport.Status.SUBMITTED, ActivityReport.Status.RESUBMITTED):
            services.report_return(report=existing, user=reviewer, reason=reason)
        else:
            continue
        existing.refresh_from_db()
        if existing.is_editable_status:
            return user, existing
    return None, None


def actors():
    """The users the pages are read as, and the clerk's editable report of the current period."""
    from django.utils import timezone

    from agencies.models import User
    from reports import calendar, services
    from reports.models import ActivityReport, ReportingPeriod

    today = timezone.localdate()
    code = calendar.period_for_day_window("month", today).code
    period = ReportingPeriod.objects.get(code=code)
    clerk = report = None
    clerks = User.objects.filter(username__startswith="syn-clerk-", agency__report_frequency="month").order_by(
        "username"
    )
    for user in clerks:
        existing = ActivityReport.objects.filter(agency=user.agency, period=period).first()
        if existing is None:
            existing, _ = services.report_get_or_create(agency=user.agency, period=period, user=user)
        if existing.is_editable_status:
            clerk, report = user, existing
            break
    reviewer = User.objects.get(username="syn-reviewer")
    if clerk is None:
        clerk, report = _reopened(clerks, period, reviewer)
    return {
        "clerk": clerk,
        "report": report,
        "reviewer": reviewer,
        "officer": User.objects.get(username="syn-officer"),
        "leader": User.objects.get(username="syn-leader"),
        "anonymous": None,
    }
