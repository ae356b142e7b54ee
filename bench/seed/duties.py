"""The duties of the plan's section III at province scale: each past quarter's guidance, press order and content.

Each quarter of the real plan's seeded years (and of the present phase) whose deadline has passed is lived as
the demo lives it (``duties.demo.seed_demo_quarter``, through the services): a guidance document issued to
every reporting agency early in the quarter, acknowledged by seven in ten of those with a clerk and answered
by some accepted reports; an order to Báo Lào Cai for its largest cells; twelve items of content provided to
the press. The compiled documents' section III and its queries then have rows to read, as a province's do.
"""

import datetime

from duties import demo
from duties.models import ContentProvision, Guidance, GuidanceReport, PressOrder
from reports.models import ReportingPeriod

from .marks import USER_PREFIX


def wipe():
    """Remove the duties an earlier run made: those of the synthetic reviewer (with the reports' links to its
    guidance, which protect it), and the demo's content links."""
    seeded = Guidance.objects.filter(created_by__username__startswith=USER_PREFIX)
    GuidanceReport.objects.filter(guidance__in=seeded).delete()
    seeded.delete()
    PressOrder.objects.filter(created_by__username__startswith=USER_PREFIX).delete()
    ContentProvision.objects.filter(link__startswith=demo.CONTENT_LINK_PREFIX).delete()


def seed_duties(plans, *, reviewer, years, today):
    """The duties of every quarter of ``plans``' first ``years`` years whose deadline is before ``today``;
    how many quarters were seeded."""
    seeded = 0
    for plan in plans:
        quarters = ReportingPeriod.objects.filter(
            plan=plan, kind="quarter", year__lt=plan.start_year + years, deadline__lt=today
        ).order_by("start")
        for quarter in quarters:
            compile_day = min(quarter.deadline + datetime.timedelta(days=1), today)
            seeded += demo.seed_demo_quarter(quarter, reviewer=reviewer, compile_day=compile_day)
    return seeded
