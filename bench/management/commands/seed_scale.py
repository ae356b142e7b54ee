# ruff: noqa: S311 — deterministic pseudo-random benchmark data, not secrets
"""Province-scale synthetic data for ``make bench`` and the load tests.

``python manage.py seed_scale`` fills the database with deterministic
synthetic data: ≈250 reporting agencies (the real ones from ``load_plan`` plus
"SYN-" agencies), five years of reports, 2021–2025 (monthly for most synthetic agencies,
quarterly for the real ones) with a realistic mix of statuses, late
submissions and narratives, ≈42 non-zero figures per report (≈600,000 rows),
and a few hundred honourees with their commendations and coverage.

When today is past the real plan's last year, a synthetic copy of the plan
for the phase holding today (``syn-…-2026-2030``) gets its periods and the
reports of this year up to today's period, the latest still in progress:
clerks have an open period to fill, reviewers an inbox.

``--factor F`` multiplies the data by adding F-1 earlier five-year plan phases
(copies of the plan, codes ``syn-…``) with the same agencies and as many
reports: the table grows F times while a period's own rows stay the same, which
is what ten years, or fifty, of use look like to one quarter's compile.

Every synthetic row is marked: agencies and users by the ``SYN-``/``syn-``
prefix, reports by their creator (the inactive user ``syn-seed``), honourees by
a ``syn-`` slug, copied plans by a ``syn-`` code. The command refuses to run on
a database holding any report that is not synthetic; otherwise it first
removes the synthetic data it made before (reports, figures, honourees) and
loads everything again in bulk (COPY on PostgreSQL, batched INSERTs on SQLite),
without history rows, in one transaction. On PostgreSQL the figure table's
plain indexes are built once after the load and, for a superuser, the per-row
foreign-key triggers are off during it (as ``pg_restore --disable-triggers``
does), the references being checked once at the end instead.
"""

import datetime
import io
import random
import time
from zoneinfo import ZoneInfo

from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.utils import timezone

from agencies import roles as r
from agencies.models import AdministrativeUnit, Agency, User
from campaigns.models import Metric, Movement, Plan, Theme
from campaigns.selectors import current_plan
from campaigns.services import plan_copy_to_phase
from core.text import fold
from core.text import slug as ascii_slug
from honourees.models import Commendation, EthnicGroup, Honouree, HonoureeCoverage
from province.models import CompiledReport
from reports import calendar, services
from reports.models import AcceptedTotal, ActivityReport, Figure, ReportingPeriod

SEED_USER = "syn-seed"
AGENCY_PREFIX = "SYN-"
USER_PREFIX = "syn-"
SLUG_PREFIX = "syn-"
PLAN_PREFIX = "syn-"
PASSWORD = "syn-password"  # noqa: S105 — synthetic users of a benchmark database
TZ = ZoneInfo("Asia/Ho_Chi_Minh")
Status = ActivityReport.Status

FIGURE_COLUMNS = (
    "id",
    "report_id",
    "period_id",
    "agency_id",
    "channel_id",
    "metric_id",
    "theme_id",
    "value",
    "accepted",
)

