"""The reference data kept per process under a token the database's triggers change (``province.reference``).

What an aggregation shows must never be older than the database: every way of writing an agency, a unit, a
succession, a channel, a metric or a theme gives a new token, and nothing read across a change is kept.
"""

import datetime

import pytest
from django.db import connection

from agencies.models import AdministrativeUnit, Agency, Succession
from campaigns.models import Channel, Metric, Theme
from province import aggregation, reference
from province.models import ReferenceToken
from reports import calendar
from reports.models import ReportingPeriod
from tests.province.compiled_data import make_province, period


@pytest.fixture
def province(db):
    return make_province()


def _names(data):
    return sorted(a["name"] for a in data["agencies"])


def _writes():
    """One write of each kind to each table the token covers, each by another route than the model's save."""
    unit = AdministrativeUnit.objects.get(code="T082")
    agency = Agency.objects.get(code="T-A")
    channel = Channel.objects.get(code="HT1")
    metric = Metric.objects.filter(channel=channel).first()
    plan = channel.plan
    table = connection.ops.quote_name(Agency._meta.db_table)
    return {
        "agency saved": lambda: Agency.objects.filter(pk=agency.pk).first().save(),
        "agencies updated in bulk": lambda: Agency.objects.filter(code="T-B").update(short_name="UBND BX 2"),
        "agency written in SQL": lambda: connection.cursor().execute(
            f"UPDATE {table} SET name = %s WHERE id = %s",  # noqa: S608
            ["A Báo Lào Cai (SQL)", agency.pk],
        ),
        # SQLite's INSERT OR IGNORE: the triggers' own writes must not take its policy.
        "agency created, conflicts ignored": lambda: Agency.objects.bulk_create(
            [Agency(code="T-N", name="N mới", short_name="N", kind=Agency.Kind.PRESS, unit=unit)], ignore_conflicts=True
        ),
        # An upsert taking its update path (INSERT … ON CONFLICT DO UPDATE on both databases).
        "agency upserted": lambda: Agency.objects.bulk_create(
            [Agency(code="T-A", name="A (upsert)", short_name="x", kind=Agency.Kind.PRESS, unit=unit)],
            update_conflicts=True,
            unique_fields=["code"],
            update_fields=["name"],
        ),
        "unit renamed": lambda: AdministrativeUnit.objects.filter(pk=unit.pk).update(name="Huyện Bát Xát (mới)"),
        "succession added": lambda: Succession.objects.create(
            predecessor=agency,
            successor=Agency.objects.get(code="T-D"),
            kind=Succession.Kind.TRANSFER,
            effective=datetime.date(2025, 3, 1),
        ),
        "channel renamed": lambda: Channel.objects.filter(pk=channel.pk).update(short_name="Báo chí (mới)"),
        "metric reordered": lambda: Metric.objects.filter(pk=metric.pk).update(order=99),
        "theme added": lambda: Theme.objects.create(plan=plan, code="ND9", order=9, short_name="Mới", text="…"),
        "theme deleted": lambda: Theme.objects.filter(code="ND9").delete(),
        "lock date set": lambda: ReportingPeriod.objects.filter(code="2024-Q2").update(
            lock_date=datetime.date(2024, 9, 30)
        ),
        "periods made": lambda: calendar.generate_periods(plan=plan, years=[2022]),
    }


def test_every_write_to_the_reference_data_gives_a_new_token(province):
    writes = _writes()
    if connection.vendor == "sqlite":
        # A conflict policy of the write itself, which the triggers' statements take on SQLite.
        table = connection.ops.quote_name(Agency._meta.db_table)
        sql = f"UPDATE OR ABORT {table} SET name = %s WHERE code = %s"  # noqa: S608
        writes["agency updated OR ABORT"] = lambda: connection.cursor().execute(sql, ["A (abort)", "T-A"])
    for name, write in writes.items():
        before = reference.read_token()
        assert before, name
        write()
        assert reference.read_token() != before, name


