"""The compiled report across the 2025 reorganisation, end to end on the repository's data (issue 14's tests):
a 2024-Q2 report is Sở Thông tin và Truyền thông's; a 2025-Q4 report (15/09 → 14/12/2025) is its successor's
for duty III.1, and its "not submitted" list names the commune-level committees, not the districts.

Hand-computed: in 2025-Q4 the 99 commune committees owe a quarterly report; only Phường Lào Cai's committee
sends one (accepted), so 98 of them are "not submitted"; no district committee exists any more.
"""

import datetime
import io

import docx
import pytest
from django.core.files.storage import default_storage

from agencies.models import Agency
from campaigns.models import Metric, Theme
from province import aggregation, compilation
from reports import services
from tests.province.compiled_data import add_report, period


def _compile(capture, reviewer, code):
    with capture(execute=True):
        compiled = compilation.compiled_report_request(period=period(code), user=reviewer)
    compiled.refresh_from_db()
    return compiled


def _text(compiled):
    document = docx.Document(io.BytesIO(default_storage.open(compiled.docx.name).read()))
    cells = [p.text for t in document.tables for c in t._cells for p in c.paragraphs]
    return "\n".join([*cells, *(p.text for p in document.paragraphs)])


@pytest.fixture
def q4_2025(plan_data):
    lao_cai = Agency.objects.get(name="Ủy ban nhân dân phường Lào Cai")
    add_report(lao_cai, "2025-Q4", "accepted", datetime.date(2025, 12, 15), {}, {}, {})


def test_a_2024_q2_report_is_headed_by_the_information_department(
    plan_data, reviewer, django_capture_on_commit_callbacks
):
    compiled = _compile(django_capture_on_commit_callbacks, reviewer, "2024-Q2")
    assert compiled.snapshot["issuer"]["code"] == "STTTT"
    text = _text(compiled)
    assert "SỞ THÔNG TIN VÀ TRUYỀN THÔNG" in text
    assert "SỞ VĂN HÓA, THỂ THAO VÀ DU LỊCH" not in text
    missing = {a["name"] for a in compiled.full_snapshot()["agencies"] if a["expected"] and a["status"] == "missing"}
    assert "Ủy ban nhân dân huyện Bát Xát" in missing  # the districts owed 2024's reports
    assert not any(name.startswith("Ủy ban nhân dân xã ") for name in missing)


def test_a_2025_q4_report_is_the_successors_and_lists_the_communes_not_submitted(
    q4_2025, reviewer, django_capture_on_commit_callbacks
):
    compiled = _compile(django_capture_on_commit_callbacks, reviewer, "2025-Q4")
    snapshot = compiled.full_snapshot()
    assert snapshot["issuer"]["code"] == "SVHTTDL"
    kinds = {k["kind"]: (k["expected"], k["reported"]) for k in snapshot["agency_kinds"]}
    assert kinds["commune_committee"] == (99, 1)
    assert "district_committee" not in kinds
    missing = [a for a in snapshot["agencies"] if a["expected"] and a["status"] == "missing"]
    communes = [a["name"] for a in missing if a["kind"] == "commune_committee"]
    assert len(communes) == 98
    assert {"Ủy ban nhân dân xã Mù Cang Chải", "Ủy ban nhân dân phường Âu Lâu"} <= set(communes)
    assert "Ủy ban nhân dân phường Lào Cai" not in communes
    assert not any(a["kind"] == "district_committee" for a in snapshot["agencies"])
    assert snapshot["local_level"] == {"level": "commune", "label": "cấp xã"}

    text = _text(compiled)
    assert "SỞ VĂN HÓA, THỂ THAO VÀ DU LỊCH" in text
    assert "SỞ THÔNG TIN VÀ TRUYỀN THÔNG" not in text
    assert "Ủy ban nhân dân xã Mù Cang Chải" in text
    assert "Ủy ban nhân dân phường Âu Lâu" in text
    assert "Ủy ban nhân dân huyện" not in text


def test_a_2025_q1_figure_of_the_information_department_is_on_its_successors_line(plan_data):
    # Sở Thông tin và Truyền thông (ended 28/02/2025) reports 12 items of the plan's first primary metric for
    # 2025-Q1; Sở Khoa học và Công nghệ, which it merged into, reports 3 for 2025-Q2.
    metric = Metric.objects.filter(channel__plan=plan_data).primary().select_related("channel").first()
    theme = Theme.objects.filter(plan=plan_data).first()
    grid = ({"m": metric}, {"t": theme})
    key = f"{metric.channel.code}.{metric.code}"
    add_report(
        Agency.objects.get(code="STTTT"), "2025-Q1", "accepted", datetime.date(2025, 3, 15), {("m", "t"): 12}, *grid
    )
    add_report(
        Agency.objects.get(code="SKHCN"), "2025-Q2", "accepted", datetime.date(2025, 6, 15), {("m", "t"): 3}, *grid
    )
    services.accepted_totals_rebuild()
    line = "Sở Khoa học và Công nghệ (gồm Sở Thông tin và Truyền thông trước 01/03/2025)"
    for code in ("2025-Y", "2021-2025"):
        rows = {a["code"]: a for a in aggregation.aggregate(period(code))["agencies"]}
        assert "STTTT" not in rows
        assert (rows["SKHCN"]["name"], rows["SKHCN"]["values"], rows["SKHCN"]["items"]) == (line, {key: 15}, 15)
