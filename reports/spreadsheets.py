"""The report grid as an XLSX template to fill in, and reading it back.

The sheet keeps a hidden key column ("HT1/articles") and the theme codes in
the header row, so rows and columns are matched by code, not by position:
a clerk may sort or insert rows without breaking the upload. Text written
into the workbook is neutralised against formula injection.
"""

import io
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from openpyxl import Workbook, load_workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from core.spreadsheet import neutralise

from .forms import parse_figure

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
KEY_HEADER = "KEY"
HEADER_ROW = 4


def safe(text):
    """Text for a spreadsheet cell that no spreadsheet will run as a formula."""
    return neutralise(str(text))


def _key(metric):
    return f"{metric.channel.code}/{metric.code}"


def build_template(*, report, grid, figures):
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "So lieu"
    sheet["B1"] = safe(_("Activity report figures"))
    sheet["B1"].font = Font(bold=True, size=13)
    sheet["B2"] = safe(f"{report.agency.name} — {report.period.code} ({report.period.label})")
    sheet["B3"] = safe(
        _("Enter whole numbers; leave a cell blank for zero. Do not change the KEY column or the header row.")
    )
    headers = [KEY_HEADER, _("Channel"), _("Metric"), _("Unit"), *[t.code for t in grid.themes], _("Total")]
    for col, text in enumerate(headers, start=1):
        cell = sheet.cell(row=HEADER_ROW, column=col, value=safe(text))
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor="F8E7E7")
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    row = HEADER_ROW + 1
    first_theme_col = 5
    last_theme_col = first_theme_col + len(grid.themes) - 1
    for rows in grid.channels:
        for metric in rows.metrics:
            sheet.cell(row=row, column=1, value=_key(metric))
            sheet.cell(row=row, column=2, value=safe(f"{rows.channel.code}. {rows.channel.short_name}"))
            sheet.cell(row=row, column=3, value=safe(metric.name))
            sheet.cell(row=row, column=4, value=safe(metric.unit))
            for offset, theme in enumerate(grid.themes):
                value = figures.get((metric.pk, theme.pk))
                sheet.cell(row=row, column=first_theme_col + offset, value=value or None)
            first, last = get_column_letter(first_theme_col), get_column_letter(last_theme_col)
            sheet.cell(row=row, column=last_theme_col + 1, value=f"=SUM({first}{row}:{last}{row})")
            row += 1
    sheet.column_dimensions["A"].hidden = True
    sheet.column_dimensions["B"].width = 28
    sheet.column_dimensions["C"].width = 40
    sheet.freeze_panes = sheet.cell(row=HEADER_ROW + 1, column=first_theme_col)
    themes = workbook.create_sheet("Noi dung")
    for index, theme in enumerate(grid.themes, start=1):
        themes.cell(row=index, column=1, value=theme.code)
        themes.cell(row=index, column=2, value=safe(theme.short_name))
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


@dataclass
class UploadResult:
    figures: dict = field(default_factory=dict)
    errors: list = field(default_factory=list)
    changes: list = field(default_factory=list)


def read_upload(upload, *, report, grid):
    """Parse a filled-in template into ``{(metric_id, theme_id): value}``, with errors naming the cells."""
    result = UploadResult()
    try:
        workbook = load_workbook(upload, read_only=True, data_only=True)
    except Exception:  # openpyxl raises many kinds of errors on a damaged file
        result.errors.append(_("The workbook could not be read."))
        return result
    sheet = workbook.worksheets[0]
    metrics = {_key(m): m for m in grid.metrics}
    themes = {t.code: t for t in grid.themes}
    columns = None
    seen = set()
    for row in sheet.iter_rows(min_row=1, max_row=HEADER_ROW + 200, values_only=False):
        values = [c.value for c in row]
        if not values:
            continue
        if columns is None:
            if values[0] == KEY_HEADER:
                columns = {i: themes[str(v).strip()] for i, v in enumerate(values) if str(v).strip() in themes}
                if len(columns) != len(themes):
                    result.errors.append(_("The header row does not list every content theme code."))
                    return result
            continue
        key = values[0]
        if key is None:
            continue
        metric = metrics.get(str(key).strip())
        if metric is None:
            result.errors.append(_("Row %(row)s: unknown row key %(key)s.") % {"row": row[0].row, "key": key})
            continue
        if metric.pk in seen:
            result.errors.append(_("Row %(row)s: this metric appears twice.") % {"row": row[0].row})
            continue
        seen.add(metric.pk)
        for index, theme in columns.items():
            cell = row[index] if index < len(row) else None
            raw = cell.value if cell is not None else None
            try:
                value = _cell_value(raw)
            except ValidationError as exc:
                coordinate = f"{get_column_letter(index + 1)}{row[0].row}"
                result.errors.append(f"{coordinate}: {exc.messages[0]}")
                continue
            result.figures[(metric.pk, theme.pk)] = value
    workbook.close()
    if columns is None:
        result.errors.append(_("This is not the report template: the KEY header row is missing."))
    return result


def _cell_value(raw):
    if raw is None:
        return 0
    if isinstance(raw, bool):
        raise ValidationError(_("Enter a whole number (digits only)."))
    if isinstance(raw, int):
        return parse_figure(str(raw))
    if isinstance(raw, float):
        if raw.is_integer():
            return parse_figure(str(int(raw)))
        raise ValidationError(_("Enter a whole number, without decimals."))
    return parse_figure(str(raw))


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
