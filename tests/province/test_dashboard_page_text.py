"""What the province dashboard says: period labels in the interface language, no empty district chart."""

from django.urls import reverse

from agencies.models import AdministrativeUnit, Agency
from tests.province.compiled_data import make_province


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


def test_period_labels_follow_the_interface_language(client, reviewer, db):
    make_province()
    client.force_login(reviewer)
    html = client.get(reverse("compiled:dashboard") + "?period=2024-Q2").content.decode()
    assert "Quý II/2024 · " in html
    assert "Quý II năm 2024" not in html
    assert "Quý I năm 2024" not in html
    client.cookies["django_language"] = "en"
    html = client.get(reverse("compiled:dashboard") + "?period=2024-Q2").content.decode()
    assert "Quarter II/2024 · " in html
    assert "Quý" not in html


def test_district_table_heads_its_units_as_administrative_units_not_units_of_measure(client, reviewer, db):
    make_province()
    client.force_login(reviewer)
    html = client.get(reverse("compiled:dashboard") + "?period=2024-Q2").content.decode()
    table = html.split('data-testid="unit-table"')[1].split("</thead>")[0]
    assert "<th>Đơn vị hành chính</th>" in table
    assert "Đơn vị tính" not in table
    # The grid of the channel table keeps its unit of measure.
    assert "Đơn vị tính" in html.split('data-testid="channel-table"')[1].split("</thead>")[0]
