"""A small XLSX writer for tables: the SpreadsheetML package written directly (zipfile and XML text).

``workbook_bytes(sheets, ...) -> bytes``: one sheet per ``Sheet`` (a header row, then rows of values), the header
frozen, columns as wide as their longest value, in two named cell styles (header: bold, wrapped, centred both
ways; body), both in one font. Values become cells as follows:

- ``int`` and ``float``: numbers (a NaN or an infinity: an empty cell);
- ``date`` and ``datetime``: serial numbers shown dd/mm/yyyy;
- ``bool``: the text of ``booleans`` (e.g. Yes/No), or a spreadsheet boolean when it is ``None``;
- ``None`` and the empty text: a cell with the style and no value;
- anything else: text, always stored as text (a shared string), never as a formula. Characters XML cannot hold
  are removed, CR LF and CR become LF, and the text is cut at Excel's 32,767 characters. Text a spreadsheet would
  take for a formula (``core.spreadsheet.looks_like_formula``) is marked with the quote prefix (Excel's leading
  apostrophe: shown as typed, never evaluated) and aligned left, so it stays text when the cell is edited or the
  sheet is saved as CSV (OWASP "CSV injection").

Why not openpyxl: it builds a Python object per cell and serialises them through an XML tree; for the compiled
report's workbook (thousands of cells) that was ~130 ms of a compile, this writer is ~10 ms (README).
"""

import io
import math
import re
import zipfile
from collections.abc import Sequence
from datetime import UTC, date, datetime
from typing import NamedTuple

from .spreadsheet import looks_like_formula
from .text import XML_ILLEGAL

MAX_CELL_TEXT = 32767  # Excel's limit on a cell's text
MAX_SHEET_NAME = 31  # Excel's limit on a sheet's name
DATE_FORMAT = "DD/MM/YYYY"
_SHEET_NAME_ILLEGAL = re.compile(r"[\[\]:*?/\\]")
# Day 0 of Excel's 1900 date system is 1899-12-30 (it counts a 29 February 1900 that never was).
_EPOCH_ORDINAL = date(1899, 12, 30).toordinal()

# The cell formats (``cellXfs``), in the order ``_STYLES`` writes them.
HEADER, BODY, DATE, BODY_QUOTED, HEADER_QUOTED = 1, 2, 3, 4, 5


class Sheet(NamedTuple):
    """One sheet: its tab title, its header row and its rows of values (see the module docstring)."""

    title: str
    header: Sequence
    rows: Sequence[Sequence]


def workbook_bytes(
    sheets: Sequence[Sheet],
    *,
    font: str = "Times New Roman",
    header_style: str = "Header",
    body_style: str = "Body",
    booleans: tuple[str, str] | None = None,
) -> bytes:
    """The XLSX file of ``sheets`` in order; ``header_style`` and ``body_style`` name the two cell styles."""
    strings = _Strings()
    parts = []
    for sheet in sheets:
        xml = _sheet_xml(sheet, strings, booleans, first=not parts)
        parts.append(xml)
    names = sheet_names([sheet.title for sheet in sheets])
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as package:
        package.writestr("[Content_Types].xml", _content_types(len(parts)))
        package.writestr("_rels/.rels", _ROOT_RELS)
        package.writestr("docProps/core.xml", _core_properties())
        package.writestr("docProps/app.xml", _APP_PROPERTIES)
        package.writestr("xl/workbook.xml", _workbook_xml(names))
        package.writestr("xl/_rels/workbook.xml.rels", _workbook_rels(len(parts)))
        package.writestr("xl/styles.xml", _styles_xml(font, header_style, body_style))
        package.writestr("xl/sharedStrings.xml", strings.xml())
        for number, xml in enumerate(parts, start=1):
            package.writestr(f"xl/worksheets/sheet{number}.xml", xml)
    return out.getvalue()


def cell_text(value) -> str:
    """``value`` as the text a cell holds: without what XML cannot hold, one kind of line break (Excel shows a
    stray "_x000D_" or a box for a carriage return), at most ``MAX_CELL_TEXT`` characters."""
    text = XML_ILLEGAL.sub("", str(value)).replace("\r\n", "\n").replace("\r", "\n")
    return text[:MAX_CELL_TEXT]


