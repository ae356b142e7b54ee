"""``load_plan`` reads the successions of the agencies' data files, checks them and writes nothing when one is wrong.

Fictional agencies in two files: ``lao-cai.yaml`` (the agencies of 2021) and ``lao-cai-2025.yaml`` (the
reorganisation), which sorts first, so the loader must not depend on the files' order.
"""

import copy
import datetime
import io

import pytest
import yaml
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from agencies import loading
from agencies.models import AdministrativeUnit, Agency, EmulationBloc, Succession
from tests.factories import AgencyFactory

pytestmark = pytest.mark.django_db


def _agency(code, name, **extra):
    return {"code": code, "name": name, "short_name": code, "kind": "department", "unit": "T1", **extra}


BASE = {
    "administrative_units": [
        {"code": "T1", "name": "Tỉnh Thử", "level": "province", "valid_from": datetime.date(2000, 1, 1)},
        *(
            {
                "code": code,
                "name": name,
                "level": "district",
                "parent": "T1",
                "valid_from": datetime.date(2000, 1, 1),
                "valid_until": datetime.date(2025, 6, 30),
            }
            for code, name in [("H1", "Huyện Thử Một"), ("H2", "Huyện Thử Hai")]
        ),
    ],
    "blocs": [{"code": "K1", "name": "Khối Thử"}],
    "agencies": [
        _agency(code, f"Sở Thử {code}", bloc="K1", active_from=datetime.date(2021, 1, 1))
        for code in ["SA", "SB", "SC", "SD"]
    ],
}
MARCH = datetime.date(2025, 3, 1)
REORG = {
    "administrative_units": [
        {
            "code": "X1",
            "name": "Xã Thử Mới",
            "level": "commune",
            "parent": "T1",
            "valid_from": datetime.date(2025, 7, 1),
            "formed_from": ["H1", "H2"],
        }
    ],
    "agencies": [
        _agency("SAB", "Sở Thử A và B", active_from=MARCH),
        _agency("SC1", "Sở Thử C Một", active_from=MARCH),
        _agency("SC2", "Sở Thử C Hai", active_from=MARCH),
        _agency("UBX1", "UBND xã Thử Mới", kind="commune_committee", unit="X1", active_from=datetime.date(2025, 7, 1)),
    ],
    "successions": [
        {"predecessor": "SA", "successor": "SAB", "kind": "merge", "effective": MARCH, "basis": "Quyết định thử số 1"},
        {"predecessor": "SB", "successor": "SAB", "kind": "merge", "effective": MARCH, "basis": "Quyết định thử số 1"},
        {
            "predecessor": "SC",
            "successor": "SC1",
            "kind": "split",
            "effective": MARCH,
            "main": True,
            "functions": "Một",
        },
        {"predecessor": "SC", "successor": "SC2", "kind": "split", "effective": MARCH, "functions": "Hai"},
        {"predecessor": "SD", "successor": "SAB", "kind": "transfer", "effective": MARCH, "functions": "Theo dõi"},
    ],
}


@pytest.fixture
def data_dir(tmp_path, monkeypatch, settings):
    """The two files in a directory of their own, loaded by ``load_plan`` alone (``write(reorg=…)`` to change one)."""
    settings.PLAN_LOADERS = ["agencies.loading.load_agencies"]
    monkeypatch.setattr(loading, "DATA_DIR", tmp_path)

    def write(*, base=BASE, reorg=REORG):
        for name, data in [("lao-cai.yaml", base), ("lao-cai-2025.yaml", reorg)]:
            (tmp_path / name).write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")

    write()
    return write


def load():
    call_command("load_plan", stdout=io.StringIO())


def snapshot():
    return {
        model.__name__: sorted(model.objects.values_list())
        for model in [AdministrativeUnit, AdministrativeUnit.predecessors.through, EmulationBloc, Agency, Succession]
    }


def by_code(code):
    return Agency.objects.get(code=code)


