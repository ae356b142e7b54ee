"""The 2025 reorganisation as the repository's data loads it (agencies/data/lao-cai-2025.yaml):
the departments of 01/03/2025, the 99 commune-level units of 01/07/2025, who owes reports when."""

import datetime
from types import SimpleNamespace

from agencies import successions
from agencies.models import AdministrativeUnit, Agency, Succession

NEW_YEAR_2026 = datetime.date(2026, 1, 1)


def _owing(period):
    return [a for a in Agency.objects.all() if a.owes_report_for(period)]


def test_on_new_years_day_2026_the_successors_and_the_99_communes_owe_reports(plan_data):
    tttt = Agency.objects.get(code="STTTT")
    assert not tttt.is_active_on(NEW_YEAR_2026)
    assert tttt.active_until == datetime.date(2025, 2, 28)  # set by the loader from the merger of 01/03/2025
    assert successions.current_of([tttt.pk], on=NEW_YEAR_2026) == {tttt.pk: Agency.objects.get(code="SKHCN").pk}
    owing = _owing(SimpleNamespace(start=datetime.date(2026, 1, 1), end=datetime.date(2026, 3, 31)))
    kinds = [a.kind for a in owing]
    assert kinds.count(Agency.Kind.COMMUNE_COMMITTEE) == 99
    assert Agency.Kind.DISTRICT_COMMITTEE not in kinds
    assert {"SKHCN", "SVHTTDL", "SNNMT", "SDTTG"} <= {a.code for a in owing}
    assert not {"STTTT", "SKHDT", "SGTVT", "STNMT", "SNNPTNT", "SLDTBXH", "BDT", "SVHTT", "SDL"} & {
        a.code for a in owing
    }


def test_the_quarter_the_district_level_ended_is_owed_by_districts_and_the_next_by_communes(plan_data):
    q2 = _owing(SimpleNamespace(start=datetime.date(2025, 4, 1), end=datetime.date(2025, 6, 30)))
    q3 = _owing(SimpleNamespace(start=datetime.date(2025, 7, 1), end=datetime.date(2025, 9, 30)))
    assert [a.kind for a in q2].count(Agency.Kind.DISTRICT_COMMITTEE) == 9
    assert [a.kind for a in q2].count(Agency.Kind.COMMUNE_COMMITTEE) == 0
    assert [a.kind for a in q3].count(Agency.Kind.DISTRICT_COMMITTEE) == 0
    assert [a.kind for a in q3].count(Agency.Kind.COMMUNE_COMMITTEE) == 99
    # Sở Thông tin và Truyền thông may still report its January and February, and owes nothing for Q1.
    q1 = SimpleNamespace(start=datetime.date(2025, 1, 1), end=datetime.date(2025, 3, 31))
    tttt = Agency.objects.get(code="STTTT")
    assert tttt.may_report_for(q1)
    assert not tttt.owes_report_for(q1)


def test_the_communes_come_from_the_resolution_with_its_basis(plan_data):
    communes = AdministrativeUnit.objects.filter(level=AdministrativeUnit.Level.COMMUNE, valid_from="2025-07-01")
    names = [u.name for u in communes]
    assert len(names) == 99
    assert sum(name.startswith("Phường ") for name in names) == 10
    assert sum(name.startswith("Xã ") for name in names) == 89
    assert {"Xã Mù Cang Chải", "Phường Âu Lâu", "Phường Lào Cai", "Xã Y Tý"} <= set(names)
    lao_cai = communes.get(name="Phường Lào Cai")
    assert sorted(u.code for u in lao_cai.predecessors.all()) == ["080", "086"]
    # Searchable without diacritics, like every agency.
    assert [a.name for a in Agency.objects.search("ubnd xa mu cang chai")] == ["Ủy ban nhân dân xã Mù Cang Chải"]


def test_every_succession_names_its_basis_and_the_district_duties_pass_to_communes(plan_data):
    assert not Succession.objects.filter(basis="").exists()
    bat_xat = Agency.objects.get(code="UBND-BATXAT")
    to_communes = Succession.objects.filter(predecessor=bat_xat, kind=Succession.Kind.TRANSFER)
    assert "UBND xã Y Tý" in {s.successor.short_name for s in to_communes}
    assert Succession.objects.filter(predecessor__code="STTTT", successor__code="SVHTTDL", kind="transfer").exists()
    assert Succession.objects.get(predecessor__code="STTTT", successor__code="SKHCN").main
