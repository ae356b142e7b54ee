"""The published exemplars for other portals: the Atom feed (RFC 4287) and the JSON export, public fields only."""

import datetime
import json
import xml.etree.ElementTree as ET

import pytest
from django.urls import reverse
from django.utils import timezone

from honourees import feeds
from honourees.models import Honouree
from tests.honourees.factories import CommendationFactory, EthnicGroupFactory, HonoureeFactory
from tests.honourees.privacy import PRIVATE_VALUES

pytestmark = pytest.mark.django_db
ATOM = "{http://www.w3.org/2005/Atom}"
S = Honouree.Status
HOST = "http://testserver"


def parse(content):
    """The feed's XML tree: our own response, not untrusted input; a malformed document raises here."""
    return ET.fromstring(content)  # noqa: S314


def assert_nothing_private(text):
    for value in PRIVATE_VALUES:
        assert value not in text, value


def _published(agency, name, days_ago, **extra):
    moment = timezone.now() - datetime.timedelta(days=days_ago)
    return HonoureeFactory(proposing_agency=agency, status=S.PUBLISHED, name=name, published_at=moment, **extra)


@pytest.fixture
def exemplars(agency_a):
    """Two published exemplars (the newer second), a proposal and a rejected one that must stay out."""
    older = _published(agency_a, "Vàng Seo Chứ", 30, summary="Hiến đất làm đường")
    newer = _published(agency_a, "Lò Thị Mai", 2, ethnic_group=EthnicGroupFactory())
    HonoureeFactory(proposing_agency=agency_a, status=S.PROPOSED, name="Người Đề Xuất")
    HonoureeFactory(proposing_agency=agency_a, status=S.REJECTED, name="Người Bị Từ Chối")
    CommendationFactory(honouree=older, decision_number="1234/QĐ-UBND", decision_date=datetime.date(2024, 6, 20))
    return older, newer


def _rfc3339(text):
    moment = datetime.datetime.fromisoformat(text)
    assert moment.tzinfo is not None, text
    return moment


def _one(element, tag):
    found = element.findall(f"{ATOM}{tag}")
    assert len(found) == 1, (tag, len(found))
    return found[0]


def _alternate(element):
    links = [link for link in element.findall(f"{ATOM}link") if link.get("rel", "alternate") == "alternate"]
    assert len(links) == 1
    return links[0].get("href")


