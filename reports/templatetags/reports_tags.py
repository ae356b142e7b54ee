"""Small template helpers of the report pages."""

import functools

from django import template
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from reports import selectors

register = template.Library()

STATUS_CLASSES = {
    "draft": "text-bg-secondary",
    "awaiting_approval": "text-bg-info",
    "submitted": "text-bg-primary",
    "resubmitted": "text-bg-primary",
    "returned": "text-bg-warning",
    "accepted": "text-bg-success",
}

STATE_CLASSES = {
    "on_time": "text-bg-success",
    "late": "text-bg-warning",
    "missing": "text-bg-danger",
    "not_due": "text-bg-light border",
    "not_expected": "bg-body-tertiary text-body-tertiary",
}


@register.filter
def status_class(status):
    return STATUS_CLASSES.get(status, "text-bg-secondary")


@register.filter
def state_class(state):
    return STATE_CLASSES.get(state, "")


def board_states():
    """(state, CSS class, short code, meaning) of the board's cells, in the interface language."""
    return [
        (selectors.ON_TIME, "bc-on-time", pgettext("board cell code: on time", "OT"), _("on time")),
        (selectors.LATE, "bc-late", pgettext("board cell code: late", "L"), _("late")),
        (selectors.MISSING, "bc-missing", pgettext("board cell code: not submitted", "NS"), _("not submitted")),
        (selectors.NOT_DUE, "bc-not-due", pgettext("board cell code: not due", "ND"), _("not due")),
        (
            selectors.NOT_EXPECTED,
            "bc-not-expected",
            "—",
            _("not expected: the agency was not active in that period"),
        ),
    ]


@register.simple_tag
def board_legend():
    """The board's legend: each state's colour, its short code and what it means."""
    return [{"css": css, "code": code, "meaning": meaning} for _state, css, code, meaning in board_states()]


@register.simple_tag(takes_context=True)
def board_cells(context, cells):
    """One row of the completeness board: a ``<td>`` per state with its class and short code, the meaning as title.

    The five cell variants are rendered once per page (kept in the render
    context) and joined, instead of a template loop and a badge per cell (a
    month board holds 2,000+ cells).
    """
    html = context.render_context.get("board_cells")
    if html is None:
        html = context.render_context["board_cells"] = {
            state: format_html('<td class="{}" data-state="{}" title="{}">{}</td>', css, state, meaning, code)
            for state, css, code, meaning in board_states()
        }
    return mark_safe("".join(html[state] for state in cells))  # noqa: S308 — each part is format_html's output


URL_ID_SLOT = 987654321
INBOX_ROW = (
    '<tr data-testid="inbox-row"><td><a href="{href}">{agency}</a></td>'
    '<td><span class="badge {css}">{status}</span></td>'
    "<td>{submitted}{late}</td>"
    '<td class="d-none d-md-table-cell">{last}</td>'
    '<td class="text-end d-none d-sm-table-cell">'
    '<a class="btn btn-sm btn-outline-danger" href="{href}">{open}</a></td></tr>'
)


@register.simple_tag
def inbox_rows(rows):
    """The inbox table's rows (``selectors.InboxRow``), written in one pass.

    Fifty rows through the template engine (a URL, two dates, a badge and a
    translation each) cost three times the rest of the page. What rows share
    (the translated words, each status's badge, the URL around the id, the
    time zone) is made and escaped once; per row only the agency's name is
    escaped, the rest being numbers, dates and those shared parts.
    """
    late = format_html(' <span class="badge text-bg-warning">{}</span>', _("late"))
    open_text = conditional_escape(_("Open"))
    # The detail URL around the id: reverse() once, not once per row (the id is an int path converter).
    url_before, url_after = reverse("reports:report_detail", kwargs={"pk": URL_ID_SLOT}).split(str(URL_ID_SLOT))
    tz = timezone.get_current_timezone()

    def moment(value):
        return "—" if value is None else value.astimezone(tz).strftime("%d/%m/%Y %H:%M")

    html = [
        INBOX_ROW.format(
            href=f"{url_before}{row.pk:d}{url_after}",
            agency=conditional_escape(row.agency_name),
            css=status_class(row.status),
            status=conditional_escape(row.status_label),
            submitted=moment(row.submitted_at),
            late=late if row.late else "",
            last=moment(row.last_submitted_at),
            open=open_text,
        )
        for row in rows
    ]
    return mark_safe("\n".join(html))  # noqa: S308 — every part above is escaped or ours


@register.filter
def day(value):
    """A moment's local date as dd/mm/yyyy ("—" for none): the ``date`` filter's format machinery costs
    several translations per call, and a list shows dozens of them."""
    if value is None:
        return "—"
    return timezone.localtime(value).strftime("%d/%m/%Y")


@register.filter
def choice_list(field):
    """A bound field's choices as a list, in one query for a model choice field.

    Its iterator runs a COUNT query on ``len()``, which ``list()`` and the
    ``{% for %}`` tag both call; a comprehension does not.
    """
    return [choice for choice in field.field.choices]  # noqa: C416 — list() would call len(): one more query


