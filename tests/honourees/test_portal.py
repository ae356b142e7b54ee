"""The public portal: published only, nothing private, readable addresses, search without diacritics."""

import pytest
from django.urls import reverse

from honourees import images, services
from honourees.models import Honouree
from honourees.selectors import portal_queryset
from tests.factories import AdministrativeUnitFactory
from tests.honourees.factories import CommendationFactory, EthnicGroupFactory, HonoureeFactory
from tests.honourees.images import jpeg_with_exif, upload
from tests.honourees.privacy import PRIVATE_VALUES

pytestmark = pytest.mark.django_db


def assert_nothing_private(html):
    for value in PRIVATE_VALUES:
        assert value not in html, value


def test_portal_pages_never_show_private_fields(client, published, officer):
    CommendationFactory(honouree=published)
    for user in (None, officer):  # whoever looks, the portal is the public view
        if user:
            client.force_login(user)
        for url in (reverse("portal:list"), reverse("portal:detail", args=[published.slug])):
            response = client.get(url)
            assert response.status_code == 200
            html = response.content.decode()
            assert published.name in html
            assert_nothing_private(html)


def test_the_portal_loads_no_private_field_from_the_database(published):
    honouree = portal_queryset().get(pk=published.pk)
    assert set(Honouree.PRIVATE_FIELDS) <= honouree.get_deferred_fields()
    assert not set(Honouree.PUBLIC_FIELDS) & honouree.get_deferred_fields()


def test_portal_detail_shows_story_and_commendations_at_an_ascii_address(client, published):
    CommendationFactory(honouree=published, decision_number="321/QĐ-UBND")
    url = reverse("portal:detail", args=[published.slug])
    assert url == "/guong-dien-hinh/vang-seo-chu/"
    html = client.get(url).content.decode()
    assert published.story in html
    assert "321/QĐ-UBND" in html


def test_published_photo_is_public_and_clean(client, officer, published):
    services.honouree_update(
        honouree=published, user=officer, data={}, photo=images.process_photo(upload(jpeg_with_exif()))
    )
    response = client.get(reverse("portal:photo", args=[published.slug]))
    assert response.status_code == 200
    assert b"SecretCam" not in b"".join(response.streaming_content)
    services.honouree_unpublish(honouree=published, user=officer, reason="Tạm ẩn")
    assert client.get(reverse("portal:photo", args=[published.slug])).status_code == 404
    assert client.get(reverse("portal:detail", args=[published.slug])).status_code == 404


def test_portal_cards_link_to_the_page_and_photo_with_the_category(client, officer, agency_a, published):
    services.honouree_update(
        honouree=published, user=officer, data={}, photo=images.process_photo(upload(jpeg_with_exif()))
    )
    HonoureeFactory(
        name="Lý Thị Mai", category="new_model", status=Honouree.Status.PUBLISHED, proposing_agency=agency_a
    )
    html = client.get(reverse("portal:list")).content.decode()
    published.refresh_from_db()
    assert f'href="{reverse("portal:detail", args=[published.slug])}"' in html
    assert f'<img src="{reverse("portal:photo", args=[published.slug])}"' in html
    assert html.count("<img src=") == 1  # the card without a photo shows the award icon
    assert '<span class="badge badge-kind mb-2">Mô hình mới</span>' in html
    client.cookies["django_language"] = "en"
    assert '<span class="badge badge-kind mb-2">New model</span>' in client.get(reverse("portal:list")).content.decode()


def test_portal_filter_selects_mark_the_choice(client, agency_a):
    district = AdministrativeUnitFactory(code="085", name="Huyện Bắc Hà")
    html = client.get(reverse("portal:list"), {"category": "new_model", "district": district.pk}).content.decode()
    assert '<select name="category" class="form-select" id="id_category">' in html
    assert '<option value="new_model" selected>Mô hình mới</option>' in html
    assert f'<option value="{district.pk}" selected>Huyện Bắc Hà</option>' in html
    assert '<option value="" selected>Toàn tỉnh</option>' not in html
    assert html.count(" selected>") == 4  # the movement and field selects show "all"
    html = client.get(reverse("portal:list")).content.decode()
    assert '<option value="" selected>Toàn tỉnh</option>' in html


