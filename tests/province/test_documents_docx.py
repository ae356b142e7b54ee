"""The DOCX builder: Decree 30/2020/NĐ-CP page setup, fonts and parts, read back with python-docx."""

import io
import re

import docx
import pytest
from django.utils import translation
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

from province.documents.docx import build_docx
from tests.province.snapshots import sample_snapshot


@pytest.fixture(scope="module")
def document():
    return docx.Document(io.BytesIO(build_docx(sample_snapshot())))


def _size(paragraph):
    """The first run's font size as Word shows it: set on the run, else inherited from the paragraph's styles."""
    size = paragraph.runs[0].font.size
    style = paragraph.style
    while size is None and style is not None:
        size, style = style.font.size, style.base_style
    return size


def _alignment(paragraph):
    """The paragraph's alignment as Word shows it: set on the paragraph, else inherited from its styles."""
    alignment, style = paragraph.alignment, paragraph.style
    while alignment is None and style is not None:
        alignment, style = style.paragraph_format.alignment, style.base_style
    return alignment


def _cell_paragraphs(table):
    seen, out = set(), []
    for cell in table._cells:
        if id(cell._tc) in seen:
            continue
        seen.add(id(cell._tc))
        out.extend(cell.paragraphs)
    return out


def _table(document, second_header):
    return next(t for t in document.tables if len(t.columns) > 1 and t.rows[0].cells[1].text == second_header)


def _find(paragraphs, text):
    return next(p for p in paragraphs if p.text == text)


def _all_text(document):
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        parts.extend(p.text for p in _cell_paragraphs(table))
    return "\n".join(parts)


def test_page_is_a4_with_the_decree_margins(document):
    section = document.sections[0]
    # Word stores twentieths of a point: A4 to the nearest one.
    assert abs(section.page_width - Mm(210)) < Mm(0.1)
    assert abs(section.page_height - Mm(297)) < Mm(0.1)
    assert Mm(20) <= section.top_margin <= Mm(25)
    assert Mm(20) <= section.bottom_margin <= Mm(25)
    assert Mm(30) <= section.left_margin <= Mm(35)
    assert Mm(15) <= section.right_margin <= Mm(20)


def test_every_run_is_times_new_roman(document):
    normal = document.styles["Normal"]
    assert normal.font.name == "Times New Roman"
    assert normal.element.rPr.rFonts.get(qn("w:eastAsia")) == "Times New Roman"
    runs = [r for p in document.paragraphs for r in p.runs]
    runs += [r for t in document.tables for p in _cell_paragraphs(t) for r in p.runs]
    assert runs
    assert {r.font.name for r in runs} <= {"Times New Roman", None}


