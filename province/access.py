"""Who may see the province dashboards, and compile, issue and read the province report.

As ``reports.access`` for the activity reports: views fetch a compiled report through
``compiled_for`` (a version the user may not read is a 404), services check ``can_compile`` again.
"""

from django.http import Http404

from agencies import access as agency_access
from agencies import roles as r

from .models import CompiledReport


def can_see_dashboards(user):
    """Reviewers and leadership (and admins) see the province dashboards; agency staff do not."""
    return agency_access.has_role(user, r.REVIEWER, r.LEADERSHIP, r.ADMIN)


def can_compile(user):
    """Only reviewers compile, retry and issue the province report."""
    return agency_access.is_reviewer(user)


def can_read_compiled(user, compiled):
    """Reviewers read every version; leadership only issued ones."""
    if agency_access.is_reviewer(user):
        return True
    return agency_access.has_role(user, r.LEADERSHIP) and compiled.is_issued


def compiled_for(user, pk):
    """The compiled report ``pk`` if ``user`` may read it, else 404 (unreadable drafts are not revealed)."""
    compiled = CompiledReport.objects.select_related("period").filter(pk=pk).first()
    if compiled is None or not can_read_compiled(user, compiled):
        raise Http404
    return compiled
