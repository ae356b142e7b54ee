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
