"""Between two plans (issue 14 §6): on 03/12/2026 the 2021–2025 plan has ended and no plan covers today.

Reviewers and administrators are called to create the next plan, clerks are told when reporting resumes,
a copy is a draft until an officer confirms it, and a year's periods belong to the plan of that year.
"""

import datetime
import io

import pytest
import time_machine
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import timezone

from agencies.models import Agency
from campaigns import selectors
from campaigns.models import Duty, Plan
from campaigns.services import PlanConfirmError, PlanCopyError, plan_confirm, plan_copy_to_phase
from province.compilation import plan_snapshot
from reports import calendar
from reports.models import ReportingPeriod
from reports.selectors import current_period_for

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 12, 3)
GAP = "Chưa có kế hoạch cho năm 2026."
RESUMES = "Việc báo cáo sẽ tiếp tục khi Kế hoạch giai đoạn 2026–2030 được ban hành"
DRAFT = "Bản sao từ kế hoạch 2021–2025, chưa được xác nhận"


@pytest.fixture(autouse=True)
def _today():
    moment = timezone.make_aware(datetime.datetime.combine(TODAY, datetime.time(9)))
    with time_machine.travel(moment, tick=False):
        yield


@pytest.fixture
def old_plan(db):
    plan = Plan.objects.create(
        code="thu-2021-2025",
        title="Kế hoạch thử giai đoạn 2021-2025",
        issuing_body="UBND tỉnh",
        issuing_body_short="UBND TỈNH",
        start_year=2021,
        end_year=2025,
    )
    calendar.generate_periods(plan=plan, years=[2025])
    return plan


# -- a year's periods belong to the plan of that year ------------------------------------------


def test_no_period_of_2026_can_be_filed_under_the_2021_2025_plan(old_plan):
    with pytest.raises(ValueError, match="not \\[2026\\]"):
        calendar.generate_periods(plan=old_plan, years=[2026])
    with pytest.raises(CommandError, match="No plan covers 2026"):
        call_command("generate_periods", "--year", "2026", stdout=io.StringIO())
    with pytest.raises(CommandError, match="not 2026"):
        call_command("generate_periods", "--year", "2026", "--plan", old_plan.code, stdout=io.StringIO())
    assert not ReportingPeriod.objects.filter(year__gte=2026).exists()


def test_in_the_gap_an_agency_has_no_current_period(old_plan, agency_a):
    assert current_period_for(agency_a, today=TODAY) is None
    status = selectors.phase_status()
    assert (status.is_gap, status.previous, status.next_phase, status.ended_on) == (
        True,
        old_plan,
        "2026–2030",
        datetime.date(2025, 12, 31),
    )
    assert selectors.plan_covering(2026) is None


def test_the_copy_brings_the_periods_of_its_years_and_the_current_one(old_plan, agency_a):
    new = plan_copy_to_phase(plan=old_plan)
    assert ReportingPeriod.objects.filter(plan=new).count() == 5 * 19 + 1  # months, quarters, halves, years, phase
    assert not ReportingPeriod.objects.filter(plan=old_plan, year__gte=2026).exists()
    assert set(ReportingPeriod.objects.filter(year__gte=2026).values_list("plan_id", flat=True)) == {new.pk}
    assert ReportingPeriod.objects.get(code="2025-Q4").plan == old_plan
    assert ReportingPeriod.objects.get(code="2026-2030").plan == new
    # 03/12/2026 lies in the fourth quarter's window (15/09–14/12/2026).
    assert current_period_for(agency_a, today=TODAY).code == "2026-Q4"
    assert selectors.plan_covering(2026) == new
    call_command("generate_periods", "--year", "2027", stdout=io.StringIO())  # belongs to the copy: nothing new
    assert ReportingPeriod.objects.filter(plan=new).count() == 96


def test_a_copy_into_years_another_plan_covers_is_refused(old_plan):
    plan_copy_to_phase(plan=old_plan)
    with pytest.raises(PlanCopyError) as refused:
        plan_copy_to_phase(plan=old_plan, start_year=2028, end_year=2032)
    assert refused.value.covered_by.code == "thu-2026-2030"


# -- the draft copy and its confirmation -------------------------------------------------------------


def test_a_copy_is_a_draft_until_an_officer_confirms_it_and_both_steps_are_in_its_history(old_plan, officer):
    new = plan_copy_to_phase(plan=old_plan, user=officer)
    assert new.is_draft_copy
    assert selectors.phase_status().is_draft
    confirmed = plan_confirm(plan=new, user=officer)
    assert (confirmed.is_draft_copy, confirmed.confirmed_by) == (False, officer)
    assert confirmed.confirmed_at == timezone.now()
    history = [(h.history_change_reason, h.history_user, h.is_draft_copy) for h in new.history.order_by("history_id")]
    assert history == [("copied", officer, True), ("confirmed", officer, False)]
    with pytest.raises(PlanConfirmError):
        plan_confirm(plan=new, user=officer)
    with pytest.raises(PlanConfirmError):
        plan_confirm(plan=old_plan, user=officer)  # never copied


