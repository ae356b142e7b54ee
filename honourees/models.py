"""The people and models the plan wants found, honoured and spread.

An ``Honouree`` moves proposed → verified → published (or rejected; the
officer may ask for more information, which sends it back to the proposing
agency). Every step is a service in ``honourees.services`` that writes an
``HonoureeEvent``; field changes are kept by django-simple-history.

Private fields (date of birth, phone, ID number) live on the model but the
portal never loads them: its selectors read only ``Honouree.PUBLIC_FIELDS``, and the
tests search the rendered HTML for the private values.
"""

import secrets

from django.conf import settings
from django.core.validators import RegexValidator
from django.db import IntegrityError, models, transaction
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core.text import fold, search_words, whole_word
from core.text import slug as ascii_slug


class EthnicGroup(models.Model):
    """One of Vietnam's 54 ethnic groups (official list), loaded from ``honourees/data/ethnic-groups.yaml``."""

    code = models.CharField(_("code"), max_length=10, unique=True)
    name = models.CharField(_("name"), max_length=100, unique=True)
    other_names = models.CharField(_("other names"), max_length=300, blank=True)
    in_province = models.BooleanField(_("lives in Lào Cai"), default=False)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("ethnic group")
        verbose_name_plural = _("ethnic groups")
        ordering = ["-in_province", "order", "name"]

    def __str__(self):
        return self.name


class HonoureeQuerySet(models.QuerySet):
    def published(self):
        return self.filter(status=Honouree.Status.PUBLISHED)

    def for_agency(self, agency_id):
        return self.filter(proposing_agency_id=agency_id)

    def search(self, text):
        """Every word of ``text``, folded, is a whole word of the folded search column, as on the portal: "giang
        thi dung" finds "Giàng Thị Dung"; "thi" finds "Thị", never "Thiết" (``core.text.search_words``)."""
        return self.filter(*(Q(search_text__regex=whole_word(word)) for word in search_words(text)))

    def in_district(self, unit):
        """Honourees of a district-level unit or of one of its communes."""
        return self.filter(Q(unit=unit) | Q(unit__parent=unit))


