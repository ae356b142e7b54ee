"""The plan and what it asks for: themes, channels and their metrics, movements, occasions, duties.

Every item here is data loaded from ``campaigns/data/plans/*.yaml`` by
``load_plan``; nothing of the plan is written into views or templates.
"""

from django.conf import settings
from django.db import models
from django.db.models import F, OuterRef, Q, Subquery
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from agencies.models import Agency


class Plan(models.Model):
    code = models.SlugField(_("code"), max_length=60, unique=True)
    title = models.CharField(_("title"), max_length=500)
    # The plan's own number and date ("Kế hoạch số …/KH-UBND ngày …"), which the documents cite. The seed text
    # does not carry them, so they are blank until an officer enters them (load_plan keeps what was entered).
    number = models.CharField(_("number"), max_length=60, blank=True, help_text=_("For example 123/KH-UBND."))
    issued_on = models.DateField(_("date issued"), null=True, blank=True)
    issuing_body = models.CharField(_("issuing body"), max_length=255)
    issuing_body_short = models.CharField(_("issuing body (heading)"), max_length=100)
    start_year = models.PositiveSmallIntegerField(_("start year"))
    end_year = models.PositiveSmallIntegerField(_("end year"))
    preamble = models.TextField(_("preamble"), blank=True)
    closing = models.TextField(_("closing sentence"), blank=True)
    propaganda_time = models.CharField(_("propaganda time"), max_length=200, blank=True)
    signer_authority = models.CharField(_("signing authority"), max_length=100, blank=True)
    signer_capacity = models.CharField(_("signing capacity"), max_length=100, blank=True)
    signer_title = models.CharField(_("signer's title"), max_length=100, blank=True)
    signer_name = models.CharField(_("signer's name"), max_length=150, blank=True)
    copied_from = models.ForeignKey(
        "self", verbose_name=_("copied from"), null=True, blank=True, on_delete=models.SET_NULL, related_name="copies"
    )
    # A copy into the next phase holds the texts of the plan it was copied from, which no one wrote for its
    # years: it stays a draft copy, and every page and document showing it says so, until an officer has
    # edited it and confirms it (``campaigns.services.plan_confirm``).
    is_draft_copy = models.BooleanField(
        _("draft copy"),
        default=False,
        help_text=_("Copied from an earlier phase and not yet confirmed: its texts are still those of that phase."),
    )
    confirmed_at = models.DateTimeField(_("confirmed at"), null=True, blank=True)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("confirmed by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("plan")
        verbose_name_plural = _("plans")
        ordering = ["-start_year", "code"]
        constraints = [
            models.CheckConstraint(condition=Q(end_year__gte=F("start_year")), name="plan_end_after_start"),
        ]

    def __str__(self):
        return self.title

    @property
    def phase(self):
        return f"{self.start_year}-{self.end_year}"

    @property
    def phase_label(self):
        """The phase as prose writes it: "2021–2025"."""
        return f"{self.start_year}–{self.end_year}"


class LegalBasis(models.Model):
    plan = models.ForeignKey(Plan, verbose_name=_("plan"), on_delete=models.CASCADE, related_name="legal_bases")
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    kind = models.CharField(_("document kind"), max_length=100)
    number = models.CharField(_("number"), max_length=60)
    date = models.DateField(_("date"))
    issuer = models.CharField(_("issuer"), max_length=200)
    summary = models.TextField(_("summary"), blank=True)

    class Meta:
        verbose_name = _("legal basis")
        verbose_name_plural = _("legal bases")
        ordering = ["plan", "order"]

    def __str__(self):
        return f"{self.kind} số {self.number}"


class Objective(models.Model):
    """One purpose or requirement of section I of the plan."""

    class Kind(models.TextChoices):
        PURPOSE = "purpose", _("Purpose")
        REQUIREMENT = "requirement", _("Requirement")

    plan = models.ForeignKey(Plan, verbose_name=_("plan"), on_delete=models.CASCADE, related_name="objectives")
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    text = models.TextField(_("text"))

    class Meta:
        verbose_name = _("purpose or requirement")
        verbose_name_plural = _("purposes and requirements")
        ordering = ["plan", "kind", "order"]

    def __str__(self):
        return self.text[:80]


class Recipient(models.Model):
    """A line of "Nơi nhận"."""

    plan = models.ForeignKey(Plan, verbose_name=_("plan"), on_delete=models.CASCADE, related_name="recipients")
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    text = models.CharField(_("recipient"), max_length=255)

    class Meta:
        verbose_name = _("recipient")
        verbose_name_plural = _("recipients")
        ordering = ["plan", "order"]

    def __str__(self):
        return self.text


class LocalisedLabelMixin:
    """``label`` is the Vietnamese short name, or the English one in the English interface."""

    @property
    def label(self):
        if (get_language() or "vi").startswith("en") and self.short_name_en:
            return self.short_name_en
        return self.short_name


class PlanSection(LocalisedLabelMixin, models.Model):
    """What a content theme (section II.1) and a channel (section II.2) share: a coded,
    ordered item of the plan with a short name and its full text."""

    plan = models.ForeignKey(Plan, verbose_name=_("plan"), on_delete=models.CASCADE, related_name="%(class)ss")
    code = models.CharField(_("code"), max_length=20)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    short_name = models.CharField(_("short name"), max_length=200)
    short_name_en = models.CharField(_("short name (English)"), max_length=200, blank=True)
    text = models.TextField(_("text"))

    class Meta:
        abstract = True
        ordering = ["plan", "order"]
        constraints = [models.UniqueConstraint(fields=["plan", "code"], name="%(class)s_code_unique_in_plan")]

    def __str__(self):
        return f"{self.code}. {self.short_name}"


class Theme(PlanSection):
    """A content theme of section II.1."""

    class Meta(PlanSection.Meta):
        verbose_name = _("content theme")
        verbose_name_plural = _("content themes")


class Channel(PlanSection):
    """A channel (form of propaganda) of section II.2."""

    class Meta(PlanSection.Meta):
        verbose_name = _("channel")
        verbose_name_plural = _("channels")


class MetricQuerySet(models.QuerySet):
    def primary(self):
        """Each channel's primary metric: ``Metric.primary_ids``'s rule, in SQL (a subquery, no query of its own)."""
        first = Metric.objects.filter(channel_id=OuterRef("channel_id")).order_by(*Metric.CHANNEL_ORDER)
        return self.filter(pk=Subquery(first.values("pk")[:1]))


class Metric(models.Model):
    """What is counted on a channel: articles, broadcasts, airtime minutes…

    A channel's first metric (by ``order``, then id) is its *primary* metric: it counts the channel's products
    or activities (news items and articles, programmes, posts, sessions), the one count the province report
    may add up across channels (its "items"). Figures in other units (airtime minutes, attendances) never
    are. ``primary_ids`` (rows at hand) and ``objects.primary()`` (SQL) are that one rule.
    """

    CHANNEL_ORDER = ("order", "pk")  # a channel's metrics in order: the first is primary

    channel = models.ForeignKey(Channel, verbose_name=_("channel"), on_delete=models.CASCADE, related_name="metrics")
    code = models.CharField(_("code"), max_length=40)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    name = models.CharField(_("name"), max_length=200)
    name_en = models.CharField(_("name (English)"), max_length=200, blank=True)
    unit = models.CharField(_("unit"), max_length=50)

    objects = MetricQuerySet.as_manager()

    class Meta:
        verbose_name = _("metric")
        verbose_name_plural = _("metrics")
        ordering = ["channel", "order"]
        constraints = [models.UniqueConstraint(fields=["channel", "code"], name="metric_code_unique_in_channel")]

    def __str__(self):
        return self.name

    @staticmethod
    def primary_ids(metrics):
        """The ids of the primary metrics among ``metrics``: anything with ``pk``, ``channel_id`` and ``order``
        (metrics, or the rows of a raw query), every metric of each channel among them, in any order."""
        first = {}
        for metric in metrics:
            rank = (metric.order, metric.pk)  # CHANNEL_ORDER
            if first.get(metric.channel_id, rank) >= rank:
                first[metric.channel_id] = rank
        return frozenset(pk for _order, pk in first.values())

    @property
    def label(self):
        if (get_language() or "vi").startswith("en") and self.name_en:
            return self.name_en
        return self.name


class Movement(models.Model):
    """An emulation movement (phong trào thi đua) a plan names."""

    class Kind(models.TextChoices):
        # Law on Emulation and Commendation 06/2022/QH15, Art. 16.
        REGULAR = "regular", _("Regular")
        THEMATIC = "thematic", _("Thematic")

    code = models.SlugField(_("code"), max_length=60, unique=True)
    name = models.CharField(_("name"), max_length=300)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.THEMATIC)
    launched_on = models.DateField(_("launched on"), null=True, blank=True)
    ends_on = models.DateField(_("ends on"), null=True, blank=True)
    description = models.TextField(_("description"), blank=True)
    plans = models.ManyToManyField(Plan, verbose_name=_("plans"), blank=True, related_name="movements")

    class Meta:
        verbose_name = _("emulation movement")
        verbose_name_plural = _("emulation movements")
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(launched_on__isnull=True) | Q(ends_on__gte=F("launched_on")),
                name="movement_ends_after_launch",
            ),
        ]

    def __str__(self):
        return self.name


