"""The dashboard's agency × theme heat map at scale (sort, filters, totals, export, partial reporters) and its
period picker, on the hand-computed province of ``compiled_data``.

2024-Q2's items per theme (the primary metrics): A 40 / 12 / 0 (52), B 5 / 0 / 3 (8), C 0 / 6 / 0 (6); D, E, F
and the reviewer's own department none. Names fold to "a bao lao cai", "b ubnd huyen bat xat", "c ubnd xa pha
long", "d so y te", "e hoi nong dan", "f tap chi fansipang", "so thong tin va truyen thong (thu)".
"""

import datetime
import io

import openpyxl
import pytest
from django.urls import reverse

from agencies.models import Agency
from province import dashboard
from reports.models import ReportingPeriod
from tests.factories import AgencyFactory
from tests.province.compiled_data import add_agencies_with_reports, make_province

URL = reverse("compiled:dashboard")
EXPORT = reverse("compiled:heat_export")
# Cold, in a process that has kept no reference data: session, user, roles; the picker's periods (the token, the
# periods, the token again); data stamp (1); the dashboard's reads but the periods, kept; the savepoint (2).
COLD = 3 + 3 + 1 + dashboard.QUERY_COUNT - 1 + 2
# Warm: session, user, roles; the picker's periods (the token: they are kept); data stamp.
WARM = 3 + 1 + 1


@pytest.fixture
def province(db):
    return make_province()


def _names(view):
    return [row["name"][0] if row["name"][1] == " " else row["name"] for row in view["rows"]]


def _view(period_code="2024-Q2", **params):
    data = dashboard.dashboard(ReportingPeriod.objects.get(code=period_code))
    return dashboard.heat_view(data, dashboard.HeatQuery.of(params))


REVIEWERS = "Sở Thông tin và Truyền thông (thử)"


@pytest.mark.parametrize(
    ("params", "names"),
    [
        ({}, ["A", "B", "C", "D", "E", "F", REVIEWERS]),  # largest total first, then by name
        ({"sort": "name"}, ["A", "B", "C", "D", "E", "F", REVIEWERS]),
        ({"sort": "ND3"}, ["B", "A", "C", "D", "E", "F", REVIEWERS]),
        ({"sort": "ND2"}, ["A", "C", "B", "D", "E", "F", REVIEWERS]),
        ({"sort": "no-such-column"}, ["A", "B", "C", "D", "E", "F", REVIEWERS]),
        ({"kind": "press"}, ["A", "F"]),
        ({"unit": "Huyện Bát Xát (thử)"}, ["B"]),
        ({"q": "bao lao"}, ["A"]),
        ({"q": "LAO  Báo"}, ["A"]),  # every word, any order, diacritics and case ignored
        ({"q": "ubnd"}, ["B", "C"]),
        ({"q": "bao xat"}, []),
        ({"q": "ubnd", "sort": "name", "kind": "district_committee"}, ["B", "C"]),
    ],
)
def test_the_heat_map_is_sorted_and_filtered(province, reviewer, params, names):
    assert _names(_view(**params)) == names


def test_the_totals_are_those_of_the_rows_shown(province, reviewer):
    everything = _view()
    assert [row["total"] for row in everything["rows"][:3]] == [52, 8, 6]
    assert (everything["totals"], everything["total"], everything["count"]) == ([45, 18, 3], 66, 7)
    press = _view(kind="press")
    assert (press["totals"], press["total"], press["matched"], press["count"]) == ([40, 12, 0], 52, 2, 7)
    nothing = _view(q="bao xat")
    assert (nothing["totals"], nothing["total"]) == ([0, 0, 0], 0)


def test_an_agency_that_sent_some_of_the_periods_owed_is_partial(province, reviewer):
    # 2024-H1: quarters Q1 and Q2, months M01–M06. A sent both quarters on time; B only Q2 (late); C three of its
    # six months; E's Q2 (returned) and F's Q2 (submitted) are sent; D and the reviewer's department sent none.
    rows = {row["name"]: row for row in _view("2024-H1")["rows"]}
    seen = {name[0] if name[1] == " " else name: (r["status"], r["sent"], r["owed"]) for name, r in rows.items()}
    assert seen == {
        "A": ("on_time", 2, 2),
        "B": ("partial", 1, 2),
        "C": ("partial", 3, 6),
        "D": ("missing", 0, 2),
        "E": ("partial", 1, 2),
        "F": ("partial", 1, 2),
        REVIEWERS: ("missing", 0, 2),
    }


