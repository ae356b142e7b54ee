"""Writes to activity reports: every workflow step is one function, one transaction, one history entry.

The workflow: draft → submitted → accepted, or → returned (with a reason) →
resubmitted → accepted. When the agency's head approves reports, a clerk's
submission waits in "awaiting approval" until the head approves it (or sends
it back). After the period's lock date only a reviewer can reopen a report.

Every function checks the rule through ``reports.access`` and the state it
expects, raising ``PermissionDenied`` or ``TransitionError``; edits carry the
version the editor loaded and raise ``ReportConflict`` when someone saved in
between (optimistic locking by a conditional UPDATE).
"""

import datetime
from typing import NamedTuple

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, connection, transaction
from django.db.models import F, Sum
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from agencies import access as agency_access
from agencies import roles as r
from campaigns.models import Metric
from core.db import run, update_by_id
from core.validators import validate_web_link

from . import access, report_sums
from .models import AcceptedMetricTotal, AcceptedTotal, ActivityReport, Attribution, Evidence, Figure

Status = ActivityReport.Status
NARRATIVE_FIELDS = ("results", "shortcomings", "next_tasks", "proposals")


class TransitionError(Exception):
    """The report is not in a state that allows this step."""


class ReportConflict(Exception):
    """Someone saved the report after the editor loaded it."""


class EmptyReport(Exception):
    """A submission without any figure: the user must confirm it."""


class AttributionsOverTotal(ValidationError):
    """A save would leave a metric's breakdown by movement and occasion above its total in the grid."""


def _write(report, *, user, event, detail="", fields):
    """Save ``fields`` of ``report`` with a history entry naming ``user``, the ``event`` and its detail.

    The change reason reads ``event:detail`` (see ``EVENT_LABELS``), so the
    history shows a translated event whatever language it was written in.
    """
    report.updated_at = timezone.now()
    report._history_user = user
    report._change_reason = f"{event}:{detail}"[:100]
    if "last_changes" not in fields:
        # Only a save carries changes; the history row of any other step must not repeat the last save's.
        report.last_changes = {}
        fields = [*fields, "last_changes"]
    report.save(update_fields=[*fields, "updated_at"])


def _lock(report):
    """Re-read ``report`` under a row lock and return it.

    A view loads the report and checks access before calling a service; in
    between, someone else may have submitted, accepted or returned it. Every
    step re-reads the committed row first, so its access and state checks
    judge the report as it is now, not the copy the view loaded.
    """
    # The agency and the period a report belongs to never change: keep the ones the view loaded instead of
    # reading them again after the refresh (which forgets them).
    related = {
        name: getattr(report, name) for name in ("agency", "period") if report._meta.get_field(name).is_cached(report)
    }
    report.refresh_from_db(from_queryset=ActivityReport.objects.select_for_update())
    for name, value in related.items():
        if getattr(report, f"{name}_id") == value.pk:
            setattr(report, name, value)
    return report


def _claim_version(report, expected_version):
    """Bump the version if it is still ``expected_version``; else raise ``ReportConflict``.

    The conditional UPDATE also locks the row until the transaction ends, so
    two saves of the same report cannot interleave.
    """
    if expected_version is None:
        expected_version = report.version
    claimed = ActivityReport.objects.filter(pk=report.pk, version=expected_version).update(version=F("version") + 1)
    if claimed != 1:
        raise ReportConflict
    report.version = expected_version + 1


def report_get_or_create(*, agency, period, user):
    """The agency's report for ``period``, created as a draft if there is none (history entry on creation).

    Raises ``TransitionError`` for a period outside the agency's activity
    (a district People's Committee after 30/06/2025): it has nothing to report.
    """
    if not access.can_start_report(user, agency):
        raise PermissionDenied
    existing = ActivityReport.objects.filter(agency=agency, period=period).first()
    if existing is not None:
        return existing, False
    if not agency.may_report_for(period):
        raise TransitionError(_("The agency was not active during this period."))
    try:
        with transaction.atomic():
            report = ActivityReport(agency=agency, period=period, created_by=user)
            report._history_user = user
            report._change_reason = "created:"
            report.save()
    except IntegrityError:
        # Another clerk of the agency created it a moment ago.
        return ActivityReport.objects.get(agency=agency, period=period), False
    return report, True


