"""Pages of the province report: the dashboards, compiling with a progress bar, downloading and issuing.

Each view checks access (``reports.access``), validates a form, calls a
service (``province.compilation``) and renders or redirects.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from agencies import roles as r
from agencies.access import role_required
from core.storage import open_stored
from reports.models import ReportingPeriod

from . import access, compilation, dashboard, reference
from .documents.xlsx import build_narratives_xlsx
from .forms import CompileForm, IssueForm, PeriodPickerForm
from .models import CompiledReport

CONTENT_TYPES = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "pdf": "application/pdf",
}


@role_required(r.REVIEWER, r.LEADERSHIP, r.ADMIN)
@require_GET
def province_dashboard(request):
    """One period of the province at a glance: rates, totals by channel and theme, heat map, units, trend."""
    if not access.can_see_dashboards(request.user):
        raise PermissionDenied
    # The recent periods and the one chosen; every period on request (``dashboard.picker_periods``). The
    # figures are rendered once per data stamp and language ({% cache %} under ``cache_key``); the data is read
    # from the cache (or computed) only when that fragment is not there.
    every = request.GET.get("periods") == "all"
    periods, option, period, key = _chosen(request, every=every)
    form = PeriodPickerForm(initial={"period": option.code if option else None})
    context = {"form": form, "periods": periods, "every_period": every, "period": period, "data": None}
    if period is not None:
        context.update(
            cache_key=key,
            cache_seconds=dashboard.CACHE_SECONDS,
            data=SimpleLazyObject(lambda: dashboard.cached_dashboard(period, key=key)),
        )
    return render(request, "province/dashboard.html", context)


@role_required(r.REVIEWER, r.LEADERSHIP, r.ADMIN)
@require_GET
def dashboard_heat_export(request):
    """The dashboard's heat map as an XLSX, filtered and sorted as the page's address asks (the page's default
    period without one)."""
    if not access.can_see_dashboards(request.user):
        raise PermissionDenied
    _periods, _option, period, key = _chosen(request)
    if period is None:
        raise Http404
    data = dashboard.cached_dashboard(period, key=key)
    view = dashboard.heat_view(data, dashboard.HeatQuery.of(request.GET))
    response = HttpResponse(dashboard.heat_workbook(period, data, view), content_type=CONTENT_TYPES["xlsx"])
    response["Content-Disposition"] = f'attachment; filename="heatmap-{period.code}.xlsx"'
    return response


def _chosen(request, *, every=False):
    """``(periods, option, period, cache key)``: the picker's periods, the one the address chose (``?period=``) or
    the default one, that period and its dashboard's cache key (``period`` and ``key`` None when there is none).
    The periods are reference data, read once for the picker and the data stamp (``province.reference``).
    Http404 for a code of no period."""
    chosen = request.GET.get("period")
    with reference.Reference() as kept:
        periods = dashboard.picker_periods(chosen=chosen, every=every, kept=kept)
        option = next((p for p in periods if p.code == chosen), None) if chosen else dashboard.default_period(periods)
        if chosen and option is None:
            raise Http404
        period = option.as_period() if option else None
        key = dashboard.cache_key(period, kept=kept) if period is not None else None
    return periods, option, period, key


def _versions(request, period):
    versions = CompiledReport.objects.filter(period=period).select_related("requested_by", "issued_by")
    if not access.can_compile(request.user):
        versions = versions.filter(issued_at__isnull=False)
    return list(versions.order_by("-version"))


@role_required(r.REVIEWER, r.LEADERSHIP, r.ADMIN)
@require_GET
def compiled_period(request, code):
    """A period's compiled versions; reviewers also get the compile form with the texts they write."""
    period = get_object_or_404(ReportingPeriod.objects.select_related("plan"), code=code)
    can_compile = access.can_compile(request.user)
    versions = _versions(request, period)
    context = {
        "period": period,
        "label": period.label,
        "versions": versions,
        "newest_issued": max((v.version for v in versions if v.is_issued), default=None),
        "can_compile": can_compile,
        # ?draft=1 ("Soạn lại từ số liệu"): the department's texts drafted afresh from the figures.
        "form": CompileForm(initial=compilation.compiled_report_defaults(period=period, draft=_redraft(request)))
        if can_compile
        else None,
        "issue_form": IssueForm(),
    }
    return render(request, "province/period.html", context)


