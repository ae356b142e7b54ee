"""Staff pages of the register: list and search, proposal, the officer's steps, commendations.

Each view checks access through ``honourees.access``, validates with a form,
calls a service, and renders or redirects.
"""

from typing import NamedTuple

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from agencies.access import role_required
from core.storage import open_stored
from core.uploads import too_large_page, unread_form_error, unread_upload

from . import access, images, selectors, services
from .filters import HonoureeFilter
from .forms import (
    CommendationForm,
    CoverageForm,
    DispatchForm,
    HonoureeForm,
    NoteForm,
    NurtureForm,
    ReasonForm,
    ReplicationForm,
)
from .labels import choice_labels
from .models import HonoureeCoverage
from .resources import HonoureeSummaryResource

PAGE_SIZE = 25


def _register_user(request):
    if not access.can_use_register(request.user):
        raise PermissionDenied


def address_of(name, *, marker="0123456789"):
    """A function giving the address of URL ``name`` for its one argument (a pk or a slug).

    ``reverse()`` once per page rather than once per row: it costs more than a
    row. The marker (digits, so valid for both converters) is replaced by the argument.
    """
    before, after = reverse(name, args=[marker]).split(marker)
    return lambda value: f"{before}{value}{after}"


def _list_rows(rows):
    """The staff list's rows (``selectors.staff_rows`` dicts) with their labels, address and day of proposal.

    One ``reverse()`` and one date format per page rather than one of each per row.
    """
    labels = choice_labels()
    address = address_of("honourees:detail")
    days = {}
    for row in rows:
        for name, names in labels.items():
            row[f"{name}_label"] = names.get(row[name], row[name])
        row["url"] = address(row["pk"])
        day = timezone.localtime(row["created_at"]).date()
        if day not in days:
            days[day] = date_format(day, "SHORT_DATE_FORMAT")
        row["created_day"] = days[day]
    return rows


@role_required()
def honouree_list(request):
    _register_user(request)
    honouree_filter = HonoureeFilter(request.GET, queryset=access.visible_honourees(request.user))
    page = Paginator(selectors.staff_list(honouree_filter.qs), PAGE_SIZE).get_page(request.GET.get("page"))
    page.object_list = _list_rows(selectors.staff_rows(page.object_list))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "honourees/honouree_list.html",
        {
            "filter": honouree_filter,
            "page": page,
            "query": query.urlencode(),
            "can_propose": access.can_propose(request.user),
            "can_export": access.can_export(request.user),
        },
    )


