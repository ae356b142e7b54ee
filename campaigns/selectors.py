"""Reads of plan data, each a fixed number of queries whatever the number of rows."""

from django.db.models import Case, IntegerField, Prefetch, Q, When
from django.utils import timezone

from .models import Channel, Duty, DutyGroup, Metric, Objective, Plan


def current_plan(*, on=None):
    """The plan whose years contain ``on`` (today by default), else the latest one."""
    year = (on or timezone.localdate()).year
    covers = Case(When(start_year__lte=year, end_year__gte=year, then=1), default=0, output_field=IntegerField())
    return Plan.objects.annotate(covers=covers).order_by("-covers", "-end_year").first()


def plan_with_items(code):
    """One plan with every item the overview shows: 11 queries."""
    duties = Duty.objects.prefetch_related("coordinating_agencies")
    return (
        Plan.objects.prefetch_related(
            "legal_bases",
            Prefetch("objectives", queryset=Objective.objects.order_by("kind", "order")),
            "recipients",
            "themes",
            Prefetch("channels", queryset=Channel.objects.prefetch_related(Prefetch("metrics", Metric.objects.all()))),
            Prefetch(
                "duty_groups",
                queryset=DutyGroup.objects.prefetch_related("responsible_agencies", Prefetch("duties", duties)),
            ),
            "movements",
        )
        .filter(code=code)
        .first()
    )


def duty_groups_for_agency(agency, *, plan):
    """The duty groups of ``plan`` that make ``agency`` responsible, by name or by kind.

    Three queries: groups, their named agencies, their duties. The kinds are
    matched here rather than in SQL because JSON containment has no SQLite
    lookup, and a plan has only a handful of groups.
    """
    groups = DutyGroup.objects.filter(plan=plan).prefetch_related("responsible_agencies", "duties")
    return [
        group
        for group in groups
        if agency.kind in group.responsible_kinds or any(a.pk == agency.pk for a in group.responsible_agencies.all())
    ]


def duties_coordinated_by(agency, *, plan):
    return Duty.objects.filter(Q(group__plan=plan), coordinating_agencies=agency).select_related("group")
