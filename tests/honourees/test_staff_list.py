"""The staff register: search without diacritics and by every filter, fixed query counts, the export."""

import datetime
import io

import openpyxl
import pytest
from django.urls import reverse

from honourees.models import Honouree
from tests.factories import AdministrativeUnitFactory
from tests.honourees.factories import EthnicGroupFactory, HonoureeFactory
from tests.honourees.privacy import PRIVATE_VALUES

pytestmark = pytest.mark.django_db


def names(response):
    return sorted(row["name"] for row in response.context["page"])


def test_search_without_diacritics_finds_names_with_them(client, officer, agency_a):
    HonoureeFactory(name="Giàng Thị Dung", proposing_agency=agency_a)
    HonoureeFactory(name="Lò Văn Sáng", proposing_agency=agency_a)
    client.force_login(officer)
    assert names(client.get(reverse("honourees:list"), {"q": "giang thi dung"})) == ["Giàng Thị Dung"]
    assert names(client.get(reverse("honourees:list"), {"q": "LO VAN"})) == ["Lò Văn Sáng"]


def test_search_by_place_and_position_without_diacritics(client, officer, agency_a):
    unit = AdministrativeUnitFactory(code="083", name="Huyện Mường Khương")
    HonoureeFactory(name="A", unit=unit, position="Trưởng bản", proposing_agency=agency_a)
    HonoureeFactory(name="B", position="Giáo viên", proposing_agency=agency_a)
    client.force_login(officer)
    assert names(client.get(reverse("honourees:list"), {"q": "muong khuong"})) == ["A"]
    assert names(client.get(reverse("honourees:list"), {"q": "giao vien"})) == ["B"]


def test_filters_by_category_status_field_ethnicity_and_unit(client, officer, agency_a):
    district = AdministrativeUnitFactory(code="085", name="Huyện Bắc Hà")
    commune = AdministrativeUnitFactory(code="03000", name="Xã Bản Phố", level="commune", parent=district)
    mong = EthnicGroupFactory()
    HonoureeFactory(
        name="Một",
        category="new_model",
        field="economy",
        unit=commune,
        ethnic_group=mong,
        status="verified",
        proposing_agency=agency_a,
    )
    HonoureeFactory(name="Hai", category="advanced", field="health", proposing_agency=agency_a)
    client.force_login(officer)
    url = reverse("honourees:list")
    for params in (
        {"category": "new_model"},
        {"field": "economy"},
        {"ethnic_group": mong.pk},
        {"status": "verified"},
        {"unit": district.pk},
    ):
        assert names(client.get(url, params)) == ["Một"], params


@pytest.mark.parametrize("rows", [1, 40])
def test_staff_list_query_count_is_fixed(client, django_assert_num_queries, officer, agency_a, rows):
    for _ in range(rows):
        HonoureeFactory(proposing_agency=agency_a, ethnic_group=EthnicGroupFactory())
    client.force_login(officer)
    # 1 session, 1 user (with their agency), 1 the user's role groups;
    # 1 count and 1 page of rows (values) with the names of unit, ethnic group, movement and agency;
    # 3 filter selects: units, movements, ethnic groups.
    with django_assert_num_queries(8):
        response = client.get(reverse("honourees:list"))
    assert response.status_code == 200
    shown = list(response.context["page"])
    assert len(shown) == min(rows, 25)
    html = response.content.decode()
    assert all(row["name"] in html for row in shown)


def test_rows_show_their_labels_place_agency_day_and_address(client, officer, agency_a):
    from campaigns.models import Movement

    unit = AdministrativeUnitFactory(code="086", name="Huyện Si Ma Cai")
    movement = Movement.objects.create(code="nong-thon-moi", name="Chung sức xây dựng nông thôn mới")
    honouree = HonoureeFactory(
        name="Sùng A Páo",
        kind="collective",
        category="good_deed",
        field="health",
        status="needs_info",
        position="Trưởng bản",
        workplace="Bản Sín Chải",
        unit=unit,
        movement=movement,
        ethnic_group=EthnicGroupFactory(name="Mông"),
        proposing_agency=agency_a,
    )
    # 20:30 UTC on 5/1 is 03:30 on 6/1 in Hà Nội: the list shows the local day.
    Honouree.objects.filter(pk=honouree.pk).update(
        created_at=datetime.datetime(2099, 1, 5, 20, 30, tzinfo=datetime.UTC)
    )
    client.force_login(officer)
    html = client.get(reverse("honourees:list")).content.decode()
    url = reverse("honourees:detail", args=[honouree.pk])
    assert f'<a class="fw-semibold" href="{url}">Sùng A Páo</a>' in html
    assert "Tập thể · Mông · Trưởng bản" in html
    assert '<span class="badge badge-kind">Gương người tốt, việc tốt</span>' in html
    assert "Bản Sín Chải<br>Huyện Si Ma Cai" in html
    assert "Chung sức xây dựng nông thôn mới</td>" in html
    assert f"{agency_a.short_name}<br>" in html
    assert "06/01/2099" in html
    assert '<span class="badge hn-status hn-status-needs_info">Đề nghị bổ sung</span>' in html


def test_rows_speak_the_language_chosen_with_the_switch(client, officer, agency_a, settings):
    HonoureeFactory(category="new_model", field="health", status="verified", proposing_agency=agency_a)
    client.force_login(officer)
    vi = client.get(reverse("honourees:list")).content.decode()
    assert '<span class="badge badge-kind">Mô hình mới</span>' in vi
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    en = client.get(reverse("honourees:list")).content.decode()
    assert '<span class="badge badge-kind">New model</span>' in en
    assert '<span class="small text-body-secondary">Health</span>' in en
    assert '<span class="badge hn-status hn-status-verified">Verified</span>' in en
    assert '<option value="" selected>All</option>' in en


