"""On a phone (390 px) the reviewer's pages scroll wide tables inside their box, never the whole page sideways."""

import pytest

from campaigns.models import Plan, Theme
from reports.models import ActivityReport
from tests.conftest import login
from tests.province.compiled_data import make_province

pytestmark = pytest.mark.browser


def test_dashboard_inbox_and_report_fit_a_phone(page, live_server, transactional_db, reviewer):
    make_province()
    plan = Plan.objects.get()
    for i in range(4, 9):  # the real plan's eight themes: the heat map is wider than the phone
        Theme.objects.create(plan=plan, code=f"ND{i}", order=i, short_name=f"Nội dung ND{i}", text="…")
    page.set_viewport_size({"width": 390, "height": 844})
    login(page, live_server, "reviewer")
    report = ActivityReport.objects.exclude(status="draft").select_related("period").first()
    page.goto(f"{live_server.url}/province/?period=2024-Q2")
    page.wait_for_load_state("networkidle")
    assert page.evaluate("document.querySelector('[data-testid=heatmap]').scrollWidth") > 390
    for path in ("/province/?period=2024-Q2", f"/reports/inbox/?period={report.period.code}", f"/reports/{report.pk}/"):
        page.goto(f"{live_server.url}{path}")
        page.wait_for_load_state("networkidle")
        assert page.evaluate("document.documentElement.scrollWidth") <= 390, path


@pytest.mark.django_db(transaction=True)
def test_report_form_save_bar_is_one_row_on_a_phone(page, live_server, clerk_a, report_a):
    page.set_viewport_size({"width": 390, "height": 844})
    login(page, live_server, clerk_a.username)
    page.goto(f"{live_server.url}/reports/{report_a.pk}/edit/")
    bar = page.locator(".report-actions")
    # One line of running totals and one row of buttons, not three.
    assert bar.bounding_box()["height"] < 90
    save, submit = (page.get_by_role("button", name="Lưu dự thảo"), page.get_by_test_id("save-and-submit"))
    assert save.bounding_box()["y"] == submit.bounding_box()["y"]
    assert page.get_by_role("button", name="Lưu dự thảo").is_visible()
    assert page.get_by_test_id("save-and-submit").is_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390


def test_board_fits_a_phone_and_its_legend_wraps(page, live_server, transactional_db, reviewer):
    make_province()
    page.set_viewport_size({"width": 390, "height": 844})
    login(page, live_server, "reviewer")
    page.goto(f"{live_server.url}/reports/board/?year=2024&frequency=month")
    page.wait_for_load_state("networkidle")
    # Twelve months of cells are wider than the phone: the table scrolls in its own box, the page does not.
    assert page.evaluate("document.querySelector('table.board').scrollWidth") > 390
    wide = page.evaluate(
        """() => [...document.querySelectorAll('body *')]
            .filter(e => !e.closest('.table-responsive') && e.getBoundingClientRect().right > 390.5)
            .map(e => e.tagName + '.' + e.className)"""
    )
    assert wide == []
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    # Every entry of the legend is on the screen, none cut at its right edge.
    legend = page.get_by_test_id("board-legend")
    assert legend.bounding_box()["x"] >= 0
    for box in (item.bounding_box() for item in legend.locator(":scope > span").all()):
        assert box["x"] >= 0
        assert box["x"] + box["width"] <= 390
