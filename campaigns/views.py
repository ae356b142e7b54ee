from typing import NamedTuple

from django.http import Http404
from django.shortcuts import redirect, render
from django.template.loader import render_to_string

from agencies.access import role_required
from agencies.models import Agency

from . import selectors
from .models import DutyGroup


class DutyGroupHeading(NamedTuple):
    group: DutyGroup
    named: Agency | None  # the agency the group's label names: the label links to it
    others: list[Agency]  # the responsible agencies the label does not name, listed after it


def _duty_group_heading(group):
    """How a duty group is headed, so that "2. Sở Nội vụ" does not go on "— Sở Nội vụ" (no query: prefetched)."""
    label = group.responsible.strip().casefold()
    agencies = list(group.responsible_agencies.all())
    named = [a for a in agencies if label in (a.name.strip().casefold(), a.short_name.strip().casefold())]
    return DutyGroupHeading(
        group=group, named=named[0] if len(named) == 1 else None, others=[a for a in agencies if a not in named]
    )


@role_required()
def plan_current(request):
    plan = selectors.current_plan()
    if plan is None:
        raise Http404
    return redirect("campaigns:plan_detail", code=plan.code)


@role_required()
def plan_detail(request, code):
    plan = selectors.plan_with_items(code)
    if plan is None:
        raise Http404
    objectives = list(plan.objectives.all())
    duty_groups = [_duty_group_heading(group) for group in plan.duty_groups.all()]
    return render(
        request,
        "campaigns/plan_detail.html",
        {
            "plan": plan,
            "purposes": [o for o in objectives if o.kind == o.Kind.PURPOSE],
            "requirements": [o for o in objectives if o.kind == o.Kind.REQUIREMENT],
            "duty_groups": duty_groups,
        },
    )


def agency_duties(request, agency):
    """AGENCY_PAGE_SECTIONS: the agency's duties under the current plan and the duties it coordinates in (HTML)."""
    plan = selectors.current_plan()
    duty_groups = selectors.duty_groups_for_agency(agency, plan=plan) if plan else []
    coordinated = list(selectors.duties_coordinated_by(agency, plan=plan)) if plan else []
    context = {"plan": plan, "duty_groups": duty_groups, "coordinated": coordinated}
    return render_to_string("campaigns/_agency_duties.html", context, request=request)
