"""The service worker and the web app manifest of the clerk's report pages (issue 18 §2, §4)."""

import json

import pytest

from reports.offline import OFFLINE_STATIC

pytestmark = pytest.mark.django_db


def test_service_worker_covers_the_report_pages_and_lists_their_static_files(client, clerk_a):
    response = client.get("/reports/sw.js")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/javascript; charset=utf-8"
    assert response["Service-Worker-Allowed"] == "/reports/"
    assert "no-cache" in response["Cache-Control"]  # a new version is picked up at once
    body = response.content.decode()
    assert 'var PREFIX = "/reports/";' in body
    assert 'var STATIC = ["/static/vendor/bootstrap/css/bootstrap.min.css", ' in body
    for name in OFFLINE_STATIC:
        assert f'"/static/{name}"' in body
    assert len(OFFLINE_STATIC) == 10


def test_manifest_opens_the_clerks_home(client, clerk_a):
    client.force_login(clerk_a)
    response = client.get("/reports/manifest.webmanifest")
    assert response["Content-Type"] == "application/manifest+json"
    data = json.loads(response.content)
    assert (data["start_url"], data["scope"], data["display"]) == ("/reports/", "/reports/", "standalone")
    assert data["lang"] == "vi"
    assert data["name"] == "Thi đua Lào Cai — báo cáo kết quả tuyên truyền"


def test_pages_link_the_manifest_and_the_worker_only_for_signed_in_people(client, clerk_a, report_a):
    assert b"manifest.webmanifest" not in client.get("/accounts/login/").content
    client.force_login(clerk_a)
    page = client.get(f"/reports/{report_a.pk}/edit/").content.decode()
    assert '<link rel="manifest" href="/reports/manifest.webmanifest">' in page
    assert f'data-user="{clerk_a.pk}" data-sw="/reports/sw.js" data-scope="/reports/"' in page
    assert "<script>" not in page  # the Content-Security-Policy allows no inline script
