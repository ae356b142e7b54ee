"""An agency's draft report stays its own: its coverage lines do not show on another agency's honouree page."""

import pytest
from django.urls import reverse

from honourees import services
from honourees.models import Honouree
from reports.models import ActivityReport
from tests.honourees.factories import HonoureeFactory
from tests.reports.factories import PeriodFactory, PlanFactory, ReportFactory, make_grid

S = ActivityReport.Status
DRAFT_NOTE = "Bài viết đang soạn, chưa gửi tỉnh"


@pytest.fixture
def covered(agency_a, agency_b, clerk_b):
    """Agency A's published honouree, covered in agency B's draft report."""
    plan = make_grid(PlanFactory(code="cov-privacy"))
    honouree = HonoureeFactory(proposing_agency=agency_a, status=Honouree.Status.PUBLISHED)
    draft_b = ReportFactory(agency=agency_b, period=PeriodFactory(plan=plan))
    services.coverage_add(
        report=draft_b,
        user=clerk_b,
        honouree=honouree,
        channel=plan.channels.first(),
        note=DRAFT_NOTE,
        link="https://baodientu.vn/nhap",
    )
    return honouree, draft_b


def test_another_agencys_draft_coverage_is_hidden_from_agency_staff(client, clerk_a, covered):
    honouree, _draft = covered
    client.force_login(clerk_a)
    html = client.get(reverse("honourees:detail", args=[honouree.pk])).content.decode()
    assert DRAFT_NOTE not in html
    assert "baodientu.vn/nhap" not in html


def test_it_shows_once_the_province_accepted_the_report(client, clerk_a, covered):
    honouree, draft = covered
    ActivityReport.objects.filter(pk=draft.pk).update(status=S.ACCEPTED, submitted_at=draft.created_at)
    client.force_login(clerk_a)
    assert DRAFT_NOTE in client.get(reverse("honourees:detail", args=[honouree.pk])).content.decode()


def test_the_province_sees_it(client, officer, reviewer, covered):
    honouree, _draft = covered
    for user in (officer, reviewer):
        client.force_login(user)
        assert DRAFT_NOTE in client.get(reverse("honourees:detail", args=[honouree.pk])).content.decode()
