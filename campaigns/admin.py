from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _

from .models import Channel, Duty, DutyGroup, LegalBasis, Metric, Movement, Objective, Plan, Recipient, Theme
from .services import PlanCopyError, plan_copy_to_phase


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
class PlanAdmin(admin.ModelAdmin):
    list_display = ["title", "code", "start_year", "end_year", "issuing_body", "signer_name"]
    search_fields = ["title", "code"]
    list_filter = ["start_year"]
    fieldsets = [
        (None, {"fields": ["code", "title", ("start_year", "end_year"), "issuing_body", "issuing_body_short"]}),
        (_("Text"), {"fields": ["preamble", "propaganda_time", "closing"]}),
        (_("Signature"), {"fields": ["signer_authority", "signer_capacity", "signer_title", "signer_name"]}),
        (_("Origin"), {"fields": ["copied_from"]}),
    ]
    readonly_fields = ["copied_from"]
    inlines = [LegalBasisInline, ObjectiveInline, ThemeInline, ChannelInline, DutyGroupInline, RecipientInline]
    actions = ["copy_to_next_phase"]

    @admin.action(description=_("Copy to the next phase (e.g. 2021-2025 → 2026-2030)"))
    def copy_to_next_phase(self, request, queryset):
        for plan in queryset:
            try:
                new = plan_copy_to_phase(plan=plan)
            except PlanCopyError as exc:
                self.message_user(
                    request, _("A plan with the code %(code)s exists already.") % {"code": exc}, messages.ERROR
                )
            else:
                self.message_user(
                    request,
                    _("Copied to %(title)s. Review its texts before use.") % {"title": new.title},
                    messages.SUCCESS,
                )


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
