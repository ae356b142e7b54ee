"""Demo guidance for ``manage.py seed_demo`` (a ``DEMO_SEEDERS`` step): fictional documents, real flow.

Two guidance documents of the demo reviewer's agency, drafted and issued through the services on their
own dates: one to every reporting agency some weeks ago (the occasion: the anniversary of the province's
re-establishment on 01/10/1991), acknowledged by Báo Lào Cai and answered by its report of that time; one
to the press a few days ago, still waiting, so that ``clerk.baolaocai`` finds it on the home page; and an
order to Báo Lào Cai over its last two accepted quarters, half delivered.
Running it again adds nothing.
"""

import datetime

from django.db import models
from django.utils import timezone

from agencies.models import Agency, User
from campaigns.models import Movement
from campaigns.selectors import current_plan
from core.demo import at
from reports.models import ActivityReport, Figure

from . import services
from .models import ContentProvision, Guidance, PressOrder, PressOrderLine

RE_ESTABLISHED = datetime.date(1991, 10, 1)  # the province's re-establishment (SPEC §1, issue 17)


def _next_anniversary(day):
    """How many years the province's re-establishment turns on the first 1 October from ``day`` on."""
    year = day.year if day <= day.replace(month=10, day=1) else day.year + 1
    return year - RE_ESTABLISHED.year


def _documents(today):
    anniversary = _next_anniversary(today - datetime.timedelta(days=80))
    return [
        {
            "number": "DEMO-01/HD-STTTT",
            "days_ago": 80,
            "valid_days": 100,
            "title": "Định hướng tuyên truyền phong trào thi đua yêu nước quý IV",
            "key_messages": (
                "Tuyên truyền các phong trào thi đua yêu nước gắn với xây dựng nông thôn mới; giới thiệu "
                "gương điển hình tiên tiến, người tốt, việc tốt trên báo chí và mạng xã hội."
            ),
            "occasions": f"Kỷ niệm {anniversary} năm Ngày tái lập tỉnh Lào Cai (01/10/1991).",
            "audience": Guidance.Audience.ALL,
            "kinds": [],
            "themes": 2,
            "acknowledged_by": ["head.baolaocai"],
            "answered_by": "BLC",
        },
        {
            "number": "DEMO-02/HD-STTTT",
            "days_ago": 5,
            "valid_days": 40,
            "title": "Định hướng tuyên truyền trên báo chí tháng tới",
            "key_messages": "Mở chuyên trang, chuyên mục giới thiệu các mô hình mới, nhân tố mới.",
            "occasions": "",
            "audience": Guidance.Audience.CHOSEN,
            "kinds": [Agency.Kind.PRESS],
            "themes": 1,
            "acknowledged_by": [],
            "answered_by": None,
        },
    ]


def seed_demo_guidance(*, stdout=None) -> int:
    """Create the demo guidance that does not exist yet; returns how many were issued."""
    reviewer = User.objects.filter(username="reviewer.stttt").select_related("agency").first()
    plan = current_plan()
    if reviewer is None or reviewer.agency is None or plan is None:
        return 0
    today = timezone.localdate()
    created = 0
    for item in _documents(today):
        if Guidance.objects.filter(number=item["number"]).exists():
            continue
        _issue_one(item, plan=plan, reviewer=reviewer, today=today)
        created += 1
    ordered = _order_half_delivered(plan=plan, reviewer=reviewer)
    if stdout is not None:
        stdout.write(f"Demo guidance: {created} issued; demo press orders: {ordered}")
    return created


ORDER_NUMBER = "DEMO-01/ĐH-STTTT"


def _order_half_delivered(*, plan, reviewer):
    """An order to Báo Lào Cai over its last two accepted quarters: its three largest cells, twice what was
    delivered, so that each reads 50,0 %. Returns how many orders were made (0 or 1)."""
    if PressOrder.objects.filter(number=ORDER_NUMBER).exists():
        return 0
    reports = list(
        ActivityReport.objects.filter(agency__code="BLC", status=ActivityReport.Status.ACCEPTED)
        .select_related("period", "agency")
        .order_by("-period__end")[:2]
    )
    return _half_delivered_order(plan=plan, reviewer=reviewer, reports=reports, number=ORDER_NUMBER, budget=120_000_000)


