"""The compiled figures as an XLSX workbook: one sheet per breakdown.

``build_xlsx(snapshot) -> bytes``; the snapshot schema is in the package docstring.

Numbers are written as numbers (so they can be summed). Every text cell is
safe from formula injection: openpyxl turns a string starting with "=" into a
formula, and spreadsheet programs treat cells starting with = + - @ (or a tab
or CR before them) as formulas when the file is re-saved as CSV or edited.
``_text`` therefore stores such strings explicitly as text *and* marks them with
the quote prefix (Excel's leading apostrophe: shown as typed, never evaluated).
"""

import io
from datetime import date

from openpyxl import Workbook
from openpyxl.cell.cell import TYPE_STRING
from openpyxl.styles import Alignment, Font, NamedStyle
from openpyxl.utils import get_column_letter

from core.spreadsheet import FORMULA_SIGNS, looks_like_formula

from .text import STATUS_LABELS, change, clean, metric_index

# What makes a text a formula (after leading blanks): see ``core.spreadsheet``.
FORMULA_TRIGGERS = (*FORMULA_SIGNS, "\t", "\r", "\n")
HEADER_FONT = Font(name="Times New Roman", bold=True)
BODY_FONT = Font(name="Times New Roman")
# Named styles registered once per workbook and applied by name: cheaper than
# assigning a Font (hashed and looked up in the workbook's font list) per cell.
HEADER_STYLE, BODY_STYLE = "Thi đua – tiêu đề", "Thi đua – nội dung"


