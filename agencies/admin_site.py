"""The Django admin site, open only to the roles that run it.

Django lets any active user with ``is_staff`` into the admin. Here the flag is
not enough: the user must also hold the emulation officer's or the
administrator's role (``agencies.access.is_emulation_officer``), so a clerk
given ``is_staff`` by mistake, or an officer whose role was taken away while
the flag stayed, is sent to the admin's login page like anyone else.
"""

from django.contrib.admin import AdminSite
from django.contrib.admin.apps import AdminConfig


class ThiduaAdminSite(AdminSite):
    def has_permission(self, request):
        from . import access

        return super().has_permission(request) and access.is_emulation_officer(request.user)


class ThiduaAdminConfig(AdminConfig):
    default_site = "agencies.admin_site.ThiduaAdminSite"