def test_the_page_shows_links_totals_badges_and_keeps_the_filters(client, reviewer, province):
    client.force_login(reviewer)
    html = client.get(URL, {"period": "2024-H1", "sort": "name", "q": "ubnd"}).content.decode()
    assert "Đang hiển thị 2/7 cơ quan, đơn vị" in html
    assert (
        '<a href="/agencies/T-B/">B UBND huyện Bát Xát</a> <span class="badge text-bg-info">chưa đủ: đã gửi 1/2' in html
    )
    assert (
        '<a href="/agencies/T-C/">C UBND xã Pha Long</a> <span class="badge text-bg-info">chưa đủ: đã gửi 3/6' in html
    )
    assert "T-A" not in html.split('data-testid="heatmap"')[1]
    # The totals row: B's ND1 5 and ND3 3, C's ND2 6.
    assert (
        '<tr class="heat-totals"><th scope="row">Tổng các cơ quan, đơn vị đang hiển thị</th><td class="text-center">5'
        '</td><td class="text-center">6</td><td class="text-center">3</td><td class="text-end">14</td></tr>'
    ) in html
    # The sort links and the export keep the filters; the form shows them.
    assert 'href="?period=2024-H1&amp;q=ubnd&amp;sort=ND3#heatmap"' in html
    assert f'href="{EXPORT}?period=2024-H1&amp;sort=name&amp;q=ubnd"' in html
    assert 'name="q" id="heat-q" value="ubnd"' in html
    assert '<option value="name" selected>Theo tên</option>' in html
    assert '<th scope="col" class="heat-corner" aria-sort="ascending">' in html
    html = client.get(URL, {"period": "2024-H1"}).content.decode()
    assert "Đang hiển thị 7/7 cơ quan, đơn vị" in html
    assert '<a href="/agencies/T-D/">D Sở Y tế</a> <span class="badge text-bg-danger">chưa báo cáo</span>' in html


@pytest.mark.parametrize("extra", [1, 40])
def test_filtered_page_and_export_run_a_fixed_number_of_queries(
    client, reviewer, province, extra, django_assert_num_queries
):
    _plan, _agencies, metrics, themes = province
    add_agencies_with_reports(extra, metrics, themes)
    client.force_login(reviewer)
    params = {"period": "2024-Q2", "kind": "department", "sort": "name", "top": "10"}
    with django_assert_num_queries(COLD):
        response = client.get(URL, params)
    html = response.content.decode()
    # Departments: D and the added X agencies (one item each in ND1 and ND2), by name, the first ten.
    assert f"Đang hiển thị {min(10, extra + 1)}/{7 + extra} cơ quan, đơn vị" in html
    assert html.count('<th scope="row" class="fw-normal">') == min(10, extra + 1)
    shown_x = min(9, extra)
    assert f'<td class="text-center">{shown_x}</td><td class="text-center">{shown_x}</td>' in html
    # Other filters of the same data: the figures come from the cache, only the heat map is rendered again.
    with django_assert_num_queries(WARM):
        assert client.get(URL, {"period": "2024-Q2", "q": "x co quan 000"}).status_code == 200
    with django_assert_num_queries(WARM):
        response = client.get(EXPORT, params)
    assert response.status_code == 200
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    assert sheet.max_row == 3 + min(10, extra + 1) + 1


def _rows(response):
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    return [list(row) for row in sheet.iter_rows(values_only=True)]


def test_the_export_is_what_is_shown_and_neutralises_formulas(client, reviewer, province):
    unit = province[1]["A"].unit
    AgencyFactory(code="T-EVIL", name=' =HYPERLINK("http://evil")', kind=Agency.Kind.PRESS, unit=unit)
    client.force_login(reviewer)
    response = client.get(EXPORT, {"period": "2024-Q2", "kind": "press", "sort": "name"})
    assert response["Content-Disposition"] == 'attachment; filename="heatmap-2024-Q2.xlsx"'
    rows = _rows(response)
    assert rows[1] == ["Đang hiển thị 3/8 cơ quan, đơn vị", *[None] * 9]
    assert rows[2] == [
        "Cơ quan, đơn vị",
        "Nhóm cơ quan, đơn vị",
        "Đơn vị hành chính",
        "Trạng thái",
        "Số báo cáo đã gửi",
        "Số báo cáo phải gửi",
        "ND1",
        "ND2",
        "ND3",
        "Tổng",
    ]
    # By name: the formula-like name folds to "=hyperlink…", before "a bao lao cai".
    assert rows[3][:4] == ['\' =HYPERLINK("http://evil")', "Cơ quan báo chí", "Tỉnh Lào Cai (thử)", "chưa báo cáo"]
    assert rows[4] == ["A Báo Lào Cai", "Cơ quan báo chí", "Tỉnh Lào Cai (thử)", "đúng hạn", 1, 1, 40, 12, 0, 52]
    assert rows[5] == ["F Tạp chí Fansipăng", "Cơ quan báo chí", "Tỉnh Lào Cai (thử)", "đúng hạn", 1, 1, 0, 0, 0, 0]
    assert rows[6] == ["Tổng", None, None, None, None, None, 40, 12, 0, 52]
    assert len(rows) == 7


