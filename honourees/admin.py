"""The Django admin of the Dept. of Home Affairs: the register, with XLSX import and export.

The flow's steps are admin actions that call the same services as the staff
pages, so a step taken here is checked and kept in the history the same way.
"""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import models
from django.utils.translation import gettext_lazy as _
from import_export.admin import ImportExportMixin
from import_export.formats.base_formats import XLSX
from import_export.forms import ImportForm

from core.admin_history import HistoryAdmin
from reports.uploads import XLSX as XLSX_TYPE
from reports.uploads import sniff, unpacks_within_limits

from . import images, selectors, services
from .models import (
    Commendation,
    EthnicGroup,
    Honouree,
    HonoureeCoverage,
    HonoureeEvent,
    NurtureAction,
    PortalDispatch,
    Replication,
)
from .resources import CommendationResource, HonoureeResource

MAX_IMPORT_SIZE = 10 * 1024 * 1024


NOT_XLSX = _("This is not a readable XLSX file. Open it in Excel and save it again as an Excel Workbook (.xlsx).")
NO_ROWS = _("The workbook has no rows: the sheet to import is empty.")


class SafeImportForm(ImportForm):
    """The import form, refusing a workbook that is too large, or unpacks too large, before it is read."""

    def clean_import_file(self):
        upload = self.cleaned_data["import_file"]
        if upload.size > MAX_IMPORT_SIZE:
            raise ValidationError(_("The workbook is larger than 10 MB or unpacks to more than 20 MB."))
        if sniff(upload) != XLSX_TYPE:
            raise ValidationError(NOT_XLSX)
        if not unpacks_within_limits(upload):
            raise ValidationError(_("The workbook is larger than 10 MB or unpacks to more than 20 MB."))
        return upload


class XlsxOnlyMixin(ImportExportMixin):
    formats = [XLSX]
    import_form_class = SafeImportForm

    def add_data_read_fail_error_to_form(self, form, e):
        # django-import-export would name the exception ("'StopIteration' encountered while trying to read file").
        form.add_error("import_file", NO_ROWS if isinstance(e, StopIteration) else NOT_XLSX)


def warn_duplicate_commendation(modeladmin, request, commendation):
    """The admin saves what the officer typed, but says when the achievement already has this form of award."""
    others = selectors.commendation_duplicates(
        honouree=commendation.honouree, form=commendation.form, achievement=commendation.achievement
    ).exclude(pk=commendation.pk)
    if others.exists():
        modeladmin.message_user(
            request,
            _("%(honouree)s: this achievement already has an award of the same form (%(decisions)s).")
            % {"honouree": commendation.honouree, "decisions": ", ".join(o.decision_number for o in others)},
            messages.WARNING,
        )


@admin.register(EthnicGroup)
class EthnicGroupAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "other_names", "in_province", "order"]
    list_filter = ["in_province"]
    search_fields = ["name", "other_names", "code"]


class CommendationInline(admin.TabularInline):
    model = Commendation
    extra = 0
    fields = ["form", "achievement", "decision_number", "decision_date", "issuing_authority"]


def _person(obj, field_name):
    """A user named on a record, as text: a link to their account would open only for the administrator
    (the user list is theirs alone, README Roles)."""
    user = getattr(obj, field_name)
    return (user.get_full_name() or user.get_username()) if user else "—"


