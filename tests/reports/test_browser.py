"""In a real Chromium: a clerk fills the grid with the keyboard, attaches a file and submits; the reviewer
returns it with a reason; the clerk corrects and resubmits; the reviewer accepts; the board shows it on time."""

import os

import pytest

from reports.models import ActivityReport, Evidence
from tests.conftest import login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
SHOTS = os.environ.get("SCREENSHOT_DIR")


def _shot(page, name):
    if SHOTS:
        page.screenshot(path=os.path.join(SHOTS, f"reports-{name}.png"), full_page=True)


def test_report_round_trip_from_clerk_to_reviewer(page, live_server, clerk_a, reviewer, period, tmp_path):
    # The clerk starts the period's report from the home page.
    login(page, live_server, clerk_a.username)
    page.goto(f"{live_server.url}/reports/")
    page.get_by_role("button", name="Lập báo cáo").click()
    page.wait_for_url("**/reports/*/edit/")

    # Figures by keyboard: Tab to the right, arrow keys down and left; the totals follow.
    cells = page.locator("input.figure")
    cells.nth(0).click()
    page.keyboard.type("5")
    page.keyboard.press("Tab")
    page.keyboard.type("3")
    page.keyboard.press("ArrowDown")
    page.keyboard.type("2")
    page.keyboard.press("ArrowLeft")
    page.keyboard.type("1")
    assert page.get_by_test_id("grand-total").inner_text() == "11"
    assert page.locator("tr.grid-row").nth(0).locator(".row-total").inner_text() == "8"
    page.fill("#id_results", "Đăng 8 tin, bài trên báo in và báo điện tử.")
    _shot(page, "grid")
    with page.expect_navigation():
        page.get_by_role("button", name="Lưu dự thảo").click()
    report = ActivityReport.objects.get(agency=clerk_a.agency, period=period)
    assert sorted(report.figures.values_list("value", flat=True)) == [1, 2, 3, 5]

    # A file attached; its type is read from its bytes.
    picture = tmp_path / "hoi-nghi.png"
    picture.write_bytes(PNG)
    page.fill("#file-title", "Ảnh hội nghị")
    page.set_input_files("#file-input", str(picture))
    with page.expect_navigation():
        page.get_by_role("button", name="Đính kèm tệp").click()
    assert Evidence.objects.get(report=report).content_type == "image/png"

    # Submit.
    page.goto(f"{live_server.url}/reports/{report.pk}/")
    with page.expect_navigation():
        page.get_by_test_id("submit").click()
    assert page.get_by_test_id("report-status").inner_text() == "Đã gửi"

    # The reviewer returns it with a reason.
    page.context.clear_cookies()
    login(page, live_server, reviewer.username)
    page.goto(f"{live_server.url}/reports/inbox/?period={period.code}")
    page.get_by_role("link", name="Mở").first.click()
    page.wait_for_url(f"**/reports/{report.pk}/")
    page.fill("#id_reason", "Đề nghị bổ sung số liệu hội nghị.")
    with page.expect_navigation():
        page.get_by_test_id("return").click()
    assert page.get_by_test_id("report-status").inner_text() == "Trả lại để chỉnh sửa"

    # The clerk sees the reason, corrects and resubmits.
    page.context.clear_cookies()
    login(page, live_server, clerk_a.username)
    page.goto(f"{live_server.url}/reports/")
    assert "Đề nghị bổ sung số liệu hội nghị." in page.content()
    page.goto(f"{live_server.url}/reports/{report.pk}/edit/")
    last = page.locator("input.figure").last
    last.click()
    page.keyboard.type("4")
    # One click on the edit page saves what was typed and resubmits it.
    with page.expect_navigation():
        page.get_by_test_id("save-and-submit").click()
    assert page.get_by_test_id("report-status").inner_text() == "Đã gửi lại"

    # The reviewer accepts; the completeness board shows the agency on time.
    page.context.clear_cookies()
    login(page, live_server, reviewer.username)
    page.goto(f"{live_server.url}/reports/{report.pk}/")
    with page.expect_navigation():
        page.get_by_test_id("accept").click()
    assert page.get_by_test_id("report-status").inner_text() == "Đã tiếp nhận"
    page.goto(f"{live_server.url}/reports/board/?year={period.year}&frequency=quarter")
    row = page.locator("tr", has_text=clerk_a.agency.name)
    assert row.locator("td[data-state]").first.get_attribute("data-state") == "on_time"
    assert row.locator("td[data-state]").first.inner_text().strip() == "ĐH"
    assert row.locator("td[data-state]").first.get_attribute("title") == "đúng hạn"
    _shot(page, "board")
    report.refresh_from_db()
    assert report.status == "accepted"
    assert report.figures.count() == 5