DISTRICT_WORDS = [
    "Bát Xát",
    "Mường Khương",
    "Si Ma Cai",
    "Bắc Hà",
    "Bảo Thắng",
    "Bảo Yên",
    "Văn Bàn",
    "Sa Pa",
    "Lào Cai",
]
SYNTHETIC_KINDS = [
    (Agency.Kind.SCHOOL, "Trường THPT số {n} {d}", "THPT {n} {d}"),
    (Agency.Kind.SCHOOL, "Trường Phổ thông Dân tộc nội trú số {n} {d}", "PTDTNT {n}"),
    (Agency.Kind.DEPARTMENT, "Phòng Văn hóa và Thông tin {d} (đơn vị {n})", "Phòng VHTT {n}"),
    (Agency.Kind.UNION, "Hội Nông dân {d} (chi hội {n})", "HND {n}"),
    (Agency.Kind.UNION, "Đoàn Thanh niên {d} (cơ sở {n})", "ĐTN {n}"),
    (Agency.Kind.ENTERPRISE, "Công ty cổ phần Phát triển {d} số {n}", "CTCP {n}"),
    (Agency.Kind.CENTRAL, "Chi nhánh Ngân hàng Chính sách xã hội {d} ({n})", "NHCSXH {n}"),
]
RESULTS = [
    "Đã đăng tải {a} tin, bài tuyên truyền về phong trào thi đua yêu nước trên các phương tiện thông tin đại chúng.",
    "Tổ chức {b} buổi sinh hoạt chuyên đề, hội nghị quán triệt với {c} lượt người tham dự.",
    "Phối hợp với Đài Phát thanh – Truyền hình tỉnh xây dựng {b} phóng sự về điển hình tiên tiến.",
    "Duy trì chuyên mục “Người tốt, việc tốt” trên trang thông tin điện tử của đơn vị.",
    "Treo {a} băng rôn, khẩu hiệu, pa nô tuyên truyền tại trụ sở và nơi công cộng.",
]
SHORTCOMINGS = [
    "Một số tin, bài còn nặng về liệt kê, chưa nêu bật cách làm hay.",
    "Việc phát hiện, bồi dưỡng điển hình tiên tiến ở cơ sở còn chậm.",
    "Kinh phí dành cho công tác tuyên truyền còn hạn chế.",
    "Đội ngũ làm công tác tuyên truyền kiêm nhiệm, thiếu kỹ năng viết tin, bài.",
    "",
]
NEXT_TASKS = [
    "Tiếp tục đẩy mạnh tuyên truyền các phong trào thi đua theo Kế hoạch của UBND tỉnh.",
    "Lựa chọn, giới thiệu ít nhất {b} gương điển hình tiên tiến trong kỳ tới.",
    "Tăng cường tuyên truyền trên mạng xã hội và hệ thống loa truyền thanh cơ sở.",
]
PROPOSALS = [
    "Đề nghị Sở Thông tin và Truyền thông tổ chức tập huấn nghiệp vụ tuyên truyền.",
    "Đề nghị bổ sung kinh phí cho hệ thống truyền thanh cơ sở.",
    "",
    "",
]
RETURN_REASONS = [
    "Số liệu kênh báo chí chưa khớp với danh mục tin, bài kèm theo.",
    "Thiếu minh chứng cho các buổi sinh hoạt chuyên đề.",
    "Đề nghị bổ sung phần tồn tại, hạn chế và nguyên nhân.",
]
FAMILY = ["Nguyễn", "Lò", "Giàng", "Sùng", "Vàng", "Hoàng", "Lý", "Phạm", "Trần", "Lê", "Đặng", "Thào"]
MIDDLE = ["Thị", "Văn", "A", "Seo", "Mí", "Thị Thu", "Đức", "Minh"]
GIVEN = ["Dung", "Páo", "Chư", "Mai", "Lan", "Sính", "Hùng", "Dìn", "Hoa", "Sử", "Tâm", "Phử", "Thắng", "Nhung"]


class Command(BaseCommand):
    help = "Load deterministic synthetic data at province scale (refuses a database holding real reports)."

    def add_arguments(self, parser):
        parser.add_argument("--seed", type=int, default=2025, help="random seed (default 2025)")
        parser.add_argument("--factor", type=int, default=1, help="multiply the data by adding earlier plan phases")
        parser.add_argument("--agencies", type=int, default=250, help="reporting agencies, real ones included")
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
        names = ("seed", "factor", "agencies", "years", "figures", "today")
        seeder = Seeder(out=self.stdout, **{k: options[k] for k in names})
        seeder.honourees_per_agency = options["honourees"]
        counts = seeder.run()
        elapsed = time.monotonic() - started
        self.stdout.write(
            f"seed_scale on {connection.vendor}: {counts['agencies']} reporting agencies "
            f"({counts['synthetic_agencies']} synthetic), {counts['reports']} reports, {counts['figures']} figures, "
            f"{counts['honourees']} honourees in {elapsed:.1f} s"
        )