def test_other_writes_keep_the_token(province):
    from reports.models import ActivityReport

    before = reference.read_token()
    ActivityReport.objects.update(accepted_sums="")
    assert reference.read_token() == before


def test_periods_made_show_in_the_picker_at_once(province):
    from province import dashboard

    today = datetime.date(2025, 1, 10)
    assert "2022-Y" not in [p.code for p in dashboard.picker_periods(today=today)]  # kept in this process
    calendar.generate_periods(plan=period("2024-Q2").plan, years=[2022])
    assert "2022-Y" in [p.code for p in dashboard.picker_periods(today=today)]


def test_a_second_aggregation_reads_the_kept_reference_data(province, django_assert_num_queries):
    p = period("2024-Q2")
    with django_assert_num_queries(aggregation.QUERY_COUNT):
        first = aggregation.aggregate(p)
    with django_assert_num_queries(aggregation.KEPT_QUERY_COUNT):
        assert aggregation.aggregate(p) == first


def test_a_renamed_agency_shows_at_once(province, django_assert_num_queries):
    p = period("2024-Q2")
    assert "A Báo Lào Cai" in _names(aggregation.aggregate(p))
    Agency.objects.filter(code="T-A").update(name="A Báo Lào Cai - Yên Bái")
    with django_assert_num_queries(aggregation.QUERY_COUNT):  # read again
        renamed = aggregation.aggregate(p)
    assert "A Báo Lào Cai - Yên Bái" in _names(renamed)
    assert "A Báo Lào Cai" not in _names(renamed)


def test_what_was_read_across_a_change_is_not_kept(province):
    with reference.Reference() as kept:
        kept.get("agencies", lambda: ["before the change"])
        Agency.objects.filter(code="T-A").update(name="changed meanwhile")
    with reference.Reference() as kept:
        assert kept.get("agencies", lambda: ["read again"]) == ["read again"]


def test_what_was_read_is_kept_under_its_token(province):
    with reference.Reference() as kept:
        kept.get("agencies", lambda: ["read"])
    with reference.Reference() as kept:
        assert kept.get("agencies", lambda: ["read again"]) == ["read"]
    reference.forget()
    with reference.Reference() as kept:
        assert kept.get("agencies", lambda: ["read again"]) == ["read again"]


def test_without_a_token_nothing_is_kept(province):
    ReferenceToken.objects.all().delete()
    for expected in ("first", "second"):
        with reference.Reference() as kept:
            assert kept.token is None
            assert kept.get("agencies", lambda expected=expected: expected) == expected


def test_triggers_lost_with_a_rebuilt_table_come_back_after_migrate(province):
    """SQLite rebuilds a table for most changes of a column, without its triggers: ``post_migrate`` makes them
    again (and may run any number of times)."""
    reference.drop_triggers(connection)
    before = reference.read_token()
    Agency.objects.filter(code="T-A").update(name="unseen")
    assert reference.read_token() == before
    reference.install_triggers(using=connection.alias)
    reference.install_triggers(using=connection.alias)
    after = reference.read_token()
    assert after != before  # migrate itself gives a new token
    Agency.objects.filter(code="T-A").update(name="seen")
    assert reference.read_token() != after


@pytest.mark.postgres
def test_a_truncated_table_gives_a_new_token(province):
    if connection.vendor != "postgresql":
        pytest.skip("TRUNCATE is PostgreSQL's")
    before = reference.read_token()
    with connection.cursor() as cursor:
        cursor.execute(f"TRUNCATE {connection.ops.quote_name(Succession._meta.db_table)}")
    assert reference.read_token() != before


def test_making_the_triggers_again_where_present_keeps_them_working(province):
    reference.install_triggers(using=connection.alias)
    before = reference.read_token()
    Agency.objects.filter(code="T-A").update(name="once more")
    assert reference.read_token() != before
