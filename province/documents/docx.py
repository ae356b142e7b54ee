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

Fixed cost: python-docx's blank document carries 164 styles (438 KB of XML, and a 438 KB copy of them in
``stylesWithEffects``) which every document parsed on opening and wrote out again on saving, a fifth of a
quarter's DOCX. ``_template`` makes the page, the styles and the page numbers once per process, keeping only
the styles a report uses, and each report opens that (``Document`` of the template's bytes).

Grid tables: their body rows are written as XML text (``_grid_row_xml``) and put into the saved document.xml
as they are (``_SplicedDocumentPart``), never parsed into elements to be written out again: a quarter's DOCX at
province scale 63 → 41 ms (the same bytes; measured 04/12/2026, load 2.5).

Every text that came from an agency or a reviewer is passed through ``clean`` (no
characters XML cannot hold); python-docx escapes the rest of XML itself.
"""

import datetime
import functools
import io
import math
import re
from xml.sax.saxutils import escape as xml_escape

from django.utils import translation
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import nsdecls, qn
from docx.oxml.parser import parse_xml
from docx.oxml.table import CT_Tbl
from docx.parts.document import DocumentPart
from docx.shared import Cm, Mm, Pt, Twips
from docx.table import Table
from docx.text.paragraph import Paragraph
from docx.text.run import Run
from lxml.etree import ProcessingInstruction, SubElement

from reports.calendar import period_for_day_window, roman

from . import DOCUMENT_LANGUAGE
from .chart import bar_chart_png
from .synthesis import (
    agency_sentences,
    change_words,
    channel_sentences,
    compliance_sentence,
    content_sentence,
    due_agencies,
    duty_parts,
    guidance_sentence,
    honouree_sentence,
    is_phase,
    kind_rows,
    movements_sentence,
    order_counts,
    orders_counts,
    orders_sentence,
    phase_words,
    phase_years,
    pipeline_sentence,
    theme_sentences,
)
from .text import (
    change,
    clean,
    decimal,
    long_date,
    metric_index,
    number,
    paragraphs,
    percent,
    plan_reference,
    primary_metrics,
    short_date,
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
W_TR, W_TC, W_TCPR, W_TCW, W_JC = qn("w:tr"), qn("w:tc"), qn("w:tcPr"), qn("w:tcW"), qn("w:jc")
W_W, W_TYPE = qn("w:w"), qn("w:type")
_BREAKS = re.compile(r"[\t\r\n]")


def build_docx(snapshot: dict) -> bytes:
    """The whole report as DOCX bytes, in Vietnamese whatever language is active."""
    with translation.override(DOCUMENT_LANGUAGE):
        return _build(snapshot)


def _build(snapshot):
    document = Document(io.BytesIO(_template()))
    body = _BodyWriter(document)
    if not snapshot["document"].get("number"):
        # An unnumbered version is a draft (vietnamese-review B1 #15): marked at the top left.
        _para(body, pgettext("report document", "DRAFT"), size=13, bold=True, align=WD_ALIGN_PARAGRAPH.LEFT, after=0)
    _heading(body, snapshot)
    _title(body, snapshot)
    _body(body, snapshot)
    _signature(body, snapshot)
    _annexes(body, snapshot)
    out = io.BytesIO()
    document.core_properties.title = clean(
        pgettext("report document", "Report %(summary)s") % {"summary": snapshot["document"]["summary"]}
    )
    document.core_properties.author = clean(snapshot["issuer"]["name_sentence"])
    document.part.__class__ = _SplicedDocumentPart
    document.part.spliced = body.spliced
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
        # The grid tables' rows written as XML text, put into the saved document.xml (``_SplicedDocumentPart``).
        self.spliced = []
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

# The styles of python-docx's blank document a report uses (by id: the page number's paragraph is in "Header"),
# kept with the ones they are based on or linked to, and each kind's default.
TABLE_GRID = "TableGrid"
STYLES_USED = ("Normal", "Header", TABLE_GRID)
REL_STYLES_WITH_EFFECTS = "http://schemas.microsoft.com/office/2007/relationships/stylesWithEffects"


@functools.cache
def _template() -> bytes:
    """A blank report as DOCX bytes: A4 page and margins, page numbers, the report's styles and no others.

    Made once per process (under ``build_docx``'s language: the styles' names are translated).
    """
    document = Document()
    _trim_styles(document)
    _base_style(document)
    _page_setup(document)
    _page_numbers(document)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _trim_styles(document):
    """Remove every style ``STYLES_USED`` does not need, and the ``stylesWithEffects`` copy of them (read only
    by Word 2010, which falls back to ``styles.xml``)."""
    styles = document.styles.element
    by_id = {style.styleId: style for style in styles.style_lst}
    pending = [style.styleId for style in styles.style_lst if style.default or style.styleId in STYLES_USED]
    keep = set()
    while pending:
        style_id = pending.pop()
        if style_id in keep or style_id not in by_id:
            continue
        keep.add(style_id)
        pending.extend(by_id[style_id].xpath("w:basedOn/@w:val | w:link/@w:val | w:next/@w:val"))
    for style_id, style in by_id.items():
        if style_id not in keep:
            styles.remove(style)
    for r_id, rel in list(document.part.rels.items()):
        if rel.reltype == REL_STYLES_WITH_EFFECTS:
            document.part.drop_rel(r_id)


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


def _grid_widths(table, widths_mm):
    """``_widths`` for a table without merged cells (a grid table's header row): each row's cells set directly,
    not through python-docx's cells, which work out the merged cells of every row first."""
    table.autofit = False
    for col, width in zip(table._tbl.tblGrid.findall(qn("w:gridCol")), widths_mm, strict=False):
        col.set(qn("w:w"), str(int(Mm(width).twips)))
    for tr in table._tbl.tr_lst:
        for tc, width in zip(tr.tc_lst, widths_mm, strict=False):
            tc.width = Mm(width)


def _grid_cell(tr, text, width, align, *, size, bold):
    """One body cell of a grid table as elements: for a text with tabs or line breaks, which ``_run`` hands to
    python-docx (``_grid_row_xml`` writes the rest)."""
    tc = SubElement(tr, W_TC)
    if width is not None:
        SubElement(SubElement(tc, W_TCPR), W_TCW, {W_TYPE: "dxa", W_W: width})
    p = SubElement(tc, W_P)
    p_pr = SubElement(p, W_PPR)
    SubElement(p_pr, W_PSTYLE, {W_VAL: CELL})
    if align:
        SubElement(p_pr, W_JC, {W_VAL: align})
    if text:
        _run(Paragraph(p, None), text, size=size, bold=bold, inherited=TABLE_SIZE)


def _r_pr_xml(size, bold):
    """The ``w:rPr`` a table cell's run carries (what differs from ``ThiduaCell``), as XML text; "" for none."""
    if not bold and size == TABLE_SIZE:
        return ""
    return (
        "<w:rPr>"
        + ("<w:b/>" if bold else "")
        + (f'<w:sz w:val="{size * 2}"/>' if size != TABLE_SIZE else "")
        + "</w:rPr>"
    )


def _grid_row_xml(cells, *, size, bold, bold_cols=()):
    """The ``w:tr`` of ``cells`` (``(text, width, align)``, texts without tabs or breaks) as XML text: the elements
    ``_grid_cell`` makes, written as text (``_add_rows``): an annex has thousands of cells, and making each
    element from Python cost more than the rest of the table. ``bold``: every cell; ``bold_cols``: those."""
    plain, strong = _r_pr_xml(size, bold), _r_pr_xml(size, True)
    parts = ["<w:tr>"]
    for col, (text, width, align) in enumerate(cells):
        r_pr = strong if col in bold_cols else plain
        parts.append("<w:tc>")
        if width is not None:
            parts.append(f'<w:tcPr><w:tcW w:type="dxa" w:w="{width}"/></w:tcPr>')
        parts.append(f'<w:p><w:pPr><w:pStyle w:val="{CELL}"/>')
        if align:
            parts.append(f'<w:jc w:val="{align}"/>')
        parts.append("</w:pPr>")
        if text:
            space = ' xml:space="preserve"' if len(text.strip()) < len(text) else ""
            parts.append(f"<w:r>{r_pr}<w:t{space}>{xml_escape(text)}</w:t></w:r>")
        parts.append("</w:p></w:tc>")
    parts.append("</w:tr>")
    return "".join(parts)


def _add_rows(tbl, rows_xml, spliced=None):
    """Append the rows written by ``_grid_row_xml`` to ``tbl``: into the saved XML as they are, where the
    document writes them so (``spliced``: ``_BodyWriter.spliced``), else parsed at once."""
    if not rows_xml:
        return
    if spliced is None:
        tbl.extend(parse_xml(f"<w:tbl {nsdecls('w')}>{''.join(rows_xml)}</w:tbl>"))
    else:
        tbl.append(ProcessingInstruction(SPLICE_TARGET, str(len(spliced))))
        spliced.append("".join(rows_xml).encode())
    rows_xml.clear()


# Where the rows written as text go in the saved document.xml: ``<?thidua-rows N?>``, the Nth of them.
SPLICE_TARGET = "thidua-rows"
_SPLICE_MARK = re.compile(rb"<\?" + SPLICE_TARGET.encode() + rb" (\d+)\?>")


class _SplicedDocumentPart(DocumentPart):
    """The document part whose saved XML has the grid tables' body rows put in where their marks are
    (``_add_rows``): rows written as XML text are never parsed into elements, to be written out again on saving
    (a fifth of a quarter's DOCX)."""

    spliced = ()

    @property
    def blob(self):
        return splice(super().blob, self.spliced)


def splice(xml: bytes, rows) -> bytes:
    """``xml`` with each ``<?thidua-rows N?>`` replaced by ``rows[N]`` (``_add_rows``)."""
    return _SPLICE_MARK.sub(lambda mark: rows[int(mark.group(1))], xml)


def _grid_cell_of(value, col, width, centred_from):
    """A grid cell's ``(text, width, align)``: aligned ``None`` (the cell style's centre) in the first column and
    those from ``centred_from`` on, right for numbers, dashes and rates, left for the rest."""
    numeric = isinstance(value, int) and not isinstance(value, bool)
    text = number(value) if numeric else clean(value)
    if col == 0 or (centred_from is not None and col >= centred_from):
        return text, width, None
    if numeric or text == "-" or text.endswith(("%", "%)")):
        return text, width, "right"
    return text, width, "left"


def _repeat_header(row):
    tr_pr = row._tr.get_or_add_trPr()
    header = OxmlElement("w:tblHeader")
    header.set(qn("w:val"), "true")
    tr_pr.append(header)


def _grid_table(
    document,
    header: list[str],
    rows: list[list],
    widths_mm: list[float],
    *,
    bold_last=False,
    bold_rows=(),
    size=TABLE_SIZE,
    centred_from=None,
):
    """A bordered table: the header row bold and repeated on each page, numbers right-aligned; the annexes'
    long tables in a smaller ``size``; the columns from ``centred_from`` on centred (short marks). ``bold_rows``:
    the rows (the header is 0) whose second cell, a group's name, is bold."""
    table = document.add_table(rows=1, cols=len(header))
    # "Table Grid" named by its id (the template keeps it under that id): the name's lookup walked every style.
    table._tbl.tblStyle_val = TABLE_GRID
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    _repeat_header(table.rows[0])
    for cell, text in zip(table.rows[0].cells, header, strict=True):
        _cell_para(cell, text, size=size, bold=True, first=True)
    _grid_widths(table, widths_mm)
    widths = [str(int(Mm(width).twips)) for width in widths_mm]
    tbl, spliced = table._tbl, getattr(document, "spliced", None)
    pending = []
    for index, values in enumerate(rows):
        is_total = bold_last and index == len(rows) - 1
        bold_cols = (1,) if index + 1 in bold_rows else ()
        if len(values) != len(header):
            raise ValueError(f"a row of {len(values)} cells in a table of {len(header)} columns")
        cells = [
            _grid_cell_of(value, col, widths[col] if col < len(widths) else None, centred_from)
            for col, value in enumerate(values)
        ]
        if any(_BREAKS.search(text) for text, _, _ in cells):
            _add_rows(tbl, pending, spliced)  # the rows before it first, in order
            tr = SubElement(tbl, W_TR)
            for col, (text, width, align) in enumerate(cells):
                _grid_cell(tr, text, width, align, size=size, bold=is_total or col in bold_cols)
        else:
            pending.append(_grid_row_xml(cells, size=size, bold=is_total, bold_cols=bold_cols))
    _add_rows(tbl, pending, spliced)
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
    """Sections I–V (a phase summary: I–VI), the synthesis a leader reads; the detail goes to the annexes."""
    texts = snapshot.get("texts") or {}
    phase = is_phase(snapshot)
    _opening(document, snapshot)
    _section(
        document,
        1,
        pgettext("report section", "LEADERSHIP, DIRECTION AND IMPLEMENTATION")
        if phase
        else pgettext("report section", "DIRECTION, GUIDANCE AND IMPLEMENTATION"),
    )
    _own_text(document, snapshot, texts.get("direction"))
    _section(document, 2, pgettext("report section", "RESULTS"))
    (_phase_results if phase else _period_results)(document, snapshot)
    _section(document, 3, pgettext("report section", "OVERALL ASSESSMENT"))
    _subsection(document, 1, pgettext("report section", "Strengths"))
    _own_text(document, snapshot, texts.get("strengths"))
    _subsection(document, 2, pgettext("report section", "Shortcomings, limitations and their causes"))
    _own_text(document, snapshot, texts.get("shortcomings"))
    _narratives_note(document, snapshot)
    number_ = 4
    if phase:
        _section(document, number_, pgettext("report section", "LESSONS LEARNED"))
        _own_text(document, snapshot, texts.get("lessons"))
        number_ += 1
    _section(
        document,
        number_,
        pgettext("report section", "DIRECTION AND TASKS FOR %(period)s") % {"period": _next_words(snapshot).upper()},
    )
    _own_text(document, snapshot, texts.get("next_tasks"))
    _section(document, number_ + 1, pgettext("report section", "PROPOSALS AND RECOMMENDATIONS"))
    _own_text(document, snapshot, texts.get("proposals"))
    _closing(document, snapshot)


def _next_words(snapshot):
    """What section "Phương hướng, nhiệm vụ" looks ahead to: "quý III năm 2025", "giai đoạn 2026 – 2030"."""
    if is_phase(snapshot):
        first, last = (int(y) for y in snapshot["plan"]["phase"].split("-"))
        return _("the phase %(phase)s") % {"phase": f"{last + 1} – {last + 1 + last - first}"}
    return snapshot["period"].get("next_label") or pgettext("report section", "the next period")


def _opening(document, snapshot):
    period, plan, issuer = snapshot["period"], snapshot["plan"], snapshot["issuer"]
    plan_text = plan_reference(plan, with_body=True)
    if is_phase(snapshot):
        bases = "; ".join(_basis(b) for b in plan.get("legal_bases") or [])
        text = _(
            "Pursuant to %(bases)s%(plan)s, %(issuer)s reports the summary of %(years)s years of carrying out the "
            "Plan (the phase %(phase)s, figures up to %(end)s) as follows:"
        ) % {
            "bases": f"{bases}; " if bases else "",
            "plan": plan_text,
            "issuer": issuer["name_sentence"],
            "years": f"{phase_years(plan):02d}",
            "phase": phase_words(snapshot),
            "end": short_date(period["end"]),
        }
    else:
        text = _(
            "Pursuant to %(plan)s, %(issuer)s reports the results of propagating the patriotic emulation movement "
            "in %(period)s (figures from %(start)s to %(end)s) as follows:"
        ) % {
            "plan": plan_text,
            "issuer": issuer["name_sentence"],
            "period": period["label"],
            "start": short_date(period["start"]),
            "end": short_date(period["end"]),
        }
    _para(document, text, indent=True)


def _basis(basis):
    return _("%(kind)s No. %(number)s of %(date)s of %(issuer)s") % {
        "kind": basis["kind"],
        "number": basis["number"],
        "date": short_date(basis["date"]),
        "issuer": basis["issuer"],
    }


def _closing(document, snapshot):
    values = {"period": snapshot["period"]["label"], "issuer": snapshot["issuer"]["name_sentence"]}
    if is_phase(snapshot):
        text = _(
            "The above is the summary of %(years)s years of carrying out the Plan in the phase %(phase)s; "
            "%(issuer)s respectfully reports to the Provincial People's Committee./."
        ) % {**values, "years": f"{phase_years(snapshot['plan']):02d}", "phase": phase_words(snapshot)}
    else:
        text = (
            _(
                "The above is the report on the results of propagating the patriotic emulation movement in %(period)s; "
                "%(issuer)s respectfully reports to the Provincial People's Committee for consideration and "
                "direction./."
            )
            % values
        )
    _para(document, text, indent=True)


def _own_text(document, snapshot, text):
    """The reviewer's text, a paragraph per line; a draft without it says it is still to be written."""
    lines = paragraphs(text)
    for line in lines:
        _para(document, line, indent=True)
    if not lines:
        _para(
            document,
            _("(To be written by %(issuer)s before the report is issued.)")
            % {"issuer": snapshot["issuer"]["name_sentence"]},
            italic=True,
            indent=True,
        )


def _narratives_note(document, snapshot):
    """How many agencies wrote of shortcomings and proposals; their texts are in the workbook, not here."""
    narratives = snapshot.get("narratives") or {}
    wrote = {k: len({item["agency"] for item in narratives.get(k) or []}) for k in ("shortcomings", "proposals")}
    if not any(wrote.values()):
        return
    _para(
        document,
        _(
            "%(shortcomings)s agencies, units and localities wrote of shortcomings and %(proposals)s made proposals "
            "in their reports; their texts are compiled in the workbook (XLSX) that goes with this report."
        )
        % {"shortcomings": number(wrote["shortcomings"]), "proposals": number(wrote["proposals"])},
        indent=True,
    )


def _caption(document, counter, title, *, kind="table"):
    """ "Bảng 1. …" above a table, "Biểu đồ 1. …" under a chart; numbered in order through the document."""
    counter[kind] = counter.get(kind, 0) + 1
    template = (
        pgettext("report table", "Table %(number)s. %(title)s")
        if kind == "table"
        else pgettext("report chart", "Chart %(number)s. %(title)s")
    )
    _para(
        document,
        template % {"number": counter[kind], "title": title},
        size=13,
        bold=kind == "table",
        italic=kind != "table",
        align=WD_ALIGN_PARAGRAPH.CENTER,
        after=3,
    )


def _period_results(document, snapshot):
    """Section II of a month, quarter, half or year: reporting, channels, themes, groups, exemplars."""
    counter = {}
    _subsection(document, 1, pgettext("report section", "Compliance with the reporting rules"))
    _para(document, compliance_sentence(snapshot), indent=True)
    _unaccepted_note(document, snapshot)
    if not snapshot.get("report_count"):
        _subsection(document, 2, pgettext("report section", "Propagation results"))
        _para(
            document,
            _("No report of the agencies for the period has been received yet; there are no figures to compile."),
            indent=True,
        )
        _subsection(document, 3, pgettext("report section", "Finding and introducing exemplary people and models"))
        _para(document, honouree_sentence(snapshot), indent=True)
        _pipeline(document, snapshot)
        _duty_results(document, snapshot, counter, 4)
        return
    _subsection(document, 2, pgettext("report section", "Results by channel"))
    for sentence in channel_sentences(snapshot):
        _para(document, sentence, indent=True)
    _channel_table(document, snapshot, counter)
    _subsection(document, 3, pgettext("report section", "Results by theme"))
    _themes(document, snapshot, counter)
    _subsection(document, 4, pgettext("report section", "Results by group of agencies and by area"))
    for sentence in agency_sentences(snapshot):
        _para(document, sentence, indent=True)
    _kind_table(document, snapshot, counter)
    next_number = 5
    if snapshot.get("trend"):
        _subsection(document, next_number, pgettext("report section", "Results quarter by quarter"))
        _trend_table(document, snapshot, counter)
        next_number += 1
    _subsection(
        document, next_number, pgettext("report section", "Finding and introducing exemplary people and models")
    )
    _para(document, honouree_sentence(snapshot), indent=True)
    _pipeline(document, snapshot)
    _duty_results(document, snapshot, counter, next_number + 1)


def _pipeline(document, snapshot):
    sentence = pipeline_sentence(snapshot)
    if sentence:
        _para(document, sentence, indent=True)


def _unaccepted_note(document, snapshot):
    if snapshot.get("includes_unaccepted"):
        _para(
            document,
            _("Note: the figures include reports that were sent but not yet received by the department."),
            italic=True,
            indent=True,
        )


def _themes(document, snapshot, counter):
    for sentence in theme_sentences(snapshot):
        _para(document, sentence, indent=True)
    _theme_table(document, snapshot, counter)
    _theme_chart(document, snapshot, counter)


def _channel_table(document, snapshot, counter):
    """Each channel (a bold heading row) with its metrics: this period, and beside it the comparisons there are,
    each headed by its period."""
    comparison = snapshot.get("comparison") or {}
    previous, year_before = comparison.get("previous"), comparison.get("year_before")
    header = [
        pgettext("report table", "No."),
        pgettext("report table", "Channel, indicator"),
        pgettext("report table", "Unit"),
        capfirst(snapshot["period"]["label"]),
    ]
    widths = [10, 50, 20, 20]
    for window, against in (
        (previous, pgettext("report table", "Against the previous period")),
        (year_before, pgettext("report table", "Against the same period last year")),
    ):
        if window:
            header += [capfirst(window["label"]), against]
            widths += [20, 18]
    scale = TEXT_WIDTH_MM / sum(widths)
    rows, bold_rows = [], []
    for c_index, channel in enumerate(snapshot["channels"], start=1):
        bold_rows.append(len(rows) + 1)
        rows.append([roman(c_index), channel["name"], *[""] * (len(header) - 2)])
        rows.extend(
            _metric_row(m_index, metric, previous, year_before)
            for m_index, metric in enumerate(channel["metrics"], start=1)
        )
    _caption(document, counter, pgettext("report table", "Results by channel of propagation"))
    _grid_table(document, header, rows, [w * scale for w in widths], size=11, bold_rows=bold_rows)


def _metric_row(index, metric, previous, year_before):
    row = [str(index), metric["name"], metric["unit"], metric["total"]]
    for window, key in ((previous, "previous"), (year_before, "year_before")):
        if window:
            row += [metric.get(key), change(metric["total"], metric.get(key))]
    return [("-" if v is None else v) for v in row]


def _theme_table(document, snapshot, counter):
    """The products and activities per theme, one column per channel's primary metric, and their sum."""
    primaries = primary_metrics(snapshot)
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
    _caption(document, counter, pgettext("report table", "Propagation products and activities by theme"))
    _grid_table(document, header, rows, [14, first - 14, *([rest] * (len(primaries) + 1))], size=11)
    legend = "; ".join(f"{m['channel_code']}: {m['channel_name']}" for m in primaries)
    _para(
        document, pgettext("report table", "Note: %(legend)s.") % {"legend": legend}, size=12, italic=True, indent=True
    )


def _theme_chart(document, snapshot, counter):
    picture = io.BytesIO(
        bar_chart_png([t["code"] for t in snapshot["themes"]], [t["items"] for t in snapshot["themes"]])
    )
    chart_paragraph = _para(document, align=WD_ALIGN_PARAGRAPH.CENTER, after=0)
    chart_paragraph.add_run().add_picture(picture, width=Mm(130))
    _caption(document, counter, _("Propagation products and activities by theme"), kind="chart")


def _kind_table(document, snapshot, counter):
    """Per group of agencies: how many were due, how many sent reports (counted as the text counts), their
    products and activities; a total row."""
    header = [
        pgettext("report table", "No."),
        pgettext("report table", "Group of agencies"),
        pgettext("report table", "Due to report"),
        pgettext("report table", "Sent reports"),
        pgettext("report table", "Products and activities"),
    ]
    kinds = kind_rows(snapshot)
    rows = [[str(i), k["label"], k["due"], k["sent"], k["items"]] for i, k in enumerate(kinds, start=1)]
    total = ["", pgettext("report table", "Total"), *(sum(k[key] for k in kinds) for key in ("due", "sent", "items"))]
    _caption(document, counter, pgettext("report table", "Results by group of agencies"))
    _grid_table(document, header, [*rows, total], [12, 73, 27, 25, 28], bold_last=True, size=11)


def _trend_table(document, snapshot, counter):
    """A year's quarters with their products and activities, per primary metric."""
    primaries = primary_metrics(snapshot)
    header = [
        pgettext("report table", "No."),
        pgettext("report table", "Quarter"),
        pgettext("report table", "Products and activities"),
        *(f"{m['channel_code']} ({m['unit']})" for m in primaries),
    ]
    rows = [
        [str(i), point["label"], point["items"], *(point["values"].get(m["key"], 0) for m in primaries)]
        for i, point in enumerate(snapshot["trend"], start=1)
    ]
    rest = (TEXT_WIDTH_MM - 12 - 30 - 25) / max(len(primaries), 1)
    _caption(document, counter, pgettext("report table", "Products and activities quarter by quarter"))
    _grid_table(document, header, rows, [12, 30, 25, *([rest] * len(primaries))], size=11)


# -- the duties of the plan's section III (issue 17) --------------------------------------


def _duty_results(document, snapshot, counter, number_):
    """The subsections of section II from ``number_`` on: guidance, press orders, content provided to the press;
    nothing for a snapshot compiled before they were recorded."""
    duties = duty_parts(snapshot)
    if duties is None:
        return
    if duties.get("movements") is not None:
        _subsection(document, number_, pgettext("report section", "Results by emulation movement and occasion"))
        _para(document, movements_sentence(snapshot), indent=True)
        _movements_table(document, snapshot, counter)
        number_ += 1
    phase = is_phase(snapshot)
    _subsection(document, number_, pgettext("report section", "Propaganda guidance"))
    _para(document, guidance_sentence(snapshot, _guidance_annex_number(snapshot) if phase else None), indent=True)
    # A phase summary sums the duties up by year, its documents and orders listed in its annexes.
    if phase:
        title = pgettext("report table", "Propaganda guidance issued and acknowledged, by year")
        rows = duties["guidance"]["rows"]
        _duties_by_year_table(document, counter, snapshot, rows, date="issued_on", title=title, lines=_GUIDANCE_LINES)
    else:
        _guidance_table(document, snapshot, counter)
    _subsection(document, number_ + 1, pgettext("report section", "Press commissioning"))
    _para(document, orders_sentence(snapshot, _orders_annex_number(snapshot)), indent=True)
    if phase:
        title = pgettext("report table", "Orders to the press agencies, by year")
        _duties_by_year_table(
            document, counter, snapshot, duties["orders"], date="start", title=title, lines=_ORDER_LINES
        )
    else:
        _orders_table(document, snapshot, counter)
    _subsection(document, number_ + 2, pgettext("report section", "Information provided to the press"))
    _para(document, content_sentence(snapshot), indent=True)
    _content_table(document, snapshot, counter)


def _movements_table(document, snapshot, counter):
    """Per movement, then per occasion (each under a bold heading row): the agencies and the products and
    activities attributed to it."""
    part = duty_parts(snapshot)["movements"]
    rows, bold_rows = [], []
    for index, (title, lines) in enumerate(
        (
            (pgettext("report table", "Emulation movements"), part["movements"]),
            (pgettext("report table", "Occasions"), part["occasions"]),
        ),
        start=1,
    ):
        if not lines:
            continue
        bold_rows.append(len(rows) + 1)
        rows.append([roman(index), title, "", ""])
        rows.extend([str(i), line["name"], line["agencies"], line["items"]] for i, line in enumerate(lines, start=1))
    if not rows:
        return
    header = [
        pgettext("report table", "No."),
        pgettext("report table", "Movement, occasion"),
        pgettext("report table", "Agencies"),
        pgettext("report table", "Products and activities"),
    ]
    _caption(document, counter, pgettext("report table", "Results by emulation movement and occasion"))
    _grid_table(document, header, rows, [12, 103, 25, 25], size=11, bold_rows=bold_rows)


def _duties_by_year_table(document, counter, snapshot, rows, *, date, title, lines):
    """The phase's guidance documents or press orders (``rows``) under ``title``, its years as columns and a total,
    a line per ``(label, value)`` of ``lines``: each row counted in the year whose window holds its ``date``
    (Decree 09: a year from 15 December)."""
    years = [year["code"][:4] for year in snapshot.get("years") or []]
    if not rows or not years:
        return
    by_year = {year: [] for year in years}
    for row in rows:
        day = datetime.date.fromisoformat(row[date])
        by_year.setdefault(str(period_for_day_window("quarter", day).year), []).append(row)
    columns = [*(by_year[year] for year in years), rows]
    table_rows = [[str(i), label(), *map(value, columns)] for i, (label, value) in enumerate(lines, 1)]
    header = [
        pgettext("report table", "No."),
        pgettext("report table", "Indicator"),
        *years,
        pgettext("report table", "Total"),
    ]
    rest = (TEXT_WIDTH_MM - 10 - 55) / (len(years) + 1)
    _caption(document, counter, title)
    _grid_table(document, header, table_rows, [10, 55, *([rest] * (len(years) + 1))], size=11)


def _acknowledged(guidance):
    recipients, acknowledged = sum(g["recipients"] for g in guidance), sum(g["acknowledged"] for g in guidance)
    return f"{number(acknowledged)} ({percent(acknowledged, recipients)})" if recipients else "-"


def _delivered_in_full(orders):
    met, cells = orders_counts(orders)
    return f"{number(met)}/{number(cells)} ({percent(met, cells)})" if cells else "-"


def _millions(amounts):
    """A sum of đồng in millions, as a budget table gives it: a whole number (the table writes "1.250"), else
    one decimal ("62,5")."""
    total = sum(amount or 0 for amount in amounts)
    return total // 1_000_000 if total % 1_000_000 == 0 else decimal(total / 1_000_000)


# The lines of ``_duties_by_year_table``: each a label and its value over a year's (or the phase's) documents.
_GUIDANCE_LINES = (
    (lambda: pgettext("report table", "Guidance documents issued"), len),
    (lambda: pgettext("report table", "Recipients, in all"), lambda rows: sum(g["recipients"] for g in rows)),
    (lambda: pgettext("report table", "Acknowledged, in all"), _acknowledged),
    (lambda: pgettext("report table", "Reports answering it"), lambda rows: sum(g["reports"] for g in rows)),
)
_ORDER_LINES = (
    (lambda: pgettext("report table", "Orders"), len),
    (lambda: pgettext("report table", "Budget (million VND)"), lambda rows: _millions(o["budget"] for o in rows)),
    (lambda: pgettext("report table", "Quantities delivered in full"), _delivered_in_full),
)


def _guidance_table(document, snapshot, counter):
    rows = [
        [
            str(i),
            _("No. %(number)s of %(date)s: %(title)s")
            % {"number": g["number"], "date": short_date(g["issued_on"]), "title": g["title"]},
            g["recipients"],
            f"{number(g['acknowledged'])} ({percent(g['acknowledged'], g['recipients'])})",
            g["reports"],
        ]
        for i, g in enumerate(duty_parts(snapshot)["guidance"]["rows"], start=1)
    ]
    if not rows:
        return
    header = [
        pgettext("report table", "No."),
        pgettext("report table", "Guidance document"),
        pgettext("report table", "Recipients"),
        pgettext("report table", "Acknowledged"),
        pgettext("report table", "Reports answering it"),
    ]
    if counter is not None:  # in an annex, the annex's title says what it is
        _caption(document, counter, pgettext("report table", "Propaganda guidance issued and acknowledged"))
    _grid_table(document, header, rows, [10, 75, 24, 30, 26], size=11)


def _orders_table(document, snapshot, counter):
    rows = []
    for i, order in enumerate(duty_parts(snapshot)["orders"], start=1):
        met, cells = order_counts(order)
        rows.append(
            [
                str(i),
                order["press_agency"],
                _("No. %(number)s of %(date)s") % {"number": order["number"], "date": short_date(order["ordered_on"])},
                f"{short_date(order['start'])} – {short_date(order['end'])}",
                order["budget"],
                f"{number(met)}/{number(cells)} ({percent(met, cells)})",
            ]
        )
    if not rows:
        return
    header = [
        pgettext("report table", "No."),
        pgettext("report table", "Press agency"),
        pgettext("report table", "Order"),
        pgettext("report table", "Covers"),
        pgettext("report table", "Budget (VND)"),
        pgettext("report table", "Delivered in full"),
    ]
    _caption(document, counter, pgettext("report table", "Orders to the press agencies"))
    _grid_table(document, header, rows, [10, 45, 30, 30, 25, 25], size=11)


def _content_table(document, snapshot, counter):
    part = duty_parts(snapshot)["content"]
    if not part["rows"]:
        return
    rows = [
        [str(i), f"{t['code']}. {t['label']}", t["provided"], t["used"], percent(t["used"], t["provided"])]
        for i, t in enumerate(part["rows"], start=1)
    ]
    total = [
        "",
        pgettext("report table", "Total"),
        part["provided"],
        part["used"],
        percent(part["used"], part["provided"]),
    ]
    header = [
        pgettext("report table", "No."),
        pgettext("report table", "Theme"),
        pgettext("report table", "Provided"),
        pgettext("report table", "Used by the press"),
        pgettext("report table", "Rate"),
    ]
    _caption(document, counter, pgettext("report table", "Information provided to the press and used, by theme"))
    _grid_table(document, header, [*rows, total], [10, 85, 24, 26, 20], bold_last=True, size=11)


def _orders_annex_number(snapshot):
    """The press orders' annex comes after the others: 03 in a phase summary or a report without exemplars, else 04."""
    return "04" if snapshot.get("honourees") and not is_phase(snapshot) else "03"


def _guidance_annex_number(snapshot):
    """A phase summary lists its guidance documents in the annex after the press orders' (when it has one)."""
    orders = (duty_parts(snapshot) or {}).get("orders") or []
    return "04" if any(order["cells"] for order in orders) else "03"


def _guidance_annex(document, snapshot):
    """Phụ lục 03/04 of a phase summary: every guidance document issued in the phase, its recipients and
    acknowledgements."""
    if not ((duty_parts(snapshot) or {}).get("guidance") or {}).get("rows"):
        return
    _annex(document, snapshot, _guidance_annex_number(snapshot), pgettext("annex", "Propaganda guidance issued"))
    _guidance_table(document, snapshot, None)


def _orders_annex(document, snapshot):
    """Phụ lục 03/04: each press order (a bold heading row) with its cells, ordered against delivered."""
    orders = (duty_parts(snapshot) or {}).get("orders") or []
    if not any(order["cells"] for order in orders):
        return
    _annex(document, snapshot, _orders_annex_number(snapshot), pgettext("annex", "Press orders: ordered and delivered"))
    rows, bold_rows = [], []
    for o_index, order in enumerate(orders, start=1):
        bold_rows.append(len(rows) + 1)
        heading = _("%(agency)s, order No. %(number)s of %(date)s") % {
            "agency": order["press_agency"],
            "number": order["number"],
            "date": short_date(order["ordered_on"]),
        }
        rows.append([roman(o_index), heading, "", "", "", ""])
        rows.extend(
            [
                str(c_index),
                f"{cell['channel']}: {cell['metric']} ({cell['unit']})",
                cell["theme"],
                cell["ordered"],
                cell["delivered"],
                percent(cell["delivered"], cell["ordered"]),
            ]
            for c_index, cell in enumerate(order["cells"], start=1)
        )
    header = [
        pgettext("report table", "No."),
        pgettext("report table", "Channel, indicator (unit)"),
        pgettext("report table", "Theme"),
        pgettext("report table", "Ordered"),
        pgettext("report table", "Delivered"),
        pgettext("report table", "Rate"),
    ]
    _grid_table(document, header, rows, [12, 83, 20, 17, 17, 16], size=10, bold_rows=bold_rows)
    _para(
        document,
        _("Delivered: the press agency's accepted figures of the reporting periods within the order's dates."),
        size=11,
        italic=True,
    )


# -- the phase summary's results (vietnamese-review B4) ---------------------------------


def _years(snapshot):
    return snapshot.get("years") or []


def _phase_results(document, snapshot):
    """Section II of the phase summary: channels and years side by side, themes, groups, exemplars by year,
    and compliance with the reporting rules year by year."""
    counter = {}
    _subsection(document, 1, pgettext("report section", "Results by channel, year by year"))
    for sentence in channel_sentences(snapshot):
        _para(document, sentence, indent=True)
    trend = snapshot.get("trend") or []
    if len(trend) > 1 and trend[0]["items"]:
        _para(
            document,
            _("%(last)s against %(first)s: %(change)s.")
            % {
                "last": trend[-1]["label"],
                "first": trend[0]["label"].lower(),
                "change": change_words(trend[-1]["items"], trend[0]["items"]),
            },
            indent=True,
        )
    _year_channel_table(document, snapshot, counter)
    _subsection(document, 2, pgettext("report section", "Results by theme"))
    _themes(document, snapshot, counter)
    _subsection(document, 3, pgettext("report section", "Results by group of agencies and by area"))
    for sentence in agency_sentences(snapshot):
        _para(document, sentence, indent=True)
    _kind_table(document, snapshot, counter)
    _subsection(document, 4, pgettext("report section", "Finding, fostering and spreading exemplary people and models"))
    _para(document, honouree_sentence(snapshot, where=_("Table 4")), indent=True)
    _pipeline(document, snapshot)
    _year_honouree_table(document, snapshot, counter)
    _subsection(document, 5, pgettext("report section", "Compliance with the reporting rules, year by year"))
    _para(document, compliance_sentence(snapshot), indent=True)
    _unaccepted_note(document, snapshot)
    _year_compliance_table(document, snapshot, counter)
    _duty_results(document, snapshot, counter, 6)


def _year_header(snapshot):
    return [point["code"][:4] for point in snapshot.get("trend") or []]


def _year_channel_table(document, snapshot, counter):
    """Every metric of every channel, the years as columns and the phase's total."""
    trend = snapshot.get("trend") or []
    header = [
        pgettext("report table", "No."),
        pgettext("report table", "Channel, indicator (unit)"),
        *_year_header(snapshot),
        pgettext("report table", "Total"),
    ]
    rows, bold_rows = [], []
    for c_index, channel in enumerate(snapshot["channels"], start=1):
        bold_rows.append(len(rows) + 1)
        rows.append([roman(c_index), channel["name"], *[""] * (len(header) - 2)])
        for m_index, metric in enumerate(channel["metrics"], start=1):
            years = [point["values"].get(metric["key"], 0) for point in trend]
            rows.append([str(m_index), f"{metric['name']} ({metric['unit']})", *years, metric["total"]])
    # The unit beside the indicator's name: the years' columns need the width of seven-digit figures.
    rest = (TEXT_WIDTH_MM - 10 - 44) / (len(trend) + 1)
    _caption(document, counter, pgettext("report table", "Results by channel and year"))
    _grid_table(document, header, rows, [10, 44, *([rest] * (len(trend) + 1))], size=10, bold_rows=bold_rows)


def _year_honouree_table(document, snapshot, counter):
    """Exemplary people and models introduced, by category and year, with totals."""
    years = _years(snapshot)
    categories = []
    for year in years:
        for category, _count in year["honourees"]:
            if category not in categories:
                categories.append(category)
    counts = [dict(map(tuple, year["honourees"])) for year in years]
    rows = [
        [
            str(i),
            category or pgettext("honouree", "other"),
            *(c.get(category, 0) for c in counts),
            sum(c.get(category, 0) for c in counts),
        ]
        for i, category in enumerate(categories, start=1)
    ]
    columns = [sum(c.values()) for c in counts]
    total = ["", pgettext("report table", "Total"), *columns, sum(columns)]
    header = [
        pgettext("report table", "No."),
        pgettext("report table", "Category"),
        *(year["code"][:4] for year in years),
        pgettext("report table", "Total"),
    ]
    rest = (TEXT_WIDTH_MM - 10 - 55) / (len(years) + 1)
    _caption(document, counter, pgettext("report table", "Exemplary people and models introduced, by year"))
    _grid_table(document, header, [*rows, total], [10, 55, *([rest] * (len(years) + 1))], bold_last=True, size=11)


def _year_compliance_table(document, snapshot, counter):
    """Per year: the agencies due, those that sent all, some or none of the reports they owed, and the reports."""
    header = [
        pgettext("report table", "Year"),
        pgettext("report table", "Due to report"),
        pgettext("report table", "Sent all"),
        pgettext("report table", "Sent some"),
        pgettext("report table", "Sent none"),
        pgettext("report table", "Reports owed"),
        pgettext("report table", "Received"),
        pgettext("report table", "On time"),
    ]
    rows = []
    for year in _years(snapshot):
        counts, owed = year["reporting"], year["completeness"]
        received = owed["on_time"] + owed["late"]
        rows.append(
            [
                year["code"][:4],
                counts["due"],
                counts["on_time"] + counts["late"],
                counts["partial"],
                counts["none"],
                owed["expected"],
                f"{number(received)} ({percent(received, owed['expected'])})",
                f"{number(owed['on_time'])} ({percent(owed['on_time'], owed['expected'])})",
            ]
        )
    _caption(document, counter, pgettext("report table", "Compliance with the reporting rules by year"))
    _grid_table(document, header, rows, [16, 20, 18, 18, 18, 20, 28, 27], size=11)


# -- the annexes (after the signature) ---------------------------------------------------


def _annexes(document, snapshot):
    """Phụ lục 01, 02, … after the signature block, each on a new page, headed as provincial documents are."""
    if is_phase(snapshot):
        _phase_compliance_annex(document, snapshot)
        _agency_annex(document, snapshot, "02", by_year=True)
        _orders_annex(document, snapshot)
        _guidance_annex(document, snapshot)
        return
    if snapshot.get("report_count") or due_agencies(snapshot):
        _late_annex(document, snapshot)
        _agency_annex(document, snapshot, "02", by_year=False)
    if snapshot.get("honourees"):
        _honouree_annex(document, snapshot)
    _orders_annex(document, snapshot)


def _annex_heading(document, number_, title):
    paragraph = _para(
        document,
        pgettext("annex", "Annex %(number)s") % {"number": number_},
        bold=True,
        align=WD_ALIGN_PARAGRAPH.CENTER,
        after=0,
    )
    paragraph.paragraph_format.page_break_before = True
    _para(document, title.upper(), bold=True, align=WD_ALIGN_PARAGRAPH.CENTER, after=0)
    return paragraph


def _annex_reference(document, snapshot):
    doc, issuer = snapshot["document"], snapshot["issuer"]
    values = {"number": doc.get("number") or " " * 7, "code": issuer["code"], "issuer": issuer["name_sentence"]}
    if doc.get("date"):
        text = _("(Attached to Report No. %(number)s/BC-%(code)s of %(date)s of %(issuer)s)") % {
            **values,
            "date": short_date(doc["date"]),
        }
    else:
        text = _("(Attached to Report No. %(number)s/BC-%(code)s of %(issuer)s)") % values
    _para(document, text, size=13, italic=True, align=WD_ALIGN_PARAGRAPH.CENTER, after=12)


def _annex(document, snapshot, number_, title):
    _annex_heading(document, number_, title)
    _annex_reference(document, snapshot)


def _late_annex(document, snapshot):
    """Phụ lục 01: the agencies due that sent a report late or have not sent every report they owed."""
    rows = [
        [
            a["name"],
            a["expected"],
            a.get("submitted", 0),
            a.get("late", 0),
            max(a["expected"] - a.get("submitted", 0), 0),
        ]
        for a in due_agencies(snapshot)
        if a["status"] != "on_time"
    ]
    _annex(
        document, snapshot, "01", pgettext("annex", "Agencies and units that have not sent or sent late their reports")
    )
    if not rows:
        _para(document, _("Every agency, unit and locality due to report sent every report on time."), indent=True)
        return
    header = [
        pgettext("report table", "No."),
        pgettext("report table", "Agency, unit, locality"),
        pgettext("report table", "Reports owed"),
        pgettext("report table", "Sent"),
        pgettext("report table", "Of which late"),
        pgettext("report table", "Not sent"),
    ]
    numbered = [[str(i), *row] for i, row in enumerate(rows, start=1)]
    _grid_table(document, header, numbered, [12, 85, 18, 16, 18, 16], size=11)


def _agency_annex(document, snapshot, number_, *, by_year):
    """Phụ lục 02: each agency's products and activities (per primary metric, or per year in a phase) and each
    area's."""
    _annex(document, snapshot, number_, pgettext("annex", "Results by agency, unit and locality and by area"))
    primaries = primary_metrics(snapshot)
    agencies = [a for a in snapshot.get("agencies") or [] if a.get("expected") or a.get("items")]
    if by_year:
        years = _years(snapshot)
        columns = [y["code"][:4] for y in years]
        rows = [
            [str(i), a["name"], *((y["agencies"].get(a["code"]) or [None, 0])[1] for y in years), a.get("items", 0)]
            for i, a in enumerate(agencies, start=1)
        ]
    else:
        columns = [m["channel_code"] for m in primaries]
        rows = [
            [str(i), a["name"], *(a.get("values", {}).get(m["key"], 0) for m in primaries), a.get("items", 0)]
            for i, a in enumerate(agencies, start=1)
        ]
    header = [
        pgettext("report table", "No."),
        pgettext("report table", "Agency, unit, locality"),
        *columns,
        pgettext("report table", "Total"),
    ]
    rest = (TEXT_WIDTH_MM - 10 - 70) / (len(columns) + 1)
    counter = {}  # the annex's own tables: Bảng 1, 2 of Phụ lục 02
    _caption(document, counter, pgettext("report table", "Products and activities by agency, unit and locality"))
    _grid_table(document, header, rows, [10, 70, *([rest] * (len(columns) + 1))], size=10)
    if not by_year:
        _para(
            document,
            pgettext("report table", "Note: %(legend)s.")
            % {"legend": "; ".join(f"{m['channel_code']}: {m['channel_name']}" for m in primaries)},
            size=11,
            italic=True,
        )
    _unit_table(document, snapshot, counter)


def _unit_table(document, snapshot, counter):
    """Per local administrative unit (district- or commune-level, as of the period's end), when the snapshot has
    them."""
    if not snapshot.get("units"):
        return
    header = [
        pgettext("report table", "No."),
        pgettext("report table", "Administrative unit"),
        pgettext("report table", "Agencies"),
        pgettext("report table", "Sent reports"),
        pgettext("report table", "Products and activities"),
    ]
    rows = [
        [str(i), unit["name"], unit["agencies"], unit["reported"], unit["items"]]
        for i, unit in enumerate(snapshot["units"], start=1)
    ]
    # The local level of the period's end (``wording.local_level_label``): "cấp huyện" until 30/06/2025, "cấp xã"
    # after; a snapshot from before it was recorded had district-level units.
    level = (snapshot.get("local_level") or {}).get("label") or pgettext("local level", "district level")
    _caption(
        document, counter, pgettext("report table", "Results by administrative unit, %(level)s") % {"level": level}
    )
    _grid_table(document, header, rows, [12, 73, 27, 25, 28], size=10)


def _honouree_annex(document, snapshot):
    """Phụ lục 03: the exemplary people and models the agencies introduced."""
    _annex(document, snapshot, "03", pgettext("annex", "Exemplary people and models introduced"))
    header = [
        pgettext("report table", "No."),
        pgettext("report table", "Name"),
        pgettext("report table", "Category"),
        pgettext("report table", "Introduced by"),
    ]
    rows = [
        [str(i), h["name"], h.get("category") or "", h.get("agency") or ""]
        for i, h in enumerate(snapshot.get("honourees") or [], start=1)
    ]
    _grid_table(document, header, rows, [12, 60, 40, 53], size=10)


def _phase_compliance_annex(document, snapshot):
    """Phụ lục 01 of the phase summary: each agency's reporting year by year (all, some or none of the reports
    it owed; blank where it owed none)."""
    _annex(document, snapshot, "01", pgettext("annex", "Compliance with the reporting rules by agency and year"))
    years = _years(snapshot)
    marks = {
        "complete": pgettext("reporting in a year", "All"),
        "partial": pgettext("reporting in a year", "Some"),
        "none": pgettext("reporting in a year", "None"),
    }
    rows = []
    for agency in due_agencies(snapshot):
        states = [(y["agencies"].get(agency["code"]) or [None])[0] for y in years]
        rows.append([str(len(rows) + 1), agency["name"], *(marks.get(s, "") for s in states)])
    header = [
        pgettext("report table", "No."),
        pgettext("report table", "Agency, unit, locality"),
        *(y["code"][:4] for y in years),
    ]
    rest = (TEXT_WIDTH_MM - 10 - 65) / max(len(years), 1)
    _grid_table(document, header, rows, [10, 65, *([rest] * len(years))], size=10, centred_from=2)
    _para(
        document,
        _("All: sent every report it owed in the year; Some: sent some of them; None: sent none; blank: not due."),
        size=11,
        italic=True,
    )


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
