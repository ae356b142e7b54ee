from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from campaigns.models import Plan
from campaigns.selectors import current_plan
from reports import calendar


class Command(BaseCommand):
    help = (
        "Create the reporting periods (months, quarters, halves, the year) of a year, with deadlines counted in "
        "working days; for a year beyond every plan they belong to the latest plan. Running it twice changes nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("--year", type=int, required=True)
        parser.add_argument("--plan", help="plan code (default: the plan whose years contain --year, else the latest)")

    def handle(self, *args, year, plan=None, **options):
        if not 2000 <= year <= 2100:
            raise CommandError(f"--year {year} is out of range")
        if plan:
            found = Plan.objects.filter(code=plan).first()
            if found is None:
                raise CommandError(f"No plan with code {plan!r}")
        else:
            import datetime

            found = current_plan(on=datetime.date(year, 6, 1))
            if found is None:
                raise CommandError("No plan is loaded: run load_plan first")
        with transaction.atomic():
            calendar.load_holidays(stdout=self.stdout)
            calendar.generate_periods(plan=found, years=[year], stdout=self.stdout)