class Honouree(models.Model):
    class Kind(models.TextChoices):
        INDIVIDUAL = "individual", _("Individual")
        COLLECTIVE = "collective", _("Collective")

    class Category(models.TextChoices):
        ADVANCED = "advanced", _("Advanced exemplar")
        GOOD_DEED = "good_deed", _("Good person, good deed")
        NEW_MODEL = "new_model", _("New model")
        NEW_FACTOR = "new_factor", _("New factor")

    class Field(models.TextChoices):
        ECONOMY = "economy", _("Economy and production")
        AGRICULTURE = "agriculture", _("Agriculture and new rural areas")
        POVERTY = "poverty", _("Poverty reduction and social security")
        EDUCATION = "education", _("Education and training")
        HEALTH = "health", _("Health")
        CULTURE = "culture", _("Culture, sport and tourism")
        SECURITY = "security", _("Defence and security")
        ADMINISTRATION = "administration", _("Public administration")
        SCIENCE = "science", _("Science, technology and digital transformation")
        ENVIRONMENT = "environment", _("Environment and natural resources")
        COMMUNITY = "community", _("Community and mass organisations")
        OTHER = "other", _("Other")

    class Status(models.TextChoices):
        PROPOSED = "proposed", _("Proposed")
        NEEDS_INFO = "needs_info", _("More information requested")
        VERIFIED = "verified", _("Verified")
        PUBLISHED = "published", _("Published")
        REJECTED = "rejected", _("Rejected")

    kind = models.CharField(_("individual or collective"), max_length=20, choices=Kind.choices, default=Kind.INDIVIDUAL)
    category = models.CharField(_("category"), max_length=20, choices=Category.choices)
    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("address on the portal"), max_length=220, unique=True, editable=False)
    ethnic_group = models.ForeignKey(
        EthnicGroup,
        verbose_name=_("ethnic group"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="honourees",
    )
    position = models.CharField(_("position or occupation"), max_length=200, blank=True)
    workplace = models.CharField(_("agency, organisation or place"), max_length=255, blank=True)
    unit = models.ForeignKey(
        "agencies.AdministrativeUnit",
        verbose_name=_("administrative unit"),
        on_delete=models.PROTECT,
        related_name="honourees",
    )
    field = models.CharField(_("field"), max_length=20, choices=Field.choices, default=Field.OTHER)
    movement = models.ForeignKey(
        "campaigns.Movement",
        verbose_name=_("emulation movement"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="honourees",
    )
    summary = models.CharField(_("summary"), max_length=300, blank=True)
    story = models.TextField(_("achievement story"))
    evidence = models.TextField(
        _("evidence"), blank=True, help_text=_("Links to articles, decisions or documents that show the achievement.")
    )
    photo = models.ImageField(_("photo"), upload_to="honourees/photos/", blank=True)
    consent_to_publish = models.BooleanField(
        _("consents to publication"),
        default=False,
        help_text=_("The person (or the collective's head) agreed to be introduced on the public portal."),
    )

    # PRIVATE_FIELDS: never public, not on the portal, not in exports for leadership.
    date_of_birth = models.DateField(_("date of birth"), null=True, blank=True)
    phone = models.CharField(
        _("phone"),
        max_length=30,
        blank=True,
        validators=[
            RegexValidator(r"^\+?[0-9][0-9 .-]{7,18}[0-9]$", _("Enter a phone number: digits, spaces, dots or dashes."))
        ],
    )
    id_number = models.CharField(
        _("ID number"),
        max_length=30,
        blank=True,
        validators=[RegexValidator(r"^([0-9]{9}|[0-9]{12})$", _("An ID number has 9 or 12 digits."))],
    )

    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.PROPOSED)
    status_reason = models.TextField(_("reason of the last decision"), blank=True)
    proposing_agency = models.ForeignKey(
        "agencies.Agency",
        verbose_name=_("proposing agency"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="proposed_honourees",
    )
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("proposed by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)

    search_text = models.CharField(max_length=1000, editable=False, default="", db_index=True)
    name_folded = models.CharField(max_length=200, editable=False, default="", db_index=True)

    history = HistoricalRecords(excluded_fields=["search_text", "name_folded", "updated_at"])
    objects = HonoureeQuerySet.as_manager()

    # Every field is in one of these three lists (a test checks it), so a new
    # field cannot reach a page before someone decides who may read it.
    # What the portal may read; nothing else.
    PUBLIC_FIELDS = (
        "id",
        "kind",
        "category",
        "name",
        "slug",
        "ethnic_group",
        "position",
        "workplace",
        "unit",
        "field",
        "movement",
        "summary",
        "story",
        "photo",
        "status",
        "published_at",
    )
    # Only the officer and the proposing agency: not on the portal, not in exports for leadership.
    PRIVATE_FIELDS = ("date_of_birth", "phone", "id_number")
    # Neither published nor personal: the proposal's and the flow's, for staff.
    STAFF_FIELDS = (
        "evidence",
        "consent_to_publish",
        "status_reason",
        "proposing_agency",
        "proposed_by",
        "created_at",
        "updated_at",
        "search_text",
        "name_folded",
    )

    class Meta:
        verbose_name = _("honouree")
        verbose_name_plural = _("honourees")
        ordering = ["name", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status="published") | Q(consent_to_publish=True),
                name="honouree_published_needs_consent",
            ),
        ]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        self.name_folded = fold(self.name)
        self.search_text = self.build_search_text()
        update_fields = kwargs.get("update_fields")
        if update_fields is not None:
            kwargs["update_fields"] = {*update_fields, "search_text", "name_folded"}
        if self.slug:
            super().save(*args, **kwargs)
            return
        # The portal address is made once, from the name, and kept when the name changes.
        self.slug = self._unique_slug()
        try:
            with transaction.atomic():
                super().save(*args, **kwargs)
        except IntegrityError:
            # Two people proposed the same name at the same moment: the second gets a suffix.
            self.slug = f"{self.slug}-{secrets.token_hex(2)}"
            super().save(*args, **kwargs)

    def clean(self):
        from django.core.exceptions import ValidationError

        if self.status == self.Status.PUBLISHED and not self.consent_to_publish:
            raise ValidationError(
                {"consent_to_publish": _("Only an honouree who consented to publication can be published.")}
            )

    def build_search_text(self):
        """What staff search matches: names, place, position, ethnic group (with its other names), movement."""
        parts = [self.name, self.position, self.workplace, self.summary]
        if self.unit_id:
            parts.append(self.unit.name)
        if self.ethnic_group_id:
            parts += [self.ethnic_group.name, self.ethnic_group.other_names]
        if self.movement_id:
            parts.append(self.movement.name)
        return fold(" ".join(p for p in parts if p))[:1000]

    def _unique_slug(self):
        base = ascii_slug(self.name)[:200] or "dien-hinh"
        taken = set(Honouree.objects.filter(slug__startswith=base).values_list("slug", flat=True))
        candidate, n = base, 1
        while candidate in taken:
            n += 1
            candidate = f"{base}-{n}"
        return candidate

    @property
    def is_public(self):
        return self.status == self.Status.PUBLISHED


class HonoureeEvent(models.Model):
    """One step of the flow: who did it, when, from which status to which, and why."""

    class Action(models.TextChoices):
        PROPOSE = "propose", _("Proposed")
        EDIT = "edit", _("Edited")
        RESUBMIT = "resubmit", _("Resubmitted with more information")
        REQUEST_INFO = "request_info", _("Asked for more information")
        VERIFY = "verify", _("Verified")
        REJECT = "reject", _("Rejected")
        PUBLISH = "publish", _("Published")
        UNPUBLISH = "unpublish", _("Unpublished")
        COMMEND = "commend", _("Commendation recorded")
        IMPORT = "import", _("Imported")
        NURTURE = "nurture", _("Support recorded")
        REPLICATE = "replicate", _("Replication recorded")
        DISPATCH = "dispatch", _("Sent to a portal")

    honouree = models.ForeignKey(Honouree, verbose_name=_("honouree"), on_delete=models.CASCADE, related_name="events")
    action = models.CharField(_("action"), max_length=20, choices=Action.choices)
    from_status = models.CharField(_("from"), max_length=20, choices=Honouree.Status.choices, blank=True)
    to_status = models.CharField(_("to"), max_length=20, choices=Honouree.Status.choices, blank=True)
    reason = models.TextField(_("reason"), blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("by"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    at = models.DateTimeField(_("at"), auto_now_add=True)

    class Meta:
        verbose_name = _("step")
        verbose_name_plural = _("steps")
        ordering = ["honouree", "at", "pk"]

    def __str__(self):
        return f"{self.honouree} · {self.get_action_display()}"


class Commendation(models.Model):
    """An award (Law on Emulation and Commendation 06/2022/QH15) with its decision."""

    class Form(models.TextChoices):
        ORDER = "order", _("Order (Huân chương)")
        MEDAL = "medal", _("Medal (Huy chương)")
        HONORARY_TITLE = "honorary_title", _("State honorary title")
        PM_CERTIFICATE = "pm_certificate", _("Certificate of merit of the Prime Minister")
        CERTIFICATE = "certificate", _("Certificate of merit (Bằng khen)")
        COMMENDATION_LETTER = "letter", _("Commendation letter (Giấy khen)")
        EMULATION_FLAG = "flag", _("Emulation flag (Cờ thi đua)")
        FIGHTER_NATIONAL = "fighter_national", _("National emulation fighter")
        FIGHTER_PROVINCE = "fighter_province", _("Provincial emulation fighter")
        FIGHTER_BASE = "fighter_base", _("Grassroots emulation fighter")
        ADVANCED_WORKER = "advanced_worker", _("Advanced worker")
        EXCELLENT_COLLECTIVE = "excellent_collective", _("Excellent labour collective")
        ADVANCED_COLLECTIVE = "advanced_collective", _("Advanced labour collective")
        OTHER = "other", _("Other")

    honouree = models.ForeignKey(
        Honouree, verbose_name=_("honouree"), on_delete=models.CASCADE, related_name="commendations"
    )
    form = models.CharField(_("form"), max_length=30, choices=Form.choices)
    achievement = models.CharField(
        _("for the achievement"), max_length=500, help_text=_("What the award recognises, as in the decision.")
    )
    decision_number = models.CharField(_("decision number"), max_length=60)
    decision_date = models.DateField(_("decision date"))
    issuing_authority = models.CharField(_("issuing authority"), max_length=255)
    achievement_folded = models.CharField(max_length=500, editable=False, default="")
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    history = HistoricalRecords(excluded_fields=["achievement_folded"])

    class Meta:
        verbose_name = _("commendation")
        verbose_name_plural = _("commendations")
        ordering = ["honouree", "-decision_date", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["honouree", "form", "decision_number"], name="commendation_once_per_decision"
            ),
        ]

    def __str__(self):
        return f"{self.get_form_display()} · {self.decision_number}"

    def save(self, *args, **kwargs):
        self.achievement_folded = fold(self.achievement)
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], "achievement_folded"}
        super().save(*args, **kwargs)


