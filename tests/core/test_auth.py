"""Signing in: no open redirect, a new session on login, throttling on every login form."""

import pytest
from django.conf import settings
from django.urls import reverse

pytestmark = pytest.mark.django_db

PASSWORD = "password-for-tests"
HOSTILE_NEXT = [
    "https://evil.example/",
    "//evil.example/",
    "/\\evil.example/",
    "\\\\evil.example",
    "https:evil.example",
    "javascript:alert(1)",
    " https://evil.example/",
]


@pytest.mark.parametrize("target", HOSTILE_NEXT)
def test_login_never_redirects_off_site(client, clerk_a, target):
    response = client.post(reverse("login"), {"username": "clerk_a", "password": PASSWORD, "next": target})
    assert response.status_code == 302
    assert response["Location"] == reverse("home")


def test_login_follows_a_local_next(client, clerk_a):
    target = reverse("reports:my_reports")
    response = client.post(reverse("login"), {"username": "clerk_a", "password": PASSWORD, "next": target})
    assert response["Location"] == target


@pytest.mark.parametrize("target", HOSTILE_NEXT)
def test_language_switch_never_redirects_off_site(client, target):
    response = client.post(reverse("set_language"), {"language": "en", "next": target})
    assert response.status_code == 302
    assert "evil" not in response["Location"]
    assert not response["Location"].lower().startswith("javascript")


def test_login_gives_a_new_session(client, clerk_a):
    """Session fixation: the session key an anonymous visitor had is not the signed-in one."""
    session = client.session
    session["planted"] = "x"
    session.save()
    before = session.session_key
    client.post(reverse("login"), {"username": "clerk_a", "password": PASSWORD})
    assert client.session.session_key != before
    assert "_auth_user_id" in client.session


def test_logout_ends_the_session(client, clerk_a):
    client.post(reverse("login"), {"username": "clerk_a", "password": PASSWORD})
    client.post(reverse("logout"))
    assert "_auth_user_id" not in client.session
    assert client.get(reverse("home"))["Location"].startswith(reverse("login"))


def test_the_admin_login_is_throttled_too(client, officer):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post(reverse("admin:login"), {"username": "officer", "password": "wrong"})
    response = client.post(reverse("admin:login"), {"username": "officer", "password": PASSWORD})
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session


def test_a_lockout_on_one_login_form_holds_on_the_other(client, officer):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post(reverse("login"), {"username": "officer", "password": "wrong"})
    response = client.post(reverse("admin:login"), {"username": "officer", "password": PASSWORD})
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session


def test_failed_logins_are_recorded_through_the_project_backend(client, clerk_a):
    from axes.models import AccessAttempt

    client.post(reverse("login"), {"username": "clerk_a", "password": "wrong"})
    attempt = AccessAttempt.objects.get(username="clerk_a")
    assert attempt.failures_since_start == 1
    assert "agencies.backends.AgencyModelBackend" in settings.AUTHENTICATION_BACKENDS
    assert settings.AUTHENTICATION_BACKENDS[0] == "axes.backends.AxesStandaloneBackend"


def test_an_inactive_user_cannot_sign_in(client, clerk_a):
    clerk_a.is_active = False
    clerk_a.save(update_fields=["is_active"])
    client.post(reverse("login"), {"username": "clerk_a", "password": PASSWORD})
    assert "_auth_user_id" not in client.session


def test_a_deactivated_users_open_session_stops_working(client, clerk_a):
    client.force_login(clerk_a)
    clerk_a.is_active = False
    clerk_a.save(update_fields=["is_active"])
    response = client.get(reverse("reports:my_reports"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_a_forged_forwarded_for_header_does_not_reset_the_count(client, clerk_a):
    """Lockout is by user name and address; the address is the connection's, not a header the client sets."""
    for n in range(settings.AXES_FAILURE_LIMIT):
        client.post(
            reverse("login"), {"username": "clerk_a", "password": "wrong"}, HTTP_X_FORWARDED_FOR=f"203.0.113.{n}"
        )
    response = client.post(
        reverse("login"), {"username": "clerk_a", "password": PASSWORD}, HTTP_X_FORWARDED_FOR="198.51.100.7"
    )
    assert response.status_code == 429


def test_signing_out_asks_the_browser_to_clear_what_it_keeps(client, clerk_a):
    """Offline copies of report forms and unsent drafts do not outlive the session (issue 18 §4)."""
    client.force_login(clerk_a)
    response = client.post("/accounts/logout/")
    assert response.status_code == 302
    assert response["Clear-Site-Data"] == '"cache", "storage"'
    assert "_auth_user_id" not in client.session