class Occasion(models.Model):
    """An occasion (dịp) a plan names: an anniversary or a day whose propaganda is counted on its own.

    ``starts_on`` is the day (a range with ``ends_on``); a ``recurring`` occasion comes back every year on the
    same day and month (Ngày thi đua ái quốc, 11/6). ``basis`` says where the date comes from, as found.
    """

    code = models.SlugField(_("code"), max_length=60, unique=True)
    name = models.CharField(_("name"), max_length=300)
    starts_on = models.DateField(_("date"), help_text=_("The day, or the first day of a range."))
    ends_on = models.DateField(_("last day"), null=True, blank=True, help_text=_("Only for a range of days."))
    recurring = models.BooleanField(_("every year"), default=False, help_text=_("Comes back every year on that day."))
    movement = models.ForeignKey(
        Movement,
        verbose_name=_("emulation movement"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="occasions",
    )
    basis = models.TextField(_("basis and source"), blank=True)
    plans = models.ManyToManyField(Plan, verbose_name=_("plans"), blank=True, related_name="occasions")

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("occasion")
        verbose_name_plural = _("occasions")
        ordering = ["starts_on", "name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gte=F("starts_on")), name="occasion_ends_after_start"
            ),
        ]

    def __str__(self):
        return self.name

    def falls_in(self, start, end) -> bool:
        """Whether the occasion (a recurring one: any year's) has a day between ``start`` and ``end``."""
        last = self.ends_on or self.starts_on
        if not self.recurring:
            return self.starts_on <= end and start <= last
        # From the year before: a range over the new year (20/12 → 05/01) reaches into ``start``'s year.
        for year in range(start.year - 1, end.year + 1):
            try:
                first_day = self.starts_on.replace(year=year)
                last_day = last.replace(year=year + (last.year - self.starts_on.year))
            except ValueError:  # 29/2 in a common year
                continue
            if first_day <= end and start <= last_day:
                return True
        return False


