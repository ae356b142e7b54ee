"""The province report as a DOCX in the format of Decree 30/2020/NĐ-CP, Appendix I.

``build_docx(snapshot) -> bytes``; the snapshot schema is in the package docstring.

What the decree fixes and where it is done here:
- A4 portrait; margins top and bottom 20 mm, left 30 mm, right 15 mm (``_page_setup``);
- Times New Roman throughout, in the Unicode set (TCVN 6909:2001) (``_base_style``);
- the heading table (``_heading``): issuing body, the parent body upright 13 and the
  issuing body bold 13 with a short rule under it; the national title bold 13 and the
  motto bold 14 with a rule as long as the motto; "Số: …/BC-STTTT" 13; the place and
  date in italics 14;
- the document kind "BÁO CÁO" bold 14 centred and its summary line bold 14, a short rule
  under it;
- the body 14, justified, first lines indented 1.27 cm, 6 pt between paragraphs;
- the signature block (``_signature``): the capacity and title bold 14, the name bold 14;
  "Nơi nhận:" bold italic 12 and the recipients 11;
- page numbers centred in the top margin, 14, not on the first page (``_page_numbers``).

Speed: a report carries thousands of paragraphs (the agencies' narratives, the
per-agency tables). Their formatting lives in paragraph styles defined once
(``_base_style``): ``ThiduaBody`` (14, justified, first line indented 1.27 cm,
6 pt after), ``ThiduaBodyFlush`` (the same without the indent) and
``ThiduaCell`` (a table cell: 12, centred, no spacing). A paragraph names its
style and a run carries only what differs from it (bold, italic, another
size), instead of setting font, size, bold, italic and underline on every run.

Linear time: python-docx's ``Document.add_paragraph`` and ``add_table`` put each
new element before the body's closing ``w:sectPr``, which they look for among
all the body's children on every call (``insert_element_before``; ``add_table``
also reads the sections, an XPath over every paragraph, for its width): each
call cost the length of the body so far, and a phase summary of 28,000
paragraphs spent 140 of 154 s there. The parts write into a ``_BodyWriter``,
which finds the ``w:sectPr`` and the text width once and puts every paragraph
and table right before it (``addprevious``, constant time): the same XML, in
time linear in its length.

Every text that came from an agency or a reviewer is passed through ``clean`` (no
characters XML cannot hold); python-docx escapes the rest of XML itself.
"""

import io
import math
import re

from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.oxml.table import CT_Tbl
from docx.shared import Cm, Mm, Pt, Twips
from docx.table import Table
from docx.text.paragraph import Paragraph
from docx.text.run import Run
from lxml.etree import SubElement

from reports.calendar import roman

from . import DOCUMENT_LANGUAGE
from .chart import bar_chart_png
from .text import (
    change,
    clean,
    long_date,
    metric_index,
    new_mark,
    number,
    paragraphs,
    percent,
    plan_reference,
    primary_metrics,
)

FONT = "Times New Roman"
BODY_SIZE = 14
TABLE_SIZE = 12
TEXT_WIDTH_MM = 210 - 30 - 15

# Paragraph styles defined once in the document (style ids).
BODY, BODY_FLUSH, CELL = "ThiduaBody", "ThiduaBodyFlush", "ThiduaCell"

# The qualified names the paragraph and run writers use, computed once.
W_P, W_PPR, W_PSTYLE, W_R, W_RPR, W_T = qn("w:p"), qn("w:pPr"), qn("w:pStyle"), qn("w:r"), qn("w:rPr"), qn("w:t")
W_B, W_I, W_SZ, W_U, W_VAL, XML_SPACE = qn("w:b"), qn("w:i"), qn("w:sz"), qn("w:u"), qn("w:val"), qn("xml:space")
_BREAKS = re.compile(r"[\t\r\n]")


def build_docx(snapshot: dict) -> bytes:
    """The whole report as DOCX bytes, in Vietnamese whatever language is active."""
    with translation.override(DOCUMENT_LANGUAGE):
        return _build(snapshot)


def _build(snapshot):
    document = Document()
    _base_style(document)
    _page_setup(document)
    _page_numbers(document)
    body = _BodyWriter(document)
    _heading(body, snapshot)
    _title(body, snapshot)
    _body(body, snapshot)
    _signature(body, snapshot)
    out = io.BytesIO()
    document.core_properties.title = clean(
        pgettext("report document", "Report %(summary)s") % {"summary": snapshot["document"]["summary"]}
    )
    document.core_properties.author = clean(snapshot["issuer"]["name_sentence"])
    document.save(out)
    return out.getvalue()


