from django import template

from .. import access, selectors

register = template.Library()


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
