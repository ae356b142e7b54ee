"""Wording of the portal page: the coverage list is headed by who introduced the honouree."""

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
