"""What the pages and the admin say after copying or confirming a plan (one wording for both)."""

from django.utils.translation import gettext as _

from .models import Plan
from .services import PlanCopyError


def copy_refused(exc: PlanCopyError) -> str:
    if exc.covered_by is not None:
        return _("%(title)s covers some of those years already: a year belongs to one plan.") % {
            "title": exc.covered_by.title
        }
    return _("A plan with the code %(code)s exists already.") % {"code": exc.code}


def copied(new: Plan) -> str:
    """The copy made, the agencies it put in place of ended ones, and what is left to do."""
    text = _("Copied to %(title)s, as a draft copy: edit its texts, then confirm it.") % {"title": new.title}
    substitutions = getattr(new, "substitutions", [])
    if substitutions:
        pairs = "; ".join(f"{old.name} → {successor.name}" for old, successor in substitutions)
        text += " " + _("Duties of ended agencies went to their successors: %(pairs)s.") % {"pairs": pairs}
    return text


def confirmed(plan: Plan) -> str:
    return _("%(title)s is confirmed: its texts are now shown as the plan's own.") % {"title": plan.title}


def confirm_refused(plan: Plan) -> str:
    return _("%(title)s is not a draft copy: there is nothing to confirm.") % {"title": plan.title}
