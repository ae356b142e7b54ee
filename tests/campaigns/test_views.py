import pytest
from django.urls import reverse

from campaigns.models import Channel, Duty, DutyGroup, Metric, Objective, Plan, Recipient, Theme
from tests.factories import AgencyFactory

pytestmark = pytest.mark.django_db


def make_plan(rows):
    """A plan with ``rows`` items of every kind."""
    plan = Plan.objects.create(
        code=f"plan-{rows}",
        title="Kế hoạch thử",
        issuing_body="UBND tỉnh",
        issuing_body_short="UBND TỈNH",
        start_year=2021,
        end_year=2025,
    )
    agencies = [AgencyFactory() for _ in range(rows)]
    for i in range(rows):
        Objective.objects.create(plan=plan, kind="purpose", order=i, text=f"Mục đích {i}")
        Objective.objects.create(plan=plan, kind="requirement", order=i, text=f"Yêu cầu {i}")
        Recipient.objects.create(plan=plan, order=i, text=f"Nơi nhận {i}")
        Theme.objects.create(plan=plan, code=f"ND{i}", order=i, short_name=f"Nội dung {i}", text="…")
        channel = Channel.objects.create(plan=plan, code=f"HT{i}", order=i, short_name=f"Hình thức {i}", text="…")
        for j in range(rows):
            Metric.objects.create(channel=channel, code=f"m{j}", order=j, name=f"Chỉ tiêu {j}", unit="bài")
        group = DutyGroup.objects.create(plan=plan, code=f"III.{i}", order=i, responsible=f"Cơ quan {i}")
        group.responsible_agencies.set(agencies)
        for j in range(rows):
            duty = Duty.objects.create(group=group, order=j, text=f"Nhiệm vụ {j}")
            duty.coordinating_agencies.set(agencies)
    return plan


@pytest.mark.parametrize("rows", [1, 6])
def test_plan_overview_runs_a_fixed_number_of_queries(client, clerk_a, django_assert_num_queries, rows):
    plan = make_plan(rows)
    client.force_login(clerk_a)
    url = reverse("campaigns:plan_detail", args=[plan.code])
    # session, user with agency, roles, plan, legal bases, objectives, recipients, themes, channels,
    # metrics, duty groups, responsible agencies, duties, coordinating agencies, movements
    # (and, the plan having ended before today, the plan after it: none, so the page calls for one)
    with django_assert_num_queries(16):
        response = client.get(url)
    assert response.status_code == 200
    assert f"Nhiệm vụ {rows - 1}" in response.content.decode()


def test_plan_overview_shows_every_part_of_the_real_plan(client, plan_data, clerk_a):
    client.force_login(clerk_a)
    html = client.get(reverse("campaigns:plan_current"), follow=True).content.decode()
    for theme in plan_data.themes.all():
        assert theme.short_name in html
    for channel in plan_data.channels.all():
        assert channel.short_name in html
    for group in plan_data.duty_groups.all():
        assert group.responsible in html
    for movement in plan_data.movements.all():
        assert movement.name in html
    assert "Giàng Thị Dung" in html
    assert "Tạp chí Fansipăng" in html


def test_unknown_plan_is_404(client, clerk_a):
    client.force_login(clerk_a)
    assert client.get(reverse("campaigns:plan_detail", args=["no-such-plan"])).status_code == 404


def test_a_duty_group_named_after_its_agency_names_it_once(client, plan_data, clerk_a):
    client.force_login(clerk_a)
    html = client.get(reverse("campaigns:plan_detail", args=[plan_data.code])).content.decode()
    headers = [part.split("</div>")[0] for part in html.split('data-testid="duty-group">')[1:]]
    snv = next(h for h in headers if "Sở Nội vụ" in h)
    assert snv.count("Sở Nội vụ") == 1
    assert "—" not in snv
    assert f'href="{reverse("agencies:agency_detail", args=["SNV"])}">Sở Nội vụ</a>' in snv
    # Nor the department of information under its short name after its full one.
    stttt = next(h for h in headers if "Sở Thông tin và Truyền thông" in h)
    assert "—" not in stttt


def test_a_duty_group_lists_the_agencies_its_label_does_not_name(client, clerk_a):
    plan = make_plan(1)
    group = plan.duty_groups.get()
    agency = group.responsible_agencies.get()
    client.force_login(clerk_a)
    html = client.get(reverse("campaigns:plan_detail", args=[plan.code])).content.decode()
    header = html.split('data-testid="duty-group">')[1].split("</div>")[0]
    assert f"1. {group.responsible}</strong>" in header
    assert f">{agency.short_name}</a>" in header.split("—")[1]
