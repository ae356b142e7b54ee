"""Reads of plan data, each a fixed number of queries whatever the number of rows."""

import datetime
from typing import NamedTuple

from django.db.models import Case, IntegerField, Prefetch, Q, When
from django.utils import timezone

from .models import Channel, Duty, DutyGroup, Metric, Objective, Plan


def current_plan(*, on=None):
    """The plan whose years contain ``on`` (today by default), else the latest one."""
    year = (on or timezone.localdate()).year
    covers = Case(When(start_year__lte=year, end_year__gte=year, then=1), default=0, output_field=IntegerField())
    return Plan.objects.annotate(covers=covers).select_related("copied_from").order_by("-covers", "-end_year").first()


def plan_covering(year: int):
    """The plan whose years include ``year``, or None: a year's periods belong to it alone (1 query)."""
    return Plan.objects.filter(start_year__lte=year, end_year__gte=year).order_by("-start_year").first()


class PhaseStatus(NamedTuple):
    """Where today stands between plans: the plan that covers it, or the gap after the last one."""

    day: datetime.date
    plan: Plan | None  # the plan covering ``day``; None in a gap
    previous: Plan | None  # in a gap: the latest plan, ended before ``day``
    next_start: int | None  # in a gap: the years of the phase to create (the previous one's length)
    next_end: int | None

    @property
    def is_gap(self) -> bool:
        return self.plan is None and self.previous is not None

    @property
    def is_draft(self) -> bool:
        return self.plan is not None and self.plan.is_draft_copy

    @property
    def next_phase(self) -> str:
        """The phase to create as prose writes it: "2026–2030"."""
        return f"{self.next_start}–{self.next_end}" if self.is_gap else ""

    @property
    def ended_on(self) -> datetime.date | None:
        return datetime.date(self.previous.end_year, 12, 31) if self.is_gap else None


def phase_status(*, on: datetime.date | None = None) -> PhaseStatus | None:
    """The plan covering ``on`` (today by default), or the gap after the latest plan; None without any plan.

    One query: the latest plan begun by ``on``'s year, with the plan it was copied from. A gap's next phase
    starts the year after the latest plan ends, as long as it (what ``plan_copy_to_phase`` makes by default).
    """
    on = on or timezone.localdate()
    latest = (
        Plan.objects.filter(start_year__lte=on.year).select_related("copied_from").order_by("-end_year", "-pk").first()
    )
    if latest is None:
        return None
    if latest.end_year >= on.year:
        return PhaseStatus(on, latest, None, None, None)
    length = latest.end_year - latest.start_year
    return PhaseStatus(on, None, latest, latest.end_year + 1, latest.end_year + 1 + length)


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
        .select_related("copied_from", "confirmed_by")
        .filter(code=code)
        .first()
    )


def copied_bases(plan):
    """The legal bases of ``plan`` dated before its first year: still those of the plan it was copied from."""
    return list(plan.legal_bases.filter(date__year__lt=plan.start_year))


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
