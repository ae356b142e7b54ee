"""A little sample data for `seed_demo`: this year's calendar and reports in every status."""

import datetime

from django.contrib.auth.models import Group
from django.db import transaction
from django.utils import timezone

from agencies.models import Agency, User
from campaigns.models import Metric, Theme
from campaigns.selectors import current_plan

from . import calendar, services
from .models import ActivityReport, ReportingPeriod


def _figures(period, seed):
    metrics = list(Metric.objects.filter(channel__plan=period.plan).order_by("channel__order", "order"))
    themes = list(Theme.objects.filter(plan=period.plan).order_by("order"))
    cells = {}
    for i, metric in enumerate(metrics[:6]):
        for j, theme in enumerate(themes):
            if (i + j + seed) % 3 == 0:
                cells[(metric.pk, theme.pk)] = (i + 1) * (j + 2) + seed
    return cells


def _at(day, hour=9):
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, 0)))


@transaction.atomic
def seed_demo_reports(*, stdout=None):
    """Generate this year's periods, then a few quarterly reports: accepted, late, returned, draft.

    Skips everything when the demo reports exist already.
    """
    today = timezone.localdate()
    plan = current_plan(on=today)
    if plan is None:
        return
    calendar.load_holidays()
    for year in (today.year, today.year + 1):
        calendar.generate_periods(plan=current_plan(on=datetime.date(year, 6, 1)), years=[year])
    past = ReportingPeriod.objects.filter(kind="quarter", deadline__lt=today).order_by("-end").first()
    current = (
        ReportingPeriod.objects.filter(kind="quarter", deadline__gte=today, start__lte=today).order_by("end").first()
    )
    if past is None or ActivityReport.objects.filter(period=past).exists():
        return
    reviewer = User.objects.filter(groups__name="reviewer", is_active=True).first()
    if reviewer is None:
        return  # the sample reports need a reviewer to accept, return and open past periods
    plans = [
        ("BLC", "accepted", 0),
        # District People's Committees ended on 30/06/2025; a department plays the late agency.
        ("SYT", "late", 1),
        ("SVHTT", "returned", 2),
        ("TDTN", "submitted", 0),
        ("HLHPN", "draft", 1),
    ]
    made = 0
    for code, outcome, offset in plans:
        agency = Agency.objects.filter(code=code).first()
        clerk = (
            User.objects.filter(agency=agency, groups__name__in=["clerk", "agency_head"]).first() if agency else None
        )
        if agency is None:
            continue
        if clerk is None:
            clerk = User.objects.create_user(
                username=f"clerk.{code.lower()}", password=None, agency=agency, full_name=f"Văn thư {agency.short_name}"
            )
            clerk.groups.add(*Group.objects.filter(name="clerk"))
        report, _ = services.report_get_or_create(agency=agency, period=past, user=clerk)
        if report.period.is_locked():
            # The sample period is past its lock date: the reviewer opens it, as they would for a late agency.
            services.report_reopen(report=report, user=reviewer, reason="Dữ liệu mẫu")
        services.report_save(
            report=report,
            user=clerk,
            expected_version=report.version,
            narratives={
                "results": f"{agency.short_name} đã đăng tải tin, bài tuyên truyền các phong trào thi đua yêu nước.",
                "shortcomings": "Một số chuyên mục chưa duy trì thường xuyên.",
                "next_tasks": "Tiếp tục giới thiệu các điển hình tiên tiến.",
                "proposals": "",
            },
            figures=_figures(past, offset),
        )
        if outcome == "draft":
            made += 1
            continue
        services.report_submit(report=report, user=clerk, confirm_empty=True)
        submitted = (
            past.deadline - datetime.timedelta(days=1)
            if outcome != "late"
            else past.deadline + datetime.timedelta(days=3)
        )
        ActivityReport.objects.filter(pk=report.pk).update(
            submitted_at=_at(submitted), last_submitted_at=_at(submitted)
        )
        report.refresh_from_db()
        if outcome in ("accepted", "late"):
            services.report_accept(report=report, user=reviewer)
        if outcome == "returned":
            services.report_return(
                report=report, user=reviewer, reason="Đề nghị bổ sung số liệu hình thức hội nghị (HT5) và minh chứng."
            )
        made += 1
    made += _seed_ceased_agency_report(reviewer)
    if current is not None:
        agency = Agency.objects.filter(code="BLC").first()
        clerk = User.objects.filter(agency=agency, groups__name="clerk").first()
        if agency and clerk:
            report, _ = services.report_get_or_create(agency=agency, period=current, user=clerk)
            services.report_save(
                report=report, user=clerk, expected_version=report.version, figures=_figures(current, 1)
            )
            made += 1
    if stdout is not None:
        stdout.write(f"Demo activity reports: {made}")


def _seed_ceased_agency_report(reviewer):
    """An accepted report of Bát Xát's People's Committee for its last quarter, so its clerk sees past data."""
    agency = Agency.objects.filter(code="UBND-BATXAT", active_until__isnull=False).first()
    clerk = User.objects.filter(agency=agency, groups__name="clerk").first() if agency else None
    if clerk is None:
        return 0
    period = (
        ReportingPeriod.objects.filter(kind=agency.report_frequency, end__lte=agency.active_until)
        .order_by("-end")
        .first()
    )
    if period is None:
        return 0
    report, _ = services.report_get_or_create(agency=agency, period=period, user=clerk)
    if report.period.is_locked():
        services.report_reopen(report=report, user=reviewer, reason="Dữ liệu mẫu")
    services.report_save(
        report=report,
        user=clerk,
        expected_version=report.version,
        narratives={"results": "Tuyên truyền trên Cổng thông tin điện tử huyện và hệ thống loa truyền thanh cơ sở."},
        figures=_figures(period, 2),
    )
    services.report_submit(report=report, user=clerk, confirm_empty=True)
    ActivityReport.objects.filter(pk=report.pk).update(
        submitted_at=_at(period.deadline), last_submitted_at=_at(period.deadline)
    )
    report.refresh_from_db()
    services.report_accept(report=report, user=reviewer)
    return 1
