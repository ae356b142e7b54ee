"""Every staff URL of the register against every role, and the public portal for everyone."""

import pytest
from django.urls import reverse

from honourees.models import Honouree
from tests.honourees.factories import HonoureeFactory

pytestmark = pytest.mark.django_db

ROLES = ["anonymous", "clerk_a", "head_a", "clerk_b", "reviewer", "officer", "leader", "admin_user"]
LOGIN = "login"  # anonymous users are sent to the log-in page

# url name → expected status per role, for a proposal of agency A.
GET_MATRIX = {
    "honourees:list": [LOGIN, 200, 200, 200, 200, 200, 200, 200],
    "honourees:detail": [LOGIN, 200, 200, 404, 200, 200, 200, 200],
    "honourees:create": [LOGIN, 200, 200, 200, 403, 200, 403, 200],
    "honourees:edit": [LOGIN, 200, 200, 404, 403, 200, 403, 200],
    "honourees:export": [LOGIN, 403, 403, 403, 200, 200, 200, 200],
    "honourees:commendation_add": [LOGIN, 403, 403, 404, 403, 200, 403, 200],
    "portal:list": [200] * 8,
    "admin:honourees_honouree_changelist": [LOGIN, LOGIN, LOGIN, LOGIN, LOGIN, 200, LOGIN, 200],
    "admin:honourees_honouree_import": [LOGIN, LOGIN, LOGIN, LOGIN, LOGIN, 200, LOGIN, 200],
}
NEEDS_PK = {"honourees:detail", "honourees:edit", "honourees:commendation_add"}


@pytest.fixture
def users(request):
    return {name: None if name == "anonymous" else request.getfixturevalue(name) for name in ROLES}


def _check(response, expected):
    if expected == LOGIN:
        assert response.status_code == 302
        assert "login" in response["Location"]
    else:
        assert response.status_code == expected


@pytest.mark.parametrize("url_name", GET_MATRIX)
def test_get_pages_by_role(client, users, proposal_a, url_name):
    url = reverse(url_name, args=[proposal_a.pk] if url_name in NEEDS_PK else [])
    for role, expected in zip(ROLES, GET_MATRIX[url_name], strict=True):
        client.logout()
        if users[role] is not None:
            client.force_login(users[role])
        _check(client.get(url), expected)


# step → expected status per role on a proposal of agency A (302 = done, back to the page).
STEP_MATRIX = {
    "verify": [LOGIN, 403, 403, 404, 403, 302, 403, 302],
    "request_info": [LOGIN, 403, 403, 404, 403, 302, 403, 302],
    "reject": [LOGIN, 403, 403, 404, 403, 302, 403, 302],
}


@pytest.mark.parametrize("step", STEP_MATRIX)
def test_officer_steps_by_role(client, users, agency_a, step):
    for role, expected in zip(ROLES, STEP_MATRIX[step], strict=True):
        honouree = HonoureeFactory(proposing_agency=agency_a, status=Honouree.Status.PROPOSED)
        client.logout()
        if users[role] is not None:
            client.force_login(users[role])
        response = client.post(reverse("honourees:step", args=[honouree.pk, step]), {"reason": "Lý do"})
        _check(response, expected)
        honouree.refresh_from_db()
        assert (honouree.status != Honouree.Status.PROPOSED) == (expected == 302), role


def test_publish_by_role(client, users, agency_a):
    for role in ROLES:
        honouree = HonoureeFactory(proposing_agency=agency_a, status=Honouree.Status.VERIFIED)
        client.logout()
        if users[role] is not None:
            client.force_login(users[role])
        client.post(reverse("honourees:step", args=[honouree.pk, "publish"]))
        honouree.refresh_from_db()
        assert (honouree.status == Honouree.Status.PUBLISHED) == (role in {"officer", "admin_user"}), role


def test_steps_are_post_only(client, officer, proposal_a):
    client.force_login(officer)
    assert client.get(reverse("honourees:step", args=[proposal_a.pk, "verify"])).status_code == 405


def test_unknown_step_is_404(client, officer, proposal_a):
    client.force_login(officer)
    assert client.post(reverse("honourees:step", args=[proposal_a.pk, "delete"])).status_code == 404


def test_clerk_list_shows_only_their_agency(client, clerk_a, proposal_a, proposal_b):
    client.force_login(clerk_a)
    content = client.get(reverse("honourees:list")).content.decode()
    assert proposal_a.name in content
    assert proposal_b.name not in content


def test_unpublished_honourees_are_not_reachable_on_the_portal(client, agency_a):
    for status in (Honouree.Status.PROPOSED, Honouree.Status.VERIFIED, Honouree.Status.REJECTED):
        h = HonoureeFactory(proposing_agency=agency_a, status=status, name=f"Người {status}")
        assert client.get(reverse("portal:detail", args=[h.slug])).status_code == 404
        assert client.get(reverse("portal:photo", args=[h.slug])).status_code == 404
        assert h.name not in client.get(reverse("portal:list")).content.decode()
