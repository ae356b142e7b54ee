"""The compile page of a period: the document-number field and the period's name as the reviewer reads them."""

import pytest
from django.urls import reverse

from province import compilation
from tests.province.compiled_data import make_province, period


@pytest.fixture
def done(db, reviewer, django_capture_on_commit_callbacks):
    make_province()
    with django_capture_on_commit_callbacks(execute=True):
        compiled = compilation.compiled_report_request(
            period=period("2024-Q2"), user=reviewer, signer_name="Nguyễn Văn A"
        )
    compiled.refresh_from_db()
    return compiled


def test_number_field_shows_the_symbol_that_is_added(client, reviewer, done):
    client.force_login(reviewer)
    html = client.get(reverse("compiled:period", args=["2024-Q2"])).content.decode()
    assert f'<span class="input-group-text" id="number-suffix-{done.pk}">/BC-STTTT</span>' in html
    assert f'aria-describedby="number-suffix-{done.pk}"' in html


def test_compile_page_names_the_period_in_the_interface_language(client, reviewer, done):
    client.force_login(reviewer)
    assert "Báo cáo của tỉnh · Quý II/2024" in client.get(reverse("compiled:period", args=["2024-Q2"])).content.decode()
    client.cookies["django_language"] = "en"
    html = client.get(reverse("compiled:period", args=["2024-Q2"])).content.decode()
    assert "Province report · Quarter II/2024" in html