def test_successions_are_loaded_with_their_texts_and_end_their_predecessors(data_dir):
    load()
    rows = {
        (s.predecessor.code, s.successor.code): s for s in Succession.objects.select_related("predecessor", "successor")
    }
    assert set(rows) == {("SA", "SAB"), ("SB", "SAB"), ("SC", "SC1"), ("SC", "SC2"), ("SD", "SAB")}
    assert (rows["SA", "SAB"].kind, rows["SA", "SAB"].effective, rows["SA", "SAB"].basis) == (
        "merge",
        MARCH,
        "Quyết định thử số 1",
    )
    assert (rows["SC", "SC1"].main, rows["SC", "SC2"].main) == (True, False)
    assert rows["SD", "SAB"].functions == "Theo dõi"
    # A merger and a split end the predecessor the day before; a transfer ends nothing.
    last_day = datetime.date(2025, 2, 28)
    assert [by_code(code).active_until for code in ["SA", "SB", "SC", "SD"]] == [last_day, last_day, last_day, None]
    commune = AdministrativeUnit.objects.get(code="X1")
    assert sorted(commune.predecessors.values_list("code", flat=True)) == ["H1", "H2"]
    assert commune.parent.code == "T1"
    assert by_code("UBX1").unit == commune


def test_loading_twice_writes_nothing(data_dir):
    load()
    before = snapshot()
    with CaptureQueriesContext(connection) as queries:
        load()
    writes = [q["sql"] for q in queries if q["sql"].lstrip().upper().startswith(("INSERT", "UPDATE", "DELETE"))]
    assert writes == []
    assert snapshot() == before


def test_a_predecessor_recorded_only_in_the_admin_is_ended_by_the_file(data_dir):
    unit = AdministrativeUnit.objects.create(code="T0", name="Tỉnh Cũ", level="province")
    AgencyFactory(code="SX", unit=unit, active_from=datetime.date(2021, 1, 1), active_until=None)
    reorg = copy.deepcopy(REORG)
    reorg["successions"].append({"predecessor": "SX", "successor": "SAB", "kind": "merge", "effective": MARCH})
    data_dir(reorg=reorg)
    load()
    assert by_code("SX").active_until == datetime.date(2025, 2, 28)
    before = snapshot()
    load()
    assert snapshot() == before


def _with(entry_index=None, entry=None, agencies=None):
    """REORG with successions[entry_index] replaced (or appended) and some agencies' fields changed."""
    reorg = copy.deepcopy(REORG)
    if entry is not None:
        if entry_index is None:
            reorg["successions"].append(entry)
        else:
            reorg["successions"][entry_index] = entry
    for code, fields in (agencies or {}).items():
        next(a for a in reorg["agencies"] if a["code"] == code).update(fields)
    return reorg


def _merge(predecessor, successor, day=MARCH):
    return {"predecessor": predecessor, "successor": successor, "kind": "merge", "effective": day}


