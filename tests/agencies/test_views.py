import pytest
from django.urls import reverse

from agencies.models import Agency
from tests.factories import AgencyFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("rows", [1, 40])
def test_agency_directory_runs_a_fixed_number_of_queries(client, clerk_a, django_assert_num_queries, rows):
    agencies = AgencyFactory.create_batch(rows)
    client.force_login(clerk_a)
    # session, user with agency, roles, count of agencies, page of agencies with unit and bloc,
    # count and list of the units offered by the filter
    with django_assert_num_queries(7):
        response = client.get(reverse("agencies:agency_list"))
    assert response.status_code == 200
    html = response.content.decode()
    for agency in agencies:  # every row is there, with its link and name
        assert f'href="{reverse("agencies:agency_detail", args=[agency.code])}"' in html
        assert agency.name in html


def test_directory_filters_by_kind_and_unit(client, plan_data, clerk_a):
    client.force_login(clerk_a)
    html = client.get(reverse("agencies:agency_list"), {"kind": "press"}).content.decode()
    assert 'href="/agencies/BLC/"' in html
    assert 'href="/agencies/SNV/"' not in html
    bat_xat = Agency.objects.get(code="UBND-BATXAT").unit
    html = client.get(reverse("agencies:agency_list"), {"unit": bat_xat.pk}).content.decode()
    assert 'href="/agencies/UBND-BATXAT/"' in html
    assert 'href="/agencies/BLC/"' not in html


def test_directory_search_ignores_diacritics(client, plan_data, clerk_a):
    client.force_login(clerk_a)
    html = client.get(reverse("agencies:agency_list"), {"q": "bat xat"}).content.decode()
    assert "Ủy ban nhân dân huyện Bát Xát" in html
    html = client.get(reverse("agencies:agency_list"), {"q": "LAO CAI"}).content.decode()
    assert "Báo Lào Cai" in html


def test_agency_page_lists_its_duties_by_name_and_by_kind(client, plan_data, clerk_a):
    client.force_login(clerk_a)
    html = client.get(reverse("agencies:agency_detail", args=["STTTT"])).content.decode()
    assert "Theo dõi, tổng hợp kết quả tuyên truyền" in html
    # Sở TT&TT coordinates the duties of Home Affairs and of the departments.
    assert "Phối hợp với Sở Thông tin và Truyền thông" in html
    html = client.get(reverse("agencies:agency_detail", args=["BLC"])).content.decode()
    assert "tăng thời lượng, mở chuyên trang, chuyên mục" in html
    html = client.get(reverse("agencies:agency_detail", args=["UBND-BATXAT"])).content.decode()
    assert "hệ thống thông tin cơ sở" in html


def test_agency_page_runs_a_fixed_number_of_queries(client, plan_data, clerk_a, django_assert_num_queries):
    client.force_login(clerk_a)
    # session, user with agency, roles, agency, current plan, duty groups, their agencies, their duties,
    # coordinated duties
    with django_assert_num_queries(9):
        response = client.get(reverse("agencies:agency_detail", args=["STTTT"]))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Theo dõi, tổng hợp kết quả tuyên truyền" in html  # its own duties
    assert "Phối hợp với Sở Thông tin và Truyền thông" in html  # the duties it coordinates