@role_required()
def honouree_export(request):
    """The filtered register as XLSX, without private fields (for leadership, reviewers and the officer)."""
    if not access.can_export(request.user):
        raise PermissionDenied
    honouree_filter = HonoureeFilter(request.GET, queryset=access.visible_honourees(request.user))
    rows = honouree_filter.qs.select_related("ethnic_group", "unit", "movement", "proposing_agency").order_by("name")
    data = HonoureeSummaryResource().export(queryset=rows)
    response = HttpResponse(
        data.export("xlsx"), content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    stamp = timezone.localdate().strftime("%Y-%m-%d")
    response["Content-Disposition"] = f'attachment; filename="guong-dien-hinh-{stamp}.xlsx"'
    return response


def _photo_too_large(request, form):
    """``form`` showing beside the photo the message an oversized photo gets, for a body too large to read."""
    try:
        images.process_photo(unread_upload(request))
    except ValidationError as error:
        unread_form_error(form, "photo_upload", error)
    return form


@role_required()
def _create_too_large(request):
    """A proposal sent with a photo too large for the form to be read (core.uploads): the empty form, the message."""
    if not access.can_propose(request.user):
        raise PermissionDenied
    form = _photo_too_large(request, HonoureeForm())
    return render(request, "honourees/honouree_form.html", {"form": form, "honouree": None}, status=413)


@too_large_page(_create_too_large)
@role_required()
def honouree_create(request):
    if not access.can_propose(request.user):
        raise PermissionDenied
    form = HonoureeForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        honouree = services.honouree_propose(
            user=request.user, data=form.proposal_data(), photo=form.photo_change() or None
        )
        messages.success(request, _("The proposal was sent to the Dept. of Home Affairs."))
        return redirect("honourees:detail", pk=honouree.pk)
    return render(request, "honourees/honouree_form.html", {"form": form, "honouree": None})


@role_required()
def honouree_detail(request, pk):
    _register_user(request)
    honouree = selectors.staff_detail(access.visible_honourees(request.user), pk)
    if honouree is None:
        # Another agency's proposal is as invisible as a missing one.
        raise Http404
    user = request.user
    can_decide = access.can_decide(user)
    return render(
        request,
        "honourees/honouree_detail.html",
        {
            "honouree": honouree,
            "show_private": access.can_view_private(user, honouree),
            "can_edit": access.can_edit(user, honouree),
            "can_resubmit": access.can_resubmit(user, honouree),
            "can_decide": can_decide,
            "duplicates": list(selectors.possible_duplicates(honouree)) if can_decide else [],
            "timeline": selectors.pipeline_timeline(honouree),
            "can_nurture": access.can_record_nurture(user, honouree),
            "can_replicate": access.can_record_replication(user, honouree),
            "can_dispatch": access.can_record_dispatch(user, honouree),
            "coverages": access.visible_coverages(user, selectors.coverage_for_honouree(honouree)),
            "reason_form": ReasonForm(),
            "note_form": NoteForm(),
            "S": honouree.Status,
        },
    )


@role_required()
def _edit_too_large(request, pk):
    """An edit sent with a photo too large for the form to be read: the saved values again, the message."""
    honouree = access.get_honouree_for(request.user, pk)
    if not access.can_edit(request.user, honouree):
        raise PermissionDenied
    form = _photo_too_large(request, HonoureeForm(instance=honouree))
    return render(request, "honourees/honouree_form.html", {"form": form, "honouree": honouree}, status=413)


@too_large_page(_edit_too_large)
@role_required()
def honouree_edit(request, pk):
    honouree = access.get_honouree_for(request.user, pk)
    if not access.can_edit(request.user, honouree):
        raise PermissionDenied
    form = HonoureeForm(request.POST or None, request.FILES or None, instance=honouree)
    if request.method == "POST" and form.is_valid():
        try:
            services.honouree_update(
                honouree=honouree,
                user=request.user,
                data=form.proposal_data(),
                photo=form.photo_change(),
                loaded_version=form.cleaned_data.get("loaded_version"),
            )
        except services.FlowError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("Changes saved."))
            return redirect("honourees:detail", pk=pk)
    return render(request, "honourees/honouree_form.html", {"form": form, "honouree": honouree})


# step name → (service, needs a reason)
STEPS = {
    "resubmit": (services.honouree_resubmit, False),
    "verify": (services.honouree_verify, False),
    "request_info": (services.honouree_request_info, True),
    "reject": (services.honouree_reject, True),
    "publish": (services.honouree_publish, None),
    "unpublish": (services.honouree_unpublish, True),
}


@require_POST
@role_required()
def honouree_step(request, pk, step):
    if step not in STEPS:
        raise Http404
    honouree = access.get_honouree_for(request.user, pk)
    service, needs_reason = STEPS[step]
    kwargs = {}
    if needs_reason is not None:
        form = (ReasonForm if needs_reason else NoteForm)(request.POST)
        if not form.is_valid():
            messages.error(request, _("Give a reason."))
            return redirect("honourees:detail", pk=pk)
        kwargs["reason" if needs_reason else "note"] = form.cleaned_data["reason"]
    try:
        honouree = service(honouree=honouree, user=request.user, **kwargs)
    except (services.FlowError, ValidationError) as exc:
        messages.error(request, " ".join(exc.messages) if isinstance(exc, ValidationError) else str(exc))
    else:
        messages.success(
            request, _("%(name)s: %(status)s.") % {"name": honouree.name, "status": honouree.get_status_display()}
        )
    return redirect("honourees:detail", pk=pk)


@role_required()
def commendation_add(request, pk):
    honouree = access.get_honouree_for(request.user, pk)
    if not access.can_decide(request.user):
        raise PermissionDenied
    duplicates = []
    form = CommendationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.commendation_record(
                honouree=honouree,
                user=request.user,
                form=data["form"],
                achievement=data["achievement"],
                decision_number=data["decision_number"],
                decision_date=data["decision_date"],
                issuing_authority=data["issuing_authority"],
                confirm_duplicate=data["confirm_duplicate"],
            )
        except services.DuplicateCommendation as exc:
            duplicates = exc.existing
            form = CommendationForm(request.POST, duplicates=duplicates)
            form.is_valid()
        except (services.FlowError, ValidationError) as exc:
            form.add_error(None, " ".join(exc.messages) if isinstance(exc, ValidationError) else str(exc))
        else:
            messages.success(request, _("Commendation recorded."))
            return redirect("honourees:detail", pk=pk)
    return render(
        request, "honourees/commendation_form.html", {"form": form, "honouree": honouree, "duplicates": duplicates}
    )


