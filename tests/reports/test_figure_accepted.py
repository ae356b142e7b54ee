"""Figure.accepted follows its report: set on acceptance, cleared on reopening, and the aggregation reads it."""

from province import aggregation
from reports import services
from reports.models import ActivityReport, Figure

S = ActivityReport.Status


def _flags(report):
    return set(Figure.objects.filter(report=report).values_list("accepted", flat=True))


def _submitted_with_figures(report, clerk, metrics, themes):
    figures = {(metrics[0].pk, themes[0].pk): 5, (metrics[1].pk, themes[1].pk): 7}
    services.report_save(report=report, user=clerk, expected_version=report.version, figures=figures)
    services.report_submit(report=report, user=clerk)
    return report


def test_acceptance_marks_the_reports_figures_and_reopening_clears_them(
    report_a, report_b, clerk_a, clerk_b, reviewer, metrics, themes
):
    _submitted_with_figures(report_a, clerk_a, metrics, themes)
    _submitted_with_figures(report_b, clerk_b, metrics, themes)
    assert _flags(report_a) == {False}  # submitted is not accepted

    services.report_accept(report=report_a, user=reviewer)
    assert _flags(report_a) == {True}
    assert _flags(report_b) == {False}  # only the accepted report's figures

    services.report_reopen(report=report_a, user=reviewer, reason="Sai số liệu")
    assert report_a.status == S.RETURNED
    assert _flags(report_a) == {False}


def test_figures_saved_after_reopening_count_only_once_accepted_again(report_a, clerk_a, reviewer, metrics, themes):
    _submitted_with_figures(report_a, clerk_a, metrics, themes)
    services.report_accept(report=report_a, user=reviewer)
    services.report_reopen(report=report_a, user=reviewer, reason="Bổ sung")
    figures = {(metrics[0].pk, themes[0].pk): 9, (metrics[2].pk, themes[0].pk): 1}
    services.report_save(report=report_a, user=clerk_a, expected_version=report_a.version, figures=figures)
    services.report_submit(report=report_a, user=clerk_a)
    assert _flags(report_a) == {False}
    services.report_accept(report=report_a, user=reviewer)
    assert _flags(report_a) == {True}
    assert Figure.objects.filter(report=report_a).count() == 2


def test_the_aggregation_counts_accepted_figures_and_with_the_option_the_submitted_ones(
    report_a, report_b, clerk_a, clerk_b, reviewer, metrics, themes, period
):
    _submitted_with_figures(report_a, clerk_a, metrics, themes)
    _submitted_with_figures(report_b, clerk_b, metrics, themes)
    services.report_accept(report=report_a, user=reviewer)
    plan = aggregation.plan_of(period.plan_id)
    key = {m.pk: f"{m.channel.code}.{m.code}" for m in metrics}
    accepted_only = aggregation.window_sums([period.pk], aggregation.counted_statuses(False), plan)
    assert accepted_only.metric_totals() == {key[metrics[0].pk]: 5, key[metrics[1].pk]: 7}
    both = aggregation.window_sums([period.pk], aggregation.counted_statuses(True), plan)
    assert both.metric_totals() == {key[metrics[0].pk]: 10, key[metrics[1].pk]: 14}

    services.report_reopen(report=report_a, user=reviewer, reason="Sai")
    assert not aggregation.window_sums([period.pk], aggregation.counted_statuses(False), plan).metric_totals()
