"""Each accepted report's figures summed per metric and per theme: ``ActivityReport.accepted_sums``.

A compile reads, for the breakdowns by agency, the sums of each counted
report rather than its figure rows: a quarter's ≈600 accepted reports instead
of ≈16,000 figures, read with the reports themselves (the aggregation's query
4), so the breakdowns cost no query of their own. The sums are one JSON list,
the plan's signature first, then numbers in the plan's order (``PlanShape``)::

    ["<signature>",
     63, 90, 0, …,     # per metric, in the order of PlanShape.keys
     45, 18, 3, …,     # per theme, all figures, in the order of PlanShape.themes
     45, 18, 3, …]     # per theme, the primary metrics' figures only

Stored as text, not as a JSON column: for a quarter's reports PostgreSQL's
jsonb output and the parse of objects cost more than the figure rows they
replace (measured: 9 ms against 1 ms for text and a flat list).

It is written when the report is accepted (``services.report_accept``, with
``of``) and emptied when it is reopened — the only two steps that change which
figures are accepted, and an accepted report's figures never change.
``rebuild()`` writes it for every accepted report (``seed_scale`` after its
bulk load, tests, migration 0008, and ``manage.py rebuild_report_sums`` after a
plan's metrics or themes were edited; safe while reviewers work).

The numbers follow the plan's order, and "items" adds up the primary metrics
(each channel's first, ``campaigns.models.Metric.primary_ids``), so they hold only for the plan as it was summed:
``PlanShape.signature`` is a digest of the plan's metrics and themes in order (ids
and codes), and which metrics are primary. The aggregation uses the stored sums only
when every counted report carries the signature of the plan as it is now;
otherwise (a plan edited after acceptance, a report accepted before the field
existed) it reads the figure rows.
"""

import hashlib
import json
from collections import defaultdict
from dataclasses import dataclass
from functools import cached_property
from typing import NamedTuple

from django.apps import apps as django_apps
from django.db import transaction

from campaigns.models import Metric
from core.db import update_by_id


def metric_key(channel_code, metric_code):
    """How the sums, the snapshot and the documents name a metric: "HT1.articles"."""
    return f"{channel_code}.{metric_code}"


class ShapeMetric(NamedTuple):
    """A metric as a plan's shape reads it."""

    pk: int
    channel_id: int
    order: int
    key: str  # metric_key()


@dataclass(frozen=True)
class PlanShape:
    """What a report's sums depend on: the plan's metrics and themes in order, and which metrics are primary."""

    keys: tuple  # metric keys "channel.metric", in the plan's order
    metric_ids: tuple  # their ids, in the same order
    primary: frozenset  # the keys of the primary metrics (``campaigns.models.Metric.primary_ids``)
    themes: tuple  # theme codes, in the plan's order
    theme_ids: tuple  # their ids, in the same order

    @classmethod
    def of(cls, metrics, themes):
        """The shape of a plan from its metrics (``ShapeMetric``-like rows) and its themes (rows with ``pk`` and
        ``code``), each in the plan's order: every reader of a plan's shape builds it here."""
        primary = Metric.primary_ids(metrics)
        return cls(
            keys=tuple(m.key for m in metrics),
            metric_ids=tuple(m.pk for m in metrics),
            primary=frozenset(m.key for m in metrics if m.pk in primary),
            themes=tuple(t.code for t in themes),
            theme_ids=tuple(t.pk for t in themes),
        )

    @cached_property
    def signature(self):
        # Ids as well as codes: two themes whose codes and places were swapped hold other figures. JSON, so
        # no code can be mistaken for a separator.
        primary = [key in self.primary for key in self.keys]
        text = json.dumps([self.keys, self.metric_ids, primary, self.themes, self.theme_ids])
        return hashlib.blake2b(text.encode(), digest_size=8).hexdigest()

    @cached_property
    def metric_index(self):
        """Metric id -> its place in the sums."""
        return {pk: i for i, pk in enumerate(self.metric_ids)}

    @cached_property
    def theme_index(self):
        """Theme id -> its place in the sums."""
        return {pk: j for j, pk in enumerate(self.theme_ids)}

    @cached_property
    def primary_places(self):
        return frozenset(i for i, key in enumerate(self.keys) if key in self.primary)

    @cached_property
    def primary_ids(self):
        return frozenset(pk for pk, key in zip(self.metric_ids, self.keys, strict=True) if key in self.primary)


