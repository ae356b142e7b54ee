from django import template

from .. import selectors

register = template.Library()


@register.simple_tag
def pending_guidance(user):
    """For the home page of agency staff: ``(count, first documents)`` not yet acknowledged (1 query)."""
    return selectors.pending_for_agency(user.agency_id) if user.agency_id else (0, [])


@register.simple_tag
def content_on_home(user):
    """For the home page of agency staff (1 query): ``(count, first rows)``; a press agency's are those to mark
    used, any other agency's those it provided."""
    if not user.agency_id:
        return (0, [])
    return selectors.content_for_home(user.agency_id, press=user.agency.kind == "press")


@register.simple_tag
def report_guidance_links(report):
    """The guidance ``report`` answered (1 query), for the report page."""
    return selectors.links_of_report(report)


@register.simple_tag(takes_context=True)
def can_link_report_guidance(context, report):
    """Whether the current user may say which guidance ``report`` answered (its agency's staff, while editable)."""
    from reports import access as report_access

    from .. import access

    request = context.get("request")
    if request is None:
        return False
    return access.can_link_reports(request.user, report, can_edit_report=report_access.can_edit_report)
