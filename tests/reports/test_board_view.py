"""The completeness board page as a reviewer reads it."""

from django.urls import reverse


def test_board_legend_explains_the_dash_of_an_inactive_agency(client, reviewer, period):
    client.force_login(reviewer)
    html = client.get(reverse("reports:board")).content.decode()
    assert "không phải báo cáo: cơ quan, đơn vị không hoạt động trong kỳ đó" in html


def test_each_cell_is_a_class_and_a_short_code_explained_by_the_legend(client, reviewer, period):
    from django.utils import timezone

    from tests.factories import AgencyFactory
    from tests.reports.factories import ReportFactory

    agency = AgencyFactory(code="BRD-1", name="Cơ quan bảng", report_frequency="quarter")
    ReportFactory(agency=agency, period=period, status="submitted", submitted_at=timezone.now())
    client.force_login(reviewer)
    html = client.get(reverse("reports:board"), {"year": period.year, "frequency": "quarter"}).content.decode()
    row = html.split("Cơ quan bảng")[1].split("</tr>")[0]
    assert '<td class="bc-on-time" data-state="on_time" title="đúng hạn">ĐH</td>' in row
    assert "badge" not in row
    legend = html.split('data-testid="board-legend"')[1].split("</p>")[0]
    for code, meaning in (("ĐH", "đúng hạn"), ("CH", "chậm"), ("CG", "chưa gửi"), ("CĐ", "chưa đến hạn")):
        assert f"{code}</span> {meaning}" in legend
    assert "reports/board.css" in html


def test_the_short_codes_follow_the_interface_language(client, reviewer, period):
    from django.conf import settings

    client.force_login(reviewer)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    html = client.get(reverse("reports:board")).content.decode()
    legend = html.split('data-testid="board-legend"')[1].split("</p>")[0]
    assert "OT</span> on time" in legend
    assert "NS</span> not submitted" in legend


def test_agencies_are_shown_fifty_to_a_page_with_the_rates_over_all_of_them(client, reviewer, period):
    from django.utils import timezone

    from reports.selectors import BOARD_PAGE_SIZE
    from tests.factories import AgencyFactory
    from tests.reports.factories import ReportFactory

    for i in range(BOARD_PAGE_SIZE + 9):
        agency = AgencyFactory(code=f"PG-{i:03d}", name=f"Cơ quan {i:03d}", report_frequency="quarter")
        if i % 3 == 0:
            ReportFactory(agency=agency, period=period, status="submitted", submitted_at=timezone.now())
    client.force_login(reviewer)
    params = {"year": period.year, "frequency": "quarter"}
    first = client.get(reverse("reports:board"), params)
    second = client.get(reverse("reports:board"), {**params, "page": 2})
    total = BOARD_PAGE_SIZE + 9 + 1  # and the reviewer's own department
    assert len(first.context["page"].object_list) == BOARD_PAGE_SIZE
    assert len(second.context["page"].object_list) == total - BOARD_PAGE_SIZE
    first_html, second_html = first.content.decode(), second.content.decode()
    assert first_html.count('<tr><th scope="row"') == BOARD_PAGE_SIZE
    # The pager keeps the filters; the rates do not change with the page.
    assert f"?year={period.year}&amp;frequency=quarter&amp;page=2" in first_html

    def rates(html):
        return html.split("<tfoot")[1].split("</tfoot>")[0]

    assert rates(first_html) == rates(second_html)
    assert first.context["board"].rates[0].received == 20
    assert f"toàn bộ {total} cơ quan, đơn vị" in first_html


def test_the_filter_selects_show_what_the_board_shows(client, reviewer, period):
    client.force_login(reviewer)
    html = client.get(
        reverse("reports:board"), {"year": period.year, "frequency": "month", "kind": "press", "unit": ""}
    ).content.decode()
    assert f'<option value="{period.year}" selected>{period.year}</option>' in html
    assert '<option value="month" selected>' in html
    assert '<option value="press" selected>' in html
    assert '<option value="" selected>Tất cả đơn vị</option>' in html
    assert html.count(" selected>") == 4
