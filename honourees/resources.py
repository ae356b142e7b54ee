"""XLSX import and export of the register (django-import-export).

``HonoureeResource`` and ``CommendationResource`` serve the Django admin of the
Dept. of Home Affairs (import with a preview, export). ``HonoureeSummaryResource``
is the export for leadership and reviewers: it has no private field at all.

Choices are written as their Vietnamese labels and read back from the label
or the code; related rows are named (unit, ethnic group, movement, proposing
agency) and matched without diacritics or case, so a sheet typed by hand
imports. The admin import reads the columns under the admin export's names
(``kind``) or under the staff export's headings, in Vietnamese or English, so
a register exported from the staff pages, edited and imported updates the
honourees it lists (by their number, its first column). Every model row is
validated (``clean_model_instances``); one bad row and nothing is saved.
"""

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from import_export import fields, resources, widgets

from agencies.models import AdministrativeUnit, Agency
from campaigns.models import Movement
from core.spreadsheet import looks_like_formula, neutralise
from core.text import fold

from .models import Commendation, EthnicGroup, Honouree, HonoureeEvent


def escape_formula(value):
    """Formula-like text (even after leading blanks) gets a leading apostrophe (``core.spreadsheet``)."""
    return neutralise(value)


class SafeExportMixin:
    """Text that would run as a formula in Excel is written as text."""

    def export_field(self, field, instance, **kwargs):
        return escape_formula(super().export_field(field, instance, **kwargs))


class ChoiceLabelWidget(widgets.Widget):
    """Exports a choice's label; imports its label or its code, ignoring diacritics and case."""

    def __init__(self, choices, **kwargs):
        self.choices = choices
        super().__init__(**kwargs)

    def clean(self, value, row=None, **kwargs):
        if value in (None, ""):
            return None
        wanted = fold(str(value))
        for code, label in self.choices:
            # A sheet may be typed in Vietnamese or in English, whatever the interface language.
            names = {fold(code)}
            for language, _name in settings.LANGUAGES:
                with translation.override(language):
                    names.add(fold(str(label)))
            if wanted in names:
                return code
        raise ValueError(
            _("“%(value)s” is not one of: %(choices)s")
            % {"value": value, "choices": ", ".join(str(label) for _code, label in self.choices)}
        )

    def render(self, value, obj=None, **kwargs):
        return str(dict(self.choices).get(value, value or ""))


class FoldedNameWidget(widgets.ForeignKeyWidget):
    """A related row by its name (or its code, or one of its other names), ignoring diacritics and case."""

    def __init__(self, model, *, extra_fields=(), **kwargs):
        self.extra_fields = extra_fields
        super().__init__(model, field="name", **kwargs)

    def clean(self, value, row=None, **kwargs):
        if value in (None, ""):
            return None
        wanted = fold(str(value))
        matches = []
        for obj in self.get_queryset(value, row, **kwargs):
            names = [obj.name, getattr(obj, "code", "")]
            for extra in self.extra_fields:
                names += [n.strip() for n in getattr(obj, extra, "").split(",")]
            if wanted in {fold(n) for n in names if n}:
                matches.append(obj)
        if len(matches) != 1:
            label = self.model._meta.verbose_name
            if matches:
                raise ValueError(_("“%(value)s” matches several %(model)s.") % {"value": value, "model": label})
            raise ValueError(_("No %(model)s is named “%(value)s”.") % {"value": value, "model": label})
        return matches[0]


class BooleanYesNoWidget(widgets.BooleanWidget):
    TRUE_VALUES = ["1", 1, True, "true", "TRUE", "True", "có", "Có", "CÓ", "x", "X", "yes"]
    FALSE_VALUES = ["0", 0, False, "false", "FALSE", "False", "không", "Không", "KHÔNG", "no"]

    def render(self, value, obj=None, **kwargs):
        return _("yes") if value else _("no")


def _field(attribute, header, widget=None):
    return fields.Field(attribute=attribute, column_name=header, widget=widget)


