"""Each accepted report carries its figures' sums (``ActivityReport.accepted_sums``); the aggregation reads them.

The sums must always equal the figure rows they stand for: written when a
report is accepted, emptied when it is reopened, rebuilt in bulk alike, and
ignored (the figure rows read instead) when the plan has changed shape since.
"""

import io
import json

import pytest
from django.core.management import call_command
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.urls import reverse

from province import aggregation
from reports import report_sums, services
from reports.models import ActivityReport
from tests.province.compiled_data import EXPECTED, make_province, period


def _sums(report):
    """``(signature, numbers)`` of the report's stored sums, or None."""
    report.refresh_from_db()
    if not report.accepted_sums:
        return None
    signature, *numbers = json.loads(report.accepted_sums)
    assert report_sums.parse_many([report.accepted_sums], signature) == [numbers]
    return signature, numbers


def _save_and_submit(report, clerk, figures):
    services.report_save(report=report, user=clerk, expected_version=report.version, figures=figures)
    services.report_submit(report=report, user=clerk)


def test_accepting_stores_the_sums_per_metric_and_theme_and_reopening_empties_them(
    report_a, clerk_a, reviewer, plan, metrics, themes
):
    m, t = metrics, themes  # HT1.articles (HT1's first: primary), HT1.broadcasts, HT2.web_posts (primary)
    shape = report_sums.plan_shape(plan.pk)
    assert shape.primary == {"HT1.articles", "HT2.web_posts"}
    _save_and_submit(report_a, clerk_a, {(m[0].pk, t[0].pk): 5, (m[1].pk, t[1].pk): 7, (m[0].pk, t[1].pk): 2})
    assert report_a.accepted_sums == ""  # submitted is not accepted

    services.report_accept(report=report_a, user=reviewer)
    signature, numbers = _sums(report_a)
    assert signature == shape.signature
    keys, codes = shape.keys, shape.themes
    assert keys == ("HT1.articles", "HT1.broadcasts", "HT2.web_posts")
    assert codes[:2] == ("ND1", "ND2")
    per_metric, per_theme, items = numbers[:3], numbers[3 : 3 + len(codes)], numbers[3 + len(codes) :]
    assert per_metric == [5 + 2, 7, 0]
    assert per_theme == [5, 7 + 2] + [0] * (len(codes) - 2)
    assert items == [5, 2] + [0] * (len(codes) - 2)  # broadcasts are not a primary metric

    services.report_reopen(report=report_a, user=reviewer, reason="Sai số liệu")
    assert _sums(report_a) is None
    # Corrected and accepted again: the corrected figures.
    _save_and_submit(report_a, clerk_a, {(m[1].pk, t[0].pk): 4})
    services.report_accept(report=report_a, user=reviewer)
    _signature, numbers = _sums(report_a)
    assert numbers[:3] == [0, 4, 0]


def test_a_report_accepted_without_figures_has_sums_of_zero(report_a, clerk_a, reviewer):
    services.report_submit(report=report_a, user=clerk_a, confirm_empty=True)
    services.report_accept(report=report_a, user=reviewer)
    _signature, numbers = _sums(report_a)
    assert numbers == [0] * (3 + 8 + 8)  # three metrics, eight themes twice


def test_rebuild_writes_what_the_workflow_writes(report_a, report_b, clerk_a, clerk_b, reviewer, metrics, themes):
    m, t = metrics, themes
    _save_and_submit(report_a, clerk_a, {(m[0].pk, t[0].pk): 5, (m[2].pk, t[1].pk): 8})
    _save_and_submit(report_b, clerk_b, {(m[1].pk, t[0].pk): 3})
    services.report_accept(report=report_a, user=reviewer)
    written = ActivityReport.objects.get(pk=report_a.pk).accepted_sums
    ActivityReport.objects.filter(pk=report_b.pk).update(accepted_sums="stale")  # submitted: must be emptied

    services.accepted_totals_rebuild()  # AcceptedTotal and the reports' sums
    assert ActivityReport.objects.get(pk=report_a.pk).accepted_sums == written
    assert ActivityReport.objects.get(pk=report_b.pk).accepted_sums == ""


def test_the_migrations_rebuild_works_on_the_historical_models(report_a, clerk_a, reviewer, metrics, themes):
    _save_and_submit(report_a, clerk_a, {(metrics[0].pk, themes[0].pk): 6})
    services.report_accept(report=report_a, user=reviewer)
    written = ActivityReport.objects.get(pk=report_a.pk).accepted_sums
    ActivityReport.objects.update(accepted_sums="")
    state = MigrationExecutor(connection).loader.project_state(("reports", "0008_report_accepted_sums"))
    report_sums.rebuild(apps=state.apps)
    assert ActivityReport.objects.get(pk=report_a.pk).accepted_sums == written


