"""The dashboard and the compile page in the system Chromium: charts drawn from the data island, no script errors."""

import os
from pathlib import Path

import pytest

from tests.conftest import login
from tests.province.compiled_data import add_agencies_with_reports, make_province

pytestmark = pytest.mark.browser


def _shot(page, name):
    directory = os.environ.get("SCREENSHOT_DIR")
    if directory:
        page.screenshot(path=str(Path(directory) / name), full_page=True)


def test_dashboard_draws_every_chart(page, live_server, transactional_db, reviewer):
    make_province()
    errors = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.on(
        "response",
        lambda r: errors.append(f"{r.status} {r.url}") if r.status >= 400 and "favicon" not in r.url else None,
    )
    login(page, live_server, "reviewer")
    page.goto(f"{live_server.url}/province/?period=2024-Q2")
    page.wait_for_function("() => window.Chart && Object.keys(Chart.instances).length === 4")
    assert page.locator("canvas.dashboard-chart").count() == 4
    assert page.locator("[data-testid=heatmap] tbody tr").count() == 7
    _shot(page, "dashboard.png")
    page.emulate_media(media="print")
    _shot(page, "dashboard-print.png")
    assert errors == []


def test_reviewer_compiles_from_the_page_and_gets_the_downloads(page, live_server, transactional_db, reviewer):
    make_province()
    login(page, live_server, "reviewer")
    page.goto(f"{live_server.url}/province/report/2024-Q2/")
    page.fill("#id_signer_name", "Nguyễn Văn A")
    page.click("form[action$='/compile/'] button[type=submit]")
    page.wait_for_selector("a:has-text('DOCX')")
    assert page.locator("[data-status=done]").count() == 1
    _shot(page, "compiled.png")


def test_the_heat_map_keeps_its_headers_in_view_on_a_phone(page, live_server, transactional_db, reviewer):
    _plan, _agencies, metrics, themes = make_province()
    add_agencies_with_reports(60, metrics, themes)
    page.set_viewport_size({"width": 390, "height": 844})
    login(page, live_server, "reviewer")
    page.goto(f"{live_server.url}/province/?period=2024-Q2#heatmap")
    box = page.locator(".heatmap-scroll")
    assert page.locator("[data-testid=heatmap] tbody tr").count() == 67
    # The page itself never scrolls sideways: the table scrolls inside its box.
    assert page.evaluate("() => document.documentElement.scrollWidth") <= 390
    # Scrolled down inside its box (and sideways if it is wider), measured in one step relative to the box.
    offsets = box.evaluate(
        """el => {
            el.scrollTop = 600; el.scrollLeft = 200;
            const box = el.getBoundingClientRect();
            const heading = el.querySelector("thead tr th:nth-child(3)").getBoundingClientRect();
            const totals = el.querySelector("thead tr.heat-totals th").getBoundingClientRect();
            const name = el.querySelectorAll("tbody tr")[20].querySelector("th").getBoundingClientRect();
            return {heading: heading.top - box.top, headingHeight: heading.height, totals: totals.top - box.top,
                    name: name.left - box.left, scrolled: el.scrollTop};
        }"""
    )
    assert offsets["scrolled"] == 600
    assert abs(offsets["heading"]) <= 2  # the theme headings stay at the top of the box
    assert abs(offsets["totals"] - offsets["headingHeight"]) <= 2  # the totals row right under them
    assert abs(offsets["name"]) <= 2  # the agency column stays at its left edge
    _shot(page, "dashboard-heatmap-390.png")
    # Filtering by a name typed without diacritics, then sorting by a theme, from the page.
    page.fill("#heat-q", "x co quan 00")
    page.click("[data-testid=heat-filters] button[type=submit]")
    assert page.locator("[data-testid=heatmap] tbody tr").count() == 10
    assert page.locator("[data-testid=heat-count]").inner_text() == "Đang hiển thị 10/67 cơ quan, đơn vị"
