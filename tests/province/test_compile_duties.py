"""The compiled report's sections on the duties of the plan's section III (issue 17): guidance, press orders,
content provided to the press; hand-computed on the small province of ``compiled_data`` (2024-Q2 runs
15/03/2024 → 14/06/2024).

- Guidance: G1 (01/04) to A, B, C, D, acknowledged by A, B, C, answered by A's accepted report and E's
  returned one; G2 (20/05) to A and F, not acknowledged; G3 issued after the quarter and a draft dated in it
  are not counted. 2 documents, 6 recipients, 3 acknowledged (50 %), 2 reports (1 accepted).
- Orders: O1 to A over the quarter, 50 articles on ND1 (A delivered 40: 80 %) and 10 on ND2 (12: 120 %, in
  full); O2 to F over the half year, 20 articles on ND1 (F's report is not accepted: 0). 2 orders, 2 press
  agencies, 150.000.000 đồng, 1 of 3 cells in full (33,3 %).
- Content: B → A on ND1 (used), C → A on ND1, B → F on ND3 (used); one after the quarter. ND1 2 provided, 1
  used (50 %); ND3 1, 1 (100 %); 3 provided by 2 agencies to 2 press agencies, 2 used (66,7 %).
- Movements: A attributes 10 articles to "Cả nước chung tay vì người nghèo" and 5 to "Xây dựng nông thôn mới"
  at the occasion "Ngày Thi đua ái quốc"; B 3 articles and 2 sessions to the first. First movement: 15 products
  and activities by 2 agencies; second: 5 by 1; the occasion: 5 by 1. E's returned report attributes 100: not
  counted.
"""

import datetime

import docx
import openpyxl
import pytest
from django.core.files.storage import default_storage

from agencies import successions
from campaigns.models import Metric, Theme
from duties.models import ContentProvision, Guidance, GuidanceRecipient, GuidanceReport, PressOrder, PressOrderLine
from province import aggregation, compilation
from reports.models import ActivityReport
from tests.province.compiled_data import make_province, period

D = datetime.date


def _guidance(plan, issuer, number, day, status=Guidance.Status.ISSUED):
    return Guidance.objects.create(
        plan=plan,
        issuer=issuer,
        number=number,
        issued_on=day,
        title=f"Định hướng {number}",
        key_messages="…",
        valid_from=day,
        valid_until=day + datetime.timedelta(days=60),
        status=status,
    )


def _duties_world(plan, agencies, reviewer):
    a, b, c, d, e, f = (agencies[k] for k in "ABCDEF")
    g1 = _guidance(plan, reviewer.agency, "01/HD", D(2024, 4, 1))
    for agency in (a, b, c, d):
        GuidanceRecipient.objects.create(
            guidance=g1,
            agency=agency,
            acknowledged_at=None if agency == d else datetime.datetime(2024, 4, 3, tzinfo=datetime.UTC),
            acknowledged_by=None if agency == d else reviewer,
        )
    for agency in (a, e):
        report = ActivityReport.objects.get(agency=agency, period__code="2024-Q2")
        GuidanceReport.objects.create(guidance=g1, report=report)
    g2 = _guidance(plan, reviewer.agency, "02/HD", D(2024, 5, 20))
    for agency in (a, f):
        GuidanceRecipient.objects.create(guidance=g2, agency=agency)
    g3 = _guidance(plan, reviewer.agency, "03/HD", D(2024, 6, 20))
    GuidanceRecipient.objects.create(guidance=g3, agency=a)
    _guidance(plan, reviewer.agency, "04/HD", D(2024, 5, 1), status=Guidance.Status.DRAFT)

    articles = Metric.objects.get(channel__plan=plan, code="articles")
    nd1, nd2, nd3 = (Theme.objects.get(plan=plan, code=f"ND{i}") for i in (1, 2, 3))
    for press, number, start, end, budget, lines in (
        (a, "01/ĐH", D(2024, 3, 15), D(2024, 6, 14), 100_000_000, ((nd1, 50), (nd2, 10))),
        (f, "02/ĐH", D(2024, 1, 1), D(2024, 6, 30), 50_000_000, ((nd1, 20),)),
    ):
        order = PressOrder.objects.create(
            plan=plan,
            issuer=reviewer.agency,
            press_agency=press,
            number=number,
            ordered_on=start,
            period_start=start,
            period_end=end,
            budget=budget,
        )
        for theme, quantity in lines:
            PressOrderLine.objects.create(order=order, metric=articles, theme=theme, quantity=quantity)

    _attributions(plan, agencies)
    for sender, press, theme, day, used in (
        (b, a, nd1, D(2024, 4, 2), D(2024, 4, 5)),
        (c, a, nd1, D(2024, 5, 2), None),
        (b, f, nd3, D(2024, 6, 14), D(2024, 6, 20)),
        (b, a, nd1, D(2024, 6, 15), D(2024, 6, 16)),  # after the quarter
    ):
        ContentProvision.objects.create(
            sender=sender,
            press_agency=press,
            title="Tư liệu",
            theme=theme,
            provided_on=day,
            link="https://example.vn/t",
            used_on=used,
            published_link="https://bao.vn/p" if used else "",
        )


