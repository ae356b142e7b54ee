"""Forms of the report pages: the figure grid with its narrative sections, evidence, review steps, filters."""

import copy
import datetime
import logging
import re

from django import forms
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils.translation import gettext_lazy as _

from agencies.models import AdministrativeUnit, Agency
from core import office

from . import uploads
from .models import ActivityReport, Figure

logger = logging.getLogger(__name__)

_DIGITS = re.compile(r"^\d+$")
# Vietnamese writes 1.234.567 for a million and more: a dot between groups of three digits separates thousands
# (a comma marks decimals).
_GROUPED = re.compile(r"^\d{1,3}(\.\d{3})+$")
_DECIMAL = re.compile(r"^-?(\d{1,3}(\.\d{3})+|\d+)?[.,]\d+$")
_NEGATIVE = re.compile(r"^-\s*\d[\d.,]*$")


def cell_name(metric_id, theme_id):
    return f"c-{metric_id}-{theme_id}"


def parse_figure(raw):
    """A cell's text as a whole number (blank is zero), or ``ValidationError`` with a message for the cell."""
    text = (raw or "").strip().replace(" ", "").replace("\u00a0", "")
    if text == "":
        return 0
    if _GROUPED.match(text):
        text = text.replace(".", "")
    if _NEGATIVE.match(text):
        raise ValidationError(_("A figure cannot be negative."), code="negative")
    if _DECIMAL.match(text):
        raise ValidationError(
            _("Figures are counts: enter a whole number, without decimals (a dot may separate thousands: 1.234)."),
            code="decimal",
        )
    if not _DIGITS.match(text):
        raise ValidationError(_("Enter a whole number (digits only)."), code="not_a_number")
    value = int(text)
    if value > Figure.MAX_VALUE:
        raise ValidationError(
            _("The figure is too large (at most %(max)s).") % {"max": f"{Figure.MAX_VALUE:,}".replace(",", ".")},
            code="too_large",
        )
    return value


class FigureCell(forms.CharField):
    def __init__(self, **kwargs):
        super().__init__(required=False, max_length=20, **kwargs)

    def clean(self, value):
        value = super().clean(value)
        return parse_figure(value)


class ReportForm(forms.Form):
    """The narrative sections and one field per grid cell; ``version`` carries the optimistic lock."""

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
    results = forms.CharField(label=_("Results achieved"), required=False, max_length=20000, widget=forms.Textarea)
    shortcomings = forms.CharField(
        label=_("Shortcomings and their causes"), required=False, max_length=20000, widget=forms.Textarea
    )
    next_tasks = forms.CharField(
        label=_("Tasks for the next period"), required=False, max_length=20000, widget=forms.Textarea
    )
    proposals = forms.CharField(label=_("Proposals"), required=False, max_length=20000, widget=forms.Textarea)

    NARRATIVES = ("results", "shortcomings", "next_tasks", "proposals")

    def __init__(self, *args, grid, figures=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.grid = grid
        figures = figures or {}
        # A grid has a hundred cells or more, and building a field (with its widget) for each cost more than the
        # rest of a save. The cells are copies of one field sharing its widget: a widget keeps no state of the
        # field it renders (name, value and id are passed to it), and every cell has the same attributes.
        prototype = FigureCell()
        for metric_id, theme_id in grid.cells():
            cell = copy.copy(prototype)
            cell.initial = figures.get((metric_id, theme_id)) or ""
            self.fields[cell_name(metric_id, theme_id)] = cell

    def figures(self):
        return {(m, t): self.cleaned_data[cell_name(m, t)] for m, t in self.grid.cells()}

    def narratives(self):
        return {name: self.cleaned_data[name] for name in self.NARRATIVES}

    def cell(self, metric_id, theme_id):
        return self[cell_name(metric_id, theme_id)]


class EvidenceLinkForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=300)
    url = forms.URLField(label=_("Link"), max_length=500, assume_scheme="https")

    def clean_url(self):
        url = self.cleaned_data["url"]
        if not url.lower().startswith(("http://", "https://")):
            raise ValidationError(_("Only http and https links are accepted."))
        return url


class EvidenceFileForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=300, required=False)
    file = forms.FileField(
        label=_("File (PDF, DOCX, XLSX, JPEG, PNG; at most 10 MB)"),
        widget=forms.ClearableFileInput(attrs={"accept": ".pdf,.docx,.xlsx,.jpg,.jpeg,.png"}),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        self.content_type = uploads.check_upload(upload)
        return upload


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3}), strip=True, required=True
    )


class SubmitForm(forms.Form):
    confirm_empty = forms.BooleanField(required=False)


class XlsxUploadForm(forms.Form):
    """The filled-in template: an .xlsx, or an .xls or .ods that LibreOffice (when installed) turns into one."""

    MAX_SIZE = 2 * 1024 * 1024

    file = forms.FileField(
        label=_("Filled-in XLSX template"),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx,.xls,.ods"}),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > self.MAX_SIZE:
            raise ValidationError(_("The workbook is larger than 2 MB."), code="too_large")
        kind = uploads.sniff_workbook(upload)
        if kind in ("xls", "ods"):
            upload = self._converted(upload, kind)
        elif kind != "xlsx":
            raise ValidationError(
                _("This is not a spreadsheet workbook: upload the filled-in template saved as .xlsx."), code="bad_type"
            )
        if uploads.sniff(upload) != uploads.XLSX or not uploads.unpacks_within_limits(upload):
            raise ValidationError(_("This is not an XLSX workbook (at most 2 MB)."), code="bad_type")
        return upload

    def _converted(self, upload, kind):
        """The .xls or .ods ``upload`` as an .xlsx file, or ``ValidationError`` saying how to save it as one."""
        if not office.available():
            raise ValidationError(
                _(
                    "This is an .%(ext)s file, which the site cannot read: open it in Excel or LibreOffice Calc, "
                    "save it as an Excel workbook (.xlsx) and upload that file."
                )
                % {"ext": kind},
                code="needs_xlsx",
            )
        if kind == "ods" and not uploads.unpacks_within_limits(upload):
            raise ValidationError(_("This is not an XLSX workbook (at most 2 MB)."), code="bad_type")
        try:
            content = office.convert(upload.read(), suffix=kind, to="xlsx")
        except office.ConversionError:
            logger.warning("An uploaded .%s workbook could not be converted", kind, exc_info=True)
            raise ValidationError(
                _(
                    "The .%(ext)s file could not be converted: open it in Excel or LibreOffice Calc, save it as an "
                    "Excel workbook (.xlsx) and upload that file."
                )
                % {"ext": kind},
                code="conversion_failed",
            ) from None
        finally:
            upload.seek(0)
        name = (upload.name or "bao-cao").rsplit(".", 1)[0] + ".xlsx"
        return SimpleUploadedFile(name, content, content_type=uploads.XLSX)


class InboxFilterForm(forms.Form):
    period = forms.ChoiceField(label=_("Period"), required=False)
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", _("All received"))]
        + [
            (s.value, s.label)
            for s in (
                ActivityReport.Status.SUBMITTED,
                ActivityReport.Status.RESUBMITTED,
                ActivityReport.Status.RETURNED,
                ActivityReport.Status.ACCEPTED,
            )
        ],
    )

    def __init__(self, *args, periods, **kwargs):
        super().__init__(*args, **kwargs)
        # Codes only: the page writes the options with their labels (``period_options``), so a hundred
        # labels are not built twice.
        self.fields["period"].choices = [(p.code, p.code) for p in periods]
        for field in self.fields.values():
            field.widget.attrs["class"] = "form-select"


