from django import template

from .. import selectors

register = template.Library()


@register.simple_tag
def phase_status(agency=None):
    """``{% phase_status as status %}``: the plan covering today, or the gap after the last one (1 query).

    With ``agency``: None when that agency has ceased (its page says so; no plan will bring it back).
    """
    if agency is not None and agency.active_until is not None:
        status = selectors.phase_status()
        return status if status is None or agency.is_active_on(status.day) else None
    return selectors.phase_status()
