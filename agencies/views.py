from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, render

from campaigns import selectors as plan_selectors

from .access import role_required
from .filters import AgencyFilter
from .models import Agency

PAGE_SIZE = 50


@role_required()
def agency_list(request):
    agencies = Agency.objects.select_related("unit", "bloc").order_by("kind", "name")
    agency_filter = AgencyFilter(request.GET, queryset=agencies)
    page = Paginator(agency_filter.qs, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "agencies/agency_list.html",
        {"filter": agency_filter, "page": page, "query": query.urlencode()},
    )


@role_required()
def agency_detail(request, code):
    agency = get_object_or_404(Agency.objects.select_related("unit", "bloc", "parent"), code=code)
    plan = plan_selectors.current_plan()
    duty_groups = plan_selectors.duty_groups_for_agency(agency, plan=plan) if plan else []
    coordinated = list(plan_selectors.duties_coordinated_by(agency, plan=plan)) if plan else []
    return render(
        request,
        "agencies/agency_detail.html",
        {"agency": agency, "plan": plan, "duty_groups": duty_groups, "coordinated": coordinated},
    )
