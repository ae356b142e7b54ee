"""Honourees' private fields (date of birth, phone, ID number) reach only the officer and the proposing agency.

Every GET page and download of the URL access matrix is read by the users
who may not see them (anonymous visitors, another agency's clerk, reviewers,
leadership) and searched for the private values in any spelling. Which field
is private is decided once, by ``Honouree.PUBLIC_FIELDS`` / ``PRIVATE_FIELDS`` /
``STAFF_FIELDS``; the tests below make every field take a side.
"""

import io
import zipfile

import pytest
from django.urls import reverse

from honourees.models import Honouree
from honourees.resources import HonoureeSummaryResource
from honourees.selectors import STAFF_LIST_FIELDS, portal_queryset
from tests.core.test_url_access import ANONYMOUS, URLS
from tests.honourees.factories import PRIVATE_DATA, HonoureeFactory
from tests.honourees.privacy import PRIVATE_VALUES

OUTSIDERS = [ANONYMOUS, "clerk_b", "reviewer", "leader"]

PAGES = [(name, i) for name, accesses in URLS.items() for i, a in enumerate(accesses) if a.method == "get"]


def _body(response):
    if response.streaming:
        return b"".join(response.streaming_content)
    return response.content


@pytest.mark.parametrize(("name", "index"), PAGES, ids=[f"{n}[{i}]" for n, i in PAGES])
def test_private_fields_never_reach_outsiders(client, world, name, index):
    access = URLS[name][index]
    url = reverse(name, args=access.args(world) if access.args else None)
    for role in OUTSIDERS:
        client.logout()
        if role != ANONYMOUS:
            client.force_login(world["users"][role])
        response = client.get(url, follow=True)
        body = _body(response)
        if zipfile.is_zipfile(io.BytesIO(body)):  # a workbook or a document: search its unpacked parts
            with zipfile.ZipFile(io.BytesIO(body)) as archive:
                body = b"".join(archive.read(n) for n in archive.namelist())
        text = body.decode("utf-8", errors="replace")
        for value in PRIVATE_VALUES:
            assert value not in text, (role, url, value)


def test_the_search_is_no_oracle_for_private_fields(client, world):
    """Searching the register or the portal by a phone or ID number finds nobody."""
    client.force_login(world["users"]["leader"])
    assert "Nguyễn Văn Điển" in client.get(reverse("honourees:list")).content.decode()
    for value in ("0912345678", "010071004321", "0912"):
        html = client.get(reverse("honourees:list"), {"q": value}).content.decode()
        assert "Nguyễn Văn Điển" not in html
        client.logout()
        html = client.get(reverse("portal:list"), {"q": value}).content.decode()
        assert "Nguyễn Văn Điển" not in html
        client.force_login(world["users"]["leader"])


def test_every_honouree_field_is_public_private_or_staff():
    """A new field fails here until it is put in one list: who may read it is decided, not left to chance."""
    listed = [*Honouree.PUBLIC_FIELDS, *Honouree.PRIVATE_FIELDS, *Honouree.STAFF_FIELDS]
    assert len(listed) == len(set(listed)), "a field is in two lists"
    assert set(listed) == {field.name for field in Honouree._meta.concrete_fields}


@pytest.mark.django_db
def test_the_tests_search_for_every_private_field():
    """Each private field has a factory value the page searches above look for, so a leak of a new one fails."""
    assert set(PRIVATE_DATA) == set(Honouree.PRIVATE_FIELDS)
    honouree = Honouree.objects.get(pk=HonoureeFactory().pk)
    for name in Honouree.PRIVATE_FIELDS:
        value = getattr(honouree, name)
        assert value, name
        assert value == PRIVATE_DATA[name]
        assert str(value) in PRIVATE_VALUES or value.strftime("%d/%m/%Y") in PRIVATE_VALUES


def test_what_outsiders_read_names_no_private_field():
    """The portal's columns, the leadership export and the staff list rows are built without a private field."""
    private = set(Honouree.PRIVATE_FIELDS)
    assert not private & set(Honouree.PUBLIC_FIELDS)
    loaded, deferred = portal_queryset().query.deferred_loading
    assert deferred is False  # only(): the listed fields and nothing else
    assert {name for name in loaded if "__" not in name} == set(Honouree.PUBLIC_FIELDS)
    summary = {field.attribute.split("__")[0] for field in HonoureeSummaryResource.fields.values()}
    assert summary <= {*Honouree.PUBLIC_FIELDS, *Honouree.STAFF_FIELDS}
    assert not private & summary
    assert not private & {name.split("__")[0] for name in STAFF_LIST_FIELDS}
