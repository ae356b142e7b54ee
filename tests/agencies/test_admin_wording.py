"""Wording of Home Affairs' admin: its forms, Django's and the packages' words, the history pages."""

import re

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from honourees import services as honouree_services
from honourees.models import Honouree
from reports import services as report_services
from reports.models import ActivityReport
from tests.honourees.factories import CommendationFactory, HonoureeFactory
from tests.reports.factories import PeriodFactory, PlanFactory, ReportFactory


def test_agency_form_says_reporting_frequency(client, officer, agency_a):
    client.force_login(officer)
    html = client.get(reverse("admin:agencies_agency_change", args=[agency_a.pk])).content.decode()
    assert "Tần suất báo cáo" in html


# --- the admin's own words, and those of the packages behind it ---------------------

ENGLISH_ON_EVERY_PAGE = ["Skip to main content", "Toggle theme", "Breadcrumbs", "Sidebar", "Filter navigation items"]
ISO_MOMENT = re.compile(r"\d{4}-\d\d-\d\d[ T]\d\d:\d\d:\d\d")


def _label(choice):
    with translation.override("vi"):
        return str(choice.label)


def test_the_officers_admin_pages_read_in_vietnamese(client, plan_data, officer):
    CommendationFactory()
    PlanFactory(code="ke-hoach-khac")  # two plans: the channel list offers its filter by plan
    client.force_login(officer)
    pages = {
        "index": reverse("admin:index"),
        "agencies": reverse("admin:agencies_agency_changelist"),
        "channels": reverse("admin:campaigns_channel_changelist"),
        "commendations": reverse("admin:honourees_commendation_changelist"),
        "honouree": reverse("admin:honourees_honouree_change", args=[Honouree.objects.get().pk]),
    }
    html = {name: client.get(url).content.decode() for name, url in pages.items()}
    for name, page in html.items():
        for english in ENGLISH_ON_EVERY_PAGE:
            assert english not in page, (name, english)
        assert "Chuyển đến nội dung chính" in page
        assert "Đổi giao diện sáng/tối" in page
    assert "Show counts" not in html["agencies"]
    assert "Hiện số lượng" in html["agencies"]
    assert "Chọn tất cả các mục trên trang này để thao tác" in html["agencies"]
    assert "Thao tác:" in html["agencies"]
    # A plan's parts and a commendation name what they belong to in Vietnamese.
    assert ">Kế hoạch</a>" in html["channels"]
    assert "Theo kế hoạch" in html["channels"]
    assert ">Điển hình</a>" in html["commendations"]


def test_the_administrators_admin_names_the_packages_apps_in_vietnamese(client, plan_data, admin_user):
    client.force_login(admin_user)
    index = client.get(reverse("admin:index")).content.decode()
    for english in ("Periodic tasks", "Periodic Tasks", "Access attempts", "Access failures", "Access logs", "Axes"):
        assert english not in index, english
    apps = ("Tác vụ định kỳ", "An toàn đăng nhập", "Lần thử đăng nhập", "Lần đăng nhập sai", "Nhật ký đăng nhập")
    for vietnamese in apps:
        assert vietnamese in index, vietnamese
    tasks = client.get(reverse("admin:django_celery_beat_periodictask_changelist")).content.decode()
    assert "Xóa các tác vụ định kỳ đã chọn" in tasks
    assert "periodic tasks" not in tasks


@pytest.fixture
def honouree_history(client, officer):
    honouree = HonoureeFactory()
    honouree_services.honouree_verify(honouree=honouree, user=officer)
    client.force_login(officer)
    return client.get(reverse("admin:honourees_honouree_history", args=[honouree.pk])).content.decode()


def test_a_history_page_reads_in_vietnamese_with_labels_and_local_times(honouree_history, officer):
    page = honouree_history
    for english in ("View history", "Object", "Changed by", "Change reason", "Date/time", ">Changes<", "entries"):
        assert english not in page, english
    headings = ("Lịch sử thay đổi:", "Bản ghi", "Người thay đổi", "Lý do thay đổi", "Nội dung thay đổi", "2 mục")
    for vietnamese in headings:
        assert vietnamese in page, vietnamese
    # The status by its labels, not its codes.
    proposed, verified = _label(Honouree.Status.PROPOSED), _label(Honouree.Status.VERIFIED)
    assert re.search(rf"{proposed}\s*&nbsp;&rarr;&nbsp;&nbsp;{verified}", page)
    assert "proposed" not in page
    assert "→&nbsp;&nbsp;verified" not in page
    # When, and who, as the interface writes them.
    last = Honouree.history.order_by("-history_id").first()
    assert timezone.localtime(last.history_date).strftime("%d/%m/%Y %H:%M") in page
    assert not ISO_MOMENT.search(page)
    assert officer.get_full_name() in page


def test_a_reports_history_in_the_admin_names_its_events_and_statuses(client, admin_user, clerk_a, reviewer):
    report = ReportFactory(agency=clerk_a.agency, period=PeriodFactory())
    report_services.report_submit(report=report, user=clerk_a, confirm_empty=True)
    report_services.report_return(report=report, user=reviewer, reason="Thiếu số liệu hội nghị")
    client.force_login(admin_user)
    page = client.get(reverse("admin:reports_activityreport_history", args=[report.pk])).content.decode()
    submitted, returned = _label(ActivityReport.Status.SUBMITTED), _label(ActivityReport.Status.RETURNED)
    assert re.search(rf"{submitted}\s*&nbsp;&rarr;&nbsp;&nbsp;{returned}", page)
    assert f"{returned}: Thiếu số liệu hội nghị" in page
    assert "returned:" not in page
    assert "submitted:" not in page
    report.refresh_from_db()
    assert timezone.localtime(report.submitted_at).strftime("%d/%m/%Y %H:%M") in page
    assert not ISO_MOMENT.search(page)
