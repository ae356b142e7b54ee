"""Successions of agencies as a small graph in memory: the checks, and who an agency is on a date.

Read once (``load_graph``, one query) and asked many times, so the aggregation of a document maps every
agency of a window to the agency it belongs to on the window's last day without a query per agency.

The rules (README, "Reorganisations"):

- A merger, a renaming or a split ends the predecessor: its last day is the day before ``effective``.
  A transfer passes one function to an agency that already exists and ends nothing.
- An ended predecessor's history rolls up along its *main* link: its only ending link, or for a split
  the link flagged ``main``. Transfers never roll up.
- The staff of an agency read the reports of every agency it continues: every ending link, any depth
  (a split's other successors too: each took over part of the work).
"""

import datetime
from collections import defaultdict
from collections.abc import Hashable, Iterable, Mapping
from dataclasses import dataclass

from django.utils.translation import gettext as _

from .models import Succession

ENDING_KINDS = frozenset(Succession.ENDING_KINDS)
ONE_DAY = datetime.timedelta(days=1)


@dataclass(frozen=True)
class Link:
    """One succession: ``predecessor`` and ``successor`` are agency ids (or codes, for the loader)."""

    predecessor: Hashable
    successor: Hashable
    kind: str
    effective: datetime.date
    main: bool = False
    where: str = ""  # where it was written, for messages ("lao-cai-2025.yaml > successions[3]")

    @property
    def ends(self) -> bool:
        return self.kind in ENDING_KINDS


@dataclass(frozen=True)
class Span:
    """What the checks need of an agency: a name for messages and its activity."""

    name: str
    active_from: datetime.date | None
    active_until: datetime.date | None

    def is_active_on(self, day: datetime.date) -> bool:
        return (self.active_from is None or self.active_from <= day) and (
            self.active_until is None or day <= self.active_until
        )


class Graph:
    """The successions, indexed for the questions below."""

    def __init__(self, links: Iterable[Link]):
        self.links = tuple(links)
        self._main: dict[Hashable, Link] = {}  # predecessor -> the link its history rolls up along
        self._into: dict[Hashable, list[Link]] = defaultdict(list)  # successor -> ending links into it
        ending: dict[Hashable, list[Link]] = defaultdict(list)
        for link in self.links:
            if link.ends:
                ending[link.predecessor].append(link)
                self._into[link.successor].append(link)
        for predecessor, links in ending.items():
            mains = links if len(links) == 1 else [link for link in links if link.main]
            if len(mains) == 1:
                self._main[predecessor] = mains[0]

    def main_link(self, agency: Hashable) -> Link | None:
        """The link ``agency``'s history rolls up along (``None`` for an agency that did not end)."""
        return self._main.get(agency)

    def current(self, agency: Hashable, on: datetime.date) -> Hashable:
        """The agency that ``agency`` is part of on ``on``, following main links in force by then."""
        seen = {agency}
        link = self._main.get(agency)
        while link is not None and link.effective <= on and link.successor not in seen:
            agency = link.successor
            seen.add(agency)
            link = self._main.get(agency)
        return agency

    def rolled_into(self, agency: Hashable, on: datetime.date) -> list[Link]:
        """The main links, at any depth, whose predecessors' history is part of ``agency`` on ``on``."""
        found, todo, seen = [], [agency], {agency}
        while todo:
            successor = todo.pop()
            for link in self._into.get(successor, ()):
                if link.effective <= on and self._main.get(link.predecessor) == link and link.predecessor not in seen:
                    seen.add(link.predecessor)
                    found.append(link)
                    todo.append(link.predecessor)
        return sorted(found, key=lambda link: (link.effective, str(link.predecessor)))

    def continued_by(self, agency: Hashable) -> frozenset:
        """Every agency that ``agency`` continues through ending links, any depth, any date."""
        seen, todo = set(), [agency]
        while todo:
            for link in self._into.get(todo.pop(), ()):
                if link.predecessor not in seen and link.predecessor != agency:
                    seen.add(link.predecessor)
                    todo.append(link.predecessor)
        return frozenset(seen)


def load_graph() -> Graph:
    """Every succession in the database as a ``Graph`` of agency ids (one query)."""
    rows = Succession.objects.order_by().values_list("predecessor_id", "successor_id", "kind", "effective", "main")
    return Graph(Link(*row) for row in rows)


def current_of(agency_ids: Iterable[int], *, on: datetime.date, graph: Graph | None = None) -> dict[int, int]:
    """``{agency_id: the id of the agency it is part of on on}``; an agency that has not ended maps to itself.

    Follows main links in force on ``on`` through any number of steps: with A merged into B on 1/3/2025
    and B into C on 1/7/2025, A maps to A on 28/2, to B on 30/6 and to C from 1/7. A split predecessor
    maps to its main successor. Without ``graph``, one query.
    """
    graph = graph or load_graph()
    return {agency_id: graph.current(agency_id, on) for agency_id in agency_ids}


def rolled_into(agency_id: int, *, on: datetime.date, graph: Graph | None = None) -> list[Link]:
    """The links whose predecessors' history is part of ``agency_id`` on ``on`` (any depth), oldest first.

    The inverse of ``current_of``: every predecessor ``p`` of the result has ``current_of([p], on=on)`` equal
    to ``{p: agency_id}``. Without ``graph``, one query.
    """
    return (graph or load_graph()).rolled_into(agency_id, on)


