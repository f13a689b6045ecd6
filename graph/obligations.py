"""Obligations: every deadline-bound item, expanded into dated instances, and look-ups.

The types live in :mod:`graph.obligation_types`, the ids and target-based obligations
in :mod:`graph.obligation_ids`, the expansion into instances in
:mod:`graph.obligation_expansion` (a recurrence's dates in :mod:`graph.recurrence_dates`);
this module expands a whole graph (kept on it) and finds instances, and re-exports the
names callers import from it.
docs/obligations.md has the whole reading.
"""

from __future__ import annotations

import datetime as dt
import re

import networkx as nx

from graph.build import node_id
from graph.horizons import default_end, document_horizons
from graph.memo import YearCache, year_cache
from graph.obligation_expansion import expand_uncached as expand_uncached
from graph.obligation_expansion import first_year as first_year
from graph.obligation_ids import link_obligations as link_obligations
from graph.obligation_types import Obligation, Owner, Quote, owners_of
from graph.obligation_types import task_heading as task_heading
from graph.recurrence_dates import instances as instances

__all__ = ["Obligation", "Owner", "Quote", "document_horizons", "expand", "find_obligation",
           "instances", "owners_of", "period_start", "planning_year"]

# the node kinds carrying issue, due or horizon dates (graph.build)
_DATED = frozenset({"Document", "Obligation", "Target"})
# an instance id's suffix: a year of at most four ASCII digits, then its period, if any
_SUFFIX = re.compile(r"[0-9]{1,4}(?:-(?:H[12]|Q[1-4]|[0-9]{2}))?")


def period_start(obligation: Obligation) -> dt.date | None:
    """The first day of a recurring instance's period (its year, half, quarter or month).

    ``None`` for a one-off obligation.

    >>> from graph.sample import sample_graph
    >>> period_start(find_obligation(sample_graph(), "deadline:000/三(二)/1@2023"))
    datetime.date(2023, 1, 1)
    """
    if obligation.year is None:
        return None
    suffix = obligation.id.rpartition("@")[2][5:]  # "", "H2", "Q3" or "07"
    if suffix.startswith("H"):
        return dt.date(obligation.year, 6 * int(suffix[1:]) - 5, 1)
    if suffix.startswith("Q"):
        return dt.date(obligation.year, 3 * int(suffix[1:]) - 2, 1)
    if suffix.isdigit():
        return dt.date(obligation.year, int(suffix), 1)
    return dt.date(obligation.year, 1, 1)


def expand(graph: nx.MultiDiGraph, *, through_year: int) -> list[Obligation]:
    """Every obligation instance, recurring ones up to their horizon or ``through_year``.

    A graph's nodes never change once built (the server swaps in a new one), so the result
    is computed once per ``through_year`` and kept on the graph (the planning year's for
    good, a few later years' in a bounded cache: :mod:`graph.memo`); treat it as read-only.

    Parameters
    ----------
    graph
        A graph from :func:`graph.build.build_graph`.
    through_year
        The last year to expand recurring obligations without a horizon into.

    Returns
    -------
    list of Obligation
        Sorted by due date, then path and id.
    """
    cache: YearCache[list[Obligation]] = year_cache(graph, "expanded")
    found = cache.get(through_year)
    if found is None:  # the planning year's expansion is kept; later years only a few
        found = expand_uncached(graph, through_year=through_year)
        cache.put(through_year, found, pin=through_year == planning_year(graph))
    return found


def planning_year(graph: nx.MultiDiGraph) -> int:
    """The last year one expansion of the whole graph covers: the latest year a deadline,
    horizon or programme names, or an open-ended recurrence's default end reaches
    (cached on the graph).

    Only the data decides it, never the day the graph is built, so a snapshot's
    obligations are the same whenever it is built; and since no open-ended recurrence
    runs past its default end, the expansion through this year holds every instance
    (a question about a later year filters the same instances).

    >>> from graph.sample import sample_graph
    >>> planning_year(sample_graph())  # 2018's document: yearly work runs five years
    2023
    """
    cached: int | None = graph.graph.get("planning_year")
    if cached is None:
        years = list(document_horizons(graph).values())
        named = list(years)  # every year the documents name: graph.window.document_years
        earliest: dict[int, int] = {}  # an undated document's first year: its earliest due
        for _, data in graph.nodes(data=True):
            if data["kind"] in _DATED:
                named += [v.year for v in (data.get("issued_on"), data.get("due"),
                                           data.get("horizon")) if isinstance(v, dt.date)]
            if data["kind"] == "Obligation":
                years += [d.year for d in (data.get("due"), data.get("horizon")) if d]
                if data.get("basis") == "deadline" and data.get("due"):
                    doc = data["document_id"]
                    earliest[doc] = min(data["due"].year, earliest.get(doc, data["due"].year))
        for _, data in graph.nodes(data=True):
            if data["kind"] == "Document":
                issued = data.get("issued_on")
                first = issued.year if issued else earliest.get(data["db_id"])
                if first is not None:
                    years.append(default_end(graph, issued, first).year)
        if named:  # found on this walk rather than by a second one of every node
            graph.graph["document_years"] = (min(named), max(named))
        cached = graph.graph["planning_year"] = max(years, default=dt.MINYEAR)
    return cached


def find_obligation(graph: nx.MultiDiGraph, obligation_id: str) -> Obligation | None:
    """The obligation instance with this id, or ``None`` when the graph has none.

    A yearly obligation's instance exists for any year from its first year through its
    end (:mod:`graph.horizons`).

    >>> from graph.sample import sample_graph
    >>> graph = sample_graph()
    >>> find_obligation(graph, "deadline:000/三(二)/1@2023").due.isoformat()
    '2023-10-31'
    >>> find_obligation(graph, "deadline:000/三(二)/1@2025") is None  # five years after issue
    True
    >>> find_obligation(graph, "deadline:000/二(二)1/1").path
    '二(二)1'
    >>> find_obligation(graph, "deadline:000/二(二)1/1@2019") is None
    True
    """
    base, _, suffix = obligation_id.partition("@")
    if not graph.has_node(node_id("obligation", base)):
        return None
    if suffix and not _SUFFIX.fullmatch(suffix):
        return None  # no date has such a year (callers bound the year: graph.window)
    # The expansion the agenda index already holds reaches the planning year; only a
    # later year needs one of its own.  "2019", "2019-Q3", "2019-H1", "2019-07": the year first.
    year = suffix.partition("-")[0]
    through = max(int(year) if year.isdigit() else dt.MINYEAR, planning_year(graph))
    return next((o for o in expand(graph, through_year=through) if o.id == obligation_id), None)
