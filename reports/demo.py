# ruff: noqa: S311 - deterministic pseudo-random demo data, not secrets
"""The demo province for ``manage.py seed_demo``: a year and a half of quarterly reports and the province's own reports.

Built from the real agencies (``load_plan``) through the product's services, each step run at the moment
it would have happened (``time_machine`` moves the clock: the history, the deadline and lock checks, the
timeliness of each report and the compiled documents all read as if the year had been lived):

- the past six quarters whose deadline has passed (the last year's four, and two more so that the latest
  compares with the same quarter a year before; in 2026 they reach the district People's Committees'
  last quarter): every agency expected on the quarter's cut-off day drafts, sends and has its report
  accepted, the press far above the departments; two or three agencies send nothing and a few send
  late; the reviewer compiles the province report in-process and issues it;
- in the last of them, one report was returned, corrected and resubmitted after the province report was
  issued, and one late report still waits for the reviewer: the reviewer's inbox has work;
- when no plan covers today (the 2021–2025 plan ended on 31/12/2025), the next phase as a draft copy of the
  latest plan, with its periods, so that there is a current period; the copy stays unconfirmed, and the
  plan page and the documents say so (no one wrote its texts for those years);
- the current period: a few agencies have drafts; the demo clerk's agency (Báo Lào Cai) has nothing, so a
  newcomer fills it in themselves;
- when those quarters no longer reach back to it, a district People's Committee that ceased on 30/06/2025
  (Bát Xát) still has its last quarter accepted, so its demo clerk sees past data.

Deterministic: a fixed random seed and dates relative to today. When the database holds any activity
report already, it adds nothing (run twice, it changes nothing).
"""

import datetime
import random
from dataclasses import dataclass, field

from django.contrib.auth.models import Group
from django.db import transaction
from django.utils import timezone

from agencies import roles as r
from agencies.models import Agency, User
from campaigns.selectors import phase_status, plan_covering
from campaigns.services import plan_copy_to_phase
from core.demo import at

from . import calendar, selectors, services
from .models import ActivityReport, ReportingPeriod

SEED = 2025
QUARTERS = 6
REVIEWER = "reviewer.stttt"
DEMO_CLERK_AGENCY = "BLC"
# Agencies that exist before and after the reorganisation of 2025 (Sở VH&TT and Đài PT-TH merged away in March).
RETURNED_AGENCY = "SGDDT"  # last quarter: returned, corrected and resubmitted after the province report
AWAITING_AGENCY = "SYT"  # last quarter: sent late, after the province report, not yet reviewed
NEVER_MISSING = (DEMO_CLERK_AGENCY, "STTTT", RETURNED_AGENCY, AWAITING_AGENCY)
CURRENT_DRAFTS = ("CTTDT", "TDTN", "HLHPN")
CEASED_AGENCY = "UBND-BATXAT"

ON_TIME, LATE, MISSING, RETURNED, AWAITING = "on_time", "late", "missing", "returned", "awaiting"

# Mean value of one cell (channel, metric) per theme, before the theme's weight and the agency's size.
PROFILES = {
    "BLC": {
        ("HT1", "articles"): 30,
        ("HT1", "special_columns"): 0.15,
        ("HT2", "web_posts"): 36,
        ("HT2", "social_posts"): 48,
        ("HT3", "articles"): 1.5,
    },
    "DPTTH": {
        ("HT1", "articles"): 18,
        ("HT1", "broadcasts"): 11,
        ("HT2", "social_posts"): 40,
        ("HT3", "broadcasts"): 1.2,
    },
    "CTTDT": {("HT2", "web_posts"): 42, ("HT2", "social_posts"): 22},
    Agency.Kind.PRESS: {("HT1", "articles"): 4, ("HT2", "web_posts"): 6},
    Agency.Kind.DISTRICT_COMMITTEE: {
        ("HT2", "web_posts"): 2,
        ("HT4", "broadcasts"): 5,
        ("HT4", "loudspeaker_broadcasts"): 9,
        ("HT5", "sessions"): 0.6,
    },
    Agency.Kind.UNION: {("HT2", "web_posts"): 2, ("HT2", "social_posts"): 4, ("HT5", "sessions"): 1.2},
    "other": {
        ("HT2", "web_posts"): 3,
        ("HT2", "social_posts"): 1.5,
        ("HT2", "bulletin_issues"): 0.15,
        ("HT5", "sessions"): 0.5,
    },
}
# Cells that follow another of the same channel and theme: (metric it follows, low, high multiplier).
DERIVED = {"participants": ("sessions", 25, 90), "airtime_minutes": ("broadcasts", 6, 20)}
THEME_WEIGHTS = {"ND1": 0.6, "ND2": 0.8, "ND3": 0.7, "ND4": 0.9, "ND5": 1.3, "ND6": 1.4, "ND7": 0.8, "ND8": 1.2}

