"""A form sent without a valid CSRF token gets a page that says what to do, in the interface language."""

import pytest
from django.test import Client
from django.urls import reverse

pytestmark = pytest.mark.django_db


@pytest.fixture
def strict_client():
    return Client(enforce_csrf_checks=True)


def test_a_stale_form_gets_a_vietnamese_page_that_says_to_reload(strict_client, clerk_a):
    strict_client.force_login(clerk_a)
    form_page = "http://testserver" + reverse("honourees:create")
    response = strict_client.post(reverse("honourees:create"), {"name": "x"}, HTTP_REFERER=form_page)
    html = response.content.decode()
    assert response.status_code == 403
    assert "Chưa gửi được biểu mẫu" in html
    assert "Hãy tải lại trang, nhập lại dữ liệu rồi gửi lại." in html
    assert f'href="{form_page}"' in html
    assert "CSRF verification failed" not in html


def test_the_page_is_english_when_the_interface_is(strict_client):
    strict_client.cookies["django_language"] = "en"
    response = strict_client.post(reverse("login"), {"username": "a", "password": "b"})
    html = response.content.decode()
    assert response.status_code == 403
    assert "The form was not accepted" in html
    assert "Reload the page, enter the data again and send it." in html
    assert "CSRF verification failed" not in html


def test_the_way_back_never_leads_to_another_site(strict_client):
    response = strict_client.post(reverse("login"), {"username": "a"}, HTTP_REFERER="https://evil.example/form")
    assert response.status_code == 403
    assert "evil.example" not in response.content.decode()
    assert f'href="{reverse("home")}"' in response.content.decode()
