"""The demo province of ``manage.py seed_demo``: what a newcomer finds after ``make run``.

The demo is built once for the module (``demo_media`` in tests/conftest.py) inside a transaction rolled back at
the end; each test runs in a savepoint of it.
"""

import io
from collections import Counter

import pytest
from django.core.management import call_command
from django.db.models import Sum
from django.test import override_settings
from django.utils import timezone
from docx import Document

from agencies.models import Agency, User
from campaigns.models import Plan
from honourees.models import Honouree
from province.models import CompiledReport
from reports import demo, selectors
from reports.models import AcceptedTotal, ActivityReport, Figure, ReportingPeriod

pytestmark = pytest.mark.django_db


def _past_quarters():
    today = timezone.localdate()
    periods = ReportingPeriod.objects.filter(kind="quarter", deadline__lt=today).order_by("-end")
    return list(periods[: demo.QUARTERS])[::-1]


def _expected(period):
    return [a for a in Agency.objects.reporting().filter(report_frequency="quarter") if a.is_active_on(period.end)]


def _late(report):
    return timezone.localdate(report.submitted_at) > report.period.deadline


def test_demo_reports_each_past_quarter_with_a_few_missing_and_a_few_late(demo_media):
    for period in _past_quarters():
        reports = list(ActivityReport.objects.filter(period=period).select_related("period"))
        missing = len(_expected(period)) - len(reports)
        assert 2 <= missing <= 3, period.code
        assert sum(_late(r) for r in reports) >= 2, period.code
        assert all(r.submitted_at is not None for r in reports)


def test_demo_statuses_leave_the_reviewer_two_reports_of_the_last_quarter(demo_media):
    *earlier, last = _past_quarters()
    for period in earlier:
        assert set(ActivityReport.objects.filter(period=period).values_list("status", flat=True)) == {"accepted"}
    statuses = Counter(ActivityReport.objects.filter(period=last).values_list("status", flat=True))
    assert statuses["resubmitted"] == 1
    assert statuses["submitted"] == 1
    assert statuses["accepted"] == sum(statuses.values()) - 2
    assert set(ActivityReport.objects.values_list("status", flat=True)) == {
        "accepted",
        "resubmitted",
        "submitted",
        "draft",
    }


def test_demo_returned_report_was_corrected_and_resubmitted_with_its_history(demo_media):
    report = ActivityReport.objects.select_related("agency", "period").get(status="resubmitted")
    assert report.agency.code == demo.RETURNED_AGENCY
    assert report.return_reason == demo.RETURN_REASON
    assert report.returned_by.username == demo.REVIEWER
    history = list(report.history.order_by("history_date", "history_id"))
    events = [h.history_change_reason.split(":")[0] for h in history]
    assert events == ["created", "saved", "submitted", "returned", "saved", "resubmitted"]
    # Each step on its own day of the quarter, as the demo lived it: sent by the deadline, corrected after.
    assert timezone.localdate(report.submitted_at) <= report.period.deadline
    assert report.last_submitted_at > report.returned_at > report.submitted_at
    assert history[-1].history_date.date() < report.period.lock_date
    assert history[-2].history_user == report.submitted_by


def test_demo_issues_one_province_report_per_past_quarter_with_real_numbers(demo_media):
    for period in _past_quarters():
        compiled = CompiledReport.objects.get(period=period)
        assert compiled.is_issued
        assert compiled.status == "done"
        assert period.deadline < compiled.document_date <= period.lock_date
        # Compiled on its day: what was accepted, and sent, by then, not what came after the issue.
        reports = ActivityReport.objects.filter(period=period)
        accepted = reports.filter(accepted_at__lte=compiled.finished_at).count()
        sent = reports.filter(submitted_at__lte=compiled.finished_at).count()
        assert compiled.snapshot["report_count"] == accepted > 20
        completeness = compiled.snapshot["completeness"]
        assert completeness["on_time"] + completeness["late"] == sent
        assert completeness["late"] >= 2
        document = Document(demo_media / compiled.docx.name)
        cells = {cell.text for table in document.tables for cell in table._cells}
        text = "\n".join([*(p.text for p in document.paragraphs), *cells])
        assert f"Số: {compiled.document_number}/BC-" in text
        assert f"Trong kỳ, có {completeness['agencies']} cơ quan, đơn vị, địa phương thuộc diện báo cáo" in text
        assert f"Trong tổng số {completeness['expected']} báo cáo phải gửi, đã nhận {sent} báo cáo" in text
        first = compiled.snapshot["channels"][0]["metrics"][0]
        assert first["total"] > 0
        assert f"{first['total']:,}".replace(",", ".") in cells


