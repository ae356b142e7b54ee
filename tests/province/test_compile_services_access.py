"""The compile services check the user themselves: only reviewers (and admins) compile, retry and issue.

The views check too; these tests call the services directly, as a task, a
command or a future view would. Jobs and commands pass no user (the system).
"""

import datetime

import pytest
from django.core.exceptions import PermissionDenied

from province import compilation
from province.models import CompiledReport
from tests.province.compiled_data import make_province, period


@pytest.fixture
def province(db):
    return make_province()


@pytest.fixture
def done(province, reviewer, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        compiled = compilation.compiled_report_request(period=period("2024-Q2"), user=reviewer)
    compiled.refresh_from_db()
    return compiled


@pytest.mark.parametrize("who", ["leader", "officer", "clerk_a", "head_a"])
def test_only_reviewers_issue(request, done, who):
    user = request.getfixturevalue(who)
    with pytest.raises(PermissionDenied):
        compilation.compiled_report_issue(compiled=done, user=user, number="12", day=datetime.date(2024, 6, 20))
    done.refresh_from_db()
    assert not done.is_issued


@pytest.mark.parametrize("who", ["leader", "officer", "clerk_a"])
def test_only_reviewers_request_a_compile(request, province, who):
    user = request.getfixturevalue(who)
    with pytest.raises(PermissionDenied):
        compilation.compiled_report_request(period=period("2024-Q2"), user=user, enqueue=False)
    assert not CompiledReport.objects.exists()


@pytest.mark.parametrize("who", ["leader", "clerk_a"])
def test_only_reviewers_retry(request, done, who):
    CompiledReport.objects.filter(pk=done.pk).update(status=CompiledReport.Status.FAILED, error="boom")
    done.refresh_from_db()
    with pytest.raises(PermissionDenied):
        compilation.compiled_report_retry(compiled=done, user=request.getfixturevalue(who))
    done.refresh_from_db()
    assert done.status == CompiledReport.Status.FAILED


def test_the_system_and_reviewers_still_compile(province, reviewer, admin_user):
    first = compilation.compiled_report_request(period=period("2024-Q2"), enqueue=False)
    assert first.version == 1
    CompiledReport.objects.filter(pk=first.pk).update(status=CompiledReport.Status.FAILED)
    assert compilation.compiled_report_request(period=period("2024-Q2"), user=admin_user, enqueue=False).version == 2
