"""Business actions on honourees and their commendations.

Each function checks the user's right through ``honourees.access`` (raising
``PermissionDenied``), checks the status through a locked re-read of the row
(raising ``FlowError``), runs in one transaction, writes an ``HonoureeEvent``
and lets django-simple-history keep the changed fields with the acting user.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.validators import validate_web_link

from . import access
from .models import Commendation, Honouree, HonoureeCoverage, HonoureeEvent, NurtureAction, PortalDispatch, Replication

S = Honouree.Status
A = HonoureeEvent.Action

# Fields the flow sets (or the photo upload, or the database): a proposal form never does.
_NOT_PROPOSED = ("id", "slug", "photo", "status", "published_at")
# Fields a proposal form may set: the public ones the proposer describes, the
# proposal's evidence and consent, and the private ones.
PROPOSAL_FIELDS = (
    *(name for name in Honouree.PUBLIC_FIELDS if name not in _NOT_PROPOSED),
    "evidence",
    "consent_to_publish",
    *Honouree.PRIVATE_FIELDS,
)


class FlowError(Exception):
    """The step is not possible from the honouree's current status (or without consent)."""


class EditConflict(FlowError):
    """The proposal was saved by someone else after the editor loaded it."""


class DuplicateCommendation(Exception):
    """The same achievement already has an award of this form; ``existing`` lists them."""

    def __init__(self, existing):
        super().__init__(_("This achievement already has an award of the same form."))
        self.existing = existing


def _lock(honouree):
    return Honouree.objects.select_for_update().get(pk=honouree.pk)


def _event(honouree, *, user, action, from_status="", reason=""):
    return HonoureeEvent.objects.create(
        honouree=honouree,
        action=action,
        from_status=from_status,
        to_status=honouree.status,
        reason=reason,
        user=user,
    )


def _save(honouree, user, **kwargs):
    honouree._history_user = user
    honouree.save(**kwargs)


def _set_photo(honouree, photo):
    """Attach an already cleaned photo (``images.process_photo``); the old file goes after commit."""
    old = honouree.photo.name if honouree.photo else ""
    if photo is False:
        honouree.photo = ""
    elif photo is not None:
        honouree.photo.save(photo.name, photo, save=False)
    if old and old != (honouree.photo.name or ""):
        storage = honouree.photo.storage
        transaction.on_commit(lambda: storage.delete(old))


@transaction.atomic
def honouree_propose(*, user, data: dict, photo=None) -> Honouree:
    """Create a proposal of ``user``'s agency with the fields of ``data`` (``PROPOSAL_FIELDS``).

    Side effects: a new honouree in status "proposed", its photo file (a cleaned
    copy, see ``images.process_photo``), a "proposed" event and a history row.
    """
    if not access.can_propose(user):
        raise PermissionDenied
    honouree = Honouree(**{k: v for k, v in data.items() if k in PROPOSAL_FIELDS})
    honouree.status = S.PROPOSED
    honouree.proposing_agency = user.agency
    honouree.proposed_by = user
    _set_photo(honouree, photo)
    _save(honouree, user)
    _event(honouree, user=user, action=A.PROPOSE)
    return honouree


@transaction.atomic
def honouree_update(*, honouree: Honouree, user, data: dict, photo=None, loaded_version=None) -> Honouree:
    """Change the proposal's fields; ``photo`` replaces (a file) or removes (``False``) the photo.

    Agency staff may edit only while the proposal waits (proposed or sent back);
    the officer any time before a rejection. ``loaded_version`` is the
    ``updated_at`` the editor's form was loaded with: when someone saved since,
    ``EditConflict`` is raised and nothing is written. Side effects: the saved
    fields, an "edited" event, a history row, the old photo file deleted after commit.
    """
    honouree = _lock(honouree)
    if not access.can_edit(user, honouree):
        raise PermissionDenied
    if loaded_version is not None and honouree.updated_at != loaded_version:
        raise EditConflict(
            _("Someone else saved this proposal after you opened it. Reload the page to see their changes.")
        )
    if honouree.status == S.PUBLISHED and not data.get("consent_to_publish", honouree.consent_to_publish):
        raise FlowError(_("Unpublish the honouree before withdrawing the consent to publication."))
    for key, value in data.items():
        if key in PROPOSAL_FIELDS:
            setattr(honouree, key, value)
    _set_photo(honouree, photo)
    _save(honouree, user)
    _event(honouree, user=user, action=A.EDIT, from_status=honouree.status)
    return honouree


