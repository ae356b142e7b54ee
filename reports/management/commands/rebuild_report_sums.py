"""``python manage.py rebuild_report_sums [--plan CODE]``: recompute the accepted reports' stored sums.

Accepting a report stores its figures' sums for the compile (``reports.report_sums``); they name the plan's
metrics and themes as they were. After a plan's metrics or themes are added, removed, reordered or renamed,
the compile still counts right but reads the figure rows of every report accepted before the edit; this
command brings their sums up to the plan as it is now. It can run while reviewers work.
"""

from django.core.management.base import BaseCommand, CommandError

from campaigns.models import Plan
from reports import report_sums


class Command(BaseCommand):
    help = "Recompute the stored sums of the accepted reports (after a plan's metrics or themes were edited)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--plan", help="Only the reports of this plan's periods (its code, e.g. lao-cai-2021-2025)."
        )

    def handle(self, *args, plan=None, **options):
        plan_id = None
        if plan is not None:
            plan_id = Plan.objects.filter(code=plan).values_list("pk", flat=True).first()
            if plan_id is None:
                raise CommandError(
                    f"No plan {plan!r}: codes are {', '.join(Plan.objects.values_list('code', flat=True))}."
                )
        written = report_sums.rebuild(plan_id=plan_id)
        self.stdout.write(f"{written} accepted reports summed.")
