"""Project-wide middleware."""

import logging

from django.conf import settings
from django.db import InterfaceError, OperationalError
from django.http import HttpResponse
from django.middleware.gzip import GZipMiddleware
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.cache import patch_vary_headers

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
        return database_unavailable_response()


def database_unavailable_response():
    """The 503 "try again" page, rendered without the request.

    No RequestContext: the context processors (navigation, the user's roles)
    would query the database that just failed and turn the 503 into a 500.
    """
    response = HttpResponse(render_to_string("503.html"), status=503)
    response.headers["Retry-After"] = "10"
    return response


class LanguageMiddleware:
    """Vietnamese unless the user chose English with the language switch.

    Django's LocaleMiddleware follows the browser's Accept-Language; civil
    servants' browsers are often set to English, yet the product is
    Vietnamese first. Only the language cookie set by the switch counts here.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        language = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        if language not in dict(settings.LANGUAGES):
            language = settings.LANGUAGE_CODE
        # The language holds for this request only: the thread (a test, an
        # eager task run after the response) goes back to the default.
        with translation.override(language):
            request.LANGUAGE_CODE = translation.get_language()
            response = self.get_response(request)
        patch_vary_headers(response, ["Cookie"])
        response.headers.setdefault("Content-Language", request.LANGUAGE_CODE)
        return response


class CompressedPagesMiddleware(GZipMiddleware):
    """Gzip the pages (HTML, JSON, scripts rendered by a view) for phones on a weak connection (issue 18: the
    report form's 80 KB of HTML is ~12 KB compressed). Static files are compressed by whitenoise ahead of time and
    never reach this. Streamed downloads (files, spreadsheets, documents) are left as they are: mostly compressed
    already, and compressing them would cost the server for nothing.

    BREACH (a compressed page that reflects an attacker's input next to a secret leaks the secret by its length):
    the CSRF token in a page is masked with a fresh random value on every response, so it never repeats; and
    Django's GZipMiddleware pads every gzip header with 0–99 random bytes ("Heal The Breach",
    django/middleware/gzip.py, max_random_bytes), so a response's length no longer tells an attacker whether a
    guess matched."""

    COMPRESSED_TYPES = ("text/", "application/json", "application/manifest+json", "application/javascript")

    def process_response(self, request, response):
        if response.streaming or not response.get("Content-Type", "").startswith(self.COMPRESSED_TYPES):
            return response
        return super().process_response(request, response)