def _grid_keys(report, grid=None):
    """``({metric: channel}, {theme})`` of the report's plan: from ``grid`` (``selectors.grid_for`` of that
    plan) when the caller has it, else 2 queries."""
    from campaigns.models import Metric, Theme

    if grid is not None:
        return {m.pk: m.channel_id for m in grid.metrics}, {t.pk for t in grid.themes}
    plan_id = report.period.plan_id
    metrics = dict(Metric.objects.filter(channel__plan_id=plan_id).values_list("pk", "channel_id"))
    themes = set(Theme.objects.filter(plan_id=plan_id).values_list("pk", flat=True))
    return metrics, themes


class _FigureChanges(NamedTuple):
    """What making a report's stored cells exactly the wanted figures takes (``_figure_changes``)."""

    removed: list  # pks of the figure rows to delete
    changed: list  # (pk, new value) of the rows to update
    added: list  # unsaved Figure rows to insert
    diff: list  # [[metric, theme, old, new]] of every cell that changes, for the history


def _figure_changes(report, figures, grid=None):
    """What it takes to make the report's stored cells exactly the non-zero ``figures`` (nothing is written)."""
    metrics, themes = _grid_keys(report, grid)
    wanted = {}
    for (metric_id, theme_id), value in figures.items():
        if metric_id not in metrics or theme_id not in themes:
            raise ValueError(f"cell {metric_id}×{theme_id} is not in the plan's grid")
        if value is None or value == 0:
            continue
        if not isinstance(value, int) or value < 0 or value > Figure.MAX_VALUE:
            raise ValueError(f"cell {metric_id}×{theme_id}: {value!r} is not a figure")
        wanted[(metric_id, theme_id)] = value
    existing = {(m, t): (pk, v) for pk, m, t, v in report.figures.values_list("pk", "metric_id", "theme_id", "value")}
    before = {key: value for key, (_pk, value) in existing.items()}
    removed = [pk for key, (pk, _value) in existing.items() if key not in wanted]
    changed = []  # (pk, new value)
    added = []
    for key, value in wanted.items():
        if key not in existing:
            added.append(
                Figure(
                    report=report,
                    period_id=report.period_id,
                    agency_id=report.agency_id,
                    channel_id=metrics[key[0]],
                    metric_id=key[0],
                    theme_id=key[1],
                    value=value,
                )
            )
        elif existing[key][1] != value:
            changed.append((existing[key][0], value))
    diff = [
        [m, t, before.get((m, t), 0), wanted.get((m, t), 0)]
        for (m, t) in sorted(set(before) | set(wanted))
        if before.get((m, t), 0) != wanted.get((m, t), 0)
    ]
    return _FigureChanges(removed=removed, changed=changed, added=added, diff=diff)


def _apply_figure_changes(changes):
    if changes.removed:
        Figure.objects.filter(pk__in=changes.removed).delete()
    Figure.objects.bulk_create(changes.added)
    update_by_id(Figure, "value", changes.changed)


