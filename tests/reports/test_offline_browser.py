"""In Chromium: the report form opens offline once opened online, keeps what is typed on the device, sends it as a
normal save when the connection returns, never overwrites what someone saved meanwhile, and signing out leaves
nothing behind (issue 18 §2–4). The service worker needs a secure context: http://localhost is one."""

import time

import pytest
from playwright.sync_api import expect

from reports.models import ActivityReport, Figure
from tests.conftest import login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

DRAFTS = """() => new Promise(resolve => {
  const open = indexedDB.open('thidua', 1);
  open.onupgradeneeded = () => open.result.createObjectStore('drafts');
  open.onsuccess = () => {
    const all = open.result.transaction('drafts').objectStore('drafts').getAll();
    all.onsuccess = () => { open.result.close(); resolve(all.result); };
  };
})"""


@pytest.fixture
def phone_context(browser):
    def make():
        context = browser.new_context(
            locale="vi-VN",
            timezone_id="Asia/Ho_Chi_Minh",
            viewport={"width": 390, "height": 844},
            is_mobile=True,
            has_touch=True,
        )
        contexts.append(context)
        page = context.new_page()
        page.set_default_timeout(15000)
        # A worker's first page (a fresh live server: URLs, templates and catalogues load on first use) took more
        # than 15 s on a machine at load 19 (make test-sqlite beside other jobs).
        page.set_default_navigation_timeout(60000)
        return context, page

    contexts = []
    yield make
    for context in contexts:
        context.close()


class Network:
    """One device's connection to the live server, cut for real: ``cut(context)`` makes the server close, without an
    answer, every connection that carries that context's session cookie (the page's requests and the service
    worker's own fetches alike) and switches the context's offline emulation on, so the page sees
    ``navigator.onLine`` false. Playwright's offline emulation alone does not reliably reach a service worker's
    fetches (in about one run in three the worker still reached the server). Other devices stay online."""

    def __init__(self):
        self.cut_sessions = set()

    def cut(self, context, *, emulate=True):
        self.cut_sessions.update(c["value"] for c in context.cookies() if c["name"] == "sessionid")
        context.set_offline(emulate)

    def restore(self, context):
        self.cut_sessions.difference_update(c["value"] for c in context.cookies() if c["name"] == "sessionid")
        context.set_offline(False)

    def refuses(self, cookie_header):
        return any(f"sessionid={value}" in (cookie_header or "") for value in self.cut_sessions)


@pytest.fixture
def network(live_server):
    """The live server's switch (see Network), put back after the test: the live server is shared."""
    httpd = live_server.thread.httpd
    handler = httpd.RequestHandlerClass
    switch = Network()

    class Switched(handler):
        def parse_request(self):
            if not super().parse_request():
                return False
            if switch.refuses(self.headers.get("Cookie")):
                self.close_connection = True  # no answer at all: the browser sees the connection drop
                return False
            return True

    httpd.RequestHandlerClass = Switched
    yield switch
    httpd.RequestHandlerClass = handler


# Where the page stands with its service worker: polled, and printed when the deadline passes.
STATE = """async () => {
  const registration = await navigator.serviceWorker.getRegistration();
  const state = worker => worker ? worker.state : null;
  return {
    controlled: navigator.serviceWorker.controller !== null,
    kept: !!(await caches.match(location.href, {ignoreVary: true})),
    registration: registration ? {installing: state(registration.installing), waiting: state(registration.waiting),
                                  active: state(registration.active)} : null,
    caches: await caches.keys(),
  };
}"""


def _open_for_offline(page, url, seconds=90):
    """Open the form online and wait until the service worker controls it and keeps it for offline use.

    A generous deadline, polled (on a loaded machine the worker's install fetches ten static files from a busy
    live server); when it passes, the message says where the registration stood and what went wrong on the way."""
    problems = []
    page.on(
        "console", lambda m: problems.append(f"console {m.type}: {m.text}") if m.type in ("error", "warning") else None
    )
    page.on("pageerror", lambda error: problems.append(f"page error: {error}"))
    page.context.on("requestfailed", lambda r: problems.append(f"failed: {r.method} {r.url} {r.failure}"))
    page.context.on("response", lambda r: problems.append(f"{r.status}: {r.url}") if r.status >= 400 else None)
    page.goto(url)
    deadline = time.monotonic() + seconds
    while True:
        # Polled with evaluate: the answer is a promise, which wait_for_function would take as truthy.
        state = page.evaluate(STATE)
        if state["controlled"] and state["kept"]:
            return
        assert time.monotonic() < deadline, f"no offline copy after {seconds} s: {state}; {problems}"
        page.wait_for_timeout(200)


