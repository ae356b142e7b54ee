"""The DOCX builder: Decree 30/2020/NĐ-CP page setup, fonts and parts, read back with python-docx."""

import io

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


def test_body_sections_i_to_iv_in_order(document):
    texts = [p.text for p in document.paragraphs]
    headings = [
        "I. KẾT QUẢ ĐẠT ĐƯỢC",
        "II. TỒN TẠI, HẠN CHẾ VÀ NGUYÊN NHÂN",
        "III. NHIỆM VỤ TRỌNG TÂM KỲ TỚI",
        "IV. ĐỀ XUẤT, KIẾN NGHỊ",
    ]
    positions = [texts.index(h) for h in headings]
    assert positions == sorted(positions)
    for heading in headings:
        assert _find(document.paragraphs, heading).runs[0].bold
    body = _find(document.paragraphs, "Công tác tuyên truyền ở cơ sở chưa đồng đều.")
    assert _alignment(body) == WD_ALIGN_PARAGRAPH.JUSTIFY
    assert _size(body) == Pt(14)


def test_results_tables_hold_the_totals_and_the_chart(document):
    # Tables: heading, channels, themes, agency kinds, units, (rule holder), signature.
    channel_table = _table(document, "Hình thức, chỉ tiêu")
    rows = {r.cells[1].text: [c.text for c in r.cells] for r in channel_table.rows}
    assert rows["Số tin, bài"][3] == "52"
    assert rows["Số tin, bài"][4] == "40"
    assert rows["Số tin, bài"][5] == "+30,0%"
    assert rows["Số lượt người tham dự"][3] == "250"
    theme_table = _table(document, "Nội dung tuyên truyền")
    nd1 = [c.text for c in theme_table.rows[1].cells]
    assert nd1[0] == "ND1"
    assert nd1[-1] == "50"  # 40 articles + 7 web posts + 3 sessions
    kinds = _table(document, "Nhóm cơ quan, đơn vị")
    assert [c.text for c in kinds.rows[-1].cells][1:] == ["Tổng cộng", "3", "2", "62"]
    assert len(document.inline_shapes) == 1
    text = _all_text(document)
    assert "Đơn vị gửi báo cáo muộn: UBND huyện Bát Xát." in text
    assert "Đơn vị chưa gửi báo cáo: UBND huyện Mường Khương." in text


def test_agency_narratives_are_attributed_and_cleaned(document):
    text = _all_text(document)
    assert "- Một số xã chưa bố trí kinh phí cho cụm loa. (UBND huyện Bát Xát)" in text
    # The bell character cannot live in XML: gone; the rest kept as plain text.
    assert '=HYPERLINK("http://x") đề nghị bổ sung kinh phí (Báo Lào Cai)' in text
    assert "\x07" not in text


def test_markup_in_agency_text_stays_text():
    snapshot = sample_snapshot()
    snapshot["narratives"]["shortcomings"] = [{"agency": "A & B <b>", "text": "<script>alert(1)</script> & </w:t>"}]
    document = docx.Document(io.BytesIO(build_docx(snapshot)))
    assert "- <script>alert(1)</script> & </w:t> (A & B <b>)" in _all_text(document)


def test_signature_block_and_recipients(document):
    signature = _cell_paragraphs(document.tables[-1])
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
    assert "chưa có báo cáo nào của các cơ quan, đơn vị được chấp nhận" in _all_text(document)
    assert len(document.inline_shapes) == 0


def test_unaccepted_reports_are_announced():
    document = docx.Document(io.BytesIO(build_docx(sample_snapshot(includes_unaccepted=True))))
    assert "chưa được thẩm định, chấp nhận" in _all_text(document)


def test_phase_report_shows_the_trend_year_by_year():
    trend = [
        {"code": f"{y}-Y", "label": f"Năm {y}", "items": 100 * (y - 2020), "values": {"HT1.articles": y - 2000}}
        for y in range(2021, 2026)
    ]
    document = docx.Document(io.BytesIO(build_docx(sample_snapshot(trend=trend))))
    assert "5. Kết quả qua các năm" in [p.text for p in document.paragraphs]
    table = _table(document, "Kỳ")
    assert [r.cells[1].text for r in table.rows[1:]] == [f"Năm {y}" for y in range(2021, 2026)]
    assert table.rows[5].cells[2].text == "500"


def test_agencies_not_expected_to_report_are_not_listed_as_late():
    # An agency past its activity window (a district People's Committee after
    # 1 July 2025) that still sent a late report is counted in the figures but
    # not in the completeness lists, whose counts leave it out too.
    snapshot = sample_snapshot()
    snapshot["agencies"].append(
        {**snapshot["agencies"][0], "code": "OLD", "name": "UBND huyện Đã Giải Thể", "status": "late", "expected": 0}
    )
    text = _all_text(docx.Document(io.BytesIO(build_docx(snapshot))))
    assert "UBND huyện Đã Giải Thể" not in text


def test_the_document_is_vietnamese_whatever_language_is_active(document):
    # A reviewer with the English interface, or a task with no language, still compiles the Vietnamese report.
    with translation.override("en"):
        english_active = docx.Document(io.BytesIO(build_docx(sample_snapshot())))
    assert _all_text(english_active) == _all_text(document)
    assert "III. NHIỆM VỤ TRỌNG TÂM KỲ TỚI" in _all_text(english_active)
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
        narrative = {"agency": "Báo Lào Cai", "text": "Một đoạn.\nĐoạn thứ hai\tcó tab."}
        snapshot["narratives"]["next_tasks"] = [narrative] * narratives
        content = build_docx(snapshot)
        monkeypatch.undo()
        return searched, docx.Document(io.BytesIO(content))

    few, _short = searches(10)
    many, document = searches(200)

    assert many == few
    assert not any(tag == qn("w:p") or tag == qn("w:tbl") for tag in many)
    texts = [p.text for p in document.paragraphs]
    assert texts.count("- Một đoạn.") == 200
    assert texts.count("Đoạn thứ hai\tcó tab. (Báo Lào Cai)") == 200


def test_completeness_counts_the_agencies_and_the_reports_they_owed():
    snapshot = sample_snapshot()
    # Two agencies owed 5 reports between them (a monthly reporter owes three a quarter).
    snapshot["completeness"] = {"expected": 5, "on_time": 3, "late": 1, "missing": 1, "agencies": 2}
    text = _all_text(docx.Document(io.BytesIO(build_docx(snapshot))))
    assert (
        "Trong kỳ, 2 cơ quan, đơn vị, địa phương thuộc diện báo cáo, phải gửi 5 báo cáo; đã gửi 4 báo cáo (80,0%), "
        "trong đó 3 báo cáo đúng thời hạn, 1 báo cáo chậm so với thời hạn quy định; còn 1 báo cáo chưa gửi."
    ) in text


def test_a_snapshot_from_before_the_owed_periods_still_builds():
    snapshot = sample_snapshot()
    snapshot["completeness"] = {"expected": 3, "on_time": 1, "late": 1, "missing": 1}  # agencies, then
    text = _all_text(docx.Document(io.BytesIO(build_docx(snapshot))))
    assert "Trong kỳ, 3 cơ quan, đơn vị, địa phương thuộc diện báo cáo, phải gửi 3 báo cáo" in text


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
