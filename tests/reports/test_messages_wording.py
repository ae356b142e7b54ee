"""Wording of the report messages a clerk and a reviewer read (Vietnamese catalogue)."""

from django.urls import reverse

from reports.forms import cell_name


def test_text_in_a_figure_cell_gets_the_plain_message(client, clerk_a, report_a, metrics, themes):
    client.force_login(clerk_a)
    data = {"version": report_a.version, "results": "", "shortcomings": "", "next_tasks": "", "proposals": ""}
    data[cell_name(metrics[0].pk, themes[0].pk)] = "abc"
    html = client.post(reverse("reports:report_edit", args=[report_a.pk]), data).content.decode()
    assert "Nhập số nguyên, chỉ gồm các chữ số." in html


def test_board_filter_with_no_match_names_agencies_and_units(client, reviewer, period):
    client.force_login(reviewer)
    html = client.get(reverse("reports:board") + "?kind=press").content.decode()
    assert "Không có cơ quan, đơn vị nào phù hợp." in html