@transaction.atomic
def report_save(*, report, user, expected_version, narratives=None, figures=None, grid=None) -> bool:
    """Save the narrative sections and/or the figure grid of an editable report; return whether anything changed.

    ``figures`` maps ``(metric_id, theme_id)`` to a whole number; a missing or
    zero cell is stored as no row. ``grid``: the plan's grid
    (``selectors.grid_for``) when the caller has it, so the cells are checked
    against it without reading the plan again. Side effects: the version goes up by one,
    figure rows are inserted, updated or deleted, ``last_changes`` and the
    history entry say which sections and which cells changed (old → new). Raises ``ReportConflict`` when the
    report was saved by someone else since ``expected_version``.

    Input equal to what is stored writes nothing (no new version, no empty history entry) and returns
    False, whatever ``expected_version`` says: the report already reads as the editor wants it.
    """
    _lock(report)
    if not access.can_edit_report(user, report):
        raise PermissionDenied
    what = [
        name
        for name in NARRATIVE_FIELDS
        if narratives is not None and name in narratives and getattr(report, name) != narratives[name]
    ]
    cells = _figure_changes(report, figures, grid) if figures is not None else None
    if not what and not (cells and cells.diff):
        return False
    if cells:
        _check_attributions_fit(report, cells.diff)
    _claim_version(report, expected_version)
    for name in what:
        setattr(report, name, narratives[name])
    report.last_changes = {"fields": what[:], "cells": cells.diff if cells else []}
    if cells and cells.diff:
        _apply_figure_changes(cells)
        what.append(f"{len(cells.diff)} cells")
    fields = ["version", "last_changes", *report.last_changes["fields"]]
    _write(report, user=user, event="saved", detail=", ".join(what), fields=fields)
    return True


@transaction.atomic
def report_save_and_submit(
    *, report, user, expected_version, narratives=None, figures=None, grid=None, confirm_empty=False
) -> bool:
    """Save what the editor typed (``report_save``), then submit the report (``report_submit``): one transaction.

    The report's row stays locked from the save to the submission, so what goes to the province is what the
    editor typed over the version they loaded: a save by someone else since ``expected_version`` raises
    ``ReportConflict`` and nothing is saved or submitted. Side effects: those of both steps (a history
    entry for the save when something changed, one for the submission). Returns False, with the input
    saved but the report not submitted, when it has no figure and ``confirm_empty`` is false (an empty
    report is submitted only once confirmed, as from the report page).
    """
    report_save(
        report=report, user=user, expected_version=expected_version, narratives=narratives, figures=figures, grid=grid
    )
    if not confirm_empty and not report.figures.exists():
        return False
    report_submit(report=report, user=user, confirm_empty=True)
    return True


@transaction.atomic
def report_submit(*, report, user, confirm_empty=False):
    """Send the report to the province (or to the agency head first, when the agency asks for it).

    Side effects: status becomes submitted or resubmitted (or awaiting
    approval); the first submission time is kept for timeliness, the last one
    updated; a reopened report is closed again; history entry. Raises
    ``EmptyReport`` when there are no figures and ``confirm_empty`` is false.
    """
    _lock(report)
    if not access.can_submit_report(user, report):
        raise PermissionDenied
    if not report.is_editable_status:
        raise TransitionError
    if not confirm_empty and not report.figures.exists():
        raise EmptyReport
    _claim_version(report, None)
    report.head_note = ""
    if report.agency.head_approval_required and not agency_access.has_role(user, r.AGENCY_HEAD):
        report.status = Status.AWAITING_APPROVAL
        _write(report, user=user, event="sent_for_approval", fields=["status", "version", "head_note"])
        return report
    _mark_submitted(report, user)
    _write(report, user=user, event=report.status, fields=_SUBMIT_FIELDS)
    return report


_SUBMIT_FIELDS = [
    "status",
    "version",
    "submitted_at",
    "submitted_by",
    "last_submitted_at",
    "reopened_at",
    "head_note",
]


def _mark_submitted(report, user):
    now = timezone.now()
    report.status = Status.RESUBMITTED if report.submitted_at else Status.SUBMITTED
    if report.submitted_at is None:
        report.submitted_at = now
        report.submitted_by = user
    report.last_submitted_at = now
    report.reopened_at = None


@transaction.atomic
def report_approve(*, report, user):
    """The agency head approves a report awaiting approval; it goes to the province (history entry)."""
    _lock(report)
    if not access.can_approve_report(user, report):
        raise PermissionDenied
    _claim_version(report, None)
    report.head_approved_at = timezone.now()
    report.head_approved_by = user
    _mark_submitted(report, user)
    _write(
        report,
        user=user,
        event="approved",
        fields=[*_SUBMIT_FIELDS, "head_approved_at", "head_approved_by"],
    )
    return report