def plan_shape(plan_id, *, apps=django_apps):
    """The shape of a plan as it is now: two queries."""
    metric_model, theme_model = apps.get_model("campaigns", "Metric"), apps.get_model("campaigns", "Theme")
    rows = (
        metric_model.objects.filter(channel__plan_id=plan_id)
        .order_by("channel__order", "channel_id", "order", "pk")
        .values_list("pk", "channel_id", "order", "channel__code", "code")
    )
    metrics = [ShapeMetric(pk, channel, order, metric_key(c, m)) for pk, channel, order, c, m in rows]
    themes = theme_model.objects.filter(plan_id=plan_id).order_by("order", "pk").values_list("pk", "code", named=True)
    return PlanShape.of(metrics, list(themes))


def summarise(cells, shape):
    """The sums (text) of ``cells``, an iterable of ``(metric id, theme id, value)`` of one report.

    A cell whose metric or theme is not in ``shape`` (another plan's) is left out.
    """
    metric_index, theme_index, primary = shape.metric_index, shape.theme_index, shape.primary_places
    metrics, themes, items = [0] * len(shape.keys), [0] * len(shape.themes), [0] * len(shape.themes)
    for metric_id, theme_id, value in cells:
        i, j = metric_index.get(metric_id), theme_index.get(theme_id)
        if i is None or j is None:
            continue
        metrics[i] += value
        themes[j] += value
        if i in primary:
            items[j] += value
    return json.dumps([shape.signature, *metrics, *themes, *items], separators=(",", ":"))


# The numbers of stored sums already parsed in this process, by text: an accepted report's sums never change
# (they are emptied when it is reopened and written anew when accepted again), so the text alone says what it
# holds. A year's 1,800 reports are parsed once per process, not again on every cold dashboard after each
# acceptance (the parse was the largest part of a year's aggregation). Bounded: replaced by an empty one when
# it would hold more than ``PARSED_MAX`` (replaced, not emptied: a reader in another thread keeps its own).
_parsed = {}
PARSED_MAX = 20_000  # texts, about 1 kB each once parsed: a phase's reports at province scale fit twice


def parse_many(texts, signature, *, copies=True):
    """The numbers of each of ``texts`` (stored sums), each a new list, or None when one of them is not of
    ``signature``. Without ``copies``: the tuples kept for the next calls, not new lists.

    One parse for all those not parsed before in this process (``_parsed``), of the numbers only: a quarter has
    ≈600 reports, and a parse per report (or taking each list apart after) cost more than reading them.
    """
    global _parsed  # replaced whole when full (see above)
    head = json.dumps([signature])[:-1] + ","  # '["<signature>",'
    if not all(text.startswith(head) for text in texts):
        return None
    cut, known = len(head), _parsed
    missing = [text for text in dict.fromkeys(texts) if text not in known]
    found = {}
    if missing:
        parsed = json.loads("[" + ",".join("[" + text[cut:] for text in missing) + "]")
        found = dict(zip(missing, map(tuple, parsed), strict=True))
        if len(known) + len(found) > PARSED_MAX:
            _parsed = {}
        if len(found) <= PARSED_MAX:
            _parsed.update(found)
    numbers = [found[text] if text in found else known[text] for text in texts]
    return list(map(list, numbers)) if copies else numbers


# Each agency's sums over a window, added up, kept in this process by the texts added (sorted): the same
# reports' sums always add up to the same numbers, so after an acceptance a year's dashboard adds up again only
# the agency whose report changed, not 250 agencies' 1,800 reports column by column (the largest part of its
# sums). Bounded and replaced whole as ``_parsed``.
_added = {}
# Groups, each a few kB (its texts, twelve for a monthly reporter's year, and the numbers): ten windows of 250
# agencies (a dashboard's quarter, half, year and phase, and a compile's), about 10 MB at most per process.
ADDED_MAX = 2_500


