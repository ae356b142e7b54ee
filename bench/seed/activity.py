"""One synthetic activity report: its columns (status, dates, narrative) and its figures.

The random draws happen in a fixed order, so a seed gives the same data on every run.
"""

import datetime

from reports.models import ActivityReport

from .marks import at
from .words import NEXT_TASKS, PROPOSALS, RESULTS, RETURN_REASONS, SHORTCOMINGS

Status = ActivityReport.Status


def report_row(agency, period, rng, *, diligence, from_end, report_id, created_by_id):
    """One report's column values, or None when the agency never reported for ``period``.

    ``from_end``: how many periods before the latest this one is (0: the latest, still in progress).
    """
    roll = rng.random()
    missing_rate = 0.02 + 0.08 * (diligence < 0.1)
    if from_end == 0:
        missing_rate = 0.2  # the latest period: some have not started
    if roll < missing_rate:
        return None
    status = _status(rng, from_end)
    late = rng.random() < (0.45 if diligence < 0.25 else 0.08)
    created = at(period.end - datetime.timedelta(days=rng.randint(0, 10)), rng)
    submitted = None
    if status not in (Status.DRAFT, Status.AWAITING_APPROVAL):
        if late:
            day = period.deadline + datetime.timedelta(days=rng.randint(1, 20))
        else:
            day = period.deadline - datetime.timedelta(days=rng.randint(0, 3))
        submitted = at(day, rng)
    returned = status in (Status.RETURNED, Status.RESUBMITTED)
    return {
        "id": report_id,
        "agency_id": agency.pk,
        "period_id": period.pk,
        "status": status,
        **_narrative(rng),
        "version": 1 + rng.randint(1, 6),
        "created_by_id": created_by_id,
        "created_at": created,
        "updated_at": submitted or created,
        "submitted_at": submitted,
        "last_submitted_at": submitted + datetime.timedelta(days=3 if returned else 0) if submitted else None,
        "returned_at": submitted + datetime.timedelta(days=1) if returned and submitted else None,
        "return_reason": rng.choice(RETURN_REASONS) if returned else "",
        "accepted_at": submitted + datetime.timedelta(days=2) if status == Status.ACCEPTED and submitted else None,
    }


def _status(rng, from_end):
    """Work in progress in the latest periods, almost all accepted before."""
    if from_end == 0:
        return rng.choices(
            [Status.DRAFT, Status.SUBMITTED, Status.AWAITING_APPROVAL, Status.RETURNED, Status.ACCEPTED],
            weights=[30, 40, 5, 10, 15],
        )[0]
    if from_end <= 2:
        return rng.choices(
            [Status.SUBMITTED, Status.RESUBMITTED, Status.RETURNED, Status.ACCEPTED], weights=[25, 10, 10, 55]
        )[0]
    return Status.ACCEPTED if rng.random() < 0.97 else Status.RESUBMITTED


def _narrative(rng):
    a, b, c = rng.randint(5, 120), rng.randint(1, 12), rng.randint(50, 2000)
    return {
        "results": " ".join(s.format(a=a, b=b, c=c) for s in rng.sample(RESULTS, 3)),
        "shortcomings": rng.choice(SHORTCOMINGS),
        "next_tasks": rng.choice(NEXT_TASKS).format(b=b),
        "proposals": rng.choice(PROPOSALS),
    }


def figure_rows(report, cells, scale, rng, *, mean_figures, first_id):
    """The report's figures as FIGURE_COLUMNS tuples: about ``mean_figures`` cells of ``cells``, ids from ``first_id``.

    ``cells``: (metric id, channel id, theme id) of the plan's grid; ``scale``: a typical value per metric id.
    """
    accepted = report["status"] == Status.ACCEPTED  # Figure.accepted, as report_accept sets it
    k = max(5, min(len(cells), int(rng.gauss(mean_figures, mean_figures / 5))))
    rows = []
    for offset, (metric_id, channel_id, theme_id) in enumerate(rng.sample(cells, k)):
        value = 1 + int(rng.expovariate(1 / scale[metric_id]))
        row = (first_id + offset, report["id"], report["period_id"], report["agency_id"], channel_id, metric_id)
        rows.append((*row, theme_id, value, accepted))
    return rows