class Seeder:
    def __init__(self, *, out, seed, factor, agencies, years, figures, today=None):
        if factor < 1 or agencies < 1 or not 1 <= years <= 5 or figures < 1:
            raise CommandError("--factor, --agencies and --figures must be positive; --years between 1 and 5")
        self.out = out
        self.seed, self.factor, self.agencies, self.years, self.mean_figures = seed, factor, agencies, years, figures
        self.honourees_per_agency = 2
        self.today = today or timezone.localdate()
        self.counts = {"reports": 0, "figures": 0}

    # -- the whole run ---------------------------------------------------------

    def run(self):
        plan = self.base_plan()
        if plan is None:
            call_command("load_plan", stdout=io.StringIO())
            plan = self.base_plan()
        with transaction.atomic():
            self.refuse_real_reports()
            self.seed_user = self.marker_user()
            self.wipe()
            dropped = self.drop_figure_indexes()
            present = self.present_phase(plan)
            phases = self.phases(plan)
            self.drop_surplus_phases(keep=[*phases, present])
            agencies = self.reporting_agencies()
            self.users(agencies)
            self.next_report_id = self.next_id(ActivityReport)
            self.next_figure_id = self.next_id(Figure)
            reports_by_agency = {}
            for index, phase in enumerate(phases):
                rng = random.Random(f"{self.seed}:phase:{index}")  # phase 0 is the same whatever the factor
                self.seed_phase(phase, agencies, rng, reports_by_agency=reports_by_agency)
            if present is not None:
                rng = random.Random(f"{self.seed}:present:{self.today}")
                self.seed_phase(present, agencies, rng, reports_by_agency=reports_by_agency)
            honourees = self.seed_honourees(agencies, reports_by_agency)
            self.recreate_indexes(dropped)
            # The rows went in without report_accept, which keeps AcceptedTotal: sum them once
            # (every report here is synthetic, so the whole table is rebuilt).
            services.accepted_totals_rebuild()
            self.reset_sequences()
        if connection.vendor == "postgresql":
            # VACUUM as well (outside a transaction only): a freshly COPY-loaded table has no
            # visibility map, so no index-only scan until autovacuum passes; a live table has one.
            command = "ANALYZE" if connection.in_atomic_block else "VACUUM (ANALYZE)"
            with connection.cursor() as cursor:
                cursor.execute(f"{command} {Figure._meta.db_table}")
                cursor.execute(f"{command} {ActivityReport._meta.db_table}")
                cursor.execute(f"{command} {AcceptedTotal._meta.db_table}")
                # Every other table it wrote (agencies, users, honourees, coverage…): statistics, so the planner
                # does not guess on a cluster whose autovacuum is off or has not passed yet.
                cursor.execute("ANALYZE")
        return {
            "agencies": len(agencies),
            "synthetic_agencies": sum(1 for a in agencies if a.code.startswith(AGENCY_PREFIX)),
            "honourees": honourees,
            **self.counts,
        }

    def refuse_real_reports(self):
        real = ActivityReport.objects.exclude(created_by__username=SEED_USER).count()
        if real:
            raise CommandError(
                f"This database holds {real} reports that seed_scale did not make: it only runs on a database "
                "with synthetic reports (use a database of its own, e.g. DATABASE_URL=…/thidua_scale)."
            )

    def marker_user(self):
        user, _ = User.objects.get_or_create(
            username=SEED_USER, defaults={"full_name": "Dữ liệu tổng hợp (benchmark)", "is_active": False}
        )
        return user

    # -- removing what a previous run made ------------------------------------

    def wipe(self):
        """Remove the synthetic reports, figures and honourees of a previous run (no signals, no history)."""
        seeded = Honouree.objects.filter(slug__startswith=SLUG_PREFIX)
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                # Every report is synthetic (refuse_real_reports): empty the tables
                # that hang off reports at once.
                # (Deferred foreign-key checks of this transaction run first: TRUNCATE
                # refuses a table with pending trigger events.)
                cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
                tables = [Figure, ActivityReport, ActivityReport.history.model]
                cursor.execute(f"TRUNCATE {', '.join(m._meta.db_table for m in tables)} CASCADE")
            else:
                for rel in ActivityReport._meta.related_objects:
                    rel.related_model.objects.all()._raw_delete(connection.alias)
                ActivityReport.history.all()._raw_delete(connection.alias)
                ActivityReport.objects.all()._raw_delete(connection.alias)
        for model in (HonoureeCoverage, Commendation, Commendation.history.model):
            model.objects.filter(honouree_id__in=seeded.values("pk"))._raw_delete(connection.alias)
        Honouree.history.filter(slug__startswith=SLUG_PREFIX)._raw_delete(connection.alias)
        for rel in Honouree._meta.related_objects:
            rel.related_model.objects.filter(**{rel.field.name + "__in": seeded.values("pk")})._raw_delete(
                connection.alias
            )
        seeded._raw_delete(connection.alias)

    # -- plans, agencies and users ---------------------------------------------

    def base_plan(self):
        """The latest real plan (loaded by ``load_plan``) with its themes."""
        return (
            Plan.objects.exclude(code__startswith=PLAN_PREFIX)
            .filter(themes__isnull=False)
            .order_by("-end_year")
            .first()
        )

    def _copy(self, plan, start, end):
        code = f"{PLAN_PREFIX}{plan.code}-{start}-{end}"[:60]
        copy = Plan.objects.filter(code=code).first()
        if copy is None:
            copy = plan_copy_to_phase(plan=plan, start_year=start, end_year=end)
            copy.code = code
            copy.save(update_fields=["code"])
        calendar.generate_periods(plan=copy)
        return copy

    def present_phase(self, plan):
        """When ``today`` is past the real plan, a synthetic next phase holding today, so clerks have an open period.

        Its reports run up to today's period, the latest ones still drafts,
        submitted or returned: the state of a province in mid-year.
        """
        length = plan.end_year - plan.start_year + 1
        if self.today.year <= plan.end_year:
            return None
        k = (self.today.year - plan.start_year) // length
        return self._copy(plan, plan.start_year + k * length, plan.end_year + k * length)

    def phases(self, plan):
        """The real plan and ``factor - 1`` synthetic earlier phases (copies of it), each with its periods."""
        length = plan.end_year - plan.start_year + 1
        return [plan] + [
            self._copy(plan, plan.start_year - k * length, plan.end_year - k * length) for k in range(1, self.factor)
        ]

    def drop_surplus_phases(self, *, keep):
        """Remove the synthetic phases an earlier run with a larger ``--factor`` made and this one does not use.

        Their reports went with ``wipe``; their plans and periods go too, so a
        province-scale database has no leftover periods of empty phases in its
        period pickers (after a ``--factor 10`` run, some nine hundred).
        """
        surplus = Plan.objects.filter(code__startswith=PLAN_PREFIX).exclude(pk__in=[p.pk for p in keep if p])
        periods = ReportingPeriod.objects.filter(plan__in=surplus)
        CompiledReport.objects.filter(period__in=periods).delete()
        periods.delete()  # their AcceptedTotal cells and reminder logs go with them
        surplus.delete()

    def reporting_agencies(self):
        real = list(Agency.objects.reporting().exclude(code__startswith=AGENCY_PREFIX).order_by("code"))
        n_synthetic = max(self.agencies - len(real), 1)
        real = real[: self.agencies - n_synthetic]
        districts = list(AdministrativeUnit.objects.filter(level=AdministrativeUnit.Level.DISTRICT).order_by("code"))
        if not districts:
            districts = list(AdministrativeUnit.objects.order_by("code"))
        rng = random.Random(f"{self.seed}:agencies")
        existing = {a.code: a for a in Agency.objects.filter(code__startswith=AGENCY_PREFIX)}
        new, changed = [], []
        for n in range(1, n_synthetic + 1):
            code = f"{AGENCY_PREFIX}{n:04d}"
            kind, name, short = SYNTHETIC_KINDS[n % len(SYNTHETIC_KINDS)]
            unit = districts[n % len(districts)]
            district = DISTRICT_WORDS[n % len(DISTRICT_WORDS)]
            agency = Agency(
                code=code,
                name=name.format(n=n, d=district),
                short_name=short.format(n=n, d=district),
                kind=kind,
                unit=unit,
                must_report=True,
                # Most synthetic agencies report monthly; every 25th quarterly.
                report_frequency=Agency.Frequency.QUARTERLY if n % 25 == 0 else Agency.Frequency.MONTHLY,
                head_approval_required=rng.random() < 0.1,
                email=f"{code.lower()}@example.vn",
            )
            agency.search_text = fold(f"{agency.name} {agency.short_name} {agency.code}")
            if code in existing:  # made by an earlier run: brought back to this definition
                agency.pk = existing[code].pk
                changed.append(agency)
            else:
                new.append(agency)
        fields = ["name", "short_name", "kind", "unit", "must_report", "report_frequency", "head_approval_required"]
        Agency.objects.bulk_update(changed, [*fields, "email", "search_text"], batch_size=500)
        Agency.objects.bulk_create(new, batch_size=500)
        synthetic = list(Agency.objects.filter(code__startswith=AGENCY_PREFIX).order_by("code")[:n_synthetic])
        return real + synthetic

    def users(self, agencies):
        """A clerk per synthetic agency (``syn-clerk-0001``…) and one user per province role (``syn-password``)."""
        password = make_password(PASSWORD)
        wanted = []
        for agency in agencies:
            if agency.code.startswith(AGENCY_PREFIX):
                number = agency.code[len(AGENCY_PREFIX) :]
                wanted.append((f"{USER_PREFIX}clerk-{number}", agency, r.CLERK))
        province = Agency.objects.filter(kind=Agency.Kind.IC_DEPARTMENT).first()
        home_affairs = Agency.objects.filter(kind=Agency.Kind.HOME_AFFAIRS).first()
        wanted += [
            (f"{USER_PREFIX}reviewer", province, r.REVIEWER),
            (f"{USER_PREFIX}officer", home_affairs, r.EMULATION_OFFICER),
            (f"{USER_PREFIX}leader", None, r.LEADERSHIP),
        ]
        existing = set(User.objects.filter(username__startswith=USER_PREFIX).values_list("username", flat=True))
        new = [
            User(username=name, password=password, agency=agency, full_name=f"Người dùng tổng hợp {name[4:]}")
            for name, agency, _role in wanted
            if name not in existing
        ]
        User.objects.bulk_create(new, batch_size=500)
        r.sync_roles()
        groups = dict(Group.objects.values_list("name", "pk"))
        ids = dict(User.objects.filter(username__in=[w[0] for w in wanted]).values_list("username", "pk"))
        through = User.groups.through
        through.objects.filter(user_id__in=ids.values()).delete()
        through.objects.bulk_create(
            [through(user_id=ids[name], group_id=groups[role]) for name, _agency, role in wanted], batch_size=500
        )

    # -- reports and figures ---------------------------------------------------

    def next_id(self, model):
        last = model.objects.order_by("-pk").values_list("pk", flat=True).first()
        return (last or 0) + 1

    def seed_phase(self, plan, agencies, rng, *, reports_by_agency):
        """Reports of ``plan``'s first ``years`` years, up to the period holding ``today``.

        The periods nearest to ``today`` get the statuses of work in progress;
        older ones are almost all accepted.
        """
        years = range(plan.start_year, plan.start_year + self.years)
        periods = {
            kind: list(
                ReportingPeriod.objects.filter(plan=plan, kind=kind, year__in=years, start__lte=self.today).order_by(
                    "start"
                )
            )
            for kind in ("month", "quarter")
        }
        recent = any(p.end >= self.today - datetime.timedelta(days=120) for p in periods["month"] + periods["quarter"])
        metrics = list(Metric.objects.filter(channel__plan=plan).order_by("channel__order", "order"))
        themes = list(Theme.objects.filter(plan=plan).order_by("order").values_list("pk", flat=True))
        cells = [(m.pk, m.channel_id, t) for m in metrics for t in themes]
        # A scale per metric: participants run in hundreds, articles in tens.
        scale = {m.pk: (200 if "người" in m.unit.lower() or "lượt" in m.unit.lower() else 12) for m in metrics}
        report_rows, figure_rows = [], []
        for agency in agencies:
            own = periods["month" if agency.report_frequency == Agency.Frequency.MONTHLY else "quarter"]
            diligence = rng.random()  # some agencies are reliably late, or often missing
            for position, period in enumerate(own):
                from_end = len(own) - 1 - position
                report = self.report_row(agency, period, rng, diligence, from_end if recent else 99)
                if report is None:
                    continue
                report_rows.append(report)
                reports_by_agency.setdefault(agency.pk, []).append(report["id"])
                accepted = report["status"] == Status.ACCEPTED  # Figure.accepted, as report_accept sets it
                k = max(5, min(len(cells), int(rng.gauss(self.mean_figures, self.mean_figures / 5))))
                for metric_id, channel_id, theme_id in rng.sample(cells, k):
                    value = 1 + int(rng.expovariate(1 / scale[metric_id]))
                    figure_rows.append(
                        (
                            self.next_figure_id,
                            report["id"],
                            period.pk,
                            agency.pk,
                            channel_id,
                            metric_id,
                            theme_id,
                            value,
                            accepted,
                        )
                    )
                    self.next_figure_id += 1
                if len(figure_rows) >= 200_000:
                    self.flush(report_rows, figure_rows)
                    report_rows, figure_rows = [], []
        self.flush(report_rows, figure_rows)

    def report_row(self, agency, period, rng, diligence, from_end):
        """One report's column values, or None when the agency never reported for ``period``."""
        roll = rng.random()
        missing_rate = 0.02 + 0.08 * (diligence < 0.1)
        if from_end == 0:
            missing_rate = 0.2  # the latest period: some have not started
        if roll < missing_rate:
            return None
        if from_end == 0:
            status = rng.choices(
                [Status.DRAFT, Status.SUBMITTED, Status.AWAITING_APPROVAL, Status.RETURNED, Status.ACCEPTED],
                weights=[30, 40, 5, 10, 15],
            )[0]
        elif from_end <= 2:
            status = rng.choices(
                [Status.SUBMITTED, Status.RESUBMITTED, Status.RETURNED, Status.ACCEPTED], weights=[25, 10, 10, 55]
            )[0]
        else:
            status = Status.ACCEPTED if rng.random() < 0.97 else Status.RESUBMITTED
        late = rng.random() < (0.45 if diligence < 0.25 else 0.08)
        created = _at(period.end - datetime.timedelta(days=rng.randint(0, 10)), rng)
        submitted = None
        if status not in (Status.DRAFT, Status.AWAITING_APPROVAL):
            if late:
                day = period.deadline + datetime.timedelta(days=rng.randint(1, 20))
            else:
                day = period.deadline - datetime.timedelta(days=rng.randint(0, 3))
            submitted = _at(day, rng)
        returned = status in (Status.RETURNED, Status.RESUBMITTED)
        a, b, c = rng.randint(5, 120), rng.randint(1, 12), rng.randint(50, 2000)
        row = {
            "id": self.next_report_id,
            "agency_id": agency.pk,
            "period_id": period.pk,
            "status": status,
            "results": " ".join(s.format(a=a, b=b, c=c) for s in rng.sample(RESULTS, 3)),
            "shortcomings": rng.choice(SHORTCOMINGS),
            "next_tasks": rng.choice(NEXT_TASKS).format(b=b),
            "proposals": rng.choice(PROPOSALS),
            "version": 1 + rng.randint(1, 6),
            "created_by_id": self.seed_user.pk,
            "created_at": created,
            "updated_at": submitted or created,
            "submitted_at": submitted,
            "last_submitted_at": submitted + datetime.timedelta(days=3 if returned else 0) if submitted else None,
            "returned_at": submitted + datetime.timedelta(days=1) if returned and submitted else None,
            "return_reason": rng.choice(RETURN_REASONS) if returned else "",
            "accepted_at": submitted + datetime.timedelta(days=2) if status == Status.ACCEPTED and submitted else None,
        }
        self.next_report_id += 1
        return row

    def flush(self, report_rows, figure_rows):
        if not report_rows and not figure_rows:
            return
        reports = [ActivityReport(**row) for row in report_rows]
        fields = list(ActivityReport._meta.concrete_fields)
        report_values = [[f.get_db_prep_save(f.pre_save(obj, True), connection) for f in fields] for obj in reports]
        self.insert(ActivityReport._meta.db_table, [f.column for f in fields], report_values)
        self.insert(Figure._meta.db_table, FIGURE_COLUMNS, figure_rows, integers=True)
        self.counts["reports"] += len(report_rows)
        self.counts["figures"] += len(figure_rows)

    def insert(self, table, columns, rows, *, integers=False):
        """Bulk-insert ``rows``; ``integers``: every value is an int or a bool (figures), no COPY escaping needed."""
        if not rows:
            return
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                buffer = io.StringIO()
                if integers:
                    buffer.writelines("\t".join(map(str, row)) + "\n" for row in rows)
                else:
                    buffer.writelines("\t".join(_copy_text(v) for v in row) + "\n" for row in rows)
                buffer.seek(0)
                cursor.cursor.copy_expert(f"COPY {table} ({', '.join(columns)}) FROM STDIN", buffer)
            else:
                placeholders = ", ".join(["%s"] * len(columns))
                sql = f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({placeholders})"  # noqa: S608
                for start in range(0, len(rows), 20_000):
                    cursor.executemany(sql, rows[start : start + 20_000])

    def drop_figure_indexes(self):
        """On PostgreSQL, drop the figure table's plain indexes while it is empty; their definitions.

        Building an index once over the loaded rows is several times cheaper
        than updating it row by row; unique indexes (constraints) stay. The
        drop is part of the seed's transaction: a failure puts them back.
        """
        if connection.vendor != "postgresql":
            return []
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT i.indexname, i.indexdef FROM pg_indexes i WHERE i.schemaname = current_schema() "
                "AND i.tablename = %s AND i.indexdef NOT LIKE 'CREATE UNIQUE INDEX%%'",
                [Figure._meta.db_table],
            )
            indexes = cursor.fetchall()
            for name, _definition in indexes:
                cursor.execute(f'DROP INDEX "{name}"')
            # As pg_restore --disable-triggers does: a superuser loads without the per-row
            # foreign-key triggers (six per figure); every id written comes from the database.
            cursor.execute("SELECT rolsuper FROM pg_roles WHERE rolname = current_user")
            if cursor.fetchone()[0]:
                cursor.execute("SET LOCAL session_replication_role = replica")
        return [definition for _name, definition in indexes]

    def recreate_indexes(self, definitions):
        if connection.vendor != "postgresql":
            return
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL session_replication_role = DEFAULT")
            self.check_references(cursor)
            cursor.execute("SET LOCAL maintenance_work_mem = '256MB'")
            for definition in definitions:
                cursor.execute(definition)

    def check_references(self, cursor):
        """What the foreign-key triggers would have checked, once over the loaded rows; rolls back on a miss."""
        for model in (Figure, ActivityReport):
            table = model._meta.db_table
            for field in model._meta.concrete_fields:
                if not field.is_relation or field.null:
                    continue
                target = field.related_model._meta
                cursor.execute(
                    f"SELECT COUNT(*) FROM {table} t LEFT JOIN {target.db_table} u "  # noqa: S608 — model names
                    f"ON u.{target.pk.column} = t.{field.column} WHERE u.{target.pk.column} IS NULL"
                )
                missing = cursor.fetchone()[0]
                if missing:
                    raise CommandError(f"{missing} rows of {table} point to no {target.db_table}: nothing was loaded")

    def reset_sequences(self):
        if connection.vendor != "postgresql":
            return
        with connection.cursor() as cursor:
            for model in (ActivityReport, Figure):
                table = model._meta.db_table
                cursor.execute(
                    f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), COALESCE(MAX(id), 1)) FROM {table}"  # noqa: S608
                )

    # -- honourees -------------------------------------------------------------

    def seed_honourees(self, agencies, reports_by_agency):
        rng = random.Random(f"{self.seed}:honourees")
        synthetic = [a for a in agencies if a.code.startswith(AGENCY_PREFIX)]
        groups = list(EthnicGroup.objects.filter(in_province=True)) or list(EthnicGroup.objects.all()) or [None]
        movements = [*Movement.objects.all(), None]
        units = list(AdministrativeUnit.objects.order_by("code"))
        channels = list(Metric.objects.filter(channel__plan=current_plan()).values_list("channel_id", flat=True))
        statuses = [
            (Honouree.Status.PUBLISHED, 45),
            (Honouree.Status.VERIFIED, 20),
            (Honouree.Status.PROPOSED, 25),
            (Honouree.Status.NEEDS_INFO, 5),
            (Honouree.Status.REJECTED, 5),
        ]
        honourees = []
        n = 0
        for agency in synthetic:
            for _ in range(self.honourees_per_agency):
                n += 1
                kind = Honouree.Kind.COLLECTIVE if rng.random() < 0.2 else Honouree.Kind.INDIVIDUAL
                if kind == Honouree.Kind.INDIVIDUAL:
                    name = f"{rng.choice(FAMILY)} {rng.choice(MIDDLE)} {rng.choice(GIVEN)}"
                else:
                    name = f"Tổ hợp tác {rng.choice(GIVEN)} {rng.choice(DISTRICT_WORDS)}"
                status = rng.choices([s for s, _w in statuses], weights=[w for _s, w in statuses])[0]
                group = rng.choice(groups)
                movement = rng.choice(movements)
                unit = rng.choice(units)
                honouree = Honouree(
                    kind=kind,
                    category=rng.choice(Honouree.Category.values),
                    name=name,
                    slug=f"{SLUG_PREFIX}{n:05d}-{ascii_slug(name)}"[:220],
                    ethnic_group=group,
                    position="Nông dân sản xuất giỏi" if kind == Honouree.Kind.INDIVIDUAL else "",
                    workplace=agency.name,
                    unit=unit,
                    field=rng.choice(Honouree.Field.values),
                    movement=movement,
                    summary="Điển hình tiên tiến trong phong trào thi đua yêu nước.",
                    story="Có nhiều cách làm hay, sáng tạo, được nhân dân tin yêu. " * rng.randint(2, 6),
                    consent_to_publish=status == Honouree.Status.PUBLISHED or rng.random() < 0.5,
                    status=status,
                    status_reason="Chưa đủ minh chứng." if status == Honouree.Status.REJECTED else "",
                    proposing_agency=agency,
                    proposed_by=self.seed_user,
                    published_at=_at(datetime.date(2024, 1, 1) + datetime.timedelta(days=n % 600), rng)
                    if status == Honouree.Status.PUBLISHED
                    else None,
                )
                honouree.name_folded = fold(name)
                parts = [name, honouree.position, honouree.workplace, honouree.summary, unit.name]
                if group is not None:
                    parts += [group.name, group.other_names]
                if movement is not None:
                    parts.append(movement.name)
                honouree.search_text = fold(" ".join(p for p in parts if p))[:1000]
                honourees.append(honouree)
        Honouree.objects.bulk_create(honourees, batch_size=500)
        saved = list(Honouree.objects.filter(slug__startswith=SLUG_PREFIX).order_by("slug"))
        commendations, coverage = [], []
        for i, honouree in enumerate(saved):
            if honouree.status in (Honouree.Status.VERIFIED, Honouree.Status.PUBLISHED) and rng.random() < 0.6:
                commendations.append(
                    Commendation(
                        honouree=honouree,
                        form=rng.choice(Commendation.Form.values),
                        achievement="Có thành tích xuất sắc trong phong trào thi đua yêu nước",
                        achievement_folded=fold("Có thành tích xuất sắc trong phong trào thi đua yêu nước"),
                        decision_number=f"{1000 + i}/QĐ-UBND",
                        decision_date=datetime.date(2021 + i % 5, 1 + i % 12, 1 + i % 28),
                        issuing_authority="UBND tỉnh Lào Cai",
                        recorded_by=self.seed_user,
                    )
                )
            reports = reports_by_agency.get(honouree.proposing_agency_id) or []
            if reports and channels and rng.random() < 0.4:
                coverage.append(
                    HonoureeCoverage(
                        honouree=honouree,
                        report_id=rng.choice(reports),
                        channel_id=rng.choice(channels),
                        note="Phóng sự giới thiệu điển hình",
                        added_by=self.seed_user,
                    )
                )
        Commendation.objects.bulk_create(commendations, batch_size=500)
        HonoureeCoverage.objects.bulk_create(coverage, batch_size=500)
        return len(saved)


def _at(day, rng):
    """A working-hours moment of ``day`` in Lào Cai's time zone."""
    return datetime.datetime.combine(day, datetime.time(rng.randint(7, 17), rng.randint(0, 59)), tzinfo=TZ)


def _copy_text(value):
    """``value`` in PostgreSQL COPY text format."""
    if value is None:
        return r"\N"
    if isinstance(value, bool):
        return "t" if value else "f"
    if isinstance(value, int | float):
        return str(value)
    if hasattr(value, "adapted") and hasattr(value, "dumps"):
        # A JSONField value comes adapted for psycopg2 (Json): COPY wants the bare JSON text.
        value = value.dumps(value.adapted)
    text = str(value)
    if any(ch in text for ch in "\\\t\n\r"):
        text = text.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r")
    return text