def _day(day):
    """dd/mm/yyyy, as the documents write a day in every language (``date_format(day, "d/m/Y")`` without its
    lookups: a year's page names a dozen predecessors)."""
    return f"{day:%d/%m/%Y}"


def label(successor, predecessors: Iterable, *, on: datetime.date, graph: Graph | None = None, short=False) -> str:
    """ "Sở X (gồm Sở Y trước 01/03/2025)": ``successor`` with the ``predecessors`` whose history it carries on ``on``.

    ``successor`` and ``predecessors`` are agencies (their ``name``, or ``short_name`` with ``short``). Each
    predecessor is named with the day its history stopped being its own (the effective date of its main
    link), oldest first; a predecessor not part of ``successor`` on ``on`` is left out. Without ``graph``,
    one query.
    """
    graph = graph or load_graph()

    def name(agency):
        return agency.short_name if short else agency.name

    parts = []
    for agency in predecessors:
        link = graph.main_link(agency.pk)
        if link is not None and graph.current(agency.pk, on) == successor.pk:
            parts.append((link.effective, name(agency)))
    if not parts:
        return name(successor)
    earlier = ", ".join(
        _("%(name)s before %(date)s") % {"name": part, "date": _day(day)} for day, part in sorted(parts)
    )
    return _("%(name)s (including %(predecessors)s)") % {"name": name(successor), "predecessors": earlier}


# --- the checks ----------------------------------------------------------------------------------------


def problems(links: Iterable[Link], spans: Mapping[Hashable, Span]) -> list[str]:
    """What is wrong with ``links`` (the whole graph: one bad link may be wrong only beside the others).

    ``spans`` gives every agency the links name (by the links' keys). Each problem starts with the link's
    ``where``. A predecessor's ``active_until`` of ``None`` passes the date check: whoever records the
    succession sets it to the day before (the loader, the admin).
    """
    links = list(links)
    found = [_at(link, _("an agency cannot succeed itself")) for link in links if link.predecessor == link.successor]
    if found:
        return found
    found += _cycles(links, spans)
    if found:
        return found
    found += _mains(links, spans)
    for link in links:
        found += [_at(link, text) for text in _dates(link, spans)]
    return found


def _at(link, text):
    return f"{link.where}: {text}" if link.where else text


def _cycles(links, spans):
    """Ending links that lead back to their predecessor (A → B → A, or through several steps)."""
    onward = defaultdict(list)
    for link in links:
        if link.ends:
            onward[link.predecessor].append(link.successor)
    found, reported = [], set()
    for link in links:
        if not link.ends:
            continue
        route = _route(onward, link.successor, link.predecessor)
        if route is not None and frozenset(route) not in reported:
            reported.add(frozenset(route))
            names = [spans[key].name for key in [link.predecessor, *route]]
            found.append(_at(link, _("a cycle of successions: %(path)s") % {"path": " → ".join(names)}))
    return found


def _route(onward, start, goal):
    """The agencies from ``start`` to ``goal`` along ``onward`` (both included), or ``None``."""
    todo, came_from = [start], {start: None}
    while todo:
        here = todo.pop()
        if here == goal:
            route = [here]
            while came_from[route[-1]] is not None:
                route.append(came_from[route[-1]])
            return route[::-1]
        for there in onward.get(here, ()):
            if there not in came_from:
                came_from[there] = here
                todo.append(there)
    return None


def _mains(links, spans):
    """One ending date per predecessor, a merger or renaming alone, and one main successor of a split."""
    ending = defaultdict(list)
    for link in links:
        if link.ends:
            ending[link.predecessor].append(link)
    found = []
    for predecessor, group in ending.items():
        name, last = spans[predecessor].name, group[-1]
        if len({link.effective for link in group}) > 1:
            found.append(_at(last, _("%(agency)s ends on two different dates") % {"agency": name}))
        elif len(group) > 1 and any(link.kind != Succession.Kind.SPLIT for link in group):
            text = _("%(agency)s is merged or renamed into one agency only; a division into several is a split")
            found.append(_at(last, text % {"agency": name}))
        elif len(group) > 1 and sum(link.main for link in group) != 1:
            text = _("%(agency)s is split: mark exactly one successor as the main one (it carries the history)")
            found.append(_at(last, text % {"agency": name}))
    return found


def _dates(link, spans):
    """The link's dates against the two agencies' activity."""
    before, after = spans[link.predecessor], spans[link.successor]
    day = _day(link.effective)
    names = {"predecessor": before.name, "successor": after.name, "day": day}
    found = []
    if after.active_from is not None and after.active_from > link.effective:
        found.append(_("%(successor)s starts after %(day)s, when it succeeds %(predecessor)s") % names)
    if after.active_until is not None and after.active_until < link.effective:
        found.append(_("%(successor)s ends before %(day)s, when it succeeds %(predecessor)s") % names)
    if before.active_from is not None and before.active_from >= link.effective:
        found.append(_("%(predecessor)s starts on or after %(day)s, when it passes on to %(successor)s") % names)
    elif link.ends and before.active_until not in (None, link.effective - ONE_DAY):
        names["last"] = _day(link.effective - ONE_DAY)
        found.append(
            _("%(predecessor)s passes on to %(successor)s on %(day)s: its last day of activity must be %(last)s")
            % names
        )
    elif not link.ends and before.active_until is not None and before.active_until < link.effective - ONE_DAY:
        found.append(_("%(predecessor)s ended before %(day)s: it has no function left to transfer") % names)
    return found
