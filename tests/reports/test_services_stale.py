"""Services re-check the report's committed state, not the copy a view loaded before another step.

A view loads the report, checks access, and calls a service; between the two
another user may submit, accept or return it. The service must decide on the
row as it is now (locked), so an edit can never land on a report that has left
the agency's hands, whatever version number the request carries.
"""

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile

from honourees import services as honouree_services
from honourees.models import Honouree, HonoureeCoverage
from reports import services
from reports.models import ActivityReport, Evidence
from tests.honourees.factories import HonoureeFactory

S = ActivityReport.Status
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


@pytest.fixture
def stale_then_submitted(report_a, clerk_a):
    """A copy of the draft as a view loaded it, then the report submitted by someone else."""
    stale = ActivityReport.objects.get(pk=report_a.pk)
    services.report_submit(report=ActivityReport.objects.get(pk=report_a.pk), user=clerk_a, confirm_empty=True)
    return stale


def _current(report):
    return ActivityReport.objects.get(pk=report.pk)


def test_save_on_a_stale_draft_cannot_change_a_submitted_report(stale_then_submitted, clerk_a):
    current = _current(stale_then_submitted)
    with pytest.raises((PermissionDenied, services.ReportConflict)):
        services.report_save(
            report=stale_then_submitted,
            user=clerk_a,
            expected_version=current.version,
            narratives={"results": "sửa sau khi đã gửi"},
        )
    after = _current(stale_then_submitted)
    assert (after.status, after.results, after.version) == (S.SUBMITTED, "", current.version)


def test_evidence_cannot_be_added_to_a_report_submitted_meanwhile(stale_then_submitted, clerk_a):
    with pytest.raises(PermissionDenied):
        services.evidence_add_link(
            report=stale_then_submitted, user=clerk_a, title="Tin bài", url="https://baolaocai.vn/a"
        )
    with pytest.raises(PermissionDenied):
        services.evidence_add_file(
            report=stale_then_submitted,
            user=clerk_a,
            title="Ảnh",
            upload=SimpleUploadedFile("a.png", PNG),
            content_type="image/png",
        )
    assert not Evidence.objects.exists()


def test_evidence_cannot_be_removed_from_a_report_submitted_meanwhile(report_a, clerk_a):
    evidence = services.evidence_add_link(report=report_a, user=clerk_a, title="Tin", url="https://baolaocai.vn/a")
    evidence = Evidence.objects.select_related("report").get(pk=evidence.pk)  # as the view loads it
    services.report_submit(report=_current(report_a), user=clerk_a, confirm_empty=True)
    with pytest.raises(PermissionDenied):
        services.evidence_delete(evidence=evidence, user=clerk_a)
    assert Evidence.objects.filter(pk=evidence.pk).exists()


def test_honouree_coverage_cannot_change_on_a_report_submitted_meanwhile(report_a, clerk_a, agency_a):
    honouree = HonoureeFactory(proposing_agency=agency_a, status=Honouree.Status.PUBLISHED)
    channel = report_a.period.plan.channels.first()
    coverage = honouree_services.coverage_add(report=report_a, user=clerk_a, honouree=honouree, channel=channel)
    stale = _current(report_a)
    coverage = HonoureeCoverage.objects.select_related("report").get(pk=coverage.pk)
    services.report_submit(report=_current(report_a), user=clerk_a, confirm_empty=True)
    other = HonoureeFactory(proposing_agency=agency_a, status=Honouree.Status.PUBLISHED)
    with pytest.raises(PermissionDenied):
        honouree_services.coverage_add(report=stale, user=clerk_a, honouree=other, channel=channel)
    with pytest.raises(PermissionDenied):
        honouree_services.coverage_remove(coverage=coverage, user=clerk_a)
    assert list(HonoureeCoverage.objects.values_list("honouree_id", flat=True)) == [honouree.pk]


def test_reviewer_step_on_a_stale_copy_follows_the_committed_state(report_a, clerk_a, reviewer):
    """Accepting a copy loaded while submitted, after another reviewer returned it, is refused."""
    services.report_submit(report=report_a, user=clerk_a, confirm_empty=True)
    stale = _current(report_a)
    services.report_return(report=_current(report_a), user=reviewer, reason="Thiếu minh chứng")
    with pytest.raises((PermissionDenied, services.ReportConflict)):
        services.report_accept(report=stale, user=reviewer)
    assert _current(report_a).status == S.RETURNED
