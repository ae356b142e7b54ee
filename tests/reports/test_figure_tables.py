"""Figure tables: numbers right-aligned, the text columns (unit, theme) left-aligned."""

import re

from django.urls import reverse


def test_report_page_unit_column_is_left_aligned(client, clerk_a, report_a, metrics):
    client.force_login(clerk_a)
    html = client.get(reverse("reports:report_detail", args=[report_a.pk])).content.decode()
    unit = re.escape(str(metrics[0].unit))
    assert re.search(r'<td class="[^"]*\btext-start\b[^"]*">' + unit + "</td>", html)
    assert re.search(r'<th class="text-start">Đơn vị tính</th>', html)
