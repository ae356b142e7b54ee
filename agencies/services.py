"""Business actions on users and agencies."""

from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.auth.models import Group
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from . import roles as r
from . import successions
from .models import Agency, Succession, User


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


class SuccessionRefused(Exception):
    """The succession step cannot be taken; the message says why, for the page."""


@transaction.atomic
def succession_end_predecessor(*, succession: Succession) -> bool:
    """Give the predecessor of a merger, renaming or split its last day (the day before ``effective``).

    Only when it has none: a different one is refused by the checks (``successions.problems``) before
    the row is saved. Side effect: the predecessor's ``active_until``. Returns whether it changed.
    """
    predecessor = succession.predecessor
    if succession.kind not in Succession.ENDING_KINDS or predecessor.active_until is not None:
        return False
    predecessor.active_until = succession.effective - successions.ONE_DAY
    predecessor.save(update_fields=["active_until"])
    return True


def _successor_of_ended(agency):
    """The successor carrying the ended ``agency``'s history; ``SuccessionRefused`` when active or without one."""
    if agency.active_until is None:
        raise SuccessionRefused(_("%(agency)s is still active: end its activity first.") % {"agency": agency})
    link = successions.load_graph().main_link(agency.pk)
    if link is None:
        raise SuccessionRefused(
            _("%(agency)s has no successor to move its users to: record the succession first.") % {"agency": agency}
        )
    return Agency.objects.get(pk=link.successor)


@transaction.atomic
def users_move_to_successor(*, agency: Agency, by: User) -> tuple[Agency, int]:
    """Move every user of the ended ``agency`` to the successor that carries its history.

    Their reports, figures and honourees stay with ``agency``; as staff of the successor they still
    read them (``reports.access``). Raises ``SuccessionRefused`` when ``agency`` is still active or has
    no main successor. Side effects: each user's ``agency``; an entry in the admin history of each user
    and of ``agency``, made by ``by``. Returns the successor and how many users moved.
    """
    successor = _successor_of_ended(agency)
    users = list(User.objects.filter(agency=agency))
    User.objects.filter(pk__in=[user.pk for user in users]).update(agency=successor)
    text = _("Moved from %(old)s to its successor %(new)s.") % {"old": agency, "new": successor}
    LogEntry.objects.log_actions(user_id=by.pk, queryset=users, action_flag=CHANGE, change_message=text)
    summary = ngettext(
        "%(count)d user moved to the successor %(new)s.", "%(count)d users moved to the successor %(new)s.", len(users)
    ) % {"count": len(users), "new": successor}
    LogEntry.objects.log_actions(
        user_id=by.pk, queryset=[agency], action_flag=CHANGE, change_message=summary, single_object=True
    )
    return successor, len(users)


@transaction.atomic
def user_grant_successor(*, user: User, by: User) -> Agency:
    """Let ``user`` of an ended agency also act for its successor, keeping their agency.

    For the staff who still finish the ended agency's last report while already working for the successor:
    they report, and read, for both (``access.same_agency``). Raises ``SuccessionRefused`` when the user has
    no agency, or its agency is still active or has no main successor (``users_move_to_successor``'s
    rules). Side effects: adds the successor to ``user.acts_for``; an entry in the user's admin history made
    by ``by``. Returns the successor.
    """
    if user.agency_id is None:
        raise SuccessionRefused(_("%(user)s belongs to no agency.") % {"user": user})
    successor = _successor_of_ended(user.agency)
    user.acts_for.add(successor)
    text = _("Also acts for %(new)s, the successor of %(old)s (keeps %(old)s).") % {
        "old": user.agency,
        "new": successor,
    }
    LogEntry.objects.log_actions(
        user_id=by.pk, queryset=[user], action_flag=CHANGE, change_message=text, single_object=True
    )
    return successor