def test_the_snapshot_of_a_draft_copy_says_so_and_names_the_plan_it_copies(old_plan, officer):
    old_plan.number, old_plan.issued_on = "12/KH-UBND", datetime.date(2021, 4, 5)
    old_plan.save()
    new = plan_copy_to_phase(plan=old_plan)
    assert plan_snapshot(new) == {
        "code": "thu-2026-2030",
        "title": "Kế hoạch thử giai đoạn 2026-2030",
        "number": "",  # not the copied plan's: the next phase's plan gets its own when issued
        "issued_on": None,
        "phase": "2026-2030",
        "draft_copy": True,
        "issuing_body": "UBND tỉnh",
        "copied_from": {
            "code": "thu-2021-2025",
            "title": "Kế hoạch thử giai đoạn 2021-2025",
            "number": "12/KH-UBND",
            "issued_on": "2021-04-05",
            "phase": "2021-2025",
        },
    }
    plan_confirm(plan=new, user=officer)
    new.refresh_from_db()
    assert plan_snapshot(new) == {
        "code": "thu-2026-2030",
        "title": "Kế hoạch thử giai đoạn 2026-2030",
        "number": "",
        "issued_on": None,
        "phase": "2026-2030",
        "draft_copy": False,
        "issuing_body": "UBND tỉnh",
    }
    assert plan_snapshot(old_plan)["draft_copy"] is False


# -- the pages -----------------------------------------------------------------------------------------


def _html(client, user, url):
    client.force_login(user)
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def test_the_reviewer_home_and_inbox_call_for_the_next_plan_without_offering_the_copy(client, old_plan, reviewer):
    copy_url = reverse("campaigns:plan_copy", args=[old_plan.code])
    for url in (reverse("home"), reverse("reports:inbox")):
        html = _html(client, reviewer, url)
        assert GAP in html
        assert "Kế hoạch giai đoạn 2021–2025 đã kết thúc ngày 31/12/2025." in html
        assert "đề nghị Sở Nội vụ" in html
        assert copy_url not in html


@pytest.mark.parametrize("role", ["officer", "admin_user"])
def test_officers_and_administrators_are_offered_the_copy_on_the_home_and_plan_pages(client, old_plan, role, request):
    user = request.getfixturevalue(role)
    copy_url = reverse("campaigns:plan_copy", args=[old_plan.code])
    for url in (reverse("home"), reverse("campaigns:plan_detail", args=[old_plan.code])):
        html = _html(client, user, url)
        assert GAP in html
        assert f'href="{copy_url}"' in html
        assert "Sao chép kế hoạch sang giai đoạn 2026–2030" in html


def test_the_admin_plan_list_calls_for_the_next_plan_then_for_its_confirmation(client, old_plan, admin_user):
    url = reverse("admin:campaigns_plan_changelist")
    html = _html(client, admin_user, url)
    assert 'data-testid="admin-phase-gap"' in html
    assert reverse("campaigns:plan_copy", args=[old_plan.code]) in html
    new = plan_copy_to_phase(plan=old_plan)
    html = _html(client, admin_user, url)
    assert 'data-testid="admin-phase-gap"' not in html
    assert DRAFT in html
    assert reverse("campaigns:plan_confirm", args=[new.code]) in html


def test_clerk_homes_say_that_reporting_resumes_once_the_next_plan_is_issued(client, old_plan, clerk_a):
    for url in (reverse("home"), reverse("reports:my_reports")):
        html = _html(client, clerk_a, url)
        assert RESUMES in html
        assert reverse("campaigns:plan_copy", args=[old_plan.code]) not in html
    plan_copy_to_phase(plan=old_plan)  # the periods are back: the clerk reports, and hears nothing of copies
    html = _html(client, clerk_a, reverse("reports:my_reports"))
    assert RESUMES not in html
    assert DRAFT not in html
    assert reverse("reports:report_start", args=["2026-Q4"]) in html


def test_a_ceased_agency_clerk_is_not_promised_a_next_plan(client, old_plan, clerk_a, agency_a):
    agency_a.active_until = datetime.date(2025, 6, 30)
    agency_a.save()
    assert RESUMES not in _html(client, clerk_a, reverse("reports:my_reports"))


@pytest.mark.parametrize("role", ["clerk_a", "reviewer", "leader"])
def test_only_officers_and_administrators_copy_or_confirm(client, old_plan, role, request):
    client.force_login(request.getfixturevalue(role))
    new = plan_copy_to_phase(plan=Plan.objects.create(code="x-2010-2014", title="x", start_year=2010, end_year=2014))
    for url in (
        reverse("campaigns:plan_copy", args=[old_plan.code]),
        reverse("campaigns:plan_confirm", args=[new.code]),
    ):
        assert client.get(url).status_code == 403
        assert client.post(url).status_code == 403
    assert Plan.objects.count() == 3
    new.refresh_from_db()
    assert new.is_draft_copy


