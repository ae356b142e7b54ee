"""Small template helpers of the report pages."""

from django import template
from django.utils import timezone
from django.utils.html import format_html
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


@register.filter
def day_time(value):
    """A moment as dd/mm/yyyy HH:MM in the current time zone ("—" for none): the ``date`` filter's format
    machinery costs several translations per call, and a list shows a hundred of them."""
    if value is None:
        return "—"
    return timezone.localtime(value).strftime("%d/%m/%Y %H:%M")


@register.filter
def choice_list(field):
    """A bound field's choices as a list, in one query for a model choice field.

    Its iterator runs a COUNT query on ``len()``, which ``list()`` and the
    ``{% for %}`` tag both call; a comprehension does not.
    """
    return [choice for choice in field.field.choices]  # noqa: C416 — list() would call len(): one more query


@register.simple_tag
def cell(figures, metric, theme):
    """The value of one grid cell, blank for zero."""
    return figures.get((metric.pk, theme.pk)) or ""


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
