"""The compiled figures as an XLSX workbook: one sheet per breakdown.

``build_xlsx(snapshot) -> bytes``; the snapshot schema is in the package docstring.

Numbers are written as numbers (so they can be summed), dates as dates shown dd/mm/yyyy. Every text cell is
safe from formula injection: spreadsheet programs treat cells starting with = + - @ (or a tab or CR before
them) as formulas when the file is re-saved as CSV or edited. The writer (``core.xlsx``) therefore stores every
text as a string, never as a formula, *and* marks formula-like text with the quote prefix (Excel's leading
apostrophe: shown as typed, never evaluated).
"""

from datetime import date

from django.utils import translation
from django.utils.translation import pgettext

from core.spreadsheet import FORMULA_SIGNS
from core.xlsx import Sheet, workbook_bytes
from duties.selectors import rate

from . import DOCUMENT_LANGUAGE
from .text import change, metric_index, plan_reference, status_labels

# What makes a text a formula (after leading blanks): see ``core.spreadsheet``.
FORMULA_TRIGGERS = (*FORMULA_SIGNS, "\t", "\r", "\n")
FONT = "Times New Roman"


def _header_style():
    """The name of the header cells' named style (bold, wrapped, centred); the body cells' is ``_body_style``."""
    return pgettext("spreadsheet style", "Thi đua – header")


def _body_style():
    return pgettext("spreadsheet style", "Thi đua – content")


def build_xlsx(snapshot: dict) -> bytes:
    """The workbook as XLSX bytes, in Vietnamese whatever language is active: the sheets of ``SHEETS`` in order
    (the trend only for a phase report)."""
    with translation.override(DOCUMENT_LANGUAGE):
        return _build(snapshot)


def build_narratives_xlsx(snapshot: dict) -> bytes:
    """The agencies' own texts (shortcomings, tasks for the next period, proposals) and the issuer's, as a
    workbook of their own, in Vietnamese. Kept out of the figures' workbook: over a phase they are tens of
    thousands of rows, which the compile need not write; this one is built when someone downloads it."""
    with translation.override(DOCUMENT_LANGUAGE):
        return _written([_narratives(snapshot, None)])


def _build(snapshot):
    metrics = metric_index(snapshot)
    return _written([table for sheet in SHEETS if (table := sheet(snapshot, metrics)) is not None])


# One sheet's content: its tab title, its header row and its rows of values (what ``core.xlsx`` writes).
Table = Sheet


def _metric_headers(metrics):
    return [f"{m['channel_code']} - {m['name']} ({m['unit']})" for m in metrics]


def _metric_values(values, metrics):
    return [values.get(m["key"], 0) for m in metrics]


# -- the sheets, in workbook order ------------------------------------------------


def _general(snapshot, metrics):
    period, document = snapshot["period"], snapshot["document"]
    return Table(
        pgettext("report workbook", "General information"),
        [pgettext("report workbook", "Item"), pgettext("report workbook", "Content")],
        [
            [pgettext("report workbook", "Report"), document["summary"]],
            [pgettext("report workbook", "Reporting period"), f"{period['label']} ({period['code']})"],
            [pgettext("report workbook", "From"), _date(period["start"])],
            [pgettext("report workbook", "To"), _date(period["end"])],
            [pgettext("report workbook", "Plan"), plan_reference(snapshot["plan"])],
            [pgettext("report workbook", "Reporting agency"), snapshot["issuer"]["name_sentence"]],
            [pgettext("report workbook", "Document number"), document.get("number") or ""],
            [pgettext("report workbook", "Document date"), _date(document.get("date"))],
            [pgettext("report workbook", "Compilation number"), document["version"]],
            [pgettext("report workbook", "Reports compiled"), snapshot.get("report_count", 0)],
            [
                pgettext("report workbook", "Includes reports not yet accepted"),
                _yes_no(snapshot.get("includes_unaccepted")),
            ],
        ],
    )


def _channels(snapshot, metrics):
    with_previous = bool((snapshot.get("comparison") or {}).get("previous"))
    rows = [
        [
            metric["channel_code"],
            metric["channel_name"],
            metric["name"],
            metric["unit"],
            metric["total"],
            metric.get("previous"),
            change(metric["total"], metric.get("previous")) if with_previous else None,
            metric.get("year_before"),
        ]
        for metric in metrics
    ]
    header = [
        pgettext("report workbook", "Code"),
        pgettext("report workbook", "Channel"),
        pgettext("report workbook", "Indicator"),
        pgettext("report workbook", "Unit"),
        pgettext("report workbook", "This period"),
        pgettext("report workbook", "Previous period"),
        pgettext("report workbook", "Change"),
        pgettext("report workbook", "Same period last year"),
    ]
    return Table(pgettext("report workbook", "By channel"), header, rows)


def _themes(snapshot, metrics):
    return Table(
        pgettext("report workbook", "By theme"),
        [
            pgettext("report workbook", "Code"),
            pgettext("report workbook", "Theme"),
            pgettext("report workbook", "Agencies"),
            pgettext("report workbook", "Products and activities"),
            *_metric_headers(metrics),
        ],
        [
            [t["code"], t["name"], t["agencies"], t["items"], *_metric_values(t["values"], metrics)]
            for t in snapshot["themes"]
        ],
    )


