"""``python manage.py seed_scale``: province-scale synthetic data for ``make bench`` and the load tests.

What it loads and how: ``bench/seed/__init__.py``. Only the settings that list
the ``bench`` app know the command (``bench.settings``, the test settings).
"""

import datetime
import time

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from bench.seed.seeder import Seeder


class Command(BaseCommand):
    help = "Load deterministic synthetic data at province scale (refuses a database holding real reports)."

    def add_arguments(self, parser):
        parser.add_argument("--seed", type=int, default=2025, help="random seed (default 2025)")
        parser.add_argument("--factor", type=int, default=1, help="multiply the data by adding earlier plan phases")
        parser.add_argument("--agencies", type=int, default=250, help="reporting agencies, real ones included")
        parser.add_argument(
            "--synthetic", type=int, default=1, help="at least this many synthetic agencies (fewer real ones then)"
        )
        parser.add_argument("--years", type=int, default=5, help="years of reports in each phase (1–5)")
        parser.add_argument("--figures", type=int, default=42, help="mean non-zero figures per report")
        parser.add_argument("--honourees", type=int, default=2, help="honourees per synthetic agency")
        parser.add_argument(
            "--today", type=datetime.date.fromisoformat, default=None, help="the day the data leads up to (YYYY-MM-DD)"
        )
        parser.add_argument(
            "--allow-production-like",
            action="store_true",
            help="run with DEBUG off (a benchmark or fault-test database of its own: the users' password is published)",
        )

    def handle(self, *args, **options):
        if not settings.DEBUG and not options["allow_production_like"]:
            raise CommandError(
                "seed_scale creates users with a published password: it runs only with DEBUG on, or with "
                "--allow-production-like on a benchmark database of its own."
            )
        started = time.monotonic()
        names = ("seed", "factor", "agencies", "synthetic", "years", "figures", "today", "honourees")
        counts = Seeder(out=self.stdout, **{k: options[k] for k in names}).run()
        elapsed = time.monotonic() - started
        self.stdout.write(
            f"seed_scale on {connection.vendor}: {counts['agencies']} reporting agencies "
            f"({counts['synthetic_agencies']} synthetic), {counts['reports']} reports, {counts['figures']} figures, "
            f"{counts['honourees']} honourees, the duties of {counts['quarters_with_duties']} quarters "
            f"in {elapsed:.1f} s"
        )
