"""Guidance pages: each view checks access, validates a form, calls a service, renders or redirects."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from agencies import access as agency_access
from agencies.access import role_required
from campaigns.selectors import current_plan
from core.storage import private_download
from reports import access as report_access

from . import access, selectors, services
from .forms import (
    AttachmentForm,
    ContentProvisionForm,
    ContentUsedForm,
    GuidanceForm,
    OrderLineFormSet,
    PressOrderForm,
    ReportLinkForm,
)
from .models import GuidanceAttachment, GuidanceReport


@role_required()
@require_GET
def guidance_list(request):
    """Reviewers: every guidance with its acknowledgement rate; agency staff: what was sent to their agency."""
    user = request.user
    if not (access.can_read_all(user) or agency_access.is_agency_staff(user)):
        raise PermissionDenied
    own = user.agency_id if not access.can_read_all(user) else None
    rows = selectors.guidance_list(access.visible_guidance(user), agency_id=own)
    return render(request, "duties/guidance_list.html", {"rows": rows, "can_draft": access.can_draft(user), "own": own})


def _form_page(request, form, guidance=None, status=200):
    return render(request, "duties/guidance_form.html", {"form": form, "guidance": guidance}, status=status)


@role_required()
def guidance_create(request):
    if not access.can_draft(request.user):
        raise PermissionDenied
    form = GuidanceForm(request.POST or None, plan=current_plan())
    if request.method == "POST":
        if form.is_valid():
            try:
                guidance = services.guidance_save(form=form, user=request.user)
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                messages.success(request, _("The draft guidance was saved."))
                return redirect("duties:guidance_detail", pk=guidance.pk)
        return _form_page(request, form, status=400)
    return _form_page(request, form)


@role_required()
def guidance_edit(request, pk):
    guidance = access.guidance_for(request.user, pk)
    if not access.can_edit(request.user, guidance):
        raise PermissionDenied
    form = GuidanceForm(request.POST or None, instance=guidance, plan=guidance.plan)
    if request.method == "POST":
        if form.is_valid():
            services.guidance_save(form=form, user=request.user)
            messages.success(request, _("The draft guidance was saved."))
            return redirect("duties:guidance_detail", pk=guidance.pk)
        return _form_page(request, form, guidance, status=400)
    return _form_page(request, form, guidance)


@role_required()
@require_GET
def guidance_detail(request, pk):
    user = request.user
    guidance = access.guidance_for(user, pk)
    context = {
        "guidance": guidance,
        "themes": list(guidance.themes.order_by("order")),
        "movements": list(guidance.movements.order_by("name")),
        "attachments": list(guidance.attachments.all()),
        "can_edit": access.can_edit(user, guidance),
        "can_remind": access.can_draft(user) and guidance.is_issued,
        "attachment_form": AttachmentForm() if access.can_edit(user, guidance) else None,
    }
    if access.can_read_all(user):
        acknowledged, waiting = selectors.recipients_of(guidance)
        total = len(acknowledged) + len(waiting)
        context.update(acknowledged=acknowledged, waiting=waiting, total=total)
        context["rate"] = selectors.rate(len(acknowledged), total)
    else:  # agency staff of a recipient agency (``guidance_for`` shows them nothing else)
        context["own"] = selectors.own_recipient(guidance, user.agency_id)
        context["can_acknowledge"] = context["own"] is not None and access.can_acknowledge(user, context["own"])
        context["own_reports"] = selectors.reports_in_force(guidance, user.agency_id)
    context["links"] = selectors.report_links_of(guidance, reports=report_access.reports_visible_to(user))
    return render(request, "duties/guidance_detail.html", context)


@role_required()
@require_POST
def guidance_issue(request, pk):
    guidance = access.guidance_for(request.user, pk)
    try:
        services.guidance_issue(guidance=guidance, user=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("The guidance was issued to its recipients."))
    return redirect("duties:guidance_detail", pk=guidance.pk)


@role_required()
@require_POST
def guidance_acknowledge(request, pk):
    guidance = access.guidance_for(request.user, pk)
    own = selectors.own_recipient(guidance, request.user.agency_id)
    if own is None:
        raise PermissionDenied
    services.acknowledge(recipient=own, user=request.user)
    messages.success(request, _("Your agency acknowledged the guidance."))
    return redirect("duties:guidance_detail", pk=guidance.pk)


@role_required()
@require_POST
def guidance_remind(request, pk):
    guidance = access.guidance_for(request.user, pk)
    if not (access.can_draft(request.user) and guidance.is_issued):
        raise PermissionDenied
    sent = services.send_guidance_reminders(guidance=guidance, user=request.user)
    messages.success(request, _("Reminders sent: %(n)s (at most one a day to each agency).") % {"n": sent})
    return redirect(reverse("duties:guidance_detail", args=[guidance.pk]) + "#waiting")


@role_required()
@require_POST
def attachment_add(request, pk):
    guidance = access.guidance_for(request.user, pk)
    if not access.can_edit(request.user, guidance):
        raise PermissionDenied
    form = AttachmentForm(request.POST, request.FILES)
    if form.is_valid():
        services.attachment_add(
            guidance=guidance,
            user=request.user,
            title=form.cleaned_data["title"],
            upload=form.cleaned_data["file"],
            content_type=form.content_type,
        )
        messages.success(request, _("The file was attached."))
    else:
        errors = "; ".join(str(e) for errs in form.errors.values() for e in errs)
        messages.error(request, _("Nothing was attached: %(errors)s") % {"errors": errors})
    return redirect("duties:guidance_detail", pk=guidance.pk)


@role_required()
@require_GET
def attachment_file(request, pk, attachment_pk):
    """Serve an attachment only to users who may read the guidance, always as a download."""
    guidance = access.guidance_for(request.user, pk)
    attachment = get_object_or_404(GuidanceAttachment, pk=attachment_pk, guidance=guidance)
    return private_download(attachment.file, filename=attachment.original_name, content_type=attachment.content_type)


@role_required()
def report_guidance(request, report_pk):
    """The guidance one activity report answered; its agency's staff add and remove it while it is editable."""
    report = report_access.report_for(request.user, report_pk)
    can_manage = access.can_link_reports(request.user, report, can_edit_report=report_access.can_edit_report)
    form = ReportLinkForm(request.POST or None, choices=selectors.linkable_guidance(report)) if can_manage else None
    if request.method == "POST":
        if not can_manage:
            raise PermissionDenied
        if form.is_valid():
            try:
                services.report_link_add(guidance=form.cleaned_data["guidance"], report=report, user=request.user)
            except ValidationError as exc:
                form.add_error("guidance", exc)
            else:
                messages.success(request, _("Added to the report."))
                return redirect("duties:report_guidance", report_pk=report.pk)
    context = {"report": report, "links": selectors.links_of_report(report), "form": form, "can_manage": can_manage}
    return render(request, "duties/report_guidance.html", context, status=400 if form and form.errors else 200)


