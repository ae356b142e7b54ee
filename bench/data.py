# ruff: noqa: T201 — a command-line report
"""The synthetic data the bench reads: loaded by ``seed_scale`` when missing, and the users pages are read as."""

import io

from .common import timed


def synthetic_phases():
    """How many earlier synthetic phases hold reports (the plans themselves outlive a reseed)."""
    from reports.models import ActivityReport

    earlier = ActivityReport.objects.filter(period__plan__code__startswith="syn-", period__plan__end_year__lt=2021)
    return earlier.values("period__plan_id").distinct().count()


def ensure_seeded(report, *, factor, reseed, scale=()):
    from django.core.management import call_command

    from reports.models import Figure

    if not reseed and Figure.objects.exists() and synthetic_phases() == factor - 1:
        report.note(f"synthetic data already loaded (factor {factor}): {Figure.objects.count():,} figures")
        return None
    out = io.StringIO()
    seconds = timed(
        lambda: call_command("seed_scale", f"--factor={factor}", "--allow-production-like", *scale, stdout=out)
    )
    print("  " + out.getvalue().strip(), flush=True)
    return seconds


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
    for user in User.objects.filter(username__startswith="syn-clerk-", agency__report_frequency="month").order_by(
        "username"
    ):
        existing = ActivityReport.objects.filter(agency=user.agency, period=period).first()
        if existing is None:
            existing, _ = services.report_get_or_create(agency=user.agency, period=period, user=user)
        if existing.is_editable_status:
            clerk, report = user, existing
            break
    return {
        "clerk": clerk,
        "report": report,
        "reviewer": User.objects.get(username="syn-reviewer"),
        "officer": User.objects.get(username="syn-officer"),
        "leader": User.objects.get(username="syn-leader"),
        "anonymous": None,
    }
