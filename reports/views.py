"""Report pages: each view checks access, validates a form, calls a service, renders or redirects."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from agencies import access as agency_access
from agencies import roles as r
from agencies.access import role_required
from agencies.models import Agency
from core.storage import private_download
from core.uploads import too_large_page, unread_upload

from . import access, reminders, selectors, services, spreadsheets
from .forms import (
    BoardFilterForm,
    EvidenceFileForm,
    EvidenceLinkForm,
    InboxFilterForm,
    ReasonForm,
    ReportForm,
    XlsxUploadForm,
)
from .models import ActivityReport, Evidence, ReminderLog, ReportingPeriod


def _conflict_text():
    return _(
        "Someone else saved this report after you opened it. Your input is shown below and was NOT saved; "
        "their changes are listed above the figures. Saving again will replace their version with yours."
    )


# --- the clerk ----------------------------------------------------------------------


def _agency_param(value):
    """An agency id from the page's address or form, or ``None`` (the user's own agency)."""
    value = str(value or "").strip()
    return int(value) if value.isdigit() else None


@role_required(r.CLERK, r.AGENCY_HEAD)
@require_GET
def my_reports(request):
    """The clerk's home: the current period, its deadline, what to do next, the agency's past reports.

    ``?agency=<id>``: the home of another agency the user also acts for (``User.acts_for``), with a switch
    between them; their own agency's by default.
    """
    if not agency_access.is_agency_staff(request.user):
        raise PermissionDenied
    agencies = access.agencies_worked_for(request.user)
    agency = access.agency_worked_for(request.user, _agency_param(request.GET.get("agency")), agencies=agencies)
    own = agency.pk == request.user.agency_id
    # The reports of the agencies the user's own agency continues are listed too, read-only
    # (``access.can_view_report``).
    continued = agency_access.continued_agency_ids(request.user) if own else ()
    home = selectors.clerk_home(agency, continued=continued)
    page = Paginator(home.past, selectors.PAST_PAGE_SIZE).get_page(request.GET.get("page"))
    awaiting = []
    if agency_access.has_role(request.user, r.AGENCY_HEAD):
        awaiting = list(
            ActivityReport.objects.filter(agency=agency, status=ActivityReport.Status.AWAITING_APPROVAL)
            .select_related("period")
            .order_by("period__end")
        )
    # An agency that has ceased (e.g. a district People's Committee merged away) keeps its past reports but has
    # no current period: say so instead of offering a report it may not start.
    ceased_on = agency.active_until if agency.active_until and agency.active_until < timezone.localdate() else None
    context = {
        "home": home,
        "agency": agency,
        "agencies": agencies,
        "awaiting": awaiting,
        "ceased_on": ceased_on,
        "page": page,
        "query": "" if own else urlencode({"agency": agency.pk}),
    }
    return render(request, "reports/my_reports.html", context)


@role_required(r.CLERK, r.AGENCY_HEAD)
@require_POST
def report_start(request, code):
    """Open (creating if needed) the report for the period ``code`` of the user's agency, or of the agency the form
    names (``agency``) when the user also acts for it (``access.agency_worked_for``)."""
    agency = access.agency_worked_for(request.user, _agency_param(request.POST.get("agency")))
    if not access.can_start_report(request.user, agency):
        raise PermissionDenied
    # Only a period of the agency's own frequency that has already begun.
    period = get_object_or_404(
        ReportingPeriod, code=code, kind=agency.report_frequency, start__lte=timezone.localdate()
    )
    try:
        report, _created = services.report_get_or_create(agency=agency, period=period, user=request.user)
    except services.TransitionError as exc:
        messages.error(request, str(exc))
        home = reverse("reports:my_reports")
        return redirect(home if agency.pk == request.user.agency_id else f"{home}?agency={agency.pk}")
    if access.can_edit_report(request.user, report):
        return redirect("reports:report_edit", pk=report.pk)
    return redirect("reports:report_detail", pk=report.pk)


def _detail_context(request, report):
    grid = selectors.grid_for(report.period.plan)
    user = request.user
    return {
        "report": report,
        "grid": grid,
        "figures": selectors.figures_of(report),
        "comparison": selectors.comparison_of(report),
        "evidence": list(report.evidence.all()),
        "history": selectors.history_of(report, grid=grid),
        "can_edit": access.can_edit_report(user, report),
        "can_submit": access.can_submit_report(user, report),
        "can_approve": access.can_approve_report(user, report),
        "can_review": access.can_review_report(user, report),
        "can_reopen": access.can_reopen_report(user, report),
        "needs_head": report.agency.head_approval_required and not agency_access.has_role(user, r.AGENCY_HEAD),
        "reason_form": ReasonForm(),
        "locked": access.is_locked(report),
        "queue_query": filters.query() if (filters := _queue_filters(request)) else "",
    }


@login_required
@require_GET
def report_detail(request, pk):
    report = access.report_for(request.user, pk)
    return render(request, "reports/report_detail.html", _detail_context(request, report))


@login_required
def report_edit(request, pk):
    """The report form: the figure grid, the narrative sections, save as draft (optimistic locking)."""
    report = access.report_for(request.user, pk)
    if refusal := access.edit_refusal(request.user, report):
        return _not_editable(request, report, refusal)
    grid = selectors.grid_for(report.period.plan)
    if request.method != "POST":
        return _edit_page(request, report, grid, _saved_form(report, grid))
    changed, page = _save_posted(request, report, grid, services.report_save)
    if page is not None:
        return page
    if changed:
        messages.success(request, _("The report was saved as a draft."))
    else:
        messages.info(request, _("There were no changes to save."))
    return redirect("reports:report_edit", pk=report.pk)


@login_required
@require_POST
def report_save_and_submit(request, pk):
    """The edit page's "submit" button: save what is typed, then submit it (an empty report is confirmed first)."""
    report = access.report_for(request.user, pk)
    if refusal := access.edit_refusal(request.user, report):
        return _not_editable(request, report, refusal)
    grid = selectors.grid_for(report.period.plan)
    submitted, page = _save_posted(request, report, grid, services.report_save_and_submit)
    if page is not None:
        return page
    if not submitted:
        context = {**_detail_context(request, report), "confirm_empty": True}
        return render(request, "reports/report_detail.html", context)
    messages.success(request, _submitted_text(report))
    return redirect("reports:report_detail", pk=report.pk)