class _BodyWriter:
    """The document's body, appended to in constant time (see the module's docstring).

    What the parts ask of a document: ``add_paragraph()``, ``add_table(rows=, cols=)`` and ``styles``; each
    new element is the one ``Document.add_paragraph``/``add_table`` would make. Made once the page is set
    up: tables take their columns' first widths from the text width then.
    """

    def __init__(self, document):
        self.styles = document.styles
        self._container = document._body  # the proxy python-docx's paragraphs and tables take as parent
        self._end = document.element.body.sectPr
        self._width = document._block_width

    def add_paragraph(self):
        p = self._end.makeelement(W_P)
        self._end.addprevious(p)
        return Paragraph(p, self._container)

    def add_table(self, rows, cols):
        tbl = CT_Tbl.new_tbl(rows, cols, self._width)
        self._end.addprevious(tbl)
        table = Table(tbl, self._container)
        table.style = None  # as Document.add_table leaves it: the document's default table style
        return table


# -- page and styles ---------------------------------------------------------


def _base_style(document):
    for style_name in ("Normal", "Table Grid"):
        style = document.styles[style_name]
        style.font.name = FONT
        # East-Asian and complex-script slots too, or Word falls back for them.
        r_fonts = style.element.get_or_add_rPr().get_or_add_rFonts()
        for attr in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
            r_fonts.set(qn(attr), FONT)
    normal = document.styles["Normal"]
    normal.font.size = Pt(BODY_SIZE)
    fmt = normal.paragraph_format
    fmt.space_before = Pt(0)
    fmt.space_after = Pt(6)
    fmt.line_spacing_rule = WD_LINE_SPACING.SINGLE
    document.settings.element.append(_lang_element())
    for style_id, name, size, align, indent, after in (
        (BODY, pgettext("Word style", "Thi đua – Body text"), BODY_SIZE, WD_ALIGN_PARAGRAPH.JUSTIFY, Cm(1.27), 6),
        (
            BODY_FLUSH,
            pgettext("Word style", "Thi đua – Body text, no first-line indent"),
            BODY_SIZE,
            WD_ALIGN_PARAGRAPH.JUSTIFY,
            None,
            6,
        ),
        (CELL, pgettext("Word style", "Thi đua – Table cell"), TABLE_SIZE, WD_ALIGN_PARAGRAPH.CENTER, None, 0),
    ):
        style = document.styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
        style.element.styleId = style_id
        style.base_style = normal
        style.font.size = Pt(size)
        fmt = style.paragraph_format
        fmt.alignment = align
        fmt.first_line_indent = indent
        fmt.space_before, fmt.space_after = Pt(0), Pt(after)


def _lang_element():
    # Spelling and hyphenation in Vietnamese.
    theme = OxmlElement("w:themeFontLang")
    theme.set(qn("w:val"), "vi-VN")
    return theme


def _page_setup(document):
    section = document.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = _at_least_mm(20), _at_least_mm(20)
    section.left_margin, section.right_margin = _at_least_mm(30), _at_least_mm(15)
    section.header_distance, section.footer_distance = Mm(10), Mm(10)


def _at_least_mm(mm):
    # Word keeps margins in twips; round up so 15 mm never becomes 14.99 mm.
    return Twips(math.ceil(Mm(mm) / Twips(1)))


def _page_numbers(document):
    section = document.sections[0]
    section.different_first_page_header_footer = True  # no number on page 1
    paragraph = section.header.paragraphs[0]
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = paragraph.add_run()
    run.font.size = Pt(14)
    for kind, text in (("begin", None), (None, "PAGE"), ("end", None)):
        if kind:
            element = OxmlElement("w:fldChar")
            element.set(qn("w:fldCharType"), kind)
        else:
            element = OxmlElement("w:instrText")
            element.set(qn("xml:space"), "preserve")
            element.text = text
        run._r.append(element)


# -- small writers -------------------------------------------------------------


