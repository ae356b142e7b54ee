"""Fixtures of the guidance tests: a plan, three reporting agencies besides the reviewers' own, and guidance."""

import datetime

import pytest
from django.utils import timezone

from agencies import roles as r
from agencies.models import Agency
from duties import services
from duties.models import Guidance
from tests.factories import AgencyFactory, UserFactory
from tests.reports.factories import PlanFactory, make_grid


@pytest.fixture
def plan(db):
    return make_grid(PlanFactory(code="duties-plan", start_year=2021, end_year=2099))


@pytest.fixture
def agency_c(db):
    """A third reporting agency, a union with no user and no e-mail: never reminded."""
    return AgencyFactory(code="AGENCY-C", name="Hội Nông dân tỉnh (thử)", short_name="Hội ND", kind=Agency.Kind.UNION)


@pytest.fixture
def not_reporting(db):
    return AgencyFactory(code="NO-REPORT", name="Doanh nghiệp (thử)", kind=Agency.Kind.ENTERPRISE, must_report=False)


@pytest.fixture
def clerk_c(agency_c):
    return UserFactory(username="clerk_c", agency=agency_c, roles=[r.CLERK], email="")


@pytest.fixture
def recipients_world(agency_a, agency_b, agency_c, not_reporting, reviewer, clerk_a, head_a, clerk_b):
    """Reporting agencies A, B, C; an agency that does not report; the reviewers' agency issues."""
    return [agency_a, agency_b, agency_c]


def make_guidance(plan, issuer, *, number="01/HD-STTTT", issued_on=None, audience=Guidance.Audience.ALL, **extra):
    today = timezone.localdate()
    return Guidance.objects.create(
        plan=plan,
        issuer=issuer,
        number=number,
        issued_on=issued_on or today,
        title=extra.pop("title", "Tuyên truyền kỷ niệm Ngày Thi đua ái quốc"),
        key_messages="Nội dung chính",
        valid_from=issued_on or today,
        valid_until=(issued_on or today) + datetime.timedelta(days=30),
        audience=audience,
        **extra,
    )


@pytest.fixture
def issued(plan, recipients_world, reviewer):
    """Guidance to all reporting agencies, issued: recipients A, B, C."""
    guidance = make_guidance(plan, reviewer.agency)
    return services.guidance_issue(guidance=guidance, user=reviewer)