def _save_posted(request, report, grid, step):
    """Validate the posted form and save it with ``step``: ``(step's result, None)``, or ``(None, the edit page
    again)`` with the errors beside the fields (400) or the other editor's version beside the input (409)."""
    form = ReportForm(request.POST, grid=grid)
    if not form.is_valid():
        return None, _edit_page(request, report, grid, form, status=400)
    try:
        result = step(
            report=report,
            user=request.user,
            expected_version=form.cleaned_data["version"],
            narratives=form.narratives(),
            figures=form.figures(),
            grid=grid,
        )
    except services.ReportConflict:
        conflict = selectors.conflict_with(report_pk=report.pk, grid=grid, form=form)
        form.add_error(None, _conflict_text())
        return None, _edit_page(request, report, grid, form, status=409, conflict=conflict)
    except services.AttributionsOverTotal as exc:
        form.add_error(None, exc)
        return None, _edit_page(request, report, grid, form, status=400)
    return result, None


def _not_editable(request, report, reason):
    """Why the report cannot be edited now, with the way to its page (instead of a bare 403)."""
    return render(request, "reports/report_not_editable.html", {"report": report, "reason": reason}, status=403)


def _saved_form(report, grid):
    return ReportForm(
        grid=grid,
        figures=selectors.figures_of(report),
        initial={"version": report.version, **{n: getattr(report, n) for n in ReportForm.NARRATIVES}},
    )


def _edit_page(request, report, grid, form, *, status=200, conflict=None, link_form=None, file_form=None):
    context = {
        "report": report,
        "form": form,
        "grid": grid,
        "rows": _form_rows(form, grid),
        "conflict": conflict,
        "evidence": list(report.evidence.all()),
        "link_form": link_form or EvidenceLinkForm(),
        "file_form": file_form or EvidenceFileForm(),
        "xlsx_form": XlsxUploadForm(),
        "needs_head": report.agency.head_approval_required and not agency_access.has_role(request.user, r.AGENCY_HEAD),
    }
    return render(request, "reports/report_edit.html", context, status=status)


def _form_rows(form, grid):
    """Rows for the grid template: (channel, [(metric, [bound field per theme])])."""
    return [
        (rows.channel, [(metric, [(t, form.cell(metric.pk, t.pk)) for t in grid.themes]) for metric in rows.metrics])
        for rows in grid.channels
    ]