def _para(container, text="", *, size=BODY_SIZE, bold=False, italic=False, align=None, indent=False, after=6, before=0):
    """A body paragraph in ``ThiduaBody`` (or ``ThiduaBodyFlush``); only what differs from the style is set."""
    paragraph = container.add_paragraph()
    _style(paragraph, BODY if indent else BODY_FLUSH)
    if after != 6 or before != 0:
        fmt = paragraph.paragraph_format
        fmt.space_after, fmt.space_before = Pt(after), Pt(before)
    if align is not None and align != WD_ALIGN_PARAGRAPH.JUSTIFY:
        paragraph.alignment = align
    if text:
        _run(paragraph, text, size=size, bold=bold, italic=italic)
    return paragraph


def _style(paragraph, style_id):
    """``paragraph._p.style = style_id``, written directly into a new, empty paragraph (the common case)."""
    p = paragraph._p
    if len(p):
        p.style = style_id
        return
    SubElement(SubElement(p, W_PPR), W_PSTYLE, {W_VAL: style_id})


def _run(paragraph, text, *, size=BODY_SIZE, bold=False, italic=False, underline=False, inherited=BODY_SIZE):
    """A run carrying only what differs from its paragraph style (font and ``inherited`` size come from it).

    The XML python-docx's ``add_run`` and run properties make, written directly (a report has tens of
    thousands of runs); a text with tabs or line breaks goes through python-docx, which turns them into
    ``w:tab`` and ``w:br``.
    """
    text = clean(text)
    r = SubElement(paragraph._p, W_R)
    if size != inherited or bold or italic or underline:
        r_pr = SubElement(r, W_RPR)  # children in the schema's order: b, i, sz, u
        if bold:
            SubElement(r_pr, W_B)
        if italic:
            SubElement(r_pr, W_I)
        if size != inherited:
            SubElement(r_pr, W_SZ, {W_VAL: str(size * 2)})  # half-points
        if underline:
            SubElement(r_pr, W_U, {W_VAL: "single"})
    run = Run(r, paragraph)
    if _BREAKS.search(text):
        run.text = text
    elif text:
        t = SubElement(r, W_T)
        t.text = text
        if len(text.strip()) < len(text):
            t.set(XML_SPACE, "preserve")
    return run


def _cell_para(cell, text="", *, size=13, bold=False, italic=False, align=WD_ALIGN_PARAGRAPH.CENTER, first=False):
    """A table-cell paragraph in ``ThiduaCell`` (12, centred, no spacing); only what differs is set."""
    paragraph = cell.paragraphs[0] if first else cell.add_paragraph()
    _style(paragraph, CELL)
    if align != WD_ALIGN_PARAGRAPH.CENTER:
        paragraph.alignment = align
    if text:
        _run(paragraph, text, size=size, bold=bold, italic=italic, inherited=TABLE_SIZE)
    return paragraph


def _rule(cell, width_mm, cell_width_mm):
    """A centred horizontal rule ``width_mm`` long: an empty, 1-pt paragraph with a top border."""
    paragraph = cell.add_paragraph()
    side = max((cell_width_mm - width_mm) / 2, 0)
    fmt = paragraph.paragraph_format
    fmt.left_indent, fmt.right_indent = Mm(side), Mm(side)
    fmt.space_before = fmt.space_after = Pt(0)
    fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    fmt.line_spacing = Pt(2)
    p_pr = paragraph._p.get_or_add_pPr()
    borders = OxmlElement("w:pBdr")
    top = OxmlElement("w:top")
    for key, value in (("w:val", "single"), ("w:sz", "6"), ("w:space", "1"), ("w:color", "000000")):
        top.set(qn(key), value)
    borders.append(top)
    # pBdr must come before spacing/ind/jc in CT_PPr's sequence.
    p_pr.insert(0, borders)
    return paragraph


def _no_borders(table):
    tbl_pr = table._tbl.tblPr
    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        element = OxmlElement(f"w:{edge}")
        element.set(qn("w:val"), "nil")
        borders.append(element)
    tbl_pr.append(borders)


def _widths(table, widths_mm):
    table.autofit = False
    grid = table._tbl.tblGrid
    for col, width in zip(grid.findall(qn("w:gridCol")), widths_mm, strict=False):
        col.set(qn("w:w"), str(int(Mm(width).twips)))
    for row in table.rows:
        for cell, width in zip(row.cells, widths_mm, strict=False):
            cell.width = Mm(width)


