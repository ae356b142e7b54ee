"""``python manage.py rebuild_accepted_totals``: recompute the rollups of accepted figures from the figures.

Accepting and reopening a report keep ``AcceptedTotal`` (per period, metric and theme) and
``AcceptedMetricTotal`` (per period and metric) exact, and each accepted report's stored sums. Run this once
after figures were loaded or changed by other means (a bulk import, SQL), or after an upgrade to migration
``reports.0015`` during which workers of the previous version kept accepting reports: those wrote the first
rollup only. Run it while no reviewer is accepting or reopening reports.
"""

from django.core.management.base import BaseCommand

from reports import services
from reports.models import AcceptedMetricTotal, AcceptedTotal, ActivityReport


class Command(BaseCommand):
    help = "Recompute the rollups of accepted figures and the accepted reports' stored sums from the figures."

    def handle(self, *args, **options):
        services.accepted_totals_rebuild()
        self.stdout.write(
            f"{AcceptedTotal.objects.count()} cells and {AcceptedMetricTotal.objects.count()} totals per metric "
            f"from {ActivityReport.objects.filter(status=ActivityReport.Status.ACCEPTED).count()} accepted reports."
        )
