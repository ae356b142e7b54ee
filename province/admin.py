"""Admin of the province report: who issues it, and a read-only list of its compiled versions."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from .models import CompiledReport, DocumentDefaults


@admin.register(CompiledReport)
class CompiledReportAdmin(admin.ModelAdmin):
    """Read-only: reviewers compile and issue on the site (province.compilation); the admin shows what happened."""

    list_display = [
        "period",
        "version",
        "status",
        "progress",
        "attempts",
        "requested_at",
        "issued_at",
        "document_number",
    ]
    list_filter = ["status", "period__kind"]
    search_fields = ["period__code", "document_number"]
    ordering = ["-requested_at"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(DocumentDefaults)
class DocumentDefaultsAdmin(admin.ModelAdmin):
    """Issuer, signer and recipients of the province report from a date on (the administrator's)."""

    list_display = ("valid_from", "issuer_name_sentence", "issuer_code", "signer_title", "signer_name")
    fieldsets = (
        (None, {"fields": ("valid_from", "source")}),
        (
            _("Issuing agency"),
            {"fields": ("issuer_parent", "issuer_name", "issuer_name_sentence", "issuer_code", "place")},
        ),
        (_("Signer"), {"fields": ("signer_capacity", "signer_title", "signer_name")}),
        (_("Recipients"), {"fields": ("recipients",)}),
    )
