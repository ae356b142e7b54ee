"""The copy into the next phase names the agencies that carry each duty on its first day.

Fictional agencies and successions (issue 14 §6.4); every expectation is written out by hand.
"""

import datetime

import pytest

from agencies.models import Agency, Succession
from campaigns import handover
from campaigns.handover import Handover, Topic
from campaigns.models import Duty, DutyGroup, Plan
from campaigns.services import plan_copy_to_phase
from tests.factories import AgencyFactory

pytestmark = pytest.mark.django_db

MARCH = datetime.date(2025, 3, 1)
JULY = datetime.date(2025, 7, 1)
NEW_PHASE = datetime.date(2026, 1, 1)
TRACKING = "Theo dõi, tổng hợp kết quả tuyên truyền các phong trào thi đua của các cơ quan, đơn vị, địa phương."


def _agency(code, name, *, until=None, since=None):
    return AgencyFactory(code=code, name=name, short_name=code, active_until=until, active_from=since)


def _succession(predecessor, successor, kind, effective, *, functions="", main=False):
    return Succession.objects.create(
        predecessor=predecessor, successor=successor, kind=kind, effective=effective, functions=functions, main=main
    )


@pytest.fixture
def merged():
    """Sở Alpha ends on 28/02/2025: merged into Sở Beta, its tracking function transferred to Sở Gamma."""
    alpha = _agency("ALPHA", "Sở Alpha", until=MARCH - datetime.timedelta(days=1))
    beta, gamma = _agency("BETA", "Sở Beta"), _agency("GAMMA", "Sở Gamma")
    _succession(alpha, beta, Succession.Kind.MERGE, MARCH)
    _succession(
        alpha, gamma, Succession.Kind.TRANSFER, MARCH, functions="Báo chí; theo dõi, tổng hợp kết quả tuyên truyền"
    )
    return alpha, beta, gamma


def _plan(alpha, *, kinds=()):
    plan = Plan.objects.create(
        code="thu-2021-2025",
        title="Kế hoạch thử giai đoạn 2021-2025",
        issuing_body="UBND tỉnh",
        issuing_body_short="UBND TỈNH",
        start_year=2021,
        end_year=2025,
    )
    tracking = DutyGroup.objects.create(plan=plan, code="III.1", order=1, responsible="Sở Alpha")
    tracking.responsible_agencies.set([alpha])
    Duty.objects.create(group=tracking, order=1, text=TRACKING)
    others = DutyGroup.objects.create(
        plan=plan, code="III.3", order=3, responsible="Các sở, ngành; UBND các huyện", responsible_kinds=list(kinds)
    )
    duty = Duty.objects.create(group=others, order=1, text="Phối hợp với Sở Alpha cung cấp thông tin về ngành.")
    duty.coordinating_agencies.set([alpha])
    return plan


def _group(plan, code):
    return plan.duty_groups.get(code=code)


def test_the_tracking_duty_goes_to_the_agency_its_function_was_transferred_to(merged):
    alpha, _beta, gamma = merged
    new = plan_copy_to_phase(plan=_plan(alpha))
    tracking = _group(new, "III.1")
    assert list(tracking.responsible_agencies.all()) == [gamma]
    assert tracking.responsible == "Sở Gamma"
    assert tracking.duties.get().text == TRACKING
    assert [(old.code, successor.code) for old, successor in new.substitutions] == [
        ("ALPHA", "BETA"),
        ("ALPHA", "GAMMA"),
    ]


def test_a_duty_the_transfer_does_not_mention_goes_to_the_main_successor_and_its_text_names_it(merged):
    alpha, beta, _gamma = merged
    new = plan_copy_to_phase(plan=_plan(alpha))
    duty = _group(new, "III.3").duties.get()
    assert list(duty.coordinating_agencies.all()) == [beta]
    assert duty.text == "Phối hợp với Sở Beta cung cấp thông tin về ngành."


def test_the_original_plan_keeps_the_ended_agency(merged):
    alpha, _beta, _gamma = merged
    plan = _plan(alpha)
    plan_copy_to_phase(plan=plan)
    assert list(_group(plan, "III.1").responsible_agencies.all()) == [alpha]
    assert _group(plan, "III.1").responsible == "Sở Alpha"
    assert _group(plan, "III.3").duties.get().text == "Phối hợp với Sở Alpha cung cấp thông tin về ngành."