def sheet_names(titles: Sequence[str]) -> list[str]:
    """Names Excel accepts for sheets titled ``titles``: without []:*?/\\ and what XML cannot hold, not starting
    or ending with an apostrophe, at most 31 characters, unique whatever the case (" (2)"… added)."""
    names, taken = [], set()
    for number, title in enumerate(titles, start=1):
        base = _SHEET_NAME_ILLEGAL.sub(" ", XML_ILLEGAL.sub("", str(title))).strip().strip("'").strip()
        base = base[:MAX_SHEET_NAME] or f"Sheet{number}"
        name, copy = base, 1
        while name.casefold() in taken:
            copy += 1
            suffix = f" ({copy})"
            name = base[: MAX_SHEET_NAME - len(suffix)] + suffix
        taken.add(name.casefold())
        names.append(name)
    return names


def column_widths(header: Sequence, rows: Sequence[Sequence]) -> list[int]:
    """Each column's width in characters: its longest value (as ``str`` writes it) plus 2, between 8 and 60."""
    widths = []
    for col, text in enumerate(header):
        longest = max([len(str(text))] + [len(str(v)) for v in (row[col] for row in rows) if v is not None])
        widths.append(min(max(longest + 2, 8), 60))
    return widths


def column_letter(index: int) -> str:
    """The letters of the 0-based column ``index``: 0 → A, 25 → Z, 26 → AA."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def escape(text: str) -> str:
    """``text`` safe in XML element content and in a double-quoted attribute."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")


def excel_date(value: date) -> float | int:
    """The serial number of ``value`` in Excel's 1900 date system (with its phantom 29/02/1900, as openpyxl)."""
    days = value.toordinal() - _EPOCH_ORDINAL
    if 0 < days <= 60:
        days -= 1
    if isinstance(value, datetime):
        seconds = value.hour * 3600 + value.minute * 60 + value.second + value.microsecond / 1e6
        return days + seconds / 86400
    return days


# -- the parts ---------------------------------------------------------------------------------------------------

_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_DOC_RELS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PACKAGE_RELS = "http://schemas.openxmlformats.org/package/2006/relationships"
_DECLARATION = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
_ROOT_RELS = (
    f'{_DECLARATION}<Relationships xmlns="{_PACKAGE_RELS}">'
    f'<Relationship Id="rId1" Type="{_DOC_RELS}/officeDocument" Target="xl/workbook.xml"/>'
    f'<Relationship Id="rId2" Type="{_PACKAGE_RELS}/metadata/core-properties" Target="docProps/core.xml"/>'
    f'<Relationship Id="rId3" Type="{_DOC_RELS}/extended-properties" Target="docProps/app.xml"/>'
    "</Relationships>"
)
# The first row frozen (what openpyxl writes for ``freeze_panes = "A2"``); the first sheet is the one shown.
_SHEET_VIEWS = (
    '<sheetViews><sheetView{selected} workbookViewId="0">'
    '<pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/>'
    '<selection pane="bottomLeft" activeCell="A2" sqref="A2"/></sheetView></sheetViews>'
)
_APP_PROPERTIES = (
    f"{_DECLARATION}<Properties "
    'xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties">'
    "<Application>Thi đua</Application></Properties>"
)


def _content_types(sheet_count):
    office = "application/vnd.openxmlformats-officedocument"
    sheets = "".join(
        f'<Override PartName="/xl/worksheets/sheet{n}.xml" ContentType="{office}.spreadsheetml.worksheet+xml"/>'
        for n in range(1, sheet_count + 1)
    )
    return (
        f'{_DECLARATION}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        f'<Override PartName="/xl/workbook.xml" ContentType="{office}.spreadsheetml.sheet.main+xml"/>'
        f'<Override PartName="/xl/styles.xml" ContentType="{office}.spreadsheetml.styles+xml"/>'
        f'<Override PartName="/xl/sharedStrings.xml" ContentType="{office}.spreadsheetml.sharedStrings+xml"/>'
        '<Override PartName="/docProps/core.xml" '
        'ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>'
        f'<Override PartName="/docProps/app.xml" ContentType="{office}.extended-properties+xml"/>'
        f"{sheets}</Types>"
    )


