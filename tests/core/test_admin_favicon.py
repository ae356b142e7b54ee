"""The admin pages name the site's favicon, as the other pages do (no 404 for /favicon.ico)."""

from django.urls import reverse


def test_admin_pages_link_the_favicon(client, officer):
    client.force_login(officer)
    for url in (reverse("admin:index"), reverse("admin:honourees_honouree_changelist")):
        html = client.get(url).content.decode()
        assert '<link rel="icon" href="/static/favicon.svg" type="image/svg+xml">' in html, url
        assert "Thi đua Lào Cai — quản trị" in html, url
