"""The published exemplars for other portals: an Atom feed and a JSON export, public fields only.

The Dept. of Home Affairs introduces exemplars on the provincial emulation council's portal and the central
Emulation and Commendation Board's portal (plan, section III); these give those portals (and anyone) the
published register to read. Both read through ``selectors.portal_queryset``, which loads only
``Honouree.PUBLIC_FIELDS``: a private field is never in memory, so it cannot reach either.
"""

from django.contrib.syndication.views import Feed
from django.db.models import F, Prefetch
from django.urls import reverse, reverse_lazy
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext_lazy as _

from . import selectors
from .labels import choice_labels
from .models import Commendation

FEED_SIZE = 50
# The JSON export's schema: bump it when a key changes meaning or goes away (adding a key keeps it).
JSON_SCHEMA = "thidua-exemplars/1"
COMMENDATION_FIELDS = ("form", "achievement", "decision_number", "decision_date", "issuing_authority")


def published_newest_first():
    """Published honourees, newest publication first, public fields only (1 query)."""
    return selectors.portal_queryset().order_by(F("published_at").desc(nulls_last=True), "-pk")


class ExemplarFeed(Feed):
    """Atom 1.0 (RFC 4287): the ``FEED_SIZE`` latest published exemplars, each linking to its portal page."""

    feed_type = Atom1Feed
    title = _("Exemplary people and models of Lào Cai")
    subtitle = _("Exemplary people and models published by the Dept. of Home Affairs of Lào Cai province.")
    link = reverse_lazy("portal:list")
    author_name = _("Lào Cai province emulation and commendation portal")

    def items(self):
        return published_newest_first().defer("story")[:FEED_SIZE]

    def item_title(self, item):
        return item.name

    def item_description(self, item):
        return item.summary or item.name

    def item_link(self, item):
        return reverse("portal:detail", args=[item.slug])

    def item_pubdate(self, item):
        return item.published_at

    def item_updateddate(self, item):
        # Atom requires it; an honouree imported as published has no date of publication: now, then.
        return item.published_at or timezone.now()

    def item_categories(self, item):
        labels = choice_labels()
        return [labels["category"].get(item.category, item.category), labels["field"].get(item.field, item.field)]


def _place(unit):
    """The administrative unit and the district-level unit it lies in (itself, its parent, or none)."""
    if unit.level == "district":
        return {"unit": unit.name, "district": unit.name}
    parent = unit.parent if unit.parent_id else None
    return {"unit": unit.name, "district": parent.name if parent is not None and parent.level == "district" else None}


def exemplar_record(honouree, *, absolute, labels):
    """One published honouree as the JSON export writes it: public fields and public commendations only."""
    photo = absolute(reverse("portal:photo", args=[honouree.slug])) if honouree.photo else None
    return {
        "id": honouree.pk,
        "url": absolute(reverse("portal:detail", args=[honouree.slug])),
        "name": honouree.name,
        "kind": honouree.kind,
        "category": honouree.category,
        "category_label": labels["category"].get(honouree.category, honouree.category),
        "ethnic_group": honouree.ethnic_group.name if honouree.ethnic_group_id else None,
        "position": honouree.position,
        "workplace": honouree.workplace,
        "place": _place(honouree.unit),
        "field": honouree.field,
        "field_label": labels["field"].get(honouree.field, honouree.field),
        "movement": honouree.movement.name if honouree.movement_id else None,
        "summary": honouree.summary,
        "story": honouree.story,
        "photo_url": photo,
        "published_at": timezone.localtime(honouree.published_at).isoformat() if honouree.published_at else None,
        "commendations": [
            {
                "form": c.form,
                "form_label": c.get_form_display(),
                "achievement": c.achievement,
                "decision_number": c.decision_number,
                "decision_date": c.decision_date.isoformat(),
                "issuing_authority": c.issuing_authority,
            }
            for c in honouree.commendations.all()
        ],
    }


def exemplars_export(*, absolute) -> dict:
    """Every published exemplar as the JSON export's document (2 queries: rows, commendations).

    ``absolute`` makes an absolute address of a path (``request.build_absolute_uri``).
    """
    commendations = Commendation.objects.only("id", "honouree_id", *COMMENDATION_FIELDS).order_by(
        "-decision_date", "pk"
    )
    rows = published_newest_first().prefetch_related(Prefetch("commendations", queryset=commendations))
    labels = choice_labels()
    exemplars = [exemplar_record(h, absolute=absolute, labels=labels) for h in rows]
    return {
        "schema": JSON_SCHEMA,
        "generated_at": timezone.localtime().isoformat(timespec="seconds"),
        "portal": absolute(reverse("portal:list")),
        "count": len(exemplars),
        "exemplars": exemplars,
    }