def test_filter_selects_mark_what_the_list_shows(client, officer, agency_a):
    from campaigns.models import Movement

    district = AdministrativeUnitFactory(code="085", name="Huyện Bắc Hà")
    movement = Movement.objects.create(code="mv-1", name="Dân vận khéo")
    mong = EthnicGroupFactory(name="Mông")
    client.force_login(officer)
    params = {"status": "verified", "category": "new_model", "unit": district.pk, "movement": movement.pk}
    html = client.get(
        reverse("honourees:list"), {**params, "field": "health", "ethnic_group": mong.pk}
    ).content.decode()
    assert '<select name="status" class="form-select" id="id_status">' in html
    assert '<option value="verified" selected>Đã thẩm định</option>' in html
    assert '<option value="new_model" selected>Mô hình mới</option>' in html
    assert f'<option value="{district.pk}" selected>Huyện Bắc Hà</option>' in html
    assert f'<option value="{movement.pk}" selected>Dân vận khéo</option>' in html
    assert '<option value="health" selected>Y tế</option>' in html
    assert f'<option value="{mong.pk}" selected>Mông</option>' in html
    assert html.count(" selected>") == 6
    # Without a choice, each select shows "All", as Django's select widget would.
    html = client.get(reverse("honourees:list")).content.decode()
    assert html.count('<option value="" selected>Tất cả</option>') == 6
    assert html.count(" selected>") == 6


def test_leadership_export_has_no_private_field(client, leader, agency_a):
    HonoureeFactory(name="Giàng Thị Dung", proposing_agency=agency_a, story='=HYPERLINK("http://x")')
    client.force_login(leader)
    response = client.get(reverse("honourees:export"))
    assert response.status_code == 200
    book = openpyxl.load_workbook(io.BytesIO(response.content))
    cells = [str(c.value) for row in book.active.iter_rows() for c in row if c.value is not None]
    assert "Giàng Thị Dung" in cells
    for value in PRIVATE_VALUES:
        assert not any(value in cell for cell in cells), value
    headers = [str(c.value) for c in next(book.active.iter_rows(max_row=1))]
    assert not any("sinh" in h.lower() or "điện thoại" in h.lower() or "birth" in h.lower() for h in headers)


def test_export_escapes_formulas(client, officer, agency_a):
    HonoureeFactory(name="=1+2", proposing_agency=agency_a)
    client.force_login(officer)
    book = openpyxl.load_workbook(io.BytesIO(client.get(reverse("honourees:export")).content))
    cells = [c.value for row in book.active.iter_rows(min_row=2) for c in row]
    assert "'=1+2" in cells
    assert "=1+2" not in cells


def test_clerk_detail_page_shows_private_fields_to_own_agency_only(client, clerk_a, reviewer, proposal_a):
    client.force_login(clerk_a)
    assert "010071004321" in client.get(reverse("honourees:detail", args=[proposal_a.pk])).content.decode()
    client.force_login(reviewer)
    html = client.get(reverse("honourees:detail", args=[proposal_a.pk])).content.decode()
    for value in PRIVATE_VALUES:
        assert value not in html


def test_rows_of_status_published_link_to_the_portal(client, officer, published):
    client.force_login(officer)
    html = client.get(reverse("honourees:detail", args=[published.pk])).content.decode()
    assert reverse("portal:detail", args=[published.slug]) in html
    assert Honouree.objects.count() == 1


@pytest.mark.parametrize("many", [1, 8])
def test_staff_detail_query_count_is_fixed(client, django_assert_num_queries, officer, proposal_a, many):
    from honourees import services
    from tests.honourees.factories import CommendationFactory

    for _ in range(many):
        CommendationFactory(honouree=proposal_a)
        services.honouree_update(honouree=proposal_a, user=officer, data={"summary": "x"})
    client.force_login(officer)
    # 1 session, 1 user, 1 role groups; 1 honouree with unit, parent, ethnic group, movement, agency, proposer;
    # 1 commendations, 1 steps with their users, 1 support actions, 1 replications, 1 portal dispatches (each with
    # its recorder), 1 possible duplicates, 1 coverage lines.
    with django_assert_num_queries(11):
        response = client.get(reverse("honourees:detail", args=[proposal_a.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    assert proposal_a.name in html
    numbers = list(proposal_a.commendations.values_list("decision_number", flat=True))
    assert len(numbers) == many
    assert all(number in html for number in numbers)


def test_search_needs_every_word_as_a_whole_word(client, officer, agency_a):
    HonoureeFactory(name="Lò Thị Thu", proposing_agency=agency_a)
    HonoureeFactory(name="Lò Seo Nhung", proposing_agency=agency_a)
    HonoureeFactory(name="Vàng Văn Thiết", proposing_agency=agency_a)
    client.force_login(officer)
    url = reverse("honourees:list")
    # Every word must match: "Lò Seo Nhung" has "lo" but neither "thi" nor "thu".
    assert names(client.get(url, {"q": "lo thi thu"})) == ["Lò Thị Thu"]
    # A whole word, without diacritics: "thi" is "Thị", never the start of "Thiết".
    assert names(client.get(url, {"q": "THI"})) == ["Lò Thị Thu"]
    assert names(client.get(url, {"q": "thiet"})) == ["Vàng Văn Thiết"]
    assert names(client.get(url, {"q": "lo, nhung"})) == ["Lò Seo Nhung"]
