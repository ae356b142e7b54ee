import io

import pytest
from django.core.management import CommandError, call_command

from agencies import roles as r
from agencies.access import roles_of
from agencies.models import User
from honourees.models import Honouree
from province.models import CompiledReport
from reports.models import ActivityReport

pytestmark = pytest.mark.django_db


def test_seed_demo_refuses_to_run_when_debug_is_off(settings, plan_data):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="DEBUG"):
        call_command("seed_demo", stdout=io.StringIO())
    assert not User.objects.exists()
    assert not ActivityReport.objects.exists()
    assert not CompiledReport.objects.exists()
    assert not Honouree.objects.exists()


def test_seed_demo_creates_one_user_per_role_and_prints_their_logins(settings, plan_data):
    settings.DEBUG = True
    out = io.StringIO()
    call_command("seed_demo", stdout=out)
    call_command("seed_demo", stdout=io.StringIO())  # twice: no duplicates, no error
    text = out.getvalue()
    expected = {
        "clerk.baolaocai": ({r.CLERK}, "BLC"),
        "clerk.batxat": ({r.CLERK}, "UBND-BATXAT"),
        "head.baolaocai": ({r.AGENCY_HEAD}, "BLC"),
        "reviewer.stttt": ({r.REVIEWER}, "STTTT"),
        "officer.snv": ({r.EMULATION_OFFICER}, "BTDKT"),
        "leader.ubnd": ({r.LEADERSHIP}, None),
    }
    for username, (roles, agency_code) in expected.items():
        user = User.objects.get(username=username)
        assert roles_of(user) == roles
        assert (user.agency.code if user.agency else None) == agency_code
        assert username in text
    admin = User.objects.get(username="admin")
    assert admin.is_superuser
    assert User.objects.get(username="officer.snv").is_staff
    assert not User.objects.get(username="clerk.baolaocai").is_staff
    assert User.objects.get(username="clerk.baolaocai").check_password("thidua-demo-2025")
