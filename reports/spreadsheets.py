"""The report grid as an XLSX template to fill in, and reading it back.

The sheet keeps a hidden key column ("HT1/articles") and each theme's code on
the first line of its header cell, so rows and columns are matched by code,
not by position, and the grid is found on whichever sheet holds it. The
template is protected (without a password) except for the figure cells, which
accept whole numbers only, and prints landscape, one page wide.

Reading never drops a figure silently: a figure outside the template's rows
and theme columns, typed over a total, or a formula in a figure cell stops the
upload with a message naming the cells. Text written into the workbook is
neutralised against formula injection.
"""

import datetime
import io
import math
from dataclasses import dataclass, field

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import translation
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from openpyxl import Workbook, load_workbook
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Border, Font, PatternFill, Protection, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from core.spreadsheet import neutralise

from .forms import parse_figure
from .models import Figure

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
KEY_HEADER = "KEY"
HEADER_ROW = 4
FIRST_THEME_COLUMN = 5  # A key, B channel, C metric, D unit, then the themes
# The KEY header row is looked for in the first rows of every sheet.
HEADER_SEARCH_ROWS = 30
# An upload with more problems than this is reported with the first ones and a count.
MAX_ERRORS = 30

_THIN = Side(style="thin", color="999999")
_BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_HEADER_FILL = PatternFill("solid", fgColor="F8E7E7")
_INPUT_FILL = PatternFill("solid", fgColor="FFFDE7")
_WRAP = Alignment(wrap_text=True, vertical="center")
_CENTRED = Alignment(vertical="center")
# Column widths in characters; text longer than its column wraps onto more lines.
_WIDTHS = {"B": 24, "C": 34, "D": 12}
_THEME_WIDTH = 13
_TOTAL_WIDTH = 10
_LINE_HEIGHT = 15  # points per line of wrapped 11-point text


def safe(text):
    """Text for a spreadsheet cell that no spreadsheet will run as a formula."""
    return neutralise(str(text))


def _key(metric):
    return f"{metric.channel.code}/{metric.code}"


def _lines(text, width):
    """How many lines ``text`` wraps to in a column ``width`` characters wide (a generous estimate)."""
    return max(1, math.ceil(len(text) / max(width - 2, 1)))


def build_template(*, report, grid, figures):
    """The report's grid as XLSX bytes: the figures sheet (protected but for the figure cells) and the themes."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = _("Figures")
    sheet["B1"] = safe(_("Activity report figures"))
    sheet["B1"].font = Font(bold=True, size=13)
    sheet["B2"] = safe(f"{report.agency.name} — {report.period.code} ({report.period.label})")
    sheet["B3"] = safe(
        _("Enter whole numbers; leave a cell blank for zero. Do not change the KEY column or the header row.")
    )
    first_theme_col = FIRST_THEME_COLUMN
    last_theme_col = first_theme_col + len(grid.themes) - 1
    total_col = last_theme_col + 1
    _write_header(sheet, grid)
    row = HEADER_ROW + 1
    for rows in grid.channels:
        channel_text = safe(f"{rows.channel.code}. {rows.channel.label}")
        for metric in rows.metrics:
            labels = (_key(metric), channel_text, safe(metric.label), safe(metric.unit))
            for col, text in enumerate(labels, start=1):
                cell = sheet.cell(row=row, column=col, value=text)
                cell.alignment = _WRAP
                cell.border = _BORDER
            for offset, theme in enumerate(grid.themes):
                cell = sheet.cell(
                    row=row, column=first_theme_col + offset, value=figures.get((metric.pk, theme.pk)) or None
                )
                cell.protection = Protection(locked=False)
                cell.fill = _INPUT_FILL
                cell.number_format = "#,##0"
                cell.border = _BORDER
                cell.alignment = _CENTRED
            first, last = get_column_letter(first_theme_col), get_column_letter(last_theme_col)
            total = sheet.cell(row=row, column=total_col, value=f"=SUM({first}{row}:{last}{row})")
            total.font = Font(bold=True)
            total.number_format = "#,##0"
            total.border = _BORDER
            total.alignment = _CENTRED
            sheet.row_dimensions[row].height = _LINE_HEIGHT * max(
                _lines(text, _WIDTHS[letter]) for letter, text in zip("BCD", labels[1:], strict=True)
            )
            row += 1
    last_row = row - 1
    if last_row > HEADER_ROW:
        _validate_figures(
            sheet, f"{get_column_letter(first_theme_col)}{HEADER_ROW + 1}:{get_column_letter(last_theme_col)}{last_row}"
        )
    _lay_out(sheet, total_col=total_col, last_row=last_row)
    _themes_sheet(workbook.create_sheet(_("Content themes")), grid)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _write_header(sheet, grid):
    """The header row: KEY, the label columns, each theme's code and name (wrapped), the total."""
    headers = [KEY_HEADER, _("Channel"), _("Metric"), _("Unit")]
    headers += [f"{t.code}\n{t.label}" for t in grid.themes]
    headers.append(_("Total"))
    for col, text in enumerate(headers, start=1):
        cell = sheet.cell(row=HEADER_ROW, column=col, value=safe(text))
        cell.font = Font(bold=True)
        cell.fill = _HEADER_FILL
        cell.alignment = Alignment(wrap_text=True, vertical="top", horizontal="center" if col > 4 else None)
        cell.border = _BORDER
    for offset, theme in enumerate(grid.themes):
        if theme.text:
            comment = Comment(safe(theme.text), "Thi đua")
            comment.width, comment.height = 320, 160
            sheet.cell(row=HEADER_ROW, column=FIRST_THEME_COLUMN + offset).comment = comment
    longest = max((len(t.label) for t in grid.themes), default=0)
    sheet.row_dimensions[HEADER_ROW].height = _LINE_HEIGHT * (1 + _lines("x" * longest, _THEME_WIDTH))


