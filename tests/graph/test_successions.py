"""Successions on the sample graph: the instances a predecessor owes from the succession's
day are its successor's, in the agenda and the workload; earlier ones stay its own.

graph.sample's 三(二) is owed by nobody, 二(三)4 (到2020年 … 30个以上, due 2020-12-31) by
市农业局 (lead), 市商务局, 市招商局 and the collective; 二(二)1 (2018-07-31) by the
collective alone.
"""

from __future__ import annotations

import datetime as dt

import networkx as nx
import pytest

from graph.agenda import assess, overdue
from graph.analysis import workload
from graph.obligations import expand
from graph.sample import sample_graph
from graph.successions import Step

AGRICULTURE, COMMERCE, COLLECTIVE = "unit:2", "unit:3", "unit:4"


def with_steps(*steps: Step) -> nx.MultiDiGraph:
    graph = sample_graph()
    graph.graph["successions"] = steps
    return graph


@pytest.fixture
def merged() -> nx.MultiDiGraph:
    """市农业局 merged into 市商务局 from 2019-03-01 (a made-up succession)."""
    return with_steps(Step(AGRICULTURE, COMMERCE, "merge", dt.date(2019, 3, 1)))


def owners(graph: nx.MultiDiGraph, path: str) -> list[tuple[str, str, str | None]]:
    ob = next(o for o in expand(graph, through_year=2021) if o.path == path)
    return [(o.name, o.role, o.succeeds) for o in ob.owners]


def test_a_later_instance_goes_to_the_successor_once_with_the_leads_role(
        merged: nx.MultiDiGraph) -> None:
    # 市商务局 is already a co-owner: it is listed once, in the lead 市农业局 had, for it
    assert owners(merged, "二(三)4") == [("市商务局", "lead", "市农业局"), ("市招商局", "co", None),
                                         ("结对县(市、区)党委、政府", "co", None)]


def test_an_instance_due_before_the_day_stays_with_the_predecessor() -> None:
    graph = with_steps(Step(AGRICULTURE, COMMERCE, "merge", dt.date(2021, 1, 1)))
    assert owners(graph, "二(三)4")[0] == ("市农业局", "lead", None)


def test_a_chain_of_successions_reaches_the_last_successor() -> None:
    graph = with_steps(Step(COLLECTIVE, AGRICULTURE, "rename", dt.date(2018, 1, 1)),
                       Step(AGRICULTURE, "unit:1", "rename", dt.date(2018, 6, 1)))
    assert owners(graph, "二(二)1") == [("市招商局", "lead", "结对县(市、区)党委、政府")]


def test_the_agenda_and_workload_follow_the_successor(merged: nx.MultiDiGraph) -> None:
    day = dt.date(2021, 1, 1)
    assert [a.obligation.path for a in overdue(merged, as_of=day, unit=COMMERCE)] == ["二(三)4"]
    assert overdue(merged, as_of=day, unit=AGRICULTURE) == []
    assert [a.obligation.path for a in assess(merged, as_of=day, unit=AGRICULTURE)] == []
    late = {w.unit: w.overdue for w in workload(merged, as_of=day)}
    assert (late[COMMERCE], late[AGRICULTURE]) == (1, 0)
    # the responsibility edge keeps the name the document gave the work to
    assert merged.has_edge(AGRICULTURE, "task:2", key="RESPONSIBLE_FOR")