def test_the_switch_cuts_one_device_and_not_the_others(phone_context, live_server, network, clerk_a):
    """The harness itself: with the switch alone (no offline emulation), the cut device's requests fail and
    another device's still get through."""
    url = f"{live_server.url}/reports/"
    devices = []
    for _ in range(2):
        context, page = phone_context()
        login(page, live_server, clerk_a.username)
        devices.append((context, page))
    network.cut(devices[0][0], emulate=False)
    status = "url => fetch(url, {credentials: 'same-origin'}).then(r => r.status, e => e.name)"
    assert devices[0][1].evaluate(status, url) == "TypeError"  # a network error, as with no signal
    assert devices[1][1].evaluate(status, url) == 200
    network.restore(devices[0][0])
    assert devices[0][1].evaluate(status, url) == 200


def _cell(metrics, themes, m=0, t=0):
    return f"#id_c-{metrics[m].pk}-{themes[t].pk}"


def _saved(report, metric, theme):
    return Figure.objects.filter(report=report, metric=metric, theme=theme).values_list("value", flat=True).first()


def test_typed_offline_kept_on_the_device_and_sent_when_online(
    phone_context, live_server, network, clerk_a, report_a, metrics, themes
):
    context, page = phone_context()
    login(page, live_server, clerk_a.username)
    url = f"{live_server.url}/reports/{report_a.pk}/edit/"
    _open_for_offline(page, url)

    network.cut(context)
    page.locator(_cell(metrics, themes)).fill("37")
    status = page.get_by_test_id("draft-status")
    expect(status).to_have_text("Đã lưu trên thiết bị, chưa gửi")
    page.reload()  # no connection: the form comes from the device, with what was typed
    expect(page.locator(_cell(metrics, themes))).to_have_value("37")  # restored from the device, after load
    expect(status).to_have_text("Đã lưu trên thiết bị, chưa gửi")
    assert page.locator(".offline-note").is_visible()  # evidence waits for the connection
    assert _saved(report_a, metrics[0], themes[0]) is None
    version = ActivityReport.objects.get(pk=report_a.pk).version

    with page.expect_navigation():  # sent, then the form reloaded from the server
        network.restore(context)
    expect(status).to_have_text("Nội dung lưu trên thiết bị đã được gửi và lưu.")
    assert page.evaluate(DRAFTS) == []
    assert _saved(report_a, metrics[0], themes[0]) == 37
    assert ActivityReport.objects.get(pk=report_a.pk).version == version + 1

    # Another device (a fresh browser context) sees it on the server.
    _other, fresh = phone_context()
    login(fresh, live_server, clerk_a.username)
    fresh.goto(url)
    assert fresh.locator(_cell(metrics, themes)).input_value() == "37"


def test_offline_edit_and_an_online_save_of_the_same_cell_are_both_shown(
    phone_context, live_server, network, clerk_a, report_a, metrics, themes
):
    context, page = phone_context()
    login(page, live_server, clerk_a.username)
    url = f"{live_server.url}/reports/{report_a.pk}/edit/"
    _open_for_offline(page, url)
    network.cut(context)
    page.locator(_cell(metrics, themes)).fill("5")
    page.locator(_cell(metrics, themes, 0, 1)).fill("8")  # a cell nobody else touches

    # Meanwhile another session saves the same cell online.
    _other, desk = phone_context()
    login(desk, live_server, clerk_a.username)
    desk.goto(url)
    desk.locator(_cell(metrics, themes)).fill("7")
    with desk.expect_navigation():
        desk.get_by_role("button", name="Lưu dự thảo").click()
    assert _saved(report_a, metrics[0], themes[0]) == 7

    with page.expect_navigation():  # the send is refused (409): the form opens again to compare
        network.restore(context)
    conflicts = page.get_by_test_id("device-conflicts")
    conflicts.wait_for()
    rows = conflicts.locator("tbody tr")
    assert rows.count() == 1  # only the cell both changed; the other one simply takes the device's value
    assert rows.first.locator(".conflict-value").all_inner_texts() == ["5", "7"]
    assert page.locator(_cell(metrics, themes, 0, 1)).input_value() == "8"
    assert page.locator(_cell(metrics, themes)).input_value() == "5"  # the device's, until the clerk chooses
    assert page.locator(".grand-total-bar").inner_text() == "13"
    assert page.get_by_role("button", name="Lưu dự thảo").is_disabled()
    assert _saved(report_a, metrics[0], themes[0]) == 7  # nothing overwritten while the clerk has not chosen
    assert _saved(report_a, metrics[0], themes[1]) is None

    rows.first.get_by_role("button").first.click()  # keep the device's 5
    assert page.locator(_cell(metrics, themes)).input_value() == "5"
    with page.expect_navigation():
        page.get_by_role("button", name="Lưu dự thảo").click()
    assert _saved(report_a, metrics[0], themes[0]) == 5
    assert _saved(report_a, metrics[0], themes[1]) == 8
    # The form, opened again, finds the server holding the draft's values and drops it (asynchronously).
    deadline = time.monotonic() + 15
    while page.evaluate(DRAFTS):
        assert time.monotonic() < deadline, f"the saved draft stayed on the device: {page.evaluate(DRAFTS)}"
        page.wait_for_timeout(100)


