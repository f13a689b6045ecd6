"""What a place owes: through the collective units it is a member of, and its own mentions.

Examples
--------
>>> import datetime as dt
>>> from graph.sample import sample_graph
>>> graph = sample_graph()
>>> [graph.nodes[p]["name"] for p in paired_with(graph, "place:2")]
['鹿城区']
>>> [(a.obligation.path, a.status.value)
...  for a in obligations_of_place(graph, "place:2", as_of=dt.date(2021, 6, 1))]
[('二(二)1', 'OVERDUE'), ('二(三)4', 'OVERDUE')]
"""

from __future__ import annotations

import datetime as dt

import networkx as nx

from graph.agenda import Assessed, Reports, assess_among
from graph.build import CONCERNS, MEMBER_OF, PAIRED_WITH
from graph.status import DEFAULT_DUE_SOON_DAYS


def paired_with(graph: nx.MultiDiGraph, place: str) -> list[str]:
    """The places ``place`` is paired with (山海协作 pairings)."""
    return [v for _, v, k in graph.out_edges(place, keys=True) if k == PAIRED_WITH]


def memberships(graph: nx.MultiDiGraph, place: str) -> list[str]:
    """The collective Unit nodes ``place`` is a member of."""
    return [v for _, v, k in graph.out_edges(place, keys=True) if k == MEMBER_OF]


def bearers(graph: nx.MultiDiGraph, place: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """Whose obligations ``place`` bears: the collective Unit nodes it is a member of,
    and the Task nodes naming it.

    >>> from graph.sample import sample_graph
    >>> bearers(sample_graph(), "place:2")
    (('unit:4',), ())
    """
    units = tuple(dict.fromkeys(memberships(graph, place)))
    tasks = tuple(dict.fromkeys(u for u, _, k in graph.in_edges(place, keys=True)
                                if k == CONCERNS))
    return units, tasks


def obligations_of_place(graph: nx.MultiDiGraph, place: str, *, as_of: dt.date,
                         reports: Reports = (),
                         due_soon_days: int = DEFAULT_DUE_SOON_DAYS,
                         through_year: int | None = None) -> list[Assessed]:
    """Obligations owned by a collective the place belongs to, or of tasks naming it.

    Parameters
    ----------
    graph
        A built graph.
    place
        A Place node id.
    as_of
        Status day; recurring obligations are expanded through its year, or through
        ``through_year`` when given.

    Returns
    -------
    list of Assessed
        In due-date order, each instance once.
    """
    units, tasks = bearers(graph, place)
    return assess_among(graph, as_of=as_of, units=units, tasks=tasks, reports=reports,
                        due_soon_days=due_soon_days, through_year=through_year)