def _repeat_header(row):
    tr_pr = row._tr.get_or_add_trPr()
    header = OxmlElement("w:tblHeader")
    header.set(qn("w:val"), "true")
    tr_pr.append(header)


def _grid_table(document, header: list[str], rows: list[list], widths_mm: list[float], *, bold_last=False):
    """A bordered table: the header row bold and repeated on each page, numbers right-aligned."""
    table = document.add_table(rows=1, cols=len(header))
    table.style = document.styles["Table Grid"]
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    _repeat_header(table.rows[0])
    for cell, text in zip(table.rows[0].cells, header, strict=True):
        _cell_para(cell, text, size=TABLE_SIZE, bold=True, first=True)
    for index, values in enumerate(rows):
        cells = table.add_row().cells
        is_total = bold_last and index == len(rows) - 1
        for col, (cell, value) in enumerate(zip(cells, values, strict=True)):
            numeric = isinstance(value, int) and not isinstance(value, bool)
            text = number(value) if numeric else clean(value)
            if col == 0 or numeric or text in ("-", new_mark()) or text.endswith("%"):
                align = WD_ALIGN_PARAGRAPH.CENTER if col == 0 else WD_ALIGN_PARAGRAPH.RIGHT
            else:
                align = WD_ALIGN_PARAGRAPH.LEFT
            _cell_para(cell, text, size=TABLE_SIZE, bold=is_total, align=align, first=True)
    _widths(table, widths_mm)
    # A little air after the table before the next paragraph.
    _para(document, "", after=3)
    return table


# -- the parts -----------------------------------------------------------------


def _heading(document, snapshot):
    issuer, doc = snapshot["issuer"], snapshot["document"]
    left_w, right_w = 62, TEXT_WIDTH_MM - 62
    table = document.add_table(rows=2, cols=2)
    _no_borders(table)
    left, right = table.rows[0].cells
    _cell_para(left, issuer["parent"], size=13, first=True)
    _cell_para(left, issuer["name"], size=13, bold=True)
    _rule(left, 25, left_w)
    _cell_para(right, pgettext("national title", "SOCIALIST REPUBLIC OF VIETNAM"), size=13, bold=True, first=True)
    _cell_para(right, pgettext("national motto", "Independence - Freedom - Happiness"), size=14, bold=True)
    _rule(right, 64, right_w)
    number_left, date_right = table.rows[1].cells
    # BC is the document kind (báo cáo) in the number; an unnumbered draft leaves room to write it in.
    number_text = pgettext("report document", "No.: %(number)s/BC-%(issuer)s") % {
        "number": doc.get("number") or " " * 7,
        "issuer": issuer["code"],
    }
    p = _cell_para(number_left, number_text, size=13, first=True)
    p.paragraph_format.space_before = Pt(6)
    p = _cell_para(
        date_right,
        long_date(doc.get("date"), issuer["place"], draft_year=snapshot.get("generated_at", "")[:4]),
        size=14,
        italic=True,
        first=True,
    )
    p.paragraph_format.space_before = Pt(6)
    _widths(table, [left_w, right_w])


def _title(document, snapshot):
    _para(
        document,
        pgettext("document kind", "REPORT"),
        size=14,
        bold=True,
        align=WD_ALIGN_PARAGRAPH.CENTER,
        before=24,
        after=0,
    )
    _para(document, snapshot["document"]["summary"], size=14, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER, after=0)
    if snapshot["document"].get("version", 1) > 1 and not snapshot["document"].get("number"):
        _para(
            document,
            _("(Compiled version %(version)s)") % {"version": snapshot["document"]["version"]},
            size=13,
            italic=True,
            align=WD_ALIGN_PARAGRAPH.CENTER,
            after=0,
        )
    # The short rule under the summary line, as a one-cell borderless table keeps it centred.
    holder = document.add_table(rows=1, cols=1)
    _no_borders(holder)
    _rule(holder.rows[0].cells[0], 40, TEXT_WIDTH_MM)
    holder.rows[0].cells[0].paragraphs[0].paragraph_format.space_after = Pt(0)
    _widths(holder, [TEXT_WIDTH_MM])
    _para(document, "", after=6)


def _section(document, number_, title):
    _para(document, f"{roman(number_)}. {title}", bold=True, indent=True, before=6)


def _subsection(document, number_, title):
    _para(document, f"{number_}. {title}", bold=True, indent=True)


