"""The dashboard's results per emulation movement and occasion (``reports.attributions``), hand-counted."""

import datetime

import pytest
from django.urls import reverse

from campaigns.models import Movement, Occasion
from province import dashboard
from reports.models import ActivityReport, Attribution, ReportingPeriod
from tests.province.compiled_data import make_province

URL = reverse("compiled:dashboard")


@pytest.fixture
def attributed(db):
    """2024-Q2 (make_province): A 52 articles, B 5 articles and 3 sessions, C 1 + 2 + 3 articles (monthly), E
    returned, F submitted. Attributed: A 30 articles to the new countryside (NTM), B 5 articles to NTM, 2
    sessions to the poor and 1 session to 11/6, C's May 2 articles to NTM; F (not accepted) 7 articles to NTM.

    NTM: 30 + 5 + 2 = 37 articles, by A, B and C (3). The poor: 2 sessions, 1 agency. 11/6: 1 session, 1 agency."""
    plan, agencies, metrics, _themes = make_province()
    ntm = Movement.objects.create(code="nong-thon-moi", name="Cả nước chung sức xây dựng nông thôn mới")
    poor = Movement.objects.create(code="vi-nguoi-ngheo", name="Cả nước chung tay vì người nghèo")
    june = Occasion.objects.create(
        code="thi-dua-ai-quoc-11-6", name="Ngày thi đua ái quốc", starts_on=datetime.date(1948, 6, 11), recurring=True
    )
    articles, sessions = metrics["HT1.articles"], metrics["HT5.sessions"]

    def report(letter, code):
        return ActivityReport.objects.get(agency=agencies[letter], period__code=code)

    for rep, metric, movement, occasion, value in [
        (report("A", "2024-Q2"), articles, ntm, None, 30),
        (report("B", "2024-Q2"), articles, ntm, None, 5),
        (report("B", "2024-Q2"), sessions, poor, None, 2),
        (report("B", "2024-Q2"), sessions, None, june, 1),
        (report("C", "2024-M05"), articles, ntm, None, 2),
        (report("F", "2024-Q2"), articles, ntm, None, 7),
    ]:
        Attribution.objects.create(report=rep, metric=metric, movement=movement, occasion=occasion, value=value)
    return plan


def test_results_per_movement_and_occasion_of_the_accepted_reports(attributed):
    results = dashboard.dashboard(ReportingPeriod.objects.get(code="2024-Q2"))["movements"]
    assert [m.name for m in results.metrics] == ["Số tin, bài", "Số hội nghị"]
    assert [(r.name, r.values, r.items, r.agencies) for r in results.movements] == [
        ("Cả nước chung sức xây dựng nông thôn mới", (37, 0), 37, 3),
        ("Cả nước chung tay vì người nghèo", (0, 2), 2, 1),
    ]
    assert [(r.name, r.values, r.agencies) for r in results.occasions] == [("Ngày thi đua ái quốc", (0, 1), 1)]
    # A quarter with nothing attributed shows none.
    assert not dashboard.dashboard(ReportingPeriod.objects.get(code="2024-Q1"))["movements"]


def test_the_page_shows_the_movement_table(client, reviewer, attributed):
    client.force_login(reviewer)
    response = client.get(URL, {"period": "2024-Q2"})
    assert response.status_code == 200
    html = response.content.decode()
    table = html.split('data-testid="movement-table"')[1].split("</table>")[0]
    assert "Cả nước chung sức xây dựng nông thôn mới" in table
    assert "Báo chí địa phương · Số tin, bài: 37" in table
    assert "<td>37</td><td>3</td>" in table
    occasions = html.split('data-testid="occasion-table"')[1].split("</table>")[0]
    assert "Ngày thi đua ái quốc" in occasions
    assert "<td>1</td><td>1</td>" in occasions


def test_the_snapshot_form_for_the_compiled_report(attributed):
    from reports import attributions

    found = attributions.snapshot(ReportingPeriod.objects.get(code="2024-Q2"))
    assert found["metrics"] == [
        {"channel": "Báo chí địa phương", "name": "Số tin, bài", "unit": "tin, bài"},
        {"channel": "Hội nghị, hội thảo", "name": "Số hội nghị", "unit": "cuộc"},
    ]
    assert found["movements"][0] == {
        "code": "nong-thon-moi",
        "name": "Cả nước chung sức xây dựng nông thôn mới",
        "values": [37, 0],
        "items": 37,
        "agencies": 3,
    }
    assert found["occasions"] == [
        {"code": "thi-dua-ai-quoc-11-6", "name": "Ngày thi đua ái quốc", "values": [0, 1], "items": 1, "agencies": 1}
    ]
    assert attributions.snapshot(ReportingPeriod.objects.get(code="2024-Q1")) is None
