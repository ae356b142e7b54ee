from django.contrib import admin, messages
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from core.admin_history import HistoryAdmin

from . import selectors, services, texts
from .models import (
    Channel,
    Duty,
    DutyGroup,
    LegalBasis,
    Metric,
    Movement,
    Objective,
    Occasion,
    Plan,
    Recipient,
    Theme,
)


class LegalBasisInline(admin.TabularInline):
    model = LegalBasis
    extra = 0


class ObjectiveInline(admin.TabularInline):
    model = Objective
    extra = 0


class ThemeInline(admin.StackedInline):
    model = Theme
    extra = 0
    fields = [("code", "order"), ("short_name", "short_name_en"), "text"]


class ChannelInline(admin.StackedInline):
    model = Channel
    extra = 0
    fields = [("code", "order"), ("short_name", "short_name_en"), "text"]
    show_change_link = True


class DutyGroupInline(admin.TabularInline):
    model = DutyGroup
    extra = 0
    fields = ["code", "order", "responsible", "responsible_kinds"]
    show_change_link = True


class RecipientInline(admin.TabularInline):
    model = Recipient
    extra = 0


@admin.register(Plan)
class PlanAdmin(HistoryAdmin):
    list_display = ["title", "code", "start_year", "end_year", "is_draft_copy", "issuing_body", "signer_name"]
    search_fields = ["title", "code"]
    list_filter = ["start_year", "is_draft_copy"]
    fieldsets = [
        (
            None,
            {
                "fields": [
                    "code",
                    "title",
                    ("number", "issued_on"),
                    ("start_year", "end_year"),
                    "issuing_body",
                    "issuing_body_short",
                ]
            },
        ),
        (_("Text"), {"fields": ["preamble", "propaganda_time", "closing"]}),
        (_("Signature"), {"fields": ["signer_authority", "signer_capacity", "signer_title", "signer_name"]}),
        (_("Origin"), {"fields": ["copied_from", "is_draft_copy", ("confirmed_at", "confirmed_by")]}),
    ]
    readonly_fields = ["copied_from", "is_draft_copy", "confirmed_at", "confirmed_by"]
    inlines = [LegalBasisInline, ObjectiveInline, ThemeInline, ChannelInline, DutyGroupInline, RecipientInline]
    actions = ["copy_to_next_phase", "confirm"]
    # Above the list: the call to create the next plan when none covers today, or to confirm today's copy.
    change_list_template = "admin/campaigns/plan/change_list.html"

    def changelist_view(self, request, extra_context=None):
        extra_context = {**(extra_context or {}), "phase_status": selectors.phase_status()}
        return super().changelist_view(request, extra_context=extra_context)

    def history_reason(self, record) -> str:
        reasons = {
            services.COPIED: gettext("Copied from an earlier phase (draft copy)"),
            services.CONFIRMED: gettext("Confirmed"),
        }
        return reasons.get(record.history_change_reason, super().history_reason(record))

    @admin.action(description=_("Copy to the next phase (e.g. 2021-2025 → 2026-2030)"), permissions=["add"])
    def copy_to_next_phase(self, request, queryset):
        for plan in queryset:
            try:
                new = services.plan_copy_to_phase(plan=plan, user=request.user)
            except services.PlanCopyError as exc:
                self.message_user(request, texts.copy_refused(exc), messages.ERROR)
            else:
                self.message_user(request, texts.copied(new), messages.SUCCESS)

    @admin.action(description=_("Confirm the plan (a copy whose texts were edited)"), permissions=["change"])
    def confirm(self, request, queryset):
        for plan in queryset:
            try:
                services.plan_confirm(plan=plan, user=request.user)
            except services.PlanConfirmError:
                self.message_user(request, texts.confirm_refused(plan), messages.WARNING)
            else:
                self.message_user(request, texts.confirmed(plan), messages.SUCCESS)


class MetricInline(admin.TabularInline):
    model = Metric
    extra = 0


@admin.register(Channel)
class ChannelAdmin(admin.ModelAdmin):
    list_display = ["code", "short_name", "plan", "order"]
    list_filter = ["plan"]
    search_fields = ["short_name", "text"]
    inlines = [MetricInline]


@admin.register(Theme)
class ThemeAdmin(admin.ModelAdmin):
    list_display = ["code", "short_name", "plan", "order"]
    list_filter = ["plan"]
    search_fields = ["short_name", "text"]


class DutyInline(admin.StackedInline):
    model = Duty
    extra = 0
    autocomplete_fields = ["coordinating_agencies"]


@admin.register(DutyGroup)
class DutyGroupAdmin(admin.ModelAdmin):
    list_display = ["code", "responsible", "plan"]
    list_filter = ["plan"]
    search_fields = ["responsible"]
    autocomplete_fields = ["responsible_agencies"]
    inlines = [DutyInline]


@admin.register(Movement)
class MovementAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "launched_on", "ends_on"]
    list_filter = ["kind", "plans"]
    search_fields = ["name", "code"]
    filter_horizontal = ["plans"]


@admin.register(Occasion)
class OccasionAdmin(HistoryAdmin):
    list_display = ["name", "starts_on", "ends_on", "recurring", "movement"]
    list_filter = ["recurring", "plans"]
    search_fields = ["name", "code", "basis"]
    filter_horizontal = ["plans"]
    fields = ["code", "name", ("starts_on", "ends_on"), "recurring", "movement", "basis", "plans"]
