"""HTML and script typed into any text come back as text on every page.

The objects of the URL access matrix get hostile text in every field a user
can type (agency names come from the admin, the rest from the forms); every
GET page of the matrix is then read by users who reach it, and the raw markup
must never appear.
"""

import re

import pytest
from django.urls import reverse

from agencies.models import Agency
from honourees.models import Honouree, HonoureeCoverage
from reports.models import ActivityReport, Evidence
from tests.core.test_url_access import ANONYMOUS, URLS

PAYLOADS = ['<script>alert("x")</script>', '"><img src=x onerror=alert(1)>', "<svg/onload=alert(2)>"]
HOSTILE = " ".join(PAYLOADS)


@pytest.fixture
def hostile_world(world, agency_a):
    Agency.objects.filter(pk=agency_a.pk).update(name=HOSTILE, short_name=PAYLOADS[2])
    ActivityReport.objects.filter(pk__in=[world["draft"], world["submitted"]]).update(
        results=HOSTILE, shortcomings=HOSTILE, next_tasks=HOSTILE, proposals=HOSTILE
    )
    ActivityReport.objects.filter(pk=world["accepted"]).update(status="returned", return_reason=HOSTILE)
    Evidence.objects.filter(pk=world["evidence"]).update(title=HOSTILE, original_name=PAYLOADS[0])
    Evidence.objects.create(
        report_id=world["draft"], kind="link", title=HOSTILE, url='https://baolaocai.vn/"><script>alert(3)</script>'
    )
    Honouree.objects.update(
        name=HOSTILE, summary=HOSTILE, story=HOSTILE, position=PAYLOADS[1], workplace=PAYLOADS[2], evidence=HOSTILE
    )
    HonoureeCoverage.objects.update(note=HOSTILE, link='https://x.vn/"onmouseover="alert(4)')
    return world


PAGES = [
    (name, i) for name, accesses in URLS.items() for i, a in enumerate(accesses) if a.method == "get" and a.allowed
]


@pytest.mark.parametrize(("name", "index"), PAGES, ids=[f"{n}[{i}]" for n, i in PAGES])
def test_hostile_text_is_escaped_on_every_page(client, hostile_world, name, index):
    access = URLS[name][index]
    url = reverse(name, args=access.args(hostile_world) if access.args else None)
    for role in sorted(access.allowed):
        client.logout()
        if role != ANONYMOUS:
            client.force_login(hostile_world["users"][role])
        response = client.get(url, follow=True)
        if not response.get("Content-Type", "").startswith("text/html"):
            continue
        html = response.content.decode()
        for payload in [*PAYLOADS, "<script>alert(3)", '"onmouseover="alert(4)']:
            assert payload not in html, (role, url, payload)


def test_the_hostile_text_is_shown_escaped_not_dropped(client, hostile_world):
    """The sweep above is not vacuous: the pages do show the text, as text."""
    client.force_login(hostile_world["users"]["clerk_a"])
    html = client.get(reverse("reports:report_detail", args=[hostile_world["draft"]])).content.decode()
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in html
    html = client.get(reverse("portal:detail", args=[hostile_world["published_slug"]])).content.decode()
    assert "&lt;svg/onload=alert(2)&gt;" in html


INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)[^>]*>", re.IGNORECASE)
EVENT_HANDLER = re.compile(r"<[^>]+\son[a-z]+\s*=", re.IGNORECASE)
SCRIPT_URL = re.compile(r"""(href|src|action)\s*=\s*["']?\s*javascript:""", re.IGNORECASE)


@pytest.mark.parametrize(("name", "index"), PAGES, ids=[f"{n}[{i}]" for n, i in PAGES])
def test_no_page_has_inline_script_or_handlers(client, world, name, index):
    """The Content-Security-Policy forbids inline JavaScript: no page may need it (only json_script data)."""
    access = URLS[name][index]
    url = reverse(name, args=access.args(world) if access.args else None)
    role = sorted(access.allowed)[0]
    if role != ANONYMOUS:
        client.force_login(world["users"][role])
    response = client.get(url, follow=True)
    if not response.get("Content-Type", "").startswith("text/html"):
        return
    assert "script-src 'self'" in response["Content-Security-Policy"]
    html = response.content.decode()
    scripts = [s for s in INLINE_SCRIPT.findall(html) if 'type="application/json"' not in s]
    assert scripts == [], url
    assert EVENT_HANDLER.findall(html) == [], url
    assert SCRIPT_URL.findall(html) == [], url