def _validate_figures(sheet, cells):
    """Whole numbers from 0 to the largest figure in ``cells``, with the reason shown when Excel refuses one."""
    validation = DataValidation(
        type="whole",
        operator="between",
        formula1="0",
        formula2=str(Figure.MAX_VALUE),
        allow_blank=True,
        showErrorMessage=True,
        errorTitle=_("Not a whole number"),
        error=_("Enter a whole number from 0 to %(max)s (a count: no decimals, no text).")
        % {"max": number_format(Figure.MAX_VALUE, force_grouping=True)},
    )
    validation.add(cells)
    sheet.add_data_validation(validation)


def _lay_out(sheet, *, total_col, last_row):
    """Widths, frozen labels, protection of all but the figure cells, and a landscape print one page wide."""
    sheet.column_dimensions["A"].hidden = True
    for letter, width in _WIDTHS.items():
        sheet.column_dimensions[letter].width = width
    for col in range(FIRST_THEME_COLUMN, total_col):
        sheet.column_dimensions[get_column_letter(col)].width = _THEME_WIDTH
    sheet.column_dimensions[get_column_letter(total_col)].width = _TOTAL_WIDTH
    sheet.freeze_panes = sheet.cell(row=HEADER_ROW + 1, column=FIRST_THEME_COLUMN)
    # No password: the protection keeps keys, headers and totals from being typed over by mistake, it is not a
    # security boundary (the upload checks everything again). Column widths and row heights stay adjustable.
    sheet.protection.sheet = True
    sheet.protection.formatColumns = False
    sheet.protection.formatRows = False
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.print_title_rows = f"{HEADER_ROW}:{HEADER_ROW}"
    sheet.print_area = f"B1:{get_column_letter(total_col)}{max(last_row, HEADER_ROW)}"
    sheet.page_margins.left = sheet.page_margins.right = 0.4
    sheet.print_options.horizontalCentered = True


def _themes_sheet(sheet, grid):
    sheet["A1"], sheet["B1"], sheet["C1"] = _("Code"), _("Content theme"), _("Text in the plan")
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for index, theme in enumerate(grid.themes, start=2):
        sheet.cell(row=index, column=1, value=safe(theme.code))
        sheet.cell(row=index, column=2, value=safe(theme.label)).alignment = _WRAP
        sheet.cell(row=index, column=3, value=safe(theme.text)).alignment = _WRAP
        sheet.row_dimensions[index].height = _LINE_HEIGHT * max(_lines(theme.label, 45), _lines(theme.text, 90))
    sheet.column_dimensions["B"].width = 45
    sheet.column_dimensions["C"].width = 90
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True


