"""Factories of the honourees app."""

import datetime

import factory

from honourees.models import Commendation, EthnicGroup, Honouree
from tests.factories import AdministrativeUnitFactory, AgencyFactory

# A value for each of ``Honouree.PRIVATE_FIELDS``: the privacy tests search pages and exports for them.
PRIVATE_DATA = {
    "date_of_birth": datetime.date(1971, 4, 23),
    "phone": "0912 345 678",
    "id_number": "010071004321",
}


class EthnicGroupFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = EthnicGroup
        django_get_or_create = ["code"]

    code = "08"
    name = "Mông"
    other_names = "H'Mông, Hmông, Mèo"
    in_province = True
    order = 2


class HonoureeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Honouree

    kind = Honouree.Kind.INDIVIDUAL
    category = Honouree.Category.ADVANCED
    name = factory.Sequence(lambda n: f"Nguyễn Văn Điển {n}")
    position = "Trưởng thôn"
    workplace = "Thôn Nậm Pung"
    unit = factory.SubFactory(AdministrativeUnitFactory)
    field = Honouree.Field.AGRICULTURE
    summary = "Dẫn đầu phong trào xây dựng nông thôn mới"
    story = "Ông đã vận động bà con hiến đất làm đường."
    consent_to_publish = True
    date_of_birth = PRIVATE_DATA["date_of_birth"]
    phone = PRIVATE_DATA["phone"]
    id_number = PRIVATE_DATA["id_number"]
    status = Honouree.Status.PROPOSED
    proposing_agency = factory.SubFactory(AgencyFactory)


class CommendationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Commendation

    honouree = factory.SubFactory(HonoureeFactory)
    form = Commendation.Form.CERTIFICATE
    achievement = "Có thành tích xuất sắc trong phong trào xây dựng nông thôn mới năm 2023"
    decision_number = factory.Sequence(lambda n: f"{100 + n}/QĐ-UBND")
    decision_date = datetime.date(2024, 1, 15)
    issuing_authority = "Chủ tịch UBND tỉnh Lào Cai"
