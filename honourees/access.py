"""Who may see and do what with honourees: the one place that decides it.

- Agency staff (clerk, agency head) propose honourees for their own agency and
  see only their own agency's proposals; they edit a proposal while it waits
  for the officer (proposed, or sent back for more information).
- The emulation officer (and the administrator) sees everything, verifies,
  rejects, asks for more, publishes, unpublishes and records commendations.
- Reviewers and leadership read the register, without private fields.
- Private fields (date of birth, phone, ID number) are shown to the officer
  and to the proposing agency's staff only.
"""

from django.db.models import Q
from django.shortcuts import get_object_or_404

from agencies import access
from agencies import roles as r

from .models import Honouree

EDITABLE_BY_AGENCY = (Honouree.Status.PROPOSED, Honouree.Status.NEEDS_INFO)


def can_use_register(user):
    """May open the staff pages of the register at all."""
    return access.is_emulation_officer(user) or access.can_see_province(user) or access.is_agency_staff(user)


def can_propose(user):
    return access.is_agency_staff(user) or access.is_emulation_officer(user)


def can_decide(user):
    """Verify, reject, ask for more, publish, unpublish, record commendations."""
    return access.is_emulation_officer(user)


def can_export(user):
    return access.is_emulation_officer(user) or access.has_role(user, r.LEADERSHIP, r.REVIEWER)


def visible_honourees(user):
    """The honourees ``user`` may see in the staff pages."""
    qs = Honouree.objects.all()
    if access.can_see_province(user):
        return qs
    if access.is_agency_staff(user):
        return qs.for_agency(user.agency_id)
    return qs.none()


def can_view(user, honouree):
    if access.can_see_province(user):
        return True
    return is_proposing_staff(user, honouree)


def can_view_private(user, honouree):
    if access.is_emulation_officer(user):
        return True
    return access.is_agency_staff(user) and access.same_agency(user, honouree.proposing_agency_id)


def can_edit(user, honouree):
    if access.is_emulation_officer(user):
        return honouree.status != Honouree.Status.REJECTED
    return (
        access.is_agency_staff(user)
        and access.same_agency(user, honouree.proposing_agency_id)
        and honouree.status in EDITABLE_BY_AGENCY
    )


def is_proposing_staff(user, honouree):
    """A clerk or head of the agency that proposed the honouree."""
    return access.is_agency_staff(user) and access.same_agency(user, honouree.proposing_agency_id)


def can_resubmit(user, honouree):
    return honouree.status == Honouree.Status.NEEDS_INFO and is_proposing_staff(user, honouree)


def get_honouree_for(user, pk):
    """The honouree ``pk`` if ``user`` may see it, else 404 (another agency's proposal is never revealed)."""
    return get_object_or_404(visible_honourees(user), pk=pk)


def coverable_honourees(user):
    """Honourees an agency may say its report covered: any published one, and its own proposals."""
    return Honouree.objects.filter(
        Q(status=Honouree.Status.PUBLISHED)
        | (Q(proposing_agency_id=user.agency_id) & ~Q(status=Honouree.Status.REJECTED))
    )


def visible_coverages(user, queryset):
    """The coverage lines (``HonoureeCoverage``) ``user`` may read on an honouree's staff page.

    The province sees them all; agency staff see their own agency's and, from
    other agencies, only those of reports the province accepted (what the
    portal shows): another agency's draft is never revealed.
    """
    if access.can_see_province(user):
        return queryset
    if access.is_agency_staff(user):
        return queryset.filter(Q(report__agency_id=user.agency_id) | Q(report__status="accepted"))
    return queryset.none()


def can_manage_coverage(user, report, *, can_edit_report):
    """The report's agency staff, while the reports app says the report can be edited.

    ``can_edit_report`` is ``reports.access.can_edit_report``, passed in so that
    the rule (status, lock date, reopening) stays the reports app's own.
    """
    return access.is_agency_staff(user) and can_edit_report(user, report)


# The pipeline after the proposal: support (bồi dưỡng), replication (nhân rộng), portals (giới thiệu).
NURTURABLE = (Honouree.Status.PROPOSED, Honouree.Status.NEEDS_INFO, Honouree.Status.VERIFIED, Honouree.Status.PUBLISHED)
REPLICABLE = (Honouree.Status.VERIFIED, Honouree.Status.PUBLISHED)


def _officer_or_proposer(user, honouree):
    return access.is_emulation_officer(user) or is_proposing_staff(user, honouree)


def can_record_nurture(user, honouree):
    """Support given to an exemplar: the Dept. of Home Affairs or the proposing agency, unless it was rejected."""
    return _officer_or_proposer(user, honouree) and honouree.status in NURTURABLE


def can_record_replication(user, honouree):
    """Another unit adopting the model: the Dept. of Home Affairs or the proposing agency, once it is verified."""
    return _officer_or_proposer(user, honouree) and honouree.status in REPLICABLE


def can_record_dispatch(user, honouree):
    """Introducing a published exemplar on a portal is the Dept. of Home Affairs' duty (plan, section III)."""
    return access.is_emulation_officer(user) and honouree.status == Honouree.Status.PUBLISHED


def may_record_pipeline(user, honouree, may):
    """Whether ``may`` (one of the three above) would let ``user`` record for ``honouree`` in some status:
    the difference between "not yours to record" and "not now"."""
    if may is can_record_dispatch:
        return access.is_emulation_officer(user)
    return _officer_or_proposer(user, honouree)