class HonoureeEventInline(admin.TabularInline):
    model = HonoureeEvent
    extra = 0
    can_delete = False
    fields = ["at", "action", "from_status", "to_status", "reason", "by"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False

    @admin.display(description=HonoureeEvent._meta.get_field("user").verbose_name)
    def by(self, obj):
        return _person(obj, "user")


class _ReadOnlyInline(admin.TabularInline):
    """The pipeline's records on the honouree's admin page, to read: they are added on the staff page (or in
    their own admin list, for corrections), where the status rules and the history apply."""

    extra = 0
    can_delete = False
    show_change_link = True

    def has_add_permission(self, request, obj=None):
        return False

    def get_readonly_fields(self, request, obj=None):
        return self.fields


class NurtureInline(_ReadOnlyInline):
    model = NurtureAction
    fields = ["done_on", "kind", "supporter", "description"]


class ReplicationInline(_ReadOnlyInline):
    model = Replication
    fields = ["started_on", "adopter", "unit", "coverage", "coverage_kind"]


class DispatchInline(_ReadOnlyInline):
    model = PortalDispatch
    fields = ["sent_on", "destination", "destination_other", "link"]


class HonoureeAdminForm(forms.ModelForm):
    class Meta:
        model = Honouree
        # The admin's fieldsets decide the form's fields; this names the one cleaned here.
        fields = ["photo"]

    def clean_photo(self):
        # A photo uploaded here is cleaned like one from the staff pages: checked, EXIF gone, resized.
        photo = self.cleaned_data.get("photo")
        if isinstance(photo, UploadedFile):
            return images.process_photo(photo)
        return photo


@admin.register(Honouree)
class HonoureeAdmin(XlsxOnlyMixin, HistoryAdmin):
    form = HonoureeAdminForm
    resource_classes = [HonoureeResource]
    list_display = ["name", "category", "kind", "unit", "ethnic_group", "status", "consent_to_publish", "created_at"]
    list_filter = ["status", "category", "kind", "field", "consent_to_publish", "movement", "ethnic_group"]
    search_fields = ["name", "search_text"]
    autocomplete_fields = ["unit", "proposing_agency", "ethnic_group"]
    list_select_related = ["unit", "ethnic_group"]
    readonly_fields = ["slug", "status", "status_reason", "published_at", "proposer", "created_at", "duplicates"]
    inlines = [CommendationInline, NurtureInline, ReplicationInline, DispatchInline, HonoureeEventInline]
    fieldsets = [
        (None, {"fields": ["kind", "category", "name", "slug", "ethnic_group", "position", "workplace", "unit"]}),
        (_("Achievement"), {"fields": ["field", "movement", "summary", "story", "evidence", "photo"]}),
        (_("Publication"), {"fields": ["consent_to_publish", "status", "status_reason", "published_at"]}),
        (_("Private (never public)"), {"fields": list(Honouree.PRIVATE_FIELDS)}),
        (_("Proposal"), {"fields": ["proposing_agency", "proposer", "created_at", "duplicates"]}),
    ]
    actions = ["verify", "publish", "unpublish"]

    def save_model(self, request, obj, form, change):
        # The flow's history shows admin edits too (simple_history keeps the field values).
        super().save_model(request, obj, form, change)
        HonoureeEvent.objects.create(
            honouree=obj,
            action=HonoureeEvent.Action.EDIT if change else HonoureeEvent.Action.PROPOSE,
            from_status=obj.status if change else "",
            to_status=obj.status,
            user=request.user,
        )

    def save_formset(self, request, form, formset, change):
        super().save_formset(request, form, formset, change)
        if formset.model is Commendation:
            for commendation in formset.new_objects + [obj for obj, _changed in formset.changed_objects]:
                warn_duplicate_commendation(self, request, commendation)

    def get_search_results(self, request, queryset, search_term):
        # Search without diacritics: "giang thi dung" finds "Giàng Thị Dung".
        if search_term:
            return queryset.search(search_term), False
        return super().get_search_results(request, queryset, search_term)

    @admin.display(description=Honouree._meta.get_field("proposed_by").verbose_name)
    def proposer(self, obj):
        return _person(obj, "proposed_by")

    @admin.display(description=_("Possible duplicates"))
    def duplicates(self, obj):
        if not obj.pk:
            return "—"
        found = selectors.possible_duplicates(obj)
        return ", ".join(f"{d.name} (#{d.pk}, {d.get_status_display()})" for d in found) or "—"

    def _run(self, request, queryset, step, **kwargs):
        done = 0
        for honouree in queryset:
            try:
                step(honouree=honouree, user=request.user, **kwargs)
                done += 1
            except (services.FlowError, ValidationError, PermissionDenied) as exc:
                self.message_user(request, f"{honouree}: {exc}", messages.WARNING)
        if done:
            self.message_user(request, _("%(count)d honourees updated.") % {"count": done}, messages.SUCCESS)

    @admin.action(description=_("Verify the selected proposals"))
    def verify(self, request, queryset):
        self._run(request, queryset, services.honouree_verify)

    @admin.action(description=_("Publish the selected honourees on the portal"))
    def publish(self, request, queryset):
        self._run(request, queryset, services.honouree_publish)

    @admin.action(description=_("Take the selected honourees off the portal"))
    def unpublish(self, request, queryset):
        self._run(request, queryset, services.honouree_unpublish, reason=str(_("Unpublished from the administration")))


@admin.register(Commendation)
class CommendationAdmin(XlsxOnlyMixin, HistoryAdmin):
    resource_classes = [CommendationResource]
    list_display = ["honouree", "form", "decision_number", "decision_date", "issuing_authority"]
    list_filter = ["form", "decision_date"]
    search_fields = ["honouree__name", "honouree__search_text", "decision_number", "achievement"]
    autocomplete_fields = ["honouree"]
    list_select_related = ["honouree"]
    date_hierarchy = "decision_date"

    def save_model(self, request, obj, form, change):
        if obj.recorded_by_id is None:
            obj.recorded_by = request.user
        super().save_model(request, obj, form, change)
        warn_duplicate_commendation(self, request, obj)


@admin.register(HonoureeCoverage)
class HonoureeCoverageAdmin(admin.ModelAdmin):
    list_display = ["honouree", "report", "channel", "note", "created_at"]
    list_filter = ["channel"]
    search_fields = ["honouree__name", "note"]
    autocomplete_fields = ["honouree"]
    raw_id_fields = ["report"]
    list_select_related = ["honouree", "report__agency", "report__period", "channel"]


class _RecordedAdmin(HistoryAdmin):
    """A pipeline record corrected (or, rarely, added) by the officer: who recorded it stays in the row."""

    autocomplete_fields = ["honouree"]
    readonly_fields = ["recorder", "created_at"]
    list_select_related = ["honouree"]

    def save_model(self, request, obj, form, change):
        if not change:
            obj.recorded_by = request.user
            obj.recording_agency_id = request.user.agency_id
        super().save_model(request, obj, form, change)

    @admin.display(description=_("recorded by"))
    def recorder(self, obj):
        return _person(obj, "recorded_by")


@admin.register(NurtureAction)
class NurtureActionAdmin(_RecordedAdmin):
    list_display = ["honouree", "done_on", "kind", "supporter"]
    list_filter = ["kind", "done_on"]
    search_fields = ["honouree__name", "honouree__search_text", "supporter", "description"]
    date_hierarchy = "done_on"
    fields = ["honouree", "kind", "description", "supporter", "done_on", "recorder", "created_at"]


@admin.register(Replication)
class ReplicationAdmin(_RecordedAdmin):
    list_display = ["honouree", "adopter", "unit", "started_on", "coverage", "coverage_kind"]
    list_filter = ["coverage_kind", "started_on"]
    search_fields = ["honouree__name", "honouree__search_text", "adopter"]
    autocomplete_fields = ["honouree", "unit"]
    list_select_related = ["honouree", "unit"]
    date_hierarchy = "started_on"
    fields = [
        "honouree",
        "adopter",
        "unit",
        "started_on",
        "coverage",
        "coverage_kind",
        "note",
        "recorder",
        "created_at",
    ]


@admin.register(PortalDispatch)
class PortalDispatchAdmin(_RecordedAdmin):
    list_display = ["honouree", "destination", "destination_other", "sent_on", "link"]
    list_filter = ["destination", "sent_on"]
    search_fields = ["honouree__name", "honouree__search_text", "destination_other", "link"]
    date_hierarchy = "sent_on"
    fields = ["honouree", "destination", "destination_other", "sent_on", "link", "note", "recorder", "created_at"]
    # A link typed without its scheme is a web address (Django 6's default too).
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
