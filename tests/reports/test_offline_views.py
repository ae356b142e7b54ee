"""The service worker and the web app manifest of the clerk's report pages (issue 18 §2, §4)."""

import gzip
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
    assert len(OFFLINE_STATIC) == 8
    assert "bootstrap-icons" not in body  # the clerk's pages draw their icons inline


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


def test_pages_are_gzipped_for_a_browser_and_downloads_are_not(client, clerk_a, report_a):
    """Pages go out compressed (issue 18 §5: the 3G budget); each compressed answer has a random length of padding
    against BREACH; a download (streamed, mostly compressed already) goes out as it is."""
    client.force_login(clerk_a)
    edit = f"/reports/{report_a.pk}/edit/"
    plain = client.get(edit)
    assert plain.status_code == 200
    assert not plain.has_header("Content-Encoding")
    sizes = set()
    for _ in range(8):
        zipped = client.get(edit, headers={"accept-encoding": "gzip, br"})
        assert zipped["Content-Encoding"] == "gzip"
        assert "Accept-Encoding" in zipped["Vary"]
        assert 'id="report-form"' in gzip.decompress(zipped.content).decode()
        sizes.add(len(zipped.content))
    assert len(zipped.content) * 4 < len(plain.content)
    assert len(sizes) > 1  # the padding differs from answer to answer
    sheet = client.get(f"/reports/{report_a.pk}/xlsx/", headers={"accept-encoding": "gzip"})
    assert sheet.status_code == 200
    assert not sheet.has_header("Content-Encoding")


def test_the_clerks_report_pages_do_without_the_icon_font(client, clerk_a, report_a):
    client.force_login(clerk_a)
    # The report's page too, with its honourees' and guidance parts (their buttons' icons inline as well).
    for path in ("/reports/", f"/reports/{report_a.pk}/edit/", f"/reports/{report_a.pk}/"):
        page = client.get(path).content.decode()
        assert "bootstrap-icons" not in page, path
        assert 'class="bi ' not in page, path
    edit = client.get(f"/reports/{report_a.pk}/edit/").content.decode()
    assert '<svg class="bi-svg"' in edit  # the navbar's icons, inline
    assert "bootstrap-icons.min.css" in client.get("/").content.decode()  # other pages keep the font