def test_signing_out_removes_cached_pages_and_drafts(phone_context, live_server, clerk_a, report_a, metrics, themes):
    context, page = phone_context()
    page.on("dialog", lambda dialog: dialog.accept())  # "leave the page?" (unsaved input): yes
    login(page, live_server, clerk_a.username)
    url = f"{live_server.url}/reports/{report_a.pk}/edit/"
    _open_for_offline(page, url)
    context.set_offline(True)
    page.locator(_cell(metrics, themes)).fill("9")
    expect(page.get_by_test_id("draft-status")).to_have_text("Đã lưu trên thiết bị, chưa gửi")
    assert len(page.evaluate(DRAFTS)) == 1
    assert page.evaluate("caches.keys().then(keys => keys.length)") == 1

    # Back online, but the send does not get through (a weak signal): the draft stays on the device.
    def no_send(route):
        return route.abort() if route.request.method == "POST" else route.fallback()

    context.route("**/reports/*/edit/", no_send)
    context.set_offline(False)
    page.wait_for_function("() => navigator.onLine")
    expect(page.get_by_test_id("draft-status")).to_have_text("Đã lưu trên thiết bị, chưa gửi")
    assert len(page.evaluate(DRAFTS)) == 1
    page.evaluate("document.querySelector('form[action=\"/accounts/logout/\"]').requestSubmit()")
    page.wait_for_url("**/accounts/login/")
    assert page.evaluate("caches.keys()") == []
    assert page.evaluate(DRAFTS) == []
    assert page.evaluate("navigator.serviceWorker.getRegistrations().then(rs => rs.length)") == 0
    context.set_offline(True)
    with pytest.raises(Exception, match="ERR_INTERNET_DISCONNECTED"):
        page.goto(url)


def test_a_draft_submitted_online_leaves_the_device(phone_context, live_server, clerk_a, report_a, metrics, themes):
    context, page = phone_context()
    page.on("dialog", lambda dialog: dialog.accept())
    login(page, live_server, clerk_a.username)
    url = f"{live_server.url}/reports/{report_a.pk}/edit/"
    page.goto(url)
    context.set_offline(True)  # the page's own offline state is what keeps typing on the device
    page.locator(_cell(metrics, themes)).fill("12")
    expect(page.get_by_test_id("draft-status")).to_have_text("Đã lưu trên thiết bị, chưa gửi")

    # Back online, the automatic send does not get through (a weak signal): the draft stays on the device...
    def no_send(route):
        return route.abort() if route.request.method == "POST" else route.fallback()

    context.route("**/reports/*/edit/", no_send)
    context.set_offline(False)
    page.wait_for_function("() => navigator.onLine")
    expect(page.get_by_test_id("draft-status")).to_have_text("Đã lưu trên thiết bị, chưa gửi")
    assert len(page.evaluate(DRAFTS)) == 1
    # ...until the clerk submits the report and the server takes it.
    context.unroute("**/reports/*/edit/")
    with page.expect_navigation(url=f"{live_server.url}/reports/{report_a.pk}/"):
        page.get_by_test_id("save-and-submit").click()
    assert ActivityReport.objects.get(pk=report_a.pk).status != ActivityReport.Status.DRAFT
    assert _saved(report_a, metrics[0], themes[0]) == 12
    deadline = time.monotonic() + 15
    while page.evaluate(DRAFTS):
        assert time.monotonic() < deadline, "the submitted report's draft stayed on the device"
        page.wait_for_timeout(100)
