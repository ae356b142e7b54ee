"""The province report's issuer, signer and recipients come from the admin's document defaults, by date;
the signer can be given at issue time; what the reviewer is told after compiling; the files' details."""

import datetime
import io

import docx
import openpyxl
import pytest
from django.contrib.messages import get_messages
from django.core.files.storage import default_storage
from django.urls import reverse

from province import compilation
from province.documents.xlsx import build_narratives_xlsx, build_xlsx
from province.models import CompiledReport, DocumentDefaults
from tests.province.compiled_data import make_province, period
from tests.province.snapshots import sample_snapshot

SCIENCE = {
    "issuer_parent": "UBND TỈNH LÀO CAI",
    "issuer_name": "SỞ KHOA HỌC VÀ CÔNG NGHỆ",
    "issuer_name_sentence": "Sở Khoa học và Công nghệ",
    "issuer_code": "SKHCN",
    "place": "Lào Cai",
    "signer_capacity": "KT. GIÁM ĐỐC",
    "signer_title": "PHÓ GIÁM ĐỐC",
    "signer_name": "Người Ký Thử",
    "recipients": "UBND tỉnh (b/c);\nLưu: VT.",
}


@pytest.fixture
def province(db):
    return make_province()


def _compile(capture, reviewer, **texts):
    with capture(execute=True):
        compiled = compilation.compiled_report_request(period=period("2024-Q2"), user=reviewer, **texts)
    compiled.refresh_from_db()
    return compiled


def _heading_texts(compiled):
    document = docx.Document(default_storage.open(compiled.docx.name))
    return [p.text for t in document.tables for c in t._cells for p in c.paragraphs]


def test_the_migration_stores_the_defaults_the_code_carried(db):
    entry = DocumentDefaults.objects.get()
    assert (entry.valid_from, entry.issuer_code, entry.signer_capacity) == (
        datetime.date(2021, 1, 1),
        "STTTT",
        "KT. GIÁM ĐỐC",
    )


def test_the_compile_form_starts_from_the_entry_in_force_at_the_periods_end(client, reviewer, province):
    DocumentDefaults.objects.create(valid_from=datetime.date(2025, 3, 1), **SCIENCE)
    DocumentDefaults.objects.filter(valid_from=datetime.date(2021, 1, 1)).update(signer_name="Người Ký 2024")
    client.force_login(reviewer)
    # 2024-Q2 ends on 30/06/2024: Sở Thông tin và Truyền thông's entry, though the merger's is newer.
    initial = client.get(reverse("compiled:period", args=["2024-Q2"])).context["form"].initial
    assert (initial["signer_name"], initial["recipients"]) == (
        "Người Ký 2024",
        "UBND tỉnh (b/c);\nSở Nội vụ;\nLưu: VT, TTBCXB.",
    )
    # The entry takes effect for periods that end on or after its date.
    assert compilation.document_defaults(datetime.date(2025, 2, 28)).issuer_code == "STTTT"
    assert compilation.document_defaults(datetime.date(2025, 3, 31)).issuer_code == "SKHCN"


def test_a_blank_of_the_last_version_is_filled_from_the_defaults(
    reviewer, province, django_capture_on_commit_callbacks
):
    DocumentDefaults.objects.create(valid_from=datetime.date(2024, 1, 1), **SCIENCE)
    _compile(django_capture_on_commit_callbacks, reviewer, signer_name="", shortcomings="Chậm.")
    values = compilation.compiled_report_defaults(period=period("2024-Q2"))
    assert (values["signer_name"], values["shortcomings"]) == ("Người Ký Thử", "Chậm.")


def test_a_report_keeps_the_issuer_of_its_periods_end_when_issued_later(
    reviewer, province, django_capture_on_commit_callbacks
):
    DocumentDefaults.objects.create(valid_from=datetime.date(2025, 3, 1), **SCIENCE)
    compiled = _compile(django_capture_on_commit_callbacks, reviewer)
    # 2024-Q2 compiled today, after the merger: still the department that tracked the plan on 30/06/2024.
    assert compiled.snapshot["issuer"]["code"] == "STTTT"
    compilation.compiled_report_issue(
        compiled=compiled, user=reviewer, number="8", day=datetime.date(2026, 12, 2), signer={"name": "Trần Văn D"}
    )
    compiled.refresh_from_db()
    texts = _heading_texts(compiled)
    assert "Số: 8/BC-STTTT" in texts
    assert "SỞ THÔNG TIN VÀ TRUYỀN THÔNG" in texts
    assert "Trần Văn D" in texts
    assert (compiled.signer_name, compiled.signer_capacity) == ("Trần Văn D", "KT. GIÁM ĐỐC")