@transaction.atomic
def report_send_back(*, report, user, reason):
    """The agency head sends a report awaiting approval back to the clerk (history entry with the reason)."""
    _lock(report)
    if not access.can_approve_report(user, report):
        raise PermissionDenied
    reason = (reason or "").strip()
    if not reason:
        raise ValueError("a reason is required")
    _claim_version(report, None)
    report.status = Status.RETURNED if report.returned_at else Status.DRAFT
    report.head_note = reason
    _write(report, user=user, event="sent_back", detail=reason, fields=["status", "version", "head_note"])
    return report


@transaction.atomic
def report_accept(*, report, user):
    """A reviewer accepts a submitted or resubmitted report.

    Side effects: history entry; its figures are marked accepted and added to ``AcceptedTotal``, and
    their sums are stored on the report (``accepted_sums``, ``reports.report_sums``).
    """
    _lock(report)
    if not access.can_review_report(user, report):
        raise PermissionDenied
    _claim_version(report, None)
    report.status = Status.ACCEPTED
    report.accepted_at = timezone.now()
    report.accepted_by = user
    report.accepted_sums = report_sums.of(report)
    _write(
        report,
        user=user,
        event="accepted",
        fields=["status", "version", "accepted_at", "accepted_by", "accepted_sums"],
    )
    _set_accepted(report, True)
    return report


def _set_accepted(report, accepted):
    """Keep ``Figure.accepted`` of ``report``'s figures and ``AcceptedTotal`` in step with its status.

    Two statements in the caller's transaction: the totals first take in (or
    give back) the figures whose flag is about to change, then the flag
    changes, so ``AcceptedTotal`` stays the sum of the flagged figures.
    """
    _add_to_accepted_totals(report, accepted)
    Figure.objects.filter(report=report).update(accepted=accepted)


def _add_to_accepted_totals(report, accepted):
    """Add ``report``'s not-yet-accepted figures to ``AcceptedTotal`` and ``AcceptedMetricTotal``
    (``accepted``), or take its accepted ones away.

    One upsert per table: ``INSERT … SELECT … ON CONFLICT DO UPDATE SET total =
    total + excluded.total`` (PostgreSQL and SQLite alike) adds to the stored
    row under its row lock, so two reviewers accepting reports of one period
    at once both count; the cells, then the metrics, go in a fixed order, so
    two such transactions never wait on each other in a circle. Table names
    come from the models and every value is a parameter.
    """
    totals = connection.ops.quote_name(AcceptedTotal._meta.db_table)
    metric_totals = connection.ops.quote_name(AcceptedMetricTotal._meta.db_table)
    figures = connection.ops.quote_name(Figure._meta.db_table)
    sign, wanted = 1 if accepted else -1, not accepted
    cells = (
        f"INSERT INTO {totals} (period_id, metric_id, theme_id, total) "  # noqa: S608
        f"SELECT period_id, metric_id, theme_id, %s * value FROM {figures} "
        "WHERE report_id = %s AND accepted = %s ORDER BY metric_id, theme_id "
        f"ON CONFLICT (period_id, metric_id, theme_id) DO UPDATE SET total = {totals}.total + excluded.total"
    )
    metrics = (
        f"INSERT INTO {metric_totals} (period_id, metric_id, total) "  # noqa: S608
        f"SELECT period_id, metric_id, %s * SUM(value) FROM {figures} "
        "WHERE report_id = %s AND accepted = %s GROUP BY period_id, metric_id ORDER BY metric_id "
        f"ON CONFLICT (period_id, metric_id) DO UPDATE SET total = {metric_totals}.total + excluded.total"
    )
    run((cells, [sign, report.pk, wanted]), (metrics, [sign, report.pk, wanted]))


