"""Business actions on plans."""

import datetime
import re
from dataclasses import dataclass, field

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.module_loading import import_string

from core.text import fold

from .handover import Handover, Topic
from .models import Plan


class PlanCopyError(Exception):
    """The copy cannot be made: a plan with its ``code`` exists, or ``covered_by`` holds some of its years."""

    def __init__(self, code: str, *, covered_by: Plan | None = None):
        super().__init__(code)
        self.code = code
        self.covered_by = covered_by


class PlanConfirmError(Exception):
    pass


COPIED = "copied"  # the history's change reasons
CONFIRMED = "confirmed"


@transaction.atomic
def plan_copy_to_phase(*, plan: Plan, start_year: int | None = None, end_year: int | None = None, user=None) -> Plan:
    """Copy ``plan`` with all its items into the next phase (by default the same length, starting the year
    after it ends), as a draft copy.

    Creates a new ``Plan`` (code and title with the years replaced, ``is_draft_copy`` set, a history row
    "copied" by ``user``) with copies of its legal bases, purposes, requirements, recipients, themes,
    channels and metrics, duty groups and duties, and links the same movements and occasions. The duties go to the
    agencies that carry them on the new phase's first day (``campaigns.handover``): an ended agency is
    replaced by its successor, in the agency lists and where the texts name it, and a group given to a
    kind of agency that no longer exists goes to the kind that took over. Then runs the steps of
    ``settings.PLAN_COPY_STEPS`` with ``plan=`` the copy (the reporting calendar of its years). The
    original is not changed. The copy's ``substitutions`` lists the (ended agency, successor) pairs made.
    Raises ``PlanCopyError`` if a plan with the new code exists already, or another plan covers one of
    the new years.
    """
    length = plan.end_year - plan.start_year
    start_year = start_year or plan.end_year + 1
    end_year = end_year or start_year + length
    new_phase = f"{start_year}-{end_year}"
    code = re.sub(rf"{plan.start_year}-{plan.end_year}$", new_phase, plan.code)
    if code == plan.code:
        code = f"{plan.code}-{new_phase}"
    if Plan.objects.filter(code=code).exists():
        raise PlanCopyError(code)
    # A year belongs to one plan: its periods, reports and documents follow that plan.
    covering = Plan.objects.filter(start_year__lte=end_year, end_year__gte=start_year).first()
    if covering is not None:
        raise PlanCopyError(code, covered_by=covering)

    source = Plan.objects.get(pk=plan.pk)
    new = _copy_plan_row(source, code=code, start_year=start_year, end_year=end_year, user=user)
    _copy_items(source, new)
    handover = Handover.on(datetime.date(start_year, 1, 1))
    _copy_duty_groups(source, new, handover)
    new.movements.set(source.movements.all())
    new.occasions.set(source.occasions.all())
    new.substitutions = handover.substitutions()
    for step in getattr(settings, "PLAN_COPY_STEPS", []):
        import_string(step)(plan=new)
    return new


def _copy_plan_row(source: Plan, *, code: str, start_year: int, end_year: int, user) -> Plan:
    old_phase, new_phase = source.phase, f"{start_year}-{end_year}"
    new = Plan.objects.get(pk=source.pk)
    new.pk = None
    new.code = code
    new.title = source.title.replace(old_phase, new_phase)
    new.preamble = source.preamble.replace(old_phase, new_phase)
    new.propaganda_time = source.propaganda_time.replace(old_phase, new_phase)
    new.start_year, new.end_year = start_year, end_year
    new.copied_from = source
    new.is_draft_copy, new.confirmed_at, new.confirmed_by = True, None, None
    new.number, new.issued_on = "", None  # the next phase's plan is issued with a number of its own
    new._change_reason = COPIED
    if user is not None:
        new._history_user = user
    new.save()
    return new


def _copy_items(source: Plan, new: Plan) -> None:
    """The legal bases, purposes and requirements, recipients, themes, and channels with their metrics."""
    for related in ("legal_bases", "objectives", "recipients", "themes"):
        for item in getattr(source, related).all():
            item.pk = None
            item.plan = new
            item.save()
    for channel in source.channels.prefetch_related("metrics"):
        metrics = list(channel.metrics.all())
        channel.pk = None
        channel.plan = new
        channel._prefetched_objects_cache = {}
        channel.save()
        for metric in metrics:
            metric.pk = None
            metric.channel = channel
            metric.save()


def _copy_duty_groups(source: Plan, new: Plan, handover: Handover) -> None:
    """The duty groups and duties, each agency replaced by the one that carries the duty on ``handover.day``."""
    groups = source.duty_groups.prefetch_related("responsible_agencies", "duties__coordinating_agencies")
    for group in groups:
        duties = list(group.duties.all())
        topic = Topic(group.code, (group.responsible, *(duty.text for duty in duties)))
        names = Renames()
        agencies = [names.follow(handover, agency, topic) for agency in group.responsible_agencies.all()]
        group.pk = None
        group.plan = new
        group._prefetched_objects_cache = {}  # the new row's relations start empty
        group.responsible = names.label(group.responsible)
        group.responsible_kinds = handover.kinds_for(group.responsible_kinds)
        group.save()
        group.responsible_agencies.set(_unique(agencies))
        for duty in duties:
            duty_topic = Topic(topic.code, (duty.text,))
            coordinating = [names.follow(handover, a, duty_topic) for a in duty.coordinating_agencies.all()]
            duty.pk = None
            duty.group = group
            duty._prefetched_objects_cache = {}
            duty.text = names.text(duty.text)
            duty.save()
            duty.coordinating_agencies.set(_unique(coordinating))


@dataclass
class Renames:
    """The ended agencies of a duty group and their successors, to name the successors in the group's texts."""

    full: dict[str, str] = field(default_factory=dict)  # an ended agency's name -> its successor's
    short: dict[str, str] = field(default_factory=dict)  # its short name, folded -> its successor's name

    def follow(self, handover: Handover, agency, topic: Topic):
        found = handover.agency_for(agency, topic)
        if found.pk != agency.pk:
            self.full[agency.name] = found.name
            self.short[fold(agency.short_name)] = found.name
        return found

    def label(self, text: str) -> str:
        """A group's label that is an ended agency's name or short name becomes its successor's name."""
        return self.full.get(text.strip()) or self.short.get(fold(text)) or text

    def text(self, text: str) -> str:
        """A duty's text with the ended agencies' full names replaced (short names are too ambiguous in prose)."""
        for old in sorted(self.full, key=len, reverse=True):
            text = text.replace(old, self.full[old])
        return text


def _unique(agencies):
    return list({agency.pk: agency for agency in agencies}.values())


@transaction.atomic
def plan_confirm(*, plan: Plan, user) -> Plan:
    """An officer confirms a draft copy: its texts are now the phase's own.

    Clears ``is_draft_copy``, sets ``confirmed_at`` (now) and ``confirmed_by``, and records the change in
    the plan's history as "confirmed" by ``user``. Raises ``PlanConfirmError`` when the plan is not a
    draft copy (confirmed already, or never copied).
    """
    plan = Plan.objects.select_for_update().get(pk=plan.pk)
    if not plan.is_draft_copy:
        raise PlanConfirmError(plan.code)
    plan.is_draft_copy = False
    plan.confirmed_at = timezone.now()
    plan.confirmed_by = user
    plan._change_reason = CONFIRMED
    plan._history_user = user
    plan.save(update_fields=["is_draft_copy", "confirmed_at", "confirmed_by"])
    return plan