PHRASES = [
    (("HT1", "articles"), "{n} tin, bài trên báo chí địa phương"),
    (("HT1", "broadcasts"), "{n} chương trình, phóng sự phát sóng"),
    (("HT2", "web_posts"), "{n} tin, bài trên cổng, trang thông tin điện tử"),
    (("HT2", "social_posts"), "{n} bài đăng trên mạng xã hội"),
    (("HT3", "articles"), "{n} tin, bài trên báo chí trung ương"),
    (("HT4", "broadcasts"), "{n} lượt phát trên đài truyền thanh"),
    (("HT4", "loudspeaker_broadcasts"), "{n} lượt phát trên cụm loa thôn, bản, tổ dân phố"),
    (("HT5", "sessions"), "{n} hội nghị, hội thảo, họp báo"),
    (("HT5", "participants"), "{n} lượt người tham dự"),
]
EXTRA_RESULTS = [
    "Duy trì chuyên mục “Người tốt, việc tốt”, giới thiệu các điển hình tiên tiến trên địa bàn tỉnh.",
    "Phối hợp với Đài Phát thanh – Truyền hình tỉnh giới thiệu các mô hình hay, cách làm sáng tạo.",
    "Treo băng rôn, khẩu hiệu tuyên truyền tại trụ sở và nơi công cộng.",
    "",
]
SHORTCOMINGS = [
    "Một số tin, bài còn nặng về liệt kê, chưa nêu bật cách làm hay.",
    "Việc phát hiện, bồi dưỡng điển hình tiên tiến ở cơ sở còn chậm.",
    "Cán bộ làm công tác tuyên truyền kiêm nhiệm, thiếu kỹ năng viết tin, bài.",
    "Kinh phí dành cho công tác tuyên truyền còn hạn chế.",
]
NEXT_TASKS = [
    "Tiếp tục tuyên truyền các phong trào thi đua theo Kế hoạch của UBND tỉnh.",
    "Tăng cường tuyên truyền trên mạng xã hội; giới thiệu ít nhất hai gương điển hình tiên tiến.",
    "Phối hợp với Ban Thi đua – Khen thưởng tỉnh phát hiện, giới thiệu gương người tốt, việc tốt.",
]
PROPOSALS = ["Đề nghị tổ chức tập huấn nghiệp vụ viết tin, bài tuyên truyền.", "", ""]
RETURN_REASON = "Số liệu hội nghị, hội thảo (HT5) chưa khớp với danh sách kèm theo; đề nghị rà soát, bổ sung."


@dataclass
class Demo:
    """What every quarter of the demo shares: the random stream, the people, the grids, the calendar."""

    rng: random.Random
    reviewer: User
    holidays: frozenset
    grids: dict = field(default_factory=dict)
    clerks: dict = field(default_factory=dict)
    sizes: dict = field(default_factory=dict)

    def grid(self, period):
        if period.plan_id not in self.grids:
            self.grids[period.plan_id] = selectors.grid_for(period.plan)
        return self.grids[period.plan_id]

    def work(self, day, count):
        return calendar.add_working_days(day, count, self.holidays)

    def size(self, agency):
        """How active the agency is, the same every quarter (drawn once, in the order agencies come)."""
        if agency.pk not in self.sizes:
            self.sizes[agency.pk] = self.rng.uniform(0.6, 1.6)
        return self.sizes[agency.pk]


