"""Reads of the register, each a fixed number of queries whatever the number of rows."""

import dataclasses
import datetime
from dataclasses import dataclass
from typing import NamedTuple

from django.db import connection
from django.db.models import Case, IntegerField, Prefetch, Q, Value, When
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from agencies.models import AdministrativeUnit
from core.db import db_table
from core.text import fold, search_words, whole_word

from .models import Commendation, Honouree, HonoureeCoverage, HonoureeEvent, NurtureAction, PortalDispatch, Replication

STAFF_LIST_RELATED = ("unit", "ethnic_group", "movement", "proposing_agency")

# What a row of the staff list shows: no private field, no long text.
STAFF_LIST_FIELDS = (
    "pk",
    "name",
    "kind",
    "category",
    "field",
    "status",
    "position",
    "workplace",
    "created_at",
    "unit__name",
    "ethnic_group__name",
    "movement__name",
    "proposing_agency__short_name",
)


def staff_list(queryset):
    """The staff list in its order, to count and cut into pages (the count needs no related table)."""
    return queryset.order_by("-created_at", "pk")


def staff_rows(page):
    """One page of ``staff_list`` as dicts: one query with the names of their unit, ethnic group, movement and agency.

    Dicts, not instances: a page of whole rows (the story, the evidence) with
    four related models cost more to build than the page's template.
    """
    return list(page.values(*STAFF_LIST_FIELDS))


def staff_detail(queryset, pk):
    """One honouree with everything the staff page shows: 6 queries (row, commendations, steps, support
    actions, replications with their unit, portal dispatches)."""
    return (
        queryset.select_related(*STAFF_LIST_RELATED, "unit__parent", "proposed_by")
        .prefetch_related(
            "commendations",
            Prefetch("events", queryset=HonoureeEvent.objects.select_related("user").order_by("-at", "-pk")),
            Prefetch("nurture_actions", queryset=NurtureAction.objects.select_related("recorded_by")),
            Prefetch("replications", queryset=Replication.objects.select_related("unit", "recorded_by")),
            Prefetch("dispatches", queryset=PortalDispatch.objects.select_related("recorded_by")),
        )
        .filter(pk=pk)
        .first()
    )


def possible_duplicates(honouree):
    """Other honourees with the same name (ignoring diacritics and case) in the same administrative unit."""
    return (
        Honouree.objects.filter(name_folded=fold(honouree.name), unit_id=honouree.unit_id)
        .exclude(pk=honouree.pk)
        .select_related("unit", "proposing_agency")
        .order_by("pk")
    )


def commendation_duplicates(*, honouree, form, achievement):
    """Awards of ``honouree`` of the same form for the same achievement (ignoring diacritics and case)."""
    return Commendation.objects.filter(honouree=honouree, form=form, achievement_folded=fold(achievement))


def portal_queryset():
    """Published honourees, with only the public fields loaded (a private field would cost a query)."""
    return (
        Honouree.objects.published()
        .select_related("unit", "unit__parent", "ethnic_group", "movement")
        .only(
            *Honouree.PUBLIC_FIELDS,
            "unit__name",
            "unit__level",
            "unit__parent__name",
            "unit__parent__level",
            "ethnic_group__name",
            "movement__name",
        )
    )


def portal_search(queryset, text):
    """The published honourees whose folded search column holds every word of ``text`` as a whole word, those
    whose name holds them all first (a ``name_first`` annotation: 0 or 1). No query of its own."""
    words = search_words(text)
    if not words:
        return queryset.annotate(name_first=Value(0))
    in_text = Q(*(Q(search_text__regex=whole_word(w)) for w in words))
    in_name = Q(*(Q(name_folded__regex=whole_word(w)) for w in words))
    return queryset.filter(in_text).annotate(
        name_first=Case(When(in_name, then=Value(0)), default=Value(1), output_field=IntegerField())
    )


def portal_list(*, q="", category="", district=None, movement=None, field=""):
    """The portal list with its filters: one query for the rows (plus the paginator's count).

    A search keeps the honourees with every word of it (``portal_search``), those named so first. The cards
    show the summary, not the story: it is left in the database.
    """
    qs = portal_search(portal_queryset().defer("story"), q)
    if category:
        qs = qs.filter(category=category)
    if district is not None:
        qs = qs.in_district(district)
    if movement is not None:
        qs = qs.filter(movement=movement)
    if field:
        qs = qs.filter(field=field)
    return qs.order_by("name_first", "-published_at", "pk")


def portal_detail(slug):
    """A published honouree by slug with its commendations (2 queries), or None."""
    return (
        portal_queryset()
        .prefetch_related(
            Prefetch(
                "commendations",
                queryset=Commendation.objects.only(
                    "id", "honouree_id", "form", "achievement", "decision_number", "decision_date", "issuing_authority"
                ),
            )
        )
        .filter(slug=slug)
        .first()
    )


