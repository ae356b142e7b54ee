"""The dashboard and the compile page in the system Chromium: charts drawn from the data island, no script errors."""

import os
from pathlib import Path

import pytest

from tests.conftest import login
from tests.province.compiled_data import make_province

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
