"""The proposal → verification → publication flow, each step and each forbidden one."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction

from honourees import selectors, services
from honourees.models import Commendation, Honouree, HonoureeEvent
from tests.factories import AdministrativeUnitFactory
from tests.honourees.factories import CommendationFactory, HonoureeFactory

pytestmark = pytest.mark.django_db
S = Honouree.Status


def proposal_data(unit, **extra):
    return {
        "kind": Honouree.Kind.INDIVIDUAL,
        "category": Honouree.Category.GOOD_DEED,
        "name": "Giàng Thị Dung",
        "unit": unit,
        "field": Honouree.Field.POVERTY,
        "story": "Bà giúp 30 hộ nghèo thoát nghèo.",
        "consent_to_publish": True,
        "phone": "0987 000 111",
        **extra,
    }


def test_clerk_proposal_belongs_to_their_agency_and_starts_the_history(clerk_a):
    honouree = services.honouree_propose(user=clerk_a, data=proposal_data(AdministrativeUnitFactory()))
    assert honouree.status == S.PROPOSED
    assert honouree.proposing_agency == clerk_a.agency
    assert honouree.proposed_by == clerk_a
    assert honouree.slug == "giang-thi-dung"
    assert list(honouree.events.values_list("action", "to_status", "user")) == [("propose", "proposed", clerk_a.pk)]
    assert honouree.history.first().history_user == clerk_a


def test_slugs_stay_unique_and_ascii(clerk_a):
    unit = AdministrativeUnitFactory()
    first = services.honouree_propose(user=clerk_a, data=proposal_data(unit))
    second = services.honouree_propose(user=clerk_a, data=proposal_data(unit, name="Giàng Thị Dũng"))
    assert (first.slug, second.slug) == ("giang-thi-dung", "giang-thi-dung-2")


def test_full_flow_verify_publish_unpublish_keeps_every_step(clerk_a, officer, proposal_a):
    h = services.honouree_request_info(honouree=proposal_a, user=officer, reason="Thiếu minh chứng")
    assert (h.status, h.status_reason) == (S.NEEDS_INFO, "Thiếu minh chứng")
    h = services.honouree_resubmit(honouree=h, user=clerk_a, note="Đã bổ sung")
    assert h.status == S.PROPOSED
    h = services.honouree_verify(honouree=h, user=officer)
    assert h.status == S.VERIFIED
    h = services.honouree_publish(honouree=h, user=officer)
    assert h.status == S.PUBLISHED
    assert h.published_at is not None
    h = services.honouree_unpublish(honouree=h, user=officer, reason="Cần cập nhật")
    assert h.status == S.VERIFIED
    steps = list(h.events.order_by("pk").values_list("action", "from_status", "to_status"))
    assert steps == [
        ("request_info", "proposed", "needs_info"),
        ("resubmit", "needs_info", "proposed"),
        ("verify", "proposed", "verified"),
        ("publish", "verified", "published"),
        ("unpublish", "published", "verified"),
    ]
    assert h.history.count() >= 5


def test_reject_needs_a_reason(officer, proposal_a):
    with pytest.raises(ValidationError):
        services.honouree_reject(honouree=proposal_a, user=officer, reason="  ")
    h = services.honouree_reject(honouree=proposal_a, user=officer, reason="Không đủ tiêu chuẩn")
    assert h.status == S.REJECTED
    assert h.events.get().reason == "Không đủ tiêu chuẩn"


def test_publishing_without_consent_is_refused(officer, agency_a):
    h = HonoureeFactory(proposing_agency=agency_a, status=S.VERIFIED, consent_to_publish=False)
    with pytest.raises(services.FlowError):
        services.honouree_publish(honouree=h, user=officer)
    h.refresh_from_db()
    assert h.status == S.VERIFIED
    assert not h.events.exists()


def test_database_refuses_a_published_row_without_consent(agency_a):
    with pytest.raises(IntegrityError), transaction.atomic():
        HonoureeFactory(proposing_agency=agency_a, status=S.PUBLISHED, consent_to_publish=False)


@pytest.mark.parametrize(
    ("status", "step"),
    [
        (S.PROPOSED, "publish"),
        (S.PUBLISHED, "verify"),
        (S.REJECTED, "verify"),
        (S.REJECTED, "publish"),
        (S.VERIFIED, "verify"),
        (S.PROPOSED, "unpublish"),
        (S.PUBLISHED, "reject"),
        (S.REJECTED, "request_info"),
    ],
)
def test_steps_from_the_wrong_status_are_refused(officer, agency_a, status, step):
    h = HonoureeFactory(proposing_agency=agency_a, status=status)
    call = {
        "publish": lambda: services.honouree_publish(honouree=h, user=officer),
        "verify": lambda: services.honouree_verify(honouree=h, user=officer),
        "unpublish": lambda: services.honouree_unpublish(honouree=h, user=officer, reason="x"),
        "reject": lambda: services.honouree_reject(honouree=h, user=officer, reason="x"),
        "request_info": lambda: services.honouree_request_info(honouree=h, user=officer, reason="x"),
    }[step]
    with pytest.raises(services.FlowError):
        call()
    h.refresh_from_db()
    assert h.status == status


@pytest.mark.parametrize("role", ["clerk", "agency_head", "reviewer", "leadership"])
@pytest.mark.parametrize("step", ["verify", "publish", "reject", "request_info", "unpublish"])
def test_only_the_officer_decides(every_role, agency_a, role, step):
    h = HonoureeFactory(proposing_agency=agency_a, status=S.VERIFIED)
    user = every_role[role]
    call = {
        "publish": lambda: services.honouree_publish(honouree=h, user=user),
        "verify": lambda: services.honouree_verify(honouree=h, user=user),
        "unpublish": lambda: services.honouree_unpublish(honouree=h, user=user, reason="x"),
        "reject": lambda: services.honouree_reject(honouree=h, user=user, reason="x"),
        "request_info": lambda: services.honouree_request_info(honouree=h, user=user, reason="x"),
    }[step]
    with pytest.raises(PermissionDenied):
        call()


def test_other_agency_clerk_cannot_edit_or_resubmit(clerk_b, officer, proposal_a):
    services.honouree_request_info(honouree=proposal_a, user=officer, reason="Bổ sung ảnh")
    with pytest.raises(PermissionDenied):
        services.honouree_update(honouree=proposal_a, user=clerk_b, data={"name": "X"})
    with pytest.raises(PermissionDenied):
        services.honouree_resubmit(honouree=proposal_a, user=clerk_b)


def test_clerk_cannot_edit_once_verified(clerk_a, officer, proposal_a):
    services.honouree_update(honouree=proposal_a, user=clerk_a, data={"position": "Bí thư chi bộ"})
    services.honouree_verify(honouree=proposal_a, user=officer)
    with pytest.raises(PermissionDenied):
        services.honouree_update(honouree=proposal_a, user=clerk_a, data={"position": "Khác"})


def test_reviewer_and_leadership_cannot_propose(reviewer, leader):
    for user in (reviewer, leader):
        with pytest.raises(PermissionDenied):
            services.honouree_propose(user=user, data=proposal_data(AdministrativeUnitFactory()))


def test_officer_cannot_withdraw_consent_of_a_published_honouree(officer, published):
    with pytest.raises(services.FlowError):
        services.honouree_update(honouree=published, user=officer, data={"consent_to_publish": False})


def test_duplicate_is_found_ignoring_diacritics_and_case(clerk_a, clerk_b, proposal_a):
    again = services.honouree_propose(
        user=clerk_b, data=proposal_data(proposal_a.unit, name="GIANG THI  DUNG", phone="")
    )
    assert list(selectors.possible_duplicates(again)) == [proposal_a]
    assert list(selectors.possible_duplicates(proposal_a)) == [again]


def test_same_name_in_another_unit_is_not_a_duplicate(clerk_b, proposal_a):
    other = services.honouree_propose(user=clerk_b, data=proposal_data(AdministrativeUnitFactory()))
    assert list(selectors.possible_duplicates(other)) == []


def test_commendation_warns_on_same_achievement_and_form(officer, proposal_a):
    first = CommendationFactory(honouree=proposal_a, achievement="Thành tích xuất sắc năm 2023")
    args = {
        "honouree": proposal_a,
        "user": officer,
        "form": first.form,
        "achievement": "thanh tich xuat sac nam 2023",
        "decision_number": "999/QĐ-UBND",
        "decision_date": datetime.date(2024, 5, 1),
        "issuing_authority": "UBND tỉnh",
    }
    with pytest.raises(services.DuplicateCommendation) as caught:
        services.commendation_record(**args)
    assert caught.value.existing == [first]
    assert proposal_a.commendations.count() == 1
    recorded = services.commendation_record(**args, confirm_duplicate=True)
    assert recorded.recorded_by == officer
    assert proposal_a.events.filter(action=HonoureeEvent.Action.COMMEND).count() == 1
    # Another form for the same achievement is no duplicate.
    services.commendation_record(**{**args, "form": Commendation.Form.COMMENDATION_LETTER, "decision_number": "1"})


def test_only_the_officer_records_commendations(clerk_a, proposal_a):
    with pytest.raises(PermissionDenied):
        services.commendation_record(
            honouree=proposal_a,
            user=clerk_a,
            form=Commendation.Form.CERTIFICATE,
            achievement="x",
            decision_number="1",
            decision_date=datetime.date(2024, 1, 1),
            issuing_authority="UBND",
        )


def test_third_same_name_gets_the_next_number_and_renaming_keeps_the_address(clerk_a, officer):
    unit = AdministrativeUnitFactory()
    slugs = [services.honouree_propose(user=clerk_a, data=proposal_data(unit)).slug for _ in range(3)]
    assert slugs == ["giang-thi-dung", "giang-thi-dung-2", "giang-thi-dung-3"]
    first = Honouree.objects.get(slug="giang-thi-dung")
    services.honouree_update(honouree=first, user=officer, data={"name": "Giàng Thị Dung (Sán Chải)"})
    first.refresh_from_db()
    assert first.slug == "giang-thi-dung"