def _core_properties():
    now = datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    return (
        f"{_DECLARATION}<cp:coreProperties "
        'xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" '
        'xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" '
        'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
        f'<dcterms:created xsi:type="dcterms:W3CDTF">{now}</dcterms:created>'
        f'<dcterms:modified xsi:type="dcterms:W3CDTF">{now}</dcterms:modified>'
        "</cp:coreProperties>"
    )


def _workbook_xml(names):
    sheets = "".join(
        f'<sheet name="{escape(name)}" sheetId="{n}" r:id="rId{n}"/>' for n, name in enumerate(names, start=1)
    )
    return (
        f'{_DECLARATION}<workbook xmlns="{_MAIN}" xmlns:r="{_DOC_RELS}">'
        f'<bookViews><workbookView activeTab="0"/></bookViews><sheets>{sheets}</sheets></workbook>'
    )


def _workbook_rels(sheet_count):
    sheets = "".join(
        f'<Relationship Id="rId{n}" Type="{_DOC_RELS}/worksheet" Target="worksheets/sheet{n}.xml"/>'
        for n in range(1, sheet_count + 1)
    )
    return (
        f'{_DECLARATION}<Relationships xmlns="{_PACKAGE_RELS}">{sheets}'
        f'<Relationship Id="rId{sheet_count + 1}" Type="{_DOC_RELS}/styles" Target="styles.xml"/>'
        f'<Relationship Id="rId{sheet_count + 2}" Type="{_DOC_RELS}/sharedStrings" Target="sharedStrings.xml"/>'
        "</Relationships>"
    )


def _styles_xml(font, header_style, body_style):
    """Fonts: the default, the header's (bold), the body's. Cell formats: ``HEADER`` … ``HEADER_QUOTED``."""
    font = escape(font)
    centred = '<alignment horizontal="center" vertical="center" wrapText="1"/>'
    left = '<alignment horizontal="left"/>'
    return (
        f'{_DECLARATION}<styleSheet xmlns="{_MAIN}">'
        f'<numFmts count="1"><numFmt numFmtId="164" formatCode="{DATE_FORMAT}"/></numFmts>'
        '<fonts count="3"><font><sz val="11"/><name val="Calibri"/><family val="2"/></font>'
        f'<font><b/><sz val="11"/><name val="{font}"/></font><font><sz val="11"/><name val="{font}"/></font></fonts>'
        '<fills count="2"><fill><patternFill patternType="none"/></fill>'
        '<fill><patternFill patternType="gray125"/></fill></fills>'
        '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>'
        '<cellStyleXfs count="3"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/>'
        f'<xf numFmtId="0" fontId="1" fillId="0" borderId="0" applyFont="1" applyAlignment="1">{centred}</xf>'
        '<xf numFmtId="0" fontId="2" fillId="0" borderId="0" applyFont="1"/></cellStyleXfs>'
        '<cellXfs count="6"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>'
        f'<xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="1" applyFont="1" applyAlignment="1">{centred}</xf>'
        '<xf numFmtId="0" fontId="2" fillId="0" borderId="0" xfId="2" applyFont="1"/>'
        '<xf numFmtId="164" fontId="2" fillId="0" borderId="0" xfId="2" applyFont="1" applyNumberFormat="1"/>'
        '<xf numFmtId="0" fontId="2" fillId="0" borderId="0" xfId="2" applyFont="1" applyAlignment="1" '
        f'quotePrefix="1">{left}</xf>'
        '<xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="1" applyFont="1" applyAlignment="1" '
        f'quotePrefix="1">{left}</xf></cellXfs>'
        '<cellStyles count="3"><cellStyle name="Normal" xfId="0" builtinId="0"/>'
        f'<cellStyle name="{escape(header_style)}" xfId="1"/><cellStyle name="{escape(body_style)}" xfId="2"/>'
        '</cellStyles><dxfs count="0"/><tableStyles count="0"/></styleSheet>'
    )


