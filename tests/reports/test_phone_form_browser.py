"""In Chromium at a phone's size (390×844, mobile, touch): the report form is one channel at a time, as cards with
large numeric inputs, no sideways scrolling; the clerk's other pages fit 360 px (issue 18 §1)."""

import pytest

from reports.models import Figure
from tests.conftest import login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def phone(browser):
    context = browser.new_context(
        locale="vi-VN",
        timezone_id="Asia/Ho_Chi_Minh",
        viewport={"width": 390, "height": 844},
        is_mobile=True,
        has_touch=True,
        device_scale_factor=2,
    )
    page = context.new_page()
    page.set_default_timeout(15000)
    yield page
    context.close()


def _visible_figures(page):
    return page.evaluate("[...document.querySelectorAll('input.figure')].filter(i => i.offsetParent).map(i => i.name)")


def test_report_form_on_a_phone_is_one_channel_of_cards(phone, live_server, clerk_a, report_a, metrics, themes):
    login(phone, live_server, clerk_a.username)
    phone.goto(f"{live_server.url}/reports/{report_a.pk}/edit/")
    assert phone.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    modes = phone.evaluate("[...document.querySelectorAll('input.figure')].map(i => [i.inputMode, i.pattern, i.type])")
    assert len(modes) == 3 * 8  # two metrics of HT1 and one of HT2, eight themes each
    assert set(map(tuple, modes)) == {("numeric", "[0-9]*", "text")}

    # HT1 first: its two metrics' sixteen inputs, each labelled by its theme, tall enough for a thumb.
    articles = f"c-{metrics[0].pk}-{themes[0].pk}"
    assert len(_visible_figures(phone)) == 16
    assert phone.locator(f"label[for=id_{articles}]").inner_text() == "ND1 Nội dung 1"
    box = phone.locator(f"#id_{articles}").bounding_box()
    assert box["height"] >= 44
    assert box["x"] + box["width"] <= 390
    # The metric's name is on one line across the card, not wrapped word by word in a narrow column.
    name = phone.locator("tr.grid-row .metric-name").first
    assert name.inner_text() == metrics[0].label
    assert name.bounding_box()["height"] < 40

    phone.locator(f"#id_{articles}").tap()
    phone.keyboard.type("12")
    phone.keyboard.press("Enter")  # the number pad's "next": the theme below in the same card
    phone.keyboard.type("3")
    assert phone.locator(f"#id_c-{metrics[0].pk}-{themes[1].pk}").input_value() == "3"
    bar = phone.locator(".report-actions")
    assert bar.locator(".channel-total").inner_text() == "HT1: 15 · "
    assert bar.locator(".grand-total-bar").inner_text() == "15"

    phone.get_by_role("button", name="HT2").tap()
    assert len(_visible_figures(phone)) == 8
    assert phone.get_by_role("button", name="HT2").get_attribute("aria-pressed") == "true"
    phone.locator(f"#id_c-{metrics[2].pk}-{themes[7].pk}").fill("1000")
    assert bar.locator(".channel-total").inner_text() == "HT2: 1.000 · "
    assert bar.locator(".grand-total-bar").inner_text() == "1.015"
    # The save bar stays on the screen while the clerk types far down the card.
    assert bar.bounding_box()["y"] + bar.bounding_box()["height"] <= 844
    assert phone.evaluate("document.documentElement.scrollWidth <= window.innerWidth")

    with phone.expect_navigation():
        bar.get_by_role("button", name="Lưu dự thảo").tap()
    assert phone.get_by_role("alert").inner_text().strip() == "Đã lưu dự thảo báo cáo."
    saved = dict(Figure.objects.filter(report=report_a).values_list("metric__code", "value").order_by())
    assert sorted(Figure.objects.filter(report=report_a).values_list("value", flat=True)) == [3, 12, 1000]
    assert saved["web_posts"] == 1000


def test_clerk_pages_fit_360_px(phone, live_server, clerk_a, report_a):
    phone.set_viewport_size({"width": 360, "height": 740})
    login(phone, live_server, clerk_a.username)
    for path in ("/", "/reports/", f"/reports/{report_a.pk}/", f"/reports/{report_a.pk}/edit/#evidence"):
        phone.goto(f"{live_server.url}{path}")
        assert phone.locator("main").is_visible()
        assert phone.evaluate("document.documentElement.scrollWidth") <= 360, path


def test_desktop_keeps_the_grid(page, live_server, clerk_a, report_a):
    login(page, live_server, clerk_a.username)
    page.goto(f"{live_server.url}/reports/{report_a.pk}/edit/")
    assert not page.locator("#channel-tabs").is_visible()
    assert len(_visible_figures(page)) == 24  # every channel at once
    assert not page.locator(".cell-label").first.is_visible()
    assert page.locator("#figure-grid thead").is_visible()


# A draft on the device whose entries the server changed meanwhile (base ≠ the server's value): the form shows
# each such entry with both values and a button under each (static/js/reports/offline.js).
CONFLICTING_DRAFT = """fields => new Promise(resolve => {
  const open = indexedDB.open('thidua', 1);
  open.onupgradeneeded = () => open.result.createObjectStore('drafts');
  open.onsuccess = () => {
    const tx = open.result.transaction('drafts', 'readwrite');
    const draft = {at: Date.now(), fields: {}};
    fields.forEach(name => { draft.fields[name] = {base: '1', value: '123456'}; });
    tx.objectStore('drafts').put(draft, location.pathname);
    tx.oncomplete = () => { open.result.close(); resolve(); };
  };
})"""

# Per choice button: the number of lines its text takes, and whether it sticks out of the card.
BUTTON_LINES = """() => [...document.querySelectorAll('#device-conflicts button')].map(button => {
  const range = document.createRange();
  range.selectNodeContents(button);
  const lines = new Set([...range.getClientRects()].map(r => Math.round(r.top))).size;
  const card = document.getElementById('device-conflicts').getBoundingClientRect();
  const box = button.getBoundingClientRect();
  const inside = box.left >= card.left && box.right <= card.right;
  return {lines, inside, fits: button.scrollWidth <= button.clientWidth};
})"""


def test_conflict_choices_fit_a_phone_without_wrapping(phone, live_server, clerk_a, report_a, metrics, themes):
    login(phone, live_server, clerk_a.username)
    phone.goto(f"{live_server.url}/reports/{report_a.pk}/edit/")
    names = [f"c-{metrics[0].pk}-{themes[t].pk}" for t in range(2)]
    phone.evaluate(CONFLICTING_DRAFT, names)
    phone.reload()
    rows = phone.get_by_test_id("device-conflicts").locator("tbody tr")
    rows.first.wait_for()
    assert rows.count() == 2
    buttons = phone.evaluate(BUTTON_LINES)
    assert len(buttons) == 4
    assert buttons == [{"lines": 1, "inside": True, "fits": True}] * 4  # "Dùng giá trị này" on one line each
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390
    conflicts = phone.get_by_test_id("device-conflicts")
    assert conflicts.evaluate("card => card.scrollWidth <= card.clientWidth")