def _transition(honouree, *, user, action, allowed_from, to, reason="", check=None):
    honouree = _lock(honouree)
    if honouree.status not in allowed_from:
        raise FlowError(
            _("This step is not possible while the honouree is “%(status)s”.")
            % {"status": honouree.get_status_display()}
        )
    if check is not None:
        check(honouree)
    from_status = honouree.status
    honouree.status = to
    honouree.status_reason = reason
    if to == S.PUBLISHED:
        honouree.published_at = timezone.now()
    _save(honouree, user)
    _event(honouree, user=user, action=action, from_status=from_status, reason=reason)
    return honouree


def _require_reason(reason):
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError(_("Give a reason."), code="reason_required")
    return reason


def _require_officer(user):
    if not access.can_decide(user):
        raise PermissionDenied


@transaction.atomic
def honouree_resubmit(*, honouree: Honouree, user, note: str = "") -> Honouree:
    """The proposing agency sends a proposal back to the officer after adding what was asked.

    needs_info → proposed. Side effects: status, a "resubmitted" event, history.
    """
    if not access.is_proposing_staff(user, honouree):
        raise PermissionDenied
    return _transition(
        honouree, user=user, action=A.RESUBMIT, allowed_from=(S.NEEDS_INFO,), to=S.PROPOSED, reason=note.strip()
    )


@transaction.atomic
def honouree_request_info(*, honouree: Honouree, user, reason: str) -> Honouree:
    """The officer asks the proposing agency for more (proposed or verified → needs_info, with a reason)."""
    _require_officer(user)
    return _transition(
        honouree,
        user=user,
        action=A.REQUEST_INFO,
        allowed_from=(S.PROPOSED, S.VERIFIED),
        to=S.NEEDS_INFO,
        reason=_require_reason(reason),
    )


@transaction.atomic
def honouree_verify(*, honouree: Honouree, user, note: str = "") -> Honouree:
    """The officer confirms the proposal's facts (proposed → verified). Side effects: status, event, history."""
    _require_officer(user)
    return _transition(
        honouree, user=user, action=A.VERIFY, allowed_from=(S.PROPOSED,), to=S.VERIFIED, reason=note.strip()
    )


@transaction.atomic
def honouree_reject(*, honouree: Honouree, user, reason: str) -> Honouree:
    """The officer turns the proposal down with a reason (proposed, needs_info or verified → rejected)."""
    _require_officer(user)
    return _transition(
        honouree,
        user=user,
        action=A.REJECT,
        allowed_from=(S.PROPOSED, S.NEEDS_INFO, S.VERIFIED),
        to=S.REJECTED,
        reason=_require_reason(reason),
    )


def _check_consent(honouree):
    if not honouree.consent_to_publish:
        raise FlowError(_("Only an honouree who consented to publication can be published."))


@transaction.atomic
def honouree_publish(*, honouree: Honouree, user) -> Honouree:
    """Show a verified honouree on the public portal (verified → published, only with consent).

    Side effects: status, ``published_at``, a "published" event, history.
    """
    _require_officer(user)
    return _transition(
        honouree, user=user, action=A.PUBLISH, allowed_from=(S.VERIFIED,), to=S.PUBLISHED, check=_check_consent
    )