@pytest.fixture
def province(db):
    return make_province()


def _without_stored_sums(monkeypatch):
    monkeypatch.setattr(aggregation, "stored_sums", lambda reports, shape: None)


def test_the_aggregation_from_the_reports_sums_equals_the_one_from_the_figure_rows(
    province, monkeypatch, django_assert_num_queries
):
    p = period("2024-Q2")
    with django_assert_num_queries(aggregation.QUERY_COUNT):  # no query for the breakdowns by agency
        from_sums = aggregation.aggregate(p)
    _without_stored_sums(monkeypatch)
    # The reference data (plan, agencies, successions) kept from the first call (``province.reference``).
    with django_assert_num_queries(aggregation.KEPT_QUERY_COUNT + 1):
        from_rows = aggregation.aggregate(p)
    assert from_sums == from_rows
    by_code = {a["code"]: a for a in from_sums["agencies"]}
    assert by_code["T-C"]["values"] == {"HT1.articles": 1 + 2 + 3}  # a monthly reporter's three months
    assert {code: by_code[f"T-{code}"]["items"] for code in "ABC"} == EXPECTED["agency_items"]
    assert {u["name"]: u["items"] for u in from_sums["units"]} == EXPECTED["unit_items"]


def test_a_report_without_sums_is_counted_from_its_figure_rows(province, django_assert_num_queries):
    p = period("2024-Q2")
    expected = aggregation.aggregate(p)
    ActivityReport.objects.filter(agency__code="T-C", period__code="2024-M05").update(accepted_sums="")
    with django_assert_num_queries(aggregation.KEPT_QUERY_COUNT + 1):  # the reference data kept from the first
        assert aggregation.aggregate(p) == expected


def test_after_the_plan_changes_shape_the_sums_are_not_used(province, django_assert_num_queries):
    """A channel's first metric changes: "items" must follow the plan as it is now, not as it was summed."""
    _plan, _agencies, metrics, _themes = province
    p = period("2024-Q2")
    before = aggregation.aggregate(p)
    a_before = next(a for a in before["agencies"] if a["code"] == "T-A")
    assert a_before["items"] == 40 + 12  # HT1.articles is HT1's first metric
    articles = metrics["HT1.articles"]
    articles.order = 99  # HT1.airtime_minutes is now HT1's first metric: its minutes become the channel's items
    articles.save()
    with django_assert_num_queries(aggregation.QUERY_COUNT + 1):
        after = aggregation.aggregate(p)
    a_after = next(a for a in after["agencies"] if a["code"] == "T-A")
    assert a_after["items"] == 90
    assert a_after["values"] == a_before["values"]


def test_seed_scale_gives_every_accepted_report_its_sums(plan_data, settings, monkeypatch, django_assert_num_queries):
    settings.DEBUG = True  # seed_scale makes users with a published password
    args = ["--agencies=5", "--years=1", "--today=2026-11-28", "--seed=3"]
    call_command("seed_scale", *args, stdout=io.StringIO())
    accepted = ActivityReport.objects.filter(status=ActivityReport.Status.ACCEPTED)
    assert accepted.exists()
    assert not accepted.filter(accepted_sums="").exists()
    assert not ActivityReport.objects.exclude(status=ActivityReport.Status.ACCEPTED).exclude(accepted_sums="").exists()
    quarter = accepted.filter(period__kind="quarter").order_by("-period__start").first().period
    with django_assert_num_queries(aggregation.QUERY_COUNT):  # the stored sums are used, no figure rows read
        from_sums = aggregation.aggregate(quarter)
    assert from_sums["report_count"] > 0
    _without_stored_sums(monkeypatch)
    assert aggregation.aggregate(quarter) == from_sums  # and they give what the figure rows give


def test_the_admin_shows_an_accepted_report_without_its_stored_sums(
    admin_client, report_a, clerk_a, reviewer, metrics, themes
):
    _save_and_submit(report_a, clerk_a, {(metrics[0].pk, themes[0].pk): 6})
    services.report_accept(report=report_a, user=reviewer)
    signature, _numbers = _sums(report_a)
    page = admin_client.get(reverse("admin:reports_activityreport_change", args=[report_a.pk]))
    assert page.status_code == 200
    assert signature not in page.content.decode()


def _swap(first, second):
    """Swap two rows' codes and places, as an administrator relabelling them would (three saves: codes are unique)."""
    (code_1, order_1), (code_2, order_2) = (first.code, first.order), (second.code, second.order)
    first.code = "TMP"
    first.save()
    second.code, second.order = code_1, order_1
    second.save()
    first.code, first.order = code_2, order_2
    first.save()


