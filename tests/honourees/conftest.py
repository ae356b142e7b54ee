import pytest

from honourees.models import Honouree
from tests.honourees.factories import HonoureeFactory


@pytest.fixture
def proposal_a(agency_a):
    """A proposal of agency A waiting for the officer."""
    return HonoureeFactory(name="Giàng Thị Dung", proposing_agency=agency_a, status=Honouree.Status.PROPOSED)


@pytest.fixture
def proposal_b(agency_b):
    return HonoureeFactory(name="Lò Văn Sáng", proposing_agency=agency_b, status=Honouree.Status.PROPOSED)


@pytest.fixture
def published(agency_a):
    return HonoureeFactory(name="Vàng Seo Chứ", proposing_agency=agency_a, status=Honouree.Status.PUBLISHED)