def _agencies(snapshot, metrics):
    labels = status_labels()
    kind_labels = {k["kind"]: k["label"] for k in snapshot["agency_kinds"]}
    header = [
        pgettext("report workbook", "Code"),
        pgettext("report workbook", "Agency"),
        pgettext("report workbook", "Kind"),
        pgettext("report workbook", "Area"),
        pgettext("report workbook", "Reporting status"),
        pgettext("report workbook", "Products and activities"),
    ]
    return Table(
        pgettext("report workbook", "By agency"),
        [*header, *_metric_headers(metrics)],
        [
            [
                a["code"],
                a["name"],
                kind_labels.get(a["kind"], a["kind"]),
                a["unit"],
                labels.get(a["status"], a["status"]),
                a["items"],
                *_metric_values(a["values"], metrics),
            ]
            for a in snapshot["agencies"]
        ],
    )


def _agency_themes(snapshot, metrics):
    theme_codes = [t["code"] for t in snapshot["themes"]]
    return Table(
        pgettext("report workbook", "Agency x theme"),
        [pgettext("report workbook", "Code"), pgettext("report workbook", "Agency"), *theme_codes],
        [[a["code"], a["name"], *(a["themes"].get(code, 0) for code in theme_codes)] for a in snapshot["agencies"]],
    )


def _agency_kinds(snapshot, metrics):
    return Table(
        pgettext("report workbook", "By kind of agency"),
        [
            pgettext("report workbook", "Kind of agency"),
            pgettext("report workbook", "Due to report"),
            pgettext("report workbook", "Reported"),
            pgettext("report workbook", "Products and activities"),
            *_metric_headers(metrics),
        ],
        [
            [k["label"], k["expected"], k["reported"], k["items"], *_metric_values(k["values"], metrics)]
            for k in snapshot["agency_kinds"]
        ],
    )


def _units(snapshot, metrics):
    return Table(
        pgettext("report workbook", "By area"),
        [
            pgettext("report workbook", "Code"),
            pgettext("report workbook", "Administrative unit"),
            pgettext("report workbook", "Agencies"),
            pgettext("report workbook", "Reported"),
            pgettext("report workbook", "Products and activities"),
            *_metric_headers(metrics),
        ],
        [
            [u["code"], u["name"], u["agencies"], u["reported"], u["items"], *_metric_values(u["values"], metrics)]
            for u in snapshot.get("units") or []
        ],
    )


def _completeness(snapshot, metrics):
    labels = status_labels()
    return Table(
        pgettext("report workbook", "Reporting status"),
        [
            pgettext("report workbook", "Code"),
            pgettext("report workbook", "Agency"),
            pgettext("report workbook", "Periods due"),
            pgettext("report workbook", "Sent"),
            pgettext("report workbook", "Sent late"),
            pgettext("report workbook", "Status"),
        ],
        [
            [
                a["code"],
                a["name"],
                a["expected"],
                a["submitted"],
                a["late"],
                labels.get(a["status"], a["status"]),
            ]
            for a in snapshot["agencies"]
        ],
    )


def _trend(snapshot, metrics):
    """The year-by-year sheet of a phase report; ``None`` (no sheet) for a shorter period."""
    if not snapshot.get("trend"):
        return None
    return Table(
        pgettext("report workbook", "Trend"),
        [
            pgettext("report workbook", "Period"),
            pgettext("report workbook", "Period name"),
            pgettext("report workbook", "Products and activities"),
            *_metric_headers(metrics),
        ],
        [[p["code"], p["label"], p["items"], *_metric_values(p["values"], metrics)] for p in snapshot["trend"]],
    )


def _narratives(snapshot, metrics):
    """The reviewer's text of each part (issued by the issuer), then each agency's."""
    rows = []
    for key, label in (
        ("shortcomings", pgettext("report workbook", "Shortcomings, limitations")),
        ("next_tasks", pgettext("report workbook", "Tasks for the next period")),
        ("proposals", pgettext("report workbook", "Proposals")),
    ):
        own = (snapshot.get("texts") or {}).get(key)
        if own:
            rows.append([label, snapshot["issuer"]["name_sentence"], own])
        rows.extend([label, item["agency"], item["text"]] for item in (snapshot.get("narratives") or {}).get(key) or [])
    return Table(
        pgettext("report workbook", "Shortcomings, proposals"),
        [
            pgettext("report workbook", "Part"),
            pgettext("report workbook", "Agency"),
            pgettext("report workbook", "Content"),
        ],
        rows,
    )


def _honourees(snapshot, metrics):
    return Table(
        pgettext("report workbook", "Outstanding examples"),
        [
            pgettext("report workbook", "Name"),
            pgettext("report workbook", "Category"),
            pgettext("report workbook", "Agency, area"),
            pgettext("report workbook", "Presented through"),
        ],
        [
            [h.get("name"), h.get("category"), h.get("agency"), h.get("channel")]
            for h in snapshot.get("honourees") or []
        ],
    )


