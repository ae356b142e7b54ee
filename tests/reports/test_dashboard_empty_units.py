"""The dashboard's district section when no district-level agency reports: a sentence, not an empty chart."""

from django.urls import reverse

from agencies.models import AdministrativeUnit, Agency
from tests.reports.compiled_data import make_province


def test_no_empty_district_chart_when_no_district_agency(client, reviewer, db):
    make_province()
    client.force_login(reviewer)
    html = client.get(reverse("compiled:dashboard") + "?period=2024-Q2").content.decode()
    assert 'data-chart="units"' in html  # with district agencies, the chart is there
    province = AdministrativeUnit.objects.get(level=AdministrativeUnit.Level.PROVINCE)
    Agency.objects.update(unit=province)
    html = client.get(reverse("compiled:dashboard") + "?period=2024-Q2").content.decode()
    assert 'data-chart="units"' not in html
    assert "Trong kỳ không có cơ quan, đơn vị cấp huyện." in html