# --- reading an upload ---------------------------------------------------------------


@dataclass
class UploadResult:
    figures: dict = field(default_factory=dict)
    errors: list = field(default_factory=list)
    changes: list = field(default_factory=list)

    def refuse(self, message):
        self.errors.append(message)


@dataclass
class _Columns:
    """What each column of the found header row is, by 0-based index."""

    themes: dict  # index -> Theme
    totals: set
    labels: set  # before the first theme column: text about the row, not figures


def read_upload(upload, *, report, grid):
    """Parse a filled-in template into ``{(metric_id, theme_id): value}``, with errors naming the cells.

    The grid is read from the first sheet whose column A has the KEY header in its first rows.
    """
    result = UploadResult()
    try:
        # Not data_only: a formula must be seen as one (its cached value may be missing or stale).
        workbook = load_workbook(upload, read_only=True, data_only=False)
    except Exception:  # openpyxl raises many kinds of errors on a damaged file
        result.refuse(_("The workbook could not be read."))
        return result
    try:
        _read_grid(workbook, grid, result)
    finally:
        workbook.close()
    if len(result.errors) > MAX_ERRORS:
        more = len(result.errors) - MAX_ERRORS
        result.errors[MAX_ERRORS:] = [_("… and %(count)s more.") % {"count": more}]
    return result


def _find_header(workbook):
    """``(sheet, header row number, header values)`` of the sheet holding the grid, or None."""
    for sheet in workbook.worksheets:
        for number, values in enumerate(sheet.iter_rows(max_row=HEADER_SEARCH_ROWS, values_only=True), start=1):
            if values and _text(values[0]) == KEY_HEADER:
                return sheet, number, values
    return None


def _text(value):
    return value.strip() if isinstance(value, str) else value


def _total_headers():
    """The total column's header in every interface language (a template is read whatever language wrote it)."""
    headers = set()
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            headers.add(_("Total").casefold())
    return headers


def _columns(values, grid, result):
    themes = {t.code: t for t in grid.themes}
    totals = _total_headers()
    columns = _Columns(themes={}, totals=set(), labels=set())
    seen = {}
    for index, value in enumerate(values):
        if index == 0 or value is None:
            continue
        first_line = str(value).strip().split("\n", 1)[0].strip()
        theme = themes.get(first_line)
        if theme is not None:
            if theme.code in seen:
                result.refuse(
                    _("The header row lists %(code)s twice (columns %(first)s and %(second)s).")
                    % {
                        "code": theme.code,
                        "first": get_column_letter(seen[theme.code] + 1),
                        "second": get_column_letter(index + 1),
                    }
                )
            seen[theme.code] = index
            columns.themes[index] = theme
        elif first_line.casefold() in totals:
            columns.totals.add(index)
    if len(seen) != len(themes):
        result.refuse(_("The header row does not list every content theme code."))
        return None
    first_theme = min(columns.themes)
    columns.labels = {i for i in range(1, first_theme) if i not in columns.totals}
    return columns


def _read_grid(workbook, grid, result):
    found = _find_header(workbook)
    if found is None:
        result.refuse(_("This is not the report template: no sheet has the KEY header row."))
        return
    sheet, header_row, header = found
    columns = _columns(header, grid, result)
    if columns is None:
        return
    metrics = {_key(m): m for m in grid.metrics}
    seen = set()
    stray_columns = {}  # column index -> [coordinates] of figures in columns that are no theme's
    for row in sheet.iter_rows(min_row=header_row + 1):
        cells = [c for c in row if getattr(c, "value", None) is not None]
        if not cells:
            continue
        number = cells[0].row
        key = _text(row[0].value)  # read-only rows start at column A, empty cells included
        if not key:
            # A row the clerk added: its figures would belong to no metric.
            lost = [c.coordinate for c in cells if c.column > 1 and _is_figure(c)]
            if lost:
                result.refuse(
                    _(
                        "Row %(row)s is not a row of the template (its KEY cell is empty): %(cells)s would not be "
                        "read. Enter figures only on the template's rows."
                    )
                    % {"row": number, "cells": ", ".join(lost)}
                )
            continue
        metric = metrics.get(str(key))
        if metric is None:
            result.refuse(_("Row %(row)s: unknown row key %(key)s.") % {"row": number, "key": key})
            continue
        if metric.pk in seen:
            result.refuse(_("Row %(row)s: this metric appears twice.") % {"row": number})
            continue
        seen.add(metric.pk)
        _read_row(row, metric, columns, result, stray_columns)
    for index, coordinates in stray_columns.items():
        result.refuse(
            _(
                "Column %(column)s has no content theme code in row %(row)s: %(cells)s would not be read. Enter "
                "figures only in the content theme columns."
            )
            % {"column": get_column_letter(index + 1), "row": header_row, "cells": ", ".join(coordinates)}
        )