@pytest.mark.parametrize("what", ["themes", "metrics"])
def test_relabelled_themes_or_metrics_are_read_from_the_figure_rows(
    province, what, monkeypatch, django_assert_num_queries
):
    """Same codes in the same places, other rows behind them: the stored sums no longer hold."""
    _plan, _agencies, metrics, themes = province
    if what == "themes":
        _swap(themes["ND1"], themes["ND2"])
    else:
        _swap(metrics["HT1.articles"], metrics["HT1.airtime_minutes"])
    p = period("2024-Q2")
    with django_assert_num_queries(aggregation.QUERY_COUNT + 1):
        relabelled = aggregation.aggregate(p)
    _without_stored_sums(monkeypatch)
    assert relabelled == aggregation.aggregate(p)
    a = next(row for row in relabelled["agencies"] if row["code"] == "T-A")
    if what == "themes":
        assert a["themes"] == {"ND1": 12, "ND2": 40}  # the rows once called ND2 and ND1
    else:
        assert a["values"] == {"HT1.articles": 90, "HT1.airtime_minutes": 40 + 12}


def test_the_command_brings_the_sums_up_to_an_edited_plan(province, django_assert_num_queries):
    _plan, _agencies, metrics, _themes = province
    articles = metrics["HT1.articles"]
    articles.order = 99  # the plan changes shape: every stored sum is now stale
    articles.save()
    p = period("2024-Q2")
    with django_assert_num_queries(aggregation.QUERY_COUNT + 1):
        expected = aggregation.aggregate(p)
    out = io.StringIO()
    call_command("rebuild_report_sums", "--plan=test-plan", stdout=out)
    assert out.getvalue().startswith(f"{ActivityReport.objects.filter(status='accepted').count()} accepted reports")
    with django_assert_num_queries(aggregation.KEPT_QUERY_COUNT):  # the sums hold again; the plan kept
        assert aggregation.aggregate(p) == expected


def test_the_command_names_the_plans_when_the_code_is_wrong(province):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="test-plan"):
        call_command("rebuild_report_sums", "--plan=nope", stdout=io.StringIO())


def test_parsed_sums_are_kept_per_process_by_text_each_call_gets_new_lists(monkeypatch):
    """``parse_many`` keeps what it parsed by text (an accepted report's sums never change); a caller that
    changes a list changes no other call's, and the store stays within ``PARSED_MAX`` texts."""
    monkeypatch.setattr(report_sums, "_parsed", {})
    monkeypatch.setattr(report_sums, "PARSED_MAX", 2)
    a, b, c = ('["sig",1,2,3]', '["sig",4,5,6]', '["sig",0,0,7]')
    first = report_sums.parse_many([a, b, a], "sig")
    assert first == [[1, 2, 3], [4, 5, 6], [1, 2, 3]]
    first[0][0] = 99  # the caller adds up into its lists
    assert report_sums.parse_many([a], "sig") == [[1, 2, 3]]
    assert set(report_sums._parsed) == {a, b}
    assert report_sums.parse_many([c, a], "sig") == [[0, 0, 7], [1, 2, 3]]  # full: a new store with c
    assert set(report_sums._parsed) == {c}
    assert report_sums.parse_many([a, '["other",1,2,3]'], "sig") is None  # another plan's sums: none
    three = report_sums.parse_many([a, b, '["sig",9,9,9]'], "sig")  # more than the store holds: parsed, not kept
    assert three == [[1, 2, 3], [4, 5, 6], [9, 9, 9]]
    assert len(report_sums._parsed) <= 2


def test_sums_added_up_are_kept_per_process_by_the_texts_added(monkeypatch):
    """``add_up`` adds up each group of texts (a report's sums counted as often as it is given) and keeps the
    result by the group: an agency whose reports did not change is not added up again. The store stays within
    ``ADDED_MAX`` groups, and sums of another plan give none."""
    monkeypatch.setattr(report_sums, "_added", {})
    monkeypatch.setattr(report_sums, "ADDED_MAX", 2)
    a, b, c = ('["sig",1,2,3]', '["sig",4,5,6]', '["sig",0,0,7]')
    assert report_sums.add_up([(a, b), (a, a), (c,)], "sig") == [(5, 7, 9), (2, 4, 6), (0, 0, 7)]
    assert report_sums._added == {}  # three groups are more than the store holds: added up, not kept
    assert report_sums.add_up([(a, b)], "sig") == [(5, 7, 9)]
    assert set(report_sums._added) == {(a, b)}
    # Kept: a group already added up is not parsed again.
    monkeypatch.setattr(report_sums, "parse_many", lambda texts, signature, copies: pytest.fail("parsed again"))
    assert report_sums.add_up([(a, b), (a, b)], "sig") == [(5, 7, 9), (5, 7, 9)]
    assert report_sums.add_up([(a, b), (a, '["other",1,2,3]')], "sig") is None
    assert report_sums.add_up([(a, b)], "other") is None  # the plan changed since: the kept sums are not used
