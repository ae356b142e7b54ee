"""AcceptedTotal, the rollup of accepted figures per period × metric × theme, and AcceptedMetricTotal, the same
per period × metric, stay exact through the workflow.

After every step the rollups must equal the accepted figures grouped again
(what ``services.accepted_totals_rebuild`` and the data migrations compute),
and the aggregation must show the same totals whichever it reads.
"""

import io
from collections import defaultdict

import pytest
from django.core.management import call_command

from province import aggregation
from reports import services
from reports.models import AcceptedMetricTotal, AcceptedTotal, ActivityReport, Figure

S = ActivityReport.Status


def _rollup():
    """The stored totals, without the cells a reopening brought back to zero."""
    rows = AcceptedTotal.objects.exclude(total=0).values_list("period_id", "metric_id", "theme_id", "total")
    return {(p, m, t): total for p, m, t, total in rows}


def _metric_rollup():
    rows = AcceptedMetricTotal.objects.exclude(total=0).values_list("period_id", "metric_id", "total")
    return {(p, m): total for p, m, total in rows}


def _per_metric(cells):
    """``cells`` (period, metric, theme) -> total, added up per (period, metric): what ``_metric_rollup`` holds."""
    sums = defaultdict(int)
    for (p, m, _t), total in cells.items():
        sums[p, m] += total
    return {key: total for key, total in sums.items() if total}


def _from_figures():
    """The accepted figures grouped again: what the rollup must hold."""
    sums = defaultdict(int)
    for p, m, t, value in Figure.objects.filter(accepted=True).values_list(
        "period_id", "metric_id", "theme_id", "value"
    ):
        sums[p, m, t] += value
    return dict(sums)


def _save_and_submit(report, clerk, figures):
    services.report_save(report=report, user=clerk, expected_version=report.version, figures=figures)
    services.report_submit(report=report, user=clerk)


def _totals(period, **options):
    result = aggregation.aggregate(period, **options)
    totals = {m["key"]: m["total"] for c in result["channels"] for m in c["metrics"]}
    themes = {t["code"]: t["values"] for t in result["themes"]}
    return totals, themes


@pytest.fixture
def cells(metrics, themes):
    m, t = metrics, themes
    return {
        "a": {(m[0].pk, t[0].pk): 5, (m[1].pk, t[1].pk): 7},
        "b": {(m[0].pk, t[0].pk): 3, (m[2].pk, t[0].pk): 11},
        "a_corrected": {(m[0].pk, t[0].pk): 9, (m[2].pk, t[1].pk): 1},
    }


def test_accepting_adds_the_reports_figures_and_only_those(
    report_a, report_b, clerk_a, clerk_b, reviewer, metrics, themes, period, cells
):
    _save_and_submit(report_a, clerk_a, cells["a"])
    _save_and_submit(report_b, clerk_b, cells["b"])
    assert _rollup() == {}  # submitted is not accepted

    services.report_accept(report=report_a, user=reviewer)
    assert _rollup() == {(period.pk, *key): value for key, value in cells["a"].items()}

    services.report_accept(report=report_b, user=reviewer)
    assert _rollup() == _from_figures()
    assert _rollup()[period.pk, metrics[0].pk, themes[0].pk] == 5 + 3  # two reports add up in one cell
    assert _metric_rollup() == _per_metric(_from_figures())
    assert _metric_rollup()[period.pk, metrics[0].pk] == 5 + 3


def test_reopening_takes_the_figures_away_and_accepting_again_counts_the_corrected_ones(
    report_a, report_b, clerk_a, clerk_b, reviewer, metrics, themes, period, cells
):
    _save_and_submit(report_a, clerk_a, cells["a"])
    _save_and_submit(report_b, clerk_b, cells["b"])
    services.report_accept(report=report_a, user=reviewer)
    services.report_accept(report=report_b, user=reviewer)

    services.report_reopen(report=report_a, user=reviewer, reason="Sai số liệu")
    assert _rollup() == _from_figures() == {(period.pk, *key): value for key, value in cells["b"].items()}
    assert _metric_rollup() == _per_metric(_from_figures())

    # The agency corrects the figures (one changed, one removed, one added) and the report is accepted again.
    _save_and_submit(report_a, clerk_a, cells["a_corrected"])
    assert _rollup() == _from_figures()  # resubmitted, not yet accepted: still only B
    services.report_accept(report=report_a, user=reviewer)
    assert _rollup() == _from_figures()
    assert _rollup()[period.pk, metrics[0].pk, themes[0].pk] == 9 + 3
    assert (period.pk, metrics[1].pk, themes[1].pk) not in _rollup()  # the removed cell counts no more
    assert _metric_rollup() == _per_metric(_from_figures())
    assert (period.pk, metrics[1].pk) not in _metric_rollup()


