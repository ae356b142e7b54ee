"""Reviewers accepting and reopening reports of one period at the same moment, on PostgreSQL: no total is lost."""

import threading

import pytest
from django.db import connection, connections
from django.utils import timezone

from reports import services
from reports.models import AcceptedMetricTotal, AcceptedTotal, ActivityReport
from tests.factories import AgencyFactory
from tests.reports.factories import ReportFactory, add_figure

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def _run_at_once(steps):
    barrier = threading.Barrier(len(steps))
    errors = []

    def run(step):
        try:
            barrier.wait()
            step()
        except Exception as error:
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(step,)) for step in steps]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []


def test_simultaneous_acceptances_and_reopenings_in_one_period_all_count(period, reviewer, metrics, themes):
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL (DATABASE_URL)")
    reports = []
    for i in range(6):
        report = ReportFactory(
            agency=AgencyFactory(code=f"T-CC{i}"), period=period, status="submitted", submitted_at=timezone.now()
        )
        # The same cells in every report, in different orders of insertion.
        for metric, theme in sorted(((m, t) for m in metrics[:3] for t in themes[:2]), key=lambda c: (i + c[0].pk) % 3):
            add_figure(report, metric, theme, i + 1)
        reports.append(report)

    def accept(pk):
        return lambda: services.report_accept(report=ActivityReport.objects.get(pk=pk), user=reviewer)

    _run_at_once([accept(r.pk) for r in reports])
    totals = set(AcceptedTotal.objects.values_list("total", flat=True))
    assert totals == {sum(range(1, 7))}  # every cell holds 1 + 2 + … + 6
    assert AcceptedTotal.objects.count() == 3 * 2
    # Per metric, the two themes' cells: the second upsert of each acceptance counts too.
    assert sorted(AcceptedMetricTotal.objects.values_list("total", flat=True)) == [2 * sum(range(1, 7))] * 3

    def reopen(pk):
        return lambda: services.report_reopen(
            report=ActivityReport.objects.get(pk=pk), user=reviewer, reason="Sửa số liệu"
        )

    _run_at_once([reopen(r.pk) for r in reports[:3]])
    assert set(AcceptedTotal.objects.values_list("total", flat=True)) == {4 + 5 + 6}
    assert set(AcceptedMetricTotal.objects.values_list("total", flat=True)) == {2 * (4 + 5 + 6)}