def _attributions(plan, agencies):
    from campaigns.models import Movement, Occasion
    from reports.models import Attribution

    poor = Movement.objects.create(code="t-ngheo", name="Cả nước chung tay vì người nghèo")
    rural = Movement.objects.create(code="t-ntm", name="Xây dựng nông thôn mới")
    day = Occasion.objects.create(code="t-11-6", name="Ngày Thi đua ái quốc", starts_on=D(2024, 6, 11))
    articles = Metric.objects.get(channel__plan=plan, code="articles")
    sessions = Metric.objects.get(channel__plan=plan, code="sessions")
    report = {k: ActivityReport.objects.get(agency=agencies[k], period__code="2024-Q2") for k in "ABE"}
    for key, metric, movement, occasion, value in (
        ("A", articles, poor, None, 10),
        ("A", articles, rural, day, 5),
        ("B", articles, poor, None, 3),
        ("B", sessions, poor, None, 2),
        ("E", articles, poor, None, 100),
    ):
        Attribution.objects.create(report=report[key], metric=metric, movement=movement, occasion=occasion, value=value)


@pytest.fixture
def compiled(db, reviewer, django_capture_on_commit_callbacks):
    plan, agencies, _metrics, _themes = make_province()
    _duties_world(plan, agencies, reviewer)
    with django_capture_on_commit_callbacks(execute=True):
        compiled = compilation.compiled_report_request(period=period("2024-Q2"), user=reviewer)
    compiled.refresh_from_db()
    assert compiled.status == "done", compiled.error
    return compiled


def test_the_snapshot_counts_the_duties_by_hand(compiled):
    duties = compiled.snapshot["duties"]
    guidance = duties["guidance"]
    assert [
        (g["number"], g["recipients"], g["acknowledged"], g["reports"], g["accepted_reports"]) for g in guidance["rows"]
    ] == [
        ("01/HD", 4, 3, 2, 1),
        ("02/HD", 2, 0, 0, 0),
    ]
    assert (guidance["recipients"], guidance["acknowledged"]) == (6, 3)
    orders = duties["orders"]
    assert [(o["number"], o["budget"], o["met"]) for o in orders] == [
        ("01/ĐH", 100_000_000, 1),
        ("02/ĐH", 50_000_000, 0),
    ]
    assert [(c["theme"], c["ordered"], c["delivered"]) for c in orders[0]["cells"]] == [
        ("ND1", 50, 40),
        ("ND2", 10, 12),
    ]
    assert [(c["theme"], c["ordered"], c["delivered"]) for c in orders[1]["cells"]] == [("ND1", 20, 0)]
    content = duties["content"]
    assert [(t["code"], t["provided"], t["used"]) for t in content["rows"]] == [("ND1", 2, 1), ("ND3", 1, 1)]
    assert (content["provided"], content["used"], content["senders"], content["press"]) == (3, 2, 2, 2)
    movements = duties["movements"]
    assert [(m["channel"], m["name"]) for m in movements["metrics"]] == [
        ("Báo chí địa phương", "Số tin, bài"),
        ("Hội nghị, hội thảo", "Số hội nghị"),
    ]
    assert [(m["name"], m["items"], m["agencies"], m["values"]) for m in movements["movements"]] == [
        ("Cả nước chung tay vì người nghèo", 15, 2, [13, 2]),
        ("Xây dựng nông thôn mới", 5, 1, [5, 0]),
    ]
    assert [(o["name"], o["items"], o["agencies"]) for o in movements["occasions"]] == [("Ngày Thi đua ái quốc", 5, 1)]


def _table(document, header):
    """The first table with a column headed ``header``."""
    return next(t for t in document.tables if len(t.columns) > 1 and header in [c.text for c in t.rows[0].cells])


