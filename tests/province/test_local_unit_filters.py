"""The unit filters of the reviewer's queue and of the dashboard's heat map list the units of the period looked at:
district-level units up to 30/06/2025, commune-level units from 01/07/2025 (issue 14 §5).

A small province: "Tỉnh Thử (thử)"; "Huyện Thử (thử)" (district, to 30/06/2025) and, inside it, "Xã Cũ (thử)"
(commune, to 30/06/2025); "Xã Mới (thử)" (commune-level, from 01/07/2025). Agencies: a department of the
province; the district's committee and a station of the old commune (both ended 30/06/2025); the new commune's
committee (from 01/07/2025). 2025-Q2 runs 15/03 → 14/06/2025, 2025-Q3 15/06 → 14/09/2025 (Decree 09).
"""

import datetime

import pytest
from django.urls import reverse

from agencies import roles as r
from agencies.models import AdministrativeUnit, Agency
from campaigns.models import Plan
from province import dashboard
from reports import calendar
from tests.factories import AdministrativeUnitFactory, AgencyFactory, UserFactory
from tests.province.compiled_data import add_report, make_plan, period

D = datetime.date
ENDED = D(2025, 6, 30)
STARTED = D(2025, 7, 1)
Level = AdministrativeUnit.Level
PROVINCE, DISTRICT, OLD_COMMUNE, NEW_COMMUNE = "Tỉnh Thử (thử)", "Huyện Thử (thử)", "Xã Cũ (thử)", "Xã Mới (thử)"


@pytest.fixture
def province(db):
    plan, metrics, themes = make_plan()
    calendar.generate_periods(plan=Plan.objects.get(pk=plan.pk), years=[2025])
    unit = AdministrativeUnitFactory
    p = unit(code="T-P", name=PROVINCE, level=Level.PROVINCE)
    d = unit(code="T-D", name=DISTRICT, level=Level.DISTRICT, parent=p, valid_until=ENDED)
    old = unit(code="T-OC", name=OLD_COMMUNE, level=Level.COMMUNE, parent=d, valid_until=ENDED)
    new = unit(code="T-NC", name=NEW_COMMUNE, level=Level.COMMUNE, parent=p, valid_from=STARTED)
    kind = Agency.Kind
    a = {
        "dept": AgencyFactory(code="T-S", name="Sở Thử (thử)", unit=p),
        "district": AgencyFactory(
            code="T-H", name="UBND huyện Thử (thử)", kind=kind.DISTRICT_COMMITTEE, unit=d, active_until=ENDED
        ),
        "station": AgencyFactory(code="T-TR", name="Trạm xã Cũ (thử)", unit=old, active_until=ENDED),
        "commune": AgencyFactory(
            code="T-X", name="UBND xã Mới (thử)", kind=kind.COMMUNE_COMMITTEE, unit=new, active_from=STARTED
        ),
    }
    grid = (metrics, themes)
    add_report(a["district"], "2025-Q2", "submitted", D(2025, 6, 15), {("HT1.articles", "ND1"): 3}, *grid)
    add_report(a["station"], "2025-Q2", "submitted", D(2025, 6, 15), {("HT1.articles", "ND1"): 2}, *grid)
    add_report(a["commune"], "2025-Q3", "submitted", D(2025, 9, 15), {("HT1.articles", "ND1"): 4}, *grid)
    return a


def _heat(code, **query):
    return dashboard.heat_view(dashboard.dashboard(period(code)), dashboard.HeatQuery(**query))


def test_the_heat_map_offers_the_districts_up_to_30_06_2025(province):
    view = _heat("2025-Q2")
    # The old commune's station is found under its district, the local unit of the period.
    assert view["units"] == [DISTRICT, PROVINCE]
    names = {row["name"] for row in _heat("2025-Q2", unit=DISTRICT)["rows"]}
    assert names == {"UBND huyện Thử (thử)", "Trạm xã Cũ (thử)"}
    assert {row["name"] for row in _heat("2025-Q2", unit=PROVINCE)["rows"]} == {"Sở Thử (thử)"}


def test_the_heat_map_offers_the_communes_from_01_07_2025(province):
    view = _heat("2025-Q3")
    assert view["units"] == [PROVINCE, NEW_COMMUNE]
    assert [row["name"] for row in _heat("2025-Q3", unit=NEW_COMMUNE)["rows"]] == ["UBND xã Mới (thử)"]


@pytest.fixture
def reviewer_client(client, province):
    reviewer = UserFactory(username="reviewer_units", agency=province["dept"], roles=[r.REVIEWER])
    client.force_login(reviewer)
    return client


def _queue_units(client, **query):
    response = client.get(reverse("reports:queue"), query)
    assert response.status_code == 200
    return [name for _pk, name in response.context["units"]]


def test_the_queue_offers_the_districts_for_a_period_up_to_30_06_2025(reviewer_client):
    assert _queue_units(reviewer_client, period="2025-Q2") == [PROVINCE, DISTRICT]


def test_the_queue_offers_the_communes_for_a_period_from_01_07_2025(reviewer_client):
    units = _queue_units(reviewer_client, period="2025-Q3")
    assert units == [PROVINCE, NEW_COMMUNE]
    html = reviewer_client.get(reverse("reports:queue"), {"period": "2025-Q3"}).content.decode()
    assert f">{NEW_COMMUNE}</option>" in html


def test_the_queue_over_every_period_offers_the_units_of_both_sides(reviewer_client):
    # Its reports are of 2025-Q2 and 2025-Q3: the district (and its old commune) and the new commune.
    assert _queue_units(reviewer_client) == [PROVINCE, DISTRICT, OLD_COMMUNE, NEW_COMMUNE]
