from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from agencies.models import Agency


@login_required
def floor_page(request):
    """The cheapest signed-in page of this stack: the base layout and a table from one query.

    Every product page pays for the same session, user and layout; what it
    costs beyond this floor is its own.
    """
    agencies = list(Agency.objects.order_by("code").values("code", "name", "kind")[:20])
    return render(request, "bench/floor.html", {"agencies": agencies})
