from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from campaigns.models import Plan
from campaigns.selectors import plan_covering
from reports import calendar


class Command(BaseCommand):
    help = (
        "Create the reporting periods (months, quarters, halves, the year) of a year, with deadlines counted in "
        "working days; they belong to the plan whose years include it (none: copy a plan to the next phase first). "
        "Running it twice changes nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("--year", type=int, required=True)
        parser.add_argument("--plan", help="plan code (default: the plan whose years contain --year)")

    def handle(self, *args, year, plan=None, **options):
        if not 2000 <= year <= 2100:
            raise CommandError(f"--year {year} is out of range")
        if plan:
            found = Plan.objects.filter(code=plan).first()
            if found is None:
                raise CommandError(f"No plan with code {plan!r}")
        else:
            found = plan_covering(year)
            if found is None:
                raise CommandError(
                    f"No plan covers {year}: run load_plan, or copy the latest plan to the next phase "
                    "(the plan page, or the admin's 'Copy to the next phase'), which makes its periods"
                )
        if not found.start_year <= year <= found.end_year:
            raise CommandError(f"{found.code} covers {found.start_year}-{found.end_year}, not {year}")
        with transaction.atomic():
            calendar.load_holidays(stdout=self.stdout)
            calendar.generate_periods(plan=found, years=[year], stdout=self.stdout)