def _redraft(request):
    """True when the reviewer asked for the texts drafted afresh; None leaves it to the defaults (a period never
    compiled gets drafts)."""
    return True if request.GET.get("draft") == "1" else None


@role_required(r.REVIEWER, r.ADMIN)
@require_POST
def compiled_request(request, code):
    if not access.can_compile(request.user):
        raise PermissionDenied
    period = get_object_or_404(ReportingPeriod.objects.select_related("plan"), code=code)
    form = CompileForm(request.POST)
    if form.is_valid():
        try:
            compiled = compilation.compiled_report_request(period=period, user=request.user, **form.cleaned_data)
        except compilation.CompileError as exc:
            messages.error(request, str(exc))
        else:
            _tell_compile_outcome(request, compiled)
            return redirect("compiled:period", code=period.code)
    context = {
        "period": period,
        "label": period.label,
        "versions": _versions(request, period),
        "can_compile": True,
        "form": form,
        "issue_form": IssueForm(),
    }
    return render(request, "province/period.html", context, status=400)


def _tell_compile_outcome(request, compiled):
    """Say what happened: without a worker (no Redis) the compile has already run when the request returns."""
    compiled.refresh_from_db(fields=["status", "error"])
    version = {"version": compiled.version}
    if compiled.status == CompiledReport.Status.DONE:
        messages.success(request, _("Version %(version)s is compiled: download it or issue it below.") % version)
    elif compiled.status == CompiledReport.Status.FAILED:
        messages.error(request, _("Version %(version)s could not be compiled: see the reason below.") % version)
    else:
        messages.success(request, _("The report is being compiled."))


@role_required(r.REVIEWER, r.LEADERSHIP, r.ADMIN)
@require_GET
def compiled_progress(request, pk):
    """The htmx fragment of one version: polls itself while queued or running."""
    compiled = access.compiled_for(request.user, pk)
    context = {"v": compiled, "can_compile": access.can_compile(request.user), "issue_form": IssueForm()}
    return render(request, "province/_version.html", context)


@role_required(r.REVIEWER, r.ADMIN)
@require_POST
def compiled_retry(request, pk):
    compiled = access.compiled_for(request.user, pk)
    if not access.can_compile(request.user):
        raise PermissionDenied
    try:
        compilation.compiled_report_retry(compiled=compiled, user=request.user)
        messages.success(request, _("The compile was queued again."))
    except compilation.CompileError as exc:
        messages.error(request, str(exc))
    return redirect("compiled:period", code=compiled.period.code)


@role_required(r.REVIEWER, r.ADMIN)
@require_POST
def compiled_issue(request, pk):
    compiled = access.compiled_for(request.user, pk)
    if not access.can_compile(request.user):
        raise PermissionDenied
    form = IssueForm(request.POST)
    if form.is_valid():
        try:
            compilation.compiled_report_issue(
                compiled=compiled,
                user=request.user,
                number=form.cleaned_data["number"],
                day=form.cleaned_data["date"],
                signer=form.signer(),
            )
        except compilation.CompileError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, _("Version %(version)s was issued.") % {"version": compiled.version})
            return redirect("compiled:period", code=compiled.period.code)
    else:
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
    return redirect("compiled:period", code=compiled.period.code)


@role_required(r.REVIEWER, r.LEADERSHIP, r.ADMIN)
@require_GET
def compiled_download(request, pk, kind):
    """A version's DOCX, XLSX or PDF, only to those who may read it; 404 for a version without PDF.
    ``narratives``: the agencies' texts, a workbook built from the version's snapshot on request."""
    compiled = access.compiled_for(request.user, pk)
    if kind == "narratives":
        if compiled.status != CompiledReport.Status.DONE or not compiled.snapshot:
            raise Http404
        response = HttpResponse(build_narratives_xlsx(compiled.full_snapshot()), content_type=CONTENT_TYPES["xlsx"])
        filename = f"YKien-{compiled.period.code}-v{compiled.version}.xlsx"
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
        return response
    field = {"docx": compiled.docx, "xlsx": compiled.xlsx, "pdf": compiled.pdf}.get(kind)
    if compiled.status != CompiledReport.Status.DONE or not field:
        raise Http404
    filename = f"BaoCao-{compiled.period.code}-v{compiled.version}.{kind}"
    return FileResponse(open_stored(field), as_attachment=True, filename=filename, content_type=CONTENT_TYPES[kind])