class HonoureeResource(SafeExportMixin, resources.ModelResource):
    """The full register for the Dept. of Home Affairs, private fields included."""

    kind = _field("kind", "kind", ChoiceLabelWidget(Honouree.Kind.choices))
    category = _field("category", "category", ChoiceLabelWidget(Honouree.Category.choices))
    ethnic_group = _field("ethnic_group", "ethnic_group", FoldedNameWidget(EthnicGroup, extra_fields=("other_names",)))
    unit = _field("unit", "unit", FoldedNameWidget(AdministrativeUnit))
    field = _field("field", "field", ChoiceLabelWidget(Honouree.Field.choices))
    movement = _field("movement", "movement", FoldedNameWidget(Movement))
    status = _field("status", "status", ChoiceLabelWidget(Honouree.Status.choices))
    consent_to_publish = _field("consent_to_publish", "consent_to_publish", BooleanYesNoWidget())
    # By name (as the staff export writes it) or code.
    proposing_agency = _field("proposing_agency", "proposing_agency", FoldedNameWidget(Agency))
    date_of_birth = _field("date_of_birth", "date_of_birth", widgets.DateWidget(format="%d/%m/%Y"))

    class Meta:
        model = Honouree
        fields = [
            "id",
            "kind",
            "category",
            "name",
            "ethnic_group",
            "position",
            "workplace",
            "unit",
            "field",
            "movement",
            "summary",
            "story",
            "evidence",
            "consent_to_publish",
            "status",
            "proposing_agency",
            *Honouree.PRIVATE_FIELDS,
        ]
        clean_model_instances = True
        skip_unchanged = True
        report_skipped = True

    def before_import(self, dataset, **kwargs):
        aliases = header_aliases()
        dataset.headers = [aliases.get(fold(str(header or "")), header) for header in dataset.headers]
        super().before_import(dataset, **kwargs)

    def before_import_row(self, row, **kwargs):
        for column, value in row.items():
            # The apostrophe the exports put before formula-like text ("'- Hiến đất") is not part of it.
            if isinstance(value, str) and value.startswith("'") and looks_like_formula(value[1:]):
                row[column] = value[1:]
        # A sheet of new proposals may leave the status blank; a listed honouree keeps its own.
        if not row.get("status") and not row.get("id"):
            row["status"] = Honouree.Status.PROPOSED

    def after_save_instance(self, instance, row, **kwargs):
        if not kwargs.get("dry_run") and instance.pk and not instance.events.exists():
            user = kwargs.get("user")
            HonoureeEvent.objects.create(
                honouree=instance,
                action=HonoureeEvent.Action.IMPORT,
                to_status=instance.status,
                user=user if user is not None and user.is_authenticated else None,
            )


class HonoureeSummaryResource(SafeExportMixin, resources.ModelResource):
    """The register for leadership and reviewers: public fields only, never date of birth, phone or ID number."""

    # The number the admin import finds the honouree by: an edited export updates the register.
    id = _field("id", gettext_lazy("Register number"))
    kind = _field("kind", gettext_lazy("Individual or collective"), ChoiceLabelWidget(Honouree.Kind.choices))
    category = _field("category", gettext_lazy("Category"), ChoiceLabelWidget(Honouree.Category.choices))
    name = _field("name", gettext_lazy("Name"))
    ethnic_group = _field("ethnic_group__name", gettext_lazy("Ethnic group"))
    position = _field("position", gettext_lazy("Position or occupation"))
    workplace = _field("workplace", gettext_lazy("Agency, organisation or place"))
    unit = _field("unit__name", gettext_lazy("Administrative unit"))
    field = _field("field", gettext_lazy("Field"), ChoiceLabelWidget(Honouree.Field.choices))
    movement = _field("movement__name", gettext_lazy("Emulation movement"))
    summary = _field("summary", gettext_lazy("Summary"))
    status = _field("status", gettext_lazy("Status"), ChoiceLabelWidget(Honouree.Status.choices))
    proposing_agency = _field("proposing_agency__name", gettext_lazy("Proposing agency"))

    class Meta:
        model = Honouree
        # The public fields a sheet can hold (no long story, no photo, no portal address), and who proposed.
        fields = [
            *(name for name in Honouree.PUBLIC_FIELDS if name not in ("slug", "story", "photo", "published_at")),
            "proposing_agency",
        ]


def header_aliases() -> dict[str, str]:
    """The column headings the admin import accepts, folded, each with the admin export's name for that column.

    The admin export's names (``kind``), and in every interface language the
    staff export's headings ("Cá nhân hay tập thể") and the model's field names.
    """
    columns = {name: field.column_name for name, field in HonoureeResource.fields.items()}
    aliases = {fold(column): column for column in columns.values()}
    summary = HonoureeSummaryResource.fields
    for language, _name in settings.LANGUAGES:
        with translation.override(language):
            for name, column in columns.items():
                headings = [Honouree._meta.get_field(name).verbose_name]
                if name in summary:
                    headings.append(summary[name].column_name)
                for heading in headings:
                    aliases.setdefault(fold(str(heading)), column)
    return aliases


class CommendationResource(SafeExportMixin, resources.ModelResource):
    honouree = _field("honouree", "honouree", widgets.ForeignKeyWidget(Honouree, field="slug"))
    form = _field("form", "form", ChoiceLabelWidget(Commendation.Form.choices))
    decision_date = _field("decision_date", "decision_date", widgets.DateWidget(format="%d/%m/%Y"))

    class Meta:
        model = Commendation
        fields = ["id", "honouree", "form", "achievement", "decision_number", "decision_date", "issuing_authority"]
        clean_model_instances = True
        skip_unchanged = True

    def before_save_instance(self, instance, row, **kwargs):
        user = kwargs.get("user")
        if instance.recorded_by_id is None and user is not None and user.is_authenticated:
            instance.recorded_by = user
