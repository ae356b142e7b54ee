"""The completeness board page as a reviewer reads it."""

from django.urls import reverse


def test_board_legend_explains_the_dash_of_an_inactive_agency(client, reviewer, period):
    client.force_login(reviewer)
    html = client.get(reverse("reports:board")).content.decode()
    assert "không phải báo cáo: cơ quan, đơn vị không hoạt động trong kỳ đó" in html
