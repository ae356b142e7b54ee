"""A small, hand-computed province for the compile tests: a plan, six agencies, their reports for 2024-Q2.

The rows are written with the ORM (not the workflow services) so that each
status and submission time is exactly what the totals below assume.

2024-Q2 runs 15/03/2024 → 14/06/2024; its deadline is Tue 18/06/2024.

- A: press, province, quarterly. Q2 accepted, sent 17/06 (on time).
  HT1.articles ND1 40, ND2 12; HT1.airtime ND1 90.
- B: district committee in Bát Xát, quarterly. Q2 accepted, sent 25/06 (late).
  HT1.articles ND1 5; HT5.sessions ND3 3; HT5.participants ND3 250.
- C: district committee in a commune of Mường Khương, monthly. M04, M05, M06 accepted, on time.
  HT1.articles ND2 1 + 2 + 3.
- D: department, quarterly. No report (missing).
- E: union, quarterly. Q2 returned (sent on time): its HT1.articles ND1 1000 is not counted.
- F: press, quarterly. Q2 submitted, not accepted (on time): HT1.articles ND1 7, counted only
  with include_unaccepted.

Earlier: A's 2024-Q1 (accepted) HT1.articles ND1 30; A's 2023-Q2 (accepted) HT1.articles ND1 20.
"""

import datetime
import zoneinfo

from agencies.models import AdministrativeUnit, Agency
from campaigns.models import Channel, Metric, Plan, Theme
from reports import calendar, services
from reports.models import ActivityReport, Figure, ReportingPeriod
from tests.factories import AdministrativeUnitFactory, AgencyFactory

TZ = zoneinfo.ZoneInfo("Asia/Ho_Chi_Minh")

EXPECTED = {
    "HT1.articles": 63,
    "HT1.airtime_minutes": 90,
    "HT5.sessions": 3,
    "HT5.participants": 250,
    "themes_items": {"ND1": 45, "ND2": 18, "ND3": 3},
    "agency_items": {"A": 52, "B": 8, "C": 6},
    "unit_items": {"Huyện Bát Xát (thử)": 8, "Huyện Mường Khương (thử)": 6},
    # Per period owed: A, B, D, E and F one quarter each, C three months; E's returned report was sent on time.
    "completeness": {"expected": 8, "on_time": 6, "late": 1, "missing": 1, "agencies": 6},
    "previous_articles": 30,
    "year_before_articles": 20,
    "with_unaccepted_articles": 70,
}


def make_plan():
    plan = Plan.objects.create(
        code="test-plan",
        title="Kế hoạch tuyên truyền phong trào thi đua yêu nước (thử)",
        issuing_body="Ủy ban nhân dân tỉnh Lào Cai",
        issuing_body_short="UBND TỈNH LÀO CAI",
        start_year=2021,
        end_year=2025,
    )
    ht1 = Channel.objects.create(plan=plan, code="HT1", order=1, short_name="Báo chí địa phương", text="…")
    ht5 = Channel.objects.create(plan=plan, code="HT5", order=5, short_name="Hội nghị, hội thảo", text="…")
    metrics = {
        "HT1.articles": Metric.objects.create(
            channel=ht1, code="articles", order=1, name="Số tin, bài", unit="tin, bài"
        ),
        "HT1.airtime_minutes": Metric.objects.create(
            channel=ht1, code="airtime_minutes", order=2, name="Thời lượng phát sóng", unit="phút"
        ),
        "HT5.sessions": Metric.objects.create(channel=ht5, code="sessions", order=1, name="Số hội nghị", unit="cuộc"),
        "HT5.participants": Metric.objects.create(
            channel=ht5, code="participants", order=2, name="Số lượt người tham dự", unit="lượt người"
        ),
    }
    themes = {
        code: Theme.objects.create(plan=plan, code=code, order=i, short_name=f"Nội dung {code}", text="…")
        for i, code in enumerate(("ND1", "ND2", "ND3"), start=1)
    }
    calendar.generate_periods(plan=plan, years=[2023, 2024])
    return plan, metrics, themes


def period(code):
    return ReportingPeriod.objects.get(code=code)


def at(day, hour=9):
    return datetime.datetime(day.year, day.month, day.day, hour, tzinfo=TZ)


