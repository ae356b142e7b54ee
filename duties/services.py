"""Writes of guidance: each checks access, runs in one transaction and leaves nothing half-saved."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from agencies import access as agency_access
from agencies import roles as r
from agencies.models import Agency, User
from reports import reminders

from . import access
from .models import ContentProvision, Guidance, GuidanceAttachment, GuidanceRecipient, GuidanceReminder, GuidanceReport


def tracking_agency(user):
    """The agency that issues guidance: the reviewer's own, else the one agency of the active reviewers."""
    if user.agency_id is not None and agency_access.has_role(user, r.REVIEWER):
        return user.agency
    ids = list(
        User.objects.filter(is_active=True, groups__name=r.REVIEWER, agency__isnull=False)
        .values_list("agency_id", flat=True)
        .distinct()[:2]
    )
    return Agency.objects.get(pk=ids[0]) if len(ids) == 1 else None


@transaction.atomic
def guidance_save(*, form, user):
    """Create or change a draft from a valid ``GuidanceForm``; the issuing agency is the tracking agency."""
    guidance = form.instance
    if guidance.pk and not access.can_edit(user, guidance):
        raise PermissionDenied
    if not guidance.pk:
        if not access.can_draft(user):
            raise PermissionDenied
        issuer = tracking_agency(user)
        if issuer is None:
            raise ValidationError(_("No agency tracks the plan: the reviewers belong to no agency or to several."))
        guidance.issuer = issuer
        guidance.created_by = user
    guidance._change_reason = "saved"
    return form.save()


def recipient_agencies(guidance, *, on):
    """The agencies a guidance goes to when issued on ``on``: reporting, active that day, not the issuer."""
    agencies = Agency.objects.reporting().active_on(on).exclude(pk=guidance.issuer_id)
    if guidance.audience == Guidance.Audience.CHOSEN:
        agencies = agencies.filter(
            Q(kind__in=guidance.recipient_kinds) | Q(pk__in=guidance.recipient_agencies.values("pk"))
        )
    return agencies


@transaction.atomic
def guidance_issue(*, guidance, user, today=None):
    """Issue a draft: its recipients are fixed now; a guidance with no recipient is refused."""
    guidance = Guidance.objects.select_for_update().get(pk=guidance.pk)
    if not access.can_edit(user, guidance):
        raise PermissionDenied
    agencies = list(recipient_agencies(guidance, on=today or timezone.localdate()).values_list("pk", flat=True))
    if not agencies:
        raise ValidationError(_("The guidance has no recipient: choose at least one kind of agency or one agency."))
    GuidanceRecipient.objects.bulk_create([GuidanceRecipient(guidance=guidance, agency_id=pk) for pk in agencies])
    guidance.status = Guidance.Status.ISSUED
    guidance.issued_at = timezone.now()
    guidance._change_reason = "issued"
    guidance.save(update_fields=["status", "issued_at"])
    return guidance


@transaction.atomic
def acknowledge(*, recipient, user):
    """The recipient agency acknowledges the guidance (once: a second acknowledgement changes nothing)."""
    recipient = GuidanceRecipient.objects.select_for_update().select_related("guidance").get(pk=recipient.pk)
    if recipient.acknowledged_at is not None:
        return recipient
    if not access.can_acknowledge(user, recipient):
        raise PermissionDenied
    recipient.acknowledged_at = timezone.now()
    recipient.acknowledged_by = user
    recipient.save(update_fields=["acknowledged_at", "acknowledged_by"])
    return recipient


@transaction.atomic
def attachment_add(*, guidance, user, title, upload, content_type):
    """Store a file whose content was checked (``reports.uploads.check_upload``), while the guidance is a draft."""
    if not access.can_edit(user, guidance):
        raise PermissionDenied
    attachment = GuidanceAttachment(
        guidance=guidance,
        title=title or upload.name[:300],
        original_name=upload.name[:255],
        content_type=content_type,
        size=upload.size,
        uploaded_by=user,
    )
    attachment.file.save("upload", upload, save=False)
    attachment.save()
    return attachment