def test_a_duty_follows_a_chain_of_successions_to_the_agency_active_on_the_first_day():
    # A renamed B on 1/3/2025; B merged into C on 1/7/2025.
    a = _agency("A", "Sở A", until=MARCH - datetime.timedelta(days=1))
    b = _agency("B", "Sở B", since=MARCH, until=JULY - datetime.timedelta(days=1))
    c = _agency("C", "Sở C")
    _succession(a, b, Succession.Kind.RENAME, MARCH)
    _succession(b, c, Succession.Kind.MERGE, JULY)
    assert Handover.on(NEW_PHASE).agency_for(a, Topic("III.1", (TRACKING,))) == c
    # On 1/4/2025, B was the one.
    assert Handover.on(datetime.date(2025, 4, 1)).agency_for(a, Topic("III.1", (TRACKING,))) == b


def test_a_split_sends_the_duty_to_the_successor_whose_functions_name_its_group():
    p = _agency("P", "Sở P", until=MARCH - datetime.timedelta(days=1))
    main, other = _agency("S1", "Sở S1"), _agency("S2", "Sở S2")
    _succession(p, main, Succession.Kind.SPLIT, MARCH, main=True, functions="Quản lý nhà nước về lao động")
    _succession(p, other, Succession.Kind.SPLIT, MARCH, functions="Nhiệm vụ III.1 của Kế hoạch")
    state = Handover.on(NEW_PHASE)
    assert state.agency_for(p, Topic("III.1", ("Một nhiệm vụ khác",))) == other
    assert state.agency_for(p, Topic("III.2", ("Một nhiệm vụ khác",))) == main


def test_an_active_agency_and_an_ended_one_without_successor_stay(merged):
    _alpha, beta, _gamma = merged
    lone = _agency("LONE", "Sở Cô Đơn", until=datetime.date(2024, 12, 31))
    state = Handover.on(NEW_PHASE)
    topic = Topic("III.1", (TRACKING,))
    assert state.agency_for(beta, topic) == beta
    assert state.agency_for(lone, topic) == lone
    assert state.substitutions() == []


def test_a_succession_after_the_first_day_is_not_followed(merged):
    alpha, _beta, _gamma = merged
    assert Handover.on(datetime.date(2025, 2, 1)).agency_for(alpha, Topic("III.1", (TRACKING,))) == alpha


@pytest.mark.parametrize(
    ("functions", "mentioned"),
    [
        ("theo dõi, tổng hợp kết quả tuyên truyền", True),  # without diacritics and case, part of the text
        ("THEO DOI, TONG HOP KET QUA TUYEN TRUYEN", True),
        ("Quản lý báo chí; xuất bản", False),
        ("Báo chí, xuất bản (theo Quyết định số 1/QĐ)", False),
        ("Công nghệ thông tin, tổng hợp kết quả tuyên truyền", True),  # items are separated by commas too
        ("đua", False),  # one syllable is too little to tell one duty from another
        ("Nhiệm vụ III.1 của Kế hoạch", True),
        ("Nhiệm vụ III.10 của Kế hoạch", False),  # another group
        ("Nhiệm vụ III.1.2", False),
        ("", False),
    ],
)
def test_functions_mention_a_duty_by_its_group_code_or_a_part_of_its_text(functions, mentioned):
    assert Topic("III.1", (TRACKING,)).mentioned_in(functions) is mentioned


def test_a_press_function_mentions_a_duty_towards_the_press():
    duty = "Phối hợp với Sở Alpha cung cấp cho các cơ quan thông tấn, báo chí các nội dung liên quan."
    assert Topic("III.3", (duty,)).mentioned_in("Báo chí, xuất bản, thông tin cơ sở; theo dõi (nhiệm vụ III.1)")
    assert not Topic("III.3", (duty,)).mentioned_in("Công nghệ thông tin, chuyển đổi số, bưu chính, viễn thông")


def test_groups_of_district_committees_go_to_the_commune_level_ones_when_that_kind_exists(monkeypatch):
    state = Handover(day=NEW_PHASE, agencies={}, links={})
    kinds = ["department", "union", "district_committee"]
    if "commune_committee" in Agency.Kind.values:
        assert state.kinds_for(kinds) == ["department", "union", "commune_committee"]
    else:  # not modelled yet: the group keeps the kind it named
        assert state.kinds_for(kinds) == kinds
    monkeypatch.setattr(handover, "KIND_SUCCESSORS", {"district_committee": "union"})
    assert state.kinds_for(kinds) == ["department", "union"]
    monkeypatch.setattr(handover, "KIND_SUCCESSORS", {"district_committee": "no_such_kind"})
    assert state.kinds_for(kinds) == kinds
