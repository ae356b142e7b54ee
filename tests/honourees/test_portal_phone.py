"""The public portal page of an honouree on a phone (390 × 844), in Chromium."""

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_without_a_photo_the_name_is_in_the_first_screen(page, live_server, published):
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"{live_server.url}/guong-dien-hinh/{published.slug}/")
    heading = page.get_by_role("heading", name="Vàng Seo Chứ")
    box = heading.bounding_box()
    assert box["y"] + box["height"] < 844 / 2  # the name and the story start high, not under a tall empty box
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
