"""The roles of SPEC §2 as Django groups, with the admin permissions each holds.

Pages check roles through ``agencies.access``; the permissions (``settings.ROLE_PERMISSIONS``, which names
the apps above this one) only open the Django admin to the roles that run it.
"""

from django.apps import apps
from django.conf import settings
from django.contrib.auth.models import Group, Permission
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

CLERK = "clerk"
AGENCY_HEAD = "agency_head"
REVIEWER = "reviewer"
EMULATION_OFFICER = "emulation_officer"
LEADERSHIP = "leadership"
ADMIN = "admin"

# Generic, without a department: which agency holds a role is data (the user's agency) and changes with a
# reorganisation.
ROLE_LABELS = {
    CLERK: _("Clerk"),
    AGENCY_HEAD: _("Agency head"),
    REVIEWER: _("Reviewer"),
    EMULATION_OFFICER: _("Emulation officer"),
    LEADERSHIP: _("Leadership"),
    ADMIN: _("Administrator"),
}
ALL_ROLES = tuple(ROLE_LABELS)

# Roles whose users sign in to the Django admin.
STAFF_ROLES = frozenset({EMULATION_OFFICER, ADMIN})


def _permissions_for(patterns):
    query = Q(pk__in=[])
    for pattern in patterns:
        if pattern == "*":
            return Permission.objects.all()
        app_label, codename = pattern.split(".", 1)
        if codename == "*":
            query |= Q(content_type__app_label=app_label)
        else:
            query |= Q(content_type__app_label=app_label, codename=codename)
    return Permission.objects.filter(query)


def sync_roles(*, stdout=None):
    """Create the role groups and set their permissions; safe to run again."""
    for role in ALL_ROLES:
        group, _created = Group.objects.get_or_create(name=role)
        group.permissions.set(_permissions_for(settings.ROLE_PERMISSIONS.get(role, [])))
    if stdout is not None:
        stdout.write(f"Roles: {', '.join(ALL_ROLES)}")


def sync_roles_after_migrate(sender, **kwargs):
    # post_migrate fires once per app with a models module, in INSTALLED_APPS
    # order, after that app's permissions are made: at the last such app every
    # permission exists (an app without models, as bench, gets no signal).
    if sender is [config for config in apps.get_app_configs() if config.models_module is not None][-1]:
        sync_roles()
