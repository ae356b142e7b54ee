"""A compile reads one view of the data: a report accepted while it runs is in every figure or in none."""

import threading

import pytest
from django.db import connection, connections
from django.utils import timezone

from province import aggregation, compilation
from province.models import CompiledReport
from reports import services
from reports.models import ActivityReport
from tests.factories import AgencyFactory
from tests.reports.factories import ReportFactory, add_figure

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def _submitted(period, code, metric, theme, value):
    report = ReportFactory(
        agency=AgencyFactory(code=code, must_report=True),
        period=period,
        status="submitted",
        submitted_at=timezone.now(),
    )
    add_figure(report, metric, theme, value)
    return report


def test_a_report_accepted_during_a_compile_is_in_all_of_its_figures_or_none(
    period, reviewer, metrics, themes, monkeypatch
):
    if connection.vendor != "postgresql":
        pytest.skip("READ COMMITTED snapshots per statement are PostgreSQL's")
    first = _submitted(period, "T-A", metrics[0], themes[0], 10)
    services.report_accept(report=ActivityReport.objects.get(pk=first.pk), user=reviewer)
    second = _submitted(period, "T-B", metrics[0], themes[0], 5)

    original = aggregation.stored_sums

    def accept_meanwhile(*args, **kwargs):
        """Between the aggregation's queries, another reviewer accepts the second report (and commits)."""
        sums = original(*args, **kwargs)

        def accept():
            try:
                services.report_accept(report=ActivityReport.objects.get(pk=second.pk), user=reviewer)
            finally:
                connections.close_all()

        thread = threading.Thread(target=accept)
        thread.start()
        thread.join()
        return sums

    # After the reports (with their sums, query 4) and before the comparison cells (query 6).
    monkeypatch.setattr(aggregation, "stored_sums", accept_meanwhile)
    compiled = compilation.compiled_report_request(period=period, user=reviewer, enqueue=False)
    compilation.compiled_report_run(compiled_report_id=compiled.pk)
    compiled.refresh_from_db()
    assert compiled.status == CompiledReport.Status.DONE, compiled.error
    assert ActivityReport.objects.get(pk=second.pk).status == "accepted"  # it was accepted meanwhile
    totals = {m["key"]: m["total"] for c in compiled.snapshot["channels"] for m in c["metrics"] if m["total"]}
    by_agency = {}
    for row in compiled.full_snapshot()["agencies"]:
        for key, value in row["values"].items():
            by_agency[key] = by_agency.get(key, 0) + value
    # As of the compile's first query: the first report only, in the totals and in the agency rows alike.
    assert totals == by_agency == {f"{metrics[0].channel.code}.{metrics[0].code}": 10}
