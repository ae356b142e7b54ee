"""The local level follows the date (issue 14 §5): "cấp huyện" for a period ending before 01/07/2025, "cấp xã"
after, in the aggregation's units and kind labels, the wording the documents use, and the board's filters.

Hand-computed: a district committee (Huyện Bát Xát, until 30/06/2025) sent 5 items for 2025-Q2 (15/03 →
14/06/2025); the commune committee of Xã Y Tý (from 01/07/2025) sent 8 for 2025-Q3 (15/06 → 14/09/2025).
"""

import datetime

import pytest
from django.urls import reverse

from agencies.models import AdministrativeUnit, Agency
from campaigns.models import Plan
from province import aggregation, wording
from reports import calendar, services
from reports.forms import BoardFilterForm
from tests.factories import AdministrativeUnitFactory, AgencyFactory
from tests.province.compiled_data import add_report, make_plan, period

DISTRICTS_END = datetime.date(2025, 6, 30)
COMMUNES_START = datetime.date(2025, 7, 1)
DISTRICT_GROUP = "UBND các huyện, thị xã, thành phố"


@pytest.fixture
def province(db):
    plan, metrics, themes = make_plan()
    calendar.generate_periods(plan=Plan.objects.get(pk=plan.pk), years=[2025])
    level = AdministrativeUnit.Level
    top = AdministrativeUnitFactory(code="L10", name="Tỉnh Lào Cai (thử)", level=level.PROVINCE)
    district = AdministrativeUnitFactory(code="L082", name="Huyện Bát Xát (thử)", parent=top, valid_until=DISTRICTS_END)
    commune = AdministrativeUnitFactory(
        code="L02701", name="Xã Y Tý (thử)", level=level.COMMUNE, parent=top, valid_from=COMMUNES_START
    )
    district_committee = AgencyFactory(
        code="L-BX", name="UBND huyện Bát Xát (thử)", kind=Agency.Kind.DISTRICT_COMMITTEE, unit=district,
        active_until=DISTRICTS_END,
    )  # fmt: skip
    commune_committee = AgencyFactory(
        code="L-YT", name="UBND xã Y Tý (thử)", kind=Agency.Kind.COMMUNE_COMMITTEE, unit=commune,
        active_from=COMMUNES_START,
    )  # fmt: skip
    for agency, code, value in ((district_committee, "2025-Q2", 5), (commune_committee, "2025-Q3", 8)):
        add_report(
            agency, code, "accepted", period(code).end, {("HT1.articles", "ND1"): value}, metrics, themes
        )  # fmt: skip
    services.accepted_totals_rebuild()
    return {"top": top, "district": district, "commune": commune}


def _units(result):
    return [(u["name"], u["agencies"], u["reported"], u["items"]) for u in result["units"]]


def _kinds(result):
    return {k["kind"]: (k["label"], k["items"]) for k in result["agency_kinds"]}


def test_a_period_ending_before_1_july_2025_speaks_of_districts(province):
    result = aggregation.aggregate(period("2025-Q2"))
    assert result["local_level"] == {"level": "district", "label": "cấp huyện"}
    assert _units(result) == [("Huyện Bát Xát (thử)", 1, 1, 5)]
    assert _kinds(result) == {"district_committee": (DISTRICT_GROUP, 5)}
    assert wording.local_level_label(period("2024-Q4")) == "cấp huyện"


def test_a_period_ending_after_it_speaks_of_communes(province):
    result = aggregation.aggregate(period("2025-Q3"))
    assert result["local_level"] == {"level": "commune", "label": "cấp xã"}
    assert _units(result) == [("Xã Y Tý (thử)", 1, 1, 8)]
    assert _kinds(result) == {"commune_committee": ("UBND các xã, phường", 8)}
    assert wording.local_level_label(period("2025-Q3")) == "cấp xã"


def test_the_year_2025_names_the_districts_with_their_last_day(province):
    result = aggregation.aggregate(period("2025-Y"))
    assert result["local_level"]["label"] == "cấp xã"
    # Both committees owed and sent their report in the year; each is counted in its own unit.
    assert _units(result) == [("Xã Y Tý (thử)", 1, 1, 8), ("Huyện Bát Xát (thử)", 1, 1, 5)]
    assert _kinds(result) == {
        "district_committee": (f"{DISTRICT_GROUP} (đến 30/06/2025)", 5),
        "commune_committee": ("UBND các xã, phường", 8),
    }


def _board_choices(year):
    form = BoardFilterForm({"year": str(year)}, years=[2024, 2025, 2026])
    kinds = {value for value, _text in form.fields["kind"].choices}
    units = [unit.name for unit in form.fields["unit"].queryset]
    return kinds, units


def test_the_board_filters_offer_the_committees_and_units_of_the_year(province):
    kinds, units = _board_choices(2024)
    assert "district_committee" in kinds
    assert "commune_committee" not in kinds
    assert units == ["Tỉnh Lào Cai (thử)", "Huyện Bát Xát (thử)"]
    kinds, units = _board_choices(2025)
    assert {"district_committee", "commune_committee"} <= kinds
    assert units == ["Tỉnh Lào Cai (thử)", "Huyện Bát Xát (thử)", "Xã Y Tý (thử)"]
    kinds, units = _board_choices(2026)
    assert "commune_committee" in kinds
    assert "district_committee" not in kinds
    assert units == ["Tỉnh Lào Cai (thử)", "Xã Y Tý (thử)"]


def test_the_board_of_2025_filters_by_a_commune(client, reviewer, province):
    client.force_login(reviewer)
    commune = province["commune"]
    response = client.get(reverse("reports:board"), {"year": 2025, "frequency": "quarter", "unit": commune.pk})
    html = response.content.decode()
    assert response.status_code == 200
    assert f'<option value="{commune.pk}" selected>Xã Y Tý (thử)</option>' in html
    assert '<option value="commune_committee">UBND cấp xã</option>' in html
    assert [agency.name for agency, _cells in response.context["page"].object_list] == ["UBND xã Y Tý (thử)"]


def test_communes_are_found_without_diacritics_in_the_admin(client, admin_user, province):
    client.force_login(admin_user)
    assert [u.name for u in AdministrativeUnit.objects.search("xa y ty")] == ["Xã Y Tý (thử)"]
    response = client.get(reverse("admin:agencies_administrativeunit_changelist"), {"q": "y ty"})
    assert [u.name for u in response.context["cl"].result_list] == ["Xã Y Tý (thử)"]
    assert "Xã Y Tý (thử)" in response.content.decode()
    autocomplete = client.get(
        reverse("admin:autocomplete"),
        {"app_label": "agencies", "model_name": "agency", "field_name": "unit", "term": "bat xat"},
    ).json()
    assert [row["text"] for row in autocomplete["results"]] == ["Huyện Bát Xát (thử)"]
