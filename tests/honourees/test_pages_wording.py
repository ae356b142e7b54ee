"""Wording of the honouree pages: the portal's coverage heading, the staff page's history of steps."""

import pytest
from django.urls import reverse
from django.utils import timezone

from campaigns.models import Channel
from honourees import services
from reports.models import ActivityReport
from tests.reports.factories import PeriodFactory, PlanFactory, ReportFactory, make_grid

pytestmark = pytest.mark.django_db


def test_coverage_heading_names_the_agencies(client, clerk_a, agency_a, published):
    plan = make_grid(PlanFactory(code="test-plan"))
    report = ReportFactory(agency=agency_a, period=PeriodFactory(plan=plan, number=1), created_by=clerk_a)
    channel = Channel.objects.get(plan=plan, code="HT1")
    services.coverage_add(report=report, user=clerk_a, honouree=published, channel=channel, note="Phóng sự")
    ActivityReport.objects.filter(pk=report.pk).update(status="accepted", submitted_at=timezone.now())
    html = client.get(reverse("portal:detail", args=[published.slug])).content.decode()
    assert "Các cơ quan, đơn vị đã giới thiệu" in html
    assert "Được giới thiệu trên" not in html


def test_staff_history_names_the_new_status_only_when_the_step_does_not(client, officer, clerk_a, proposal_a):
    services.honouree_request_info(honouree=proposal_a, user=officer, reason="Bổ sung ảnh.")
    services.honouree_resubmit(honouree=proposal_a, user=clerk_a, note="Đã bổ sung.")
    client.force_login(officer)
    html = client.get(reverse("honourees:detail", args=[proposal_a.pk])).content.decode()
    assert "Đã đề nghị bổ sung</span> →" not in html  # "asked for more → more information requested" said it twice
    assert "Đã gửi lại kèm thông tin bổ sung</span> → Đã đề xuất" in html
