"""Forms of the compiled province report and the dashboards."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .models import CompiledReport


class CompileForm(forms.ModelForm):
    """The texts the reviewer writes before compiling: the department's own text for each section (pre-drafted
    from the figures, ``compilation.compiled_report_defaults``), the signer, "Nơi nhận"."""

    class Meta:
        model = CompiledReport
        fields = [
            "include_unaccepted",
            "direction",
            "strengths",
            "shortcomings",
            "lessons",
            "next_tasks",
            "proposals",
            "signer_capacity",
            "signer_title",
            "signer_name",
            "recipients",
        ]
        widgets = {
            "direction": forms.Textarea(attrs={"rows": 4}),
            "strengths": forms.Textarea(attrs={"rows": 4}),
            "lessons": forms.Textarea(attrs={"rows": 3}),
            "shortcomings": forms.Textarea(attrs={"rows": 4}),
            "next_tasks": forms.Textarea(attrs={"rows": 4}),
            "proposals": forms.Textarea(attrs={"rows": 3}),
            "recipients": forms.Textarea(attrs={"rows": 4}),
        }

    def clean_recipients(self):
        lines = [line.strip() for line in self.cleaned_data["recipients"].splitlines() if line.strip()]
        if len(lines) > 30:
            raise forms.ValidationError(_("At most 30 recipients."))
        if any(len(line) > 200 for line in lines):
            raise forms.ValidationError(_("Each recipient fits on one line (200 characters at most)."))
        return "\n".join(lines)


class IssueForm(forms.Form):
    number = forms.CharField(
        label=_("Document number"),
        max_length=30,
        help_text=_("The number the clerical office gives, without the symbol after it."),
    )
    date = forms.DateField(label=_("Document date"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
    signer_capacity = forms.CharField(label=_("Signing capacity"), max_length=100, required=False)
    signer_title = forms.CharField(label=_("Signer's title"), max_length=100, required=False)
    signer_name = forms.CharField(label=_("Signer's name"), max_length=150)

    def signer(self):
        data = self.cleaned_data
        return {"capacity": data["signer_capacity"], "title": data["signer_title"], "name": data["signer_name"]}

    def clean_number(self):
        number = self.cleaned_data["number"].strip()
        if "/" in number:
            raise forms.ValidationError(_("Only the number: the symbol after it is added."))
        return number

    def clean_date(self):
        day = self.cleaned_data["date"]
        if day > timezone.localdate():
            raise forms.ValidationError(_("A document cannot be dated in the future."))
        return day


class PeriodPickerForm(forms.Form):
    """The picker's label and id: the page writes its options itself, grouped (``period_options``), and reads
    the chosen code from the address; choices here would be built for nothing on every page."""

    period = forms.ChoiceField(label=_("Period"), required=False)
