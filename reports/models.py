"""What was done: the reporting calendar, the agencies' activity reports and their figures.

Aggregation note (for the province compile): a ``Figure`` row carries its
report's ``period``, ``agency`` and ``channel`` besides ``metric`` and
``theme``, and whether the report is accepted (the one status the compile
counts; the full status changes on every workflow step and stays on the
report), so the breakdowns of a period are one ``GROUP BY`` over this table
with no join. The sums of accepted figures per period × metric × theme are
also kept in ``AcceptedTotal``, for the windows a report compares itself
with. Only non-zero cells are stored (a blank cell means zero), which keeps a
report to the few dozen cells an agency actually fills.
"""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from agencies.models import Agency
from campaigns.models import Channel, Metric, Movement, Occasion, Plan, Theme


class Holiday(models.Model):
    """A public holiday (non-working day) that deadlines skip; editable data."""

    date = models.DateField(_("date"), unique=True)
    name = models.CharField(_("name"), max_length=200)
    lunar = models.BooleanField(_("lunar calendar"), default=False, help_text=_("Tết and the Hùng Kings' day move."))

    class Meta:
        verbose_name = _("public holiday")
        verbose_name_plural = _("public holidays")
        ordering = ["date"]

    def __str__(self):
        return f"{self.date:%d/%m/%Y} {self.name}"


class ReportingPeriodQuerySet(models.QuerySet):
    def of_kind(self, kind):
        return self.filter(kind=kind)

    def for_year(self, year):
        return self.filter(year=year)

    def containing(self, day):
        return self.filter(start__lte=day, end__gte=day)

    def due_by(self, day):
        """Periods whose cut-off has passed on ``day``: reports are expected."""
        return self.filter(end__lt=day)


class ReportingPeriod(models.Model):
    """A reporting window following the data cut-off of Decree 09/2019/NĐ-CP Art. 12."""

    class Kind(models.TextChoices):
        MONTH = "month", _("Month")
        QUARTER = "quarter", _("Quarter")
        HALF = "half", _("Half-year")
        YEAR = "year", _("Year")
        PHASE = "phase", _("Plan phase")

    plan = models.ForeignKey(Plan, verbose_name=_("plan"), on_delete=models.PROTECT, related_name="periods")
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    code = models.CharField(_("code"), max_length=20, unique=True, help_text=_("2024-M05, 2024-Q2, 2024-H1, 2024-Y"))
    # The year the period reports on (the phase: its first year), and its
    # number within the year: month 1–12, quarter 1–4, half 1–2, else 0.
    year = models.PositiveSmallIntegerField(_("year"))
    number = models.PositiveSmallIntegerField(_("number"), default=0)
    start = models.DateField(_("start"))
    end = models.DateField(_("end (data cut-off)"))
    deadline = models.DateField(_("submission deadline"))
    lock_date = models.DateField(_("lock date"), help_text=_("After this day only a reviewer can reopen a report."))

    objects = ReportingPeriodQuerySet.as_manager()

    class Meta:
        verbose_name = _("reporting period")
        verbose_name_plural = _("reporting periods")
        ordering = ["start", "-end"]
        constraints = [
            models.CheckConstraint(condition=Q(end__gte=F("start")), name="period_end_after_start"),
            models.CheckConstraint(condition=Q(deadline__gte=F("end")), name="period_deadline_after_end"),
            models.CheckConstraint(condition=Q(lock_date__gte=F("deadline")), name="period_lock_after_deadline"),
            models.UniqueConstraint(fields=["kind", "year", "number"], name="period_unique_kind_year_number"),
        ]
        indexes = [models.Index(fields=["kind", "end"], name="period_kind_end_idx")]

    def __str__(self):
        return self.code

    @property
    def label(self):
        from . import calendar

        return calendar.period_label(self)

    @property
    def label_in_sentence(self):
        from . import calendar

        return calendar.period_label_in_sentence(self)

    def is_locked(self, *, today=None):
        return (today or timezone.localdate()) > self.lock_date


