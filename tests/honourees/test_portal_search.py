"""The portal's search: every word, as a whole word, without diacritics; names that match first; numbered pages."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from honourees.models import Honouree
from honourees.selectors import search_words
from tests.factories import AdministrativeUnitFactory
from tests.honourees.factories import CommendationFactory, HonoureeFactory

URL = reverse("portal:list")


def _published(agency, name, *, days_ago=0, **fields):
    published = timezone.now() - datetime.timedelta(days=days_ago)
    # The factory's unit, "Huyện Thử Nghiệm …", would match "thu".
    fields.setdefault("unit", AdministrativeUnitFactory(name="Xã Bản Lầu"))
    return HonoureeFactory(
        name=name, status=Honouree.Status.PUBLISHED, published_at=published, proposing_agency=agency, **fields
    )


def _names(client, **params):
    return [h.name for h in client.get(URL, params).context["page"]]


def test_the_words_of_a_search_are_folded_and_split_at_punctuation():
    assert search_words("Lò Thị, Thu-Chư  H'Mông") == ["lo", "thi", "thu", "chu", "h", "mong"]
    assert search_words("  ") == []


def test_every_word_must_match_a_whole_word(client, agency_a):
    # Every word of "lo thi thu chu" is inside Lò Seo Nhung's text ("thuy", "chung", "thinh") but not as a word.
    _published(agency_a, "Lò Thị Thu Chư")
    _published(agency_a, "Lò Seo Nhung", summary="Nông dân bản Thủy Chung, làm ăn thịnh vượng")
    _published(agency_a, "Giàng Thị Dung", summary="Thu hoạch chè")
    assert _names(client, q="lo thi thu chu") == ["Lò Thị Thu Chư"]
    assert _names(client, q="LÒ THỊ THU CHƯ") == ["Lò Thị Thu Chư"]
    assert _names(client, q="thu") == ["Lò Thị Thu Chư", "Giàng Thị Dung"]  # a name first, then a summary
    assert _names(client, q="thuy") == ["Lò Seo Nhung"]
    assert _names(client, q="lo thi thu chu nhung") == []


def test_names_that_match_come_first_whatever_the_date(client, agency_a):
    _published(agency_a, "Giàng Thị Dung", days_ago=30)
    _published(agency_a, "Hoàng Văn Páo", days_ago=1, summary="Học trò của cô Giàng Thị Dung")
    _published(agency_a, "Thào Mí Sử", days_ago=2, summary="Giàng Thị Dung giới thiệu")
    assert _names(client) == ["Hoàng Văn Páo", "Thào Mí Sử", "Giàng Thị Dung"]  # newest first
    assert _names(client, q="giang thi dung") == ["Giàng Thị Dung", "Hoàng Văn Páo", "Thào Mí Sử"]


@pytest.mark.parametrize("rows", [1, 30])
def test_a_search_runs_the_same_queries_whatever_the_rows(client, django_assert_num_queries, agency_a, rows):
    for i in range(rows):
        CommendationFactory(honouree=_published(agency_a, f"Lò Văn Páo {i}", days_ago=i))
    # The paginator's count, the page, the district units and movements of the filters.
    with django_assert_num_queries(4):
        response = client.get(URL, {"q": "lo van pao"})
    assert len(response.context["page"]) == min(rows, 12)
    assert response.context["page"].paginator.count == rows


def test_pages_are_numbered_and_keep_the_search(client, agency_a):
    for i in range(100):  # nine pages of twelve
        _published(agency_a, f"Lò Văn Páo {i:02d}", days_ago=i)
    html = client.get(URL, {"q": "pao", "page": 4}).content.decode()
    pages = html.split('data-testid="portal-pages"')[1].split("</nav>")[0]
    # 1 2 3 [4] 5 6 … 9: two either side and the last; the others are links that keep the search.
    for number in (1, 2, 3, 5, 6, 9):
        assert f'href="?q=pao&amp;page={number}" aria-label="Trang {number}">{number}</a>' in pages
    assert '<li class="page-item active" aria-current="page"><span class="page-link">4</span></li>' in pages
    assert pages.count('<span class="page-link">…</span>') == 1
    assert "page=7" not in pages
    assert "page=8" not in pages
    assert 'href="?q=pao&amp;page=3" rel="prev">Trang trước</a>' in pages
    assert 'href="?q=pao&amp;page=5" rel="next">Trang sau</a>' in pages
    html = client.get(URL, {"q": "pao", "page": 9}).content.decode()
    pages = html.split('data-testid="portal-pages"')[1].split("</nav>")[0]
    # 1 … 7 8 [9]
    assert 'href="?q=pao&amp;page=1" aria-label="Trang 1">1</a>' in pages
    assert pages.count('<span class="page-link">…</span>') == 1
    assert "page=6" not in pages
    assert "Trang sau" not in pages