def test_a_report_for_a_period_after_the_merger_is_the_successors(
    reviewer, province, django_capture_on_commit_callbacks
):
    DocumentDefaults.objects.create(valid_from=datetime.date(2024, 4, 1), **SCIENCE)
    compiled = _compile(django_capture_on_commit_callbacks, reviewer)
    compilation.compiled_report_issue(compiled=compiled, user=reviewer, number="9", day=datetime.date(2024, 7, 2))
    compiled.refresh_from_db()
    texts = _heading_texts(compiled)
    assert "Số: 9/BC-SKHCN" in texts
    assert "SỞ KHOA HỌC VÀ CÔNG NGHỆ" in texts
    assert (compiled.signer_name, compiled.signer_title) == ("Người Ký Thử", "PHÓ GIÁM ĐỐC")


def test_the_issue_form_names_the_versions_issuer_symbol(
    client, reviewer, province, django_capture_on_commit_callbacks
):
    DocumentDefaults.objects.create(valid_from=datetime.date(2024, 6, 1), **SCIENCE)
    compiled = _compile(django_capture_on_commit_callbacks, reviewer)
    client.force_login(reviewer)
    html = client.get(reverse("compiled:progress", args=[compiled.pk])).content.decode()
    assert f'id="number-suffix-{compiled.pk}">/BC-SKHCN</span>' in html
    assert f'value="{SCIENCE["signer_name"]}" required' in html


def test_an_undated_draft_prints_the_year(reviewer, province, django_capture_on_commit_callbacks):
    compiled = _compile(django_capture_on_commit_callbacks, reviewer)
    year = compiled.snapshot["generated_at"][:4]
    assert f"Lào Cai, ngày      tháng      năm {year}" in _heading_texts(compiled)


@pytest.mark.django_db(transaction=True)
def test_the_reviewer_is_told_the_compile_finished_when_it_ran_in_process(client, reviewer, province):
    client.force_login(reviewer)
    response = client.post(
        reverse("compiled:compile", args=["2024-Q2"]),
        {"signer_capacity": "KT. GIÁM ĐỐC", "signer_title": "PHÓ GIÁM ĐỐC", "signer_name": "A", "recipients": "X;"},
    )
    assert response.status_code == 302
    assert CompiledReport.objects.get().status == CompiledReport.Status.DONE
    texts = [str(m) for m in get_messages(response.wsgi_request)]
    assert texts == ["Đã tổng hợp xong bản tổng hợp lần 1: tải về hoặc ban hành ở phần dưới."]


def test_the_workbook_names_agency_groups_and_holds_real_dates():
    snapshot = sample_snapshot()
    snapshot["narratives"]["shortcomings"][0]["text"] = "Dòng một\r\nDòng hai\rDòng ba"
    snapshot["document"]["date"] = "2024-06-20"
    workbook = openpyxl.load_workbook(io.BytesIO(build_xlsx(snapshot)))
    info = {row[0].value: row[1] for row in workbook["Thông tin chung"].iter_rows(min_row=2)}
    assert info["Từ ngày"].value == datetime.datetime(2024, 3, 15)  # noqa: DTZ001 — a spreadsheet date has no zone
    assert info["Từ ngày"].number_format == "DD/MM/YYYY"
    assert info["Ngày văn bản"].value == datetime.datetime(2024, 6, 20)  # noqa: DTZ001
    codes = {k["kind"] for k in snapshot["agency_kinds"]}
    by_agency = [row[2] for row in workbook["Theo cơ quan"].iter_rows(min_row=2, values_only=True)]
    assert by_agency
    assert not codes & set(by_agency)
    assert "Cơ quan báo chí" in by_agency
    groups = list(workbook["Theo nhóm cơ quan"].iter_rows(values_only=True))
    assert groups[0][0] == "Nhóm cơ quan"
    assert "Cơ quan báo chí" in [row[0] for row in groups[1:]]
    texts = openpyxl.load_workbook(io.BytesIO(build_narratives_xlsx(snapshot)))
    narratives = [row[2] for row in texts["Tồn tại, đề xuất"].iter_rows(min_row=2, values_only=True)]
    assert "Dòng một\nDòng hai\nDòng ba" in narratives
    assert not any("\r" in (text or "") for text in narratives)