def _text(document):
    parts = [p.text for p in document.paragraphs]
    parts.extend(cell.text for table in document.tables for row in table.rows for cell in row.cells)
    return "\n".join(parts)


def test_the_reviewer_s_drafts_say_what_the_duties_show(compiled):
    """The drafted strengths, shortcomings and tasks carry the duties' facts: 2 documents; 2 of 3 items of content
    used; 3 of 6 recipients not acknowledged (50 %); 2 of the 3 quantities ordered not delivered in full."""
    texts = compiled.snapshot["texts"]
    assert "Đã ban hành 02 văn bản định hướng tuyên truyền tới các cơ quan, đơn vị, địa phương." in texts["strengths"]
    assert "Báo chí đã sử dụng 2/3 thông tin, tư liệu được cung cấp (66,7%)." in texts["strengths"]
    shortcomings = texts["shortcomings"].splitlines()
    assert (
        "Còn 3 lượt cơ quan, đơn vị, địa phương chưa xác nhận đã nhận văn bản định hướng tuyên truyền (50%)."
        in shortcomings
    )
    assert "Còn 2/3 nội dung đặt hàng các cơ quan báo chí chưa được thực hiện đủ." in shortcomings
    assert "Đôn đốc các cơ quan báo chí thực hiện đủ các nội dung đặt hàng." in texts["next_tasks"].splitlines()


def test_the_document_has_a_section_for_each_duty(compiled):
    document = docx.Document(default_storage.open(compiled.docx.name))
    text = _text(document)
    assert "Công tác định hướng tuyên truyền" in text
    assert (
        "các báo cáo đã gắn một phần kết quả với 02 phong trào thi đua và 01 dịp kỷ niệm, sự kiện (là một phần của "
        "kết quả nêu trên, không cộng thêm). Phong trào được tuyên truyền nhiều nhất là Cả nước chung tay vì người "
        "nghèo: 15 sản phẩm, hoạt động của 2 cơ quan, đơn vị, địa phương."
    ) in text
    movements = _table(document, "Phong trào, dịp kỷ niệm, sự kiện")
    assert [[c.text for c in row.cells] for row in movements.rows[1:]] == [
        ["I", "Phong trào thi đua", "", ""],
        ["1", "Cả nước chung tay vì người nghèo", "2", "15"],
        ["2", "Xây dựng nông thôn mới", "1", "5"],
        ["II", "Dịp kỷ niệm, sự kiện", "", ""],
        ["1", "Ngày Thi đua ái quốc", "1", "5"],
    ]
    assert (
        "Sở Thông tin và Truyền thông đã ban hành 02 văn bản định hướng tuyên truyền, gửi tới 6 lượt cơ quan, đơn vị, "
        "địa phương; 3 lượt đã xác nhận đã nhận (50%); 2 báo cáo"
    ) in text
    guidance = _table(document, "Văn bản định hướng")
    assert [c.text for c in guidance.rows[1].cells] == [
        "1",
        "Số 01/HD ngày 01/4/2024: Định hướng 01/HD",
        "4",
        "3 (75%)",
        "2",
    ]
    assert [c.text for c in guidance.rows[2].cells][2:] == ["2", "0 (0%)", "0"]
    assert (
        "02 đơn đặt hàng với 02 cơ quan báo chí, tổng kinh phí 150.000.000 đồng; 1/3 nội dung đặt hàng (theo hình "
        "thức và nội dung tuyên truyền) đã được thực hiện đủ (33,3%; chi tiết tại Phụ lục 03)"
    ) in text
    orders = _table(document, "Nội dung thực hiện đủ")
    assert [c.text for c in orders.rows[1].cells][4:] == ["100.000.000", "1/2 (50%)"]
    annex = next(
        t for t in document.tables if len(t.columns) == 6 and t.rows[0].cells[2].text == "Nội dung tuyên truyền"
    )
    assert [[c.text for c in row.cells][2:] for row in annex.rows[1:] if row.cells[0].text.isdigit()] == [
        ["ND1", "50", "40", "80%"],
        ["ND2", "10", "12", "120%"],
        ["ND1", "20", "0", "0%"],
    ]
    assert annex.rows[1].cells[1].text == "A Báo Lào Cai, đơn đặt hàng số 01/ĐH ngày 15/3/2024"
    assert "KẾT QUẢ THỰC HIỆN ĐẶT HÀNG CƠ QUAN BÁO CHÍ" in text
    assert (
        "2 cơ quan, đơn vị, địa phương đã cung cấp 3 thông tin, tư liệu cho 2 cơ quan báo chí; báo chí đã sử dụng 2 "
        "thông tin, tư liệu (66,7%)."
    ) in text
    content = _table(document, "Báo chí đã sử dụng")
    assert [[c.text for c in row.cells][2:] for row in content.rows[1:]] == [
        ["2", "1", "50%"],
        ["1", "1", "100%"],
        ["3", "2", "66,7%"],
    ]


