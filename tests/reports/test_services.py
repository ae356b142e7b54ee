import datetime

import pytest
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from agencies import roles as r
from reports import selectors, services
from reports.models import ActivityReport, Figure
from tests.factories import UserFactory
from tests.reports.factories import add_figure

S = ActivityReport.Status


def _fill(report, user, metrics, themes, value=3):
    return services.report_save(
        report=report, user=user, expected_version=report.version, figures={(metrics[0].pk, themes[0].pk): value}
    )


def test_get_or_create_makes_one_draft(clerk_a, agency_a, period):
    report, created = services.report_get_or_create(agency=agency_a, period=period, user=clerk_a)
    again, created_again = services.report_get_or_create(agency=agency_a, period=period, user=clerk_a)
    assert (created, created_again, again.pk, report.status) == (True, False, report.pk, S.DRAFT)
    assert report.history.get().history_change_reason == "created:"


def test_clerk_cannot_start_another_agencys_report(clerk_b, agency_a, period):
    with pytest.raises(PermissionDenied):
        services.report_get_or_create(agency=agency_a, period=period, user=clerk_b)


def test_save_stores_only_non_zero_cells_and_denormalises(report_a, clerk_a, metrics, themes):
    services.report_save(
        report=report_a,
        user=clerk_a,
        expected_version=1,
        narratives={"results": "Đã đăng 5 tin"},
        figures={(metrics[0].pk, themes[0].pk): 5, (metrics[1].pk, themes[7].pk): 0, (metrics[2].pk, themes[3].pk): 2},
    )
    rows = list(Figure.objects.values_list("metric_id", "theme_id", "value", "period_id", "agency_id", "channel_id"))
    assert sorted(rows) == sorted(
        [
            (metrics[0].pk, themes[0].pk, 5, report_a.period_id, report_a.agency_id, metrics[0].channel_id),
            (metrics[2].pk, themes[3].pk, 2, report_a.period_id, report_a.agency_id, metrics[2].channel_id),
        ]
    )
    report_a.refresh_from_db()
    assert (report_a.version, report_a.results) == (2, "Đã đăng 5 tin")
    # A second save updates, deletes a cleared cell, and writes one more history entry.
    services.report_save(report=report_a, user=clerk_a, expected_version=2, figures={(metrics[0].pk, themes[0].pk): 7})
    assert list(Figure.objects.values_list("value", flat=True)) == [7]
    entry = report_a.history.order_by("-history_id").first()
    assert (entry.history_user, entry.history_change_reason) == (clerk_a, "saved:2 cells")
    # The history row keeps which cells changed, old → new.
    assert entry.last_changes["cells"] == [
        [metrics[0].pk, themes[0].pk, 5, 7],
        [metrics[2].pk, themes[3].pk, 2, 0],
    ]
    services.report_submit(report=report_a, user=clerk_a)
    submitted = report_a.history.order_by("-history_id").first()
    assert submitted.last_changes == {}  # a step other than a save repeats no changes


def test_second_save_with_a_stale_version_is_a_conflict(report_a, clerk_a, metrics, themes):
    services.report_save(report=report_a, user=clerk_a, expected_version=1, narratives={"results": "first"})
    stale = ActivityReport.objects.get(pk=report_a.pk)
    with pytest.raises(services.ReportConflict):
        services.report_save(report=stale, user=clerk_a, expected_version=1, narratives={"results": "second"})
    report_a.refresh_from_db()
    assert (report_a.results, report_a.version) == ("first", 2)


def test_database_refuses_negative_figures(report_a, metrics, themes):
    with pytest.raises(IntegrityError), transaction.atomic():
        add_figure(report_a, metrics[0], themes[0], -1)


def test_database_refuses_a_second_cell_for_the_same_metric_and_theme(report_a, metrics, themes):
    add_figure(report_a, metrics[0], themes[0], 1)
    with pytest.raises(IntegrityError), transaction.atomic():
        add_figure(report_a, metrics[0], themes[0], 2)


@pytest.mark.parametrize("with_grid", [False, True], ids=["plan-read", "grid-given"])
def test_save_refuses_cells_outside_the_plan(report_a, clerk_a, themes, plan, with_grid):
    grid = selectors.grid_for(plan) if with_grid else None
    with pytest.raises(ValueError, match="not in the plan"):
        services.report_save(
            report=report_a, user=clerk_a, expected_version=1, figures={(999999, themes[0].pk): 1}, grid=grid
        )