def _body(document, snapshot):
    period, plan, issuer = snapshot["period"], snapshot["plan"], snapshot["issuer"]
    _para(
        document,
        _(
            "Pursuant to %(plan)s, %(issuer)s has followed and compiled the results of the agencies, units and "
            "localities in propagating the patriotic emulation movement in %(period)s (from %(start)s to %(end)s) "
            "and reports as follows:"
        )
        % {
            "plan": plan_reference(plan),
            "issuer": issuer["name_sentence"],
            "period": period["label"],
            "start": _dmy(period["start"]),
            "end": _dmy(period["end"]),
        },
        indent=True,
    )
    _section(document, 1, pgettext("report section", "RESULTS ACHIEVED"))
    _results(document, snapshot)
    _section(document, 2, pgettext("report section", "SHORTCOMINGS, LIMITATIONS AND THEIR CAUSES"))
    _narrative(
        document,
        snapshot,
        "shortcomings",
        empty=_("The agencies reported no shortcomings or limitations in the period."),
    )
    _section(document, 3, pgettext("report section", "KEY TASKS FOR THE NEXT PERIOD"))
    _narrative(document, snapshot, "next_tasks", empty=_("Continue to carry out the contents of the Plan."))
    _section(document, 4, pgettext("report section", "PROPOSALS AND RECOMMENDATIONS"))
    _narrative(document, snapshot, "proposals", empty=_("No proposals or recommendations."))
    _para(
        document,
        _(
            "The above is the report of %(issuer)s on the results of propagating the patriotic emulation movement "
            "in %(period)s./."
        )
        % {"period": period["label"], "issuer": issuer["name_sentence"]},
        indent=True,
    )


def _dmy(iso):
    year, month, day = iso.split("-")
    return f"{day}/{month}/{year}"


def _results(document, snapshot):
    """Section I: who reported, then the figures by channel, theme, agency kind and area, the trend, the honourees."""
    _completeness(document, snapshot)
    if not snapshot.get("report_count"):
        _subsection(document, 2, pgettext("report section", "Propagation results"))
        _para(
            document,
            _("No report of the agencies for the period has been accepted yet; there are no figures to compile."),
            indent=True,
        )
        _honourees(document, snapshot, 3)
        return
    _subsection(document, 2, pgettext("report section", "Results by channel"))
    _channel_table(document, snapshot)
    _subsection(document, 3, pgettext("report section", "Results by theme"))
    _theme_table(document, snapshot)
    _theme_chart(document, snapshot)
    _subsection(document, 4, pgettext("report section", "Results by kind of agency and by area"))
    _kind_table(document, snapshot)
    _unit_table(document, snapshot)
    next_number = 5
    if snapshot.get("trend"):
        _subsection(document, next_number, pgettext("report section", "Results year by year"))
        _trend_table(document, snapshot)
        next_number += 1
    _honourees(document, snapshot, next_number)


def _completeness(document, snapshot):
    """Subsection 1: how many agencies owed how many reports (a monthly reporter owes three a quarter), how many
    were sent on time, late or not at all, and which agencies were late or missing."""
    completeness = snapshot["completeness"]
    _subsection(document, 1, pgettext("report section", "How the agencies reported"))
    expected = completeness["expected"]
    reported = completeness["on_time"] + completeness["late"]
    _para(
        document,
        _(
            "In the period, %(agencies)s agencies, units and localities were due to report, %(expected)s reports in "
            "all; %(reported)s reports were sent (%(percent)s), %(on_time)s of them on time and %(late)s after the "
            "deadline; %(missing)s reports have not been sent."
        )
        % {
            # Snapshots from before 12/2026 counted agencies, not reports, and have no "agencies".
            "agencies": number(completeness.get("agencies", expected)),
            "expected": number(expected),
            "reported": number(reported),
            "percent": percent(reported, expected),
            "on_time": number(completeness["on_time"]),
            "late": number(completeness["late"]),
            "missing": number(completeness["missing"]),
        },
        indent=True,
    )
    for status, lead in (
        ("late", _("Units that sent their report late")),
        ("missing", _("Units that have not sent their report")),
    ):
        # The lists name the agencies the counts above count: those expected to report.
        names = [a["name"] for a in snapshot["agencies"] if a["expected"] and a["status"] == status]
        if names:
            _para(document, f"- {lead}: {', '.join(names)}.", indent=True)
    if snapshot.get("includes_unaccepted"):
        _para(
            document,
            _("Note: the figures include reports that were sent but not yet appraised and accepted."),
            italic=True,
            indent=True,
        )


