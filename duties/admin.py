from django.contrib import admin

from core.admin_history import HistoryAdmin

from .models import (
    ContentProvision,
    Guidance,
    GuidanceAttachment,
    GuidanceRecipient,
    GuidanceReport,
    PressOrder,
    PressOrderLine,
)


class RecipientInline(admin.TabularInline):
    model = GuidanceRecipient
    extra = 0
    fields = ["agency", "acknowledged_at", "acknowledged_by"]
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


class AttachmentInline(admin.TabularInline):
    model = GuidanceAttachment
    extra = 0
    fields = ["title", "original_name", "content_type", "size", "uploaded_at"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Guidance)
class GuidanceAdmin(HistoryAdmin):
    list_display = ["number", "issued_on", "title", "issuer", "status", "valid_from", "valid_until"]
    list_filter = ["status", "issuer"]
    search_fields = ["number", "title", "key_messages"]
    list_select_related = ["issuer"]
    filter_horizontal = ["themes", "movements", "recipient_agencies"]
    readonly_fields = ["status", "issued_at", "created_by", "created_at"]
    inlines = [AttachmentInline, RecipientInline]


@admin.register(GuidanceReport)
class GuidanceReportAdmin(HistoryAdmin):
    list_display = ["guidance", "report", "added_by", "added_at"]
    raw_id_fields = ["guidance", "report"]
    list_select_related = ["guidance", "report__agency", "report__period", "added_by"]


class OrderLineInline(admin.TabularInline):
    model = PressOrderLine
    extra = 0
    fields = ["metric", "theme", "quantity"]


@admin.register(PressOrder)
class PressOrderAdmin(HistoryAdmin):
    list_display = ["number", "ordered_on", "press_agency", "period_start", "period_end", "budget"]
    list_filter = ["press_agency"]
    search_fields = ["number", "press_agency__name"]
    list_select_related = ["press_agency"]
    readonly_fields = ["created_by", "created_at"]
    inlines = [OrderLineInline]


@admin.register(ContentProvision)
class ContentProvisionAdmin(HistoryAdmin):
    list_display = ["provided_on", "title", "sender", "press_agency", "theme", "used_on"]
    list_filter = ["press_agency", "theme__plan"]
    search_fields = ["title", "sender__name", "press_agency__name"]
    list_select_related = ["sender", "press_agency", "theme"]
    readonly_fields = [
        "file",
        "original_name",
        "content_type",
        "size",
        "created_by",
        "created_at",
        "used_by",
        "used_at",
    ]
