"""The succession graph: who an agency is part of on a date, what an agency includes, and its name then.

Fictional agencies and dates; each expectation is written out by hand.
"""

import datetime

import pytest
from django.utils import translation

from agencies import successions
from agencies.models import Succession
from agencies.successions import Graph, Link
from tests.factories import AgencyFactory

MARCH = datetime.date(2025, 3, 1)
JULY = datetime.date(2025, 7, 1)
FEB_28 = datetime.date(2025, 2, 28)
JUNE_30 = datetime.date(2025, 6, 30)
YEAR_END = datetime.date(2025, 12, 31)

# A merger: Y (2) and Z (3) into X (1) on 1/3. A split: P (10) into S1 (11, main) and S2 (12) on 1/3.
# A chain: A (20) renamed B (21) on 1/3, B merged into C (22) on 1/7. A transfer: a function of X to T (30).
GRAPH = Graph(
    [
        Link(2, 1, "merge", MARCH),
        Link(3, 1, "merge", MARCH),
        Link(10, 11, "split", MARCH, main=True),
        Link(10, 12, "split", MARCH),
        Link(20, 21, "rename", MARCH),
        Link(21, 22, "merge", JULY),
        Link(1, 30, "transfer", JULY),
    ]
)


def test_before_a_merger_each_agency_is_its_own():
    assert successions.current_of([1, 2, 3], on=FEB_28, graph=GRAPH) == {1: 1, 2: 2, 3: 3}


def test_from_the_merger_the_merged_agencies_are_part_of_the_successor():
    assert successions.current_of([1, 2, 3], on=MARCH, graph=GRAPH) == {1: 1, 2: 1, 3: 1}
    assert [(link.predecessor, link.successor) for link in successions.rolled_into(1, on=YEAR_END, graph=GRAPH)] == [
        (2, 1),
        (3, 1),
    ]


def test_a_split_predecessor_rolls_up_into_its_main_successor_only():
    assert successions.current_of([10, 11, 12], on=YEAR_END, graph=GRAPH) == {10: 11, 11: 11, 12: 12}
    assert [link.predecessor for link in successions.rolled_into(11, on=YEAR_END, graph=GRAPH)] == [10]
    assert successions.rolled_into(12, on=YEAR_END, graph=GRAPH) == []


def test_a_chain_of_two_is_followed_as_far_as_the_date_allows():
    assert successions.current_of([20, 21, 22], on=FEB_28, graph=GRAPH) == {20: 20, 21: 21, 22: 22}
    assert successions.current_of([20, 21, 22], on=JUNE_30, graph=GRAPH) == {20: 21, 21: 21, 22: 22}
    assert successions.current_of([20, 21, 22], on=JULY, graph=GRAPH) == {20: 22, 21: 22, 22: 22}
    assert successions.rolled_into(22, on=JUNE_30, graph=GRAPH) == []
    assert [(link.predecessor, link.effective) for link in successions.rolled_into(22, on=YEAR_END, graph=GRAPH)] == [
        (20, MARCH),
        (21, JULY),
    ]


def test_a_transfer_of_a_function_rolls_nothing_up():
    assert successions.current_of([1, 30], on=YEAR_END, graph=GRAPH) == {1: 1, 30: 30}
    assert successions.rolled_into(30, on=YEAR_END, graph=GRAPH) == []


def test_an_agency_continues_every_ended_predecessor_at_any_depth_but_not_a_transfer():
    assert GRAPH.continued_by(22) == {20, 21}
    assert GRAPH.continued_by(12) == {10}  # a split's other successor took over part of the work too
    assert GRAPH.continued_by(1) == {2, 3}
    assert GRAPH.continued_by(30) == set()


def test_a_split_without_a_main_successor_rolls_up_nowhere():
    graph = Graph([Link(10, 11, "split", MARCH), Link(10, 12, "split", MARCH)])
    assert successions.current_of([10], on=YEAR_END, graph=graph) == {10: 10}


# --- from the database, with names --------------------------------------------------


@pytest.fixture
def merger(db):
    """Sở Y merged into Sở X on 1/3/2025; Sở X (then) renamed Sở W on 1/7/2025."""
    x = AgencyFactory(name="Sở X", short_name="SX", active_until=JUNE_30)
    y = AgencyFactory(name="Sở Y", short_name="SY", active_until=FEB_28)
    w = AgencyFactory(name="Sở W", short_name="SW", active_from=JULY)
    Succession.objects.create(predecessor=y, successor=x, kind="merge", effective=MARCH)
    Succession.objects.create(predecessor=x, successor=w, kind="rename", effective=JULY)
    return x, y, w


def test_the_successor_is_named_with_what_it_includes(merger, django_assert_num_queries):
    x, y, w = merger
    with django_assert_num_queries(1):  # the successions
        graph = successions.load_graph()
    with translation.override("vi"), django_assert_num_queries(0):
        assert successions.label(x, [y], on=JUNE_30, graph=graph) == "Sở X (gồm Sở Y trước 01/03/2025)"
        assert successions.label(x, [y], on=FEB_28, graph=graph) == "Sở X"  # not yet merged
        assert (
            successions.label(w, [x, y], on=YEAR_END, graph=graph)
            == "Sở W (gồm Sở Y trước 01/03/2025, Sở X trước 01/07/2025)"
        )
        assert (
            successions.label(w, [y, x], on=YEAR_END, graph=graph, short=True)
            == "SW (gồm SY trước 01/03/2025, SX trước 01/07/2025)"
        )
        assert successions.label(w, [], on=YEAR_END, graph=graph) == "Sở W"
    with translation.override("en"):
        assert successions.label(x, [y], on=JUNE_30, graph=graph) == "Sở X (including Sở Y before 01/03/2025)"


def test_current_of_reads_the_database_once_without_a_graph(merger, django_assert_num_queries):
    x, y, w = merger
    with django_assert_num_queries(1):
        assert successions.current_of([x.pk, y.pk], on=YEAR_END) == {x.pk: w.pk, y.pk: w.pk}