@transaction.atomic
def report_link_add(*, guidance, report, user):
    """Say that ``report`` answered ``guidance``; the guidance must have been sent to the report's agency."""
    if not guidance.recipients.filter(agency_id=report.agency_id).exists():
        raise ValidationError(_("This guidance was not sent to the agency of the report."))
    link, _created = GuidanceReport.objects.get_or_create(guidance=guidance, report=report, defaults={"added_by": user})
    return link


def report_link_remove(*, link):
    link.delete()


def _claim(recipient, day):
    try:
        with transaction.atomic():
            return GuidanceReminder.objects.create(recipient=recipient, day=day)
    except IntegrityError:
        return None


def send_guidance_reminders(*, guidance, user=None, today=None):
    """E-mail each recipient agency that has not acknowledged ``guidance``; at most once per agency and day.

    The recipients of an agency are its active clerks and heads (else the agency's own address), as for the
    deadline reminders. Returns how many e-mails were sent.
    """
    if user is not None and not access.can_draft(user):
        raise PermissionDenied
    today = today or timezone.localdate()
    waiting = list(
        guidance.recipients.filter(acknowledged_at__isnull=True).exclude(reminders__day=today).select_related("agency")
    )
    users_by_agency = reminders.staff_by_agency([w.agency_id for w in waiting])
    url = reminders.site_url(reverse("duties:guidance_detail", args=[guidance.pk]))
    sent = 0
    for recipient in waiting:
        to = reminders.recipients_of(recipient.agency, users_by_agency)
        claim = _claim(recipient, today) if to else None
        if claim is None:
            continue
        context = {"agency": recipient.agency, "guidance": guidance, "url": url, "sender": guidance.issuer.name}
        sent += reminders.deliver(
            claim,
            template="duties/email/guidance_reminder",
            context=context,
            to=to,
            recipients_field="sent_to",
            what=f"Guidance reminder to {recipient.agency.code}",
        )
    return sent


@transaction.atomic
def order_create(*, form, lines, user):
    """Record a press order and its cells from a valid ``PressOrderForm`` and ``OrderLineFormSet``; all or nothing."""
    if not access.can_draft(user):
        raise PermissionDenied
    issuer = tracking_agency(user)
    if issuer is None:
        raise ValidationError(_("No agency tracks the plan: the reviewers belong to no agency or to several."))
    order = form.save(commit=False)
    order.issuer = issuer
    order.created_by = user
    order.save()
    lines.instance = order
    lines.save()
    return order


@transaction.atomic
def content_provide(*, form, user):
    """Record content the user's agency provided to a press agency, from a valid ``ContentProvisionForm``.

    The file (checked by the form) is stored with the record, in the same transaction: nothing half-saved.
    """
    if not access.can_provide(user):
        raise PermissionDenied
    content = form.save(commit=False)
    content.sender_id = user.agency_id
    content.created_by = user
    upload = form.cleaned_data.get("upload")
    if upload:
        content.original_name = upload.name[:255]
        content.content_type = form.content_type
        content.size = upload.size
        content.file.save("upload", upload, save=False)
    content._change_reason = "provided"
    try:
        content.save()
    except Exception:
        if content.file:
            content.file.delete(save=False)  # no stored file without its record
        raise
    return content


@transaction.atomic
def content_mark_used(*, content, user, used_on, published_link):
    """The press agency marks the content used, with the published link and date; once."""
    content = ContentProvision.objects.select_for_update().get(pk=content.pk)
    if not access.can_mark_used(user, content):
        raise PermissionDenied
    content.used_on = used_on
    content.published_link = published_link
    content.used_by = user
    content.used_at = timezone.now()
    content._change_reason = "used"
    content.save(update_fields=["used_on", "published_link", "used_by", "used_at"])
    return content
