import pytest
from django.core.cache import cache

from campaigns.models import Metric, Theme
from tests.reports.factories import PeriodFactory, PlanFactory, ReportFactory, make_grid


@pytest.fixture(autouse=True)
def _empty_cache():
    """The cached dashboard of one test is never read by the next (locmem outlives a test's rollback)."""
    cache.clear()


@pytest.fixture
def plan(db):
    return make_grid(PlanFactory(code="test-plan"))


@pytest.fixture
def period(plan):
    """A quarter open for reporting: cut-off yesterday, deadline in a week."""
    return PeriodFactory(plan=plan, number=1)


@pytest.fixture
def report_a(period, agency_a, clerk_a):
    return ReportFactory(agency=agency_a, period=period, created_by=clerk_a)


@pytest.fixture
def report_b(period, agency_b):
    return ReportFactory(agency=agency_b, period=period)


@pytest.fixture
def metrics(plan):
    return list(Metric.objects.filter(channel__plan=plan).select_related("channel").order_by("channel__order", "order"))


@pytest.fixture
def themes(plan):
    return list(Theme.objects.filter(plan=plan).order_by("order"))
