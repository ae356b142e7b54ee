"""Wording of the agency form in Home Affairs' admin."""

from django.urls import reverse


def test_agency_form_says_reporting_frequency(client, officer, agency_a):
    client.force_login(officer)
    html = client.get(reverse("admin:agencies_agency_change", args=[agency_a.pk])).content.decode()
    assert "Tần suất báo cáo" in html
