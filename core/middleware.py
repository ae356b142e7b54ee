"""Project-wide middleware."""

import logging

from django.db import InterfaceError, OperationalError
from django.template.response import TemplateResponse

logger = logging.getLogger(__name__)

CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        # No inline JavaScript anywhere: every script is a static file.
        "script-src 'self'",
        # Bootstrap components and Chart.js set style attributes.
        "style-src 'self' 'unsafe-inline'",
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self'",
        "frame-ancestors 'none'",
        "base-uri 'self'",
        "form-action 'self'",
    ]
)


class ContentSecurityPolicyMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
        return response


class DatabaseUnavailableMiddleware:
    """Answer 503 "try again" when the database is unreachable.

    A restarted PostgreSQL breaks the open connections of every worker; the
    request that meets the broken connection gets a clear page instead of a
    500 with a stack trace, and Django's CONN_HEALTH_CHECKS reconnects on the
    next request, so the site recovers without restarting gunicorn.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not isinstance(exception, OperationalError | InterfaceError):
            return None
        logger.warning("Database unavailable: %s", exception)
        response = TemplateResponse(request, "503.html", status=503)
        response.headers["Retry-After"] = "10"
        # Render now: the template must not touch the database that just failed.
        return response.render()
