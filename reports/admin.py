"""Admin of the reporting calendar and a read-only view of reports (the workflow runs on the site)."""

from django.contrib import admin

from core.admin_history import HistoryAdmin

from .models import (
    ActivityReport,
    Attribution,
    DigestLog,
    Evidence,
    Holiday,
    ReminderLog,
    ReportingPeriod,
)
from .selectors import history_event


@admin.register(Holiday)
class HolidayAdmin(admin.ModelAdmin):
    list_display = ["date", "name", "lunar"]
    list_filter = ["lunar"]
    date_hierarchy = "date"
    search_fields = ["name"]


@admin.register(ReportingPeriod)
class ReportingPeriodAdmin(admin.ModelAdmin):
    list_display = ["code", "kind", "start", "end", "deadline", "lock_date", "plan"]
    list_filter = ["kind", "year", "plan"]
    search_fields = ["code"]
    ordering = ["start", "kind"]
    # The window is fixed by Decree 09; the deadline and the lock date may be moved.
    readonly_fields = ["plan", "kind", "code", "year", "number", "start", "end"]

    def has_add_permission(self, request):
        return False


class EvidenceInline(admin.TabularInline):
    model = Evidence
    fields = ["kind", "title", "url", "original_name", "content_type", "size", "uploaded_at"]
    readonly_fields = fields
    extra = 0
    can_delete = False


class AttributionInline(admin.TabularInline):
    """The breakdown by movement and occasion, read-only like the rest of the report (the clerk edits it)."""

    model = Attribution
    fields = ["metric", "movement", "occasion", "value"]
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(ActivityReport)
class ActivityReportAdmin(HistoryAdmin):
    list_display = ["agency", "period", "status", "submitted_at", "accepted_at"]
    list_filter = ["status", "period__kind", "agency__kind"]
    search_fields = ["agency__name", "agency__code", "period__code"]
    list_select_related = ["agency", "period"]
    inlines = [EvidenceInline, AttributionInline]

    def get_readonly_fields(self, request, obj=None):
        # Every field read-only, and the stored sums not shown: a copy of the figures, for the compile only.
        return [f.name for f in self.model._meta.fields if f.name != "accepted_sums"]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def history_reason(self, record):
        # "returned:Thiếu số liệu" as "Trả lại để chỉnh sửa: Thiếu số liệu", as on the report's page.
        label, detail = history_event(record.history_change_reason)
        return f"{label}: {detail}" if detail else str(label)


@admin.register(ReminderLog)
class ReminderLogAdmin(admin.ModelAdmin):
    list_display = ["agency", "period", "kind", "claimed_at", "sent_at"]
    list_filter = ["kind"]
    list_select_related = ["agency", "period"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(DigestLog)
class DigestLogAdmin(admin.ModelAdmin):
    list_display = ["user", "day", "sent_at"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
