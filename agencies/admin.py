from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.db.models import ProtectedError
from django.utils.translation import gettext_lazy as _

from .models import AdministrativeUnit, Agency, EmulationBloc, User


@admin.register(AdministrativeUnit)
class AdministrativeUnitAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "level", "parent", "valid_from", "valid_until"]
    list_filter = ["level", "parent"]
    search_fields = ["name", "code"]
    autocomplete_fields = ["parent"]


@admin.register(EmulationBloc)
class EmulationBlocAdmin(admin.ModelAdmin):
    list_display = ["name", "code"]
    search_fields = ["name", "code"]


@admin.register(Agency)
class AgencyAdmin(admin.ModelAdmin):
    list_display = ["name", "short_name", "kind", "unit", "bloc", "must_report", "report_frequency", "active_until"]
    list_filter = ["kind", "must_report", "report_frequency", "bloc", "unit"]
    search_fields = ["name", "short_name", "code", "search_text"]
    autocomplete_fields = ["unit", "parent", "bloc"]
    list_select_related = ["unit", "bloc"]
    fieldsets = [
        (None, {"fields": ["code", "name", "short_name", "kind", "parent", "email"]}),
        (_("Place"), {"fields": ["unit", "bloc"]}),
        (_("Reporting"), {"fields": ["must_report", "report_frequency", "head_approval_required"]}),
        (_("Activity"), {"fields": ["active_from", "active_until"]}),
    ]
    actions = ["deactivate"]

    def get_search_results(self, request, queryset, search_term):
        # Search without diacritics: "bat xat" finds "Bát Xát".
        if search_term:
            return queryset.search(search_term), False
        return super().get_search_results(request, queryset, search_term)

    def delete_model(self, request, obj):
        # An agency that has users or reports is protected; say so instead of a 500.
        try:
            super().delete_model(request, obj)
        except ProtectedError:
            self.message_user(
                request,
                _("%(agency)s has users or reports and cannot be deleted. Set 'active until' instead.")
                % {"agency": obj},
                messages.ERROR,
            )

    @admin.action(description=_("End the selected agencies' activity today (keeps their history)"))
    def deactivate(self, request, queryset):
        from django.utils import timezone

        count = queryset.filter(active_until__isnull=True).update(active_until=timezone.localdate())
        self.message_user(request, _("%(count)d agencies deactivated.") % {"count": count}, messages.SUCCESS)


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    list_display = ["username", "full_name", "agency", "email", "is_active", "last_login"]
    list_filter = ["groups", "is_active", "is_staff", "agency__kind"]
    search_fields = ["username", "full_name", "email", "agency__name"]
    autocomplete_fields = ["agency"]
    list_select_related = ["agency"]
    fieldsets = [
        (None, {"fields": ["username", "password"]}),
        (_("Person"), {"fields": ["full_name", "email", "phone", "agency", "position"]}),
        (_("Roles and permissions"), {"fields": ["is_active", "is_staff", "is_superuser", "groups"]}),
        (_("Dates"), {"fields": ["last_login", "date_joined"]}),
    ]
    add_fieldsets = [
        (
            None,
            {"classes": ["wide"], "fields": ["username", "full_name", "agency", "groups", "password1", "password2"]},
        ),
    ]