def _half_delivered_order(*, plan, reviewer, reports, number, budget):
    """An order to the press agency of ``reports`` over their periods: their three largest cells at twice what
    they delivered. Returns how many orders were made (0 or 1)."""
    if not reports:
        return 0
    start = min(r.period.start for r in reports)
    end = max(r.period.end for r in reports)
    order = PressOrder(
        plan=plan,
        issuer=reviewer.agency,
        press_agency=reports[0].agency,
        number=number,
        ordered_on=start - datetime.timedelta(days=10),
        period_start=start,
        period_end=end,
        budget=budget,
        created_by=reviewer,
    )
    cells = (
        Figure.objects.filter(report__in=reports)
        .values("metric_id", "theme_id")
        .annotate(total=models.Sum("value"))
        .order_by("-total", "metric_id", "theme_id")[:3]
    )
    lines = [(c["metric_id"], c["theme_id"], 2 * c["total"]) for c in cells if c["total"]]
    if not lines:
        return 0
    with at(order.ordered_on, 9):
        order.save()
        PressOrderLine.objects.bulk_create(
            [PressOrderLine(order=order, metric_id=m, theme_id=t, quantity=q) for m, t, q in lines]
        )
    return 1


def _issue_one(item, *, plan, reviewer, today):
    day = today - datetime.timedelta(days=item["days_ago"])
    with at(day, 8, 30):
        guidance = Guidance.objects.create(
            plan=plan,
            issuer=reviewer.agency,
            number=item["number"],
            issued_on=day,
            title=item["title"],
            key_messages=item["key_messages"],
            occasions=item["occasions"],
            valid_from=day,
            valid_until=day + datetime.timedelta(days=item["valid_days"]),
            audience=item["audience"],
            recipient_kinds=item["kinds"],
            created_by=reviewer,
        )
        guidance.themes.set(plan.themes.order_by("order")[: item["themes"]])
        guidance.movements.set(Movement.objects.filter(code="nong-thon-moi"))
        services.guidance_issue(guidance=guidance, user=reviewer, today=day)
    for username in item["acknowledged_by"]:
        user = User.objects.filter(username=username).first()
        recipient = user and guidance.recipients.filter(agency_id=user.agency_id).first()
        if recipient:
            with at(day + datetime.timedelta(days=2), 10):
                services.acknowledge(recipient=recipient, user=user)
    report = (
        ActivityReport.objects.filter(
            agency__code=item["answered_by"], period__start__lte=guidance.valid_until, period__end__gte=day
        )
        .order_by("period__end")
        .first()
        if item["answered_by"]
        else None
    )
    if report is not None:
        services.report_link_add(guidance=guidance, report=report, user=None)
    return guidance


# -- each past quarter, before its province report is compiled (``province.demo``) ------------------

QUARTER_ACKNOWLEDGING = 7  # of every ten recipients of a quarter's guidance (by code), those that acknowledge
QUARTER_CONTENT = 12  # items of content provided to the press in a quarter
CONTENT_LINK_PREFIX = "https://example.vn/tu-lieu/"  # where the demo's content "is"


