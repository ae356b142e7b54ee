"""Reads of the register, each a fixed number of queries whatever the number of rows."""

import re

from django.db.models import Case, IntegerField, Prefetch, Q, Value, When

from agencies.models import AdministrativeUnit
from core.text import fold

from .models import Commendation, Honouree, HonoureeCoverage, HonoureeEvent

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
    """One honouree with everything the staff page shows: 3 queries (row, commendations, steps)."""
    return (
        queryset.select_related(*STAFF_LIST_RELATED, "unit__parent", "proposed_by")
        .prefetch_related(
            "commendations",
            Prefetch("events", queryset=HonoureeEvent.objects.select_related("user").order_by("-at", "-pk")),
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


def search_words(text):
    """The words of a search, folded (no diacritics, lower case): "Lò Thị, Thu-Chư" -> ["lo", "thi", "thu", "chu"].

    Punctuation separates words ("H'Mông" is "h" and "mong", as the folded column reads it).
    """
    return re.findall(r"\w+", fold(text))


def _whole_word(word):
    """A regular expression matching ``word`` (``search_words``: letters and digits only) as a whole word of a
    folded column, the same on PostgreSQL and SQLite: "thu" finds "thu" and "thu-chu", never "thuy"."""
    return rf"(^|\W){word}(\W|$)"


def portal_search(queryset, text):
    """The published honourees whose folded search column holds every word of ``text`` as a whole word, those
    whose name holds them all first (a ``name_first`` annotation: 0 or 1). No query of its own."""
    words = search_words(text)
    if not words:
        return queryset.annotate(name_first=Value(0))
    in_text = Q(*(Q(search_text__regex=_whole_word(w)) for w in words))
    in_name = Q(*(Q(name_folded__regex=_whole_word(w)) for w in words))
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
