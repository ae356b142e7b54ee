"""Who may see and do what with guidance, press orders and content provided to the press: the one place that
decides it.

- Reviewers (the agency tracking the plan) and the administrator draft, issue and remind; they see every
  guidance document, drafts included, and who has acknowledged it.
- Leadership and emulation officers read issued guidance and its acknowledgements.
- Agency staff (clerk, agency head) see only the issued guidance sent to their agency, acknowledge it once
  for the agency, and say which of their agency's reports answered it. Any other guidance is a 404 to them.
- Press orders: province-wide roles read every one, the reviewers record them; a press agency's staff read
  the orders it received.
- Content provided to the press: see the section below (``can_provide``, ``visible_content``,
  ``can_mark_used``).
"""

from django.db.models import Q
from django.http import Http404

from agencies import access

from .models import Guidance


def can_draft(user):
    return access.is_reviewer(user)


def can_read_all(user):
    return access.can_see_province(user)


def visible_guidance(user):
    """The guidance documents ``user`` may open (a subquery for agency staff: no query of its own)."""
    qs = Guidance.objects.all()
    if access.is_reviewer(user):
        return qs
    if access.can_see_province(user):
        return qs.filter(status=Guidance.Status.ISSUED)
    if access.is_agency_staff(user):
        return qs.filter(status=Guidance.Status.ISSUED, recipients__agency_id=user.agency_id)
    return qs.none()


def guidance_for(user, pk):
    """The guidance ``pk`` if ``user`` may read it, else 404."""
    guidance = visible_guidance(user).select_related("issuer", "plan").filter(pk=pk).first()
    if guidance is None:
        raise Http404
    return guidance


def can_edit(user, guidance):
    return can_draft(user) and not guidance.is_issued


def can_acknowledge(user, recipient):
    """A clerk or head of the recipient agency, once."""
    return (
        access.is_agency_staff(user)
        and recipient.agency_id == user.agency_id
        and recipient.acknowledged_at is None
        and recipient.guidance.is_issued
    )


def can_link_reports(user, report, *, can_edit_report):
    """The staff of the report's agency, while they may edit it."""
    return can_edit_report(user, report)


def addressed_to(agency_id):
    """Issued guidance sent to ``agency_id``, as a filter on ``Guidance``."""
    return Q(status=Guidance.Status.ISSUED, recipients__agency_id=agency_id)


def visible_orders(user):
    """Press orders: every one to province-wide roles, its own to a press agency's staff."""
    from .models import PressOrder

    qs = PressOrder.objects.all()
    if access.can_see_province(user):
        return qs
    if access.is_agency_staff(user):
        return qs.filter(press_agency_id=user.agency_id)
    return qs.none()


def order_for(user, pk):
    order = visible_orders(user).select_related("press_agency", "issuer").filter(pk=pk).first()
    if order is None:
        raise Http404
    return order


# --- content provided to the press (cung cấp thông tin) ----------------------------------
#
# - The staff (clerk, agency head) of any agency record what their agency provided to a press agency.
# - The sending agency's staff and the press agency's staff see it; province-wide roles see every record.
# - The press agency's staff mark it used, once, with the published link and date.


def can_provide(user):
    return access.is_agency_staff(user)


def visible_content(user):
    """The records ``user`` may open: every one to province-wide roles, the sent and received ones to an agency."""
    from .models import ContentProvision

    qs = ContentProvision.objects.all()
    if access.can_see_province(user):
        return qs
    if access.is_agency_staff(user):
        return qs.filter(Q(sender_id=user.agency_id) | Q(press_agency_id=user.agency_id))
    return qs.none()


def content_for(user, pk):
    """The record ``pk`` if ``user`` may read it, else 404."""
    found = visible_content(user).select_related("sender", "press_agency", "theme").filter(pk=pk).first()
    if found is None:
        raise Http404
    return found


def can_mark_used(user, content):
    """The press agency's staff, while it is not marked used yet."""
    return access.is_agency_staff(user) and content.press_agency_id == user.agency_id and not content.is_used
