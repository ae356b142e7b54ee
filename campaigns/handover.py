"""Who carries a duty of the plan on the first day of the next phase, when the agency it named has ended.

``plan_copy_to_phase`` asks this for every responsible and coordinating agency of the plan it copies.
An agency still active on that day stays. An ended one passes the duty on along its successions
(``agencies.Succession``) in force by then, one step at a time until an active agency is reached:

1. a transfer of a function whose ``functions`` mention the duty;
2. else a split successor whose ``functions`` mention it;
3. else the predecessor's main successor (its merger, renaming, or the split's ``main`` successor).

``functions`` *mention* a duty when they name the duty group's code as a word ("nhiệm vụ III.1"), or when
one of their items of two words or more (separated by ";", "," or a new line; a bracketed remark left out)
is, without diacritics and case, part of the duty's text: "Báo chí, xuất bản, thông tin cơ sở" mentions
"Phối hợp … cung cấp cho các cơ quan thông tấn, báo chí …". An ended agency with no succession stays as it
was: the copy is a draft an officer reviews before confirming it.

Agency kinds follow the same day: a group given to the district People's Committees goes to the
commune-level ones (the district level was abolished on 1/7/2025), once that kind exists.
"""

import datetime
import re
from dataclasses import dataclass, field

from agencies.models import Agency, Succession
from core.text import fold

# A kind of agency that no longer exists on a phase's first day, and the kind that took over its duties.
KIND_SUCCESSORS = {"district_committee": "commune_committee"}

# The order of preference among the links out of an ended agency (lower first).
_MENTIONING, _MAIN = 0, 2
_KIND_RANK = {Succession.Kind.TRANSFER: 0, Succession.Kind.SPLIT: 1}


@dataclass(frozen=True)
class Topic:
    """What a duty is about, for matching a succession's ``functions``: its group's code and its texts."""

    code: str
    texts: tuple[str, ...]

    def mentioned_in(self, functions: str) -> bool:
        if not functions.strip():
            return False
        if self.code and re.search(rf"(?<![\w.]){re.escape(self.code)}(?![\w]|\.\d)", functions):
            return True
        body = " " + " ".join(_words(text) for text in self.texts) + " "
        items = (_words(item) for item in re.split(r"[;,\n]", re.sub(r"\([^)]*\)", " ", functions)))
        return any(f" {item} " in body for item in items if item.count(" ") >= 1)


def _words(text: str) -> str:
    """``text`` folded (no diacritics, lower case) with its punctuation as spaces: words one space apart."""
    return " ".join(re.sub(r"[^\w]+", " ", fold(text)).split())


@dataclass
class Handover:
    """The agencies and successions as of ``day`` (two queries), and the substitutions made so far."""

    day: datetime.date
    agencies: dict[int, Agency]
    links: dict[int, list[Succession]]  # predecessor id -> its successions in force by ``day``
    made: dict[tuple[int, int], str] = field(default_factory=dict)  # (old id, new id) -> the topic's code

    @classmethod
    def on(cls, day: datetime.date) -> "Handover":
        links: dict[int, list[Succession]] = {}
        for link in Succession.objects.filter(effective__lte=day).order_by("-effective", "successor_id"):
            links.setdefault(link.predecessor_id, []).append(link)
        return cls(day=day, agencies={a.pk: a for a in Agency.objects.all()}, links=links)

    def agency_for(self, agency: Agency, topic: Topic) -> Agency:
        """The agency that carries ``topic`` on ``day`` in place of ``agency`` (``agency`` itself if active)."""
        current, seen = agency, {agency.pk}
        while not current.is_active_on(self.day):
            link = self._next(current, topic)
            if link is None or link.successor_id in seen:
                break
            seen.add(link.successor_id)
            current = self.agencies[link.successor_id]
        if current.pk != agency.pk:
            self.made[(agency.pk, current.pk)] = topic.code
        return current

    def _next(self, agency: Agency, topic: Topic) -> Succession | None:
        """The link the duty follows out of ``agency``: a mentioning transfer, a mentioning split, the main one."""
        ranked = []
        for link in self.links.get(agency.pk, ()):
            if link.kind in _KIND_RANK and topic.mentioned_in(link.functions):
                ranked.append((_KIND_RANK[link.kind], link))
            elif link.kind in Succession.ENDING_KINDS and (link.main or link.kind != Succession.Kind.SPLIT):
                ranked.append((_MAIN, link))
        return min(ranked, key=lambda pair: pair[0])[1] if ranked else None

    def kinds_for(self, kinds: list[str]) -> list[str]:
        """``kinds`` with each kind that has a successor kind (which exists) replaced by it, in order, once."""
        existing = set(Agency.Kind.values)
        out = []
        for kind in kinds:
            kind = KIND_SUCCESSORS.get(kind, kind) if KIND_SUCCESSORS.get(kind) in existing else kind
            if kind not in out:
                out.append(kind)
        return out

    def substitutions(self) -> list[tuple[Agency, Agency]]:
        """The (ended agency, the agency that took its place) pairs made so far, by the first's name."""
        pairs = [(self.agencies[old], self.agencies[new]) for old, new in self.made]
        return sorted(pairs, key=lambda pair: (pair[0].name, pair[1].name))