def _channel_table(document, snapshot):
    """Each channel (a bold heading row) with its metrics: this period, and beside it the comparisons there are."""
    comparison = snapshot.get("comparison") or {}
    previous, year_before = comparison.get("previous"), comparison.get("year_before")
    header = [
        pgettext("report table", "No."),
        pgettext("report table", "Channel, indicator"),
        pgettext("report table", "Unit"),
        pgettext("report table", "This period"),
    ]
    widths = [12, 54, 24, 19]
    if previous:
        header += [pgettext("report table", "Previous period"), pgettext("report table", "Change")]
        widths += [19, 21]
    if year_before:
        header += [pgettext("report table", "Same period last year")]
        widths += [21]
    scale = TEXT_WIDTH_MM / sum(widths)
    rows = []
    for c_index, channel in enumerate(snapshot["channels"], start=1):
        rows.append([roman(c_index), channel["name"], "", "", *[""] * (len(header) - 4)])
        rows.extend(
            _metric_row(m_index, metric, previous, year_before)
            for m_index, metric in enumerate(channel["metrics"], start=1)
        )
    table = _grid_table(document, header, rows, [w * scale for w in widths])
    for c_index in range(len(snapshot["channels"])):
        # Channel rows are headings of their metrics: bold.
        row_index = 1 + c_index + sum(len(c["metrics"]) for c in snapshot["channels"][:c_index])
        for paragraph in table.rows[row_index].cells[1].paragraphs:
            for run in paragraph.runs:
                run.bold = True
    if previous:
        _para(
            document,
            pgettext("report table", "Previous period: %(period)s.") % {"period": previous["label"]},
            size=12,
            italic=True,
            indent=True,
        )


def _metric_row(index, metric, previous, year_before):
    row = [str(index), metric["name"], metric["unit"], metric["total"]]
    if previous:
        row += [metric.get("previous"), change(metric["total"], metric.get("previous"))]
    if year_before:
        row += [metric.get("year_before")]
    return [("-" if v is None else v) for v in row]


def _theme_table(document, snapshot):
    """The products and activities per theme, one column per channel's primary metric, and their sum."""
    primaries = primary_metrics(snapshot)
    _para(
        document,
        _(
            "Propagation products and activities (news items and articles, programmes, posts, broadcasts, "
            "sessions) per theme of the Plan:"
        ),
        indent=True,
    )
    header = [
        pgettext("report table", "No."),
        pgettext("report table", "Theme"),
        *(f"{m['channel_code']} ({m['unit']})" for m in primaries),
        pgettext("report table", "Sum"),
    ]
    first = 10 + 50
    rest = (TEXT_WIDTH_MM - first) / (len(primaries) + 1)
    rows = [
        [theme["code"], theme["name"], *(theme["values"].get(m["key"], 0) for m in primaries), theme["items"]]
        for theme in snapshot["themes"]
    ]
    _grid_table(document, header, rows, [14, first - 14, *([rest] * (len(primaries) + 1))])
    legend = "; ".join(f"{m['channel_code']}: {m['channel_name']}" for m in primaries)
    _para(
        document, pgettext("report table", "Note: %(legend)s.") % {"legend": legend}, size=12, italic=True, indent=True
    )


def _theme_chart(document, snapshot):
    picture = io.BytesIO(
        bar_chart_png([t["code"] for t in snapshot["themes"]], [t["items"] for t in snapshot["themes"]])
    )
    chart_paragraph = _para(document, align=WD_ALIGN_PARAGRAPH.CENTER, after=0)
    chart_paragraph.add_run().add_picture(picture, width=Mm(150))
    _para(
        document,
        _("Chart: propagation products and activities per theme"),
        size=12,
        italic=True,
        align=WD_ALIGN_PARAGRAPH.CENTER,
    )


