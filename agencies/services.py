"""Business actions on users and agencies."""

from django.contrib.auth.models import Group
from django.db import transaction

from . import roles as r
from .models import Agency, User


@transaction.atomic
def user_set_roles(*, user: User, roles: list[str]) -> User:
    """Give ``user`` exactly ``roles`` (names from ``agencies.roles``).

    Side effects: replaces the user's role groups; sets ``is_staff`` for the
    roles that use the Django admin and ``is_superuser`` for the administrator.
    """
    unknown = set(roles) - set(r.ALL_ROLES)
    if unknown:
        raise ValueError(f"Unknown roles: {', '.join(sorted(unknown))}")
    r.sync_roles()
    user.groups.set(Group.objects.filter(name__in=roles))
    user.is_staff = bool(set(roles) & r.STAFF_ROLES)
    user.is_superuser = r.ADMIN in roles
    user.save(update_fields=["is_staff", "is_superuser"])
    return user


@transaction.atomic
def user_create(
    *, username: str, password: str, full_name: str, agency: Agency | None, roles: list[str], email: str = ""
) -> User:
    """Create an active user of ``agency`` with ``roles`` (see ``user_set_roles``)."""
    user = User.objects.create_user(username=username, password=password, email=email, full_name=full_name)
    user.agency = agency
    user.save(update_fields=["agency"])
    return user_set_roles(user=user, roles=roles)