def test_the_workbook_has_a_sheet_for_each_duty(compiled):
    workbook = openpyxl.load_workbook(default_storage.open(compiled.xlsx.name))
    assert workbook.sheetnames[-4:] == [
        "Phong trào, dịp",
        "Định hướng tuyên truyền",
        "Đặt hàng báo chí",
        "Cung cấp thông tin",
    ]
    movements = list(workbook["Phong trào, dịp"].iter_rows(values_only=True))
    assert movements == [
        (
            "Nhóm",
            "Tên",
            "Số cơ quan",
            "Sản phẩm, hoạt động",
            "Báo chí địa phương - Số tin, bài (tin, bài)",
            "Hội nghị, hội thảo - Số hội nghị (cuộc)",
        ),
        ("Phong trào thi đua", "Cả nước chung tay vì người nghèo", 2, 15, 13, 2),
        ("Phong trào thi đua", "Xây dựng nông thôn mới", 1, 5, 5, 0),
        ("Dịp kỷ niệm, sự kiện", "Ngày Thi đua ái quốc", 1, 5, 5, 0),
    ]
    guidance = list(workbook["Định hướng tuyên truyền"].iter_rows(min_row=2, values_only=True))
    assert [row[3:] for row in guidance] == [(4, 3, 75.0, 2, 1), (2, 0, 0.0, 0, 0)]
    orders = list(workbook["Đặt hàng báo chí"].iter_rows(min_row=2, values_only=True))
    assert [(row[0], row[5], row[9], row[10], row[11], row[12]) for row in orders] == [
        ("A Báo Lào Cai", 100_000_000, "ND1", 50, 40, 80.0),
        ("A Báo Lào Cai", 100_000_000, "ND2", 10, 12, 120.0),
        ("F Tạp chí Fansipăng", 50_000_000, "ND1", 20, 0, 0.0),
    ]
    content = list(workbook["Cung cấp thông tin"].iter_rows(min_row=2, values_only=True))
    assert [row[2:] for row in content] == [(2, 1, 50.0), (1, 1, 100.0), (3, 2, 66.7)]


@pytest.mark.parametrize("extra", [0, 3])
def test_the_duties_cost_a_fixed_number_of_queries(db, reviewer, extra, django_assert_num_queries):
    plan, agencies, _metrics, _themes = make_province()
    _duties_world(plan, agencies, reviewer)
    for i in range(extra):
        g = _guidance(plan, reviewer.agency, f"1{i}/HD", D(2024, 4, 10))
        GuidanceRecipient.objects.create(guidance=g, agency=agencies["B"])
        ContentProvision.objects.create(
            sender=agencies["C"],
            press_agency=agencies["F"],
            title="T",
            theme=plan.themes.get(code="ND2"),
            provided_on=D(2024, 4, 10),
            link="https://example.vn",
        )
    quarter = period("2024-Q2")
    with django_assert_num_queries(compilation.DUTIES_QUERY_COUNT):
        part = compilation.duties_part(quarter)
    assert len(part["guidance"]["rows"]) == 2 + extra
    assert part["content"]["provided"] == 3 + extra
    assert aggregation.QUERY_COUNT  # the compile's own count adds DUTIES_QUERY_COUNT (test_compile_services)


def test_nothing_in_the_period_says_so(db, reviewer, django_assert_num_queries):
    make_province()
    quarter = period("2024-Q2")
    with django_assert_num_queries(compilation.DUTIES_EMPTY_QUERY_COUNT):
        part = compilation.duties_part(quarter)
    assert (part["guidance"]["rows"], part["orders"], part["content"]["provided"]) == ([], [], 0)
    # The successions already read (as the compile's run has them): one query less.
    graph = successions.load_graph()
    with django_assert_num_queries(compilation.DUTIES_EMPTY_QUERY_COUNT - 1):
        assert compilation.duties_part(quarter, graph=graph) == part