@transaction.atomic
def honouree_unpublish(*, honouree: Honouree, user, reason: str) -> Honouree:
    """Take an honouree off the portal (published → verified, with a reason). Side effects: status, event, history."""
    _require_officer(user)
    return _transition(
        honouree,
        user=user,
        action=A.UNPUBLISH,
        allowed_from=(S.PUBLISHED,),
        to=S.VERIFIED,
        reason=_require_reason(reason),
    )


@transaction.atomic
def commendation_record(
    *,
    honouree: Honouree,
    user,
    form: str,
    achievement: str,
    decision_number: str,
    decision_date,
    issuing_authority: str,
    confirm_duplicate: bool = False,
) -> Commendation:
    """Record an award of ``honouree``.

    When the same achievement (compared without diacritics or case) already
    has an award of the same ``form``, raises ``DuplicateCommendation`` unless
    ``confirm_duplicate``. Side effects: a commendation, a "commendation
    recorded" event, history rows.
    """
    from . import selectors

    _require_officer(user)
    if honouree.status == S.REJECTED:
        raise FlowError(_("A rejected proposal cannot receive commendations."))
    existing = list(selectors.commendation_duplicates(honouree=honouree, form=form, achievement=achievement))
    if existing and not confirm_duplicate:
        raise DuplicateCommendation(existing)
    commendation = Commendation(
        honouree=honouree,
        form=form,
        achievement=achievement.strip(),
        decision_number=decision_number.strip(),
        decision_date=decision_date,
        issuing_authority=issuing_authority.strip(),
        recorded_by=user,
    )
    commendation.full_clean()
    commendation._history_user = user
    commendation.save()
    _event(
        honouree,
        user=user,
        action=A.COMMEND,
        from_status=honouree.status,
        reason=f"{commendation.get_form_display()} – {commendation.decision_number}",
    )
    return commendation


def _check_coverage_editable(user, report):
    from reports import access as report_access
    from reports.models import ActivityReport

    # The report as committed now (locked), not the copy the view loaded: it may have been submitted since.
    report.refresh_from_db(from_queryset=ActivityReport.objects.select_for_update())
    if not access.can_manage_coverage(user, report, can_edit_report=report_access.can_edit_report):
        raise PermissionDenied


@transaction.atomic
def coverage_add(*, report, user, honouree: Honouree, channel, note: str = "", link: str = "") -> HonoureeCoverage:
    """Record that ``report`` introduced or covered ``honouree`` on ``channel``.

    Only the report's agency staff, while the report is editable (see
    ``reports.access.can_edit_report``); the honouree must be published or
    proposed by the same agency, the channel one of the report's plan. Side
    effects: one coverage row (adding the same honouree and channel again
    updates its note and link).
    """
    _check_coverage_editable(user, report)
    if link.strip():
        validate_web_link(link.strip())
    if not access.coverable_honourees(user).filter(pk=honouree.pk).exists():
        raise PermissionDenied
    if channel.plan_id != report.period.plan_id:
        raise ValidationError(_("This channel is not one of the report's plan."))
    coverage, _created = HonoureeCoverage.objects.update_or_create(
        report=report,
        honouree=honouree,
        channel=channel,
        defaults={"note": note.strip(), "link": link.strip(), "added_by": user},
    )
    return coverage


@transaction.atomic
def coverage_remove(*, coverage: HonoureeCoverage, user) -> None:
    """Remove one coverage line of a report still being edited. Side effects: the row is deleted."""
    _check_coverage_editable(user, coverage.report)
    coverage.delete()


def _not_in_future(field, day):
    if day is not None and day > timezone.localdate():
        raise ValidationError({field: _("The date cannot be in the future.")}, code="future")


def _pipeline_record(honouree, *, user, may, record, action, summary):
    """Check ``may(user, honouree)`` on the locked row, validate and save ``record``, write ``action``'s event.

    ``PermissionDenied`` when the user may not record it at all (``may`` refuses whatever the status),
    ``FlowError`` when only the honouree's status stands in the way.
    """
    honouree = _lock(honouree)
    if not may(user, honouree):
        if not access.may_record_pipeline(user, honouree, may):
            raise PermissionDenied
        raise FlowError(
            _("This step is not possible while the honouree is “%(status)s”.")
            % {"status": honouree.get_status_display()}
        )
    record.honouree = honouree
    record.full_clean()
    record._history_user = user
    record.save()
    _event(honouree, user=user, action=action, from_status=honouree.status, reason=summary(record))
    return record


