"""In a real Chromium: a clerk proposes, the officer verifies and publishes, a visitor finds the person."""

import pytest

from honourees.models import Honouree
from tests.conftest import login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_proposal_to_portal_found_without_diacritics(page, live_server, browser, clerk_a, officer):
    unit = clerk_a.agency.unit

    # The clerk proposes.
    login(page, live_server, clerk_a.username)
    page.goto(f"{live_server.url}/honourees/propose/")
    page.select_option("#id_kind", "individual")
    page.select_option("#id_category", "good_deed")
    page.fill("#id_name", "Giàng Thị Dung")
    page.select_option("#id_unit", str(unit.pk))
    page.select_option("#id_field", "poverty")
    page.fill("#id_story", "Bà giúp 30 hộ nghèo trong thôn thoát nghèo bằng nghề dệt thổ cẩm.")
    page.check("#id_consent_to_publish")
    page.fill("#id_phone", "0987 654 321")
    page.click("form.hn-form button[type=submit]")
    page.wait_for_url("**/honourees/*/")
    honouree = Honouree.objects.get(name="Giàng Thị Dung")
    assert honouree.status == Honouree.Status.PROPOSED
    assert honouree.proposing_agency == clerk_a.agency

    # The officer verifies, then publishes.
    page.context.clear_cookies()
    login(page, live_server, officer.username)
    page.goto(f"{live_server.url}/honourees/{honouree.pk}/")
    with page.expect_navigation():
        page.get_by_role("button", name="Thẩm định").click()
    with page.expect_navigation():
        page.get_by_role("button", name="Công bố trên cổng thông tin").click()
    honouree.refresh_from_db()
    assert honouree.status == Honouree.Status.PUBLISHED

    # A visitor with no account finds her by typing without diacritics.
    visitor = browser.new_context(locale="vi-VN", viewport={"width": 390, "height": 844})
    try:
        public = visitor.new_page()
        public.goto(f"{live_server.url}/guong-dien-hinh/")
        public.fill("input[name=q]", "giang thi dung")
        with public.expect_navigation():
            public.get_by_role("button", name="Tìm kiếm").click()
        public.get_by_role("link", name="Giàng Thị Dung").click()
        public.wait_for_url("**/guong-dien-hinh/giang-thi-dung/")
        assert public.locator("h1").inner_text() == "Giàng Thị Dung"
        assert "0987 654 321" not in public.content()
    finally:
        visitor.close()
