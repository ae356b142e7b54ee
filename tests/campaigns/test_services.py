import pytest
from django.urls import reverse

from agencies.models import Agency
from campaigns.models import Duty, Plan
from campaigns.services import PlanCopyError, plan_copy_to_phase

pytestmark = pytest.mark.django_db


def test_a_plan_is_copied_into_the_next_phase_with_all_its_items(plan_data):
    new = plan_copy_to_phase(plan=plan_data)
    assert (new.code, new.start_year, new.end_year) == ("lao-cai-2026-2030", 2026, 2030)
    assert new.title.endswith("giai đoạn 2026-2030")
    assert new.copied_from == plan_data
    assert new.themes.count() == 8
    assert new.channels.count() == 5
    assert sum(c.metrics.count() for c in new.channels.all()) == sum(
        c.metrics.count() for c in plan_data.channels.all()
    )
    assert new.duty_groups.count() == 4
    assert Duty.objects.filter(group__plan=new).count() == Duty.objects.filter(group__plan=plan_data).count()
    # Duty III.1 goes to whoever tracks the plan on 01/01/2026: Sở VH-TT&DL once the 2025 reorganisation data
    # ends Sở TT&TT on 28/02/2025 (tests/campaigns/test_handover.py has the rule).
    tracker = "STTTT" if Agency.objects.get(code="STTTT").active_until is None else "SVHTTDL"
    assert list(new.duty_groups.get(order=1).responsible_agencies.values_list("code", flat=True)) == [tracker]
    assert new.is_draft_copy
    assert new.recipients.count() == 15
    assert set(new.movements.all()) == set(plan_data.movements.all())
    # The original is untouched.
    plan_data.refresh_from_db()
    assert plan_data.themes.count() == 8
    assert plan_data.title.endswith("giai đoạn 2021-2025")


def test_copying_twice_into_the_same_phase_is_refused(plan_data):
    plan_copy_to_phase(plan=plan_data)
    with pytest.raises(PlanCopyError):
        plan_copy_to_phase(plan=plan_data)
    assert Plan.objects.count() == 2


def test_the_admin_action_copies_the_plan(client, officer, plan_data):
    client.force_login(officer)
    response = client.post(
        reverse("admin:campaigns_plan_changelist"),
        {"action": "copy_to_next_phase", "_selected_action": [plan_data.pk]},
        follow=True,
    )
    assert response.status_code == 200
    assert Plan.objects.filter(code="lao-cai-2026-2030").exists()
    assert "2026-2030" in response.content.decode()