def test_heading_has_issuing_body_national_title_number_and_date(document):
    heading = _cell_paragraphs(document.tables[0])
    parent = _find(heading, "UBND TỈNH LÀO CAI")
    assert not parent.runs[0].bold
    body = _find(heading, "SỞ THÔNG TIN VÀ TRUYỀN THÔNG")
    assert body.runs[0].bold
    assert _size(body) == Pt(13)
    national = _find(heading, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM")
    assert national.runs[0].bold
    assert Pt(12) <= _size(national) <= Pt(13)
    motto = _find(heading, "Độc lập - Tự do - Hạnh phúc")
    assert motto.runs[0].bold
    assert Pt(13) <= _size(motto) <= Pt(14)
    # The short rules under the issuing body and the motto: bordered paragraphs right after them.
    rules = [p for p in heading if p._p.pPr is not None and p._p.pPr.find(qn("w:pBdr")) is not None]
    assert len(rules) == 2
    number = _find(heading, "Số: 125/BC-STTTT")
    assert _size(number) == Pt(13)
    place = _find(heading, "Lào Cai, ngày 20 tháng 6 năm 2024")
    assert place.runs[0].italic


def test_unnumbered_draft_leaves_room_for_number_and_date(db):
    snapshot = sample_snapshot()
    snapshot["document"] = {**snapshot["document"], "number": None, "date": None}
    document = docx.Document(io.BytesIO(build_docx(snapshot)))
    texts = [p.text for p in _cell_paragraphs(document.tables[0])]
    assert any(t.startswith("Số:") and t.endswith("/BC-STTTT") and "125" not in t for t in texts)
    # Day and month left blank to fill in by hand; the year is the compile's.
    assert "Lào Cai, ngày      tháng      năm 2024" in texts


def test_title_and_summary_line(document):
    title = _find(document.paragraphs, "BÁO CÁO")
    assert _alignment(title) == WD_ALIGN_PARAGRAPH.CENTER
    assert title.runs[0].bold
    assert _size(title) == Pt(14)
    summary = _find(document.paragraphs, "Kết quả tuyên truyền phong trào thi đua yêu nước quý II năm 2024")
    assert summary.runs[0].bold
    assert _alignment(summary) == WD_ALIGN_PARAGRAPH.CENTER


def test_body_sections_i_to_v_in_order(document):
    texts = [p.text for p in document.paragraphs]
    headings = [
        "I. CÔNG TÁC CHỈ ĐẠO, HƯỚNG DẪN, TRIỂN KHAI",
        "II. KẾT QUẢ THỰC HIỆN",
        "1. Việc chấp hành chế độ báo cáo",
        "III. ĐÁNH GIÁ CHUNG",
        "1. Ưu điểm",
        "2. Tồn tại, hạn chế và nguyên nhân",
        "IV. PHƯƠNG HƯỚNG, NHIỆM VỤ QUÝ III NĂM 2024",
        "V. ĐỀ XUẤT, KIẾN NGHỊ",
    ]
    positions = [texts.index(h) for h in headings]
    assert positions == sorted(positions)
    for heading in headings:
        assert _find(document.paragraphs, heading).runs[0].bold
    body = _find(document.paragraphs, "Công tác tuyên truyền ở cơ sở chưa đồng đều.")
    assert _alignment(body) == WD_ALIGN_PARAGRAPH.JUSTIFY
    assert _size(body) == Pt(14)
    # A section the reviewer left empty says so in the draft (issuing it is refused).
    assert texts[texts.index("V. ĐỀ XUẤT, KIẾN NGHỊ") + 1] == (
        "(Nội dung phần này do Sở Thông tin và Truyền thông viết trước khi ban hành báo cáo.)"
    )
    assert texts[texts.index("V. ĐỀ XUẤT, KIẾN NGHỊ") + 2] == (
        "Trên đây là báo cáo kết quả công tác tuyên truyền phong trào thi đua yêu nước quý II năm 2024, Sở Thông "
        "tin và Truyền thông kính báo cáo Ủy ban nhân dân tỉnh xem xét, chỉ đạo./."
    )


def test_the_opening_cites_the_plan_its_issuer_and_the_window():
    snapshot = sample_snapshot()
    snapshot["plan"]["issuing_body"] = "Ủy ban nhân dân tỉnh Lào Cai"
    texts = [p.text for p in docx.Document(io.BytesIO(build_docx(snapshot))).paragraphs]
    assert (
        "Thực hiện Kế hoạch tuyên truyền phong trào thi đua yêu nước trên địa bàn tỉnh Lào Cai, giai đoạn 2021-2025 "
        "của Ủy ban nhân dân tỉnh Lào Cai, Sở Thông tin và Truyền thông báo cáo kết quả công tác tuyên truyền phong "
        "trào thi đua yêu nước quý II năm 2024 (số liệu từ ngày 15/3/2024 đến ngày 14/6/2024) như sau:"
    ) in texts


def test_the_opening_cites_the_plan_by_number_and_date_when_the_record_has_them():
    """vietnamese-review B1 #3: "Thực hiện Kế hoạch số …/KH-UBND ngày … của UBND tỉnh Lào Cai về tuyên truyền …"."""
    snapshot = sample_snapshot()
    snapshot["plan"].update(issuing_body="Ủy ban nhân dân tỉnh Lào Cai", number="123/KH-UBND", issued_on="2021-04-05")
    texts = [p.text for p in docx.Document(io.BytesIO(build_docx(snapshot))).paragraphs]
    assert (
        "Thực hiện Kế hoạch số 123/KH-UBND ngày 05/4/2021 của Ủy ban nhân dân tỉnh Lào Cai về tuyên truyền phong trào "
        "thi đua yêu nước trên địa bàn tỉnh Lào Cai, giai đoạn 2021-2025, Sở Thông tin và Truyền thông báo cáo"
    ) in " ".join(texts)
    snapshot["plan"]["issued_on"] = None  # a number without a date is cited without one
    text = _all_text(docx.Document(io.BytesIO(build_docx(snapshot))))
    assert "Thực hiện Kế hoạch số 123/KH-UBND của Ủy ban nhân dân tỉnh Lào Cai về tuyên truyền phong trào" in text


def test_one_count_of_agencies_in_the_text_the_table_and_the_annex(document):
    """The sentence, Table 3 and Phụ lục 01 count the same agencies (vietnamese-review B1 #2): 3 due, 2 sent
    (Báo Lào Cai on time, Bát Xát late), Mường Khương none."""
    texts = [p.text for p in document.paragraphs]
    assert (
        "Trong kỳ, có 3 cơ quan, đơn vị, địa phương thuộc diện báo cáo; đã có 2/3 cơ quan, đơn vị gửi báo cáo "
        "(đạt 66,7%), trong đó 1 gửi đủ, đúng hạn, 1 có báo cáo gửi chậm so với thời hạn quy định; còn 1 cơ quan, "
        "đơn vị chưa gửi báo cáo (danh sách tại Phụ lục 01). Trong tổng số 3 báo cáo phải gửi, đã nhận 2 báo cáo "
        "(đạt 66,7%), trong đó 1 đúng hạn, 1 chậm so với thời hạn quy định."
    ) in texts
    kinds = _table(document, "Nhóm cơ quan, đơn vị")
    assert [c.text for c in kinds.rows[-1].cells][1:] == ["Tổng cộng", "3", "2", "62"]
    annex = _table(document, "Cơ quan, đơn vị, địa phương")
    assert [[c.text for c in r.cells] for r in annex.rows[1:]] == [
        ["1", "UBND huyện Bát Xát", "1", "1", "1", "0"],
        ["2", "UBND huyện Mường Khương", "1", "0", "0", "1"],
    ]


def test_annexes_follow_the_signature_each_on_a_new_page(document):
    texts = [p.text for p in document.paragraphs]
    annexes = [p for p in document.paragraphs if p.text.startswith("Phụ lục ")]
    assert [p.text for p in annexes] == ["Phụ lục 01", "Phụ lục 02"]
    assert all(p.paragraph_format.page_break_before for p in annexes)
    assert texts[texts.index("Phụ lục 01") + 1] == "DANH SÁCH CƠ QUAN, ĐƠN VỊ CHƯA GỬI, GỬI CHẬM BÁO CÁO"
    assert texts[texts.index("Phụ lục 01") + 2] == (
        "(Kèm theo Báo cáo số 125/BC-STTTT ngày 20/6/2024 của Sở Thông tin và Truyền thông)"
    )
    # The signature table comes before the first annex.
    body = document.element.body
    signature = _signature_table(document)
    assert body.index(signature._tbl) < body.index(annexes[0]._p)
    agencies = _table(document, "Cơ quan, đơn vị, địa phương")  # Phụ lục 01
    per_agency = [t for t in document.tables if t.rows[0].cells[-1].text == "Tổng cộng" and len(t.columns) == 6]
    assert [c.text for c in per_agency[0].rows[1].cells] == ["1", "Báo Lào Cai", "52", "0", "0", "52"]
    assert agencies is not per_agency[0]


def test_results_tables_hold_the_totals_and_the_chart(document):
    channel_table = _table(document, "Hình thức, chỉ tiêu")
    assert [c.text for c in channel_table.rows[0].cells][3:] == ["Quý II năm 2024", "Quý I năm 2024", "So với kỳ trước"]
    rows = {r.cells[1].text: [c.text for c in r.cells] for r in channel_table.rows}
    assert rows["Số tin, bài"][3:] == ["52", "40", "+30,0%"]
    # 0 before: nothing to compare with, "-" rather than "mới" (vietnamese-review B1 #10).
    assert rows["Số lượt người tham dự"][3:] == ["250", "0", "-"]
    theme_table = _table(document, "Nội dung tuyên truyền")
    nd1 = [c.text for c in theme_table.rows[1].cells]
    assert nd1[0] == "ND1"
    assert nd1[-1] == "50"  # 40 articles + 7 web posts + 3 sessions
    assert len(document.inline_shapes) == 1
    texts = [p.text for p in document.paragraphs]
    for caption in (
        "Bảng 1. Kết quả theo hình thức tuyên truyền",
        "Bảng 2. Sản phẩm, hoạt động tuyên truyền theo nội dung",
        "Biểu đồ 1. Sản phẩm, hoạt động tuyên truyền theo nội dung",
        "Bảng 3. Kết quả theo nhóm cơ quan, đơn vị",
    ):
        assert caption in texts
    # 52 + 7 + 3 = 62 against 40 + 0 + 0 = 40 in the previous quarter: up 55%.
    assert (
        "Trong kỳ, các cơ quan, đơn vị, địa phương đã thực hiện 62 sản phẩm, hoạt động tuyên truyền (tin, bài, "
        "chương trình, bài đăng, lượt phát, cuộc; Bảng 1), tăng 55% so với quý I năm 2024."
    ) in texts
    assert "Các nội dung được tuyên truyền nhiều nhất là ND1 (50), ND2 (12) (Bảng 2, Biểu đồ 1)." in texts
    assert (
        "Các cơ quan, đơn vị có nhiều sản phẩm, hoạt động tuyên truyền nhất: Báo Lào Cai (52), UBND huyện Bát Xát (10)."
    ) in texts


def test_agency_narratives_stay_out_of_the_document_and_are_counted(document):
    text = _all_text(document)
    assert "Một số xã chưa bố trí kinh phí" not in text
    assert "HYPERLINK" not in text
    assert (
        "Có 1 cơ quan, đơn vị, địa phương nêu tồn tại, hạn chế và 1 cơ quan, đơn vị, địa phương có đề xuất, kiến "
        "nghị trong báo cáo; nội dung được tổng hợp tại biểu tổng hợp (tệp Excel) kèm theo báo cáo này."
    ) in text


def test_markup_in_reviewer_text_stays_text():
    snapshot = sample_snapshot()
    snapshot["texts"]["proposals"] = "<script>alert(1)</script> & </w:t>\x07"
    document = docx.Document(io.BytesIO(build_docx(snapshot)))
    assert "<script>alert(1)</script> & </w:t>" in [p.text for p in document.paragraphs]


def _signature_table(document):
    return next(t for t in document.tables if t._cells and t._cells[0].text.startswith("Nơi nhận:"))


def test_signature_block_and_recipients(document):
    signature = _cell_paragraphs(_signature_table(document))
    for text in ("KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC", "Nguyễn Văn Thử"):
        paragraph = _find(signature, text)
        assert paragraph.runs[0].bold
        assert _size(paragraph) == Pt(14)
    label = _find(signature, "Nơi nhận:")
    assert label.runs[0].bold
    assert label.runs[0].italic
    assert _size(label) == Pt(12)
    for line in ("- UBND tỉnh (b/c);", "- Sở Nội vụ;", "- Lưu: VT, TTBCXB."):
        assert _size(_find(signature, line)) == Pt(11)


def test_page_numbers_in_the_header_but_not_on_the_first_page(document):
    section = document.sections[0]
    assert section.different_first_page_header_footer
    header_xml = section.header._element.xml
    assert "PAGE" in header_xml
    assert 'w:fldCharType="begin"' in header_xml
    assert not section.first_page_header.paragraphs[0].text


def test_no_reports_says_so_instead_of_tables():
    snapshot = sample_snapshot(report_count=0)
    document = docx.Document(io.BytesIO(build_docx(snapshot)))
    assert "Trong kỳ, chưa có báo cáo nào của các cơ quan, đơn vị được tiếp nhận; chưa có số liệu để tổng hợp." in (
        _all_text(document)
    )
    assert len(document.inline_shapes) == 0


def test_unaccepted_reports_are_announced():
    document = docx.Document(io.BytesIO(build_docx(sample_snapshot(includes_unaccepted=True))))
    assert "Ghi chú: số liệu bao gồm cả các báo cáo đã gửi nhưng chưa được tiếp nhận." in _all_text(document)


def _phase_snapshot():
    """The sample as a two-year phase: years 2024 and 2025 with their own reporting and exemplars."""
    trend = [
        {"code": "2024-Y", "label": "Năm 2024", "items": 20, "values": {"HT1.articles": 12, "HT2.web_posts": 8}},
        {"code": "2025-Y", "label": "Năm 2025", "items": 42, "values": {"HT1.articles": 40, "HT5.sessions": 2}},
    ]
    years = [
        {
            "code": "2024-Y",
            "label": "năm 2024",
            "completeness": {"expected": 12, "on_time": 9, "late": 1, "missing": 2, "agencies": 3},
            "reporting": {"due": 3, "sent": 3, "on_time": 1, "late": 1, "partial": 1, "none": 0},
            "agencies": {"BLC": ["complete", 12], "BX": ["partial", 8], "MK": ["complete", 0]},
            "honourees": [["Điển hình tiên tiến", 2], ["Mô hình mới", 1]],
        },
        {
            "code": "2025-Y",
            "label": "năm 2025",
            "completeness": {"expected": 8, "on_time": 4, "late": 2, "missing": 2, "agencies": 2},
            "reporting": {"due": 2, "sent": 1, "on_time": 0, "late": 1, "partial": 0, "none": 1},
            "agencies": {"BLC": ["complete", 40], "BX": [None, 2], "MK": ["none", 0]},
            "honourees": [["Mô hình mới", 3]],
        },
    ]
    snapshot = sample_snapshot(trend=trend, years=years, comparison={"previous": None, "year_before": None})
    snapshot["period"] = {**snapshot["period"], "code": "2024-2025", "kind": "phase", "label": "giai đoạn 2024-2025"}
    snapshot["plan"] = {**snapshot["plan"], "phase": "2024-2025"}
    snapshot["texts"]["lessons"] = "Phải bám sát cơ sở."
    return snapshot


def test_phase_summary_has_its_parts_years_side_by_side_and_per_year_completeness():
    document = docx.Document(io.BytesIO(build_docx(_phase_snapshot())))
    texts = [p.text for p in document.paragraphs]
    headings = [
        "I. CÔNG TÁC LÃNH ĐẠO, CHỈ ĐẠO, TỔ CHỨC TRIỂN KHAI",
        "II. KẾT QUẢ THỰC HIỆN",
        "III. ĐÁNH GIÁ CHUNG",
        "IV. BÀI HỌC KINH NGHIỆM",
        "V. PHƯƠNG HƯỚNG, NHIỆM VỤ GIAI ĐOẠN 2026 – 2027",
        "VI. ĐỀ XUẤT, KIẾN NGHỊ",
    ]
    positions = [texts.index(h) for h in headings]
    assert positions == sorted(positions)
    assert texts[texts.index("IV. BÀI HỌC KINH NGHIỆM") + 1] == "Phải bám sát cơ sở."
    assert "Trong giai đoạn 2024 – 2025, có 3 cơ quan, đơn vị, địa phương thuộc diện báo cáo" in "\n".join(texts)
    assert "Năm 2025 so với năm 2024: tăng 110%." in texts  # 42 against 20
    channels = _table(document, "Hình thức, chỉ tiêu (đơn vị tính)")
    assert [c.text for c in channels.rows[0].cells][2:] == ["2024", "2025", "Tổng cộng"]
    rows = {r.cells[1].text: [c.text for c in r.cells][2:] for r in channels.rows}
    assert rows["Số tin, bài (tin, bài)"] == ["12", "40", "52"]
    assert rows["Số hội nghị, hội thảo, họp báo (cuộc)"] == ["0", "2", "3"]  # 2025's 2; the phase's total 3
    honourees = _table(document, "Loại")
    assert [[c.text for c in r.cells][1:] for r in honourees.rows[1:]] == [
        ["Điển hình tiên tiến", "2", "0", "2"],
        ["Mô hình mới", "1", "3", "4"],
        ["Tổng cộng", "3", "3", "6"],
    ]
    compliance = next(t for t in document.tables if t.rows[0].cells[0].text == "Năm")
    assert [[c.text for c in r.cells] for r in compliance.rows[1:]] == [
        ["2024", "3", "2", "1", "0", "12", "10 (83,3%)", "9 (75%)"],
        ["2025", "2", "1", "0", "1", "8", "6 (75%)", "4 (50%)"],
    ]
    by_agency = next(t for t in document.tables if [c.text for c in t.rows[0].cells][2:] == ["2024", "2025"])
    assert [[c.text for c in r.cells][1:] for r in by_agency.rows[1:]] == [
        ["Báo Lào Cai", "Đủ", "Đủ"],
        ["UBND huyện Bát Xát", "Chưa đủ", ""],
        ["UBND huyện Mường Khương", "Đủ", "Chưa gửi"],
    ]
    assert [p.text for p in document.paragraphs if p.text.startswith("Phụ lục ")] == ["Phụ lục 01", "Phụ lục 02"]
    assert "Tổng kết" not in texts[1]  # the summary line comes from the snapshot (compilation words it)


def test_agencies_not_expected_to_report_are_not_listed_as_late():
    # An agency past its activity window (a district People's Committee after
    # 1 July 2025) that still sent a late report is counted in the figures but
    # not in the completeness lists, whose counts leave it out too.
    snapshot = sample_snapshot()
    snapshot["agencies"].append(
        {**snapshot["agencies"][0], "code": "OLD", "name": "UBND huyện Đã Giải Thể", "status": "late", "expected": 0}
    )
    document = docx.Document(io.BytesIO(build_docx(snapshot)))
    annex = _table(document, "Cơ quan, đơn vị, địa phương")
    assert "UBND huyện Đã Giải Thể" not in [r.cells[1].text for r in annex.rows]
    assert "Trong kỳ, có 3 cơ quan, đơn vị, địa phương thuộc diện báo cáo" in _all_text(document)


def test_the_document_is_vietnamese_whatever_language_is_active(document):
    # A reviewer with the English interface, or a task with no language, still compiles the Vietnamese report.
    with translation.override("en"):
        english_active = docx.Document(io.BytesIO(build_docx(sample_snapshot())))
    assert _all_text(english_active) == _all_text(document)
    assert "IV. PHƯƠNG HƯỚNG, NHIỆM VỤ QUÝ III NĂM 2024" in _all_text(english_active)
    assert translation.get_language() == "vi"


def test_the_body_grows_without_searching_it(monkeypatch):
    """Linear time: no paragraph or table is placed by looking for the body's end among its children.

    python-docx's ``Document.add_paragraph``/``add_table`` search the body for its ``w:sectPr`` on each call
    (``insert_element_before``), and ``add_table`` reads the sections (an XPath over every paragraph): a cost
    growing with the body, quadratic over the document. The builder writes before the ``w:sectPr`` it found
    once, so a document 20 times longer searches its body exactly as often (the page setup's few reads).
    """
    from docx.oxml.xmlchemy import BaseOxmlElement

    original_insert, original_xpath = BaseOxmlElement.insert_element_before, BaseOxmlElement.xpath

    def searches(narratives):
        searched = []

        def insert_element_before(self, elm, *tagnames):
            if self.tag == qn("w:body"):
                searched.append(elm.tag)
            return original_insert(self, elm, *tagnames)

        def xpath(self, expression):
            if self.tag in (qn("w:document"), qn("w:body")):
                searched.append(expression)
            return original_xpath(self, expression)

        monkeypatch.setattr(BaseOxmlElement, "insert_element_before", insert_element_before)
        monkeypatch.setattr(BaseOxmlElement, "xpath", xpath)
        snapshot = sample_snapshot()
        snapshot["texts"]["next_tasks"] = "\n".join(["Một đoạn.", "Đoạn thứ hai\tcó tab."] * narratives)
        content = build_docx(snapshot)
        monkeypatch.undo()
        return searched, docx.Document(io.BytesIO(content))

    few, _short = searches(10)
    many, document = searches(200)

    assert many == few
    assert not any(tag == qn("w:p") or tag == qn("w:tbl") for tag in many)
    texts = [p.text for p in document.paragraphs]
    assert texts.count("Một đoạn.") == 200
    assert texts.count("Đoạn thứ hai\tcó tab.") == 200


def test_completeness_counts_the_agencies_and_the_reports_they_owed():
    snapshot = sample_snapshot()
    # Three agencies owed 5 reports between them (a monthly reporter owes three a quarter).
    snapshot["completeness"] = {"expected": 5, "on_time": 3, "late": 1, "missing": 1, "agencies": 3}
    text = _all_text(docx.Document(io.BytesIO(build_docx(snapshot))))
    assert (
        "Trong tổng số 5 báo cáo phải gửi, đã nhận 4 báo cáo (đạt 80%), trong đó 3 đúng hạn, 1 chậm so với thời "
        "hạn quy định."
    ) in text


def test_every_agency_on_time_is_written_as_an_official_would():
    snapshot = sample_snapshot()
    for agency in snapshot["agencies"]:
        agency.update(status="on_time", submitted=1, late=0)
    snapshot["completeness"] = {"expected": 3, "on_time": 3, "late": 0, "missing": 0, "agencies": 3}
    document = docx.Document(io.BytesIO(build_docx(snapshot)))
    text = _all_text(document)
    assert (
        "Trong kỳ, có 3 cơ quan, đơn vị, địa phương thuộc diện báo cáo; 100% cơ quan, đơn vị thuộc diện báo cáo đã "
        "gửi đủ báo cáo (3 báo cáo) đúng thời hạn."
    ) in text
    assert " 0 " not in text.split("II. KẾT QUẢ THỰC HIỆN")[1].split("2. ")[0]


def test_a_snapshot_from_before_the_owed_periods_still_builds():
    snapshot = sample_snapshot()
    snapshot["completeness"] = {"expected": 3, "on_time": 1, "late": 1, "missing": 1}  # agencies, then
    text = _all_text(docx.Document(io.BytesIO(build_docx(snapshot))))
    assert "Trong tổng số 3 báo cáo phải gửi, đã nhận 2 báo cáo" in text


def test_a_period_of_an_unconfirmed_copy_cites_the_plan_that_was_issued():
    snapshot = sample_snapshot()
    snapshot["plan"] = {
        "code": "lao-cai-2026-2030",
        "title": "Kế hoạch tuyên truyền … giai đoạn 2026-2030",
        "phase": "2026-2030",
        "draft_copy": True,
        "copied_from": {"code": "lao-cai-2021-2025", "title": "Kế hoạch số 01/KH-UBND", "phase": "2021-2025"},
    }
    text = _all_text(docx.Document(io.BytesIO(build_docx(snapshot))))
    assert (
        "Thực hiện Kế hoạch số 01/KH-UBND (Kế hoạch giai đoạn 2026–2030 chưa được ban hành; kỳ này theo dõi theo bản "
        "sao của kế hoạch trên, chưa được xác nhận)"
    ) in text
    assert "giai đoạn 2026-2030" not in text


def test_the_areas_are_named_by_the_local_level_of_the_period():
    before = [p.text for p in docx.Document(io.BytesIO(build_docx(sample_snapshot()))).paragraphs]
    assert "Bảng 2. Kết quả theo đơn vị hành chính cấp huyện" in before  # a snapshot without the level
    after = sample_snapshot(local_level={"level": "commune", "label": "cấp xã"})
    texts = [p.text for p in docx.Document(io.BytesIO(build_docx(after))).paragraphs]
    assert "Bảng 2. Kết quả theo đơn vị hành chính cấp xã" in texts


def test_grid_rows_written_as_text_are_the_xml_python_docx_makes(monkeypatch):
    """The grid table's rows are written as XML text and put into the saved XML as they are (``splice``); a cell
    with a tab or a line break goes through python-docx. Both must give what python-docx gives for every row
    (``_BREAKS`` matching everything sends every row and run its way), markup characters, spaces, a group's bold
    name and the bold total row included."""
    from lxml import etree

    from province.documents import docx as writer

    rows = [
        ["1", "Sở <Văn hóa> & Thể thao", 1234, "12,5%"],
        ["2", " Báo Lào Cai ", 0, "-"],
        ["3", "Đài\tPhát thanh\nTruyền hình", 7, "100%"],
        ["4", "", 5, ""],
        ["", "Tổng cộng", 1246, "(50%)"],
    ]

    def table_xml():
        document = docx.Document(io.BytesIO(writer._template()))
        body = writer._BodyWriter(document)
        table = writer._grid_table(
            body, ["TT", "Cơ quan", "Số", "Tỷ lệ"], rows, [10, 80, 30, 30], bold_last=True, bold_rows=[2], size=11
        )
        return writer.splice(etree.tostring(table._tbl, encoding="utf-8"), body.spliced).decode()

    with translation.override("vi"):
        fast = table_xml()
        monkeypatch.setattr(writer, "_BREAKS", re.compile(r"^"))
        reference = table_xml()

    assert fast == reference
    assert "<w:t>Sở &lt;Văn hóa&gt; &amp; Thể thao</w:t>" in fast
    assert '<w:t xml:space="preserve"> Báo Lào Cai </w:t>' in fast
    assert fast.count("<w:tab/>") == 1
    assert fast.count("<w:br/>") == 1
    assert "<?thidua-rows" not in fast
    assert fast.count("<w:b/>") == 4 + 1 + 3  # the header, a group's name, the total row's cells with a text


def test_the_document_keeps_only_the_styles_it_uses(document):
    """The blank document's 164 styles are trimmed to those the report names (and their bases and defaults);
    every style the body or the page header names is defined, and Word 2010's copy of the styles is gone."""
    package = document.part.package
    names = {part.partname for part in package.iter_parts()}
    assert "/word/stylesWithEffects.xml" not in names
    defined = {style.style_id for style in document.styles}
    assert len(defined) < 15
    used = set(document.element.xpath("//w:pStyle/@w:val | //w:tblStyle/@w:val | //w:rStyle/@w:val"))
    header = document.sections[0].header._element
    used |= set(header.xpath("//w:pStyle/@w:val"))
    assert {"ThiduaBody", "ThiduaCell", "TableGrid", "Header"} <= used
    assert used <= defined


def test_a_phase_summary_sums_its_duties_up_by_year_and_lists_them_in_annexes():
    """Guidance of 20/12/2023 counts in 2024 (Decree 09: the year's window opens on 15 December); the orders by the
    start of their dates. By hand: 2024 two documents to 10 + 6 recipients, 8 + 3 acknowledged; 2025 one to 4,
    4 acknowledged; the orders 2024 one (50 million, 1 of 2 cells in full), 2025 one (12,5 million, 0 of 1)."""
    snapshot = _phase_snapshot()

    def guidance(number, day, recipients, acknowledged, reports):
        title = f"Định hướng {number}"
        return {"number": number, "title": title, "issued_on": day, "recipients": recipients,
                "acknowledged": acknowledged, "reports": reports, "accepted_reports": reports}  # fmt: skip

    def order(number, start, budget, cells):
        return {"number": number, "press_agency": "Báo Lào Cai", "ordered_on": start, "start": start,
                "end": start, "budget": budget, "met": sum(cells),
                "cells": [{"channel": "Báo", "metric": "Số tin, bài", "unit": "tin, bài", "theme": "ND1",
                           "ordered": 10, "delivered": 10 if full else 5} for full in cells]}  # fmt: skip

    rows = [
        guidance("01/HD", "2023-12-20", 10, 8, 2),
        guidance("02/HD", "2024-06-01", 6, 3, 1),
        guidance("03/HD", "2025-03-01", 4, 4, 0),
    ]
    snapshot["duties"] = {
        "guidance": {"rows": rows, "recipients": 20, "acknowledged": 15},
        "orders": [order("01/ĐH", "2024-03-15", 50_000_000, [1, 0]), order("02/ĐH", "2025-03-15", 12_500_000, [0])],
        "content": {"rows": [], "provided": 0, "used": 0, "senders": 0, "press": 0},
    }
    document = docx.Document(io.BytesIO(build_docx(snapshot)))
    text = _all_text(document)
    assert "(danh mục tại Phụ lục 04)." in text
    by_year = _table(document, "Chỉ tiêu")
    assert [[c.text for c in r.cells][1:] for r in by_year.rows] == [
        ["Chỉ tiêu", "2024", "2025", "Tổng cộng"],
        ["Số văn bản định hướng đã ban hành", "2", "1", "3"],
        ["Số lượt nơi nhận", "16", "4", "20"],
        ["Số lượt đã xác nhận", "11 (68,8%)", "4 (100%)", "15 (75%)"],
        ["Báo cáo thực hiện", "3", "0", "3"],
    ]
    orders = [t for t in document.tables if [c.text for c in t.rows[0].cells][1:2] == ["Chỉ tiêu"]][1]
    assert [[c.text for c in r.cells][1:] for r in orders.rows[1:]] == [
        ["Số đơn đặt hàng", "1", "1", "2"],
        ["Kinh phí (triệu đồng)", "50", "12,5", "62,5"],
        ["Nội dung đặt hàng đã thực hiện đủ", "1/2 (50%)", "0/1 (0%)", "1/3 (33,3%)"],
    ]
    annexes = [p.text for p in document.paragraphs if p.text.startswith("Phụ lục ")]
    assert annexes == ["Phụ lục 01", "Phụ lục 02", "Phụ lục 03", "Phụ lục 04"]
    listed = next(t for t in document.tables if [c.text for c in t.rows[0].cells][1:2] == ["Văn bản định hướng"])
    assert [r.cells[1].text.split(":")[0] for r in listed.rows[1:]] == [
        "Số 01/HD ngày 20/12/2023",
        "Số 02/HD ngày 01/6/2024",
        "Số 03/HD ngày 01/3/2025",
    ]