def _transition(request, pk, check, step, success_message, *, needs_reason=False):
    report = access.report_for(request.user, pk, check=check)
    kwargs = {}
    if needs_reason:
        form = ReasonForm(request.POST)
        if not form.is_valid():
            context = _detail_context(request, report)
            context["reason_form"] = form
            context["reason_action"] = request.resolver_match.url_name
            return render(request, "reports/report_detail.html", context, status=400)
        kwargs["reason"] = form.cleaned_data["reason"]
    try:
        step(report=report, user=request.user, **kwargs)
    except services.ReportConflict:
        messages.error(request, _("The report changed in the meantime; nothing was done. Please check it again."))
    else:
        messages.success(request, success_message)
        return _after_review(request, report)
    return redirect(reverse("reports:report_detail", args=[report.pk]) + _query_suffix(request))


def _query_suffix(request):
    filters = _queue_filters(request)
    return "?" + filters.query() if filters else ""


@login_required
@require_POST
def report_submit(request, pk):
    report = access.report_for(request.user, pk, check=access.can_submit_report)
    try:
        services.report_submit(report=report, user=request.user, confirm_empty=request.POST.get("confirm_empty") == "1")
    except services.EmptyReport:
        context = _detail_context(request, report)
        context["confirm_empty"] = True
        return render(request, "reports/report_detail.html", context, status=200)
    except services.ReportConflict:
        messages.error(request, _("The report changed in the meantime; nothing was done. Please check it again."))
        return redirect("reports:report_detail", pk=report.pk)
    messages.success(request, _submitted_text(report))
    return redirect("reports:report_detail", pk=report.pk)


def _submitted_text(report):
    if report.status == ActivityReport.Status.AWAITING_APPROVAL:
        return _("The report was sent to the agency head for approval.")
    return _("The report was submitted to the province.")


@login_required
@require_POST
def report_approve(request, pk):
    return _transition(
        request, pk, access.can_approve_report, services.report_approve, _("The report was approved and submitted.")
    )


@login_required
@require_POST
def report_send_back(request, pk):
    return _transition(
        request,
        pk,
        access.can_approve_report,
        services.report_send_back,
        _("The report was sent back to the clerk."),
        needs_reason=True,
    )


@login_required
@require_POST
def report_accept(request, pk):
    return _transition(request, pk, access.can_review_report, services.report_accept, _("The report was accepted."))


@login_required
@require_POST
def report_return(request, pk):
    return _transition(
        request,
        pk,
        access.can_review_report,
        services.report_return,
        _("The report was returned to the agency."),
        needs_reason=True,
    )


@login_required
@require_POST
def report_reopen(request, pk):
    return _transition(
        request,
        pk,
        access.can_reopen_report,
        services.report_reopen,
        _("The report was reopened for the agency."),
        needs_reason=True,
    )


# --- evidence -----------------------------------------------------------------------


@login_required
def _evidence_too_large(request, pk):
    """A file too large for its form to be read (core.uploads): the page again, the 10 MB message beside the field."""
    report = access.report_for(request.user, pk, check=access.can_edit_report)
    form = EvidenceFileForm(data={}, files={"file": unread_upload(request)})
    form.is_valid()
    return _evidence_refused(request, report, form, status=413)


@too_large_page(_evidence_too_large)
@login_required
@require_POST
def evidence_add(request, pk):
    report = access.report_for(request.user, pk, check=access.can_edit_report)
    if request.POST.get("kind") == "link":
        form = EvidenceLinkForm(request.POST)
        if form.is_valid():
            services.evidence_add_link(report=report, user=request.user, **form.cleaned_data)
            messages.success(request, _("The link was added."))
            return redirect(reverse("reports:report_edit", args=[report.pk]) + "#evidence")
    else:
        form = EvidenceFileForm(request.POST, request.FILES)
        if form.is_valid():
            services.evidence_add_file(
                report=report,
                user=request.user,
                title=form.cleaned_data["title"],
                upload=form.cleaned_data["file"],
                content_type=form.content_type,
            )
            messages.success(request, _("The file was attached."))
            return redirect(reverse("reports:report_edit", args=[report.pk]) + "#evidence")
    return _evidence_refused(request, report, form, status=400)


