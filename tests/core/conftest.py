"""Fixtures of the project-wide security tests."""

import datetime

import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from duties.models import (
    ContentProvision,
    Guidance,
    GuidanceAttachment,
    GuidanceRecipient,
    GuidanceReport,
    PressOrder,
)
from honourees.models import Honouree, HonoureeCoverage
from province.models import CompiledReport
from reports.models import ActivityReport, Evidence
from tests.honourees.factories import HonoureeFactory
from tests.honourees.images import png_bytes
from tests.reports.factories import PeriodFactory, PlanFactory, ReportFactory, make_grid

S = ActivityReport.Status
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
ANONYMOUS = "anonymous"


@pytest.fixture
def world(db, agency_a, agency_b, clerk_a, head_a, clerk_b, reviewer, officer, leader, admin_user):
    """Objects of agency A in every state the URL access matrix needs, and one user per role (by key)."""
    plan = make_grid(PlanFactory(code="url-access-plan"))
    periods = [PeriodFactory(plan=plan, number=n) for n in range(1, 5)]
    agency_a.head_approval_required = True
    agency_a.save(update_fields=["head_approval_required"])
    sent = timezone.now() - datetime.timedelta(days=1)
    draft = ReportFactory(agency=agency_a, period=periods[0], created_by=clerk_a)
    awaiting = ReportFactory(agency=agency_a, period=periods[1], status=S.AWAITING_APPROVAL)
    submitted = ReportFactory(agency=agency_a, period=periods[2], status=S.SUBMITTED, submitted_at=sent)
    accepted = ReportFactory(agency=agency_a, period=periods[3], status=S.ACCEPTED, submitted_at=sent)
    evidence = Evidence(report=draft, kind="file", title="Ảnh", original_name="anh.png", content_type="image/png")
    evidence.file.save("upload", SimpleUploadedFile("anh.png", PNG), save=False)
    evidence.size = len(PNG)
    evidence.save()
    proposal = HonoureeFactory(proposing_agency=agency_a, status=Honouree.Status.PROPOSED)
    published = HonoureeFactory(proposing_agency=agency_a, status=Honouree.Status.PUBLISHED)
    for honouree in (proposal, published):
        honouree.photo.save("p.png", ContentFile(png_bytes()), save=True)
    coverage = HonoureeCoverage.objects.create(report=draft, honouree=published, channel=plan.channels.first())
    compiled = CompiledReport.objects.create(period=periods[0], version=1, status=CompiledReport.Status.DONE)
    compiled.docx.save("bao-cao.docx", ContentFile(b"PK\x03\x04 docx"), save=True)
    guidance = _guidance(plan, reviewer.agency, number="01/HD", status=Guidance.Status.ISSUED)
    GuidanceRecipient.objects.create(guidance=guidance, agency=agency_a)  # sent to A only
    attachment = GuidanceAttachment(
        guidance=guidance, title="Đề cương", original_name="a.png", content_type="image/png"
    )
    attachment.file.save("upload", SimpleUploadedFile("a.png", PNG), save=False)
    attachment.size = len(PNG)
    attachment.save()
    guidance_link = GuidanceReport.objects.create(guidance=guidance, report=draft)
    guidance_draft = _guidance(plan, reviewer.agency, number="02/HD", audience=Guidance.Audience.CHOSEN)
    guidance_draft.recipient_agencies.add(agency_a)
    order = PressOrder.objects.create(
        plan=plan,
        issuer=reviewer.agency,
        press_agency=agency_a,
        number="01/ĐH",
        ordered_on=periods[0].start,
        period_start=periods[0].start,
        period_end=periods[0].end,
        budget=12_000_000,
    )
    # Content agency B provided to agency A (the press), with its file: B's staff, A's staff and the province.
    content = ContentProvision(
        sender=agency_b,
        press_agency=agency_a,
        title="Tư liệu",
        theme=plan.themes.first(),
        provided_on=periods[0].start,
        original_name="t.png",
        content_type="image/png",
        size=len(PNG),
    )
    content.file.save("upload", SimpleUploadedFile("t.png", PNG), save=False)
    content.save()
    return {
        "users": {
            "clerk_a": clerk_a,
            "head_a": head_a,
            "clerk_b": clerk_b,
            "reviewer": reviewer,
            "officer": officer,
            "leader": leader,
            "admin": admin_user,
            ANONYMOUS: None,
        },
        "plan_code": plan.code,
        "agency_b_code": agency_b.code,
        "period_code": periods[0].code,
        "draft": draft.pk,
        "awaiting": awaiting.pk,
        "submitted": submitted.pk,
        "accepted": accepted.pk,
        "evidence": evidence.pk,
        "proposal": proposal.pk,
        "proposal_slug": proposal.slug,
        "published": published.pk,
        "published_slug": published.slug,
        "coverage": coverage.pk,
        "compiled": compiled.pk,
        "guidance": guidance.pk,
        "guidance_draft": guidance_draft.pk,
        "guidance_attachment": attachment.pk,
        "guidance_link": guidance_link.pk,
        "order": order.pk,
        "content": content.pk,
    }


def _guidance(plan, issuer, **fields):
    day = timezone.localdate()
    return Guidance.objects.create(
        plan=plan,
        issuer=issuer,
        issued_on=day,
        title="Định hướng",
        key_messages="…",
        valid_from=day,
        valid_until=day,
        **fields,
    )