@transaction.atomic
def seed_demo_reports(*, stdout=None, issue=None) -> int:
    """Build the demo province's reports; returns the number of reports made.

    Side effects (through ``reports.services``, as the pages do): this year's and next year's reporting
    periods and the holidays; one clerk per reporting agency that has none (no usable password); the
    activity reports with their figures, history, accepted sums and ``AcceptedTotal``. ``issue(period,
    days, reviewer)``, when given, runs on each past quarter once its reports stand as on the compile
    day (``province.demo`` compiles and issues the province report there). Adds nothing when any
    activity report exists, or without a reviewer to accept them.
    """
    today = timezone.localdate()
    reviewer = User.objects.filter(username=REVIEWER).first() or User.objects.filter(groups__name=r.REVIEWER).first()
    if ActivityReport.objects.exists() or reviewer is None or phase_status(on=today) is None:
        _say(stdout, "Demo activity reports: none added (reports exist already, or no reviewer)")
        return 0
    _ensure_phase(today, stdout)
    _ensure_calendar(today)
    past = list(ReportingPeriod.objects.filter(kind="quarter", deadline__lt=today).order_by("-end")[:QUARTERS])[::-1]
    if not past:
        return 0
    demo = Demo(
        rng=random.Random(SEED),
        reviewer=reviewer,
        holidays=calendar.holiday_dates(today - datetime.timedelta(days=1000), today + datetime.timedelta(days=120)),
    )
    agencies = list(Agency.objects.reporting().filter(report_frequency="quarter").order_by("code"))
    made = _seed_ceased_agency(demo, seeded=past)
    for index, period in enumerate(past):
        last = period == past[-1]
        made += _seed_quarter(period, agencies=agencies, scale=0.9 + 0.07 * index, last=last, demo=demo, issue=issue)
    made += _seed_current_drafts(today, agencies, demo)
    _say(stdout, f"Demo activity reports: {made}" + (f"; province reports issued: {len(past)}" if issue else ""))
    return made


def _say(stdout, line):
    if stdout is not None:
        stdout.write(line)


def _ensure_phase(today, stdout):
    """When no plan covers today, the next phase as a draft copy of the latest plan, with its periods.

    So the demo has a current period. The copy says everywhere that no one has confirmed it (the
    plan page, the documents): its texts are the previous phase's.
    """
    status = phase_status(on=today)
    if status.is_gap:
        copy = plan_copy_to_phase(plan=status.previous)
        _say(stdout, f"Demo plan: {copy.code}, a draft copy of {status.previous.code} (not confirmed)")


def _ensure_calendar(today):
    """The holidays and the periods from last year to next year, each year's under the plan covering it."""
    calendar.load_holidays()
    for year in range(today.year - 1, today.year + 2):
        if (plan := plan_covering(year)) is not None:
            calendar.generate_periods(plan=plan, years=[year])


# -- one quarter ----------------------------------------------------------------------


@dataclass(frozen=True)
class Days:
    """The quarter's calendar as the demo lives it: drafting, the deadline, compiling and issuing."""

    draft: datetime.date
    deadline: datetime.date
    compile: datetime.date
    issue: datetime.date

    @classmethod
    def of(cls, period, demo):
        return cls(
            draft=max(period.start, period.end - datetime.timedelta(days=12)),
            deadline=period.deadline,
            compile=demo.work(period.deadline, 5),
            issue=demo.work(period.deadline, 6),
        )


def _fates(agencies, rng, *, last):
    """Each agency's fate this quarter: two or three send nothing, a few send late, the rest on time."""
    codes = [a.code for a in agencies]
    fates = dict.fromkeys(codes, ON_TIME)
    may_miss = [a.code for a in agencies if a.code not in NEVER_MISSING and a.kind != Agency.Kind.PRESS]
    missing = rng.sample(may_miss, min(len(may_miss), rng.randint(2, 3)))
    fates.update(dict.fromkeys(missing, MISSING))
    may_be_late = [c for c in codes if fates[c] == ON_TIME and c not in (RETURNED_AGENCY, AWAITING_AGENCY)]
    fates.update(dict.fromkeys(rng.sample(may_be_late, min(len(may_be_late), rng.randint(2, 4))), LATE))
    if last:
        fates.update({RETURNED_AGENCY: RETURNED, AWAITING_AGENCY: AWAITING})
    return {code: fate for code, fate in fates.items() if code in codes}


def _seed_quarter(period, *, agencies, scale, last, demo, issue) -> int:
    """Every expected agency's report of ``period`` as its fate has it, and ``issue`` (the province report).

    What happens after the issue (a correction, a late report) runs after it, so the compile sees the
    quarter as it stood on its day.
    """
    expected = [a for a in agencies if a.is_active_on(period.end)]
    days = Days.of(period, demo)
    fates = _fates(expected, demo.rng, last=last)
    after_issue = [
        _play(agency, period, fates[agency.code], days, scale=scale, demo=demo)
        for agency in expected
        if fates[agency.code] != MISSING
    ]
    if issue is not None:
        issue(period, days, demo.reviewer)
    for step in filter(None, after_issue):
        step()
    return len(after_issue)