def _evidence_refused(request, report, form, *, status):
    """The page again, with the message beside the field; the grid shows what is saved."""
    errors = "; ".join(str(e) for errs in form.errors.values() for e in errs)
    messages.error(request, _("Nothing was attached: %(errors)s") % {"errors": errors})
    grid = selectors.grid_for(report.period.plan)
    forms = {"link_form": form} if isinstance(form, EvidenceLinkForm) else {"file_form": form}
    return _edit_page(request, report, grid, _saved_form(report, grid), status=status, **forms)


@login_required
@require_POST
def evidence_delete(request, pk, evidence_pk):
    report = access.report_for(request.user, pk, check=access.can_edit_report)
    evidence = get_object_or_404(Evidence, pk=evidence_pk, report=report)
    services.evidence_delete(evidence=evidence, user=request.user)
    messages.success(request, _("The evidence was removed."))
    return redirect(reverse("reports:report_edit", args=[report.pk]) + "#evidence")


@login_required
@require_GET
def evidence_file(request, pk, evidence_pk):
    """Serve an uploaded file only to users who may read its report, always as a download."""
    report = access.report_for(request.user, pk)
    evidence = get_object_or_404(Evidence, pk=evidence_pk, report=report, kind=Evidence.Kind.FILE)
    return private_download(evidence.file, filename=evidence.original_name, content_type=evidence.content_type)


# --- spreadsheets -------------------------------------------------------------------


@login_required
@require_GET
def xlsx_template(request, pk):
    """The agency's grid as an XLSX workbook to fill in (the report's current figures included)."""
    report = access.report_for(request.user, pk)
    grid = selectors.grid_for(report.period.plan)
    content = spreadsheets.build_template(report=report, grid=grid, figures=selectors.figures_of(report))
    response = HttpResponse(content, content_type=spreadsheets.XLSX_TYPE)
    response["Content-Disposition"] = f'attachment; filename="bao-cao-{report.period.code}-{report.agency.code}.xlsx"'
    return response


@login_required
def _xlsx_too_large(request, pk):
    """A workbook too large for its form to be read (core.uploads): the preview page with the form's own refusal."""
    report = access.report_for(request.user, pk, check=access.can_edit_report)
    form = XlsxUploadForm(data={}, files={"file": unread_upload(request)})
    form.is_valid()
    context = {"report": report, "form": form, "result": None, "grid": selectors.grid_for(report.period.plan)}
    return render(request, "reports/xlsx_preview.html", context, status=413)


@too_large_page(_xlsx_too_large)
@login_required
@require_POST
def xlsx_upload(request, pk):
    """Read a filled-in template and show what it would change; nothing is saved here."""
    report = access.report_for(request.user, pk, check=access.can_edit_report)
    grid = selectors.grid_for(report.period.plan)
    form = XlsxUploadForm(request.POST, request.FILES)
    result = None
    if form.is_valid():
        result = spreadsheets.read_upload(form.cleaned_data["file"], report=report, grid=grid)
        if not result.errors:
            result.changes = spreadsheets.changes(grid=grid, before=selectors.figures_of(report), after=result.figures)
    context = {"report": report, "form": form, "result": result, "grid": grid}
    status = 200 if form.is_valid() and not result.errors else 400
    return render(request, "reports/xlsx_preview.html", context, status=status)


@login_required
@require_POST
def xlsx_apply(request, pk):
    """Save the figures confirmed on the preview page (the same validation and locking as the form)."""
    report = access.report_for(request.user, pk, check=access.can_edit_report)
    grid = selectors.grid_for(report.period.plan)
    form = ReportForm(request.POST, grid=grid)
    # Narrative fields are not on the preview page: only the figures are saved.
    if not form.is_valid():
        messages.error(request, _("The figures could not be read; nothing was saved."))
        return redirect("reports:report_edit", pk=report.pk)
    try:
        changed = services.report_save(
            report=report, user=request.user, expected_version=form.cleaned_data["version"], figures=form.figures()
        )
    except services.ReportConflict:
        messages.error(request, _conflict_text())
        return redirect("reports:report_edit", pk=report.pk)
    except services.AttributionsOverTotal as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("reports:report_edit", pk=report.pk)
    if changed:
        messages.success(request, _("The figures from the workbook were saved."))
    else:
        messages.info(request, _("There were no changes to save."))
    return redirect("reports:report_edit", pk=report.pk)