@pytest.mark.parametrize("with_grid", [False, True], ids=["plan-read", "grid-given"])
def test_a_save_changes_many_cells_in_one_go_and_leaves_the_others(report_a, clerk_a, metrics, themes, plan, with_grid):
    grid = selectors.grid_for(plan) if with_grid else None
    first = {(m.pk, t.pk): 1 + i for i, (m, t) in enumerate((m, t) for m in metrics[:2] for t in themes[:4])}
    services.report_save(report=report_a, user=clerk_a, expected_version=1, figures=first, grid=grid)
    ids = {(m, t): pk for pk, m, t in Figure.objects.values_list("pk", "metric_id", "theme_id")}
    # Odd cells change, even ones stay, one is cleared and one is new.
    second = {key: value * 10 if value % 2 else value for key, value in first.items()}
    cleared, new = (metrics[0].pk, themes[1].pk), (metrics[2].pk, themes[5].pk)
    second[cleared], second[new] = 0, 4
    services.report_save(report=report_a, user=clerk_a, expected_version=2, figures=second, grid=grid)
    stored = {(m, t): (pk, v) for pk, m, t, v in Figure.objects.values_list("pk", "metric_id", "theme_id", "value")}
    assert {key: v for key, (_pk, v) in stored.items()} == {k: v for k, v in second.items() if v}
    # Changed cells are updated in place (same rows), not deleted and added again.
    assert all(stored[key][0] == pk for key, pk in ids.items() if key != cleared)
    changes = report_a.history.order_by("-history_id").first().last_changes["cells"]
    assert len(changes) == sum(1 for v in first.values() if v % 2) + 2


def test_submit_without_figures_asks_for_confirmation(report_a, clerk_a):
    with pytest.raises(services.EmptyReport):
        services.report_submit(report=report_a, user=clerk_a)
    assert ActivityReport.objects.get(pk=report_a.pk).status == S.DRAFT
    services.report_submit(report=report_a, user=clerk_a, confirm_empty=True)
    assert report_a.status == S.SUBMITTED


def test_full_workflow_draft_submit_return_resubmit_accept(report_a, clerk_a, reviewer, metrics, themes):
    _fill(report_a, clerk_a, metrics, themes)
    services.report_submit(report=report_a, user=clerk_a)
    first_submission = report_a.submitted_at
    assert report_a.status == S.SUBMITTED
    assert first_submission is not None
    with pytest.raises(ValueError, match="reason"):
        services.report_return(report=report_a, user=reviewer, reason="   ")
    services.report_return(report=report_a, user=reviewer, reason="Thiếu số liệu HT2")
    assert (report_a.status, report_a.return_reason, report_a.returned_by) == (
        S.RETURNED,
        "Thiếu số liệu HT2",
        reviewer,
    )
    _fill(report_a, clerk_a, metrics, themes, value=4)
    services.report_submit(report=report_a, user=clerk_a)
    assert report_a.status == S.RESUBMITTED
    assert report_a.submitted_at == first_submission  # timeliness is decided by the first submission
    services.report_accept(report=report_a, user=reviewer)
    assert (report_a.status, report_a.accepted_by) == (S.ACCEPTED, reviewer)
    # The first entry is the factory's creation, without a reason.
    events = [(h.history_change_reason or "").split(":")[0] for h in report_a.history.order_by("history_id")][1:]
    assert events == ["saved", "submitted", "returned", "saved", "resubmitted", "accepted"]


def test_head_approval_when_the_agency_asks_for_it(report_a, clerk_a, head_a, metrics, themes):
    report_a.agency.head_approval_required = True
    report_a.agency.save()
    _fill(report_a, clerk_a, metrics, themes)
    services.report_submit(report=report_a, user=clerk_a)
    assert report_a.status == S.AWAITING_APPROVAL
    assert report_a.submitted_at is None
    with pytest.raises(PermissionDenied):
        services.report_approve(report=report_a, user=clerk_a)
    services.report_send_back(report=report_a, user=head_a, reason="Bổ sung minh chứng")
    assert report_a.status == S.DRAFT
    services.report_submit(report=report_a, user=clerk_a)
    services.report_approve(report=report_a, user=head_a)
    assert (report_a.status, report_a.head_approved_by) == (S.SUBMITTED, head_a)


def test_head_submits_directly(report_a, head_a, metrics, themes):
    report_a.agency.head_approval_required = True
    report_a.agency.save()
    _fill(report_a, head_a, metrics, themes)
    services.report_submit(report=report_a, user=head_a)
    assert report_a.status == S.SUBMITTED


@pytest.mark.parametrize("status", [S.SUBMITTED, S.RESUBMITTED, S.ACCEPTED, S.AWAITING_APPROVAL])
def test_clerk_cannot_edit_or_submit_outside_draft_and_returned(report_a, clerk_a, status):
    ActivityReport.objects.filter(pk=report_a.pk).update(status=status, submitted_at=timezone.now())
    report_a.refresh_from_db()
    with pytest.raises(PermissionDenied):
        services.report_save(report=report_a, user=clerk_a, expected_version=report_a.version, narratives={})
    with pytest.raises(PermissionDenied):
        services.report_submit(report=report_a, user=clerk_a, confirm_empty=True)