def add_report(agency, period_code, status, submitted_on, figures, metrics, themes):
    p = period(period_code)
    report = ActivityReport.objects.create(
        agency=agency,
        period=p,
        status=status,
        submitted_at=at(submitted_on) if submitted_on else None,
        return_reason="Thiếu minh chứng" if status == "returned" else "",
        shortcomings=f"Tồn tại của {agency.short_name}" if status == "accepted" else "",
    )
    Figure.objects.bulk_create(
        Figure(
            report=report,
            period=p,
            agency=agency,
            channel=metrics[key].channel,
            metric=metrics[key],
            theme=themes[theme],
            value=value,
            accepted=status == "accepted",  # as report_accept marks them
        )
        for (key, theme), value in figures.items()
    )
    return report


def make_province():
    """The plan and the six agencies with their reports; returns (plan, agencies by letter)."""
    plan, metrics, themes = make_plan()
    province = AdministrativeUnitFactory(code="T10", name="Tỉnh Lào Cai (thử)", level=AdministrativeUnit.Level.PROVINCE)
    bat_xat = AdministrativeUnitFactory(code="T082", name="Huyện Bát Xát (thử)", parent=province)
    muong_khuong = AdministrativeUnitFactory(code="T083", name="Huyện Mường Khương (thử)", parent=province)
    commune = AdministrativeUnitFactory(
        code="T02800", name="Xã Pha Long (thử)", level=AdministrativeUnit.Level.COMMUNE, parent=muong_khuong
    )
    d = datetime.date
    agencies = {
        "A": AgencyFactory(
            code="T-A", name="A Báo Lào Cai", short_name="Báo LC", kind=Agency.Kind.PRESS, unit=province
        ),
        "B": AgencyFactory(
            code="T-B",
            name="B UBND huyện Bát Xát",
            short_name="UBND BX",
            kind=Agency.Kind.DISTRICT_COMMITTEE,
            unit=bat_xat,
        ),
        "C": AgencyFactory(
            code="T-C",
            name="C UBND xã Pha Long",
            short_name="UBND PL",
            kind=Agency.Kind.DISTRICT_COMMITTEE,
            unit=commune,
            report_frequency=Agency.Frequency.MONTHLY,
        ),
        "D": AgencyFactory(code="T-D", name="D Sở Y tế", short_name="SYT", kind=Agency.Kind.DEPARTMENT, unit=province),
        "E": AgencyFactory(code="T-E", name="E Hội Nông dân", short_name="HND", kind=Agency.Kind.UNION, unit=province),
        "F": AgencyFactory(
            code="T-F", name="F Tạp chí Fansipăng", short_name="TC", kind=Agency.Kind.PRESS, unit=province
        ),
    }
    m, t = metrics, themes
    add_report(
        agencies["A"],
        "2024-Q2",
        "accepted",
        d(2024, 6, 17),
        {("HT1.articles", "ND1"): 40, ("HT1.articles", "ND2"): 12, ("HT1.airtime_minutes", "ND1"): 90},
        m,
        t,
    )
    add_report(
        agencies["B"],
        "2024-Q2",
        "accepted",
        d(2024, 6, 25),
        {("HT1.articles", "ND1"): 5, ("HT5.sessions", "ND3"): 3, ("HT5.participants", "ND3"): 250},
        m,
        t,
    )
    for month, value in ((4, 1), (5, 2), (6, 3)):
        add_report(
            agencies["C"], f"2024-M{month:02d}", "accepted", d(2024, month, 15), {("HT1.articles", "ND2"): value}, m, t
        )
    add_report(agencies["E"], "2024-Q2", "returned", d(2024, 6, 16), {("HT1.articles", "ND1"): 1000}, m, t)
    add_report(agencies["F"], "2024-Q2", "submitted", d(2024, 6, 18), {("HT1.articles", "ND1"): 7}, m, t)
    add_report(agencies["A"], "2024-Q1", "accepted", d(2024, 3, 15), {("HT1.articles", "ND1"): 30}, m, t)
    add_report(agencies["A"], "2023-Q2", "accepted", d(2023, 6, 15), {("HT1.articles", "ND1"): 20}, m, t)
    services.accepted_totals_rebuild()  # the rows above bypass report_accept, which keeps the totals
    return plan, agencies, metrics, themes


def add_agencies_with_reports(count, metrics, themes, *, period_code="2024-Q2"):
    """``count`` more agencies, each with an accepted report of two figures (for the query-count tests)."""
    made = []
    for i in range(count):
        agency = AgencyFactory(code=f"T-X{i:03d}", name=f"X cơ quan {i:03d}", kind=Agency.Kind.DEPARTMENT)
        add_report(
            agency,
            period_code,
            "accepted",
            datetime.date(2024, 6, 17),
            {("HT1.articles", "ND1"): 1, ("HT5.sessions", "ND2"): 1},
            metrics,
            themes,
        )
        made.append(agency)
    services.accepted_totals_rebuild()
    return made
