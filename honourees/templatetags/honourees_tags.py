from html import escape

from django import template
from django.forms.utils import flatatt
from django.utils.safestring import SafeData, mark_safe

from .. import access, selectors

register = template.Library()


@register.simple_tag
def choice_select(bound_field):
    """A bound choice field as Django's ``<select>`` would write it, in one tag.

    Django's widget templates render one template per option, which costs more
    than a page of rows; this writes the same element (its attributes, the
    first option whose value matches marked selected) with plain escaping
    (the standard library's, which Django's ``escape`` wraps in a lazy check).
    Flat choices only: no option groups.
    """
    widget = bound_field.field.widget
    values = widget.format_value(bound_field.value())
    attrs = bound_field.build_widget_attrs({**widget.attrs, "id": bound_field.auto_id})
    html = [f'<select name="{escape(bound_field.html_name)}"{flatatt(attrs)}>']
    chosen = False
    # Iterated, not list(): a model choice field's len() costs a COUNT query.
    for value, label in bound_field.field.choices:
        value = "" if value is None else str(value)
        selected = not chosen and value in values
        chosen |= selected
        text = label if isinstance(label, SafeData) else escape(str(label))
        html.append(f'<option value="{escape(value)}"{" selected" if selected else ""}>{text}</option>')
    html.append("</select>")
    return mark_safe("".join(html))  # noqa: S308 — every value and label above is escaped


@register.simple_tag
def report_coverage(report):
    """The honourees ``report`` introduced or covered, with their channel: one query."""
    return list(selectors.coverage_for_report(report))


@register.simple_tag(takes_context=True)
def can_manage_report_coverage(context, report):
    from reports import access as report_access

    request = context.get("request")
    if request is None:
        return False
    return access.can_manage_coverage(request.user, report, can_edit_report=report_access.can_edit_report)
