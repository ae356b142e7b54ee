from django.conf import settings
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, render
from django.utils.module_loading import import_string

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
    """The agency's card, beside what the apps above agencies show of it (``AGENCY_PAGE_SECTIONS``)."""
    agency = get_object_or_404(Agency.objects.select_related("unit", "bloc", "parent"), code=code)
    sections = [import_string(path)(request, agency) for path in settings.AGENCY_PAGE_SECTIONS]
    return render(request, "agencies/agency_detail.html", {"agency": agency, "sections": sections})
