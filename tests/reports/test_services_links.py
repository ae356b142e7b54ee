"""Services accept only http and https links, whatever their caller checked before."""

import pytest
from django.core.exceptions import ValidationError

from honourees import services as honouree_services
from honourees.models import Honouree, HonoureeCoverage
from reports import services
from reports.models import Evidence
from tests.honourees.factories import HonoureeFactory


@pytest.mark.parametrize(
    "url", ["javascript:alert(1)", "JaVaScRiPt:alert(1)", "data:text/html,<script>alert(1)</script>", "vbscript:x"]
)
def test_services_refuse_links_that_are_not_http_or_https(report_a, clerk_a, agency_a, url):
    """The form checks the scheme; the services check it again for any other caller."""
    with pytest.raises(ValidationError):
        services.evidence_add_link(report=report_a, user=clerk_a, title="Tin", url=url)
    honouree = HonoureeFactory(proposing_agency=agency_a, status=Honouree.Status.PUBLISHED)
    channel = report_a.period.plan.channels.first()
    with pytest.raises(ValidationError):
        honouree_services.coverage_add(report=report_a, user=clerk_a, honouree=honouree, channel=channel, link=url)
    assert not Evidence.objects.exists()
    assert not HonoureeCoverage.objects.exists()
