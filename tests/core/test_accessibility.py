"""axe-core, in a real Chromium, finds no serious or critical accessibility problem on the main page of any role.

The rules are WCAG 2.1 A and AA and axe's best practices, run at a desktop width (1366 px) and a phone's
(390 px) over the demo province (``seed_demo``), so that the pages carry what users see: a heat map with every
shade, a submitted report with its "return" form, honourees at each stage, the public portal.

axe cannot measure text on a gradient (the red menu bar, the portal's banner): it lists those as "incomplete".
The test measures them itself, the text's colour against each colour stop of the gradient behind it.

axe-core is vendored for the tests only (tests/vendor/axe-core, ``scripts/vendor-axe.sh``), never served.
"""

import io
from collections import Counter
from pathlib import Path

import pytest
from django.contrib.staticfiles import finders
from django.core.management import call_command

from agencies.management.commands.seed_demo import DEMO_PASSWORD
from agencies.models import User
from honourees.models import Honouree
from reports import selectors, services
from reports.models import ActivityReport

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

AXE = Path(__file__).resolve().parents[1] / "vendor" / "axe-core" / "axe.min.js"
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]
BLOCKING = {"serious", "critical"}
WIDTHS = (1366, 390)

# axe's run: the blocking violations, and the texts whose background it could not measure for a gradient.
RUN_AXE = """async ({tags, blocking}) => {
  const options = {runOnly: {type: "tag", values: tags}, resultTypes: ["violations", "incomplete"]};
  const result = await axe.run(document, options);
  const violations = result.violations.filter(v => blocking.includes(v.impact)).map(v => ({
    id: v.id, impact: v.impact, help: v.help,
    nodes: v.nodes.map(n => ({target: n.target.join(" "), summary: n.failureSummary})),
  }));
  const onGradient = result.incomplete.filter(v => v.id === "color-contrast").flatMap(v => v.nodes)
    .filter(n => n.any.some(c => c.data && c.data.messageKey === "bgGradient")).map(n => n.target.join(" "));
  return {violations, onGradient};
}"""

# The contrast of an element's text against each colour stop of the nearest gradient behind it (WCAG 2.1
# relative luminance); the text's colour, if translucent, is laid over each stop first.
GRADIENT_CONTRAST = """(selector) => {
  const el = document.querySelector(selector);
  const rgba = s => {
    const v = s.match(/rgba?\\(([^)]+)\\)/)[1].split(/[ ,\\/]+/).filter(Boolean).map(Number);
    return [v[0], v[1], v[2], v.length > 3 ? v[3] : 1];
  };
  const channel = x => (x /= 255) <= 0.03928 ? x / 12.92 : ((x + 0.055) / 1.055) ** 2.4;
  const lum = c => 0.2126 * channel(c[0]) + 0.7152 * channel(c[1]) + 0.0722 * channel(c[2]);
  const style = getComputedStyle(el);
  const fg = rgba(style.color);
  let alpha = fg[3], node = el;
  while (node && !getComputedStyle(node).backgroundImage.includes("gradient")) {
    alpha *= Number(getComputedStyle(node).opacity);
    node = node.parentElement;
  }
  if (!node) return null;
  const stops = (getComputedStyle(node).backgroundImage.match(/rgba?\\([^)]+\\)/g) || []).map(rgba);
  const size = parseFloat(style.fontSize), bold = Number(style.fontWeight) >= 700;
  const required = size >= 24 || (bold && size >= 18.66) ? 3 : 4.5;
  const ratios = stops.map(bg => {
    const mixed = [0, 1, 2].map(i => alpha * fg[i] + (1 - alpha) * bg[i]);
    const [hi, lo] = [lum(mixed), lum(bg)].sort((a, b) => b - a);
    return (hi + 0.05) / (lo + 0.05);
  });
  return {min: Math.min(...ratios), required, stops: stops.length, behind: node.className};
}"""


