from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from agencies.models import Agency
from campaigns.models import Metric, Movement, Theme
from reports import uploads

from .models import ContentProvision, Guidance, PressOrder, PressOrderLine

DATE_INPUT = forms.DateInput(format="%d/%m/%Y", attrs={"placeholder": "dd/mm/yyyy", "inputmode": "numeric"})


class GuidanceForm(forms.ModelForm):
    recipient_kinds = forms.MultipleChoiceField(
        label=_("Kinds of agencies"),
        choices=Agency.Kind.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = Guidance
        fields = [
            "number",
            "issued_on",
            "title",
            "key_messages",
            "themes",
            "movements",
            "occasions",
            "valid_from",
            "valid_until",
            "audience",
            "recipient_kinds",
            "recipient_agencies",
        ]
        widgets = {
            "issued_on": DATE_INPUT,
            "valid_from": DATE_INPUT,
            "valid_until": DATE_INPUT,
            "key_messages": forms.Textarea(attrs={"rows": 5}),
            "occasions": forms.Textarea(attrs={"rows": 2}),
            "themes": forms.CheckboxSelectMultiple,
            "movements": forms.CheckboxSelectMultiple,
            "audience": forms.RadioSelect,
        }

    def __init__(self, *args, plan, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.plan = self.instance.plan if self.instance.plan_id else plan
        self.fields["themes"].queryset = Theme.objects.filter(plan=self.instance.plan).order_by("order")
        self.fields["movements"].queryset = Movement.objects.filter(plans=self.instance.plan).order_by("name")
        self.fields["recipient_agencies"].queryset = Agency.objects.reporting().active().order_by("name")
        for name in ("issued_on", "valid_from", "valid_until"):
            self.fields[name].input_formats = ["%d/%m/%Y", "%Y-%m-%d"]

    def clean(self):
        data = super().clean()
        start, end = data.get("valid_from"), data.get("valid_until")
        if start and end and end < start:
            self.add_error("valid_until", _("The end date is before the start date."))
        if data.get("audience") == Guidance.Audience.CHOSEN and not (
            data.get("recipient_kinds") or data.get("recipient_agencies")
        ):
            self.add_error("recipient_kinds", _("Choose at least one kind of agency or one agency."))
        return data


class AttachmentForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=300, required=False)
    file = forms.FileField(
        label=_("File (PDF, DOCX, XLSX, JPEG, PNG; at most 10 MB)"),
        widget=forms.ClearableFileInput(attrs={"accept": ".pdf,.docx,.xlsx,.jpg,.jpeg,.png"}),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        self.content_type = uploads.check_upload(upload)
        return upload


class ReportLinkForm(forms.Form):
    guidance = forms.ModelChoiceField(label=_("Guidance document"), queryset=Guidance.objects.none())

    def __init__(self, *args, choices, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["guidance"].queryset = choices
        self.fields["guidance"].label_from_instance = lambda g: f"{g.number} ({g.issued_on:%d/%m/%Y}) — {g.title}"

    def clean_guidance(self):
        guidance = self.cleaned_data["guidance"]
        if guidance is None:
            raise ValidationError(_("Choose a guidance document."))
        return guidance


class PressOrderForm(forms.ModelForm):
    class Meta:
        model = PressOrder
        fields = ["press_agency", "number", "ordered_on", "period_start", "period_end", "budget", "note"]
        widgets = {
            "ordered_on": DATE_INPUT,
            "period_start": DATE_INPUT,
            "period_end": DATE_INPUT,
            "note": forms.Textarea(attrs={"rows": 2}),
            "budget": forms.NumberInput(attrs={"min": 0, "step": 1, "inputmode": "numeric"}),
        }
        error_messages = {
            "budget": {
                "invalid": _("Enter the budget in whole đồng, digits only."),
                "min_value": _("The budget cannot be negative."),
            }
        }

    def __init__(self, *args, plan, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.plan = plan
        self.fields["press_agency"].queryset = Agency.objects.filter(kind=Agency.Kind.PRESS).active().order_by("name")
        for name in ("ordered_on", "period_start", "period_end"):
            self.fields[name].input_formats = ["%d/%m/%Y", "%Y-%m-%d"]

    def clean(self):
        data = super().clean()
        start, end = data.get("period_start"), data.get("period_end")
        if start and end and end < start:
            self.add_error("period_end", _("The end date is before the start date."))
        return data


class OrderLineForm(forms.ModelForm):
    class Meta:
        model = PressOrderLine
        fields = ["metric", "theme", "quantity"]

    def __init__(self, *args, plan, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["metric"].queryset = Metric.objects.filter(channel__plan=plan).select_related("channel")
        self.fields["metric"].label_from_instance = lambda m: f"{m.channel.label} — {m.label}"
        self.fields["theme"].queryset = Theme.objects.filter(plan=plan).order_by("order")
        quantity = self.fields["quantity"]
        quantity.min_value = 1
        quantity.validators = [MinValueValidator(1, message=_("Order a whole number of at least 1."))]
        quantity.error_messages["invalid"] = _("Order a whole number of at least 1.")
        quantity.widget.attrs["min"] = 1


class BaseOrderLineFormSet(forms.BaseInlineFormSet):
    def validate_unique(self):
        """Replaced by ``clean``: a repeated cell gets a message beside it, in the interface's words."""

    def clean(self):
        super().clean()
        cells, filled = set(), 0
        for form in self.forms:
            data = getattr(form, "cleaned_data", None) or {}
            if not data or data.get("DELETE"):
                continue
            filled += 1
            cell = (data.get("metric"), data.get("theme"))
            if cell in cells:
                form.add_error("theme", _("This metric and theme are already in the order."))
            cells.add(cell)
        if not filled:
            raise ValidationError(_("Order at least one quantity."))


OrderLineFormSet = forms.inlineformset_factory(
    PressOrder, PressOrderLine, form=OrderLineForm, formset=BaseOrderLineFormSet, extra=6, can_delete=False
)


class ContentProvisionForm(forms.ModelForm):
    """What an agency provided to a press agency: a file, a link or both (at least one)."""

    link = forms.URLField(
        label=_("Link"),
        required=False,
        max_length=500,
        assume_scheme="https",
        error_messages={"invalid": _("Enter a full web address, starting with https://.")},
    )
    upload = forms.FileField(
        label=_("File (PDF, DOCX, XLSX, JPEG, PNG; at most 10 MB)"),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": ".pdf,.docx,.xlsx,.jpg,.jpeg,.png"}),
    )

    class Meta:
        model = ContentProvision
        fields = ["press_agency", "title", "theme", "provided_on", "summary", "link"]
        widgets = {"provided_on": DATE_INPUT, "summary": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, plan, agency, **kwargs):
        super().__init__(*args, **kwargs)
        press = Agency.objects.filter(kind=Agency.Kind.PRESS).active().exclude(pk=agency.pk).order_by("name")
        self.fields["press_agency"].queryset = press
        self.fields["theme"].queryset = Theme.objects.filter(plan=plan).order_by("order")
        self.fields["theme"].label_from_instance = lambda t: f"{t.code}. {t.label}"
        self.fields["provided_on"].input_formats = ["%d/%m/%Y", "%Y-%m-%d"]
        self.content_type = ""

    def clean_upload(self):
        upload = self.cleaned_data.get("upload")
        if upload:
            self.content_type = uploads.check_upload(upload)
        return upload

    def clean_provided_on(self):
        day = self.cleaned_data["provided_on"]
        if day > timezone.localdate():
            raise ValidationError(_("The date cannot be in the future."))
        return day

    def clean(self):
        data = super().clean()
        if (
            not data.get("link")
            and not data.get("upload")
            and "link" not in self.errors
            and "upload" not in self.errors
        ):
            self.add_error("link", _("Give a link to the content, or attach its file."))
        return data


class ContentUsedForm(forms.Form):
    """The press agency marks content used: where it was published, and when."""

    published_link = forms.URLField(
        label=_("Published link"),
        max_length=500,
        assume_scheme="https",
        error_messages={
            "required": _("Give the link of what was published."),
            "invalid": _("Enter a full web address, starting with https://."),
        },
    )
    used_on = forms.DateField(
        label=_("Date published"),
        widget=DATE_INPUT,
        input_formats=["%d/%m/%Y", "%Y-%m-%d"],
        error_messages={"required": _("Give the date it was published."), "invalid": _("Enter a date as dd/mm/yyyy.")},
    )

    def __init__(self, *args, content, **kwargs):
        super().__init__(*args, **kwargs)
        self.content = content

    def clean_used_on(self):
        day = self.cleaned_data["used_on"]
        if day < self.content.provided_on:
            raise ValidationError(_("It cannot have been published before it was provided."))
        if day > timezone.localdate():
            raise ValidationError(_("The date cannot be in the future."))
        return day
