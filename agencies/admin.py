from django import forms
from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import ProtectedError
from django.forms.models import BaseInlineFormSet
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from . import services, successions
from .models import AdministrativeUnit, Agency, EmulationBloc, Succession, User


@admin.register(AdministrativeUnit)
class AdministrativeUnitAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "level", "parent", "valid_from", "valid_until"]
    list_filter = ["level", "parent"]
    search_fields = ["name", "code"]
    autocomplete_fields = ["parent", "predecessors"]

    def get_search_results(self, request, queryset, search_term):
        # Without diacritics, like the agencies: "mu cang chai" finds "Xã Mù Cang Chải" (the autocompletes too).
        if search_term:
            return queryset.search(search_term), False
        return super().get_search_results(request, queryset, search_term)


@admin.register(EmulationBloc)
class EmulationBlocAdmin(admin.ModelAdmin):
    list_display = ["name", "code"]
    search_fields = ["name", "code"]


# The agency being added has no id yet: its key in the checks.
NEW_AGENCY = "new"


class SuccessionFormSet(BaseInlineFormSet):
    """The rows of one inline, checked with every other recorded succession (``successions.problems``)."""

    def clean(self):
        super().clean()
        if any(self.errors):
            return
        parent = self.instance.pk or NEW_AGENCY
        rows = [f.instance for f in self.forms if f.cleaned_data and not f.cleaned_data.get("DELETE")]
        others = Succession.objects.exclude(pk__in=[f.instance.pk for f in self.forms if f.instance.pk])
        links = [_link(row, parent) for row in [*rows, *others]]
        keys = {link.predecessor for link in links} | {link.successor for link in links}
        spans = {a.pk: _span(a) for a in Agency.objects.filter(pk__in=keys - {NEW_AGENCY})}
        spans[parent] = _span(self.instance)  # with the dates as edited on this page
        problems = successions.problems(links, spans)
        if problems:
            raise ValidationError(problems)


def _link(row, parent):
    return successions.Link(row.predecessor_id or parent, row.successor_id or parent, row.kind, row.effective, row.main)


def _span(agency):
    return successions.Span(str(agency), agency.active_from, agency.active_until)


class SuccessionInline(admin.TabularInline):
    model = Succession
    formset = SuccessionFormSet
    extra = 0
    formfield_overrides = {models.TextField: {"widget": forms.Textarea(attrs={"rows": 2, "cols": 32})}}


class SuccessorInline(SuccessionInline):
    """Kế thừa: the agencies this one passes on to."""

    fk_name = "predecessor"
    fields = ["successor", "kind", "effective", "main", "functions", "basis", "note"]
    autocomplete_fields = ["successor"]
    verbose_name = _("successor")
    verbose_name_plural = _("Successors")


class PredecessorInline(SuccessionInline):
    """Tiền thân: the agencies this one continues."""

    fk_name = "successor"
    fields = ["predecessor", "kind", "effective", "main", "functions", "basis", "note"]
    autocomplete_fields = ["predecessor"]
    verbose_name = _("predecessor")
    verbose_name_plural = _("Predecessors")


@admin.register(Succession)
class SuccessionAdmin(admin.ModelAdmin):
    """Every succession on one list; they are recorded and checked on the agency's page."""

    list_display = ["predecessor", "successor", "kind", "effective", "main", "basis"]
    list_filter = ["kind", "effective"]
    search_fields = ["predecessor__name", "successor__name", "predecessor__code", "successor__code", "basis"]
    list_select_related = ["predecessor", "successor"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


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
    inlines = [PredecessorInline, SuccessorInline]
    actions = ["deactivate", "move_users"]

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

    @admin.action(description=_("Move users to the successor agency"), permissions=["move_users"])
    def move_users(self, request, queryset):
        for agency in queryset:
            try:
                successor, count = services.users_move_to_successor(agency=agency, by=request.user)
            except services.SuccessionRefused as exc:
                self.message_user(request, str(exc), messages.WARNING)
                continue
            text = ngettext(
                "%(count)d user of %(old)s moved to %(new)s.", "%(count)d users of %(old)s moved to %(new)s.", count
            )
            self.message_user(request, text % {"count": count, "old": agency, "new": successor}, messages.SUCCESS)

    def has_move_users_permission(self, request):
        # Moving users is the administrator's: the emulation officers do not manage accounts.
        return request.user.has_perm("agencies.change_user")

    def save_formset(self, request, form, formset, change):
        super().save_formset(request, form, formset, change)
        if formset.model is Succession:
            for row in [*formset.new_objects, *(row for row, _fields in formset.changed_objects)]:
                services.succession_end_predecessor(succession=row)


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    list_display = ["username", "full_name", "agency", "email", "is_active", "last_login"]
    list_filter = ["groups", "is_active", "is_staff", "agency__kind"]
    search_fields = ["username", "full_name", "email", "agency__name"]
    autocomplete_fields = ["agency", "acts_for"]
    list_select_related = ["agency"]
    actions = ["grant_successor"]
    fieldsets = [
        (None, {"fields": ["username", "password"]}),
        (_("Person"), {"fields": ["full_name", "email", "phone", "agency", "acts_for", "position"]}),
        (_("Roles and permissions"), {"fields": ["is_active", "is_staff", "is_superuser", "groups"]}),
        (_("Dates"), {"fields": ["last_login", "date_joined"]}),
    ]
    add_fieldsets = [
        (
            None,
            {"classes": ["wide"], "fields": ["username", "full_name", "agency", "groups", "password1", "password2"]},
        ),
    ]

    @admin.action(
        description=_("Let the selected users also act for their agency's successor (keeps their agency)"),
        permissions=["change"],
    )
    def grant_successor(self, request, queryset):
        for user in queryset.select_related("agency"):
            try:
                successor = services.user_grant_successor(user=user, by=request.user)
            except services.SuccessionRefused as exc:
                self.message_user(request, str(exc), messages.WARNING)
                continue
            text = _("%(user)s now also acts for %(new)s and stays a user of %(old)s.")
            self.message_user(request, text % {"user": user, "new": successor, "old": user.agency}, messages.SUCCESS)