class BoardFilterForm(forms.Form):
    year = forms.TypedChoiceField(label=_("Year"), coerce=int, required=False)
    frequency = forms.ChoiceField(label=_("Frequency"), choices=Agency.Frequency.choices, required=False)
    kind = forms.ChoiceField(
        label=_("Agency kind"), choices=[("", _("All kinds")), *Agency.Kind.choices], required=False
    )
    unit = forms.ModelChoiceField(
        label=_("Administrative unit"),
        queryset=AdministrativeUnit.objects.filter(level__in=["province", "district"]),
        required=False,
        empty_label=_("All units"),
    )

    # The committees of a local level (``AdministrativeUnit.local_level``): offered for the years it existed.
    LEVEL_OF_KIND = {
        Agency.Kind.DISTRICT_COMMITTEE: AdministrativeUnit.Level.DISTRICT,
        Agency.Kind.COMMUNE_COMMITTEE: AdministrativeUnit.Level.COMMUNE,
    }

    def __init__(self, *args, years, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = [(y, y) for y in years]
        for field in self.fields.values():
            field.widget.attrs["class"] = "form-select"
        self._follow_the_local_level()

    def _follow_the_local_level(self):
        """The kinds and units of the chosen year's local level: "cấp huyện" until 30/06/2025, "cấp xã" from
        01/07/2025 (2025 has both); the units valid some day of the year, the province first."""
        try:
            year = int(self.data.get("year") or self.initial.get("year"))
        except (TypeError, ValueError):
            return
        first, last = datetime.date(year, 1, 1), datetime.date(year, 12, 31)
        levels = {AdministrativeUnit.local_level(first), AdministrativeUnit.local_level(last)}
        kind = self.fields["kind"]
        kind.choices = [(v, text) for v, text in kind.choices if self.LEVEL_OF_KIND.get(v, v) in (v, *levels)]
        self.fields["unit"].queryset = AdministrativeUnit.objects.local_during(first, last)


class AttributionForm(forms.Form):
    """One line of the breakdown by movement and occasion: of a main figure, how many for what."""

    metric = forms.TypedChoiceField(label=_("Metric"), coerce=int)
    movement = forms.TypedChoiceField(label=_("Emulation movement"), coerce=int, required=False, empty_value=None)
    occasion = forms.TypedChoiceField(label=_("Occasion"), coerce=int, required=False, empty_value=None)
    value = FigureCell(label=_("Number"), widget=forms.TextInput(attrs={"inputmode": "numeric", "size": 6}))

    def __init__(self, *args, metrics=(), movements=(), occasions=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["metric"].choices = [(m.pk, f"{m.channel.code} · {m.label} ({m.unit})") for m in metrics]
        self.fields["movement"].choices = [("", "—"), *((m.pk, m.name) for m in movements)]
        self.fields["occasion"].choices = [("", "—"), *((o.pk, o.name) for o in occasions)]

    def clean(self):
        data = super().clean()
        if data.get("value") and data.get("movement") is None and data.get("occasion") is None:
            self.add_error("movement", _("Choose an emulation movement or an occasion (or both)."))
        return data


class BaseAttributionFormSet(forms.BaseFormSet):
    """The breakdown's lines: a line without a number is left out (that is how one is removed); two lines of the
    same metric, movement and occasion are refused; a metric's lines add up to at most its total in the grid."""

    def __init__(self, *args, totals, metric_names, **kwargs):
        super().__init__(*args, **kwargs)
        self.totals = totals
        self.metric_names = metric_names

    def filled(self):
        return [f for f in self.forms if f.is_valid() and f.cleaned_data.get("value")]

    def clean(self):
        seen, shares, last = set(), {}, {}
        for form in self.filled():
            data = form.cleaned_data
            key = (data["metric"], data["movement"], data["occasion"])
            if key in seen:
                form.add_error(
                    "value", _("Another line names the same metric, movement and occasion: put them on one line.")
                )
            seen.add(key)
            shares[data["metric"]] = shares.get(data["metric"], 0) + data["value"]
            last[data["metric"]] = form
        for metric_id, share in shares.items():
            total = self.totals.get(metric_id, 0)
            if share > total:
                from .services import over_total_text

                last[metric_id].add_error(
                    "value", over_total_text(self.metric_names[metric_id], total=total, attributed=share)
                )

    def rows(self):
        from .services import AttributionRow

        return [
            AttributionRow(d["metric"], d["movement"], d["occasion"], d["value"])
            for d in (f.cleaned_data for f in self.filled())
        ]


AttributionFormSet = forms.formset_factory(
    AttributionForm, formset=BaseAttributionFormSet, extra=3, max_num=60, validate_max=True
)


class VersionForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
