"""The expansion of deadline and target obligations into dated instances.

Recurring obligations (``每年10月底前``, ``当年5月底前``, a yearly target) give one
instance per year, ``…@2019``; half-yearly, quarterly and monthly ones (``每半年``,
``每季度末``, ``每月10日前``) one per half, quarter or month of each year.  Instances run
from the document's first year (its issue year, else the earliest year among its dated
deadlines) until the end :mod:`graph.horizons` gives (a stated horizon, the document's
validity or horizon, else a default number of years; never open to a far year).  A
horizon phrase (``2020年前`` beside ``每年``) ends the recurrence and is no instance of its
own; a validity phrase (``有效期至…``) is no obligation either.  Instances due before
the issue date are skipped: nothing was owed before the document existed, and
:mod:`graph.agenda` shows nothing of a document on a day before its issue date.
Phrases of one task naming the same due date are one instance, with the id of the first
phrase and every quote in ``provenance``.  Ongoing work (``长期坚持``) has no due
date and no instance: it is never overdue.  docs/obligations.md has the whole reading.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import replace
from operator import attrgetter
from typing import TypeVar

import networkx as nx

from graph.build import HAS_TARGET, node_id
from graph.cancel import checkpoint
from graph.horizons import (
    default_end,
    document_horizons,
    document_validity,
    ends_on,
    task_horizon,
)
from graph.obligation_ids import RECURRING
from graph.obligation_types import Item, Obligation, Owner, Quote, owners_of, task_heading
from graph.quotes import quote_of
from graph.recurrence_dates import instances
from graph.successions import by_predecessor, hand_over

__all__ = ["YEAR", "expand_uncached", "first_year", "made", "one", "ordinal_key", "same",
           "shared_owners"]

#: A year as the texts write it (``2020年``): the end of a once deadline's yearly target.
YEAR = re.compile(r"(\d{4})\s*年")
_T = TypeVar("_T")


def first_year(graph: nx.MultiDiGraph, document: str) -> int | None:
    """The document's issue year, else the earliest year among its dated deadlines."""
    issued = graph.nodes[document].get("issued_on")
    if issued:
        return int(issued.year)
    years = [d["due"].year for _, d in graph.nodes(data=True)
             if d["kind"] == "Obligation" and d.get("document_id") == graph.nodes[document]["db_id"]
             and d.get("basis") == "deadline" and d.get("due")]
    return min(years) if years else None


def expand_uncached(graph: nx.MultiDiGraph, *, through_year: int) -> list[Obligation]:
    """Every obligation instance through ``through_year``, by due date, path and id,
    expanded anew at each call: what :func:`graph.obligations.expand` computes once and
    keeps on the graph.

    >>> from graph.sample import sample_graph
    >>> [ob.id for ob in expand_uncached(sample_graph(), through_year=2019)]
    ['deadline:000/二(二)1/1', 'deadline:000/三(二)/1@2019', 'target:000/二(三)4/1']
    """
    horizons = document_horizons(graph)
    validity = document_validity(graph)
    # (item, suffix, due, year) of each instance, four entries a run in one flat list:
    # the instances are made only once merged and sorted (by made), so none is made and
    # dropped, nor left among the merge's temporaries of its size
    found: list = []
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

    def item_of(base: dict, items: dict[int, Item], due: dt.date) -> Item:
        # one Item per obligation and owners (the same for every instance unless a
        # succession hands the later ones over), shared by its instances
        owners = base["owners"] if not steps else shared_owners(shared, hand_over(
            base["owners"], due, steps, names))
        found = items.get(id(owners))  # owner tuples are shared: equal ones are one object
        if found is None:
            found = items[id(owners)] = Item(**{**base, "owners": owners})
        return found

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
        # provenance left empty: the item's own phrase (Obligation.provenance); a
        # sentence that is a span of the task's text is cut from it when read
        if "source_quote" not in data and task is not None:
            source, cut_at = graph.nodes[task]["text"], graph.nodes[task]["start"]
        else:
            source, cut_at = quote_of(graph, data), None
        base = {"node": nid, "raw": data["raw"], "path": data["path"],
                "source": source, "cut_at": cut_at, "document": document,
                "task": task, "owners": owners[task], "targets": targets,
                "start": data["source_start"], "end": data["source_end"],
                "heading": headings[task], "issued_on": issued, "ends_on": ended}
        items: dict[int, Item] = {}
        recurrence = data["recurrence"]
        if recurrence == "ongoing":
            continue  # 长期坚持: no due date, so no instance can ever fall overdue
        if recurrence not in RECURRING and not yearly_target:
            if data.get("due") and (ended is None or data["due"] <= ended):
                due = same(shared, data["due"])
                found += (item_of(base, items, due), "", due, None)
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
            base["raw"] = graph.nodes[yearly]["label"]  # the quote keeps the phrase read
            base["provenance"] = (Quote(data["raw"], quote_of(graph, data), data["source_start"],
                                        data["source_end"]),)
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
                found += (item_of(base, items, due), one(ids, suffix), due, same(shared, year))
    _merge_same_due(found)
    return made(found)


def one(ids: dict[str, str], node: str) -> str:
    """The first equal id seen: the index keeps every instance, so each must not hold
    its own copy of its task's and document's ids.

    >>> ids = {}
    >>> one(ids, "task:" + str(1)) is one(ids, "task:" + str(1))
    True
    """
    return ids.setdefault(node, node)


