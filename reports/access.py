"""Who may see and do what with activity reports: the one place that decides it.

Views fetch reports through ``report_for`` so that a report the user may not
read is a 404 (its existence is not revealed to another agency) and an action
the user may not take is a 403. Services call the ``can_*`` helpers again, so
the same rule holds for tasks and commands.
"""

from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from agencies import access as agency_access
from agencies import roles as r
from agencies.models import Agency, User

from .models import ActivityReport

# An agency's draft is its own until it is sent: the province sees a report
# once it has been submitted (a returned one stays visible to the reviewer
# who returned it), leadership reads accepted reports, and the emulation
# officers follow reports through the honourees they introduce, not here.
REVIEWER_STATUSES = (*ActivityReport.RECEIVED_STATUSES, ActivityReport.Status.RETURNED)
LEADERSHIP_STATUSES = (ActivityReport.Status.ACCEPTED,)


def _province_statuses(user):
    """The statuses a province-level user may read, or ``None`` for every status (the administrator)."""
    if agency_access.has_role(user, r.ADMIN):
        return None
    if agency_access.has_role(user, r.REVIEWER):
        return REVIEWER_STATUSES
    if agency_access.has_role(user, r.LEADERSHIP):
        return LEADERSHIP_STATUSES
    return ()


def reports_visible_to(user, queryset=None):
    queryset = ActivityReport.objects.all() if queryset is None else queryset
    statuses = _province_statuses(user)
    if statuses is None:
        return queryset
    own = Q(pk__in=[])
    if agency_access.is_agency_staff(user):
        own = Q(agency_id__in=[user.agency_id, *agency_access.continued_agency_ids(user)])
        # And the agencies the user also acts for (``User.acts_for``), as a subquery: no query of its own.
        own |= Q(agency_id__in=User.acts_for.through.objects.filter(user_id=user.pk).values("agency_id"))
    return queryset.filter(own | Q(status__in=statuses)) if statuses else queryset.filter(own)


def can_view_report(user, report):
    if agency_access.is_agency_staff(user) and agency_access.same_agency(user, report.agency_id):
        return True
    statuses = _province_statuses(user)
    if statuses is None or report.status in statuses:
        return True
    # The staff of a successor read, and only read, the reports of the agencies it continues: those stay
    # attached to the agency that wrote them (README, Reorganisations).
    return agency_access.is_agency_staff(user) and report.agency_id in agency_access.continued_agency_ids(user)


def is_staff_of(user, report):
    return agency_access.is_agency_staff(user) and agency_access.same_agency(user, report.agency_id)


def is_locked(report, *, today=None):
    """Past the lock date, and not reopened by a reviewer since."""
    return report.period.is_locked(today=today or timezone.localdate()) and report.reopened_at is None


def can_edit_report(user, report, *, today=None):
    return is_staff_of(user, report) and report.is_editable_status and not is_locked(report, today=today)


def edit_refusal(user, report, *, today=None):
    """Why ``user`` may not edit ``report`` now, in words for the edit page; ``None`` when they may."""
    if not is_staff_of(user, report):
        return _("Only the staff of the agency that writes a report can edit it.")
    if report.status in (ActivityReport.Status.SUBMITTED, ActivityReport.Status.RESUBMITTED):
        return _(
            "The report has been sent and is with the reviewer: it can be edited again only if it is returned "
            "for correction."
        )
    if report.status == ActivityReport.Status.AWAITING_APPROVAL:
        return _(
            "The report is waiting for the agency head's approval: it can be edited again only if the head sends "
            "it back."
        )
    if report.status == ActivityReport.Status.ACCEPTED:
        return _("The report was accepted: it can be edited again only if the reviewer reopens it.")
    if is_locked(report, today=today):
        day = formats.date_format(report.period.lock_date, "d/m/Y")
        return _("The period was locked on %(day)s: only a reviewer can reopen this report.") % {"day": day}
    return None


def can_submit_report(user, report, *, today=None):
    return can_edit_report(user, report, today=today)


def can_approve_report(user, report):
    return (
        is_staff_of(user, report)
        and agency_access.has_role(user, r.AGENCY_HEAD)
        and report.status == ActivityReport.Status.AWAITING_APPROVAL
    )


def can_review_report(user, report):
    return agency_access.is_reviewer(user) and report.status in (
        ActivityReport.Status.SUBMITTED,
        ActivityReport.Status.RESUBMITTED,
    )


def can_reopen_report(user, report, *, today=None):
    """A reviewer reopens an accepted report, or any report of a locked period."""
    if not agency_access.is_reviewer(user):
        return False
    if report.status == ActivityReport.Status.ACCEPTED:
        return True
    return is_locked(report, today=today) and report.status != ActivityReport.Status.AWAITING_APPROVAL


def can_start_report(user, agency):
    """Whether ``user`` may start (and so edit) reports of ``agency``: their own, or one they also act for."""
    return agency_access.is_agency_staff(user) and agency_access.same_agency(user, agency.pk)


def agencies_worked_for(user):
    """The agencies whose reports ``user`` starts and edits: their own first, then those they also act for
    (``User.acts_for``, e.g. the successor of their ended agency) by name; none for anyone else (1 query)."""
    if not agency_access.is_agency_staff(user):
        return []
    others = list(Agency.objects.filter(acting_users=user).exclude(pk=user.agency_id).order_by("name"))
    return [user.agency, *others]


def agency_worked_for(user, agency_id, *, agencies=None):
    """The agency ``agency_id`` (their own when ``None``) if ``user`` starts its reports, else 404; 403 for a user
    who works for no agency. ``agencies``: ``agencies_worked_for(user)`` when the caller has it (else 1 query)."""
    agencies = agencies_worked_for(user) if agencies is None else agencies
    if not agencies:
        raise PermissionDenied
    if agency_id is None:
        return agencies[0]
    agency = next((a for a in agencies if str(a.pk) == str(agency_id)), None)
    if agency is None or not can_start_report(user, agency):
        raise Http404
    return agency


def report_for(user, pk, *, check=None):
    """The report ``pk`` if ``user`` may read it (else 404) and, with ``check``, do that (else 403)."""
    report = ActivityReport.objects.select_related("agency", "period", "period__plan").filter(pk=pk).first()
    if report is None or not can_view_report(user, report):
        raise Http404
    if check is not None and not check(user, report):
        raise PermissionDenied
    return report


def can_edit_attributions(user, report, *, today=None):
    """The breakdown by movement and occasion is part of the report: its agency's staff edit it while they may
    edit the report; whoever may read the report reads it (``can_view_report``)."""
    return can_edit_report(user, report, today=today)