def _pages():
    """(user or None, path) of every role's main pages, over the demo province."""
    clerk = User.objects.get(username="clerk.baolaocai")
    reviewer = User.objects.get(username="reviewer.stttt")
    # The clerk's report of the current period (the demo leaves it for a newcomer to start).
    period = selectors.current_period_for(clerk.agency)
    own, _ = services.report_get_or_create(agency=clerk.agency, period=period, user=clerk)
    sent = ActivityReport.objects.filter(agency=clerk.agency).exclude(status="draft").order_by("-period__end").first()
    submitted = ActivityReport.objects.filter(status__in=["submitted", "resubmitted"]).order_by("-pk").first()
    # The quarter with the most accepted reports: a full dashboard, a board and a late list with rows.
    busiest = Counter(
        ActivityReport.objects.filter(status="accepted", period__kind="quarter").values_list("period__code", flat=True)
    ).most_common(1)[0][0]
    to_review = Honouree.objects.filter(status__in=["proposed", "verified"]).order_by("pk").first()
    published = Honouree.objects.published().order_by("pk").first()
    assert None not in (own, sent, submitted, to_review, published), "the demo province lacks a page's subject"
    year = busiest.split("-")[0]
    return [
        (None, "/accounts/login/"),
        (None, "/guong-dien-hinh/"),
        (None, f"/guong-dien-hinh/{published.slug}/"),
        (None, "/khong-co-trang-nay/"),  # the 404 page
        ("clerk.baolaocai", "/"),
        ("clerk.baolaocai", "/reports/"),
        ("clerk.baolaocai", f"/reports/{own.pk}/edit/"),
        ("clerk.baolaocai", f"/reports/{sent.pk}/"),
        ("clerk.baolaocai", "/honourees/"),
        ("clerk.baolaocai", "/honourees/propose/"),
        ("reviewer.stttt", "/"),
        ("reviewer.stttt", f"/reports/inbox/?period={busiest}"),
        ("reviewer.stttt", f"/reports/{submitted.pk}/"),
        ("reviewer.stttt", f"/reports/board/?year={year}&frequency=quarter"),
        ("reviewer.stttt", f"/reports/late/{busiest}/"),
        ("reviewer.stttt", f"/province/?period={busiest}"),
        ("reviewer.stttt", f"/province/report/{busiest}/"),
        ("reviewer.stttt", "/plan/"),
        ("reviewer.stttt", "/agencies/"),
        ("reviewer.stttt", f"/agencies/{reviewer.agency.code}/"),
        ("officer.snv", "/honourees/"),
        ("officer.snv", f"/honourees/{to_review.pk}/"),
        ("leader.ubnd", "/"),
    ]


def _log_in(browser, live_server, username):
    """The session cookies of one demo user, logged in once through the form and reused at every width."""
    context = browser.new_context(locale="vi-VN")
    page = context.new_page()
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", DEMO_PASSWORD)
    with page.expect_navigation():
        page.click("button[type=submit]")
    cookies = context.cookies()
    context.close()
    assert any(c["name"] == "sessionid" for c in cookies), f"{username} could not log in"
    return cookies


def _problems(page, axe_source, where, measured):
    """What is wrong on the page now, one readable line per rule and target; ``measured`` gathers the texts
    on a gradient that were measured here."""
    # A <script> added by Playwright's add_script_tag would be inline, which the site's Content-Security-Policy
    # (script-src 'self') refuses; evaluate() goes through the DevTools protocol, outside the policy, so the
    # pages are checked under their real policy (no bypass_csp).
    page.evaluate(axe_source)
    found = page.evaluate(RUN_AXE, {"tags": TAGS, "blocking": sorted(BLOCKING)})
    lines = [
        f"{where}: {v['impact']} {v['id']} ({v['help']}) at {node['target']}: {' '.join(node['summary'].split())}"
        for v in found["violations"]
        for node in v["nodes"]
    ]
    for target in found["onGradient"]:
        contrast = page.evaluate(GRADIENT_CONTRAST, target)
        measured.append((target, contrast and contrast["behind"]))
        if contrast is None or not contrast["stops"]:
            lines.append(f"{where}: color-contrast on a gradient at {target}: its colours could not be read")
        elif contrast["min"] < contrast["required"]:
            lines.append(
                f"{where}: color-contrast on a gradient at {target}: {contrast['min']:.2f}:1 against its "
                f"lightest stop, {contrast['required']}:1 needed"
            )
    return lines


def test_main_pages_have_no_serious_accessibility_violation_on_desktop_and_phone(
    browser, live_server, settings, plan_data
):
    settings.DEBUG = True  # seed_demo runs only with DEBUG on; the pages are then served with it off
    call_command("seed_demo", stdout=io.StringIO())
    settings.DEBUG = False
    pages = _pages()
    axe_source = AXE.read_text()
    sessions = {user: _log_in(browser, live_server, user) for user in {u for u, _ in pages if u}}
    problems, measured = [], []
    for width in WIDTHS:
        context = browser.new_context(
            locale="vi-VN", timezone_id="Asia/Ho_Chi_Minh", viewport={"width": width, "height": 900}
        )
        page = context.new_page()
        page.set_default_timeout(15000)
        current = "nobody"
        for user, path in pages:
            if user != current:
                context.clear_cookies()
                if user:
                    context.add_cookies(sessions[user])
                current = user
            response = page.goto(f"{live_server.url}{path}")
            page.wait_for_load_state("load")
            expected = 404 if path.startswith("/khong-co") else 200
            assert response.status == expected, f"{path} as {user}: {response.status}"
            if user and path != "/":
                assert "/accounts/login/" not in page.url, f"{path}: {user} is not logged in"
            problems += _problems(page, axe_source, f"{path} as {user or 'visitor'} at {width} px", measured)
        context.close()
    assert any("app-navbar" in (behind or "") for _, behind in measured), "no text of the menu bar was measured"
    if problems:
        pytest.fail("axe-core found serious or critical problems:\n" + "\n".join(problems), pytrace=False)


def test_axe_is_a_test_tool_never_served_to_users():
    assert AXE.is_file()
    assert "axe v4." in AXE.read_text()[:40]
    assert finders.find("axe.min.js") is None
    assert not list((Path(__file__).resolve().parents[2] / "static").rglob("axe*.js"))
