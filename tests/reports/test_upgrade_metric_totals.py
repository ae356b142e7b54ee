"""Upgrading to ``AcceptedMetricTotal`` (migration 0015): the totals accepted before it are added up per period
and metric from ``AcceptedTotal``, so the dashboard's trend and comparisons show them at once. On the test
database of either engine (SQLite, or PostgreSQL with DATABASE_URL)."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [("reports", "0014_report_period_latest_idx")]
AFTER = [("reports", "0015_accepted_metric_total")]


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.migrate(targets)
    executor.loader.build_graph()
    return executor.loader.project_state(targets).apps


@pytest.mark.django_db(transaction=True)
def test_the_metric_totals_are_filled_from_the_accepted_totals(period, metrics, themes):
    old = _migrate(BEFORE)
    try:
        AcceptedTotal = old.get_model("reports", "AcceptedTotal")
        cells = {(metrics[0], themes[0]): 5, (metrics[0], themes[1]): 7, (metrics[1], themes[0]): 11}
        AcceptedTotal.objects.bulk_create(
            AcceptedTotal(period_id=period.pk, metric_id=m.pk, theme_id=t.pk, total=total)
            for (m, t), total in cells.items()
        )
    finally:
        new = _migrate(AFTER)
    rows = new.get_model("reports", "AcceptedMetricTotal").objects.values_list("period_id", "metric_id", "total")
    assert sorted(rows) == sorted([(period.pk, metrics[0].pk, 5 + 7), (period.pk, metrics[1].pk, 11)])
