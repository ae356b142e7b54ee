"""The report's breakdown by emulation movement and occasion: its agency's staff fill it while they may edit."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from . import access, services
from .forms import AttributionFormSet, VersionForm


def _formset(report, choices, data=None):
    metrics, movements, occasions = choices
    stored = list(report.attributions.order_by("metric__channel__order", "metric__order", "pk"))
    initial = [
        {"metric": a.metric_id, "movement": a.movement_id, "occasion": a.occasion_id, "value": a.value} for a in stored
    ]
    return AttributionFormSet(
        data,
        initial=initial,
        prefix="a",
        form_kwargs={"metrics": metrics, "movements": movements, "occasions": occasions},
        totals=services._metric_totals(report, [m.pk for m in metrics]),
        metric_names={m.pk: m.name for m in metrics},
    )


def _page(request, report, formset, version_form, *, status=200, error=None):
    metrics = formset.form_kwargs["metrics"]
    totals = [(m, formset.totals.get(m.pk, 0)) for m in metrics]
    context = {
        "report": report,
        "formset": formset,
        "version_form": version_form,
        "error": error,
        "totals": totals,
        "choices_empty": not formset.form_kwargs["movements"] and not formset.form_kwargs["occasions"],
    }
    return render(request, "reports/report_attributions.html", context, status=status)


@login_required
def report_attributions(request, pk):
    """Of the report's main figures, how many for which movement and occasion (a breakdown beside the grid)."""
    report = access.report_for(request.user, pk)
    if refusal := access.edit_refusal(request.user, report):
        return render(request, "reports/report_not_editable.html", {"report": report, "reason": refusal}, status=403)
    choices = services.attribution_choices(report)
    if request.method != "POST":
        return _page(request, report, _formset(report, choices), VersionForm(initial={"version": report.version}))
    formset, version_form = _formset(report, choices, request.POST), VersionForm(request.POST)
    if not (formset.is_valid() and version_form.is_valid()):
        return _page(request, report, formset, version_form, status=400)
    try:
        changed = services.attributions_save(
            report=report, user=request.user, expected_version=version_form.cleaned_data["version"], rows=formset.rows()
        )
    except services.ReportConflict:
        error = _("Someone else saved this report after you opened it: nothing was saved. Check it and try again.")
        fresh = VersionForm(initial={"version": report.version})  # the version now stored: saving again is a choice
        return _page(request, report, formset, fresh, status=409, error=error)
    except ValidationError as exc:
        return _page(request, report, formset, version_form, status=400, error=" ".join(exc.messages))
    messages.success(request, _("The breakdown was saved.") if changed else _("There were no changes to save."))
    return redirect("reports:report_attributions", pk=report.pk)
