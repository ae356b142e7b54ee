"""The admin's user list (names, e-mails, roles, last logins) is the administrator's alone."""

from django.urls import reverse


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