@pytest.mark.parametrize("typed", ["giang thi dung", "GIANG THI DUNG", "Giàng Thị Dung", "thi dung", "giang thi"])
def test_portal_search_without_diacritics(client, agency_a, typed):
    HonoureeFactory(name="Giàng Thị Dung", status=Honouree.Status.PUBLISHED, proposing_agency=agency_a)
    HonoureeFactory(name="Giàng Văn Dũng", status=Honouree.Status.PUBLISHED, proposing_agency=agency_a)
    page = client.get(reverse("portal:list"), {"q": typed}).context["page"]
    assert [h.name for h in page] == ["Giàng Thị Dung"]


def test_portal_search_words_in_any_order_without_diacritics_find_both(client, agency_a):
    HonoureeFactory(name="Giàng Thị Dung", status=Honouree.Status.PUBLISHED, proposing_agency=agency_a)
    HonoureeFactory(name="Giàng Văn Dũng", status=Honouree.Status.PUBLISHED, proposing_agency=agency_a)
    page = client.get(reverse("portal:list"), {"q": "dung giang"}).context["page"]
    assert sorted(h.name for h in page) == ["Giàng Thị Dung", "Giàng Văn Dũng"]


def test_portal_search_finds_an_ethnic_groups_other_name(client, agency_a):
    HonoureeFactory(
        name="Sùng A Páo",
        ethnic_group=EthnicGroupFactory(),
        status=Honouree.Status.PUBLISHED,
        proposing_agency=agency_a,
    )
    assert [h.name for h in client.get(reverse("portal:list"), {"q": "hmong"}).context["page"]] == ["Sùng A Páo"]


def test_portal_filters_by_district_including_its_communes(client, agency_a):
    district = AdministrativeUnitFactory(code="082", name="Huyện Bát Xát")
    commune = AdministrativeUnitFactory(code="02700", name="Xã Quang Kim", level="commune", parent=district)
    other = AdministrativeUnitFactory(code="084", name="Huyện Si Ma Cai")
    for name, unit in (("Ở huyện", district), ("Ở xã", commune), ("Nơi khác", other)):
        HonoureeFactory(name=name, unit=unit, status=Honouree.Status.PUBLISHED, proposing_agency=agency_a)
    page = client.get(reverse("portal:list"), {"district": district.pk}).context["page"]
    assert sorted(h.name for h in page) == ["Ở huyện", "Ở xã"]


def test_portal_filters_by_category_and_field(client, agency_a):
    HonoureeFactory(
        name="Mô hình", category="new_model", field="economy", status="published", proposing_agency=agency_a
    )
    HonoureeFactory(
        name="Điển hình", category="advanced", field="health", status="published", proposing_agency=agency_a
    )
    assert [h.name for h in client.get(reverse("portal:list"), {"category": "new_model"}).context["page"]] == [
        "Mô hình"
    ]
    assert [h.name for h in client.get(reverse("portal:list"), {"field": "health"}).context["page"]] == ["Điển hình"]


@pytest.mark.parametrize("rows", [1, 30])
def test_portal_list_query_count_is_fixed(client, django_assert_num_queries, agency_a, rows):
    for _ in range(rows):
        h = HonoureeFactory(status=Honouree.Status.PUBLISHED, proposing_agency=agency_a)
        CommendationFactory(honouree=h)
    # 1 count for the paginator, 1 page of rows with unit, parent unit, ethnic group and movement,
    # 1 district units and 1 movements for the filter selects. No session for a visitor.
    with django_assert_num_queries(4):
        response = client.get(reverse("portal:list"))
    assert response.status_code == 200
    shown = list(response.context["page"])
    assert len(shown) == min(rows, 12)  # a page of twelve
    html = response.content.decode()
    assert all(h.name in html for h in shown)


@pytest.mark.parametrize("commendations", [1, 10])
def test_portal_detail_query_count_is_fixed(client, django_assert_num_queries, published, commendations):
    for _ in range(commendations):
        CommendationFactory(honouree=published)
    # 1 honouree with its unit, parent unit, ethnic group and movement; 1 its commendations;
    # 1 its coverage in accepted reports.
    with django_assert_num_queries(3):
        response = client.get(reverse("portal:detail", args=[published.slug]))
    assert response.status_code == 200
    html = response.content.decode()
    assert published.name in html
    numbers = list(published.commendations.values_list("decision_number", flat=True))
    assert len(numbers) == commendations
    assert all(number in html for number in numbers)
