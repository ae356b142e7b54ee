"""The admin's user list (names, e-mails, roles, last logins) is the administrator's alone."""

from django.urls import reverse

from honourees import services as honouree_services
from tests.honourees.factories import HonoureeFactory


def test_the_emulation_officer_cannot_read_the_user_list(client, officer, clerk_a):
    client.force_login(officer)
    assert client.get(reverse("admin:agencies_user_changelist")).status_code == 403
    assert client.get(reverse("admin:agencies_user_change", args=[clerk_a.pk])).status_code == 403
    index = client.get(reverse("admin:index")).content.decode()
    assert reverse("admin:agencies_user_changelist") not in index
    assert "clerk_a@example.vn" not in index
    # What the officer runs is still there.
    assert reverse("admin:agencies_agency_changelist") in index


def test_the_administrator_reads_the_user_list(client, admin_user, clerk_a):
    client.force_login(admin_user)
    response = client.get(reverse("admin:agencies_user_changelist"))
    assert response.status_code == 200
    assert clerk_a.email in response.content.decode()


def test_the_officer_sees_who_acted_on_an_honouree_without_links_to_accounts(client, officer, clerk_a):
    honouree = HonoureeFactory(proposed_by=clerk_a)
    honouree_services.honouree_verify(honouree=honouree, user=officer)
    client.force_login(officer)
    response = client.get(reverse("admin:honourees_honouree_change", args=[honouree.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    assert clerk_a.get_full_name() in html  # who proposed it
    assert officer.get_full_name() in html  # who verified it, in the events
    assert "/admin/agencies/user/" not in html