@pytest.mark.parametrize("status", [S.DRAFT, S.RETURNED, S.ACCEPTED, S.AWAITING_APPROVAL])
def test_reviewer_cannot_accept_or_return_what_was_not_submitted(report_a, reviewer, status):
    ActivityReport.objects.filter(pk=report_a.pk).update(status=status, submitted_at=timezone.now(), return_reason="x")
    report_a.refresh_from_db()
    with pytest.raises(PermissionDenied):
        services.report_accept(report=report_a, user=reviewer)
    with pytest.raises(PermissionDenied):
        services.report_return(report=report_a, user=reviewer, reason="x")


def test_clerk_and_leader_cannot_review(report_a, clerk_a, leader):
    ActivityReport.objects.filter(pk=report_a.pk).update(status=S.SUBMITTED, submitted_at=timezone.now())
    report_a.refresh_from_db()
    for user in (clerk_a, leader):
        with pytest.raises(PermissionDenied):
            services.report_accept(report=report_a, user=user)


def test_after_the_lock_date_only_a_reviewer_can_reopen(report_a, clerk_a, reviewer):
    period = report_a.period
    period.end = timezone.localdate() - datetime.timedelta(days=25)
    period.deadline = timezone.localdate() - datetime.timedelta(days=20)
    period.lock_date = timezone.localdate() - datetime.timedelta(days=1)
    period.save()
    with pytest.raises(PermissionDenied):
        services.report_save(report=report_a, user=clerk_a, expected_version=1, narratives={"results": "x"})
    with pytest.raises(PermissionDenied):
        services.report_reopen(report=report_a, user=clerk_a, reason="x")
    services.report_reopen(report=report_a, user=reviewer, reason="Cho phép bổ sung")
    services.report_save(report=report_a, user=clerk_a, expected_version=report_a.version, narratives={"results": "x"})
    services.report_submit(report=report_a, user=clerk_a, confirm_empty=True)
    assert report_a.reopened_at is None  # locked again once submitted
    with pytest.raises(PermissionDenied):
        services.report_save(report=report_a, user=clerk_a, expected_version=report_a.version, narratives={})


def test_reviewer_can_reopen_an_accepted_report(report_a, clerk_a, reviewer):
    services.report_submit(report=report_a, user=clerk_a, confirm_empty=True)
    services.report_accept(report=report_a, user=reviewer)
    services.report_reopen(report=report_a, user=reviewer, reason="Sai số liệu")
    assert (report_a.status, report_a.return_reason) == (S.RETURNED, "Sai số liệu")


def test_returned_report_needs_a_reason_in_the_database(report_a):
    with pytest.raises(IntegrityError), transaction.atomic():
        ActivityReport.objects.filter(pk=report_a.pk).update(status=S.RETURNED, submitted_at=timezone.now())


def test_admin_without_agency_cannot_edit(report_a):
    admin = UserFactory(username="root2", agency=None, roles=[r.ADMIN])
    with pytest.raises(PermissionDenied):
        services.report_save(report=report_a, user=admin, expected_version=1, narratives={})


def test_no_report_is_started_for_a_period_outside_the_agencys_activity(clerk_a, agency_a, period):
    agency_a.active_until = period.start - datetime.timedelta(days=1)
    agency_a.save()
    with pytest.raises(services.TransitionError):
        services.report_get_or_create(agency=agency_a, period=period, user=clerk_a)
    assert not agency_a.reports.exists()


def test_the_heads_reason_reaches_the_clerk_until_the_report_is_sent_again(
    client, report_a, clerk_a, head_a, metrics, themes
):
    report_a.agency.head_approval_required = True
    report_a.agency.save()
    _fill(report_a, clerk_a, metrics, themes)
    services.report_submit(report=report_a, user=clerk_a)
    services.report_send_back(report=report_a, user=head_a, reason="Bổ sung minh chứng hội nghị")
    report_a.refresh_from_db()
    assert report_a.head_note == "Bổ sung minh chứng hội nghị"
    client.force_login(clerk_a)
    for url in (reverse("reports:my_reports"), reverse("reports:report_detail", args=[report_a.pk])):
        assert "Bổ sung minh chứng hội nghị" in client.get(url).content.decode(), url
    services.report_submit(report=report_a, user=clerk_a)
    report_a.refresh_from_db()
    assert report_a.head_note == ""