def _submission_day(fate, days, demo):
    if fate == LATE:
        return demo.work(days.deadline, demo.rng.randint(1, 4))
    if fate == AWAITING:
        return demo.work(days.issue, 2)  # after the province report was issued
    on_time = [days.deadline - datetime.timedelta(days=n) for n in range(5)]
    return demo.rng.choice([d for d in on_time if calendar.is_working_day(d, demo.holidays)] or [days.deadline])


def _play(agency, period, fate, days, *, scale, demo):
    """One agency's report up to the province report's compile: drafted, sent, accepted or returned.

    Returns what is left for after the issue (the late report's sending, the returned report's
    correction), or None.
    """
    clerk = _clerk_of(agency, demo)
    figures = _figures(agency, demo.grid(period), demo.rng, scale * demo.size(agency))
    with at(days.draft, 8, demo.rng.randint(0, 59)):
        report, _created = services.report_get_or_create(agency=agency, period=period, user=clerk)
        services.report_save(
            report=report,
            user=clerk,
            expected_version=report.version,
            narratives=_narratives(agency, demo.grid(period), figures, demo.rng),
            figures=figures,
            grid=demo.grid(period),
        )
        _attribute(report, clerk, figures)
    submitted, hour, minute = _submission_day(fate, days, demo), demo.rng.randint(8, 16), demo.rng.randint(0, 59)

    def submit():
        with at(submitted, hour, minute):
            services.report_submit(report=report, user=clerk, confirm_empty=True)

    if fate == AWAITING:
        return submit
    submit()
    if fate == RETURNED:
        with at(demo.work(days.deadline, 1), 9, 30):
            services.report_return(report=report, user=demo.reviewer, reason=RETURN_REASON)
        return lambda: _correct_and_resubmit(report, clerk, figures, days, demo.grid(period), demo)
    with at(min(demo.work(submitted, 1), days.compile), 10, demo.rng.randint(0, 59)):
        services.report_accept(report=report, user=demo.reviewer)
    return None


# The breakdown by movement and occasion: most of what is attributed goes to the new countryside, then to the
# poor; in a quarter with 11 June, a share to the day of the call to patriotic emulation.
ATTRIBUTED_MOVEMENTS = (("nong-thon-moi", 0.2), ("vi-nguoi-ngheo", 0.1))
ATTRIBUTED_OCCASION = ("thi-dua-ai-quoc-11-6", 0.1)


def _attribute(report, clerk, figures):
    """About half the agencies break part of their main figures down by movement (and occasion), as a clerk
    would on the report's breakdown page (``services.attributions_save``). A random stream of its own per
    report, so the rest of the demo draws what it drew before."""
    rng = random.Random(f"{SEED}:{report.agency.code}:{report.period.code}")
    if rng.random() < 0.5:
        return
    metrics, movements, occasions = services.attribution_choices(report)
    movements = {m.code: m.pk for m in movements}
    occasion = next((o.pk for o in occasions if o.code == ATTRIBUTED_OCCASION[0]), None)
    rows = []
    for metric in metrics:
        total = sum(value for (metric_id, _theme), value in figures.items() if metric_id == metric.pk)
        for code, share in ATTRIBUTED_MOVEMENTS:
            if code in movements and (value := int(total * share * rng.uniform(0.5, 1.5))) >= 1:
                rows.append(services.AttributionRow(metric.pk, movements[code], None, value))
        if occasion is not None and (value := int(total * ATTRIBUTED_OCCASION[1])) >= 1:
            rows.append(services.AttributionRow(metric.pk, movements.get("nong-thon-moi"), occasion, value))
    if rows:
        services.attributions_save(report=report, user=clerk, expected_version=report.version, rows=rows)