def district_units():
    """District-level units (and the province) for the portal's place filter."""
    return AdministrativeUnit.objects.filter(Q(level="district") | Q(level="province")).order_by("level", "name")


def coverage_for_honouree(honouree, *, accepted_only=False):
    """Which agencies covered the honouree, on which channel and when: one query, newest period first.

    Only what the timeline shows is loaded: a report row carries its narratives.
    """
    qs = (
        HonoureeCoverage.objects.filter(honouree=honouree)
        .select_related("report__agency", "report__period", "channel")
        .only(
            "honouree_id",
            "note",
            "link",
            "report__agency__short_name",
            "report__period__kind",
            "report__period__year",
            "report__period__number",
            "report__period__code",
            "channel__short_name",
            "channel__short_name_en",
        )
    )
    if accepted_only:
        qs = qs.filter(report__status="accepted")
    return qs.order_by("-report__period__start", "report__agency__name", "channel__order")


def coverage_for_report(report):
    """The honourees one activity report introduced or covered: one query."""
    return (
        HonoureeCoverage.objects.filter(report=report)
        .select_related("honouree", "honouree__unit", "channel")
        .order_by("channel__order", "honouree__name")
    )


class TimelineEntry(NamedTuple):
    """One dated step of an exemplar's way through the pipeline, for the staff page's timeline."""

    day: datetime.date
    stage: str  # found, nurtured, honoured, commended, replicated, introduced
    title: str
    detail: str
    record: object

    @property
    def stage_label(self):
        return STAGE_LABELS[self.stage]


# Stages in the plan's order ("phát hiện, bồi dưỡng, biểu dương, khen thưởng, nhân rộng"), then the portals:
# on one day, the earlier stage comes first.
STAGES = ("found", "nurtured", "honoured", "commended", "replicated", "introduced")
STAGE_LABELS = {
    "found": _("Found"),
    "nurtured": _("Nurtured"),
    "honoured": _("Introduced to the public"),
    "commended": _("Commended"),
    "replicated": _("Replicated"),
    "introduced": _("Sent to a portal"),
}
_EVENT_STAGES = {
    HonoureeEvent.Action.PROPOSE: "found",
    HonoureeEvent.Action.IMPORT: "found",  # entered from a spreadsheet: found before the register knew it
    HonoureeEvent.Action.PUBLISH: "honoured",
}


def pipeline_timeline(honouree) -> list[TimelineEntry]:
    """The honouree's way from proposal to replication, oldest first, from what ``staff_detail`` prefetched
    (no query of its own): proposal and publication, support actions, commendations, replications, portals."""
    entries = [
        TimelineEntry(timezone.localtime(e.at).date(), _EVENT_STAGES[e.action], e.get_action_display(), "", e)
        for e in honouree.events.all()
        if e.action in _EVENT_STAGES
    ]
    entries += [
        TimelineEntry(n.done_on, "nurtured", n.get_kind_display(), n.description, n)
        for n in honouree.nurture_actions.all()
    ]
    entries += [
        TimelineEntry(c.decision_date, "commended", c.get_form_display(), c.achievement, c)
        for c in honouree.commendations.all()
    ]
    entries += [TimelineEntry(r.started_on, "replicated", r.adopter, r.note, r) for r in honouree.replications.all()]
    entries += [
        TimelineEntry(d.sent_on, "introduced", d.destination_label, d.note, d) for d in honouree.dispatches.all()
    ]
    return sorted(entries, key=lambda e: (e.day, STAGES.index(e.stage)))


@dataclass(frozen=True)
class PipelineCounts:
    """The exemplar pipeline over a window, for the compiled report (``pipeline_in_period``).

    Each ``*_count`` counts distinct honourees; ``nurture_actions`` and ``commendations`` count the rows;
    ``coverage`` maps a ``Replication.CoverageKind`` value to the sum of the replications' coverage in it.
    """

    found: int
    nurtured: int
    nurture_actions: int
    published: int
    commended: int
    commendations: int
    replicated: int
    replications: int
    replication_units: int
    coverage: dict
    introduced: int
    dispatches: int
    forms: dict = dataclasses.field(default_factory=dict)  # ``Commendation.Form`` value -> awards decided in the window


def _day_bounds(start, end):
    """The aware datetimes from ``start`` 00:00 to the day after ``end`` 00:00, in the site's time zone."""
    zone = timezone.get_current_timezone()
    low = timezone.make_aware(datetime.datetime.combine(start, datetime.time.min), zone)
    high = timezone.make_aware(datetime.datetime.combine(end + datetime.timedelta(days=1), datetime.time.min), zone)
    return low, high


