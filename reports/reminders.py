"""Reminder e-mails to agencies that have not reported, and the reviewer's daily digest.

Each e-mail is sent at most once per agency, period and kind (once per
reviewer and day for the digest), however often the job runs: a row of
``ReminderLog`` / ``DigestLog`` is inserted under a unique constraint before
sending (the claim), so a second run, or two workers at once, find it taken.
A send that fails gives its claim back so the next run tries again.
"""

import datetime
import logging
from dataclasses import dataclass, field

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from agencies import roles as r
from agencies.models import Agency, User

from .models import ActivityReport, DigestLog, ReminderLog, ReportingPeriod

logger = logging.getLogger(__name__)

DEFAULT_DAYS_BEFORE = 3
SCHEDULE_TIME = (7, 0)  # 07:00 Asia/Ho_Chi_Minh, before the working day starts


def site_url(path):
    return getattr(settings, "SITE_URL", "").rstrip("/") + path


def send_email(*, template, context, to):
    """One e-mail in Vietnamese, text and HTML, from ``template``'s ``_subject.txt``, ``.txt`` and ``.html``
    (``template``: a path without them, e.g. ``reports/email/digest``)."""
    with translation.override("vi"):
        subject = " ".join(render_to_string(f"{template}_subject.txt", context).split())
        text = render_to_string(f"{template}.txt", context)
        html = render_to_string(f"{template}.html", context)
    message = EmailMultiAlternatives(subject=subject, body=text, to=to)
    message.attach_alternative(html, "text/html")
    message.send()


def deliver(claim, *, template, context, to, recipients_field, what):
    """Send the e-mail a saved ``claim`` row stands for; True when it went out. On failure the claim is given
    back (deleted) so that the next try sends it; on success it records when and to whom."""
    try:
        send_email(template=template, context=context, to=to)
    except Exception:
        claim.delete()
        logger.exception("%s could not be sent", what)
        return False
    claim.sent_at = timezone.now()
    setattr(claim, recipients_field, ", ".join(to)[: claim._meta.get_field(recipients_field).max_length])
    claim.save(update_fields=["sent_at", recipients_field])
    return True


def sender_name():
    """Who signs the reminders: the agency of the active reviewers, who receive the reports; one query.

    Not a department written in the templates: the one that receives the reports changes with a
    reorganisation (Sở Thông tin và Truyền thông before 01/03/2025), and the administrator moves the
    reviewers to the successor. ``None`` when the reviewers belong to no agency or to several: the
    templates then sign with the system's name.
    """
    names = list(
        User.objects.filter(is_active=True, groups__name=r.REVIEWER, agency__isnull=False)
        .values_list("agency__name", flat=True)
        .distinct()[:2]
    )
    return names[0] if len(names) == 1 else None


def recipients_of(agency, users_by_agency):
    """The addresses a reminder to ``agency`` goes to: its staff's (``staff_by_agency``), else its own."""
    emails = sorted({u.email for u in users_by_agency.get(agency.pk, []) if u.email})
    if not emails and agency.email:
        emails = [agency.email]
    return emails


def staff_by_agency(agencies):
    """The active clerks and heads of ``agencies``, by agency id (1 query)."""
    users_by_agency = {}
    for user in User.objects.filter(
        agency__in=agencies, is_active=True, groups__name__in=[r.CLERK, r.AGENCY_HEAD]
    ).distinct():
        users_by_agency.setdefault(user.agency_id, []).append(user)
    return users_by_agency


# What ``_remind`` did.
SENT, TAKEN, FAILED, NO_ADDRESS = "sent", "taken", "failed", "no address"


def _remind(agency, period, kind, to, *, today, sender, by=None):
    """Claim, then send one reminder: ``SENT``; ``NO_ADDRESS``; ``TAKEN`` when another run (or reviewer) sent it
    today; ``FAILED`` when the e-mail could not be sent (the claim is given back: a later try sends it)."""
    if not to:
        return NO_ADDRESS
    claim = _claim(agency=agency, period=period, kind=kind, day=today, sent_by=by)
    if claim is None:
        return TAKEN
    context = {
        "agency": agency,
        "period": period,
        "kind": kind,
        "days_left": (period.deadline - today).days,
        "url": site_url(reverse("reports:my_reports")),
        "sender": sender,
    }
    delivered = deliver(
        claim,
        template=f"reports/email/reminder_{kind}",
        context=context,
        to=to,
        recipients_field="recipients",
        what=f"Reminder to {agency.code} for {period.code}",
    )
    return SENT if delivered else FAILED


@dataclass
class ByHand:
    """What a reminder sent by hand did: agencies reminded, already reminded today, without any address, and
    those whose e-mail could not be sent (not reminded: a later try sends it)."""

    sent: list = field(default_factory=list)
    already: list = field(default_factory=list)
    no_address: list = field(default_factory=list)
    failed: list = field(default_factory=list)


def send_reminders_now(*, period, agency_ids, user, today=None):
    """Remind now, by hand, the agencies ``agency_ids`` that still owe ``period``'s report, through the same
    claim as the daily job: at most once per agency, period, kind and day. The kind follows the deadline."""
    today = today or timezone.localdate()
    kind = ReminderLog.Kind.BEFORE_DEADLINE if period.deadline >= today else ReminderLog.Kind.AFTER_DEADLINE
    done = ActivityReport.objects.filter(
        period=period, status__in=[*ActivityReport.RECEIVED_STATUSES, ActivityReport.Status.RETURNED]
    ).values_list("agency_id", flat=True)
    agencies = [
        a
        for a in Agency.objects.reporting().filter(pk__in=agency_ids, report_frequency=period.kind).exclude(pk__in=done)
        if a.is_active_on(period.end)
    ]
    users_by_agency = staff_by_agency(agencies)
    sender = sender_name()
    result = ByHand()
    outcomes = {SENT: result.sent, TAKEN: result.already, NO_ADDRESS: result.no_address, FAILED: result.failed}
    for agency in agencies:
        to = recipients_of(agency, users_by_agency)
        outcomes[_remind(agency, period, kind, to, today=today, sender=sender, by=user)].append(agency)
    return result