class HonoureeCoverage(models.Model):
    """An activity report introduced or covered an honouree, on one channel.

    It lives here because honourees build on reports (never the reverse): the
    compiled report reads it through ``report.honouree_coverages``.
    """

    honouree = models.ForeignKey(
        Honouree, verbose_name=_("honouree"), on_delete=models.PROTECT, related_name="coverages"
    )
    report = models.ForeignKey(
        "reports.ActivityReport",
        verbose_name=_("activity report"),
        on_delete=models.CASCADE,
        related_name="honouree_coverages",
    )
    channel = models.ForeignKey(
        "campaigns.Channel", verbose_name=_("channel"), on_delete=models.PROTECT, related_name="honouree_coverages"
    )
    note = models.CharField(_("what was published"), max_length=300, blank=True)
    link = models.URLField(_("link"), max_length=500, blank=True)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("added by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("added at"), auto_now_add=True)

    class Meta:
        verbose_name = _("coverage in a report")
        verbose_name_plural = _("coverage in reports")
        ordering = ["report", "honouree", "channel"]
        constraints = [
            models.UniqueConstraint(
                fields=["report", "honouree", "channel"], name="coverage_once_per_report_honouree_channel"
            ),
        ]

    def __str__(self):
        return f"{self.honouree} · {self.channel}"


class PipelineRecord(models.Model):
    """What every record of the pipeline after the proposal keeps: who recorded it, for which agency, when."""

    recording_agency = models.ForeignKey(
        "agencies.Agency",
        verbose_name=_("recorded by the agency"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    class Meta:
        abstract = True


class NurtureAction(PipelineRecord):
    """Bồi dưỡng: one support given to a proposed or recognised exemplar — who gave it, what, when.

    The plan asks that exemplars be "phát hiện, bồi dưỡng, biểu dương, khen thưởng, nhân rộng"; this is the
    second step, logged by the proposing agency or the Dept. of Home Affairs (``access.can_record_nurture``).
    """

    class Kind(models.TextChoices):
        TRAINING = "training", _("Training or coaching")
        MATERIAL = "material", _("Funding, loans or materials")
        MENTORING = "mentoring", _("Visit and technical advice")
        CONNECTION = "connection", _("Connection with partners or markets")
        PUBLICITY = "publicity", _("Help to present the model")
        OTHER = "other", _("Other support")

    honouree = models.ForeignKey(
        Honouree, verbose_name=_("honouree"), on_delete=models.CASCADE, related_name="nurture_actions"
    )
    kind = models.CharField(_("kind of support"), max_length=20, choices=Kind.choices)
    description = models.TextField(_("what was done"), max_length=2000)
    supporter = models.CharField(
        _("given by"), max_length=255, help_text=_("The agency, organisation or person who gave the support.")
    )
    done_on = models.DateField(_("date"))

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("support action")
        verbose_name_plural = _("support actions")
        ordering = ["honouree", "done_on", "pk"]

    def __str__(self):
        return f"{self.honouree} · {self.get_kind_display()}"


class Replication(PipelineRecord):
    """Nhân rộng: another unit adopting the model, where, since when and how many it reaches."""

    class CoverageKind(models.TextChoices):
        HOUSEHOLDS = "households", _("households")
        PEOPLE = "people", _("people")
        MEMBERS = "members", _("members")
        COLLECTIVES = "collectives", _("collectives or organisations")
        VILLAGES = "villages", _("villages or residential groups")

    honouree = models.ForeignKey(
        Honouree, verbose_name=_("model"), on_delete=models.CASCADE, related_name="replications"
    )
    adopter = models.CharField(
        _("adopting unit"), max_length=255, help_text=_("The collective, organisation or village that took it up.")
    )
    unit = models.ForeignKey(
        "agencies.AdministrativeUnit",
        verbose_name=_("administrative unit"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    started_on = models.DateField(_("adopted on"))
    coverage = models.PositiveIntegerField(_("reach"), help_text=_("How many it reaches, counted in the unit below."))
    coverage_kind = models.CharField(_("counted in"), max_length=20, choices=CoverageKind.choices)
    note = models.TextField(_("how it was adopted"), max_length=2000, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("replication")
        verbose_name_plural = _("replications")
        ordering = ["honouree", "started_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(coverage__gt=0),
                name="replication_coverage_positive",
                violation_error_message=_("The reach must be a whole number above zero."),
            ),
            models.UniqueConstraint(
                fields=["honouree", "adopter", "unit"],
                name="replication_once_per_adopter",
                violation_error_message=_("This unit is already recorded as adopting the model."),
            ),
        ]

    def __str__(self):
        return f"{self.honouree} → {self.adopter}"


class PortalDispatch(PipelineRecord):
    """When an exemplar was sent to (or introduced on) which portal: the Dept. of Home Affairs' duty."""

    class Destination(models.TextChoices):
        PROVINCE_COUNCIL = "province_council", _("Portal of the provincial emulation and commendation council")
        CENTRAL_BOARD = "central_board", _("Portal of the Central Emulation and Commendation Board")
        OTHER = "other", _("Other")

    honouree = models.ForeignKey(
        Honouree, verbose_name=_("honouree"), on_delete=models.CASCADE, related_name="dispatches"
    )
    destination = models.CharField(_("sent to"), max_length=30, choices=Destination.choices)
    destination_other = models.CharField(
        _("other destination"), max_length=255, blank=True, help_text=_("Its name, when “Other” is chosen.")
    )
    sent_on = models.DateField(_("sent on"))
    link = models.URLField(_("link where it appeared"), max_length=500, blank=True)
    note = models.CharField(_("note"), max_length=500, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("introduction on a portal")
        verbose_name_plural = _("introductions on portals")
        ordering = ["honouree", "sent_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(destination="other") | ~Q(destination_other=""),
                name="dispatch_other_is_named",
                violation_error_message=_("Name the portal it was sent to."),
            ),
        ]

    def __str__(self):
        return f"{self.honouree} · {self.destination_label}"

    @property
    def destination_label(self):
        if self.destination == self.Destination.OTHER:
            return self.destination_other
        return self.get_destination_display()
