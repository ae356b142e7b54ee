"""The real plan the synthetic reports follow, and its synthetic copies for other five-year phases."""

from campaigns.models import Plan
from campaigns.services import plan_copy_to_phase
from province.models import CompiledReport
from reports import calendar
from reports.models import ReportingPeriod

from .marks import PLAN_PREFIX


def base_plan():
    """The latest real plan (loaded by ``load_plan``) with its themes."""
    return Plan.objects.exclude(code__startswith=PLAN_PREFIX).filter(themes__isnull=False).order_by("-end_year").first()


def copy_phase(plan, start, end):
    """The synthetic copy of ``plan`` for the years ``start``–``end`` (made once), with its periods."""
    code = f"{PLAN_PREFIX}{plan.code}-{start}-{end}"[:60]
    copy = Plan.objects.filter(code=code).first()
    if copy is None:
        copy = plan_copy_to_phase(plan=plan, start_year=start, end_year=end)
        copy.code = code
        copy.save(update_fields=["code"])
    calendar.generate_periods(plan=copy)
    return copy


def present_phase(plan, today):
    """When ``today`` is past the real plan, a synthetic next phase holding today, so clerks have an open period.

    Its reports run up to today's period, the latest ones still drafts,
    submitted or returned: the state of a province in mid-year.
    """
    length = plan.end_year - plan.start_year + 1
    if today.year <= plan.end_year:
        return None
    k = (today.year - plan.start_year) // length
    return copy_phase(plan, plan.start_year + k * length, plan.end_year + k * length)


def earlier_phases(plan, factor):
    """The real plan and ``factor - 1`` synthetic earlier phases (copies of it), each with its periods."""
    length = plan.end_year - plan.start_year + 1
    return [plan] + [
        copy_phase(plan, plan.start_year - k * length, plan.end_year - k * length) for k in range(1, factor)
    ]


def drop_surplus_phases(*, keep):
    """Remove the synthetic phases an earlier run with a larger ``--factor`` made and this one does not use.

    Their reports went with ``bulk.wipe``; their plans and periods go too, so a
    province-scale database has no leftover periods of empty phases in its
    period pickers (after a ``--factor 10`` run, some nine hundred).
    """
    surplus = Plan.objects.filter(code__startswith=PLAN_PREFIX).exclude(pk__in=[p.pk for p in keep if p])
    periods = ReportingPeriod.objects.filter(plan__in=surplus)
    CompiledReport.objects.filter(period__in=periods).delete()
    periods.delete()  # their AcceptedTotal cells and reminder logs go with them
    surplus.delete()
