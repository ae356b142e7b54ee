"""The agency directory on a phone keeps the name and kind; unit, bloc and frequency step aside."""

from django.urls import reverse


def test_directory_columns_for_small_screens(client, clerk_a, agency_b):
    client.force_login(clerk_a)
    html = client.get(reverse("agencies:agency_list")).content.decode()
    rows = 2  # agency_a and agency_b, plus the header row
    assert html.count("d-none d-sm-table-cell") == rows + 1  # administrative unit
    assert html.count("d-none d-md-table-cell") == 2 * (rows + 1)  # emulation bloc, reporting frequency