def _read_row(row, metric, columns, result, stray_columns):
    values = {}
    totals = []
    for cell in row:
        if getattr(cell, "value", None) is None or cell.column == 1:
            continue
        index = cell.column - 1
        theme = columns.themes.get(index)
        if theme is not None:
            try:
                values[theme.pk] = _figure(cell)
            except ValidationError as exc:
                result.refuse(exc.messages[0])
        elif index in columns.totals:
            totals.append(cell)
        elif index not in columns.labels and _is_figure(cell):
            stray_columns.setdefault(index, []).append(cell.coordinate)
    for theme in columns.themes.values():
        result.figures[(metric.pk, theme.pk)] = values.get(theme.pk, 0)
    for cell in totals:
        # The template's =SUM formula, or the same sum pasted as a value, is fine; anything else was typed
        # there in place of the theme figures.
        if cell.data_type == "f" or _number(cell.value) == sum(values.values()):
            continue
        result.refuse(
            _(
                "%(cell)s: the Total column is added up from the theme columns; a figure typed there is not read. "
                "Enter it under a content theme."
            )
            % {"cell": cell.coordinate}
        )


def _is_formula(cell):
    return cell.data_type == "f"


def _number(value):
    """``value`` as a number when it reads as one, else None."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        return value
    if isinstance(value, str):
        try:
            return parse_figure(value)
        except ValidationError:
            return None
    return None


def _is_figure(cell):
    """Whether ``cell`` holds what looks like a figure: a number, numeric text or a formula."""
    return _is_formula(cell) or _number(cell.value) is not None or isinstance(cell.value, datetime.date)


def _figure(cell):
    """A theme cell's whole number, or ``ValidationError`` whose message names the cell."""
    raw = cell.value
    coordinate = cell.coordinate
    if _is_formula(cell):
        raise ValidationError(_("%(cell)s contains a formula; enter a number.") % {"cell": coordinate})
    if isinstance(raw, datetime.datetime | datetime.date | datetime.time | datetime.timedelta):
        raise ValidationError(
            _(
                "%(cell)s holds a date or a time (%(value)s), not a number: format the cell as a number and enter "
                "the figure."
            )
            % {"cell": coordinate, "value": _shown(raw)}
        )
    try:
        if isinstance(raw, bool):
            raise ValidationError(_("Enter a whole number (digits only)."))
        if isinstance(raw, float):
            if not raw.is_integer():
                raise ValidationError(
                    _("The cell holds the decimal number %(value)s; figures are counts, so enter a whole number.")
                    % {"value": number_format(raw)}
                )
            raw = int(raw)
        return parse_figure(str(raw))
    except ValidationError as exc:
        raise ValidationError(f"{coordinate}: {exc.messages[0]}") from None


def _shown(value):
    if isinstance(value, datetime.datetime):
        return value.strftime("%d/%m/%Y %H:%M") if (value.hour, value.minute) != (0, 0) else value.strftime("%d/%m/%Y")
    if isinstance(value, datetime.date):
        return value.strftime("%d/%m/%Y")
    return str(value)


def changes(*, grid, before, after):
    """``[(metric, theme, old, new)]`` for every cell the upload would change."""
    out = []
    for metric in grid.metrics:
        for theme in grid.themes:
            key = (metric.pk, theme.pk)
            old, new = before.get(key, 0), after.get(key, 0)
            if old != new:
                out.append((metric, theme, old, new))
    return out
