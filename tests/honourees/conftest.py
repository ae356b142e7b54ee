import pytest

from honourees.models import Honouree
from tests.honourees.factories import HonoureeFactory

# Private values of the factory honourees: the tests search rendered pages and
# exports for them.
PRIVATE_VALUES = ("1971-04-23", "23/04/1971", "0912 345 678", "0912345678", "010071004321")


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
