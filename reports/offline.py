"""The clerk's report form as an installable app that works offline (issue 18): its service worker and manifest.

The worker is a template so that it names the static files by their stored (hashed) URLs and so that its
bytes, and with them its cache, change whenever one of those files does.
"""

import hashlib
import json

from django.contrib.staticfiles.storage import staticfiles_storage
from django.http import HttpResponse, JsonResponse
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

# What the report form and the clerk's home load: kept on the device when the worker installs. Not the icon font:
# those pages draw their few icons as inline SVG (templates/core/_icon.html), 134 KB less on a phone's data.
OFFLINE_STATIC = (
    "vendor/bootstrap/css/bootstrap.min.css",
    "css/app.css",
    "favicon.svg",
    "vendor/bootstrap/js/bootstrap.bundle.min.js",
    "vendor/htmx/htmx.min.js",
    "js/pwa.js",
    "js/reports/grid.js",
    "js/reports/offline.js",
)


@never_cache
@require_GET
def service_worker(request):
    static_urls = [staticfiles_storage.url(name) for name in OFFLINE_STATIC]
    prefix = reverse("reports:my_reports")
    version = hashlib.sha256("\n".join([prefix, *static_urls]).encode()).hexdigest()[:12]
    body = render_to_string(
        "reports/pwa/sw.js",
        # JSON literals (URLs are plain paths; json escapes what a script could not hold).
        {"static_urls": json.dumps(static_urls), "prefix": json.dumps(prefix), "version": version},
        request=request,
    )
    response = HttpResponse(body, content_type="text/javascript; charset=utf-8")
    response["Service-Worker-Allowed"] = prefix
    return response


@require_GET
def manifest(request):
    """The web app manifest: installing the app on a phone opens the clerk's home in its own window."""
    home = reverse("reports:my_reports")
    data = {
        "name": _("Thi đua Lào Cai — activity reports"),
        "short_name": _("Thi đua"),
        "lang": get_language(),
        "start_url": home,
        "scope": home,
        "display": "standalone",
        "background_color": "#ffffff",
        "theme_color": "#a8201a",
        "icons": [
            {"src": staticfiles_storage.url("favicon.svg"), "sizes": "any", "type": "image/svg+xml"},
        ],
    }
    return JsonResponse(data, content_type="application/manifest+json", json_dumps_params={"ensure_ascii": False})
