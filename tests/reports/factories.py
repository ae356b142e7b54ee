"""Factories of the reports tests: a small plan grid, periods around today, reports."""

import datetime

import factory
from django.utils import timezone

from campaigns.models import Channel, Metric, Plan, Theme
from reports.models import ActivityReport, Figure, ReportingPeriod
from tests.factories import AgencyFactory


class PlanFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Plan
        django_get_or_create = ["code"]

    code = factory.Sequence(lambda n: f"plan-{n}")
    title = "Kế hoạch thử nghiệm"
    issuing_body = "UBND tỉnh Lào Cai"
    issuing_body_short = "UBND TỈNH LÀO CAI"
    start_year = 2021
    end_year = 2025


def make_grid(plan, *, themes=8, channels=(("HT1", ("articles", "broadcasts")), ("HT2", ("web_posts",)))):
    """Eight themes and a few channels with their metrics, like the real plan but smaller."""
    for i in range(1, themes + 1):
        Theme.objects.get_or_create(plan=plan, code=f"ND{i}", defaults={"order": i, "short_name": f"Nội dung {i}"})
    for order, (code, metrics) in enumerate(channels, start=1):
        channel, _ = Channel.objects.get_or_create(
            plan=plan, code=code, defaults={"order": order, "short_name": f"Hình thức {code}", "text": code}
        )
        for m_order, m_code in enumerate(metrics, start=1):
            Metric.objects.get_or_create(
                channel=channel, code=m_code, defaults={"order": m_order, "name": f"Số {m_code}", "unit": "tin"}
            )
    return plan


class PeriodFactory(factory.django.DjangoModelFactory):
    """A quarter whose window contains today, deadline in a week, lock in a month (not the real calendar)."""

    class Meta:
        model = ReportingPeriod

    plan = factory.SubFactory(PlanFactory)
    kind = ReportingPeriod.Kind.QUARTER
    year = 2099
    number = factory.Sequence(lambda n: n + 1)
    code = factory.LazyAttribute(
        lambda p: f"{p.year}-Q{p.number}" if p.kind == "quarter" else f"{p.year}-M{p.number:02d}"
    )
    start = factory.LazyFunction(lambda: timezone.localdate() - datetime.timedelta(days=60))
    end = factory.LazyFunction(lambda: timezone.localdate() - datetime.timedelta(days=1))
    deadline = factory.LazyFunction(lambda: timezone.localdate() + datetime.timedelta(days=7))
    lock_date = factory.LazyFunction(lambda: timezone.localdate() + datetime.timedelta(days=30))


class ReportFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ActivityReport

    agency = factory.SubFactory(AgencyFactory)
    period = factory.SubFactory(PeriodFactory)


def add_figure(report, metric, theme, value):
    return Figure.objects.create(
        report=report,
        period=report.period,
        agency=report.agency,
        channel=metric.channel,
        metric=metric,
        theme=theme,
        value=value,
        accepted=report.status == ActivityReport.Status.ACCEPTED,
    )
