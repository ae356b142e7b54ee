"""In a real Chromium: the reviewer issues guidance and a clerk acknowledges it; the reviewer orders from the press;
a clerk provides content to the press and the press agency marks it used."""

import datetime

import pytest
from django.utils import timezone

from duties.models import Guidance, PressOrder
from tests.conftest import login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_issue_guidance_and_acknowledge_it(page, live_server, plan, recipients_world, reviewer, clerk_a):
    today = timezone.localdate()
    login(page, live_server, reviewer.username)
    page.goto(f"{live_server.url}/duties/guidance/new/")
    page.fill("#id_number", "15/HD-STTTT")
    page.fill("#id_issued_on", today.strftime("%d/%m/%Y"))
    page.fill("#id_title", "Định hướng tuyên truyền Ngày Thi đua ái quốc")
    page.fill("#id_key_messages", "Tuyên truyền các phong trào thi đua yêu nước.")
    page.fill("#id_valid_from", today.strftime("%d/%m/%Y"))
    page.fill("#id_valid_until", (today + datetime.timedelta(days=20)).strftime("%d/%m/%Y"))
    page.get_by_role("button", name="Lưu dự thảo").click()
    page.wait_for_url("**/duties/guidance/*/")
    with page.expect_navigation():
        page.get_by_role("button", name="Ban hành tới nơi nhận").click()
    assert page.get_by_test_id("ack-rate").inner_text() == "0/3 (0,0%)"

    page.context.clear_cookies()
    login(page, live_server, clerk_a.username)
    page.get_by_test_id("home-guidance").get_by_role("link", name="15/HD-STTTT").click()
    page.wait_for_url("**/duties/guidance/*/")
    with page.expect_navigation():
        page.get_by_test_id("acknowledge").click()
    assert "Cơ quan, đơn vị đã xác nhận đã nhận" in page.get_by_test_id("acknowledged").inner_text()

    page.context.clear_cookies()
    login(page, live_server, reviewer.username)
    page.goto(f"{live_server.url}/duties/guidance/{Guidance.objects.get().pk}/")
    assert page.get_by_test_id("ack-rate").inner_text() == "1/3 (33,3%)"
    assert clerk_a.agency.name in page.get_by_test_id("acknowledged-list").inner_text()


def test_order_from_the_press_and_see_it_as_the_press(page, live_server, plan, agency_a, reviewer, clerk_a):
    login(page, live_server, reviewer.username)
    page.goto(f"{live_server.url}/duties/orders/new/")
    page.select_option("#id_press_agency", str(agency_a.pk))
    page.fill("#id_number", "03/ĐH-STTTT")
    page.fill("#id_ordered_on", "02/01/2099")
    page.fill("#id_period_start", "01/01/2099")
    page.fill("#id_period_end", "30/06/2099")
    page.fill("#id_budget", "-5")
    page.select_option("#id_lines-0-metric", label="Hình thức HT1 — Số articles")
    page.select_option("#id_lines-0-theme", label="ND7. Nội dung 7")
    page.fill("#id_lines-0-quantity", "24")
    with page.expect_navigation():  # refused: the form comes back with its error
        page.get_by_role("button", name="Lưu đơn đặt hàng").click()
    assert "Kinh phí không được là số âm." in page.content()
    assert not PressOrder.objects.exists()
    page.fill("#id_budget", "150000000")
    page.get_by_role("button", name="Lưu đơn đặt hàng").click()
    page.wait_for_url("**/duties/orders/*/")
    order = PressOrder.objects.get()

    page.context.clear_cookies()
    login(page, live_server, clerk_a.username)
    page.goto(f"{live_server.url}/duties/orders/{order.pk}/")
    assert "150.000.000" in page.get_by_test_id("budget").inner_text()
    assert "Đã thực hiện đủ 0/1 nội dung đặt hàng." in page.get_by_test_id("met").inner_text()


def test_provide_content_to_the_press_and_mark_it_used(page, live_server, plan, agency_a, clerk_a, clerk_b):
    from duties.models import ContentProvision

    today = timezone.localdate()
    login(page, live_server, clerk_b.username)
    with page.expect_navigation():
        page.get_by_test_id("home-content").get_by_role("link", name="Ghi nhận thông tin đã cung cấp").click()
    page.select_option("#id_press_agency", str(agency_a.pk))
    page.fill("#id_title", "Mô hình dân vận khéo ở Bát Xát")
    page.select_option("#id_theme", label="ND3. Nội dung 3")
    page.fill("#id_provided_on", today.strftime("%d/%m/%Y"))
    with page.expect_navigation():
        page.get_by_role("button", name="Ghi nhận", exact=True).click()
    assert "Nhập đường dẫn tới nội dung hoặc đính kèm tệp." in page.content()
    assert not ContentProvision.objects.exists()
    page.fill("#id_link", "https://batxat.laocai.gov.vn/dan-van-kheo")
    with page.expect_navigation():
        page.get_by_role("button", name="Ghi nhận", exact=True).click()
    assert page.get_by_role("heading", name="Mô hình dân vận khéo ở Bát Xát").is_visible()
    assert "Cơ quan báo chí chưa xác nhận sử dụng." in page.get_by_test_id("content-use").inner_text()

    page.context.clear_cookies()
    login(page, live_server, clerk_a.username)
    card = page.get_by_test_id("home-content")
    assert "Có 1 thông tin cung cấp cho cơ quan chưa được xác nhận sử dụng." in card.inner_text()
    with page.expect_navigation():
        card.get_by_role("link", name="Mô hình dân vận khéo ở Bát Xát").click()
    page.fill("#id_published_link", "https://baolaocai.vn/dan-van-kheo-o-bat-xat")
    page.fill("#id_used_on", "01/01/2000")
    with page.expect_navigation():
        page.get_by_test_id("mark-used").click()
    assert "Ngày đăng không được trước ngày cung cấp." in page.content()
    page.fill("#id_used_on", today.strftime("%d/%m/%Y"))
    with page.expect_navigation():
        page.get_by_test_id("mark-used").click()
    assert page.get_by_test_id("published-link").inner_text() == "https://baolaocai.vn/dan-van-kheo-o-bat-xat"
    assert "Đã sử dụng" in page.get_by_test_id("content-use").inner_text()

    page.context.clear_cookies()
    login(page, live_server, clerk_b.username)
    page.goto(f"{live_server.url}/duties/content/{ContentProvision.objects.get().pk}/")
    assert page.get_by_test_id("published-link").is_visible()