# --- the reviewer -------------------------------------------------------------------


@role_required(r.REVIEWER, r.ADMIN, r.LEADERSHIP)
@require_GET
def inbox(request):
    """Reports received for one period, by status."""
    periods = selectors.inbox_periods()
    form = InboxFilterForm(request.GET or None, periods=periods)
    by_code = {p.code: p for p in periods}
    period = None
    status = ""
    if form.is_valid():
        period = by_code.get(form.cleaned_data["period"])
        status = form.cleaned_data["status"]
    period = period or selectors.default_inbox_period(periods)
    period = period.as_period() if period else None
    if period is not None and not form.is_bound:
        form = InboxFilterForm(initial={"period": period.code}, periods=periods)
    page, counts = (None, {})
    if period:
        page, counts = selectors.inbox(period=period, status=status or None, page=request.GET.get("page"))
    query = {"period": period.code} if period else {}
    if status:
        query["status"] = status
    context = {
        "form": form,
        "periods": periods,
        "period": period,
        "page": page,
        "reports": page.object_list if page else [],
        "query": urlencode(query),
        "counts": counts,
        # Only what the inbox lists: a draft, or one awaiting its head's approval, is not the province's to count.
        "statuses": [(s.value, s.label) for s in selectors.INBOX_STATUSES],
    }
    return render(request, "reports/inbox.html", context)


@role_required(r.REVIEWER, r.ADMIN, r.AGENCY_HEAD)
@require_GET
def queue(request):
    """What waits for the user's action across every period, oldest deadline first, searchable and filterable."""
    filters = selectors.QueueFilters.from_query(request.GET)
    page, counts = selectors.queue(request.user, filters=filters, page=request.GET.get("page"))
    periods = selectors.queue_periods(request.user)
    context = {
        "filters": filters,
        "page": page,
        "rows": page.object_list,
        "counts": counts,
        "total": sum(counts.values()),
        "statuses": [(s.value, s.label) for s in selectors.QUEUE_STATUSES if s.value in counts],
        "kinds": Agency.Kind.choices,
        # The units of the periods looked at: district-level up to 30/06/2025, commune-level after.
        "units": selectors.queue_units(periods, chosen=filters.period),
        "periods": periods,
        "query": urlencode(filters.items()),
        "row_query": filters.query(),
    }
    return render(request, "reports/queue.html", context)


def _queue_filters(request):
    """The queue's filters when the page was opened from the queue (``?queue=1&…``), else None."""
    return selectors.QueueFilters.from_query(request.GET) if request.GET.get("queue") else None


def _after_review(request, report):
    """Where to go after a step: on to the next report of the same queue when the report was opened from it."""
    filters = _queue_filters(request)
    if filters is None:
        return redirect("reports:report_detail", pk=report.pk)
    following = selectors.next_in_queue(request.user, filters=filters, after=report.pk)
    if following.pk is None:
        messages.info(request, _("Nothing else waits in this queue."))
        url = reverse("reports:queue")
        query = urlencode(filters.items())
        return redirect(f"{url}?{query}" if query else url)
    place = {"place": following.place, "total": following.total}
    messages.info(request, _("Next: report %(place)s of %(total)s in this queue.") % place)
    return redirect(reverse("reports:report_detail", args=[following.pk]) + "?" + filters.query())


@role_required(r.REVIEWER, r.ADMIN, r.LEADERSHIP)
@require_GET
def board(request):
    """The completeness board: agencies × periods, with reporting and on-time rates."""
    years = selectors.years_with_periods()
    today = timezone.localdate()
    default_year = today.year if today.year in years else (years[-1] if years else today.year)
    # Unfiltered, the selects show what the board shows: this year, quarterly.
    form = BoardFilterForm(request.GET or None, years=years, initial={"year": default_year, "frequency": "quarter"})
    filters = form.cleaned_data if form.is_valid() else {}
    board = selectors.completeness_board(
        year=filters.get("year") or default_year,
        frequency=filters.get("frequency") or "quarter",
        kind=filters.get("kind") or None,
        unit=filters["unit"].pk if filters.get("unit") else None,
        today=today,
    )
    # Agencies 50 to a page; the rates below the table are over all of them, whatever the page.
    page = Paginator(board.rows, selectors.BOARD_PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "form": form,
        "board": board,
        "page": page,
        "query": query.urlencode(),
        "year": filters.get("year") or default_year,
    }
    return render(request, "reports/board.html", context)