@role_required()
@require_POST
def report_link_remove(request, pk):
    link = get_object_or_404(GuidanceReport.objects.select_related("report"), pk=pk)
    report = report_access.report_for(request.user, link.report_id, check=report_access.can_edit_report)
    services.report_link_remove(link=link)
    messages.success(request, _("Removed from the report."))
    return redirect("duties:report_guidance", report_pk=report.pk)


# --- press orders --------------------------------------------------------------------


@role_required()
@require_GET
def order_list(request):
    """Reviewers and province roles: every press order; a press agency's staff: the orders it received."""
    user = request.user
    if not (access.can_read_all(user) or agency_access.is_agency_staff(user)):
        raise PermissionDenied
    rows = selectors.order_list(access.visible_orders(user))
    return render(request, "duties/order_list.html", {"rows": rows, "can_order": access.can_draft(user)})


@role_required()
def order_create(request):
    if not access.can_draft(request.user):
        raise PermissionDenied
    plan = current_plan()
    form = PressOrderForm(request.POST or None, plan=plan)
    lines = OrderLineFormSet(request.POST or None, form_kwargs={"plan": plan}, prefix="lines")
    if request.method == "POST":
        if form.is_valid() and lines.is_valid():
            try:
                order = services.order_create(form=form, lines=lines, user=request.user)
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                messages.success(request, _("The order was recorded."))
                return redirect("duties:order_detail", pk=order.pk)
        return render(request, "duties/order_form.html", {"form": form, "lines": lines}, status=400)
    return render(request, "duties/order_form.html", {"form": form, "lines": lines})


@role_required()
@require_GET
def order_detail(request, pk):
    order = access.order_for(request.user, pk)
    return render(request, "duties/order_detail.html", {"order": order, "delivery": selectors.order_delivery(order)})


# --- content provided to the press -----------------------------------------------------


@role_required()
@require_GET
def content_list(request):
    """Province roles: every record; an agency's staff: what it provided and what was provided to it."""
    user = request.user
    if not (access.can_read_all(user) or agency_access.is_agency_staff(user)):
        raise PermissionDenied
    rows = selectors.content_list(access.visible_content(user))
    context = {"rows": rows, "can_provide": access.can_provide(user), "own": user.agency_id}
    return render(request, "duties/content_list.html", context)


@role_required()
def content_create(request):
    user = request.user
    if not access.can_provide(user):
        raise PermissionDenied
    form = ContentProvisionForm(request.POST or None, request.FILES or None, plan=current_plan(), agency=user.agency)
    if request.method == "POST":
        if form.is_valid():
            content = services.content_provide(form=form, user=user)
            messages.success(request, _("The content provided was recorded."))
            return redirect("duties:content_detail", pk=content.pk)
        return render(request, "duties/content_form.html", {"form": form}, status=400)
    return render(request, "duties/content_form.html", {"form": form})


def _content_page(request, content, used_form=None, status=200):
    can_mark = access.can_mark_used(request.user, content)
    if can_mark and used_form is None:
        used_form = ContentUsedForm(content=content)
    context = {"content": content, "used_form": used_form if can_mark else None}
    return render(request, "duties/content_detail.html", context, status=status)


@role_required()
@require_GET
def content_detail(request, pk):
    return _content_page(request, access.content_for(request.user, pk))


@role_required()
@require_POST
def content_used(request, pk):
    content = access.content_for(request.user, pk)
    if not access.can_mark_used(request.user, content):
        raise PermissionDenied
    form = ContentUsedForm(request.POST, content=content)
    if not form.is_valid():
        return _content_page(request, content, form, status=400)
    services.content_mark_used(content=content, user=request.user, **form.cleaned_data)
    messages.success(request, _("Marked as used, with the published link."))
    return redirect("duties:content_detail", pk=content.pk)


@role_required()
@require_GET
def content_file(request, pk):
    """The file provided, only to those who may read the record, always as a download."""
    content = access.content_for(request.user, pk)
    if not content.file:
        raise Http404
    return private_download(content.file, filename=content.original_name, content_type=content.content_type)