@transaction.atomic
def nurture_record(*, honouree: Honouree, user, kind: str, description: str, supporter: str, done_on) -> NurtureAction:
    """Log one support (bồi dưỡng) given to ``honouree``: what, by whom, on which day.

    The Dept. of Home Affairs or the proposing agency's staff, while the honouree is not rejected
    (``access.can_record_nurture``); the day cannot be in the future. Side effects: a support action, a
    "support recorded" event, history rows.
    """
    _not_in_future("done_on", done_on)
    record = NurtureAction(
        kind=kind,
        description=(description or "").strip(),
        supporter=(supporter or "").strip(),
        done_on=done_on,
        recording_agency_id=user.agency_id,
        recorded_by=user,
    )
    return _pipeline_record(
        honouree,
        user=user,
        may=access.can_record_nurture,
        record=record,
        action=A.NURTURE,
        summary=lambda r: f"{r.get_kind_display()} – {r.supporter}",
    )


@transaction.atomic
def replication_record(
    *, honouree: Honouree, user, adopter: str, unit, started_on, coverage: int, coverage_kind: str, note: str = ""
) -> Replication:
    """Log that another unit adopted the model (nhân rộng), where, since when, and how many it reaches.

    The Dept. of Home Affairs or the proposing agency's staff, once the honouree is verified or published
    (``access.can_record_replication``); the coverage is a whole number above zero, the day not in the future,
    one row per adopter and administrative unit. Side effects: a replication, a "replication recorded" event,
    history rows.
    """
    _not_in_future("started_on", started_on)
    if coverage is not None and coverage <= 0:
        raise ValidationError({"coverage": _("The reach must be a whole number above zero.")}, code="coverage")
    record = Replication(
        adopter=(adopter or "").strip(),
        unit=unit,
        started_on=started_on,
        coverage=coverage,
        coverage_kind=coverage_kind,
        note=(note or "").strip(),
        recording_agency_id=user.agency_id,
        recorded_by=user,
    )
    return _pipeline_record(
        honouree,
        user=user,
        may=access.can_record_replication,
        record=record,
        action=A.REPLICATE,
        summary=lambda r: f"{r.adopter} – {r.coverage} {r.get_coverage_kind_display()}",
    )


@transaction.atomic
def dispatch_record(
    *, honouree: Honouree, user, destination: str, sent_on, destination_other: str = "", link: str = "", note: str = ""
) -> PortalDispatch:
    """Record that a published exemplar was sent to (or introduced on) a portal, on which day, with its link.

    The Dept. of Home Affairs only (``access.can_record_dispatch``); "other" needs the destination's name.
    Side effects: a dispatch row, a "sent to a portal" event, history rows.
    """
    _not_in_future("sent_on", sent_on)
    link = (link or "").strip()
    if link:
        try:
            validate_web_link(link)
        except ValidationError as error:
            raise ValidationError({"link": error.messages}) from error
    record = PortalDispatch(
        destination=destination,
        destination_other=(destination_other or "").strip() if destination == PortalDispatch.Destination.OTHER else "",
        sent_on=sent_on,
        link=link,
        note=(note or "").strip(),
        recording_agency_id=user.agency_id,
        recorded_by=user,
    )
    if record.destination == PortalDispatch.Destination.OTHER and not record.destination_other:
        raise ValidationError({"destination_other": _("Name the portal it was sent to.")}, code="required")
    return _pipeline_record(
        honouree,
        user=user,
        may=access.can_record_dispatch,
        record=record,
        action=A.DISPATCH,
        summary=lambda r: r.destination_label,
    )