@role_required()
def honouree_photo(request, pk):
    honouree = access.get_honouree_for(request.user, pk)
    if not honouree.photo:
        raise Http404
    return photo_response(honouree, private=True)


def photo_response(honouree, *, private):
    content_type = "image/png" if honouree.photo.name.lower().endswith(".png") else "image/jpeg"
    response = FileResponse(open_stored(honouree.photo), content_type=content_type)
    response["Cache-Control"] = "private, max-age=0, no-store" if private else "public, max-age=3600"
    return response


@role_required()
def report_coverage(request, report_pk):
    """The honourees one activity report introduced; its agency's staff add and remove them while it is editable."""
    from reports import access as report_access

    report = report_access.report_for(request.user, report_pk)
    can_manage = access.can_manage_coverage(request.user, report, can_edit_report=report_access.can_edit_report)
    form = None
    if can_manage:
        form = CoverageForm(
            request.POST or None,
            honourees=access.coverable_honourees(request.user).order_by("name"),
            channels=CoverageForm.channels_for(report),
        )
    if request.method == "POST":
        if not can_manage:
            raise PermissionDenied
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.coverage_add(
                    report=report,
                    user=request.user,
                    honouree=data["honouree"],
                    channel=data["channel"],
                    note=data["note"],
                    link=data["link"],
                )
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                messages.success(request, _("Added to the report."))
                return redirect("honourees:report_coverage", report_pk=report.pk)
    return render(
        request,
        "honourees/report_coverage.html",
        {
            "report": report,
            "coverages": selectors.coverage_for_report(report),
            "form": form,
            "can_manage": can_manage,
        },
    )


@require_POST
@role_required()
def coverage_remove(request, pk):
    from reports import access as report_access

    coverage = get_object_or_404(HonoureeCoverage.objects.select_related("report"), pk=pk)
    report = report_access.report_for(request.user, coverage.report_id)
    coverage.report = report
    services.coverage_remove(coverage=coverage, user=request.user)
    messages.success(request, _("Removed from the report."))
    return redirect("honourees:report_coverage", report_pk=report.pk)


class PipelineStep(NamedTuple):
    """A record of the exemplar pipeline added from the honouree's page: its form, service, rule and wording."""

    form: type
    service: object
    may: object
    title: str
    done: str


PIPELINE = {
    "nurture": PipelineStep(
        NurtureForm,
        services.nurture_record,
        access.can_record_nurture,
        gettext_lazy("Record a support"),
        gettext_lazy("Support recorded."),
    ),
    "replicate": PipelineStep(
        ReplicationForm,
        services.replication_record,
        access.can_record_replication,
        gettext_lazy("Record a replication"),
        gettext_lazy("Replication recorded."),
    ),
    "dispatch": PipelineStep(
        DispatchForm,
        services.dispatch_record,
        access.can_record_dispatch,
        gettext_lazy("Record an introduction on a portal"),
        gettext_lazy("Introduction on the portal recorded."),
    ),
}


def _pipeline_add(request, pk, name):
    """The form of one pipeline record (``PIPELINE[name]``) for honouree ``pk``; saved through its service."""
    honouree = access.get_honouree_for(request.user, pk)
    step = PIPELINE[name]
    if not step.may(request.user, honouree):
        raise PermissionDenied
    form = step.form(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            step.service(honouree=honouree, user=request.user, **form.cleaned_data)
        except (services.FlowError, ValidationError) as exc:
            form.add_error(None, exc if isinstance(exc, ValidationError) else str(exc))
        else:
            messages.success(request, step.done)
            return redirect(f"{reverse('honourees:detail', args=[pk])}#timeline")
    context = {"form": form, "honouree": honouree, "title": step.title}
    return render(request, "honourees/pipeline_form.html", context)


@role_required()
def nurture_add(request, pk):
    return _pipeline_add(request, pk, "nurture")


@role_required()
def replication_add(request, pk):
    return _pipeline_add(request, pk, "replicate")


@role_required()
def dispatch_add(request, pk):
    return _pipeline_add(request, pk, "dispatch")
