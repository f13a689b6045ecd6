"""What the load test asks: the contract queries, every connection's first page, the widgets.

Every unit named is a generated one (:mod:`bench.asked`), so each answer grows with the
scale; each question says where its rows are, so the bench prints how many rows it
returned at each scale next to its latencies.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import quote

from bench.answers import AS_OF
from bench.asked import COMMERCE, INVESTMENT, PLACE, PLANNING

PAGE = 100
"""The page asked of every connection (``first: 100``)."""


@dataclass(frozen=True)
class ContractQuestion:
    """One GraphQL request of the load test.

    ``rows`` is the path to the list whose length is the answer's row count;
    ``token`` says it needs a viewer token (the audit trail).
    """

    name: str
    query: str
    rows: tuple[str, ...]
    token: bool = False


CONTRACT_QUESTIONS: tuple[ContractQuestion, ...] = (
    ContractQuestion("unit", f'{{ unit(name: "{INVESTMENT.alias_asked}") {{ name aliases level '
                     'tasks { path document { number } } targets { path value unit } } }',
                     ("unit", "tasks")),
    ContractQuestion("units", "{ units { name taskCount } }", ("units",)),
    ContractQuestion("whoOwns", '{ whoOwns(text: "40亿元") { target { path quote value unit } '
                     'owners { name role } } }', ("whoOwns",)),
    ContractQuestion("overdue", f'{{ overdue(asOf: "{AS_OF}") {{ id path text dueDate status '
                     'owners { name } source { quote } } }', ("overdue",)),
    ContractQuestion("overdueUnit", f'{{ overdue(asOf: "{AS_OF}", unit: "{PLANNING.asked}") '
                     '{ path dueDate } }', ("overdue",)),
    ContractQuestion("dueBetween", '{ dueBetween(start: "2020-01-01", end: "2020-12-31") '
                     '{ path dueDate owners { name } } }', ("dueBetween",)),
    ContractQuestion("place", f'{{ place(name: "{PLACE}") {{ name pairedWith {{ name }} '
                     'obligations(asOf: "2021-06-01") { path dueDate status } } }',
                     ("place", "obligations")),
    ContractQuestion("coResponsibility", f'{{ coResponsibility(unit: "{INVESTMENT.asked}") '
                     '{ unit { name } sharedTasks } }', ("coResponsibility",)),
    ContractQuestion("shortestPath", f'{{ shortestPath(from: "{COMMERCE.asked}", to: "{PLACE}") '
                     '{ kind label } }', ("shortestPath",)),
    ContractQuestion("search", '{ search(text: "民宿") { kind path snippet } }', ("search",)),
)
"""The contract queries.  A bare bureau name (市招商局) is ambiguous in the bench corpus,
where every city has one: a leading division names 温州市's."""

CONNECTIONS: tuple[ContractQuestion, ...] = (
    ContractQuestion("obligations", f'{{ obligations(asOf: "{AS_OF}", first: {PAGE}) '
                     '{ totalCount pageInfo { hasNextPage endCursor } '
                     'nodes { id path dueDate status owners { name } } } }',
                     ("obligations", "nodes")),
    ContractQuestion("obligationsUnit", f'{{ obligations(asOf: "{AS_OF}", '
                     f'unit: "{PLANNING.asked}", first: {PAGE}) {{ totalCount '
                     'pageInfo { hasNextPage endCursor } nodes { id path dueDate status } } }',
                     ("obligations", "nodes")),
    ContractQuestion("documents", f'{{ documents(first: {PAGE}) {{ totalCount '
                     'pageInfo { hasNextPage endCursor } nodes { key number title issuedOn } } }',
                     ("documents", "nodes")),
    ContractQuestion("reviewQueue", f'{{ reviewQueue(first: {PAGE}) {{ totalCount '
                     'pageInfo { hasNextPage endCursor } nodes { id kind taskPath quote } } }',
                     ("reviewQueue", "nodes")),
    ContractQuestion("auditTrail", f'{{ auditTrail(first: {PAGE}) {{ totalCount '
                     'pageInfo { hasNextPage endCursor } nodes { id at action target } } }',
                     ("auditTrail", "nodes"), token=True),
)
"""The first page of every connection of the schema's Query (a test keeps the list whole)."""

WIDGETS: dict[str, str] = {
    "embed/unit": f"/embed/unit/{quote(INVESTMENT.asked)}?asOf={AS_OF}",
    "embed/overdue": f"/embed/overdue?asOf={AS_OF}",
}
"""Widgets: their first (cold) view is timed alone, then they are loaded like the queries."""
