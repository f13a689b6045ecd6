"""The expansion into obligation instances as it was made before instances shared one
:class:`graph.obligation_types.Item` per obligation: every instance one flat object of
all its fields.  The reference tests/graph/test_shared_items.py compares the agenda with."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace

import networkx as nx

from graph.build import HAS_TARGET, node_id
from graph.cancel import checkpoint
from graph.horizons import default_end, document_horizons, document_validity, ends_on, task_horizon
from graph.obligation_expansion import (
    YEAR,
    first_year,
    one,
    ordinal_key,
    same,
    shared_owners,
)
from graph.obligation_ids import RECURRING
from graph.obligation_types import Owner, Quote, owners_of, task_heading
from graph.quotes import quote_of
from graph.recurrence_dates import instances
from graph.successions import by_predecessor, hand_over

_NODE_PREFIX = len("obligation:")


@dataclass(frozen=True, slots=True)
class FlatObligation:
    """One dated instance of a deadline-bound item.

    The instance as one object of every field, as the expansion made it before
    instances shared an Item.
    """

    node: str  # the Obligation node in the graph
    # what follows "@" in a recurring instance's id: "2019", "2019-H1", "2019-Q3",
    # "2019-07"; "" for a one-off obligation (its id is its node's)
    suffix: str
    due: dt.date
    year: int | None  # the instance's year for recurring obligations
    raw: str  # the deadline phrase, or the target's value for target-based ones
    path: str
    text: str  # the sentence it was read from
    document: str  # graph node id
    task: str | None  # graph node id
    owners: tuple[Owner, ...]
    targets: tuple[str, ...]  # graph node ids of the targets it carries
    start: int
    end: int
    # A recurring obligation with no stated end (its own, its task's, its document's
    # horizon or validity): it ends by the default rule of graph.horizons, and its
    # instances are expanded no further than the year asked about.
    open_ended: bool = False
    heading: str = ""  # what the task is: its section heading or first clause, shortened
    provenance: tuple[Quote, ...] = ()  # every phrase naming this due date in the task
    issued_on: dt.date | None = None  # nothing of the document exists before this day
    ends_on: dt.date | None = None  # the document was withdrawn or superseded on this day

    @property
    def id(self) -> str:
        """"deadline:000_ab/二(二)1/1", "deadline:000_ab/三(二)/1@2019"."""
        base = self.node[_NODE_PREFIX:]
        return f"{base}@{self.suffix}" if self.suffix else base


def flat_expand(graph: nx.MultiDiGraph, *, through_year: int) -> list[FlatObligation]:
    horizons = document_horizons(graph)
    validity = document_validity(graph)
    result: list[FlatObligation] = []
    owners: dict[str | None, tuple[Owner, ...]] = {}
    headings: dict[str | None, str] = {}
    first_years: dict[str, int | None] = {}  # first_year scans the graph when undated
    # One object per equal value for all instances (the index holds them for as long as
    # the snapshot serves): task and document ids are the graph's own node id objects,
    # and suffixes, due dates, years, headings, owners and owner tuples are shared.
    ids: dict[str, str] = {n: n for n in graph}
    shared: dict[object, object] = {}
    # The one place an instance's owners are decided: the task's units, each handed over
    # to its successor for instances due on or after the succession's day.
    steps = by_predecessor(graph.graph.get("successions", ()))
    names = {u: graph.nodes[u]["name"] for s in steps.values() for step in s
             for u in (step.successor,) if u in graph}

    def owned(base: dict, due: dt.date) -> dict:
        return base if not steps else {**base, "owners": shared_owners(shared, hand_over(
            base["owners"], due, steps, names))}

    for n, (nid, data) in enumerate(graph.nodes(data=True)):
        if n % 10_000 == 0:
            checkpoint()  # a far year expanded for an abandoned request: stop early
        if data["kind"] != "Obligation" or data.get("validity") or data.get("horizon_of"):
            continue  # a validity or horizon phrase ends work; it is none of its own
        task = one(ids, node_id("task", data["task_id"])) if data.get("task_id") else None
        if task not in owners:
            owners[task] = shared_owners(shared, owners_of(graph, task))
            headings[task] = same(shared, task_heading(graph, task))
        document = one(ids, node_id("document", data["document_id"]))
        targets = tuple(v for _, v, k in graph.out_edges(nid, keys=True) if k == HAS_TARGET)
        yearly_target = any(graph.nodes[v]["period"] == "yearly" for v in targets)
        issued = graph.nodes[document].get("issued_on")
        ended = ends_on(graph, document)
        quote = Quote(data["raw"], quote_of(graph, data), data["source_start"], data["source_end"])
        base = {"node": nid, "raw": data["raw"], "path": data["path"],
                "text": quote_of(graph, data), "document": document,
                "task": task, "owners": owners[task], "targets": targets,
                "start": data["source_start"], "end": data["source_end"],
                "heading": headings[task], "provenance": (quote,), "issued_on": issued,
                "ends_on": ended}
        recurrence = data["recurrence"]
        if recurrence == "ongoing":
            continue  # 长期坚持: no due date, so no instance can ever fall overdue
        if recurrence not in RECURRING and not yearly_target:
            if data.get("due") and (ended is None or data["due"] <= ended):
                due = same(shared, data["due"])
                result.append(FlatObligation(suffix="", due=due, year=None, **owned(base, due)))
            continue
        if document not in first_years:
            first_years[document] = first_year(graph, document)
        start = first_years[document]
        if start is None:
            continue
        horizon = data["horizon"].year if data.get("horizon") else None
        if horizon is None and recurrence not in RECURRING:
            # a once deadline carrying a yearly target (2020年前…每年完成…) bounds it; the
            # instances are the target's, shown by its value, not by the horizon phrase
            match = YEAR.search(data["raw"])
            horizon = int(match.group(1)) if match else (data["due"].year if data.get("due") else None)
            yearly = next(v for v in targets if graph.nodes[v]["period"] == "yearly")
            base["raw"] = graph.nodes[yearly]["label"]
        horizon = horizon or task_horizon(graph, task)
        last = dt.date(horizon, 12, 31) if horizon else validity.get(data["document_id"])
        if last is None and data["document_id"] in horizons:
            last = dt.date(horizons[data["document_id"]], 12, 31)
        base["open_ended"] = last is None
        if last is None:  # no stated end: the default, and no further than the year asked
            last = min(default_end(graph, issued, start), dt.date(max(through_year, start), 12, 31))
        if ended is not None:
            last = min(last, ended)
        for year in range(start, last.year + 1):
            for suffix, due in instances(recurrence, year, month=data.get("month"),
                                         day=data.get("day")):
                if (issued is not None and due < issued) or due > last:
                    continue  # owed only while the document was in force
                due = same(shared, due)
                result.append(FlatObligation(suffix=one(ids, suffix), due=due,
                                         year=same(shared, year), **owned(base, due)))
    result = _flat_merge(result)
    result.sort(key=lambda o: (o.due, o.path, o.id))
    return result


def _flat_merge(found: list[FlatObligation]) -> list[FlatObligation]:
    """One instance per task and due date: the first phrase's id (ids stay stable),
    every phrase's quote, and the targets of all of them."""
    groups: dict[tuple[str, str, dt.date], list[FlatObligation]] = {}
    for ob in found:
        place = ob.task or f"{ob.document}/{ob.path}"
        groups.setdefault((ob.document, place, ob.due), []).append(ob)
    merged: list[FlatObligation] = []
    for members in groups.values():
        if len(members) == 1:
            merged.append(members[0])
            continue
        # deadline phrases before target-based ones, then in text order
        members.sort(key=lambda o: (not o.id.startswith("deadline:"), o.start, ordinal_key(o)))
        first = members[0]
        quotes = tuple(dict.fromkeys(q for ob in members for q in ob.provenance))
        targets = tuple(dict.fromkeys(t for ob in members for t in ob.targets))
        merged.append(replace(first, provenance=quotes, targets=targets))
    return merged
