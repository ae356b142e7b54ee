"""The province dashboard's heat map and period picker, written in one pass each.

A template loop over 250 agencies × 8 themes cost more than reading the whole
dashboard (measured: two thirds of a cold page); these tags write the same
markup from ``province.dashboard``'s rows, escaping every text.
"""

import functools
from html import escape
from urllib.parse import quote

from django import template
from django.contrib.humanize.templatetags.humanize import intcomma
from django.urls import reverse
from django.utils import formats
from django.utils.html import format_html
from django.utils.http import urlencode
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import pgettext_lazy

from agencies.models import Agency
from province import dashboard

register = template.Library()


@register.simple_tag
def picker_groups(periods):
    """The picker's ``<optgroup>``s (``dashboard.picker_groups``)."""
    return dashboard.picker_groups(periods)


@register.simple_tag(takes_context=True)
def heat_map(context, data, period):
    """The heat map as the page's GET parameters ask (``dashboard.heat_view``), with its form and links."""
    query = dashboard.HeatQuery.of(context["request"].GET)
    view = dashboard.heat_view(data, query)
    themes = data["themes"]
    labels = dict(Agency.Kind.choices)
    choices = {
        "kind": [("", _("All kinds")), *((k, labels.get(k, k)) for k in view["kinds"])],
        "unit": [("", _("All units")), *((u, u) for u in view["units"])],
        "sort": [
            ("total", _("Largest total first")),
            ("name", _("By name")),
            *((t["code"], _("Largest in %(theme)s first") % {"theme": t["code"]}) for t in themes),
        ],
        "top": [("", _("All")), *((str(n), _("First %(n)s") % {"n": n}) for n in dashboard.HEAT_TOPS)],
    }
    chosen = {"kind": query.kind, "unit": query.unit, "sort": view["sort"], "top": str(query.top or "")}
    view["selects"] = [
        {"name": name, "label": SELECT_LABELS[name], "options": _options(choices[name], chosen[name])}
        for name in choices
    ]
    view["q"] = query.q
    kept = [(name, value) for name, value in query.as_params() if name != "sort"]
    base = [("period", period.code), *kept]
    view["sort_links"] = {sort: f"?{urlencode([*base, ('sort', sort)])}#heatmap" for sort in dashboard.HEAT_SORTS}
    view["columns"] = [
        {"code": t["code"], "name": t["name"], "link": f"?{urlencode([*base, ('sort', t['code'])])}#heatmap"}
        for t in themes
    ]
    exported = urlencode([("period", period.code), *query.as_params()])
    view["export_url"] = f"{reverse('compiled:heat_export')}?{exported}"
    view["filtered"] = bool(kept)
    view["reset_url"] = "?" + urlencode([("period", period.code)]) + "#heatmap"
    return view


SELECT_LABELS = {
    "kind": pgettext_lazy("heat map filter", "Kind of agency"),
    "unit": pgettext_lazy("administrative unit", "Unit"),
    "sort": pgettext_lazy("heat map filter", "Order"),
    "top": pgettext_lazy("heat map filter", "Rows"),
}


def _escaped(value):
    """``conditional_escape(value)``, the same text, without the cost of its wrapper for lazy arguments (a call per
    unit name and option)."""
    if hasattr(value, "__html__"):
        return value.__html__()
    return escape(str(value))


def _options(choices, selected):
    """``<option>`` elements, ``selected`` marked: a hundred units through the form widgets' templates cost more
    than the rest of the heat map."""
    return mark_safe(  # noqa: S308 — values and labels are escaped
        "".join(
            f'<option value="{_escaped(value)}"{" selected" if value == selected else ""}>{_escaped(label)}</option>'
            for value, label in choices
        )
    )


def _number(value, separator):
    """``value`` with ``separator`` between its thousands (most counts of a heat map have none)."""
    if -1000 < value < 1000:
        return str(value)
    return f"{value:,}".replace(",", separator)


def _status_badges():
    """The badge of each status but "partial" (``partial``), translated once per heat map."""
    return {
        "missing": format_html(' <span class="badge text-bg-danger">{}</span>', _("not reported")),
        "late": format_html(' <span class="badge text-bg-warning">{}</span>', _("late")),
    }


def _cells(rows, peak, separator):
    """Each value's cell, written once: a cell depends on its value alone (and the peak), and 250 agencies × the
    themes repeat many values (small counts above all). ``dashboard.heat_level`` and ``_number`` inline: a call
    per value cost as much as the markup."""
    cells = {0: '<td class="text-center heat-0"><span class="visually-hidden">0</span></td>'}
    for value in {value for row in rows for value in row["cells"]}.difference(cells):
        level = min(5, 1 + int(4 * value / peak)) if peak else 0
        number = str(value) if -1000 < value < 1000 else f"{value:,}".replace(",", separator)
        cells[value] = f'<td class="text-center heat-{level}">{number}</td>'
    return cells