def add_up(groups, signature):
    """For each of ``groups`` (tuples of stored sums' texts, each sorted), the numbers of its texts added up, as
    a tuple; None when one of the texts is not of ``signature``. Kept per process by the group (``_added``)."""
    global _added  # replaced whole when full
    head = json.dumps([signature])[:-1] + ","
    if not all(text.startswith(head) for group in groups for text in group):
        return None
    known = _added
    missing = [group for group in dict.fromkeys(groups) if group not in known]
    found = {}
    if missing:
        parsed = iter(parse_many([text for group in missing for text in group], signature, copies=False))
        for group in missing:
            lists = [next(parsed) for _text in group]
            # zip and sum run in C: a monthly reporter's twelve lists of a year added up column by column.
            found[group] = lists[0] if len(lists) == 1 else tuple(map(sum, zip(*lists, strict=True)))
        if len(known) + len(found) > ADDED_MAX:
            _added = {}
        if len(found) <= ADDED_MAX:
            _added.update(found)
    return [found[group] if group in found else known[group] for group in groups]


def of(report):
    """The sums (text) of ``report`` as its figures stand: three queries (the plan's shape, the figures)."""
    Figure = django_apps.get_model("reports", "Figure")
    shape = plan_shape(report.period.plan_id)
    return summarise(Figure.objects.filter(report=report).values_list("metric_id", "theme_id", "value"), shape)


# Reports per batch: the figures of 500 reports (≈20,000 rows) per read, and the UPDATE's look-up of each row
# in its VALUES list grows with the batch.
BATCH = 500
ACCEPTED = "accepted"  # ActivityReport.Status.ACCEPTED, spelled out for the migration's historical model


def rebuild(*, apps=django_apps, plan_id=None):
    """Write the sums of every accepted report (of ``plan_id``'s periods, or all), and empty every other one's.

    Returns how many reports now carry sums. For bulk loads, tests, migration
    0008 (``apps``: its historical models) and ``manage.py rebuild_report_sums``
    after a plan's metrics or themes were edited. Safe while reviewers work:
    each batch locks its reports' rows, in id order, before reading their
    figures — as every workflow step locks its report — so a report accepted
    or reopened meanwhile is summed after its step, or its step waits.
    """
    ActivityReport, Figure = apps.get_model("reports", "ActivityReport"), apps.get_model("reports", "Figure")
    reports = ActivityReport.objects.order_by("pk")
    if plan_id is not None:
        reports = reports.filter(period__plan_id=plan_id)
    ids = list(reports.values_list("pk", flat=True))
    shapes, written = {}, 0
    for start in range(0, len(ids), BATCH):
        with transaction.atomic():
            rows = list(
                ActivityReport.objects.select_for_update(of=("self",))
                .filter(pk__in=ids[start : start + BATCH])
                .order_by("pk")
                .values_list("pk", "status", "period__plan_id", "accepted_sums")
            )
            accepted = [pk for pk, status, _plan, _sums in rows if status == ACCEPTED]
            cells = defaultdict(list)
            figures = Figure.objects.filter(report_id__in=accepted)
            for report_id, metric_id, theme_id, value in figures.values_list(
                "report_id", "metric_id", "theme_id", "value"
            ):
                cells[report_id].append((metric_id, theme_id, value))
            documents = []
            for pk, status, report_plan, stored in rows:
                if status == ACCEPTED:
                    if report_plan not in shapes:
                        shapes[report_plan] = plan_shape(report_plan, apps=apps)
                    documents.append((pk, summarise(cells.get(pk, ()), shapes[report_plan])))
                elif stored:  # no longer accepted: its sums go
                    documents.append((pk, ""))
            update_by_id(ActivityReport, "accepted_sums", documents)
            written += len(accepted)
    return written
