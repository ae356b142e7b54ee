"""Production starts: the README's steps run with production settings, then gunicorn serves real pages.

collectstatic into a temporary STATIC_ROOT, migrate and load_plan on a
database of the test's own, gunicorn with ``config.settings.production`` on a
free port behind a pretend TLS proxy (``X-Forwarded-Proto: https``), as
nginx would put it. Every page would answer 500 if the static manifest were
missing, so the pages are fetched with their hashed assets.
"""

import re
import secrets
import urllib.error
import urllib.request

import pytest
from django.contrib.staticfiles.storage import staticfiles_storage
from django.urls import reverse

from tests.faults.services import Gunicorn, django_env, manage

pytestmark = pytest.mark.slow


def fetch(url, **headers):
    """(status, headers, body bytes) of a GET through the pretend TLS proxy, without following redirects."""

    class NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args, **kwargs):
            return None

    request = urllib.request.Request(url, headers={"X-Forwarded-Proto": "https", **headers})  # noqa: S310
    opener = urllib.request.build_opener(NoRedirect)
    try:
        with opener.open(request, timeout=20) as response:
            return response.status, response.headers, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read()


@pytest.fixture(scope="module")
def production_site(tmp_path_factory):
    root = tmp_path_factory.mktemp("production")
    env = django_env(
        database_url=f"sqlite:///{root / 'db.sqlite3'}",
        DJANGO_SETTINGS_MODULE="config.settings.production",
        SECRET_KEY=secrets.token_urlsafe(60),
        ALLOWED_HOSTS="127.0.0.1,localhost",
        STATIC_ROOT=root / "static",
        MEDIA_ROOT=root / "media",
        EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend",
    )
    manage(env, "collectstatic", "--noinput")
    manage(env, "migrate", "--noinput")
    manage(env, "load_plan")
    server = Gunicorn(env).start()  # waits for /healthz to answer 200
    yield server, root
    server.stop()


def test_collectstatic_writes_a_manifest_for_every_vendored_file(production_site):
    _, root = production_site
    manifest = (root / "static" / "staticfiles.json").read_text()
    for name in ("favicon.svg", "vendor/chartjs/chart.umd.min.js", "vendor/bootstrap/css/bootstrap.min.css"):
        assert f'"{name}"' in manifest


@pytest.mark.parametrize("path", ["/accounts/login/", "/guong-dien-hinh/"])
def test_pages_answer_with_hashed_static_files_that_answer_too(production_site, path):
    server, _ = production_site
    status, _, body = fetch(server.url + path)
    assert status == 200, body[:2000]
    html = body.decode()
    assert 'lang="vi"' in html
    assets = re.findall(r'(?:href|src)="(/static/[^"]+\.[0-9a-f]{12}\.(?:css|js|svg))"', html)
    assert any("bootstrap.min" in asset for asset in assets), assets
    for asset in assets:
        asset_status, asset_headers, _ = fetch(server.url + asset)
        assert asset_status == 200, asset
        assert "max-age=315360000" in asset_headers.get("Cache-Control", ""), asset


def test_an_unknown_address_answers_the_projects_404_page(production_site):
    server, _ = production_site
    status, _, body = fetch(server.url + "/khong-co-trang-nay/")
    assert status == 404
    assert "Không tìm thấy trang" in body.decode()


def test_plain_http_is_sent_to_https_but_the_health_check_is_not(production_site):
    server, _ = production_site
    status, headers, _ = fetch(server.url + "/accounts/login/", **{"X-Forwarded-Proto": "http"})
    assert status == 301
    assert headers["Location"].startswith("https://")
    status, _, body = fetch(server.url + "/healthz", **{"X-Forwarded-Proto": "http"})
    assert (status, body) == (200, b'{"status": "ok"}')


def test_health_check_fails_without_the_static_manifest(db, client, settings, tmp_path):
    settings.STATIC_ROOT = tmp_path  # collectstatic never ran here
    settings.WHITENOISE_USE_FINDERS = False
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
    }
    try:
        response = client.get(reverse("healthz"))
    finally:
        staticfiles_storage._wrapped = None  # rebuilt from the restored settings on next use
    assert response.status_code == 503
    assert response.json()["status"] == "error"
