"""Where a request comes from: the client's address (log-in throttling), the page it was sent from."""

from django.conf import settings
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme


def client_ip(request):
    """The address of the client, trusting ``PROXY_COUNT`` reverse proxies in front of the site.

    Each trusted proxy appends the address it received the request from to
    X-Forwarded-For, so the client is the entry ``PROXY_COUNT`` places from the
    right; anything further left was written by the client and is ignored.
    With no proxy, X-Forwarded-For is ignored altogether.
    """
    count = settings.PROXY_COUNT
    if count:
        forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()]
        if len(forwarded) >= count:
            return forwarded[-count]
    return request.META.get("REMOTE_ADDR")


def referring_page(request):
    """The page of this site the request was sent from (its Referer), or the home page.

    For the error pages that answer a form: "back" is the form. A Referer of
    another site is never offered as a link.
    """
    referer = request.META.get("HTTP_REFERER", "")
    if url_has_allowed_host_and_scheme(referer, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        return referer
    return reverse("home")
