import sys

from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.contrib.staticfiles.storage import staticfiles_storage
from django.db import InterfaceError, OperationalError, connection
from django.http import JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET
from django.views.defaults import page_not_found as django_page_not_found
from django.views.defaults import permission_denied as django_permission_denied
from django.views.defaults import server_error as django_server_error

from .middleware import database_unavailable_response
from .net import referring_page

# Every page links it (templates/base.html), so its manifest entry stands for all of them.
HEALTH_STATIC_FILE = "favicon.svg"


@login_required
def home(request):
    """The signed-in user's start page: what their roles let them do next."""
    return render(request, "core/home.html", {"user_agency": request.user.agency})


@never_cache
@require_GET
def healthz(request):
    """What an operator's monitor reads: 200 only when the database answers and the static files are in place.

    Without a static manifest (``collectstatic`` not run, or run into another
    ``STATIC_ROOT``) every page would answer 500 while the database is fine.
    """
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    try:
        staticfiles_storage.url(HEALTH_STATIC_FILE)
    except ValueError:
        return JsonResponse({"status": "error", "static": "manifest entry missing, run collectstatic"}, status=503)
    return JsonResponse({"status": "ok"})


def csrf_failure(request, reason=""):
    """A form that could not be accepted (its CSRF token is missing or stale): reload the page and send it again.

    Django's own page is in English and speaks of cookies and tokens; a clerk
    meets this after leaving a form open past a sign-out, or signing in again
    in another tab.
    """
    return render(request, "403_csrf.html", {"back_url": referring_page(request)}, status=403)


def permission_denied(request, exception=None):
    return django_permission_denied(request, exception, template_name="403.html")


def server_error(request):
    """The 500 page, or the 503 "try again" page when the error is the database being unreachable.

    DatabaseUnavailableMiddleware answers for errors raised in views; this
    catches the same outage met by a middleware (loading the session, saving
    it after the view), which Django hands straight to the 500 handler.
    """
    error = sys.exc_info()[1]
    while error is not None:
        if isinstance(error, OperationalError | InterfaceError):
            return database_unavailable_response()
        error = error.__cause__ or error.__context__
    return django_server_error(request, template_name="500.html")


def page_not_found(request, exception=None):
    return django_page_not_found(request, exception, template_name="404.html")


class LogoutView(auth_views.LogoutView):
    """Signing out also clears what the browser keeps of the person: the offline copies of their report forms,
    their unsent drafts and the service worker (issue 18). static/js/pwa.js does the same where the header is
    not supported."""

    def post(self, request, *args, **kwargs):
        response = super().post(request, *args, **kwargs)
        response["Clear-Site-Data"] = '"cache", "storage"'
        return response