def pipeline_in_period(start: datetime.date, end: datetime.date) -> PipelineCounts:
    """Exemplars found, nurtured, published (biểu dương), commended, replicated and introduced on portals from
    ``start`` to ``end`` (both included, Asia/Ho_Chi_Minh days), and the awards by form; one query, aggregates
    only (``_pipeline_rows``).

    Found: proposals made (or imported) in the window, whatever became of them. Nurtured: honourees with a
    support action dated in it. Published: first or later publications in it (``HonoureeEvent`` "published").
    Commended: honourees with an award decided in it. Replicated: honourees with an adoption dated in it, with
    the adopting administrative units (distinct) and the coverage summed per kind. Introduced: honourees sent
    to a portal in it.
    """
    rows = {}
    for part, key, first, second, third in _pipeline_rows(start, end):
        rows.setdefault(part, {})[key] = (first or 0, second or 0, third or 0)
    one = {part: values.get("", (0, 0, 0)) for part, values in rows.items()}
    nurture, awards, replications, sent = (one.get(part, (0, 0, 0)) for part in ("nurture", "awards", "rep", "sent"))
    coverage = {key: values[0] for key, values in rows.get("coverage", {}).items()}
    forms = {key: values[0] for key, values in rows.get("form", {}).items()}
    return PipelineCounts(
        found=one.get("found", (0,))[0],
        nurtured=nurture[0],
        nurture_actions=nurture[1],
        published=one.get("published", (0,))[0],
        commended=awards[0],
        commendations=awards[1],
        replicated=replications[0],
        replications=replications[1],
        replication_units=replications[2],
        coverage={kind: coverage[kind] for kind in Replication.CoverageKind.values if kind in coverage},
        introduced=sent[0],
        dispatches=sent[1],
        forms={form: forms[form] for form in Commendation.Form.values if form in forms},
    )


def _pipeline_rows(start, end):
    """``(part, key, a, b, c)``: each count of ``pipeline_in_period``, one small aggregate per part, read in one
    round trip (``UNION ALL``): eight queries before, each costing more to build and send than to run.

    The parts: ``found`` (proposals), ``published`` (distinct honourees), ``nurture``, ``awards``, ``rep`` and
    ``sent`` (distinct honourees, rows, and for ``rep`` the distinct units), ``coverage`` per kind and ``form``
    per award form (``key``). Days compare as dates, moments against the window's local midnights.
    """
    ops = connection.ops
    low, high = (ops.adapt_datetimefield_value(moment) for moment in _day_bounds(start, end))
    days = [ops.adapt_datefield_value(start), ops.adapt_datefield_value(end)]

    counted = "COUNT(DISTINCT honouree_id), COUNT(*)"
    parts = [
        (
            f"'found', '', COUNT(*), 0, 0 FROM {db_table(Honouree)} WHERE created_at >= %s AND created_at < %s",
            [low, high],
        ),
        (
            (
                f"'published', '', COUNT(DISTINCT honouree_id), 0, 0 FROM {db_table(HonoureeEvent)} "
                "WHERE action = %s AND at >= %s AND at < %s"
            ),
            [HonoureeEvent.Action.PUBLISH.value, low, high],
        ),
        (f"'nurture', '', {counted}, 0 FROM {db_table(NurtureAction)} WHERE done_on BETWEEN %s AND %s", days),
        (f"'awards', '', {counted}, 0 FROM {db_table(Commendation)} WHERE decision_date BETWEEN %s AND %s", days),
        (
            (
                f"'rep', '', {counted}, COUNT(DISTINCT unit_id) FROM {db_table(Replication)} "
                "WHERE started_on BETWEEN %s AND %s"
            ),
            days,
        ),
        (f"'sent', '', {counted}, 0 FROM {db_table(PortalDispatch)} WHERE sent_on BETWEEN %s AND %s", days),
        (
            (
                f"'coverage', coverage_kind, SUM(coverage), 0, 0 FROM {db_table(Replication)} "
                "WHERE started_on BETWEEN %s AND %s GROUP BY coverage_kind"
            ),
            days,
        ),
        (
            (
                f"'form', form, COUNT(*), 0, 0 FROM {db_table(Commendation)} "
                "WHERE decision_date BETWEEN %s AND %s GROUP BY form"
            ),
            days,
        ),
    ]
    sql = " UNION ALL ".join(f"SELECT {part}" for part, _params in parts)
    with connection.cursor() as cursor:
        cursor.execute(sql, [value for _part, params in parts for value in params])
        return cursor.fetchall()


def commendations_by_form(counts: PipelineCounts) -> list[tuple]:
    """The awards of ``counts`` (``pipeline_in_period``) by form, in the forms' order: ``(label, count)``, the label
    lazy (translated where it is read)."""
    return [(label, counts.forms[form]) for form, label in Commendation.Form.choices if form in counts.forms]


def coverage_label(kind: str):
    """How a replication's coverage is counted ("hộ", "người" …), lazy; the value itself when unknown."""
    return dict(Replication.CoverageKind.choices).get(kind, kind)
