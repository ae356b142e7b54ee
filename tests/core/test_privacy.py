"""Honourees' private fields (date of birth, phone, ID number) reach only the officer and the proposing agency.

Every GET page and download of the URL access matrix is read by the users
who may not see them (anonymous visitors, another agency's clerk, reviewers,
leadership) and searched for the private values in any spelling.
"""

import io
import zipfile

import pytest
from django.urls import reverse

from tests.core.test_url_access import ANONYMOUS, URLS

PRIVATE_VALUES = ("1971-04-23", "23/04/1971", "23-04-1971", "0912 345 678", "0912345678", "010071004321")
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