def test_the_feed_is_atom_with_every_required_element(client, exemplars):
    older, newer = exemplars
    response = client.get(reverse("portal:feed"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    root = parse(response.content)  # well-formed, or this raises
    assert root.tag == f"{ATOM}feed"
    # RFC 4287 §4.1.1: one id, title and updated; an author (every entry has none of its own).
    assert _one(root, "id").text.startswith(HOST)
    assert _one(root, "title").text == "Gương điển hình tiên tiến tỉnh Lào Cai"
    assert _rfc3339(_one(root, "updated").text) == newer.published_at
    assert _one(_one(root, "author"), "name").text
    assert _alternate(root) == HOST + reverse("portal:list")
    assert any(link.get("rel") == "self" for link in root.findall(f"{ATOM}link"))
    entries = root.findall(f"{ATOM}entry")
    assert [_one(e, "title").text for e in entries] == [newer.name, older.name]  # newest first
    ids = [_one(e, "id").text for e in entries]
    assert len(set(ids)) == 2
    for entry, honouree in zip(entries, (newer, older), strict=True):
        # §4.1.2: one id, title and updated; a link to the exemplar's page on the portal.
        assert _rfc3339(_one(entry, "updated").text) == honouree.published_at
        href = _alternate(entry)
        assert href == HOST + reverse("portal:detail", args=[honouree.slug])
        assert client.get(href.removeprefix(HOST)).status_code == 200
    assert _one(entries[1], "summary").text == "Hiến đất làm đường"


def test_the_feed_and_export_leave_out_unpublished_and_private(client, officer, exemplars):
    for user in (None, officer):  # whoever asks, they are the public view
        if user is not None:
            client.force_login(user)
        for name in ("portal:feed", "portal:export"):
            text = client.get(reverse(name)).content.decode()
            assert "Vàng Seo Chứ" in text
            assert "Người Đề Xuất" not in text
            assert "Người Bị Từ Chối" not in text
            assert_nothing_private(text)
            for staff_field in ("evidence", "consent_to_publish", "proposing_agency", "status_reason"):
                assert staff_field not in text


def test_an_honouree_published_without_a_date_still_has_an_updated(client, agency_a):
    HonoureeFactory(proposing_agency=agency_a, status=S.PUBLISHED, name="Nhập Từ Bảng Tính", published_at=None)
    root = parse(client.get(reverse("portal:feed")).content)
    entry = _one(root, "entry")
    _rfc3339(_one(entry, "updated").text)


def test_an_empty_feed_is_still_valid(client):
    root = parse(client.get(reverse("portal:feed")).content)
    _rfc3339(_one(root, "updated").text)
    _one(root, "id")
    assert root.findall(f"{ATOM}entry") == []


EXPORT_KEYS = {"schema", "generated_at", "portal", "count", "exemplars"}
EXEMPLAR_KEYS = {
    "id",
    "url",
    "name",
    "kind",
    "category",
    "category_label",
    "ethnic_group",
    "position",
    "workplace",
    "place",
    "field",
    "field_label",
    "movement",
    "summary",
    "story",
    "photo_url",
    "published_at",
    "commendations",
}
COMMENDATION_KEYS = {"form", "form_label", "achievement", "decision_number", "decision_date", "issuing_authority"}


def test_the_json_export_has_a_stable_schema(client, exemplars):
    older, newer = exemplars
    response = client.get(reverse("portal:export"))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    document = json.loads(response.content)
    assert set(document) == EXPORT_KEYS
    assert document["schema"] == "thidua-exemplars/1"
    assert document["count"] == 2
    assert document["portal"] == HOST + reverse("portal:list")
    first, second = document["exemplars"]
    assert set(first) == set(second) == EXEMPLAR_KEYS
    assert (first["name"], second["name"]) == (newer.name, older.name)
    assert second["url"] == HOST + reverse("portal:detail", args=[older.slug])
    assert second["published_at"] == timezone.localtime(older.published_at).isoformat()
    assert second["published_at"].endswith("+07:00")
    assert second["category_label"] == "Điển hình tiên tiến"
    assert first["ethnic_group"] == "Mông"
    assert first["photo_url"] is None
    assert first["commendations"] == []
    (award,) = second["commendations"]
    assert set(award) == COMMENDATION_KEYS
    assert (award["decision_number"], award["decision_date"]) == ("1234/QĐ-UBND", "2024-06-20")
    assert "Vàng Seo Chứ" in response.content.decode()  # UTF-8 as written, not \\u escapes


def test_every_exported_value_comes_from_a_public_field(exemplars):
    """The export's exemplar keys map onto ``Honouree.PUBLIC_FIELDS`` (or values derived from them)."""
    derived = {"url": "slug", "category_label": "category", "field_label": "field", "place": "unit"}
    derived |= {"photo_url": "photo", "commendations": "id"}
    sources = {derived.get(key, key) for key in EXEMPLAR_KEYS}
    assert sources <= set(Honouree.PUBLIC_FIELDS)
    assert not sources & set(Honouree.PRIVATE_FIELDS + Honouree.STAFF_FIELDS)


@pytest.mark.parametrize("rows", [1, 6])
def test_feed_and_export_read_a_fixed_number_of_queries(client, django_assert_num_queries, agency_a, rows):
    for number in range(rows):
        honouree = _published(agency_a, f"Điển Hình {number}", number)
        CommendationFactory(honouree=honouree)
    # 1 published exemplars with unit, parent, ethnic group and movement (public fields only).
    with django_assert_num_queries(1):
        response = client.get(reverse("portal:feed"))
    assert response.content.decode().count("<entry>") == rows
    # 1 exemplars, 1 their commendations.
    with django_assert_num_queries(2):
        response = client.get(reverse("portal:export"))
    document = json.loads(response.content)
    assert document["count"] == rows
    assert all(len(e["commendations"]) == 1 for e in document["exemplars"])


def test_the_feed_keeps_to_its_size(client, agency_a, settings):
    for number in range(feeds.FEED_SIZE + 2):
        _published(agency_a, f"Điển Hình {number}", number)
    root = parse(client.get(reverse("portal:feed")).content)
    assert len(root.findall(f"{ATOM}entry")) == feeds.FEED_SIZE
    assert len(json.loads(client.get(reverse("portal:export")).content)["exemplars"]) == feeds.FEED_SIZE + 2


def test_the_portal_list_announces_the_feed_and_the_export(client, exemplars):
    html = client.get(reverse("portal:list")).content.decode()
    assert f'<link rel="alternate" type="application/atom+xml" href="{reverse("portal:feed")}"' in html
    assert f'href="{reverse("portal:export")}"' in html
    assert "cho các cổng thông tin khác" in html