@role_required(r.REVIEWER, r.ADMIN, r.LEADERSHIP)
@require_GET
def late(request, code):
    """The agencies that have not reported for one period, or reported after its deadline."""
    period = get_object_or_404(ReportingPeriod, code=code, kind__in=["month", "quarter"])
    rows = selectors.late_agencies(period=period)
    log = list(
        ReminderLog.objects.filter(period=period, sent_at__isnull=False)
        .select_related("agency", "sent_by")
        .order_by("-sent_at")
    )
    last_sent = {}
    for entry in reversed(log):
        last_sent[entry.agency_id] = entry
    reachable = reminders.reachable_ids([agency for agency, _state, _report in rows])
    context = {
        "period": period,
        "rows": [
            (agency, state, report, last_sent.get(agency.pk), agency.pk in reachable) for agency, state, report in rows
        ],
        "log": log,
        "can_remind": agency_access.is_reviewer(request.user),
        "unreachable": sum(1 for agency, _s, _r in rows if agency.pk not in reachable),
    }
    return render(request, "reports/late.html", context)


@role_required(r.REVIEWER, r.ADMIN, r.LEADERSHIP)
@require_GET
def behind(request):
    """Every agency behind with its reports, monthly and quarterly together, with counts and filters."""
    form = BoardFilterForm(request.GET or None, years=[])
    filters = form.cleaned_data if form.is_valid() else {}
    rows = selectors.behind(
        kind=filters.get("kind") or None,
        unit=filters["unit"].pk if filters.get("unit") else None,
        frequency=filters.get("frequency") or None,
    )
    context = {
        "form": form,
        "rows": rows,
        "missing": sum(len(row.missing) for row in rows),
        "by_frequency": {f: sum(1 for row in rows if row.agency.report_frequency == f) for f in ("month", "quarter")},
    }
    return render(request, "reports/behind.html", context)


AGENCY_REMINDERS_SHOWN = 20


def agency_reminders(request, agency):
    """AGENCY_PAGE_SECTIONS: the reminders sent to the agency, latest first, for the province's roles (HTML)."""
    if not agency_access.has_role(request.user, r.REVIEWER, r.ADMIN, r.LEADERSHIP):
        return ""
    log = (
        ReminderLog.objects.filter(agency=agency, sent_at__isnull=False)
        .select_related("period", "sent_by")
        .order_by("-sent_at")[:AGENCY_REMINDERS_SHOWN]
    )
    reachable = agency.pk in reminders.reachable_ids([agency])
    context = {"agency": agency, "log": list(log), "reachable": reachable}
    return render_to_string("reports/_agency_reminders.html", context, request=request)


@role_required(r.REVIEWER, r.ADMIN)
@require_POST
def late_remind(request, code):
    """Remind now the selected agencies (or all) that have not sent the period's report; once per agency a day."""
    period = get_object_or_404(ReportingPeriod, code=code, kind__in=["month", "quarter"])
    owing = {agency.pk for agency, state, _r in selectors.late_agencies(period=period) if state == selectors.MISSING}
    chosen = owing if request.POST.get("all") else {int(v) for v in request.POST.getlist("agency") if v.isdigit()}
    chosen &= owing
    if not chosen:
        messages.error(request, _("Select at least one agency that has not sent its report."))
        return redirect("reports:late", code=period.code)
    result = reminders.send_reminders_now(period=period, agency_ids=chosen, user=request.user)
    messages.success(request, _("Reminders sent: %(n)s.") % {"n": len(result.sent)})
    if result.already:
        names = ", ".join(a.name for a in result.already)
        messages.info(request, _("Already reminded today, not sent again: %(names)s.") % {"names": names})
    if result.no_address:
        names = ", ".join(a.name for a in result.no_address)
        messages.warning(request, _("No e-mail address, nothing sent: %(names)s.") % {"names": names})
    if result.failed:
        names = ", ".join(a.name for a in result.failed)
        messages.error(request, _("The e-mail could not be sent, try again later: %(names)s.") % {"names": names})
    return redirect("reports:late", code=period.code)