def seed_demo_quarter(period, *, reviewer, compile_day):
    """The duties of one past quarter, lived before its province report is compiled on ``compile_day``.

    A guidance document issued a few days into the quarter to every reporting agency, acknowledged by most of
    them and answered by some accepted reports; an order to Báo Lào Cai over the quarter for twice its three
    largest accepted cells (half delivered); content provided to the press agencies on the quarter's themes, two
    in three used. Nothing twice: a quarter whose guidance exists is left alone. Returns 1 if it was seeded.
    """
    number = f"DEMO-{period.code}/HD-STTTT"
    if reviewer is None or reviewer.agency is None or Guidance.objects.filter(number=number).exists():
        return 0
    day = period.start + datetime.timedelta(days=5)
    guidance = _quarter_guidance(period, number, day, reviewer)
    _quarter_acknowledgements(guidance, day)
    _quarter_content(period, compile_day)
    reports = list(
        ActivityReport.objects.filter(period=period, status=ActivityReport.Status.ACCEPTED, agency__code="BLC")
    )
    _half_delivered_order(
        plan=period.plan, reviewer=reviewer, reports=reports, number=f"DEMO-{period.code}/ĐH-STTTT", budget=60_000_000
    )
    answered = (
        ActivityReport.objects.filter(
            period=period,
            status=ActivityReport.Status.ACCEPTED,
            agency__guidance_received__guidance=guidance,
            agency__guidance_received__acknowledged_at__isnull=False,
        )
        .order_by("agency__code")
        .distinct()[:10]
    )
    for report in answered:
        services.report_link_add(guidance=guidance, report=report, user=None)
    return 1


def _quarter_guidance(period, number, day, reviewer):
    with at(day, 8, 30):
        guidance = Guidance.objects.create(
            plan=period.plan,
            issuer=reviewer.agency,
            number=number,
            issued_on=day,
            title=f"Định hướng tuyên truyền phong trào thi đua yêu nước {period.label}",
            key_messages=(
                "Tuyên truyền các phong trào thi đua yêu nước, gương điển hình tiên tiến; bám sát các ngày lễ lớn "
                "và sự kiện của tỉnh trong kỳ."
            ),
            valid_from=day,
            valid_until=period.end,
            audience=Guidance.Audience.ALL,
            created_by=reviewer,
        )
        guidance.themes.set(period.plan.themes.order_by("order")[:3])
        return services.guidance_issue(guidance=guidance, user=reviewer, today=day)


def _quarter_acknowledgements(guidance, day):
    """Most recipients acknowledge, each through one of its active clerks, two days after the issue."""
    recipients = list(guidance.recipients.select_related("agency").order_by("agency__code"))
    clerks = {}
    for user in User.objects.filter(
        agency_id__in=[r.agency_id for r in recipients], groups__name="clerk", is_active=True
    ).order_by("pk"):
        clerks.setdefault(user.agency_id, user)
    chosen = [r for i, r in enumerate(recipients) if i % 10 < QUARTER_ACKNOWLEDGING]
    with at(day + datetime.timedelta(days=2), 10):
        for recipient in chosen:
            if recipient.agency_id in clerks:
                services.acknowledge(recipient=recipient, user=clerks[recipient.agency_id])


def _quarter_content(period, compile_day):
    """Content the departments, unions and local committees provided to the press agencies in the quarter."""
    senders = [
        a
        for a in Agency.objects.reporting().exclude(kind=Agency.Kind.PRESS).order_by("code")
        if a.is_active_on(period.end)
    ]
    press = [a for a in Agency.objects.filter(kind=Agency.Kind.PRESS).order_by("code") if a.is_active_on(period.end)]
    themes = list(period.plan.themes.order_by("order"))
    if not (senders and press and themes):
        return
    span = (period.end - period.start).days
    for i in range(QUARTER_CONTENT):
        sender = senders[(i * 7) % len(senders)]
        provided_on = period.start + datetime.timedelta(days=(i * 7) % max(span, 1))
        used_on = min(provided_on + datetime.timedelta(days=3), compile_day - datetime.timedelta(days=1))
        theme = themes[(i * 3) % len(themes)]
        with at(provided_on, 14):
            ContentProvision.objects.create(
                sender=sender,
                press_agency=press[i % len(press)],
                title=f"Tư liệu tuyên truyền {theme.short_name[:120].lower()} của {sender.short_name or sender.name}",
                theme=theme,
                provided_on=provided_on,
                link=f"{CONTENT_LINK_PREFIX}{period.code.lower()}-{i + 1}",
                used_on=used_on if i % 3 else None,
                published_link=f"https://example.vn/bai-viet/{period.code.lower()}-{i + 1}" if i % 3 else "",
            )