def build_xlsx(snapshot: dict) -> bytes:
    workbook = Workbook()
    workbook.add_named_style(
        NamedStyle(
            name=HEADER_STYLE,
            font=HEADER_FONT,
            alignment=Alignment(wrap_text=True, vertical="center", horizontal="center"),
        )
    )
    workbook.add_named_style(NamedStyle(name=BODY_STYLE, font=BODY_FONT))
    workbook.remove(workbook.active)
    metrics = metric_index(snapshot)
    metric_headers = [f"{m['channel_code']} - {m['name']} ({m['unit']})" for m in metrics]

    _sheet(
        workbook,
        "Thông tin chung",
        ["Mục", "Nội dung"],
        [
            ["Báo cáo", snapshot["document"]["summary"]],
            ["Kỳ báo cáo", f"{snapshot['period']['label']} ({snapshot['period']['code']})"],
            ["Từ ngày", _date(snapshot["period"]["start"])],
            ["Đến ngày", _date(snapshot["period"]["end"])],
            ["Kế hoạch", snapshot["plan"]["title"]],
            ["Cơ quan báo cáo", snapshot["issuer"]["name_sentence"]],
            ["Số văn bản", snapshot["document"].get("number") or ""],
            ["Ngày văn bản", _date(snapshot["document"].get("date"))],
            ["Lần tổng hợp", snapshot["document"]["version"]],
            ["Số báo cáo được tổng hợp", snapshot.get("report_count", 0)],
            [
                "Gồm báo cáo chưa được chấp nhận",
                "Có" if snapshot.get("includes_unaccepted") else "Không",
            ],
        ],
    )

    comparison = snapshot.get("comparison") or {}
    rows = [
        [
            metric["channel_code"],
            metric["channel_name"],
            metric["name"],
            metric["unit"],
            metric["total"],
            metric.get("previous"),
            change(metric["total"], metric.get("previous")) if comparison.get("previous") else None,
            metric.get("year_before"),
        ]
        for metric in metrics
    ]
    _sheet(
        workbook,
        "Theo hình thức",
        ["Mã", "Hình thức", "Chỉ tiêu", "Đơn vị tính", "Kỳ này", "Kỳ trước", "Tăng, giảm", "Cùng kỳ năm trước"],
        rows,
    )

    _sheet(
        workbook,
        "Theo nội dung",
        ["Mã", "Nội dung tuyên truyền", "Số cơ quan", "Sản phẩm, hoạt động", *metric_headers],
        [
            [t["code"], t["name"], t["agencies"], t["items"], *(t["values"].get(m["key"], 0) for m in metrics)]
            for t in snapshot["themes"]
        ],
    )

    theme_codes = [t["code"] for t in snapshot["themes"]]
    kind_labels = {k["kind"]: k["label"] for k in snapshot["agency_kinds"]}
    _sheet(
        workbook,
        "Theo cơ quan",
        ["Mã", "Cơ quan, đơn vị", "Nhóm", "Địa bàn", "Tình hình báo cáo", "Sản phẩm, hoạt động", *metric_headers],
        [
            [
                a["code"],
                a["name"],
                kind_labels.get(a["kind"], a["kind"]),
                a["unit"],
                STATUS_LABELS.get(a["status"], a["status"]),
                a["items"],
                *(a["values"].get(m["key"], 0) for m in metrics),
            ]
            for a in snapshot["agencies"]
        ],
    )

    _sheet(
        workbook,
        "Cơ quan x nội dung",
        ["Mã", "Cơ quan, đơn vị", *theme_codes],
        [[a["code"], a["name"], *(a["themes"].get(code, 0) for code in theme_codes)] for a in snapshot["agencies"]],
    )

    _sheet(
        workbook,
        "Theo nhóm cơ quan",
        ["Nhóm cơ quan", "Thuộc diện báo cáo", "Đã báo cáo", "Sản phẩm, hoạt động", *metric_headers],
        [
            [
                k["label"],
                k["expected"],
                k["reported"],
                k["items"],
                *(k["values"].get(m["key"], 0) for m in metrics),
            ]
            for k in snapshot["agency_kinds"]
        ],
    )

    _sheet(
        workbook,
        "Theo địa bàn",
        ["Mã", "Đơn vị hành chính", "Số cơ quan", "Đã báo cáo", "Sản phẩm, hoạt động", *metric_headers],
        [
            [
                u["code"],
                u["name"],
                u["agencies"],
                u["reported"],
                u["items"],
                *(u["values"].get(m["key"], 0) for m in metrics),
            ]
            for u in snapshot.get("units") or []
        ],
    )

    _sheet(
        workbook,
        "Tình hình báo cáo",
        ["Mã", "Cơ quan, đơn vị", "Số kỳ phải báo cáo", "Đã gửi", "Gửi muộn", "Tình hình"],
        [
            [
                a["code"],
                a["name"],
                a["expected"],
                a["submitted"],
                a["late"],
                STATUS_LABELS.get(a["status"], a["status"]),
            ]
            for a in snapshot["agencies"]
        ],
    )

    if snapshot.get("trend"):
        _sheet(
            workbook,
            "Xu hướng",
            ["Kỳ", "Tên kỳ", "Sản phẩm, hoạt động", *metric_headers],
            [
                [p["code"], p["label"], p["items"], *(p["values"].get(m["key"], 0) for m in metrics)]
                for p in snapshot["trend"]
            ],
        )

    narrative_rows = []
    for key, label in (
        ("shortcomings", "Tồn tại, hạn chế"),
        ("next_tasks", "Nhiệm vụ kỳ tới"),
        ("proposals", "Đề xuất"),
    ):
        own = (snapshot.get("texts") or {}).get(key)
        if own:
            narrative_rows.append([label, snapshot["issuer"]["name_sentence"], own])
        narrative_rows.extend(
            [label, item["agency"], item["text"]] for item in (snapshot.get("narratives") or {}).get(key) or []
        )
    _sheet(workbook, "Tồn tại, đề xuất", ["Phần", "Cơ quan, đơn vị", "Nội dung"], narrative_rows)

    _sheet(
        workbook,
        "Gương điển hình",
        ["Tên", "Loại", "Cơ quan, địa bàn", "Hình thức giới thiệu"],
        [
            [h.get("name"), h.get("category"), h.get("agency"), h.get("channel")]
            for h in snapshot.get("honourees") or []
        ],
    )

    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def _sheet(workbook, title, header, rows):
    sheet = workbook.create_sheet(title[:31])
    for col, text in enumerate(header, start=1):
        cell = sheet.cell(row=1, column=col)
        cell.style = HEADER_STYLE
        _text(cell, text)
    for r, values in enumerate(rows, start=2):
        for col, value in enumerate(values, start=1):
            cell = sheet.cell(row=r, column=col)
            cell.style = BODY_STYLE
            if isinstance(value, bool):
                _text(cell, "Có" if value else "Không")
            elif isinstance(value, int | float):
                cell.value = value
            elif isinstance(value, date):
                cell.value = value
                cell.number_format = "DD/MM/YYYY"
            elif value is None:
                continue
            else:
                _text(cell, value)
    sheet.freeze_panes = "A2"
    for col, text in enumerate(header, start=1):
        longest = max([len(str(text))] + [len(str(v)) for v in (row[col - 1] for row in rows) if v is not None])
        sheet.column_dimensions[get_column_letter(col)].width = min(max(longest + 2, 8), 60)
    return sheet


def _date(iso):
    """A date cell (shown dd/mm/yyyy) from the snapshot's ISO text; None leaves the cell empty."""
    return date.fromisoformat(iso) if iso else None


def _text(cell, value):
    """Write ``value`` as text that no spreadsheet will evaluate."""
    # One kind of line break: Excel shows a stray "_x000D_" or a box for a carriage return.
    text = clean(value).replace("\r\n", "\n").replace("\r", "\n")
    cell.value = text
    # openpyxl guesses a formula from a leading "=": force the string type.
    cell.data_type = TYPE_STRING
    if looks_like_formula(text):
        cell.quotePrefix = True
        cell.alignment = Alignment(horizontal="left")