def same(shared: dict[object, object], value: _T) -> _T:
    """The first equal value seen (typed: a date never stands for an equal datetime).

    >>> shared = {}
    >>> day = same(shared, dt.date(2019, 12, 31))
    >>> same(shared, dt.date(2019, 12, 31)) is day
    True
    """
    return shared.setdefault((type(value), value), value)  # type: ignore[return-value]


def shared_owners(shared: dict[object, object], owners: tuple[Owner, ...]) -> tuple[Owner, ...]:
    """``owners`` as shared objects: a unit's Owner with one role is one object for all
    its tasks, and tasks with the same owners share one tuple.

    >>> shared = {}
    >>> a = shared_owners(shared, (Owner("unit:1", "市农业局", "lead"),))
    >>> b = shared_owners(shared, (Owner("unit:1", "市农业局", "lead"),))
    >>> a is b, a[0] is b[0]
    (True, True)
    """
    return same(shared, tuple(same(shared, owner) for owner in owners))


def ordinal_key(obligation: Obligation) -> tuple[str, int, str]:
    """Text order of an instance's phrase within its section (its id's ordinal).

    >>> def instance(node):
    ...     return Obligation(Item(node=node, raw="每年", path="三", source="每年报送",
    ...                            document="document:1", task="task:1", owners=(),
    ...                            targets=(), start=0, end=2), "2020", dt.date(2020, 12, 31), 2020)
    >>> ordinal_key(instance("obligation:deadline:000/三/10"))
    ('deadline:000/三', 10, 'deadline:000/三/10@2020')
    >>> ordinal_key(instance("obligation:deadline:000/三/2")) < ordinal_key(
    ...     instance("obligation:deadline:000/三/10"))
    True
    """
    stem = obligation.id.partition("@")[0]
    basis_path, _, ordinal = stem.rpartition("/")
    return (basis_path, int(ordinal) if ordinal.isdigit() else 0, obligation.id)


def _merge_same_due(found: list) -> None:
    """One instance per task and due date in ``found`` (flat runs of item, suffix, due,
    year), in place: the first phrase's id (ids stay stable), every phrase's quote, and
    the targets of all of them; the runs merged away get ``None`` for their item.

    The groups are decided first and let go before any merged item is made, so the
    merged items do not sit among the groups' keys and lists.

    >>> def item(node, start, quote, target):
    ...     return Item(node=node, raw=quote, path="三", source="每年底前报送", document="document:1",
    ...                 task="task:1", owners=(), targets=(target,), start=start, end=start + 3,
    ...                 provenance=(Quote(quote, "每年底前报送", start, start + 3),))
    >>> late = item("obligation:target:000/三/1", 0, "每年", "target:1")
    >>> early = item("obligation:deadline:000/三/2", 5, "年底前", "target:2")
    >>> day = dt.date(2020, 12, 31)
    >>> found = [late, "2020", day, 2020, early, "2020", day, 2020]
    >>> _merge_same_due(found)
    >>> found[0] is None, found[4].node, found[4].targets
    (True, 'obligation:deadline:000/三/2', ('target:2', 'target:1'))
    >>> [q.raw for q in found[4].provenance]
    ['年底前', '每年']
    """
    groups: dict[tuple[str, str, dt.date], int | list[int]] = {}
    for at in range(0, len(found), 4):
        item = found[at]
        place = item.task or f"{item.document}/{item.path}"
        seen = groups.setdefault((item.document, place, found[at + 2]), at)
        if seen != at:  # a list only for the few groups of more than one phrase
            if isinstance(seen, int):
                groups[(item.document, place, found[at + 2])] = [seen, at]
            else:
                seen.append(at)
    runs = [members for members in groups.values() if isinstance(members, list)]
    del groups
    # the merged item of one obligation with the same other phrases, for all its years
    items: dict[tuple[int, tuple[Quote, ...], tuple[str, ...]], Item] = {}
    for at_each in runs:
        members = [(Obligation(*found[at:at + 4]), at) for at in at_each]
        # deadline phrases before target-based ones, then in text order
        members.sort(key=lambda m: (not m[0].id.startswith("deadline:"), m[0].start,
                                    ordinal_key(m[0])))
        first, at = members[0]
        quotes = tuple(dict.fromkeys(q for ob, _ in members for q in ob.provenance))
        targets = tuple(dict.fromkeys(t for ob, _ in members for t in ob.targets))
        key = (id(first.item), quotes, targets)
        item = items.get(key)
        if item is None:
            item = items[key] = replace(first.item, provenance=quotes, targets=targets)
        for _, other in members[1:]:
            found[other] = None
        found[at] = item


def made(found: list) -> list[Obligation]:
    """The instances of ``found`` (flat runs as :func:`_merge_same_due` leaves them) by
    due date, path and id.

    >>> item = Item(node="obligation:deadline:000/三/1", raw="每年", path="三", source="每年报送",
    ...             document="document:1", task="task:1", owners=(), targets=(), start=0, end=2)
    >>> found = [item, "2021", dt.date(2021, 12, 31), 2021,
    ...          None, "2020", dt.date(2020, 12, 31), 2020,  # merged away
    ...          item, "2020", dt.date(2020, 12, 31), 2020]
    >>> [ob.id for ob in made(found)]
    ['deadline:000/三/1@2020', 'deadline:000/三/1@2021']
    """
    out = [Obligation(found[at], found[at + 1], found[at + 2], found[at + 3])
           for at in range(0, len(found), 4) if found[at] is not None]
    # by due date, path and id as three stable sorts, the last key first: no key tuple
    # per instance is made (they were freed among the next objects of an instance's size)
    out.sort(key=attrgetter("id"))
    out.sort(key=attrgetter("path"))
    out.sort(key=attrgetter("due"))
    return out