class DutyGroup(models.Model):
    """A numbered part of section III: who is responsible, and their duties."""

    plan = models.ForeignKey(Plan, verbose_name=_("plan"), on_delete=models.CASCADE, related_name="duty_groups")
    code = models.CharField(_("code"), max_length=20)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    responsible = models.CharField(_("responsible"), max_length=300)
    responsible_agencies = models.ManyToManyField(
        Agency, verbose_name=_("responsible agencies"), blank=True, related_name="responsible_duty_groups"
    )
    # A group named by a class of agencies ("all departments, unions and
    # district People's Committees") lists the agency kinds, so that a new
    # agency of that kind has the duties without editing the plan.
    responsible_kinds = models.JSONField(_("responsible agency kinds"), default=list, blank=True)

    class Meta:
        verbose_name = _("duty group")
        verbose_name_plural = _("duty groups")
        ordering = ["plan", "order"]
        constraints = [models.UniqueConstraint(fields=["plan", "code"], name="duty_group_code_unique_in_plan")]

    def __str__(self):
        return f"{self.code} {self.responsible}"


class Duty(models.Model):
    group = models.ForeignKey(DutyGroup, verbose_name=_("duty group"), on_delete=models.CASCADE, related_name="duties")
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    text = models.TextField(_("text"))
    coordinating_agencies = models.ManyToManyField(
        Agency, verbose_name=_("coordinating agencies"), blank=True, related_name="coordinated_duties"
    )

    class Meta:
        verbose_name = _("duty")
        verbose_name_plural = _("duties")
        ordering = ["group", "order"]

    def __str__(self):
        return self.text[:80]