def test_an_officer_copies_after_a_confirmation_page_then_confirms_the_copy(client, old_plan, officer):
    client.force_login(officer)
    copy_url = reverse("campaigns:plan_copy", args=[old_plan.code])
    page = client.get(copy_url).content.decode()
    assert "Kế hoạch mới cho giai đoạn 2026–2030" in page
    assert not Plan.objects.filter(code="thu-2026-2030").exists()  # looking copies nothing
    response = client.post(copy_url, follow=True)
    new = Plan.objects.get(code="thu-2026-2030")
    assert response.redirect_chain[-1][0] == reverse("campaigns:plan_detail", args=[new.code])
    html = response.content.decode()
    assert "Đã sao chép thành “Kế hoạch thử giai đoạn 2026-2030”, là bản sao chưa xác nhận" in html
    assert DRAFT in html
    assert 'data-testid="plan-draft-copy"' in html
    assert "Đã có kế hoạch mang mã thu-2026-2030." in client.post(copy_url, follow=True).content.decode()

    confirm_url = reverse("campaigns:plan_confirm", args=[new.code])
    assert "Xác nhận kế hoạch" in client.get(confirm_url).content.decode()
    html = client.post(confirm_url, follow=True).content.decode()
    assert "Đã xác nhận “Kế hoạch thử giai đoạn 2026-2030”" in html
    assert DRAFT not in html
    assert 'data-testid="plan-confirmed"' in html
    new.refresh_from_db()
    assert (new.is_draft_copy, new.confirmed_by) == (False, officer)
    assert client.get(confirm_url).status_code == 302  # nothing left to confirm


def test_reviewers_see_that_today_s_plan_is_an_unconfirmed_copy_and_clerks_see_its_label_on_the_plan(
    client, old_plan, reviewer, clerk_a
):
    new = plan_copy_to_phase(plan=old_plan)
    assert DRAFT in _html(client, reviewer, reverse("home"))
    assert DRAFT in _html(client, reviewer, reverse("reports:inbox"))
    assert DRAFT not in _html(client, clerk_a, reverse("home"))
    html = _html(client, clerk_a, reverse("campaigns:plan_detail", args=[new.code]))
    assert DRAFT in html
    assert reverse("campaigns:plan_confirm", args=[new.code]) not in html


def test_the_admin_confirms_a_copy_by_its_action(client, old_plan, officer):
    new = plan_copy_to_phase(plan=old_plan)
    client.force_login(officer)
    response = client.post(
        reverse("admin:campaigns_plan_changelist"),
        {"action": "confirm", "_selected_action": [new.pk, old_plan.pk]},
        follow=True,
    )
    html = response.content.decode()
    assert "Đã xác nhận “Kế hoạch thử giai đoạn 2026-2030”" in html
    assert "“Kế hoạch thử giai đoạn 2021-2025” không phải bản sao chưa xác nhận" in html
    new.refresh_from_db()
    assert not new.is_draft_copy
    history = client.get(reverse("admin:campaigns_plan_history", args=[new.pk])).content.decode()
    assert "Đã xác nhận" in history
    assert "Sao chép từ giai đoạn trước" in history


def test_the_agency_page_labels_the_duties_of_an_unconfirmed_copy(client, plan_data, clerk_a):
    url = reverse("agencies:agency_detail", args=["SNV"])
    assert DRAFT not in _html(client, clerk_a, url)
    plan_copy_to_phase(plan=plan_data)
    html = _html(client, clerk_a, url)
    assert 'data-testid="duties-draft-copy"' in html
    assert DRAFT in html
    assert Agency.objects.get(code="SNV").responsible_duty_groups.filter(plan__code="lao-cai-2026-2030").exists()


def test_the_copy_of_the_real_plan_gives_each_duty_to_an_agency_active_on_01_01_2026(plan_data):
    new = plan_copy_to_phase(plan=plan_data)
    start = datetime.date(2026, 1, 1)
    for group in new.duty_groups.prefetch_related("responsible_agencies", "duties__coordinating_agencies"):
        named = [
            *group.responsible_agencies.all(),
            *(a for d in group.duties.all() for a in d.coordinating_agencies.all()),
        ]
        assert all(a.is_active_on(start) for a in named), group.code
    stttt = Agency.objects.get(code="STTTT")
    if stttt.is_active_on(start):  # without the 2025 reorganisation data, nothing to hand over
        return
    # Sở TT&TT ended on 28/02/2025; its tracking function (duty III.1) went to Sở VH-TT&DL by transfer
    # (agencies/data/lao-cai-2025.yaml), the rest of it into Sở KH&CN.
    tracking = new.duty_groups.get(code="III.1")
    assert [a.code for a in tracking.responsible_agencies.all()] == ["SVHTTDL"]
    assert tracking.responsible == "Sở Văn hóa, Thể thao và Du lịch"
    assert "commune_committee" in new.duty_groups.get(code="III.3").responsible_kinds
    assert "district_committee" not in new.duty_groups.get(code="III.3").responsible_kinds
    assert "Sở Thông tin và Truyền thông" not in " ".join(d.text for d in Duty.objects.filter(group__plan=new))
    assert "Sở Thông tin và Truyền thông" in " ".join(d.text for d in Duty.objects.filter(group__plan=plan_data))
