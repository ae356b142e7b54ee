"""In Chromium on a phone (390 px): the clerk breaks the report's articles down by movement and occasion; a line
over the total is refused beside its number; the page never scrolls sideways; the reviewer reads the lines."""

import datetime

import pytest

from campaigns.models import Movement, Occasion
from reports import services
from reports.models import Attribution
from tests.conftest import login
from tests.reports.factories import add_figure

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_breakdown_on_a_phone(page, live_server, clerk_a, reviewer, report_a, plan, metrics, themes):
    movement = Movement.objects.create(
        code="nong-thon-moi", name="Cả nước chung sức xây dựng nông thôn mới – phong trào thi đua của cả nước"
    )
    movement.plans.add(plan)
    occasion = Occasion.objects.create(
        code="ngay-dai",
        name="Ngày kỷ niệm có tên rất dài để thử xem trang có tràn sang ngang hay không trên điện thoại",
        starts_on=datetime.date(1948, 1, 1),
        ends_on=datetime.date(1948, 12, 31),
        recurring=True,
    )
    occasion.plans.add(plan)
    add_figure(report_a, metrics[0], themes[0], 12)  # 12 articles
    page.set_viewport_size({"width": 390, "height": 844})
    login(page, live_server, clerk_a.username)
    page.goto(f"{live_server.url}/reports/{report_a.pk}/breakdown/")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    page.select_option("#id_a-0-movement", str(movement.pk))
    page.select_option("#id_a-0-occasion", str(occasion.pk))
    page.fill("#id_a-0-value", "13")
    with page.expect_navigation():
        page.get_by_test_id("save-attributions").click()
    error = page.locator("#id_a-0-value-err")
    assert "lớn hơn tổng" in error.inner_text()
    box = error.bounding_box()
    assert box["x"] + box["width"] <= 390
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    assert not Attribution.objects.exists()
    page.fill("#id_a-0-value", "12")
    with page.expect_navigation():
        page.get_by_test_id("save-attributions").click()
    assert list(Attribution.objects.values_list("movement_id", "occasion_id", "value")) == [
        (movement.pk, occasion.pk, 12)
    ]
    services.report_submit(report=report_a, user=clerk_a)
    page.context.clear_cookies()
    login(page, live_server, reviewer.username)
    page.goto(f"{live_server.url}/reports/{report_a.pk}/")
    lines = page.get_by_test_id("attributions").inner_text()
    assert "nông thôn mới" in lines
    assert "12" in lines
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
