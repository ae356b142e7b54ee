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
bulk load, tests, migration 0008).

The numbers follow the plan's order, and "items" adds up the primary metrics
(each channel's first), so they hold only for the plan as it was summed:
``PlanShape.signature`` is a digest of the plan's metric keys in order, which of
them are primary, and its theme codes. The aggregation uses the stored sums only
when every counted report carries the signature of the plan as it is now;
otherwise (a plan edited after acceptance, a report accepted before the field
existed) it reads the figure rows.
"""

import hashlib
import json
from collections import defaultdict
from dataclasses import dataclass
from functools import cached_property

from django.apps import apps as django_apps
from django.db import connection, transaction


@dataclass(frozen=True)
class PlanShape:
    """What a report's sums depend on: the plan's metric keys, its primary ones, its theme codes."""

    keys: tuple  # metric keys "channel.metric", in the plan's order
    primary: frozenset  # the keys of each channel's first metric
    themes: tuple  # theme codes, in the plan's order

    @cached_property
    def signature(self):
        text = "|".join(
            [",".join(f"{key}*" if key in self.primary else key for key in self.keys), ",".join(self.themes)]
        )
        return hashlib.blake2b(text.encode(), digest_size=8).hexdigest()

    @cached_property
    def metric_index(self):
        return {key: i for i, key in enumerate(self.keys)}

    @cached_property
    def theme_index(self):
        return {code: j for j, code in enumerate(self.themes)}


def plan_shape(plan_id, *, apps=django_apps):
    """The shape of a plan as it is now: two queries."""
    Channel, Theme = apps.get_model("campaigns", "Channel"), apps.get_model("campaigns", "Theme")
    keys, primary = [], set()
    last_channel = None
    for channel_id, channel_code, metric_code in (
        Channel.objects.filter(plan_id=plan_id, metrics__isnull=False)
        .order_by("order", "pk", "metrics__order", "metrics__pk")
        .values_list("pk", "code", "metrics__code")
    ):
        key = f"{channel_code}.{metric_code}"
        keys.append(key)
        if channel_id != last_channel:
            primary.add(key)
            last_channel = channel_id
    themes = Theme.objects.filter(plan_id=plan_id).order_by("order", "pk").values_list("code", flat=True)
    return PlanShape(tuple(keys), frozenset(primary), tuple(themes))


def summarise(cells, shape):
    """The sums (text) of ``cells``, an iterable of ``(metric key, theme code, value)`` of one report.

    A cell whose metric or theme is not in ``shape`` (another plan's) is left out.
    """
    metric_index, theme_index = shape.metric_index, shape.theme_index
    metrics, themes, items = [0] * len(shape.keys), [0] * len(shape.themes), [0] * len(shape.themes)
    for key, theme, value in cells:
        i, j = metric_index.get(key), theme_index.get(theme)
        if i is None or j is None:
            continue
        metrics[i] += value
        themes[j] += value
        if key in shape.primary:
            items[j] += value
    return json.dumps([shape.signature, *metrics, *themes, *items], separators=(",", ":"))


def parse_many(texts, signature):
    """The numbers of each of ``texts`` (stored sums), or None when one of them is not of ``signature``.

    One parse for all, of the numbers only: a quarter has ≈600 reports, and a
    parse per report (or taking each list apart after) cost more than reading them.
    """
    head = json.dumps([signature])[:-1] + ","  # '["<signature>",'
    if not all(text.startswith(head) for text in texts):
        return None
    cut = len(head)
    return json.loads("[" + ",".join("[" + text[cut:] for text in texts) + "]")


def _cells(figures):
    return figures.values_list("report_id", "metric__channel__code", "metric__code", "theme__code", "value")


def of(report):
    """The sums (text) of ``report`` as its figures stand: three queries (the plan's shape, the figures)."""
    Figure = django_apps.get_model("reports", "Figure")
    shape = plan_shape(report.period.plan_id)
    cells = [(f"{c}.{m}", t, v) for _r, c, m, t, v in _cells(Figure.objects.filter(report=report))]
    return summarise(cells, shape)


BATCH = 2000
ACCEPTED = "accepted"  # ActivityReport.Status.ACCEPTED, spelled out for the migration's historical model


@transaction.atomic
def rebuild(*, apps=django_apps):
    """Write the sums of every accepted report, and clear them on every other one.

    For bulk loads, tests and migration 0008 (``apps``: its historical models),
    not for a live database's routine (the workflow keeps them). Reads the
    accepted figures once, in batches of reports.
    """
    ActivityReport, Figure = apps.get_model("reports", "ActivityReport"), apps.get_model("reports", "Figure")
    ActivityReport.objects.exclude(status=ACCEPTED).exclude(accepted_sums="").update(accepted_sums="")
    shapes = {}
    accepted = ActivityReport.objects.filter(status=ACCEPTED).order_by("pk").values_list("pk", "period__plan_id")
    plan_of = dict(accepted)
    ids = list(plan_of)
    for start in range(0, len(ids), BATCH):
        batch = ids[start : start + BATCH]
        cells = defaultdict(list)
        for report_id, channel, metric, theme, value in _cells(Figure.objects.filter(report_id__in=batch)):
            cells[report_id].append((f"{channel}.{metric}", theme, value))
        documents = []
        for report_id in batch:
            plan_id = plan_of[report_id]
            shape = shapes.get(plan_id) or shapes.setdefault(plan_id, plan_shape(plan_id, apps=apps))
            documents.append((report_id, summarise(cells.get(report_id, ()), shape)))
        _store(ActivityReport, documents)


def _store(ActivityReport, documents):
    """Set ``accepted_sums`` of each ``(report pk, document)`` in one UPDATE (as ``services._update_values``)."""
    if not documents:
        return
    table = connection.ops.quote_name(ActivityReport._meta.db_table)
    column = connection.ops.quote_name(ActivityReport._meta.get_field("accepted_sums").column)
    rows = ", ".join(["(%s, %s)"] * len(documents))
    sql = (
        f"WITH v(id, sums) AS (VALUES {rows}) "  # noqa: S608
        f"UPDATE {table} SET {column} = (SELECT v.sums FROM v WHERE v.id = {table}.id) "
        "WHERE id IN (SELECT id FROM v)"
    )
    params = [x for pk_text in documents for x in pk_text]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
