"""The log-in page tells a user with a wrong name or password what went wrong, plainly."""

import pytest
from django.urls import reverse


@pytest.mark.django_db
def test_wrong_password_message_is_plain_vietnamese(client, clerk_a):
    response = client.post(reverse("login"), {"username": "clerk_a", "password": "wrong"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "Tên đăng nhập hoặc mật khẩu không đúng. Lưu ý: mật khẩu phân biệt chữ hoa và chữ thường." in html
    assert 'data-testid="login-error"' in html
    assert "<ul" not in html.split('data-testid="login-error"')[1].split("</div>")[0]  # one sentence, no bullet list
    assert 'value="clerk_a"' in html  # the name typed is kept


@pytest.mark.django_db
def test_wrong_password_message_in_english(client, clerk_a):
    client.cookies["django_language"] = "en"
    response = client.post(reverse("login"), {"username": "clerk_a", "password": "wrong"})
    assert "Username or password is incorrect." in response.content.decode()