MALFORMED = {
    "unknown code": (_with(1, _merge("SB", "NOPE")), "successions[1]: unknown agency 'NOPE'"),
    "a cycle of two": (
        _with(None, _merge("SAB", "SA")),
        "successions[0]: a cycle of successions: SA → SAB → SA",
    ),
    "a cycle through several steps": (
        _with(None, _merge("SC1", "SA"), agencies={"SAB": {"active_from": None}, "SC1": {"active_from": None}})
        | {
            "successions": [
                _merge("SA", "SAB"),
                _merge("SAB", "SC1", datetime.date(2025, 7, 1)),
                _merge("SC1", "SA", datetime.date(2025, 9, 1)),
            ]
        },
        "successions[0]: a cycle of successions: SA → SAB → SC1 → SA",
    ),
    "a successor that ends before it succeeds": (
        _with(agencies={"SC2": {"active_until": datetime.date(2025, 1, 31), "active_from": None}}),
        "successions[3]: SC2 ends before 01/03/2025, when it succeeds SC",
    ),
    "a successor that starts after it succeeds": (
        _with(agencies={"SAB": {"active_from": datetime.date(2025, 4, 1)}}),
        "successions[0]: SAB starts after 01/03/2025, when it succeeds SA",
    ),
    "a predecessor still active after the date": (
        REORG,
        "successions[0]: SA passes on to SAB on 01/03/2025: its last day of activity must be 28/02/2025",
        {
            **BASE,
            "agencies": [{**BASE["agencies"][0], "active_until": datetime.date(2025, 5, 31)}, *BASE["agencies"][1:]],
        },
    ),
    "a split without a main successor": (
        _with(2, {**REORG["successions"][2], "main": False}),
        "successions[3]: SC is split: mark exactly one successor as the main one",
    ),
    "a merger into two agencies": (
        _with(3, {**REORG["successions"][3], "kind": "merge"}),
        "successions[3]: SC is merged or renamed into one agency only",
    ),
    "two ending dates": (
        _with(3, {**REORG["successions"][3], "effective": datetime.date(2025, 4, 1)}),
        "successions[3]: SC ends on two different dates",
    ),
    "a pair listed twice": (_with(None, REORG["successions"][0]), "successions[5]: SA → SAB is listed twice"),
    "no date": (_with(0, {**REORG["successions"][0], "effective": None}), "successions[0]: 'effective' is required"),
    "an unknown kind": (
        _with(0, {**REORG["successions"][0], "kind": "annex"}),
        "successions[0]: 'kind' must be one of",
    ),
}


@pytest.mark.parametrize("case", MALFORMED)
def test_a_malformed_succession_stops_the_load_naming_the_entry_and_writes_nothing(data_dir, case):
    load()
    before = snapshot()
    reorg, message, base = (*MALFORMED[case], BASE)[:3]
    data_dir(base=base, reorg=reorg)
    with pytest.raises(CommandError) as excinfo:
        load()
    assert f"lao-cai-2025.yaml > {message}" in str(excinfo.value)
    assert snapshot() == before


def test_on_an_empty_database_a_malformed_file_writes_nothing_at_all(data_dir):
    data_dir(reorg=_with(1, _merge("SB", "NOPE")))
    with pytest.raises(CommandError, match=r"lao-cai-2025\.yaml > successions\[1\]: unknown agency 'NOPE'"):
        load()
    assert snapshot() == {name: [] for name in snapshot()}


def test_a_unit_formed_from_an_unknown_unit_stops_the_load(data_dir):
    reorg = copy.deepcopy(REORG)
    reorg["administrative_units"][0]["formed_from"] = ["H1", "H9"]
    data_dir(reorg=reorg)
    with pytest.raises(
        CommandError, match=r"lao-cai-2025\.yaml > administrative_units\[0\]: 'formed_from' names an unknown unit 'H9'"
    ):
        load()


def test_a_unit_formed_from_a_unit_still_valid_stops_the_load(data_dir):
    reorg = copy.deepcopy(REORG)
    reorg["administrative_units"][0]["valid_from"] = datetime.date(2025, 6, 1)
    data_dir(reorg=reorg)
    with pytest.raises(
        CommandError, match=r"administrative_units\[0\]: 'formed_from' unit 'H1' is valid until 2025-06-30"
    ):
        load()


def test_an_agency_ending_before_it_starts_stops_the_load(data_dir):
    data_dir(reorg=_with(agencies={"SC2": {"active_until": datetime.date(2025, 2, 1)}}))
    with pytest.raises(CommandError, match=r"agencies\[2\]: 'active_until' is before 'active_from'"):
        load()


def test_a_file_may_hold_successions_only(data_dir, tmp_path):
    load()
    (tmp_path / "lao-cai-2026.yaml").write_text(
        yaml.safe_dump({"successions": [_merge("SC2", "SC1", datetime.date(2026, 1, 1))]}), encoding="utf-8"
    )
    load()
    assert by_code("SC2").active_until == datetime.date(2025, 12, 31)
    assert Succession.objects.get(predecessor__code="SC2").successor.code == "SC1"