def _movements(snapshot, metrics):
    """Per movement and per occasion: the agencies, the products and activities, and each main figure."""
    part = (snapshot.get("duties") or {}).get("movements")
    if part is None:
        return None
    kinds = (
        (pgettext("report workbook", "Movement"), part["movements"]),
        (pgettext("report workbook", "Occasion"), part["occasions"]),
    )
    return Table(
        pgettext("report workbook", "Movements, occasions"),
        [
            pgettext("report workbook", "Kind"),
            pgettext("report workbook", "Name"),
            pgettext("report workbook", "Agencies"),
            pgettext("report workbook", "Products and activities"),
            *(f"{m['channel']} - {m['name']} ({m['unit']})" for m in part["metrics"]),
        ],
        [[kind, r["name"], r["agencies"], r["items"], *r["values"]] for kind, rows in kinds for r in rows],
    )


def _guidance(snapshot, metrics):
    """The guidance issued in the period (a snapshot compiled before duties were recorded has no such sheet)."""
    part = (snapshot.get("duties") or {}).get("guidance")
    if part is None:
        return None
    return Table(
        pgettext("report workbook", "Propaganda guidance"),
        [
            pgettext("report workbook", "Number and symbol"),
            pgettext("report workbook", "Date"),
            pgettext("report workbook", "Title"),
            pgettext("report workbook", "Recipients"),
            pgettext("report workbook", "Acknowledged"),
            pgettext("report workbook", "Acknowledged (%)"),
            pgettext("report workbook", "Reports answering it"),
            pgettext("report workbook", "Of which accepted"),
        ],
        [
            [
                g["number"],
                _date(g["issued_on"]),
                g["title"],
                g["recipients"],
                g["acknowledged"],
                rate(g["acknowledged"], g["recipients"]),
                g["reports"],
                g["accepted_reports"],
            ]
            for g in part["rows"]
        ],
    )


def _orders(snapshot, metrics):
    """Each cell of each press order in force in the period: ordered, delivered, rate."""
    orders = (snapshot.get("duties") or {}).get("orders")
    if orders is None:
        return None
    return Table(
        pgettext("report workbook", "Press orders"),
        [
            pgettext("report workbook", "Press agency"),
            pgettext("report workbook", "Order number"),
            pgettext("report workbook", "Order date"),
            pgettext("report workbook", "From"),
            pgettext("report workbook", "To"),
            pgettext("report workbook", "Budget (VND)"),
            pgettext("report workbook", "Channel"),
            pgettext("report workbook", "Indicator"),
            pgettext("report workbook", "Unit"),
            pgettext("report workbook", "Theme"),
            pgettext("report workbook", "Ordered"),
            pgettext("report workbook", "Delivered"),
            pgettext("report workbook", "Delivered (%)"),
        ],
        [
            [
                o["press_agency"],
                o["number"],
                _date(o["ordered_on"]),
                _date(o["start"]),
                _date(o["end"]),
                o["budget"],
                c["channel"],
                c["metric"],
                c["unit"],
                c["theme"],
                c["ordered"],
                c["delivered"],
                rate(c["delivered"], c["ordered"]),
            ]
            for o in orders
            for c in o["cells"]
        ],
    )


def _content(snapshot, metrics):
    """The content provided to the press in the period and used, by theme, and the total."""
    part = (snapshot.get("duties") or {}).get("content")
    if part is None:
        return None
    rows = [[t["code"], t["label"], t["provided"], t["used"], rate(t["used"], t["provided"])] for t in part["rows"]]
    rows.append(
        ["", pgettext("report workbook", "Total"), part["provided"], part["used"], rate(part["used"], part["provided"])]
    )
    return Table(
        pgettext("report workbook", "Content to the press"),
        [
            pgettext("report workbook", "Code"),
            pgettext("report workbook", "Theme"),
            pgettext("report workbook", "Provided"),
            pgettext("report workbook", "Used by the press"),
            pgettext("report workbook", "Used (%)"),
        ],
        rows,
    )


SHEETS = (
    _general,
    _channels,
    _themes,
    _agencies,
    _agency_themes,
    _agency_kinds,
    _units,
    _completeness,
    _trend,
    _honourees,
    _movements,
    _guidance,
    _orders,
    _content,
)
"""The sheet builders in workbook order: ``(snapshot, metrics) -> Table | None``. The agencies' texts are in a
workbook of their own (``build_narratives_xlsx``)."""


# -- writing -------------------------------------------------------------------------


def _written(tables):
    """The XLSX bytes of ``tables`` (see ``core.xlsx``: header frozen, columns sized, text never a formula)."""
    return workbook_bytes(
        tables,
        font=FONT,
        header_style=_header_style(),
        body_style=_body_style(),
        booleans=(_yes_no(True), _yes_no(False)),
    )


def _yes_no(value):
    return pgettext("report workbook", "Yes") if value else pgettext("report workbook", "No")


def _date(iso):
    """A date cell (shown dd/mm/yyyy) from the snapshot's ISO text; None leaves the cell empty."""
    return date.fromisoformat(iso) if iso else None
