"""The client's address, for log-in throttling."""

from django.conf import settings


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