def _kind_table(document, snapshot):
    """Per kind of agency: how many were due, how many reported, their products and activities; a total row."""
    header = [
        pgettext("report table", "No."),
        pgettext("report table", "Kind of agency"),
        pgettext("report table", "Due to report"),
        pgettext("report table", "Reported"),
        pgettext("report table", "Products and activities"),
    ]
    rows = [
        [str(i), kind["label"], kind["expected"], kind["reported"], kind["items"]]
        for i, kind in enumerate(snapshot["agency_kinds"], start=1)
    ]
    total = [
        "",
        pgettext("report table", "Total"),
        *(sum(k[key] for k in snapshot["agency_kinds"]) for key in ("expected", "reported", "items")),
    ]
    _grid_table(document, header, [*rows, total], [12, 73, 27, 25, 28], bold_last=True)


def _unit_table(document, snapshot):
    """Per district-level unit, when the snapshot has them."""
    if not snapshot.get("units"):
        return
    _para(document, _("Results of the district-level administrative units:"), indent=True)
    header = [
        pgettext("report table", "No."),
        pgettext("report table", "Administrative unit"),
        pgettext("report table", "Agencies"),
        pgettext("report table", "Reported"),
        pgettext("report table", "Products and activities"),
    ]
    rows = [
        [str(i), unit["name"], unit["agencies"], unit["reported"], unit["items"]]
        for i, unit in enumerate(snapshot["units"], start=1)
    ]
    _grid_table(document, header, rows, [12, 73, 27, 25, 28])


def _trend_table(document, snapshot):
    """A phase report's periods (years) with their products and activities, per primary metric."""
    primaries = primary_metrics(snapshot)
    header = [
        pgettext("report table", "No."),
        pgettext("report table", "Period"),
        pgettext("report table", "Products and activities"),
        *(f"{m['channel_code']} ({m['unit']})" for m in primaries),
    ]
    rows = [
        [str(i), point["label"], point["items"], *(point["values"].get(m["key"], 0) for m in primaries)]
        for i, point in enumerate(snapshot["trend"], start=1)
    ]
    rest = (TEXT_WIDTH_MM - 12 - 30 - 25) / max(len(primaries), 1)
    _grid_table(document, header, rows, [12, 30, 25, *([rest] * len(primaries))])


def _honourees(document, snapshot, number_):
    _subsection(document, number_, pgettext("report section", "Finding and presenting outstanding examples"))
    honourees = snapshot.get("honourees") or []
    if not honourees:
        _para(document, _("In the period, the agencies presented no new outstanding examples."), indent=True)
        return
    _para(
        document,
        _("In the period, the agencies presented %(count)s outstanding groups and individuals:")
        % {"count": number(len(honourees))},
        indent=True,
    )
    for honouree in honourees:
        details = ", ".join(clean(v) for v in (honouree.get("category"), honouree.get("agency")) if v)
        _para(document, f"- {honouree['name']}" + (f" ({details})" if details else "") + ";", indent=True)


def _narrative(document, snapshot, key, *, empty):
    """The reviewer's text, then what each agency wrote, attributed."""
    own = paragraphs((snapshot.get("texts") or {}).get(key))
    for text in own:
        _para(document, text, indent=True)
    items = (snapshot.get("narratives") or {}).get(key) or []
    for item in items:
        lines = paragraphs(item["text"])
        for i, text in enumerate(lines):
            paragraph = _para(document, "", indent=True)
            _run(paragraph, f"- {text}" if i == 0 else text)
            if i == len(lines) - 1:
                _run(paragraph, f" ({clean(item['agency'])})", italic=True)
    if not own and not items:
        _para(document, empty, indent=True)


def _signature(document, snapshot):
    signer = snapshot.get("signer") or {}
    table = document.add_table(rows=1, cols=2)
    _no_borders(table)
    left, right = table.rows[0].cells
    p = _cell_para(left, "", align=WD_ALIGN_PARAGRAPH.LEFT, first=True)
    p.paragraph_format.space_before = Pt(6)
    _run(p, pgettext("report document", "Recipients:"), size=12, bold=True, italic=True)
    for line in snapshot.get("recipients") or []:
        _cell_para(left, f"- {clean(line)}", size=11, align=WD_ALIGN_PARAGRAPH.LEFT)
    p = _cell_para(right, signer.get("capacity", ""), size=14, bold=True, first=True)
    p.paragraph_format.space_before = Pt(6)
    _cell_para(right, signer.get("title", ""), size=14, bold=True)
    for _blank_line in range(4):
        _cell_para(right, "")
    _cell_para(right, signer.get("name", ""), size=14, bold=True)
    _widths(table, [80, TEXT_WIDTH_MM - 80])


__all__ = ["build_docx", "metric_index"]