@transaction.atomic
def accepted_totals_rebuild():
    """Recompute the rollups of accepted figures (``seed_scale`` after its bulk load, and tests).

    Side effects: deletes ``AcceptedTotal``'s rows and inserts one per period, metric and theme with
    accepted figures, then ``AcceptedMetricTotal``'s, added up from those; writes every accepted report's sums
    (``report_sums.rebuild``). The rows go in by period, as acceptance writes them (a period's cells when its
    reports are accepted): a dashboard reads a few periods' cells, and in hash order the 3,584 cells of a year
    and the year before lay on 438 of the table's pages at ten phases of data instead of 31.
    """
    totals = connection.ops.quote_name(AcceptedTotal._meta.db_table)
    metric_totals = connection.ops.quote_name(AcceptedMetricTotal._meta.db_table)
    figures = connection.ops.quote_name(Figure._meta.db_table)
    insert = (
        f"INSERT INTO {totals} (period_id, metric_id, theme_id, total) "  # noqa: S608
        f"SELECT period_id, metric_id, theme_id, SUM(value) FROM {figures} WHERE accepted = %s "
        "GROUP BY period_id, metric_id, theme_id ORDER BY period_id, metric_id, theme_id"
    )
    added_up = (
        f"INSERT INTO {metric_totals} (period_id, metric_id, total) "  # noqa: S608
        f"SELECT period_id, metric_id, SUM(total) FROM {totals} GROUP BY period_id, metric_id "
        "ORDER BY period_id, metric_id"
    )
    run(
        (f"DELETE FROM {totals}", ()),  # noqa: S608
        (insert, [True]),
        (f"DELETE FROM {metric_totals}", ()),  # noqa: S608
        (added_up, ()),
    )
    report_sums.rebuild()


@transaction.atomic
def report_return(*, report, user, reason):
    """A reviewer returns a submitted report for correction; ``reason`` is required (history entry)."""
    _lock(report)
    if not access.can_review_report(user, report):
        raise PermissionDenied
    reason = (reason or "").strip()
    if not reason:
        raise ValueError("a reason is required")
    _claim_version(report, None)
    report.status = Status.RETURNED
    report.return_reason = reason
    report.returned_at = timezone.now()
    report.returned_by = user
    _write(
        report,
        user=user,
        event="returned",
        detail=reason,
        fields=["status", "version", "return_reason", "returned_at", "returned_by"],
    )
    return report


@transaction.atomic
def report_reopen(*, report, user, reason):
    """A reviewer reopens a report (accepted, or in a locked period) so the agency can correct it.

    Side effects: status becomes returned with ``reason`` (a draft stays a
    draft), the lock no longer applies until the agency submits again,
    history entry; an accepted report's figures lose their accepted mark and
    are taken out of ``AcceptedTotal``.
    """
    _lock(report)
    if not access.can_reopen_report(user, report):
        raise PermissionDenied
    reason = (reason or "").strip()
    if not reason:
        raise ValueError("a reason is required")
    _claim_version(report, None)
    now = timezone.now()
    report.reopened_at = now
    fields = ["version", "reopened_at"]
    was_accepted = report.status == Status.ACCEPTED
    if report.status != Status.DRAFT:
        report.status = Status.RETURNED
        report.return_reason = reason
        report.returned_at = now
        report.returned_by = user
        fields += ["status", "return_reason", "returned_at", "returned_by"]
    if was_accepted:
        report.accepted_sums = ""
        fields.append("accepted_sums")
    _write(report, user=user, event="reopened", detail=reason, fields=fields)
    if was_accepted:
        _set_accepted(report, False)
    return report


@transaction.atomic
def evidence_add_link(*, report, user, title, url):
    """Attach a link to a published item (history entry on the report); ``ValidationError`` unless http(s)."""
    _lock(report)
    if not access.can_edit_report(user, report):
        raise PermissionDenied
    validate_web_link(url)
    evidence = Evidence.objects.create(report=report, kind=Evidence.Kind.LINK, title=title, url=url, uploaded_by=user)
    _write(report, user=user, event="evidence_added", detail=title, fields=[])
    return evidence


@transaction.atomic
def evidence_add_file(*, report, user, title, upload, content_type):
    """Store an uploaded file whose content was checked (``reports.uploads``); history entry on the report."""
    _lock(report)
    if not access.can_edit_report(user, report):
        raise PermissionDenied
    evidence = Evidence(
        report=report,
        kind=Evidence.Kind.FILE,
        title=title or upload.name,
        original_name=upload.name[:255],
        content_type=content_type,
        size=upload.size,
        uploaded_by=user,
    )
    evidence.file.save("upload", upload, save=False)
    evidence.save()
    _write(report, user=user, event="evidence_added", detail=evidence.original_name, fields=[])
    return evidence


