from . import access


def navigation(request):
    """The roles of the signed-in user, for the navigation bar."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"roles": frozenset()}
    return {"roles": access.roles_of(user)}
