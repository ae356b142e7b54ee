"""The 403 and 404 pages say what happened in plain Vietnamese and offer the way home."""

from django.urls import reverse


def test_forbidden_page_says_the_account_lacks_the_right(client, clerk_a):
    client.force_login(clerk_a)
    response = client.get(reverse("reports:inbox"))
    html = response.content.decode()
    assert response.status_code == 403
    assert "Tài khoản không có quyền truy cập trang này." in html
    assert f'href="{reverse("home")}"' in html


def test_not_found_page_offers_the_way_home(client, clerk_a):
    client.force_login(clerk_a)
    response = client.get("/khong-co-trang-nay/")
    assert response.status_code == 404
    assert "Trang cần truy cập không tồn tại hoặc đã được chuyển đi." in response.content.decode()