def _correct_and_resubmit(report, clerk, figures, days, grid, demo):
    """The clerk corrects the returned report the day after the province report was issued, and sends it again."""
    # The correction: fewer attendances than first counted, and the list the reviewer asked for.
    participants = {m.pk for m in grid.metrics if m.code == "participants"}
    corrected = {key: value - value // 5 if key[0] in participants else value for key, value in figures.items()}
    with at(demo.work(days.issue, 1), 14, 10):
        services.report_save(
            report=report,
            user=clerk,
            expected_version=report.version,
            narratives={"results": report.results + " Đã rà soát, bổ sung danh sách hội nghị kèm theo."},
            figures=corrected,
        )
        services.report_submit(report=report, user=clerk, confirm_empty=True)


def _clerk_of(agency, demo):
    """The agency's clerk: the demo user when there is one, else a clerk made for the demo (no usable password)."""
    if agency.pk not in demo.clerks:
        clerk = (
            User.objects.filter(agency=agency, groups__name=r.CLERK, is_active=True).order_by("pk").first()
            or User.objects.filter(username=f"clerk.{agency.code.lower()}").first()
        )
        if clerk is None:
            clerk = User.objects.create_user(
                username=f"clerk.{agency.code.lower()}",
                password=None,
                agency=agency,
                full_name=f"Văn thư {agency.short_name}",
            )
            clerk.groups.add(Group.objects.get(name=r.CLERK))
        demo.clerks[agency.pk] = clerk
    return demo.clerks[agency.pk]


# -- the figures and the narratives --------------------------------------------------------


def _profile(agency):
    return PROFILES.get(agency.code) or PROFILES.get(agency.kind) or PROFILES["other"]


def _figures(agency, grid, rng, scale):
    """``{(metric_id, theme_id): value}``: the agency's profile, weighted per theme, with noise.

    Small means round up or down at random, so a department fills a handful of cells and the press dozens.
    """
    profile = _profile(agency)
    cells = {}
    for rows in grid.channels:
        by_code = {m.code: m for m in rows.metrics}
        for metric in rows.metrics:
            mean = profile.get((rows.channel.code, metric.code))
            follows = DERIVED.get(metric.code)
            for theme in grid.themes:
                if follows and follows[0] in by_code:
                    base = cells.get((by_code[follows[0]].pk, theme.pk), 0)
                    value = base * rng.randint(follows[1], follows[2])
                elif mean:
                    value = int(mean * scale * THEME_WEIGHTS.get(theme.code, 1) * rng.uniform(0.5, 1.5) + rng.random())
                else:
                    continue
                if value:
                    cells[(metric.pk, theme.pk)] = value
    return cells


def _narratives(agency, grid, figures, rng):
    """The report's four sections, the results naming the agency's own totals."""
    totals = {}
    for rows in grid.channels:
        for metric in rows.metrics:
            key = (rows.channel.code, metric.code)
            totals[key] = sum(figures.get((metric.pk, theme.pk), 0) for theme in grid.themes)
    parts = [phrase.format(n=f"{totals[key]:,}".replace(",", ".")) for key, phrase in PHRASES if totals.get(key)]
    results = f"Trong kỳ, {agency.name} đã tuyên truyền về phong trào thi đua yêu nước với " + "; ".join(parts)
    return {
        "results": f"{results}. {rng.choice(EXTRA_RESULTS)}".strip(),
        "shortcomings": rng.choice(SHORTCOMINGS),
        "next_tasks": rng.choice(NEXT_TASKS),
        "proposals": rng.choice(PROPOSALS),
    }


# -- outside the four quarters ----------------------------------------------------------------


def _seed_ceased_agency(demo, *, seeded) -> int:
    """An accepted report of Bát Xát's People's Committee for its last quarter, unless ``seeded`` has that quarter.

    So its demo clerk sees past data whatever today is; made before the quarters that follow, whose
    province reports compare with it.
    """
    agency = Agency.objects.filter(code=CEASED_AGENCY, active_until__isnull=False).first()
    if agency is None:
        return 0
    period = (
        ReportingPeriod.objects.filter(kind=agency.report_frequency, end__lte=agency.active_until)
        .select_related("plan")
        .order_by("-end")
        .first()
    )
    if period is None or period in seeded:
        return 0
    _play(agency, period, ON_TIME, Days.of(period, demo), scale=1.0, demo=demo)
    return 1


def _seed_current_drafts(today, agencies, demo) -> int:
    """A few agencies have started the current period; the demo clerk's agency has not."""
    made = 0
    for agency in agencies:
        period = selectors.current_period_for(agency, today=today)
        if agency.code not in CURRENT_DRAFTS or period is None or not agency.is_active_on(today):
            continue
        clerk = _clerk_of(agency, demo)
        with at(max(period.start, today - datetime.timedelta(days=2)), 9, 15):
            report, _created = services.report_get_or_create(agency=agency, period=period, user=clerk)
            figures = _figures(agency, demo.grid(period), demo.rng, 0.6)
            services.report_save(report=report, user=clerk, expected_version=report.version, figures=figures)
        made += 1
    return made
