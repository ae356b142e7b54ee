from typing import NamedTuple

from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from agencies import roles as r
from agencies.access import role_required
from agencies.models import Agency

from . import selectors, services, texts
from .models import DutyGroup, Plan


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
    # An ended plan with no plan after it: the page calls for the next one (one more query).
    status = selectors.phase_status() if plan.end_year < timezone.localdate().year else None
    return render(
        request,
        "campaigns/plan_detail.html",
        {
            "plan": plan,
            "purposes": [o for o in objectives if o.kind == o.Kind.PURPOSE],
            "requirements": [o for o in objectives if o.kind == o.Kind.REQUIREMENT],
            "duty_groups": duty_groups,
            "gap": status if status and status.is_gap and status.previous.pk == plan.pk else None,
        },
    )


@role_required(r.EMULATION_OFFICER, r.ADMIN)
@require_http_methods(["GET", "POST"])
def plan_copy(request, code):
    """Copy the plan into the next phase as a draft copy: what will happen (GET), then the copy (POST)."""
    plan = get_object_or_404(Plan, code=code)
    if request.method == "POST":
        try:
            new = services.plan_copy_to_phase(plan=plan, user=request.user)
        except services.PlanCopyError as exc:
            messages.error(request, texts.copy_refused(exc))
            return redirect("campaigns:plan_detail", code=plan.code)
        messages.success(request, texts.copied(new))
        return redirect("campaigns:plan_detail", code=new.code)
    length = plan.end_year - plan.start_year
    context = {"plan": plan, "next_phase": f"{plan.end_year + 1}–{plan.end_year + 1 + length}"}
    return render(request, "campaigns/plan_copy.html", context)


@role_required(r.EMULATION_OFFICER, r.ADMIN)
@require_http_methods(["GET", "POST"])
def plan_confirm(request, code):
    """Confirm a draft copy once its texts were edited: what it means (GET), then the confirmation (POST)."""
    plan = get_object_or_404(Plan.objects.select_related("copied_from"), code=code)
    if request.method == "POST":
        try:
            services.plan_confirm(plan=plan, user=request.user)
        except services.PlanConfirmError:
            messages.info(request, texts.confirm_refused(plan))
        else:
            messages.success(request, texts.confirmed(plan))
        return redirect("campaigns:plan_detail", code=plan.code)
    if not plan.is_draft_copy:
        messages.info(request, texts.confirm_refused(plan))
        return redirect("campaigns:plan_detail", code=plan.code)
    return render(request, "campaigns/plan_confirm.html", {"plan": plan, "old_bases": selectors.copied_bases(plan)})


def agency_duties(request, agency):
    """AGENCY_PAGE_SECTIONS: the agency's duties under the current plan and the duties it coordinates in (HTML)."""
    plan = selectors.current_plan()
    duty_groups = selectors.duty_groups_for_agency(agency, plan=plan) if plan else []
    coordinated = list(selectors.duties_coordinated_by(agency, plan=plan)) if plan else []
    context = {"plan": plan, "duty_groups": duty_groups, "coordinated": coordinated}
    return render_to_string("campaigns/_agency_duties.html", context, request=request)