def reachable_ids(agencies):
    """The ids of ``agencies`` a reminder can reach: an active clerk or head with an e-mail, or the agency's
    own address (1 query)."""
    with_staff = set(
        User.objects.filter(agency__in=agencies, is_active=True, groups__name__in=[r.CLERK, r.AGENCY_HEAD])
        .exclude(email="")
        .values_list("agency_id", flat=True)
    )
    return {a.pk for a in agencies if a.pk in with_staff or a.email}


def _claim(**lookup):
    try:
        with transaction.atomic():
            return ReminderLog.objects.create(**lookup)
    except IntegrityError:
        return None


def _periods_to_remind(today, days_before):
    """``[(period, kind)]``: periods due within ``days_before`` days, and periods past their deadline, not locked."""
    periods = ReportingPeriod.objects.filter(kind__in=["month", "quarter"]).filter(
        Q(deadline__gte=today, deadline__lte=today + datetime.timedelta(days=days_before), start__lte=today)
        | Q(deadline__lt=today, lock_date__gte=today)
    )
    return [
        (p, ReminderLog.Kind.BEFORE_DEADLINE if p.deadline >= today else ReminderLog.Kind.AFTER_DEADLINE)
        for p in periods.order_by("end")
    ]


def send_deadline_reminders(*, today=None, days_before=DEFAULT_DAYS_BEFORE):
    """E-mail the clerks of each agency that has not submitted a due period's report; return how many were sent.

    "Before" reminders go out from ``days_before`` days ahead of the deadline
    until it, "after" reminders from the day after it until the lock date;
    each at most once per agency, period and kind (``ReminderLog``).
    """
    today = today or timezone.localdate()
    sent = 0
    sender = sender_name()
    for period, kind in _periods_to_remind(today, days_before):
        agencies = [
            a for a in Agency.objects.reporting().filter(report_frequency=period.kind) if a.is_active_on(period.end)
        ]
        done = set(
            ActivityReport.objects.filter(period=period, agency__in=agencies)
            .filter(status__in=[*ActivityReport.RECEIVED_STATUSES, ActivityReport.Status.RETURNED])
            .values_list("agency_id", flat=True)
        )
        already = set(ReminderLog.objects.filter(period=period, kind=kind).values_list("agency_id", flat=True))
        waiting = [a for a in agencies if a.pk not in done and a.pk not in already]
        if not waiting:
            continue
        users_by_agency = staff_by_agency(waiting)
        for agency in waiting:
            to = recipients_of(agency, users_by_agency)
            if _remind(agency, period, kind, to, today=today, sender=sender) == SENT:
                sent += 1
    return sent


def send_reviewer_digest(*, today=None):
    """E-mail each reviewer the reports that arrived the day before ``today``; once per reviewer and day."""
    today = today or timezone.localdate()
    start = timezone.make_aware(datetime.datetime.combine(today - datetime.timedelta(days=1), datetime.time.min))
    end = start + datetime.timedelta(days=1)
    arrived = list(
        ActivityReport.objects.filter(last_submitted_at__gte=start, last_submitted_at__lt=end)
        .select_related("agency", "period")
        .order_by("period__end", "agency__name")
    )
    if not arrived:
        return 0
    sent = 0
    reviewers = User.objects.filter(is_active=True, groups__name=r.REVIEWER).exclude(email="").distinct()
    for reviewer in reviewers:
        try:
            with transaction.atomic():
                claim = DigestLog.objects.create(user=reviewer, day=today)
        except IntegrityError:
            continue
        context = {
            "reviewer": reviewer,
            "day": today - datetime.timedelta(days=1),
            "reports": arrived,
            "url": site_url(reverse("reports:inbox")),
        }
        try:
            send_email(template="reports/email/digest", context=context, to=[reviewer.email])
        except Exception:
            claim.delete()
            logger.exception("Digest to %s could not be sent", reviewer.username)
            continue
        claim.sent_at = timezone.now()
        claim.save(update_fields=["sent_at"])
        sent += 1
    return sent


def install_schedules(*, stdout=None):
    """PLAN_LOADERS step: the beat entries of the reminders, editable in the admin (django-celery-beat).

    Existing entries are left as the admin set them (time, ``days_before``).
    """
    entries = [
        ("Nhắc hạn báo cáo", "reports.send_deadline_reminders", {"days_before": DEFAULT_DAYS_BEFORE}),
        ("Tổng hợp báo cáo đến hằng ngày", "reports.send_reviewer_digest", {}),
    ]
    install_beat_entries(entries)
    if stdout is not None:
        stdout.write("Reminder schedules: " + ", ".join(name for name, _t, _k in entries))


def install_beat_entries(entries):
    """Beat entries ``(name, task, kwargs)`` run daily at ``SCHEDULE_TIME``; an existing entry (by name) is kept."""
    import json

    from django_celery_beat.models import CrontabSchedule, PeriodicTask

    hour, minute = SCHEDULE_TIME
    crontab, _ = CrontabSchedule.objects.get_or_create(
        minute=str(minute),
        hour=str(hour),
        day_of_week="*",
        day_of_month="*",
        month_of_year="*",
        timezone=settings.TIME_ZONE,
    )
    for name, task, kwargs in entries:
        PeriodicTask.objects.get_or_create(
            name=name, defaults={"task": task, "crontab": crontab, "kwargs": json.dumps(kwargs)}
        )