@transaction.atomic
def evidence_delete(*, evidence, user):
    """Remove a piece of evidence (and its file, once the transaction commits); history entry."""
    report = _lock(evidence.report)
    if not access.can_edit_report(user, report):
        raise PermissionDenied
    name = evidence.title
    file = evidence.file
    evidence.delete()
    if file:
        storage, path = file.storage, file.name
        transaction.on_commit(lambda: storage.delete(path))
    _write(report, user=user, event="evidence_removed", detail=name, fields=[])


def _metric_totals(report, metric_ids) -> dict:
    """``{metric_id: the sum of the report's cells}`` for ``metric_ids`` (one query)."""
    rows = (
        Figure.objects.filter(report=report, metric_id__in=metric_ids).values_list("metric_id").annotate(Sum("value"))
    )
    return dict(rows.order_by())


def _check_attributions_fit(report, diff):
    """Raise ``AttributionsOverTotal`` when ``diff`` (``_FigureChanges.diff``) lowers a metric's total below its
    breakdown by movement and occasion. No query unless a cell goes down; then one, and one more when that
    report has a breakdown of a lowered metric."""
    lowered = {}
    for metric_id, _theme_id, old, new in diff:
        lowered[metric_id] = lowered.get(metric_id, 0) + new - old
    lowered = {m: delta for m, delta in lowered.items() if delta < 0}
    if not lowered:
        return
    attributed = dict(
        Attribution.objects.filter(report=report, metric_id__in=lowered)
        .values_list("metric_id")
        .annotate(Sum("value"))
        .order_by()
    )
    if not attributed:
        return
    totals = _metric_totals(report, attributed)
    errors = []
    names = dict(Metric.objects.filter(pk__in=attributed).values_list("pk", "name"))
    for metric_id, share in sorted(attributed.items()):
        total = totals.get(metric_id, 0) + lowered[metric_id]
        if total < share:
            errors.append(
                _(
                    "The new total of “%(metric)s” (%(total)s) is below what is broken down by movement and "
                    "occasion (%(attributed)s): change the breakdown first."
                )
                % {"metric": names.get(metric_id, metric_id), "total": total, "attributed": share}
            )
    if errors:
        raise AttributionsOverTotal(errors)


class AttributionRow(NamedTuple):
    """One line of a report's breakdown: of ``metric``'s figures, ``value`` for ``movement`` and/or ``occasion``."""

    metric_id: int
    movement_id: int | None
    occasion_id: int | None
    value: int


def attribution_choices(report):
    """``(metrics, movements, occasions)`` a breakdown of ``report`` may name: each channel's primary metric of
    the report's plan; the plan's movements under way in the period; the plan's occasions with a day in it or
    within the quarter after it (propaganda comes before an anniversary). Three queries."""
    period = report.period
    metrics = list(
        Metric.objects.primary()
        .filter(channel__plan_id=period.plan_id)
        .select_related("channel")
        .order_by("channel__order", "order")
    )
    movements = [
        m
        for m in period.plan.movements.order_by("name")
        if (m.launched_on is None or m.launched_on <= period.end) and (m.ends_on is None or m.ends_on >= period.start)
    ]
    ahead = period.end + datetime.timedelta(days=92)
    occasions = [o for o in period.plan.occasions.order_by("starts_on", "name") if o.falls_in(period.start, ahead)]
    return metrics, movements, occasions


