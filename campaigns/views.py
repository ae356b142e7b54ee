from django.http import Http404
from django.shortcuts import redirect, render

from agencies.access import role_required

from . import selectors


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
    duty_groups = list(plan.duty_groups.all())
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
