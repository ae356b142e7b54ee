"""In Chromium: leaving the report form through the evidence form with unsaved figures asks first."""

import pytest

from reports.models import Evidence
from tests.conftest import login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_adding_a_link_with_unsaved_figures_asks_before_dropping_them(page, live_server, clerk_a, report_a):
    dialogs = []

    def answer(dialog):
        dialogs.append(dialog.type)
        dialog.dismiss()  # "stay on the page"

    page.on("dialog", answer)
    login(page, live_server, clerk_a.username)
    page.goto(f"{live_server.url}/reports/{report_a.pk}/edit/")
    page.locator("input.figure").first.click()
    page.keyboard.type("7")
    page.fill("#link-title", "Bài viết")
    page.fill("#link-url", "https://baolaocai.vn/bai-viet")
    page.get_by_role("button", name="Thêm đường dẫn").click()
    page.wait_for_timeout(500)
    assert dialogs == ["beforeunload"]
    assert page.locator("input.figure").first.input_value() == "7"  # still there, nothing lost
    assert not Evidence.objects.exists()

    # Once saved, the evidence form goes through without a question.
    # Each click a navigation, waited for: ``wait_for_load_state`` alone may return before it starts, and the
    # next step then ran on the page being left (the link never posted, once in a CI run).
    with page.expect_navigation():
        page.get_by_role("button", name="Lưu dự thảo").click()
    page.fill("#link-title", "Bài viết")
    page.fill("#link-url", "https://baolaocai.vn/bai-viet")
    with page.expect_navigation():
        page.get_by_role("button", name="Thêm đường dẫn").click()
    assert dialogs == ["beforeunload"]
    assert Evidence.objects.filter(report=report_a).count() == 1
