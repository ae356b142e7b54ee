"""Every page of the foundation against every role, and both languages."""

import pytest
from django.urls import reverse

from agencies import roles as r

pytestmark = pytest.mark.django_db

SIGNED_IN_PAGES = ["home", "campaigns:plan_current", "agencies:agency_list"]


@pytest.mark.parametrize("url_name", SIGNED_IN_PAGES)
def test_anonymous_visitor_is_sent_to_login(client, url_name):
    response = client.get(reverse(url_name))
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


@pytest.mark.parametrize("role", r.ALL_ROLES)
def test_every_role_reads_the_plan_and_the_agency_directory(client, plan_data, every_role, role):
    client.force_login(every_role[role])
    assert client.get(reverse("home")).status_code == 200
    assert client.get(reverse("campaigns:plan_detail", args=[plan_data.code])).status_code == 200
    assert client.get(reverse("agencies:agency_list")).status_code == 200
    assert client.get(reverse("agencies:agency_detail", args=["BLC"])).status_code == 200


@pytest.mark.parametrize(
    ("role", "status"),
    [
        (r.CLERK, 302),
        (r.AGENCY_HEAD, 302),
        (r.REVIEWER, 302),
        (r.LEADERSHIP, 302),
        (r.EMULATION_OFFICER, 200),
        (r.ADMIN, 200),
    ],
)
def test_only_home_affairs_and_admins_open_the_admin(client, every_role, role, status):
    client.force_login(every_role[role])
    response = client.get(reverse("admin:index"))
    assert response.status_code == status


def test_emulation_officer_manages_plans_and_agencies_but_not_users(client, plan_data, officer):
    client.force_login(officer)
    assert client.get(reverse("admin:campaigns_plan_change", args=[plan_data.pk])).status_code == 200
    assert client.get(reverse("admin:agencies_agency_changelist")).status_code == 200
    assert client.get(reverse("admin:agencies_user_changelist")).status_code == 403
    assert client.get(reverse("admin:agencies_user_add")).status_code == 403


def test_navigation_offers_the_admin_only_to_staff(client, clerk_a, officer):
    client.force_login(clerk_a)
    assert reverse("admin:index") not in client.get(reverse("home")).content.decode()
    client.force_login(officer)
    assert reverse("admin:index") in client.get(reverse("home")).content.decode()


def test_interface_is_vietnamese_by_default(client, plan_data, clerk_a):
    client.force_login(clerk_a)
    html = client.get(reverse("campaigns:plan_detail", args=[plan_data.code])).content.decode()
    assert '<html lang="vi">' in html
    assert "Mục đích" in html
    assert "Đăng xuất" in html


def test_interface_switches_to_english(client, plan_data, clerk_a):
    client.force_login(clerk_a)
    response = client.post(reverse("set_language"), {"language": "en", "next": "/"})
    assert response.status_code == 302
    html = client.get(reverse("campaigns:plan_detail", args=[plan_data.code])).content.decode()
    assert '<html lang="en">' in html
    assert "Purposes" in html
    assert "Log out" in html
    # Plan data stays in the plan's language, labels use their English names where the data has them.
    assert "Giàng Thị Dung" in html
    assert "Local press" in html


def test_login_page_renders_in_vietnamese(client):
    html = client.get(reverse("login")).content.decode()
    assert "Đăng nhập" in html


def test_healthz_answers_when_the_database_does(client):
    response = client.get(reverse("healthz"))
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


def test_pages_carry_a_content_security_policy_without_inline_scripts(client, clerk_a):
    client.force_login(clerk_a)
    response = client.get(reverse("home"))
    assert "script-src 'self'" in response.headers["Content-Security-Policy"]
    assert "<script>" not in response.content.decode()


def test_dates_are_shown_day_first(client, plan_data, clerk_a):
    client.force_login(clerk_a)
    html = client.get(reverse("campaigns:plan_detail", args=[plan_data.code])).content.decode()
    assert "03/03/2021" in html
    assert "18/03/2021" in html


def test_browser_language_does_not_override_the_vietnamese_default(client, clerk_a):
    client.force_login(clerk_a)
    html = client.get(reverse("home"), headers={"accept-language": "en-US,en;q=0.9"}).content.decode()
    assert '<html lang="vi">' in html


def test_the_chosen_language_does_not_outlive_its_request(client, clerk_a):
    from django.utils import translation

    client.force_login(clerk_a)
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    assert '<html lang="en">' in client.get(reverse("home")).content.decode()
    assert translation.get_language() == "vi"
