"""Two clerks saving the same report at the same moment, on PostgreSQL: one wins, the other gets a conflict."""

import threading

import pytest
from django.db import connection

from reports import services
from reports.models import ActivityReport

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def test_simultaneous_saves_one_wins_one_conflicts(report_a, clerk_a, metrics, themes):
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL (DATABASE_URL)")
    barrier = threading.Barrier(2)
    outcomes = []

    def save(text, value):
        from django.db import connections

        try:
            report = ActivityReport.objects.get(pk=report_a.pk)
            barrier.wait()
            services.report_save(
                report=report,
                user=clerk_a,
                expected_version=1,
                narratives={"results": text},
                figures={(metrics[0].pk, themes[0].pk): value},
            )
            outcomes.append(("saved", text))
        except services.ReportConflict:
            outcomes.append(("conflict", text))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=save, args=(t, v)) for t, v in (("một", 1), ("hai", 2))]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(kind for kind, _ in outcomes) == ["conflict", "saved"]
    winner = next(text for kind, text in outcomes if kind == "saved")
    report_a.refresh_from_db()
    assert (report_a.results, report_a.version) == (winner, 2)
    assert list(report_a.figures.values_list("value", flat=True)) == [1 if winner == "một" else 2]
