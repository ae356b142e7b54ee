# ruff: noqa: S311 — deterministic pseudo-random benchmark data, not secrets
"""The whole seed: one transaction that removes the previous synthetic data and loads it all again."""

import datetime
import io
import random

from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import transaction
from django.utils import timezone

from agencies.models import Agency, User
from campaigns.models import Metric, Theme
from reports import services
from reports.models import ActivityReport, Figure, ReportingPeriod

from . import activity, bulk, duties, people, plans
from .honourees import seed_honourees
from .marks import AGENCY_PREFIX, USER_PREFIX

FLUSH_EVERY = 200_000  # figures held in memory before a batch is written


class Seeder:
    def __init__(self, *, out, seed, factor, agencies, years, figures, today=None, honourees=2, synthetic=1):
        if factor < 1 or agencies < 1 or not 1 <= years <= 5 or figures < 1 or not 1 <= synthetic <= agencies:
            raise CommandError(
                "--factor, --agencies and --figures must be positive; --years between 1 and 5; "
                "--synthetic between 1 and --agencies"
            )
        self.synthetic = synthetic
        self.out = out
        self.seed, self.factor, self.agencies, self.years, self.mean_figures = seed, factor, agencies, years, figures
        self.honourees_per_agency = honourees
        self.today = today or timezone.localdate()
        self.counts = {"reports": 0, "figures": 0}

    def run(self):
        """Load everything; the counts of what was loaded."""
        plan = plans.base_plan()
        if plan is None:
            call_command("load_plan", stdout=io.StringIO())
            plan = plans.base_plan()
        with transaction.atomic():
            agencies, honourees = self._load(plan)
        bulk.analyze()
        return {
            "agencies": len(agencies),
            "synthetic_agencies": sum(1 for a in agencies if a.code.startswith(AGENCY_PREFIX)),
            "honourees": honourees,
            **self.counts,
        }

    def _load(self, plan):
        self.refuse_real_reports()
        self.seed_user = people.marker_user()
        duties.wipe()
        bulk.wipe()
        dropped = bulk.drop_figure_indexes()
        present = plans.present_phase(plan, self.today)
        phases = plans.earlier_phases(plan, self.factor)
        plans.drop_surplus_phases(keep=[*phases, present])
        agencies = people.reporting_agencies(seed=self.seed, count=self.agencies, synthetic=self.synthetic)
        people.users(agencies)
        self.next_report_id = bulk.next_id(ActivityReport)
        self.next_figure_id = bulk.next_id(Figure)
        reports_by_agency = {}
        for index, phase in enumerate(phases):
            rng = random.Random(f"{self.seed}:phase:{index}")  # phase 0 is the same whatever the factor
            self.seed_phase(phase, agencies, rng, reports_by_agency=reports_by_agency)
        if present is not None:
            rng = random.Random(f"{self.seed}:present:{self.today}")
            self.seed_phase(present, agencies, rng, reports_by_agency=reports_by_agency)
        honourees = seed_honourees(
            agencies,
            reports_by_agency,
            seed=self.seed,
            per_agency=self.honourees_per_agency,
            seed_user=self.seed_user,
        )
        bulk.recreate_indexes(dropped)
        # The rows went in without report_accept, which keeps AcceptedTotal: sum them once
        # (every report here is synthetic, so the whole table is rebuilt).
        services.accepted_totals_rebuild()
        bulk.reset_sequences()
        # Through the services, once the reports are in and their ids' sequence is past them.
        reviewer = User.objects.get(username=f"{USER_PREFIX}reviewer")
        self.counts["quarters_with_duties"] = duties.seed_duties(
            [phases[0], present] if present else [phases[0]], reviewer=reviewer, years=self.years, today=self.today
        )
        return agencies, honourees

    def refuse_real_reports(self):
        # The seed's reports, and the drafts its synthetic clerks open (``make bench`` saves one between the
        # ×1 and the ×10 seeds) are its own; any other report is real.
        real = ActivityReport.objects.exclude(created_by__username__startswith=USER_PREFIX).count()
        if real:
            raise CommandError(
                f"This database holds {real} reports that seed_scale did not make: it only runs on a database "
                "with synthetic reports (use a database of its own, e.g. DATABASE_URL=…/thidua_scale)."
            )

    def seed_phase(self, plan, agencies, rng, *, reports_by_agency):
        """Reports of ``plan``'s first ``years`` years, up to the period holding ``today``.

        The periods nearest to ``today`` get the statuses of work in progress;
        older ones are almost all accepted.
        """
        periods = self._periods(plan)
        recent = any(p.end >= self.today - datetime.timedelta(days=120) for p in periods["month"] + periods["quarter"])
        metrics = list(Metric.objects.filter(channel__plan=plan).order_by("channel__order", "order"))
        themes = list(Theme.objects.filter(plan=plan).order_by("order").values_list("pk", flat=True))
        cells = [(m.pk, m.channel_id, t) for m in metrics for t in themes]
        # A scale per metric: participants run in hundreds, articles in tens.
        scale = {m.pk: (200 if "người" in m.unit.lower() or "lượt" in m.unit.lower() else 12) for m in metrics}
        report_rows, figure_rows = [], []
        for agency in agencies:
            own = periods["month" if agency.report_frequency == Agency.Frequency.MONTHLY else "quarter"]
            # Only the periods the agency existed in (``Agency.may_report_for``), as the real data has them: the
            # district committees up to 30/06/2025, the 99 commune-level committees from 01/07/2025, the merged
            # departments up to their last period and their successors from their first.
            own = [period for period in own if agency.may_report_for(period)]
            diligence = rng.random()  # some agencies are reliably late, or often missing
            for position, period in enumerate(own):
                report = activity.report_row(
                    agency,
                    period,
                    rng,
                    diligence=diligence,
                    from_end=len(own) - 1 - position if recent else 99,
                    report_id=self.next_report_id,
                    created_by_id=self.seed_user.pk,
                )
                if report is None:
                    continue
                self.next_report_id += 1
                report_rows.append(report)
                reports_by_agency.setdefault(agency.pk, []).append(report["id"])
                figures = activity.figure_rows(
                    report, cells, scale, rng, mean_figures=self.mean_figures, first_id=self.next_figure_id
                )
                self.next_figure_id += len(figures)
                figure_rows += figures
                if len(figure_rows) >= FLUSH_EVERY:
                    self.flush(report_rows, figure_rows)
                    report_rows, figure_rows = [], []
        self.flush(report_rows, figure_rows)

    def _periods(self, plan):
        """The plan's months and quarters of its first ``years`` years that have started by ``today``."""
        years = range(plan.start_year, plan.start_year + self.years)
        return {
            kind: list(
                ReportingPeriod.objects.filter(plan=plan, kind=kind, year__in=years, start__lte=self.today).order_by(
                    "start"
                )
            )
            for kind in ("month", "quarter")
        }

    def flush(self, report_rows, figure_rows):
        if not report_rows and not figure_rows:
            return
        bulk.insert_reports_and_figures(report_rows, figure_rows)
        self.counts["reports"] += len(report_rows)
        self.counts["figures"] += len(figure_rows)
