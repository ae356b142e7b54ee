"""Who does the work: administrative units, agencies and their users."""

import datetime

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.text import fold


class AdministrativeUnitQuerySet(models.QuerySet):
    def search(self, text):
        """The units whose name or code holds ``text``, without diacritics or case ("mu cang chai" finds "Xã Mù
        Cang Chải"). A province has a few hundred units: folded here (two queries), not stored."""
        folded = fold(text)
        if not folded:
            return self
        rows = self.order_by().values_list("pk", "name", "code")
        return self.filter(pk__in=[pk for pk, name, code in rows if folded in fold(f"{name} {code}")])

    def local_during(self, first, last):
        """The province and the local units (``AdministrativeUnit.local_level``) of the days ``first`` to
        ``last``, valid some day of them, the province first, then by name: district-level units up to
        30/06/2025, commune-level units from 01/07/2025, both for a window across that day."""
        levels = {self.model.local_level(first), self.model.local_level(last)}
        valid = (Q(valid_from__isnull=True) | Q(valid_from__lte=last)) & (
            Q(valid_until__isnull=True) | Q(valid_until__gte=first)
        )
        return self.filter(valid, level__in=[self.model.Level.PROVINCE, *levels]).order_by("-level", "name")


class AdministrativeUnit(models.Model):
    class Level(models.TextChoices):
        PROVINCE = "province", _("Province")
        DISTRICT = "district", _("District level")
        COMMUNE = "commune", _("Commune level")

    # The level below the province whose People's Committees carry the plan's local duties: the districts
    # until 30/06/2025, the commune-level units from 01/07/2025, when the district level ended and the new
    # communes started work (Nghị quyết số 1673/NQ-UBTVQH15 ngày 16/6/2025, Điều 2; Nghị quyết số
    # 202/2025/QH15 ngày 12/6/2025: agencies/data/SOURCES.md, sources 1 and 9).
    COMMUNE_LEVEL_FROM = datetime.date(2025, 7, 1)

    code = models.CharField(_("code"), max_length=20, unique=True)
    name = models.CharField(_("name"), max_length=200)
    level = models.CharField(_("level"), max_length=20, choices=Level.choices)
    parent = models.ForeignKey(
        "self", verbose_name=_("parent unit"), null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    # The district level was abolished on 1 July 2025: units carry their
    # validity so that reports from before stay comparable.
    valid_from = models.DateField(_("valid from"), null=True, blank=True)
    valid_until = models.DateField(_("valid until"), null=True, blank=True)
    # The units it was formed from, e.g. a commune-level unit of 1/7/2025 formed from parts of
    # former districts (the data file's ``formed_from``).
    predecessors = models.ManyToManyField(
        "self", verbose_name=_("formed from"), symmetrical=False, blank=True, related_name="successors"
    )

    objects = AdministrativeUnitQuerySet.as_manager()

    class Meta:
        verbose_name = _("administrative unit")
        verbose_name_plural = _("administrative units")
        ordering = ["level", "code"]
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_until__isnull=True)
                | Q(valid_from__isnull=True)
                | Q(valid_until__gte=models.F("valid_from")),
                name="unit_valid_until_after_from",
            ),
        ]

    def __str__(self):
        return self.name

    @classmethod
    def local_level(cls, day):
        """The local level on ``day``: ``Level.DISTRICT`` before ``COMMUNE_LEVEL_FROM``, ``Level.COMMUNE`` from it."""
        return cls.Level.COMMUNE if day >= cls.COMMUNE_LEVEL_FROM else cls.Level.DISTRICT

    def is_valid_on(self, day):
        return (self.valid_from is None or self.valid_from <= day) and (
            self.valid_until is None or day <= self.valid_until
        )


class EmulationBloc(models.Model):
    """A khối thi đua: agencies grouped to emulate each other."""

    code = models.CharField(_("code"), max_length=30, unique=True)
    name = models.CharField(_("name"), max_length=200)

    class Meta:
        verbose_name = _("emulation bloc")
        verbose_name_plural = _("emulation blocs")
        ordering = ["name"]

    def __str__(self):
        return self.name


class AgencyQuerySet(models.QuerySet):
    def active_during(self, start, end):
        """Agencies active on some day from ``start`` to ``end`` (both included); ``Agency.is_active_during`` in SQL."""
        return self.filter(Q(active_from__isnull=True) | Q(active_from__lte=end)).filter(
            Q(active_until__isnull=True) | Q(active_until__gte=start)
        )

    def active_on(self, day):
        return self.active_during(day, day)

    def active(self):
        return self.active_on(timezone.localdate())

    def reporting(self):
        return self.filter(must_report=True)

    def search(self, text):
        folded = fold(text)
        return self.filter(search_text__contains=folded) if folded else self


