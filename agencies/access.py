"""Who may see and do what: the one place that decides it.

Views call these helpers (or the ``role_required`` decorator) and never test
groups themselves. Object-level rules for reports and honourees live in the
``access`` module of those apps and build on ``roles_of`` and ``same_agency``.
"""

from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied

from . import roles as r
from . import successions

_CACHE_ATTR = "_thidua_roles"
_CONTINUED_ATTR = "_thidua_continued_agencies"
_ACTS_FOR_ATTR = "_thidua_acts_for"


def roles_of(user):
    """The user's role names, read once per request (one query)."""
    if user is None or not user.is_authenticated or not user.is_active:
        return frozenset()
    cached = getattr(user, _CACHE_ATTR, None)
    if cached is None:
        if user.is_superuser:
            cached = frozenset(r.ALL_ROLES)
        else:
            cached = frozenset(user.groups.values_list("name", flat=True)) & frozenset(r.ALL_ROLES)
        setattr(user, _CACHE_ATTR, cached)
    return cached


def has_role(user, *roles):
    return bool(roles_of(user) & set(roles))


def is_agency_staff(user):
    """Clerk or agency head: works for one agency."""
    return has_role(user, r.CLERK, r.AGENCY_HEAD) and user.agency_id is not None


def is_reviewer(user):
    return has_role(user, r.REVIEWER, r.ADMIN)


def is_emulation_officer(user):
    return has_role(user, r.EMULATION_OFFICER, r.ADMIN)


def can_see_province(user):
    """Reviewers, emulation officers, leadership and admins see every agency's data."""
    return has_role(user, r.REVIEWER, r.LEADERSHIP, r.EMULATION_OFFICER, r.ADMIN)


def same_agency(user, agency_id):
    """Whether ``user`` works for ``agency_id``: their own agency, or one they also act for (``User.acts_for``).

    No query for their own agency; the agencies they also act for are read once per request, when asked.
    """
    if not user.is_authenticated or user.agency_id is None:
        return False
    return user.agency_id == agency_id or agency_id in acts_for_ids(user)


def acts_for_ids(user):
    """The agencies ``user`` also works for besides their own (``User.acts_for``), read once per request."""
    cached = getattr(user, _ACTS_FOR_ATTR, None)
    if cached is None:
        cached = frozenset(user.acts_for.values_list("pk", flat=True)) if user.pk else frozenset()
        setattr(user, _ACTS_FOR_ATTR, cached)
    return cached


def continued_agency_ids(user):
    """The agencies the user's agency continues (mergers, renamings, splits; any depth), read once per request.

    Their staff read those agencies' records, which stay attached to them (``reports.access``). One query
    for agency staff, none for anyone else.
    """
    if not is_agency_staff(user):
        return frozenset()
    cached = getattr(user, _CONTINUED_ATTR, None)
    if cached is None or cached[0] != user.agency_id:
        cached = (user.agency_id, successions.load_graph().continued_by(user.agency_id))
        setattr(user, _CONTINUED_ATTR, cached)
    return cached[1]


def can_view_agency_data(user, agency_id):
    """Province-wide roles see every agency; agency staff see their own."""
    return can_see_province(user) or (is_agency_staff(user) and same_agency(user, agency_id))


def role_required(*roles):
    """View decorator: anonymous users go to the login page, others without a role get 403."""

    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if roles and not has_role(request.user, *roles):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return wrapped

    return decorator
