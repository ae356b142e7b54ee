"""The duties of section III of the plan as work: guidance (định hướng tuyên truyền) to the agencies.

The agency that tracks the plan (the reviewers' agency: Sở Thông tin và Truyền thông before 01/03/2025, its
successor after) drafts a ``Guidance`` and issues it; issuing fixes its recipients as ``GuidanceRecipient``
rows (all reporting agencies, or the chosen kinds and agencies, active on the day it is issued), so that
an agency added later does not change who it was sent to. Each recipient acknowledges it once (who and
when, on its row); the issuer reminds those that have not, at most once per agency and day
(``GuidanceReminder``, the claim of ``reports.reminders``). ``GuidanceReport`` says which activity reports
answered a guidance.
"""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


class Guidance(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        ISSUED = "issued", _("Issued")

    class Audience(models.TextChoices):
        ALL = "all", _("All reporting agencies")
        CHOSEN = "chosen", _("Chosen kinds of agencies and agencies")

    plan = models.ForeignKey(
        "campaigns.Plan", verbose_name=_("plan"), on_delete=models.PROTECT, related_name="guidance_documents"
    )
    issuer = models.ForeignKey(
        "agencies.Agency", verbose_name=_("issuing agency"), on_delete=models.PROTECT, related_name="issued_guidance"
    )
    number = models.CharField(_("number and symbol"), max_length=60, help_text=_("For example 125/HD-STTTT."))
    issued_on = models.DateField(_("date of the document"))
    title = models.CharField(_("title"), max_length=300)
    key_messages = models.TextField(_("key messages"))
    themes = models.ManyToManyField(
        "campaigns.Theme", verbose_name=_("content themes stressed"), blank=True, related_name="guidance_documents"
    )
    movements = models.ManyToManyField(
        "campaigns.Movement",
        verbose_name=_("emulation movements stressed"),
        blank=True,
        related_name="guidance_documents",
    )
    occasions = models.TextField(_("occasions"), blank=True, help_text=_("Anniversaries and events it covers."))
    valid_from = models.DateField(_("applies from"))
    valid_until = models.DateField(_("applies until"))
    audience = models.CharField(_("recipients"), max_length=10, choices=Audience.choices, default=Audience.ALL)
    recipient_kinds = models.JSONField(_("kinds of agencies"), default=list, blank=True)
    recipient_agencies = models.ManyToManyField(
        "agencies.Agency", verbose_name=_("chosen agencies"), blank=True, related_name="+"
    )
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    issued_at = models.DateTimeField(_("issued at"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("drafted by"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("guidance document")
        verbose_name_plural = _("guidance documents")
        ordering = ["-issued_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_until__gte=F("valid_from")), name="guidance_valid_until_after_from"
            ),
        ]

    def __str__(self):
        return f"{self.number} — {self.title}"

    @property
    def is_issued(self):
        return self.status == self.Status.ISSUED


class GuidanceRecipient(models.Model):
    """An agency the guidance was sent to, and its acknowledgement (once per agency: who and when)."""

    guidance = models.ForeignKey(
        Guidance, verbose_name=_("guidance document"), on_delete=models.CASCADE, related_name="recipients"
    )
    agency = models.ForeignKey(
        "agencies.Agency", verbose_name=_("agency"), on_delete=models.PROTECT, related_name="guidance_received"
    )
    acknowledged_at = models.DateTimeField(_("acknowledged at"), null=True, blank=True)
    acknowledged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("acknowledged by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("recipient of guidance")
        verbose_name_plural = _("recipients of guidance")
        ordering = ["guidance", "agency__name"]
        constraints = [
            models.UniqueConstraint(fields=["guidance", "agency"], name="guidance_recipient_once"),
            models.CheckConstraint(
                condition=Q(acknowledged_at__isnull=True) | Q(acknowledged_by__isnull=False),
                name="guidance_acknowledged_by_someone",
            ),
        ]

    def __str__(self):
        return f"{self.guidance.number} → {self.agency}"


class GuidanceReminder(models.Model):
    """One reminder e-mail per recipient and day: claimed (inserted) before it is sent."""

    recipient = models.ForeignKey(
        GuidanceRecipient, verbose_name=_("recipient"), on_delete=models.CASCADE, related_name="reminders"
    )
    day = models.DateField(_("day"))
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    sent_to = models.CharField(_("sent to"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("guidance reminder")
        verbose_name_plural = _("guidance reminders")
        ordering = ["-day"]
        constraints = [models.UniqueConstraint(fields=["recipient", "day"], name="guidance_reminder_once_a_day")]

    def __str__(self):
        return f"{self.recipient} {self.day:%d/%m/%Y}"


def attachment_upload_to(instance, filename):
    # A random name, as evidence files: the original is kept in ``original_name`` and never used on disk.
    return f"guidance/{uuid.uuid4().hex}"


class GuidanceAttachment(models.Model):
    guidance = models.ForeignKey(
        Guidance, verbose_name=_("guidance document"), on_delete=models.CASCADE, related_name="attachments"
    )
    title = models.CharField(_("title"), max_length=300)
    file = models.FileField(_("file"), upload_to=attachment_upload_to, max_length=200)
    original_name = models.CharField(_("file name"), max_length=255)
    content_type = models.CharField(_("content type"), max_length=100)
    size = models.PositiveIntegerField(_("size"))
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    uploaded_at = models.DateTimeField(_("added at"), default=timezone.now)

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        ordering = ["uploaded_at", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(size__lte=10 * 1024 * 1024), name="guidance_attachment_at_most_10mb"),
        ]

    def __str__(self):
        return self.title


class GuidanceReport(models.Model):
    """An activity report's activities answered a guidance document (said by the agency's clerk)."""

    guidance = models.ForeignKey(
        Guidance, verbose_name=_("guidance document"), on_delete=models.PROTECT, related_name="report_links"
    )
    report = models.ForeignKey(
        "reports.ActivityReport",
        verbose_name=_("activity report"),
        on_delete=models.CASCADE,
        related_name="guidance_links",
    )
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("added by"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    added_at = models.DateTimeField(_("added at"), default=timezone.now)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("report answering guidance")
        verbose_name_plural = _("reports answering guidance")
        ordering = ["guidance", "report"]
        constraints = [models.UniqueConstraint(fields=["guidance", "report"], name="guidance_report_once")]

    def __str__(self):
        return f"{self.guidance.number} ← {self.report}"


class PressOrder(models.Model):
    """An order (đặt hàng) the agency tracking the plan places with a press agency for a period.

    What was delivered is never typed in: it is the press agency's accepted figures of the reporting
    periods that lie within the order's dates (``selectors.order_delivery``).
    """

    plan = models.ForeignKey("campaigns.Plan", verbose_name=_("plan"), on_delete=models.PROTECT, related_name="+")
    issuer = models.ForeignKey(
        "agencies.Agency", verbose_name=_("ordering agency"), on_delete=models.PROTECT, related_name="+"
    )
    press_agency = models.ForeignKey(
        "agencies.Agency", verbose_name=_("press agency"), on_delete=models.PROTECT, related_name="press_orders"
    )
    number = models.CharField(_("number and symbol"), max_length=60)
    ordered_on = models.DateField(_("date of the order"))
    period_start = models.DateField(_("covers from"))
    period_end = models.DateField(_("covers until"))
    budget = models.PositiveBigIntegerField(_("budget (VND)"), help_text=_("Whole đồng, without separators."))
    note = models.TextField(_("note"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("recorded by"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("press order")
        verbose_name_plural = _("press orders")
        ordering = ["-ordered_on", "-pk"]
        constraints = [
            models.CheckConstraint(condition=Q(period_end__gte=F("period_start")), name="press_order_period_order"),
        ]

    def __str__(self):
        return f"{self.number} — {self.press_agency}"


class PressOrderLine(models.Model):
    """A cell of an order: so many of a channel metric on a theme (e.g. 24 articles on theme 7)."""

    order = models.ForeignKey(PressOrder, verbose_name=_("press order"), on_delete=models.CASCADE, related_name="lines")
    metric = models.ForeignKey("campaigns.Metric", verbose_name=_("metric"), on_delete=models.PROTECT, related_name="+")
    theme = models.ForeignKey(
        "campaigns.Theme", verbose_name=_("content theme"), on_delete=models.PROTECT, related_name="+"
    )
    quantity = models.PositiveIntegerField(_("quantity ordered"))

    class Meta:
        verbose_name = _("order line")
        verbose_name_plural = _("order lines")
        ordering = ["order", "metric__channel__order", "metric__order", "theme__order"]
        constraints = [
            models.UniqueConstraint(fields=["order", "metric", "theme"], name="press_order_line_once"),
            models.CheckConstraint(condition=Q(quantity__gte=1), name="press_order_line_positive"),
        ]

    def __str__(self):
        return f"{self.metric} × {self.theme}: {self.quantity}"


def content_upload_to(instance, filename):
    # A random name, as evidence files: the original is kept in ``original_name`` and never used on disk.
    return f"content/{uuid.uuid4().hex}"


class ContentProvision(models.Model):
    """Content an agency provided to a press agency (cung cấp thông tin cho báo chí), and its use.

    The sending agency's staff record it (title, theme, date, a file or a link); the press agency's staff mark
    it used, with the link of what they published and its date. A record is never half-used: both come together.
    """

    sender = models.ForeignKey(
        "agencies.Agency", verbose_name=_("providing agency"), on_delete=models.PROTECT, related_name="content_provided"
    )
    press_agency = models.ForeignKey(
        "agencies.Agency", verbose_name=_("press agency"), on_delete=models.PROTECT, related_name="content_received"
    )
    title = models.CharField(_("title"), max_length=300)
    theme = models.ForeignKey(
        "campaigns.Theme", verbose_name=_("content theme"), on_delete=models.PROTECT, related_name="+"
    )
    provided_on = models.DateField(_("date provided"))
    summary = models.TextField(_("summary"), blank=True)
    link = models.URLField(_("link"), max_length=500, blank=True)
    file = models.FileField(_("file"), upload_to=content_upload_to, max_length=200, blank=True)
    original_name = models.CharField(_("file name"), max_length=255, blank=True)
    content_type = models.CharField(_("content type"), max_length=100, blank=True)
    size = models.PositiveIntegerField(_("size"), default=0)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("recorded by"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    used_on = models.DateField(_("date published"), null=True, blank=True)
    published_link = models.URLField(_("published link"), max_length=500, blank=True)
    used_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("marked used by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    used_at = models.DateTimeField(_("marked used at"), null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("content provided to the press")
        verbose_name_plural = _("content provided to the press")
        ordering = ["-provided_on", "-pk"]
        constraints = [
            models.CheckConstraint(condition=~Q(link="") | ~Q(file=""), name="content_has_file_or_link"),
            models.CheckConstraint(condition=~Q(sender=F("press_agency")), name="content_sent_to_another_agency"),
            models.CheckConstraint(
                condition=Q(used_on__isnull=True, published_link="")
                | (Q(used_on__isnull=False) & ~Q(published_link="")),
                name="content_used_with_link_and_date",
            ),
            models.CheckConstraint(condition=Q(size__lte=10 * 1024 * 1024), name="content_file_at_most_10mb"),
        ]

    def __str__(self):
        return f"{self.title} → {self.press_agency}"

    @property
    def is_used(self):
        return self.used_on is not None