class Agency(models.Model):
    class Kind(models.TextChoices):
        IC_DEPARTMENT = "ic_department", _("Information and communications department")
        HOME_AFFAIRS = "home_affairs", _("Home affairs department")
        DEPARTMENT = "department", _("Other department")
        UNION = "union", _("Union or mass organisation")
        DISTRICT_COMMITTEE = "district_committee", _("District People's Committee")
        COMMUNE_COMMITTEE = "commune_committee", _("Commune People's Committee")
        PRESS = "press", _("Press agency")
        ENTERPRISE = "enterprise", _("Enterprise")
        SCHOOL = "school", _("School")
        CENTRAL = "central", _("Central body")

    class Frequency(models.TextChoices):
        MONTHLY = "month", _("Monthly")
        QUARTERLY = "quarter", _("Quarterly")

    code = models.CharField(_("code"), max_length=30, unique=True)
    name = models.CharField(_("name"), max_length=255)
    short_name = models.CharField(_("short name"), max_length=100)
    kind = models.CharField(_("kind"), max_length=30, choices=Kind.choices)
    unit = models.ForeignKey(
        AdministrativeUnit, verbose_name=_("administrative unit"), on_delete=models.PROTECT, related_name="agencies"
    )
    bloc = models.ForeignKey(
        EmulationBloc,
        verbose_name=_("emulation bloc"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="agencies",
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent agency"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    must_report = models.BooleanField(_("must report"), default=True)
    report_frequency = models.CharField(
        _("reporting frequency"), max_length=10, choices=Frequency.choices, default=Frequency.QUARTERLY
    )
    head_approval_required = models.BooleanField(
        _("head approves before submission"),
        default=False,
        help_text=_("When set, the agency head approves each report before it goes to the province."),
    )
    email = models.EmailField(_("e-mail"), blank=True)
    active_from = models.DateField(_("active from"), null=True, blank=True)
    active_until = models.DateField(_("active until"), null=True, blank=True)
    search_text = models.CharField(max_length=600, editable=False, db_index=True, default="")

    objects = AgencyQuerySet.as_manager()

    class Meta:
        verbose_name = _("agency")
        verbose_name_plural = _("agencies")
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(active_until__isnull=True)
                | Q(active_from__isnull=True)
                | Q(active_until__gte=models.F("active_from")),
                name="agency_active_until_after_from",
            ),
        ]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        self.search_text = fold(f"{self.name} {self.short_name} {self.code}")
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], "search_text"}
        super().save(*args, **kwargs)

    def is_active_during(self, start, end):
        """Whether the agency was active on some day from ``start`` to ``end`` (both included).

        Reads only ``active_from`` and ``active_until``, so rows of a raw query
        can borrow it (``is_active_during = Agency.is_active_during``).
        """
        return (self.active_from is None or self.active_from <= end) and (
            self.active_until is None or start <= self.active_until
        )

    def is_active_on(self, day):
        # Through the class, not ``self``: rows that borrow only this method still work.
        return Agency.is_active_during(self, day, day)

    # The two rules about a period (anything with ``start`` and ``end``), each written once:
    # an agency *may* report on any period it was active in (a department that merged on 1/3
    # still reports its January and February), and *owes* a report for a period only when it
    # exists at the period's end, when the report falls due. Windows (a year, a phase) count
    # what was owed period by period, never by these rules on the whole window.

    def may_report_for(self, period):
        return Agency.is_active_during(self, period.start, period.end)

    def owes_report_for(self, period):
        return bool(self.must_report) and Agency.is_active_on(self, period.end)


class User(AbstractUser):
    """A user of one agency; what they may do comes from their role groups."""

    full_name = models.CharField(_("full name"), max_length=150, blank=True)
    agency = models.ForeignKey(
        Agency, verbose_name=_("agency"), null=True, blank=True, on_delete=models.PROTECT, related_name="users"
    )
    position = models.CharField(_("position"), max_length=150, blank=True)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    # Agencies the user also works for besides ``agency``: the successor of an ended agency, granted by the
    # administrator so that its staff work for the successor and can still finish the ended agency's last
    # report (``services.users_grant_successor``; ``access.same_agency``).
    acts_for = models.ManyToManyField(
        Agency,
        verbose_name=_("also acts for"),
        blank=True,
        related_name="acting_users",
        help_text=_("Agencies this user also works for, besides their own (e.g. the successor of an ended agency)."),
    )

    class Meta(AbstractUser.Meta):
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def get_full_name(self):
        return self.full_name or super().get_full_name() or self.username

    def __str__(self):
        return self.get_full_name()


class Succession(models.Model):
    """An agency passing on to another from a date: one row per (predecessor, successor).

    A merger of several agencies into one is several rows of kind ``merge``; a split of one into
    several is several rows of kind ``split``, one of them ``main`` (the successor the predecessor's
    history rolls up into and its users move to). Mergers, renamings and splits end the predecessor:
    its ``active_until`` is the day before ``effective``. A transfer passes one function and ends
    nothing. ``agencies.successions`` reads these rows as a graph and checks them.
    """

    class Kind(models.TextChoices):
        MERGE = "merge", _("Merger")
        SPLIT = "split", _("Split")
        RENAME = "rename", _("Renaming")
        TRANSFER = "transfer", _("Transfer of a function")

    # The kinds that end the predecessor; a transfer passes one function and ends nothing.
    ENDING_KINDS = (Kind.MERGE, Kind.SPLIT, Kind.RENAME)

    predecessor = models.ForeignKey(
        Agency, verbose_name=_("predecessor"), on_delete=models.PROTECT, related_name="successions"
    )
    successor = models.ForeignKey(
        Agency, verbose_name=_("successor"), on_delete=models.PROTECT, related_name="predecessions"
    )
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    effective = models.DateField(_("effective from"))
    main = models.BooleanField(
        _("main successor"),
        default=False,
        help_text=_("For a split: the successor that carries the predecessor's history and receives its users."),
    )
    functions = models.TextField(
        _("functions passed on"), blank=True, help_text=_("Which duties or functions go to this successor.")
    )
    basis = models.CharField(
        _("legal basis"), max_length=500, blank=True, help_text=_("E.g. the resolution or decision and its date.")
    )
    note = models.TextField(_("note"), blank=True)

    class Meta:
        verbose_name = _("succession")
        verbose_name_plural = _("successions")
        ordering = ["effective", "predecessor__name", "successor__name"]
        constraints = [
            models.UniqueConstraint(fields=["predecessor", "successor"], name="succession_once_per_pair"),
            models.CheckConstraint(condition=~Q(predecessor=models.F("successor")), name="succession_not_to_itself"),
        ]

    def __str__(self):
        return f"{self.predecessor} → {self.successor} ({self.get_kind_display()})"