PERIOD_OPTION_TEXTS = {
    "code-first": lambda p: f"{p.code} · {p.label}",
    "label-first": lambda p: f"{p.label} ({p.code})",
}


@register.simple_tag
def period_options(periods, selected, style="code-first"):
    """The ``<option>`` elements of a period picker, ``selected`` (a code) marked.

    Written in one pass: a template loop over a hundred periods cost more than
    the rest of the page. ``style``: "code-first" ("2024-Q2 · Quý II/2024") or
    "label-first" ("Quý II/2024 (2024-Q2)"). ``periods``: ``PeriodOption``
    tuples (values, not model instances), so the options are kept per
    language, list and choice: they change only when periods are added.
    """
    return _period_options_html(translation.get_language(), tuple(periods), str(selected or ""), style)


@functools.lru_cache(maxsize=256)
def _period_options_html(language, periods, selected, style):  # ``language`` keys the cache
    text = PERIOD_OPTION_TEXTS[style]
    options = [
        f'<option value="{conditional_escape(p.code)}"{" selected" if p.code == selected else ""}>'
        f"{conditional_escape(text(p))}</option>"
        for p in periods
    ]
    return mark_safe("".join(options))  # noqa: S308 — the codes and labels are escaped


@register.simple_tag
def cell(figures, metric, theme):
    """The value of one grid cell, blank for zero."""
    return figures.get((metric.pk, theme.pk)) or ""


@register.simple_tag
def compared_cell(figures, comparison, metric, theme):
    """A figure's ``<td>``: the value, and under it each earlier period's figure with the change; the cell
    highlighted when it changed a lot (``selectors.is_large_change``)."""
    value = figures.get((metric.pk, theme.pk), 0)
    key = (metric.channel.code, metric.code, theme.code)
    lines, large = [], False
    for against, short in zip(comparison.against(), _comparison_shorts(comparison), strict=True):
        if against.figures is None:
            continue
        before = against.figures.get(key, 0)
        large = large or selectors.is_large_change(before, value)
        change = value - before
        lines.append(
            format_html(
                '<span class="d-block text-body-secondary cmp">{} {} <span class="{}">({}{})</span></span>',
                short,
                before,
                "text-danger-emphasis" if change < 0 else "text-success-emphasis" if change > 0 else "",
                "+" if change > 0 else "",
                change,
            )
        )
    css = ' class="table-warning" data-large-change="1"' if large else ""
    return format_html("<td{}>{}{}</td>", mark_safe(css), value or "", mark_safe("".join(lines)))  # noqa: S308


def _comparison_shorts(comparison):
    shorts = []
    if comparison.previous is not None:
        shorts.append(pgettext("comparison: the previous period", "prev."))
    if comparison.year_before is not None:
        shorts.append(pgettext("comparison: the same period a year before", "y/y"))
    return shorts


@register.simple_tag
def row_total(figures, metric, themes):
    return sum(figures.get((metric.pk, t.pk), 0) for t in themes)


@register.simple_tag
def column_total(figures, metrics, theme):
    return sum(figures.get((m.pk, theme.pk), 0) for m in metrics)


@register.filter
def get_item(mapping, key):
    return mapping.get(key, 0) if mapping else 0


@register.simple_tag(takes_context=True)
def optional_include(context, template_name):
    """Render ``template_name`` with the current context, or nothing when no app provides it."""
    try:
        tpl = template.loader.get_template(template_name)
    except template.TemplateDoesNotExist:
        return ""
    return tpl.render(context.flatten(), context.get("request"))


@register.filter
def get_field(form, name):
    return form[name]


@register.simple_tag
def awaiting_head_approval(user):
    """For the home page of an agency head: how many reports wait for their approval (1 query)."""
    return selectors.awaiting_head_approval_count(agency_id=user.agency_id) if user.agency_id else 0


@register.simple_tag
def current_report(user):
    """For the home page of agency staff: the current period and its report (2 queries), or None."""
    return selectors.current_report_of(user.agency) if user.agency_id else None


@register.simple_tag
def queue_counts(user):
    """For the home page: ``{"total": n, "statuses": [(status, label, n)]}`` of what waits for the user (1 query)."""
    counts = selectors.queue_counts(user)
    labels = dict(selectors.Status.choices)
    statuses = [(s, labels[s], counts[s]) for s in selectors.QUEUE_STATUSES if counts.get(s)]
    return {"total": sum(counts.values()), "statuses": statuses}


@register.simple_tag
def unreachable_agencies():
    """For the admin index: the active reporting agencies no reminder can reach (no address at all; 2 queries)."""
    from agencies.models import Agency
    from reports import reminders

    agencies = list(Agency.objects.reporting().active().only("pk", "name", "email"))
    reachable = reminders.reachable_ids(agencies)
    return [agency for agency in agencies if agency.pk not in reachable]