class ActivityReportQuerySet(models.QuerySet):
    def for_period(self, period):
        return self.filter(period=period)

    def for_agency(self, agency):
        return self.filter(agency=agency)

    def received(self):
        """Reports the province has: submitted, resubmitted or accepted."""
        return self.filter(status__in=ActivityReport.RECEIVED_STATUSES)

    def visible_to(self, user):
        from . import access

        return access.reports_visible_to(user, self)


class ActivityReport(models.Model):
    """One agency's report for one period."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        AWAITING_APPROVAL = "awaiting_approval", _("Awaiting the head's approval")
        SUBMITTED = "submitted", _("Submitted")
        RETURNED = "returned", _("Returned for correction")
        RESUBMITTED = "resubmitted", _("Resubmitted")
        ACCEPTED = "accepted", _("Accepted")

    RECEIVED_STATUSES = (Status.SUBMITTED, Status.RESUBMITTED, Status.ACCEPTED)
    EDITABLE_STATUSES = (Status.DRAFT, Status.RETURNED)

    agency = models.ForeignKey(Agency, verbose_name=_("agency"), on_delete=models.PROTECT, related_name="reports")
    period = models.ForeignKey(
        ReportingPeriod, verbose_name=_("period"), on_delete=models.PROTECT, related_name="reports"
    )
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.DRAFT)

    results = models.TextField(_("results achieved"), blank=True)
    shortcomings = models.TextField(_("shortcomings and their causes"), blank=True)
    next_tasks = models.TextField(_("tasks for the next period"), blank=True)
    proposals = models.TextField(_("proposals"), blank=True)

    # Optimistic locking: every write bumps it through a conditional UPDATE
    # (… WHERE version = <the version the editor loaded>).
    version = models.PositiveIntegerField(_("version"), default=1)

    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("created by"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated at"), default=timezone.now)
    # First submission decides timeliness; later resubmissions do not reset it.
    submitted_at = models.DateTimeField(_("first submitted at"), null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("submitted by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    last_submitted_at = models.DateTimeField(_("last submitted at"), null=True, blank=True)
    head_approved_at = models.DateTimeField(_("approved by the head at"), null=True, blank=True)
    head_approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("approved by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    returned_at = models.DateTimeField(_("returned at"), null=True, blank=True)
    returned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("returned by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    return_reason = models.TextField(_("reason for return"), blank=True)
    # What the agency head asked to change when sending the report back to the
    # clerk; shown until the report is sent again.
    head_note = models.TextField(_("head's note"), blank=True)
    accepted_at = models.DateTimeField(_("accepted at"), null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("accepted by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # Set when a reviewer reopens a report after the period's lock date;
    # cleared when the agency submits again.
    reopened_at = models.DateTimeField(_("reopened at"), null=True, blank=True)
    # What the last save changed: {"fields": [...], "cells": [[metric_id, theme_id, old, new], ...]}.
    # Every history row keeps its own copy, so the history says which figures changed and how.
    last_changes = models.JSONField(_("last changes"), default=dict, blank=True, editable=False)
    # While accepted: its figures summed per metric and per theme (a JSON list, ``reports.report_sums``), so a
    # compile reads one row per report rather than its figure rows. A copy of the figures: no history of its own.
    accepted_sums = models.TextField(_("accepted sums"), blank=True, default="", editable=False)

    history = HistoricalRecords(excluded_fields=["updated_at", "accepted_sums"])
    objects = ActivityReportQuerySet.as_manager()

    class Meta:
        verbose_name = _("activity report")
        verbose_name_plural = _("activity reports")
        ordering = ["-id"]
        constraints = [
            models.UniqueConstraint(fields=["agency", "period"], name="report_one_per_agency_period"),
            models.CheckConstraint(
                condition=~Q(status="returned") | ~Q(return_reason=""), name="report_returned_has_reason"
            ),
            models.CheckConstraint(
                condition=Q(status__in=["draft", "awaiting_approval"]) | Q(submitted_at__isnull=False),
                name="report_received_has_submitted_at",
            ),
        ]
        indexes = [
            models.Index(fields=["period", "status"], name="report_period_status_idx"),
            # The completeness board (who sent what, when) and the dashboards' data stamp (the count of the
            # window's reports) read this index alone, not the wide report rows.
            models.Index(
                fields=["period", "agency", "status", "submitted_at", "updated_at"], name="report_period_cover_idx"
            ),
            # The cold dashboard's reports of a window with their stored sums (``province.sql.reports`` without
            # the narratives) read this index alone: a year's 1,800 rows of the wide report rows (narratives)
            # were read by scanning the whole table.
            models.Index(
                fields=["period", "agency", "status", "submitted_at", "accepted_sums"], name="report_period_sums_idx"
            ),
            # The dashboards' data stamp: each period's latest change, one probe (``province.sql.reports_stamp``).
            models.Index(fields=["period", "updated_at"], name="report_period_latest_idx"),
        ]

    def __str__(self):
        return f"{self.agency} — {self.period}"

    @property
    def is_editable_status(self):
        return self.status in self.EDITABLE_STATUSES


class Figure(models.Model):
    """One non-zero cell of a report's grid: metric × theme → a whole number.

    ``period``, ``agency`` and ``channel`` copy the report's and the metric's,
    so the province aggregation is one GROUP BY over this table (see the
    module docstring); the services keep them in step.

    ``accepted`` copies "the report is accepted": the aggregation of a compiled
    report counts accepted figures only, and reading that flag here (through a
    partial index holding the accepted rows only, keyed by period) makes it an
    index-only range scan over the window's rows, whatever the size of the
    figure and report tables — instead of a join with every report to read
    its status. The per-agency breakdowns read this flag; the per-cell sums
    are also kept in ``AcceptedTotal``. Only two workflow steps change either,
    in their own transaction (``report_accept`` sets it, ``report_reopen`` of
    an accepted report clears it; see ``reports.services._set_accepted``). A figure is only written while its
    report is editable (draft or returned), hence never accepted, so the
    default is False. ``include_unaccepted`` still joins the report's status.
    """

    MAX_VALUE = 1_000_000

    # No single-column index where a composite index leads with the column:
    # report (figure_unique_cell), period (figure_period_agg_idx), agency
    # (figure_agency_period_idx).
    report = models.ForeignKey(ActivityReport, on_delete=models.CASCADE, related_name="figures", db_index=False)
    period = models.ForeignKey(ReportingPeriod, on_delete=models.PROTECT, related_name="+", db_index=False)
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+", db_index=False)
    channel = models.ForeignKey(Channel, on_delete=models.PROTECT, related_name="+")
    metric = models.ForeignKey(Metric, on_delete=models.PROTECT, related_name="figures")
    theme = models.ForeignKey(Theme, on_delete=models.PROTECT, related_name="figures")
    value = models.PositiveIntegerField(_("value"))
    accepted = models.BooleanField(_("Accepted"), default=False)

    class Meta:
        verbose_name = _("figure")
        verbose_name_plural = _("figures")
        constraints = [
            models.CheckConstraint(condition=Q(value__gte=0), name="figure_value_non_negative"),
            models.UniqueConstraint(fields=["report", "metric", "theme"], name="figure_unique_cell"),
        ]
        indexes = [
            # The province aggregation: WHERE period = … GROUP BY metric, theme
            # SUM(value); ``value`` in the key makes it an index-only scan.
            models.Index(fields=["period", "metric", "theme", "value"], name="figure_period_agg_idx"),
            # The compiled report's aggregation (accepted figures only): an
            # index-only scan over the window's accepted rows.
            models.Index(
                fields=["period", "agency", "metric", "theme", "value"],
                condition=Q(accepted=True),
                name="figure_accepted_agg_idx",
            ),
            # One agency's figures over time.
            models.Index(fields=["agency", "period"], name="figure_agency_period_idx"),
        ]

    def __str__(self):
        return f"{self.metric_id}×{self.theme_id} = {self.value}"


class AcceptedTotal(models.Model):
    """The sum of one period's accepted figures for one metric × theme cell: a rollup the workflow keeps exact.

    A quarter's report compares it with the quarter before and the same
    quarter a year before, a year's report shows its quarters: read from the
    figure rows, those windows cost three times the rows of the period itself.
    Here they are a few hundred rows (periods × metrics × themes), whatever the
    number of agencies and reports; the period's own cells come from here too.
    Only accepted figures are summed, and only two workflow steps change
    which figures are accepted, in their own transaction: ``report_accept``
    adds the report's figures, ``report_reopen`` of an accepted report takes
    them away again (``reports.services._add_to_accepted_totals``, an atomic
    upsert, so concurrent acceptances in one period add up). An accepted
    report's figures never change (a figure is written only while its report is
    editable) and a report is never deleted. ``services.accepted_totals_rebuild``
    recomputes the table from ``Figure.accepted`` (``seed_scale`` uses it after
    its bulk load; migration 0007 ran the same statement). Counting reports not
    yet accepted still reads the figure rows.
    """

    # No FK index on period: the unique constraint leads with it. A metric or theme is only
    # deleted when no figure uses it any more (Figure protects them), so its totals are zeros.
    period = models.ForeignKey(ReportingPeriod, on_delete=models.CASCADE, related_name="+", db_index=False)
    metric = models.ForeignKey(Metric, on_delete=models.CASCADE, related_name="+")
    theme = models.ForeignKey(Theme, on_delete=models.CASCADE, related_name="+")
    total = models.BigIntegerField()

    class Meta:
        # No CHECK (total >= 0): taking a report away is an upsert whose proposed row carries the negative
        # amount, and both PostgreSQL and SQLite check a proposed row before resolving the conflict.
        constraints = [
            models.UniqueConstraint(fields=["period", "metric", "theme"], name="accepted_total_unique_cell"),
        ]

    def __str__(self):
        return f"{self.period_id}: {self.metric_id}×{self.theme_id} = {self.total}"


class AcceptedMetricTotal(models.Model):
    """``AcceptedTotal`` added up over the themes: one period's accepted figures of one metric.

    The dashboard's trend (the primary metrics of eight windows back) and the windows a period compares itself
    with read totals per metric only: a year's trend read 5,047 cells (periods × metrics × themes) to add up 128
    periods' items, these rows are themes times fewer. Kept exact by the same two steps and in the same
    statements' transaction as ``AcceptedTotal`` (``reports.services._add_to_accepted_totals``), rebuilt with it
    (``services.accepted_totals_rebuild``); migration 0015 filled it from ``AcceptedTotal``.
    """

    period = models.ForeignKey(ReportingPeriod, on_delete=models.CASCADE, related_name="+", db_index=False)
    metric = models.ForeignKey(Metric, on_delete=models.CASCADE, related_name="+")
    total = models.BigIntegerField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["period", "metric"], name="accepted_metric_total_unique"),
        ]

    def __str__(self):
        return f"{self.period_id}: {self.metric_id} = {self.total}"


class Attribution(models.Model):
    """Of a report's main figures (each channel's primary metric), how many were for an emulation movement
    and/or an occasion: "of these 40 articles, 12 for the new countryside movement, on 11/6".

    An optional breakdown beside the grid, never part of it: the grid's cells and totals mean what they
    meant, and the rows of one metric add up to at most its total in the grid (``services.attributions_save``
    checks it, and ``report_save`` refuses to lower a total below them). Rows are disjoint shares: a row
    names a movement, an occasion or both, and one (metric, movement, occasion) has one row.
    """

    report = models.ForeignKey(
        ActivityReport, verbose_name=_("activity report"), on_delete=models.CASCADE, related_name="attributions"
    )
    metric = models.ForeignKey(Metric, verbose_name=_("metric"), on_delete=models.PROTECT, related_name="+")
    movement = models.ForeignKey(
        Movement,
        verbose_name=_("emulation movement"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="attributions",
    )
    occasion = models.ForeignKey(
        Occasion, verbose_name=_("occasion"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    value = models.PositiveIntegerField(_("number"))

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("breakdown by movement and occasion")
        verbose_name_plural = _("breakdowns by movement and occasion")
        ordering = ["report", "metric", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(value__gte=1), name="attribution_value_positive"),
            models.CheckConstraint(
                condition=Q(movement__isnull=False) | Q(occasion__isnull=False), name="attribution_names_something"
            ),
        ]

    def __str__(self):
        return f"{self.report_id}: {self.metric_id} × {self.movement_id}/{self.occasion_id} = {self.value}"


def evidence_upload_to(instance, filename):
    # A random name: the original one is kept in ``original_name`` and never
    # used on disk, so a crafted name cannot pick a path or an extension.
    return f"evidence/{instance.report.period.code}/{uuid.uuid4().hex}"


class Evidence(models.Model):
    class Kind(models.TextChoices):
        LINK = "link", _("Link to a published item")
        FILE = "file", _("Uploaded file")

    MAX_SIZE = 10 * 1024 * 1024

    report = models.ForeignKey(ActivityReport, on_delete=models.CASCADE, related_name="evidence")
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    title = models.CharField(_("title"), max_length=300)
    url = models.URLField(_("link"), max_length=500, blank=True)
    file = models.FileField(_("file"), upload_to=evidence_upload_to, blank=True, max_length=200)
    original_name = models.CharField(_("file name"), max_length=255, blank=True)
    content_type = models.CharField(_("content type"), max_length=100, blank=True)
    size = models.PositiveIntegerField(_("size"), default=0)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    uploaded_at = models.DateTimeField(_("added at"), default=timezone.now)

    class Meta:
        verbose_name = _("evidence")
        verbose_name_plural = _("evidence")
        ordering = ["uploaded_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(kind="link") & ~Q(url="") & Q(file="")) | (Q(kind="file") & ~Q(file="") & Q(url="")),
                name="evidence_link_xor_file",
            ),
            models.CheckConstraint(condition=Q(size__lte=10 * 1024 * 1024), name="evidence_size_at_most_10mb"),
        ]

    def __str__(self):
        return self.title


class ReminderLog(models.Model):
    """One reminder e-mail per agency, period and kind: claimed (inserted) before it is sent."""

    class Kind(models.TextChoices):
        BEFORE_DEADLINE = "before", _("Before the deadline")
        AFTER_DEADLINE = "after", _("After the deadline")

    agency = models.ForeignKey(Agency, on_delete=models.CASCADE, related_name="+")
    period = models.ForeignKey(ReportingPeriod, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    # The local day of the claim: a reminder goes out at most once per agency, period, kind and day, whether the
    # daily job or a reviewer sends it (the job itself sends each kind once per period).
    day = models.DateField(_("day"), default=timezone.localdate)
    claimed_at = models.DateTimeField(_("claimed at"), default=timezone.now)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    recipients = models.TextField(_("recipients"), blank=True)
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("sent by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Empty for the automatic reminders."),
    )

    class Meta:
        verbose_name = _("reminder sent")
        verbose_name_plural = _("reminders sent")
        constraints = [
            models.UniqueConstraint(
                fields=["agency", "period", "kind", "day"], name="reminder_once_per_agency_period_kind_day"
            )
        ]

    def __str__(self):
        return f"{self.agency_id}/{self.period_id}/{self.kind}"


class DigestLog(models.Model):
    """The reviewer's daily digest, once per reviewer and day."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    day = models.DateField(_("day"))
    claimed_at = models.DateTimeField(_("claimed at"), default=timezone.now)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)

    class Meta:
        verbose_name = _("digest sent")
        verbose_name_plural = _("digests sent")
        constraints = [models.UniqueConstraint(fields=["user", "day"], name="digest_once_per_user_day")]

    def __str__(self):
        return f"{self.user_id}/{self.day}"