# Agency names change rarely: escaped once per name and process (escaping is character by character).
_name_escaped = functools.lru_cache(maxsize=4096)(escape)


@functools.lru_cache(maxsize=4096)
def _code_in_path(code):
    """An agency's code quoted for a path and escaped, once per code and process (a code an administrator typed
    may hold a space, "?" or "#")."""
    return escape(quote(code, safe=""))


@register.simple_tag
def heat_rows(view, peak):
    """The ``<tr>`` of each agency shown: its name linking to its page, its status, a shaded cell per theme and
    its total."""
    separator = formats.get_format("THOUSAND_SEPARATOR")
    # The agency's address around its code, escaped once (escaping is character by character).
    before, after = (escape(part) for part in reverse("agencies:agency_detail", args=["CODE"]).split("CODE"))
    badges = _status_badges()
    partial = _("partial: %(sent)s of %(owed)s sent")
    rows = view["rows"]
    cell = _cells(rows, peak, separator)
    out = []
    for row in rows:
        status = row["status"]
        if status == dashboard.PARTIAL:
            text = escape(partial % {"sent": row["sent"], "owed": row["owed"]})
            badge = f' <span class="badge text-bg-info">{text}</span>'
        else:
            badge = badges.get(status, "")
        cells = "".join(map(cell.__getitem__, row["cells"]))
        out.append(
            f'<tr><th scope="row" class="fw-normal"><a href="{before}{_code_in_path(row["code"])}{after}">'
            f"{_name_escaped(row['name'])}</a>{badge}</th>"
            f'{cells}<td class="text-end fw-semibold">{_number(row["total"], separator)}</td></tr>'
        )
    return mark_safe("".join(out))  # noqa: S308 — every text is escaped


def _table_rows(rows, cells):
    """The ``<tr>`` of each of ``rows``, ``cells(row, separator)`` writing its cells (every text escaped)."""
    separator = formats.get_format("THOUSAND_SEPARATOR")
    return mark_safe("".join([f"<tr>{cells(row, separator)}</tr>" for row in rows]))  # noqa: S308


@register.simple_tag
def unit_rows(units):
    """The ``<tr>`` of each local unit: name, agencies, agencies that reported, products and activities. After
    01/07/2025 a year has a hundred communes: a template loop over them cost more than the heat map."""
    return _table_rows(
        units,
        lambda u, separator: (
            f"<td>{_escaped(u['name'])}</td><td>{u['agencies']}</td><td>{u['reported']}</td>"
            f"<td>{_number(u['items'], separator)}</td>"
        ),
    )


def _grouped(value, separator):
    """``value|intcomma``: an integer as ``_number`` writes it, anything else (none, a fraction) as the filter."""
    return _number(value, separator) if type(value) is int else intcomma(value)


@register.simple_tag
def channel_rows(data):
    """The channel table's rows: each channel's heading, then each metric with its unit, this period's total and,
    when compared, the previous period's and the year before's (the page shows them as written here since the
    template loop; a tag writes them in one pass)."""
    separator = formats.get_format("THOUSAND_SEPARATOR")
    comparison = data["comparison"]
    previous, year_before = bool(comparison["previous"]), bool(comparison["year_before"])
    out = []
    for channel in data["channels"]:
        name = f"{_escaped(channel['code'])}. {_escaped(channel['name'])}"
        out.append(f'<tr class="table-light"><th colspan="5">{name}</th></tr>\n      ')
        for m in channel["metrics"]:
            unit = f'<td class="text-start small text-body-secondary">{_escaped(m["unit"])}</td>'
            out.append(f"<tr><td>{_escaped(m['name'])}</td>{unit}<td>{_grouped(m['total'], separator)}</td>")
            if previous:
                out.append(f"<td>{_grouped(m['previous'], separator)}</td>")
            if year_before:
                out.append(f"<td>{_grouped(m['year_before'], separator)}</td>")
            out.append("</tr>")
        out.append("\n    ")
    return mark_safe("".join(out))  # noqa: S308 — the texts are escaped


@register.simple_tag
def theme_rows(themes):
    """The theme table's rows: code and name, products and activities, agencies."""
    return _table_rows(
        themes,
        lambda t, separator: (
            f"<td><strong>{_escaped(t['code'])}</strong> {_escaped(t['name'])}</td>"
            f"<td>{_grouped(t['items'], separator)}</td><td>{t['agencies']}</td>"
        ),
    )
