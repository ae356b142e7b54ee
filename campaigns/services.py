"""Business actions on plans."""

import re

from django.db import transaction

from .models import Plan


class PlanCopyError(Exception):
    pass


@transaction.atomic
def plan_copy_to_phase(*, plan: Plan, start_year: int | None = None, end_year: int | None = None) -> Plan:
    """Copy ``plan`` with all its items into the next phase (by default the
    same length, starting the year after it ends).

    Creates a new ``Plan`` (code and title with the years replaced) with copies
    of its legal bases, purposes, requirements, recipients, themes, channels
    and metrics, duty groups and duties (with their agencies), and links the
    same movements. The original is not changed. Raises ``PlanCopyError`` if a
    plan with the new code exists already.
    """
    length = plan.end_year - plan.start_year
    start_year = start_year or plan.end_year + 1
    end_year = end_year or start_year + length
    old_phase, new_phase = plan.phase, f"{start_year}-{end_year}"
    code = re.sub(rf"{plan.start_year}-{plan.end_year}$", new_phase, plan.code)
    if code == plan.code:
        code = f"{plan.code}-{new_phase}"
    if Plan.objects.filter(code=code).exists():
        raise PlanCopyError(code)

    source = Plan.objects.get(pk=plan.pk)
    new = Plan.objects.get(pk=plan.pk)
    new.pk = None
    new.code = code
    new.title = source.title.replace(old_phase, new_phase)
    new.preamble = source.preamble.replace(old_phase, new_phase)
    new.propaganda_time = source.propaganda_time.replace(old_phase, new_phase)
    new.start_year, new.end_year = start_year, end_year
    new.copied_from = source
    new.save()

    for related in ("legal_bases", "objectives", "recipients", "themes"):
        for item in getattr(source, related).all():
            item.pk = None
            item.plan = new
            item.save()
    for channel in source.channels.prefetch_related("metrics"):
        metrics = list(channel.metrics.all())
        channel.pk = None
        channel.plan = new
        channel._prefetched_objects_cache = {}
        channel.save()
        for metric in metrics:
            metric.pk = None
            metric.channel = channel
            metric.save()
    for group in source.duty_groups.prefetch_related("responsible_agencies", "duties__coordinating_agencies"):
        agencies = list(group.responsible_agencies.all())
        duties = list(group.duties.all())
        group.pk = None
        group.plan = new
        group._prefetched_objects_cache = {}  # the new row's relations start empty
        group.save()
        group.responsible_agencies.set(agencies)
        for duty in duties:
            coordinating = list(duty.coordinating_agencies.all())
            duty.pk = None
            duty.group = group
            duty._prefetched_objects_cache = {}
            duty.save()
            duty.coordinating_agencies.set(coordinating)
    new.movements.set(source.movements.all())
    return new
