import datetime

from django import forms
from django.core.validators import MinValueValidator
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from campaigns.models import Channel, Movement

from . import images, selectors
from .models import Commendation, EthnicGroup, Honouree, HonoureeCoverage, NurtureAction, PortalDispatch, Replication
from .services import PROPOSAL_FIELDS


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


def _friendly_blank_choices(form):
    """A select says what to do ("— Chọn —") rather than showing Django's "---------"."""
    for field in form.fields.values():
        if getattr(field, "empty_label", None) == "---------":
            field.empty_label = _("— choose —")
        elif isinstance(field, forms.ChoiceField) and field.choices and field.choices[0] == ("", "---------"):
            field.choices = [("", _("— choose —")), *field.choices[1:]]


class HonoureeForm(forms.ModelForm):
    """A proposal (or the officer's edit): public fields, private fields, and the photo."""

    photo_upload = forms.FileField(
        label=_("Photo"),
        required=False,
        help_text=_("JPEG or PNG, up to 5 MB. Location and camera data are removed before it is stored."),
        widget=forms.ClearableFileInput(attrs={"accept": "image/jpeg,image/png"}),
    )
    remove_photo = forms.BooleanField(label=_("Remove the current photo"), required=False)
    # The version the editor loaded: a save over someone else's newer one is a conflict, not a silent loss.
    loaded_version = forms.DateTimeField(required=False, widget=forms.HiddenInput())

    class Meta:
        model = Honouree
        fields = PROPOSAL_FIELDS
        widgets = {
            "date_of_birth": DateInput(),
            "story": forms.Textarea(attrs={"rows": 8}),
            "evidence": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["ethnic_group"].queryset = EthnicGroup.objects.all()
        self.fields["movement"].queryset = Movement.objects.order_by("name")
        self.fields["unit"].queryset = self.fields["unit"].queryset.order_by("level", "name")
        _friendly_blank_choices(self)
        if not (self.instance and self.instance.photo):
            del self.fields["remove_photo"]
        if self.instance.pk:
            self.fields["loaded_version"].initial = self.instance.updated_at.isoformat()
        else:
            del self.fields["loaded_version"]

    def clean_date_of_birth(self):
        day = self.cleaned_data.get("date_of_birth")
        if day and not (datetime.date(1900, 1, 1) <= day <= timezone.localdate()):
            raise forms.ValidationError(_("The date of birth must be between 1900 and today."))
        return day

    def clean_photo_upload(self):
        upload = self.cleaned_data.get("photo_upload")
        return images.process_photo(upload) if upload else None

    def photo_change(self):
        """For the services: a cleaned file, ``False`` to remove the photo, or ``None`` to keep it."""
        if self.cleaned_data.get("photo_upload"):
            return self.cleaned_data["photo_upload"]
        if self.cleaned_data.get("remove_photo"):
            return False
        return None

    def proposal_data(self):
        return {name: self.cleaned_data[name] for name in PROPOSAL_FIELDS if name in self.cleaned_data}


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 2}), max_length=2000)


class NoteForm(forms.Form):
    reason = forms.CharField(label=_("Note"), widget=forms.Textarea(attrs={"rows": 2}), max_length=2000, required=False)


class CommendationForm(forms.ModelForm):
    confirm_duplicate = forms.BooleanField(
        label=_("Record it anyway: this is a different award for the same achievement"), required=False
    )

    class Meta:
        model = Commendation
        fields = ["form", "achievement", "decision_number", "decision_date", "issuing_authority"]
        widgets = {"decision_date": DateInput()}

    def clean_decision_date(self):
        day = self.cleaned_data.get("decision_date")
        if day and not (datetime.date(1945, 9, 2) <= day <= timezone.localdate()):
            raise forms.ValidationError(_("The decision date cannot be in the future."))
        return day

    def __init__(self, *args, duplicates=None, **kwargs):
        super().__init__(*args, **kwargs)
        _friendly_blank_choices(self)
        # The confirmation box shows only once a possible duplicate was found.
        if not duplicates:
            self.fields["confirm_duplicate"].widget = forms.HiddenInput()


class PortalFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=100)
    category = forms.ChoiceField(
        label=_("Category"), required=False, choices=[("", _("All categories")), *Honouree.Category.choices]
    )
    district = forms.ModelChoiceField(label=_("Area"), required=False, queryset=None, empty_label=_("Whole province"))
    movement = forms.ModelChoiceField(
        label=_("Movement"), required=False, queryset=None, empty_label=_("All movements")
    )
    field = forms.ChoiceField(
        label=_("Field"), required=False, choices=[("", _("All fields")), *Honouree.Field.choices]
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["district"].queryset = selectors.district_units().filter(level="district")
        self.fields["movement"].queryset = Movement.objects.order_by("name")
        for name, field in self.fields.items():
            field.widget.attrs["class"] = "form-control" if name == "q" else "form-select"


class CoverageForm(forms.ModelForm):
    link = forms.URLField(label=_("Link"), required=False, max_length=500, assume_scheme="https")

    class Meta:
        model = HonoureeCoverage
        fields = ["honouree", "channel", "note", "link"]

    def __init__(self, *args, honourees, channels, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["honouree"].queryset = honourees
        self.fields["channel"].queryset = channels
        self.fields["channel"].label_from_instance = lambda c: c.label

    @staticmethod
    def channels_for(report):
        return Channel.objects.filter(plan=report.period.plan).order_by("order")


class _PastDateForm(forms.ModelForm):
    """A pipeline record's form: its one date (``date_field``) between 1945 and today, blank choices spelled out."""

    date_field = ""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _friendly_blank_choices(self)
        self.fields[self.date_field].widget = DateInput()

    def clean(self):
        cleaned = super().clean()
        day = cleaned.get(self.date_field)
        if day and not (datetime.date(1945, 9, 2) <= day <= timezone.localdate()):
            self.add_error(self.date_field, _("The date cannot be in the future."))
        return cleaned


class NurtureForm(_PastDateForm):
    date_field = "done_on"

    class Meta:
        model = NurtureAction
        fields = ["kind", "description", "supporter", "done_on"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}


class ReplicationForm(_PastDateForm):
    date_field = "started_on"

    class Meta:
        model = Replication
        fields = ["adopter", "unit", "started_on", "coverage", "coverage_kind", "note"]
        widgets = {"note": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = self.fields["unit"].queryset.order_by("level", "name")
        self.fields["coverage"].min_value = 1
        self.fields["coverage"].validators.append(MinValueValidator(1))
        self.fields["coverage"].widget.attrs["min"] = 1


class DispatchForm(_PastDateForm):
    date_field = "sent_on"
    link = forms.URLField(label=_("Link where it appeared"), required=False, max_length=500, assume_scheme="https")

    class Meta:
        model = PortalDispatch
        fields = ["destination", "destination_other", "sent_on", "link", "note"]

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("destination") == PortalDispatch.Destination.OTHER and not cleaned.get("destination_other"):
            self.add_error("destination_other", _("Name the portal it was sent to."))
        return cleaned