def test_the_rollup_equals_a_rebuild_from_the_accepted_figures(
    report_a, report_b, clerk_a, clerk_b, reviewer, period, cells
):
    _save_and_submit(report_a, clerk_a, cells["a"])
    _save_and_submit(report_b, clerk_b, cells["b"])
    services.report_accept(report=report_a, user=reviewer)
    services.report_accept(report=report_b, user=reviewer)
    services.report_reopen(report=report_b, user=reviewer, reason="Bổ sung")
    kept, kept_metrics = _rollup(), _metric_rollup()
    services.accepted_totals_rebuild()
    assert _rollup() == kept == _from_figures()
    assert _metric_rollup() == kept_metrics == _per_metric(_from_figures())


def test_the_command_rebuilds_a_rollup_that_missed_an_acceptance(
    report_a, report_b, clerk_a, clerk_b, reviewer, period, cells
):
    """As after an upgrade to migration 0015 while workers of the previous version accepted reports: the
    per-metric rollup lacks one; ``rebuild_accepted_totals`` brings both back to the figures."""
    _save_and_submit(report_a, clerk_a, cells["a"])
    _save_and_submit(report_b, clerk_b, cells["b"])
    services.report_accept(report=report_a, user=reviewer)
    services.report_accept(report=report_b, user=reviewer)
    AcceptedMetricTotal.objects.all().delete()
    out = io.StringIO()
    call_command("rebuild_accepted_totals", stdout=out)
    assert _rollup() == _from_figures()
    assert _metric_rollup() == _per_metric(_from_figures())
    assert "2 accepted reports" in out.getvalue()


def test_the_aggregation_reads_the_rollup_and_with_the_option_the_submitted_figures(
    report_a, report_b, clerk_a, clerk_b, reviewer, metrics, themes, period, cells
):
    m, t = metrics, themes
    key0, key1, key2 = (f"{x.channel.code}.{x.code}" for x in m[:3])
    _save_and_submit(report_a, clerk_a, cells["a"])
    _save_and_submit(report_b, clerk_b, cells["b"])
    services.report_accept(report=report_a, user=reviewer)

    totals, by_theme = _totals(period)
    assert (totals[key0], totals[key1], totals[key2]) == (5, 7, 0)
    assert by_theme[t[0].code] == {key0: 5}
    assert by_theme[t[1].code] == {key1: 7}

    # Not yet accepted reports count only when asked (read from the figure rows, not the rollup).
    totals, by_theme = _totals(period, include_unaccepted=True)
    assert (totals[key0], totals[key1], totals[key2]) == (5 + 3, 7, 11)
    assert by_theme[t[0].code] == {key0: 5 + 3, key2: 11}

    services.report_reopen(report=report_a, user=reviewer, reason="Sai")
    totals, by_theme = _totals(period)
    assert all(value == 0 for value in totals.values())
    assert all(values == {} for values in by_theme.values())
    totals, _by_theme = _totals(period, include_unaccepted=True)
    assert (totals[key0], totals[key2]) == (3, 11)  # A is returned, B still submitted


def test_accepting_a_report_without_figures_changes_nothing(report_a, clerk_a, reviewer):
    services.report_submit(report=report_a, user=clerk_a, confirm_empty=True)
    services.report_accept(report=report_a, user=reviewer)
    assert not AcceptedTotal.objects.exists()


@pytest.mark.django_db
def test_seed_scale_fills_the_rollup_from_its_accepted_figures(plan_data, settings):
    settings.DEBUG = True  # seed_scale makes users with a published password
    args = ["--agencies=5", "--years=1", "--today=2026-11-28", "--seed=3"]
    call_command("seed_scale", *args, stdout=io.StringIO())
    assert _rollup()
    assert _rollup() == _from_figures()
    call_command("seed_scale", *args, stdout=io.StringIO())  # run again: replaced, not added twice
    assert _rollup() == _from_figures()
