"""The public portal of exemplary people and models: no log-in, published honourees only.

Pages read through ``selectors.portal_*``, which load only public fields; an
unpublished honouree is a 404 whatever its address.
"""

from django.core.paginator import Paginator
from django.http import Http404, JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET

from . import feeds, selectors
from .forms import PortalFilterForm
from .labels import choice_labels
from .views import address_of, photo_response

PAGE_SIZE = 12


@require_GET
def portal_list(request):
    form = PortalFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    rows = selectors.portal_list(
        q=filters.get("q", ""),
        category=filters.get("category", ""),
        district=filters.get("district"),
        movement=filters.get("movement"),
        field=filters.get("field", ""),
    )
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    # Labels and addresses once per page, not a display method and two url tags per card.
    categories = choice_labels()["category"]
    detail, photo = address_of("portal:detail"), address_of("portal:photo")
    for honouree in page.object_list:
        honouree.category_label = categories.get(honouree.category, honouree.category)
        honouree.url = detail(honouree.slug)
        honouree.photo_url = photo(honouree.slug) if honouree.photo else ""
    query = request.GET.copy()
    query.pop("page", None)
    # Numbered pages: the first and last, and two either side of this one ("1 … 4 5 6 7 8 … 16").
    pages = page.paginator.get_elided_page_range(page.number, on_each_side=2, on_ends=1)
    context = {"form": form, "page": page, "pages": pages, "query": query.urlencode()}
    return render(request, "honourees/portal_list.html", context)


@require_GET
def portal_detail(request, slug):
    honouree = selectors.portal_detail(slug)
    if honouree is None:
        raise Http404
    # Coverage counts on the portal once the province accepted the report that lists it.
    coverages = selectors.coverage_for_honouree(honouree, accepted_only=True)
    return render(request, "honourees/portal_detail.html", {"honouree": honouree, "coverages": coverages})


@require_GET
@cache_control(public=True, max_age=3600)
def portal_photo(request, slug):
    honouree = selectors.portal_queryset().filter(slug=slug).first()
    if honouree is None or not honouree.photo:
        raise Http404
    return photo_response(honouree, private=False)


exemplar_feed = cache_control(public=True, max_age=600)(require_GET(feeds.ExemplarFeed()))


@require_GET
@cache_control(public=True, max_age=600)
def exemplar_export(request):
    """Every published exemplar as JSON (``feeds.JSON_SCHEMA``), public fields only, for other portals."""
    response = JsonResponse(
        feeds.exemplars_export(absolute=request.build_absolute_uri), json_dumps_params={"ensure_ascii": False}
    )
    response["Content-Disposition"] = 'inline; filename="guong-dien-hinh.json"'
    response["Access-Control-Allow-Origin"] = "*"
    return response