class _Strings:
    """The shared strings table: each distinct text once, in order of first use. ``cell(value)`` remembers each
    value it has seen (a status label, a metric's name: the same few texts in thousands of cells)."""

    def __init__(self):
        self.texts = {}  # text -> its index
        self.cells = {}  # value -> (index, quoted), None for the empty text

    def cell(self, value):
        try:
            return self.cells[value]
        except KeyError:
            pass
        except TypeError:  # not hashable: written as ``str`` writes it, not remembered
            return self._add(value)
        found = self.cells[value] = self._add(value)
        return found

    def _add(self, value):
        text = cell_text(value)
        if not text:
            return None
        return self.texts.setdefault(text, len(self.texts)), looks_like_formula(text)

    def xml(self):
        # Leading or trailing blanks are kept only where the text says so (XML may drop them otherwise).
        items = "".join(
            f"<si><t>{escape(text)}</t></si>"
            if text == text.strip()
            else f'<si><t xml:space="preserve">{escape(text)}</t></si>'
            for text in self.texts
        )
        return f'{_DECLARATION}<sst xmlns="{_MAIN}" uniqueCount="{len(self.texts)}">{items}</sst>'


def _sheet_xml(sheet, strings, booleans, *, first):
    header, rows = sheet.header, sheet.rows
    letters = [column_letter(i) for i in range(max([len(header), *map(len, rows)], default=1))]
    cols = "".join(
        f'<col min="{n}" max="{n}" width="{width}" customWidth="1"/>'
        for n, width in enumerate(column_widths(header, rows), start=1)
    )
    parts = [
        f'{_DECLARATION}<worksheet xmlns="{_MAIN}" xmlns:r="{_DOC_RELS}">',
        f'<dimension ref="A1:{letters[-1]}{len(rows) + 1}"/>',
        _SHEET_VIEWS.format(selected=' tabSelected="1"' if first else ""),
        '<sheetFormatPr defaultRowHeight="15"/>',
        f"<cols>{cols}</cols>" if cols else "",
        '<sheetData><row r="1">',
    ]
    for letter, value in zip(letters, header, strict=False):
        parts.append(_header_cell(f"{letter}1", value, strings))
    parts.append("</row>")
    for number, values in enumerate(rows, start=2):
        parts.append(f'<row r="{number}">')
        parts.extend(
            _body_cell(f"{letter}{number}", value, strings, booleans)
            for letter, value in zip(letters, values, strict=False)
        )
        parts.append("</row>")
    parts.append('</sheetData><pageMargins left="0.75" right="0.75" top="1" bottom="1" header="0.5" footer="0.5"/>')
    parts.append("</worksheet>")
    return "".join(parts)


def _header_cell(ref, value, strings):
    found = strings.cell("" if value is None else value)
    if found is None:
        return f'<c r="{ref}" s="{HEADER}"/>'
    index, quoted = found
    return f'<c r="{ref}" s="{HEADER_QUOTED if quoted else HEADER}" t="s"><v>{index}</v></c>'


def _body_cell(ref, value, strings, booleans):
    kind = type(value)
    if kind is int:
        return f'<c r="{ref}" s="{BODY}"><v>{value}</v></c>'
    if value is None:
        return f'<c r="{ref}" s="{BODY}"/>'
    if kind is bool:
        if booleans is None:
            return f'<c r="{ref}" s="{BODY}" t="b"><v>{int(value)}</v></c>'
        value = booleans[0] if value else booleans[1]
    elif isinstance(value, int):
        return f'<c r="{ref}" s="{BODY}"><v>{int(value)}</v></c>'
    elif isinstance(value, float):
        if not math.isfinite(value):
            return f'<c r="{ref}" s="{BODY}"/>'
        return f'<c r="{ref}" s="{BODY}"><v>{float(value)!r}</v></c>'
    elif isinstance(value, date):
        return f'<c r="{ref}" s="{DATE}"><v>{excel_date(value)!r}</v></c>'
    found = strings.cell(value)
    if found is None:
        return f'<c r="{ref}" s="{BODY}"/>'
    index, quoted = found
    return f'<c r="{ref}" s="{BODY_QUOTED if quoted else BODY}" t="s"><v>{index}</v></c>'