@transaction.atomic
def attributions_save(*, report, user, expected_version, rows) -> bool:
    """Make ``report``'s breakdown by movement and occasion exactly ``rows`` (``AttributionRow``); return whether
    anything changed.

    The report must be editable by ``user``. Each row names a primary metric of the plan and a movement, an
    occasion or both (from ``attribution_choices``), a whole number of at least 1, and no two rows the same
    metric, movement and occasion; a metric's rows add up to at most its total in the grid. Raises
    ``ValidationError`` otherwise, ``ReportConflict`` when the report was saved by someone else since
    ``expected_version``. Side effects: the report's version goes up by one; attribution rows are inserted,
    updated or deleted (each with its own history row); the report's history says the breakdown was saved.
    The same rows as stored write nothing and return False.
    """
    _lock(report)
    if not access.can_edit_report(user, report):
        raise PermissionDenied
    wanted = _checked_attributions(report, rows)
    existing = {(a.metric_id, a.movement_id, a.occasion_id): a for a in report.attributions.all()}
    if {key: a.value for key, a in existing.items()} == wanted:
        return False
    _claim_version(report, expected_version)
    for key, attribution in existing.items():
        if key not in wanted:
            attribution._history_user = user
            attribution.delete()
        elif attribution.value != wanted[key]:
            attribution.value = wanted[key]
            attribution._history_user = user
            attribution.save(update_fields=["value"])
    for (metric_id, movement_id, occasion_id), value in wanted.items():
        if (metric_id, movement_id, occasion_id) not in existing:
            attribution = Attribution(
                report=report, metric_id=metric_id, movement_id=movement_id, occasion_id=occasion_id, value=value
            )
            attribution._history_user = user
            attribution.save()
    report.last_changes = {"fields": [], "cells": []}
    _write(report, user=user, event="attributions_saved", detail=str(len(wanted)), fields=["version", "last_changes"])
    return True


def _checked_attributions(report, rows) -> dict:
    """``{(metric, movement, occasion): value}`` of ``rows``, or ``ValidationError`` (see ``attributions_save``)."""
    metrics, movements, occasions = attribution_choices(report)
    metric_names = {m.pk: m.name for m in metrics}
    movement_ids = {m.pk for m in movements}
    occasion_ids = {o.pk for o in occasions}
    wanted = {}
    for row in rows:
        key = (row.metric_id, row.movement_id, row.occasion_id)
        if (
            row.metric_id not in metric_names
            or (row.movement_id is not None and row.movement_id not in movement_ids)
            or (row.occasion_id is not None and row.occasion_id not in occasion_ids)
        ):
            raise ValidationError(_("Choose a metric, movement and occasion from the lists."))
        if row.movement_id is None and row.occasion_id is None:
            raise ValidationError(_("Choose an emulation movement or an occasion (or both)."))
        if not isinstance(row.value, int) or not 1 <= row.value <= Figure.MAX_VALUE:
            raise ValidationError(_("Enter a whole number of at least 1."))
        if key in wanted:
            raise ValidationError(_("Two lines name the same metric, movement and occasion: put them on one line."))
        wanted[key] = row.value
    shares = {}
    for (metric_id, _movement, _occasion), value in wanted.items():
        shares[metric_id] = shares.get(metric_id, 0) + value
    totals = _metric_totals(report, shares) if shares else {}
    for metric_id, share in shares.items():
        if share > totals.get(metric_id, 0):
            raise ValidationError(
                over_total_text(metric_names[metric_id], total=totals.get(metric_id, 0), attributed=share)
            )
    return wanted


def over_total_text(metric_name, *, total, attributed):
    return _(
        "The lines of “%(metric)s” add up to %(attributed)s, more than its total in the figures (%(total)s): "
        "a breakdown counts part of the figures, never more."
    ) % {"metric": metric_name, "total": total, "attributed": attributed}


EVENT_LABELS = {
    "created": _("Created"),
    "saved": _("Saved"),
    "sent_for_approval": _("Sent to the head for approval"),
    "approved": _("Approved by the agency head"),
    "sent_back": _("Sent back by the agency head"),
    "submitted": _("Submitted"),
    "resubmitted": _("Resubmitted"),
    "accepted": _("Accepted"),
    "returned": _("Returned for correction"),
    "reopened": _("Reopened by the reviewer"),
    "evidence_added": _("Evidence added"),
    "evidence_removed": _("Evidence removed"),
    "attributions_saved": _("Breakdown by movement and occasion saved"),
}