def test_the_export_needs_a_known_period_and_the_dashboard_role(client, reviewer, clerk_a, province):
    client.force_login(reviewer)
    assert client.get(EXPORT, {"period": "1999-Q1"}).status_code == 404
    client.force_login(clerk_a)
    assert client.get(EXPORT, {"period": "2024-Q2"}).status_code == 403


def test_the_picker_groups_the_phases_then_each_year_newest_first(province):
    periods = dashboard.picker_periods(today=datetime.date(2024, 7, 1))
    groups = dashboard.picker_groups(periods)
    by_label = {group.label: [p.code for p in group.periods] for group in groups}
    assert [group.label for group in groups] == [
        *(["Plan phases"] if "Plan phases" in by_label else []),
        "2024",
        "2023",
    ]
    # 2024 up to 1 July: its year, both halves (H2 began on 15 June), three quarters, seven months.
    assert by_label["2024"] == [
        "2024-Y",
        "2024-H2",
        "2024-H1",
        "2024-Q3",
        "2024-Q2",
        "2024-Q1",
        *(f"2024-M{m:02d}" for m in range(7, 0, -1)),
    ]
    assert by_label["2023"][:4] == ["2023-Y", "2023-H2", "2023-H1", "2023-Q4"]
    assert by_label["2023"][-2:] == ["2023-M02", "2023-M01"]
    # The default is the latest quarter whose cut-off has passed, wherever it is in the list.
    assert dashboard.default_period(periods, today=datetime.date(2024, 7, 1)).code == "2024-Q2"


def test_the_page_writes_the_picker_in_groups(client, reviewer, province):
    client.force_login(reviewer)
    html = client.get(URL, {"period": "2024-Q2"}).content.decode()
    picker = html.split('<select name="period"')[1].split("</select>")[0]
    assert '<optgroup label="2024"><option value="2024-Y">Năm 2024 (2024-Y)</option>' in picker
    assert '<option value="2024-Q2" selected>Quý II/2024 (2024-Q2)</option>' in picker
    assert picker.index('label="2024"') < picker.index('label="2023"')


def test_heat_rows_write_each_cell_as_heat_level_and_the_thousands_say(db):
    # The tag writes the shade and the number of each value itself (no call per cell): the same as
    # ``dashboard.heat_level`` and the locale's separator, for every value; names, codes and badges escaped.
    from django.utils import translation

    from province.templatetags.dashboard_tags import _options, heat_rows, unit_rows

    peak = 12_345
    values = [0, 1, 3_086, 3_087, 999, 1_000, 6_172, 9_258, 9_259, 12_345, -1_500]
    rows = [
        {
            "code": "X<1 ?#",
            "name": 'A & "B" <c>',
            "status": "partial",
            "sent": 1,
            "owed": 3,
            "cells": values,
            "total": 1,
        },
        {"code": "X2", "name": "D", "status": "missing", "sent": 0, "owed": 1, "cells": [1_000, 0], "total": 1_000},
        {"code": "X3", "name": "E", "status": "on_time", "sent": 1, "owed": 1, "cells": [999, 999], "total": 12_345},
    ]
    with translation.override("vi"):
        html = heat_rows({"rows": rows}, peak)
        units = unit_rows([{"name": "<Xã>", "agencies": 2, "reported": 1, "items": 12_345}])
        options = _options([("a&b", "<A>"), ("c", translation.gettext_lazy("late"))], "c")
    levels = [dashboard.heat_level(v, peak) for v in values]
    assert levels == [0, 1, 1, 2, 1, 1, 2, 3, 4, 5, 1]  # every shade, and its bounds
    cells = "".join(
        '<td class="text-center heat-0"><span class="visually-hidden">0</span></td>'
        if v == 0
        else f'<td class="text-center heat-{level}">{v:,}</td>'.replace(",", ".")
        for v, level in zip(values, levels, strict=True)
    )
    assert html.startswith(
        '<tr><th scope="row" class="fw-normal"><a href="/agencies/X%3C1%20%3F%23/">A &amp; &quot;B&quot; &lt;c&gt;</a> '
        f'<span class="badge text-bg-info">chưa đủ: đã gửi 1/3</span></th>{cells}'
        '<td class="text-end fw-semibold">1</td></tr>'
    ), html
    assert (
        '<span class="badge text-bg-danger">chưa báo cáo</span></th><td class="text-center heat-1">1.000</td>'
        '<td class="text-center heat-0"><span class="visually-hidden">0</span></td>'
        '<td class="text-end fw-semibold">1.000</td></tr>'
    ) in html
    assert '">E</a></th><td class="text-center heat-1">999</td>' in html
    assert html.endswith('<td class="text-end fw-semibold">12.345</td></tr>')
    assert units == "<tr><td>&lt;Xã&gt;</td><td>2</td><td>1</td><td>12.345</td></tr>"
    assert options == '<option value="a&amp;b">&lt;A&gt;</option><option value="c" selected>chậm</option>'
