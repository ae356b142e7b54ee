"""seed_scale at a tiny scale: deterministic, marked as synthetic, re-runnable, and refusing real data."""

import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db.models import F, Sum

from agencies.models import Agency, User
from campaigns.models import Plan
from duties.models import ContentProvision, Guidance, GuidanceRecipient, GuidanceReport
from honourees.models import Honouree
from reports.models import ActivityReport, Figure, ReportingPeriod


@pytest.fixture(autouse=True)
def debug_on(settings):
    settings.DEBUG = True  # seed_scale makes users with a published password: DEBUG only (or a flag)


def test_refuses_with_debug_off_unless_told_it_is_a_bench_database(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="DEBUG"):
        call_command("seed_scale", "--agencies=5", "--years=1", stdout=io.StringIO())


def seed(**options):
    out = io.StringIO()
    args = [f"--{k}={v}" for k, v in {"agencies": 5, "years": 1, "today": "2026-11-28", **options}.items()]
    call_command("seed_scale", *args, stdout=out)
    return out.getvalue()


def fingerprint():
    return (
        ActivityReport.objects.count(),
        Figure.objects.count(),
        Figure.objects.aggregate(s=Sum("value"))["s"],
        sorted(ActivityReport.objects.values_list("status", flat=True)),
    )


@pytest.mark.django_db
def test_tiny_seed_loads_marked_synthetic_rows(plan_data):
    output = seed(seed=7)

    synthetic = Agency.objects.filter(code__startswith="SYN-")
    assert synthetic.count() == 1  # 5 agencies: 4 real ones and one synthetic
    reports = ActivityReport.objects.all()
    assert reports.exists()
    assert set(reports.values_list("created_by__username", flat=True)) == {"syn-seed"}
    # The real plan's first year, and this year's periods up to today in the phase holding today.
    assert set(reports.values_list("period__year", flat=True)) == {2021, 2026}
    assert reports.filter(period__year=2026, period__start__gt="2026-11-28").count() == 0
    assert reports.filter(period__year=2026, status__in=["draft", "submitted", "returned"]).exists()
    assert reports.values("agency").distinct().count() == 5
    # Figures copy their report's period and agency, and their metric's channel.
    assert Figure.objects.exclude(period=F("report__period")).count() == 0
    assert Figure.objects.exclude(agency=F("report__agency")).count() == 0
    assert Figure.objects.exclude(channel=F("metric__channel")).count() == 0
    assert Figure.objects.filter(value__lte=0).count() == 0
    assert Honouree.objects.filter(slug__startswith="syn-").count() == 2
    assert "5 reporting agencies" in output


@pytest.mark.django_db
def test_each_past_quarter_has_its_duties_once(plan_data):
    """The seeded years' quarters whose deadline has passed (2021's four, 2026's first three by 28/11/2026) each
    get a guidance document to the reporting agencies and twelve items of content; a rerun replaces them."""
    output = seed(seed=7)
    quarters = {"2021-Q1", "2021-Q2", "2021-Q3", "2021-Q4", "2026-Q1", "2026-Q2", "2026-Q3"}
    guidance = Guidance.objects.all()
    assert {g.number.removeprefix("DEMO-").split("/")[0] for g in guidance} == quarters
    assert set(guidance.values_list("created_by__username", flat=True)) == {"syn-reviewer"}
    assert GuidanceRecipient.objects.filter(guidance__number="DEMO-2021-Q2/HD-STTTT").count() > 0
    assert ContentProvision.objects.count() == 12 * len(quarters)
    assert "the duties of 7 quarters" in output
    # A report said to answer a guidance document (the link protects the document) is no obstacle to a rerun.
    accepted = ActivityReport.objects.filter(status="accepted", period__code__startswith="2021-").first()
    GuidanceReport.objects.get_or_create(guidance=guidance.get(number="DEMO-2021-Q2/HD-STTTT"), report=accepted)
    seed(seed=7)
    assert Guidance.objects.count() == len(quarters)
    assert ContentProvision.objects.count() == 12 * len(quarters)


@pytest.mark.django_db
def test_synthetic_asks_for_synthetic_agencies_in_place_of_real_ones(plan_data):
    output = seed(seed=7, synthetic=3)
    assert Agency.objects.filter(code__startswith="SYN-").count() == 3
    assert ActivityReport.objects.values("agency").distinct().count() == 5  # 2 real and 3 synthetic
    assert "5 reporting agencies (3 synthetic)" in output


@pytest.mark.django_db
def test_same_seed_gives_same_data_and_a_rerun_replaces_it(plan_data):
    seed(seed=7)
    first = fingerprint()
    seed(seed=7)
    assert fingerprint() == first  # replaced, not added to
    seed(seed=8)
    assert fingerprint() != first


@pytest.mark.django_db
def test_factor_adds_earlier_phases_and_keeps_the_real_one_identical(plan_data):
    def real_plan_figures():
        rows = Figure.objects.filter(period__plan=plan_data)
        return rows.count(), rows.aggregate(s=Sum("value"))["s"]

    seed(seed=3)
    before = real_plan_figures()
    seed(seed=3, factor=2)

    copy = Plan.objects.get(code__startswith="syn-", start_year=2016)
    assert copy.end_year == 2020
    assert real_plan_figures() == before
    assert Figure.objects.filter(period__plan=copy).count() > 0
    assert ReportingPeriod.objects.filter(plan=copy, code="2016-Q2").exists()

    # Back to factor 1: the earlier phase goes with its periods (no empty phase left in the pickers).
    seed(seed=3)
    assert not Plan.objects.filter(code__startswith="syn-", start_year=2016).exists()
    assert not ReportingPeriod.objects.filter(code="2016-Q2").exists()
    assert real_plan_figures() == before


@pytest.mark.django_db
def test_refuses_a_database_holding_real_reports(plan_data, clerk_a):
    period = ReportingPeriod.objects.get(code="2024-M05")
    ActivityReport.objects.create(agency=clerk_a.agency, period=period, created_by=clerk_a)

    with pytest.raises(CommandError, match="did not make"):
        seed()

    assert ActivityReport.objects.count() == 1
    assert not Agency.objects.filter(code__startswith="SYN-").exists()


@pytest.mark.django_db
def test_a_draft_of_a_synthetic_clerk_is_its_own(plan_data):
    seed()
    clerk = User.objects.filter(username__startswith="syn-clerk-").first()
    period = ReportingPeriod.objects.get(code="2024-M05")
    ActivityReport.objects.filter(agency=clerk.agency, period=period).delete()
    ActivityReport.objects.create(agency=clerk.agency, period=period, created_by=clerk)  # as make bench opens one
    seed(seed=3)  # a rerun replaces it with the rest
    assert not ActivityReport.objects.exclude(created_by__username="syn-seed").exists()
