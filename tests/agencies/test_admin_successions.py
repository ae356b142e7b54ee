"""Successions recorded on the agency's admin page ("Cơ quan kế thừa", "Cơ quan tiền thân"), checked like the files."""

import datetime

import pytest
from django.urls import reverse

from agencies.models import Agency, Succession
from tests.factories import AgencyFactory

pytestmark = pytest.mark.django_db

MARCH = datetime.date(2025, 3, 1)


@pytest.fixture
def old(db):
    return AgencyFactory(code="SOLD", name="Sở Cũ (thử)", active_from=datetime.date(2021, 1, 1))


@pytest.fixture
def new(db):
    return AgencyFactory(code="SNEW", name="Sở Mới (thử)", active_from=MARCH)


def _agency_form(agency, **changes):
    fields = {
        "code": agency.code,
        "name": agency.name,
        "short_name": agency.short_name,
        "kind": agency.kind,
        "unit": agency.unit_id,
        "must_report": "on",
        "report_frequency": agency.report_frequency,
        "active_from": agency.active_from.isoformat() if agency.active_from else "",
        "active_until": agency.active_until.isoformat() if agency.active_until else "",
    }
    return {**fields, **changes}


def _inline(prefix, rows, initial=0):
    data = {
        f"{prefix}-TOTAL_FORMS": str(len(rows)),
        f"{prefix}-INITIAL_FORMS": str(initial),
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }
    for i, row in enumerate(rows):
        data |= {f"{prefix}-{i}-{name}": value for name, value in row.items()}
    return data


def save_agency(client, agency, *, successors=(), predecessors=(), **changes):
    data = _agency_form(agency, **changes) | _inline("successions", successors) | _inline("predecessions", predecessors)
    return client.post(reverse("admin:agencies_agency_change", args=[agency.pk]), data)


def merge_into(agency, day=MARCH):
    return {"successor": agency.pk, "kind": "merge", "effective": day.isoformat(), "basis": "Quyết định thử"}


def test_the_agency_page_shows_both_sections_in_vietnamese(client, officer, old):
    client.force_login(officer)
    html = client.get(reverse("admin:agencies_agency_change", args=[old.pk])).content.decode()
    assert "Cơ quan kế thừa" in html
    assert "Cơ quan tiền thân" in html
    assert "Hợp nhất, sáp nhập" in html  # the kinds
    assert "căn cứ pháp lý" in html.lower()


def test_the_officer_records_a_merger_and_the_predecessor_ends_the_day_before(client, officer, old, new):
    client.force_login(officer)
    response = save_agency(client, old, successors=[merge_into(new)])
    assert response.status_code == 302
    row = Succession.objects.get()
    assert (row.predecessor, row.successor, row.kind, row.basis) == (old, new, "merge", "Quyết định thử")
    old.refresh_from_db()
    assert old.active_until == datetime.date(2025, 2, 28)


def test_a_predecessor_recorded_from_the_successor_is_ended_too(client, officer, old, new):
    client.force_login(officer)
    row = {"predecessor": old.pk, "kind": "rename", "effective": MARCH.isoformat()}
    assert save_agency(client, new, predecessors=[row]).status_code == 302
    old.refresh_from_db()
    assert old.active_until == datetime.date(2025, 2, 28)


def test_a_last_day_that_disagrees_is_refused_and_nothing_is_saved(client, officer, old, new):
    client.force_login(officer)
    response = save_agency(client, old, successors=[merge_into(new)], active_until="2025-05-31")
    assert response.status_code == 200
    assert "ngày hoạt động cuối cùng của cơ quan này phải là 28/02/2025" in response.content.decode()
    assert not Succession.objects.exists()
    old.refresh_from_db()
    assert old.active_until is None


def test_a_cycle_is_refused(client, officer, old, new):
    Succession.objects.create(predecessor=old, successor=new, kind="merge", effective=MARCH)
    Agency.objects.filter(pk=old.pk).update(active_until=datetime.date(2025, 2, 28))
    client.force_login(officer)
    response = save_agency(client, new, successors=[merge_into(old, datetime.date(2025, 7, 1))])
    assert response.status_code == 200
    assert "vòng lặp: Sở Mới (thử) → Sở Cũ (thử) → Sở Mới (thử)" in response.content.decode()
    assert Succession.objects.count() == 1


def test_a_successor_that_starts_later_is_refused(client, officer, old, new):
    client.force_login(officer)
    response = save_agency(client, old, successors=[merge_into(new, datetime.date(2025, 1, 1))])
    assert response.status_code == 200
    assert "Sở Mới (thử) bắt đầu hoạt động sau ngày 01/01/2025" in response.content.decode()
    assert not Succession.objects.exists()


def test_a_split_needs_one_main_successor(client, officer, old, new):
    other = AgencyFactory(code="SOTHER", name="Sở Khác (thử)", active_from=MARCH)
    split = [{"successor": a.pk, "kind": "split", "effective": MARCH.isoformat()} for a in (new, other)]
    client.force_login(officer)
    response = save_agency(client, old, successors=split)
    assert "hãy đánh dấu đúng một cơ quan kế thừa chính" in response.content.decode()
    assert not Succession.objects.exists()
    split[0]["main"] = "on"
    assert save_agency(client, old, successors=split).status_code == 302
    assert Succession.objects.get(main=True).successor == new


def test_the_list_of_successions_is_read_only(client, officer, old, new):
    Succession.objects.create(predecessor=old, successor=new, kind="merge", effective=MARCH, basis="Quyết định thử")
    client.force_login(officer)
    response = client.get(reverse("admin:agencies_succession_changelist"))
    assert response.status_code == 200
    assert "Quyết định thử" in response.content.decode()
    assert client.get(reverse("admin:agencies_succession_add")).status_code == 403
