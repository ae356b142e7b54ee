"""In a real Chromium: the proposing clerk logs a support, the officer a replication; both on the timeline."""

import re

import pytest

from honourees.models import Honouree, NurtureAction, Replication
from tests.conftest import login
from tests.factories import AdministrativeUnitFactory
from tests.honourees.factories import HonoureeFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_support_and_replication_reach_the_timeline(page, live_server, clerk_a, officer):
    honouree = HonoureeFactory(proposing_agency=clerk_a.agency, status=Honouree.Status.PUBLISHED, name="Lò Thị Mai")
    unit = AdministrativeUnitFactory(name="Xã Y Tý")
    detail = f"{live_server.url}/honourees/{honouree.pk}/"

    # The proposing clerk records a support; a day in the future is refused first, beside the field.
    login(page, live_server, clerk_a.username)
    page.goto(detail)
    with page.expect_navigation():
        page.get_by_role("link", name="Bồi dưỡng").click()
    page.select_option("#id_kind", "training")
    page.fill("#id_description", "Tập huấn kỹ thuật nuôi lợn đen bản địa")
    page.fill("#id_supporter", "Hội Nông dân huyện")
    page.fill("#id_done_on", "2099-01-01")
    with page.expect_navigation():
        page.get_by_role("button", name="Ghi nhận").click()
    assert "Ngày không được sau ngày hôm nay." in page.content()
    assert not NurtureAction.objects.exists()
    page.fill("#id_done_on", "2025-02-03")
    with page.expect_navigation():
        page.get_by_role("button", name="Ghi nhận").click()
    assert re.search(r"#timeline$", page.url)
    assert NurtureAction.objects.get().recorded_by == clerk_a

    # The officer records another village adopting the model.
    page.context.clear_cookies()
    login(page, live_server, officer.username)
    page.goto(detail)
    with page.expect_navigation():
        page.get_by_role("link", name="Nhân rộng").click()
    page.fill("#id_adopter", "Chi hội phụ nữ thôn Phìn Hồ")
    page.select_option("#id_unit", str(unit.pk))
    page.fill("#id_started_on", "2025-06-07")
    page.fill("#id_coverage", "40")
    page.select_option("#id_coverage_kind", "members")
    with page.expect_navigation():
        page.get_by_role("button", name="Ghi nhận").click()
    assert Replication.objects.get().coverage == 40
    timeline = page.locator(".hn-pipeline").inner_text()
    assert timeline.index("03/02/2025") < timeline.index("07/06/2025")
    assert "Hội Nông dân huyện" in timeline
    assert "quy mô 40 hội viên, đoàn viên" in timeline
