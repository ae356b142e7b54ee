from django import template

from .. import selectors

register = template.Library()


@register.simple_tag
def pending_guidance(user):
    """For the home page of agency staff: ``(count, first documents)`` not yet acknowledged (1 query)."""
    return selectors.pending_for_agency(user.agency_id) if user.agency_id else (0, [])