def test_demo_accepting_kept_the_sums_and_rollups(demo_media):
    for period in _past_quarters():
        totals = AcceptedTotal.objects.filter(period=period).aggregate(s=Sum("total"))["s"]
        figures = Figure.objects.filter(period=period, accepted=True).aggregate(s=Sum("value"))["s"]
        assert totals == figures > 0
    accepted = ActivityReport.objects.filter(status="accepted")
    assert not accepted.filter(accepted_sums="").exists()
    assert not Figure.objects.filter(accepted=True).exclude(report__status="accepted").exists()


def test_demo_press_reports_far_more_than_departments(demo_media):
    counted = Figure.objects.exclude(metric__code__in=["participants", "airtime_minutes"])

    def per_agency(kind):
        rows = counted.filter(agency__kind=kind)
        return rows.aggregate(s=Sum("value"))["s"] / rows.values("agency").distinct().count()

    assert per_agency(Agency.Kind.PRESS) > 5 * per_agency(Agency.Kind.DEPARTMENT)


def test_demo_leaves_the_current_period_empty_for_the_demo_clerk(demo_media):
    clerk = User.objects.get(username="clerk.baolaocai")
    home = selectors.clerk_home(clerk.agency)
    assert home.period is not None
    assert home.report is None
    assert not home.overdue
    assert [r.status for r in home.past][: demo.QUARTERS] == ["accepted"] * demo.QUARTERS
    drafts = ActivityReport.objects.filter(period=home.period)
    assert set(drafts.values_list("status", flat=True)) == {"draft"}
    assert drafts.count() == len(demo.CURRENT_DRAFTS)


def test_demo_district_committees_report_only_while_they_exist(demo_media):
    districts = ActivityReport.objects.filter(agency__kind=Agency.Kind.DISTRICT_COMMITTEE).select_related(
        "agency", "period"
    )
    assert all(r.period.end <= r.agency.active_until for r in districts)
    assert districts.filter(agency__code=demo.CEASED_AGENCY, status="accepted").exists()


def test_seed_demo_twice_changes_nothing(demo_media):
    def counts():
        return (
            ActivityReport.objects.count(),
            ActivityReport.history.count(),
            Figure.objects.count(),
            CompiledReport.objects.count(),
            User.objects.count(),
            Honouree.objects.count(),
        )

    before = counts()
    with override_settings(DEBUG=True, MEDIA_ROOT=demo_media):
        call_command("seed_demo", stdout=io.StringIO())
    assert counts() == before


def test_demo_reports_2026_under_a_draft_copy_of_the_plan_never_under_2021_2025(demo_media):
    """Issue 14 §6: the 2021–2025 plan ends on 31/12/2025; the demo's 2026 lives in the next phase's plan."""
    old = Plan.objects.get(code="lao-cai-2021-2025")
    assert not ReportingPeriod.objects.filter(plan=old, year__gt=2025).exists()
    if timezone.localdate().year <= old.end_year:
        return  # before 2026 the demo needs no next phase
    new = Plan.objects.get(code="lao-cai-2026-2030")
    assert (new.is_draft_copy, new.copied_from, new.confirmed_at) == (True, old, None)  # not claimed confirmed
    assert set(ReportingPeriod.objects.filter(year__gte=2026).values_list("plan_id", flat=True)) == {new.pk}
    for compiled in CompiledReport.objects.filter(period__year__gte=2026):
        assert compiled.snapshot["plan"]["draft_copy"] is True
        assert compiled.snapshot["plan"]["copied_from"]["phase"] == "2021-2025"
    clerk = User.objects.get(username="clerk.baolaocai")
    assert selectors.clerk_home(clerk.agency).period.plan == new


def test_demo_attributes_part_of_the_figures_to_the_movements(demo_media):
    """About half the agencies break their main figures down (``demo._attribute``); each breakdown fits its totals,
    and the latest past quarter's results per movement name the new countryside."""
    from reports import attributions
    from reports.models import Attribution

    attributed = Attribution.objects.filter(report__status=ActivityReport.Status.ACCEPTED)
    reports = set(attributed.values_list("report_id", flat=True))
    accepted = ActivityReport.objects.filter(status=ActivityReport.Status.ACCEPTED).count()
    assert accepted * 0.3 < len(reports) < accepted * 0.7
    for row in attributed.values("report_id", "metric_id").annotate(share=Sum("value")):
        total = Figure.objects.filter(report_id=row["report_id"], metric_id=row["metric_id"]).aggregate(t=Sum("value"))
        assert row["share"] <= total["t"]
    latest = ReportingPeriod.objects.filter(kind="quarter", deadline__lt=timezone.localdate()).order_by("-end")[0]
    results = attributions.results(latest)
    names = [r.name for r in results.movements]
    assert "Cả nước chung sức xây dựng nông thôn mới" in names
    assert all(r.items > 0 and r.agencies > 0 for r in results.movements)
