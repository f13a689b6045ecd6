"""Obligations: every deadline-bound item, expanded into dated instances.

An obligation is based on a deadline or, when no deadline was read from the same
sentence, on a target with its own time bound (a yearly target, or one with a due date).
A target read from the same sentence as a deadline is attached to that deadline's
obligation instead of making a second one.

Obligation ids are natural keys, stable across re-ingest (progress reports, alert state
and silences refer to them, and re-ingesting a document rewrites its rows with new
database ids)::

    {basis}:{document key}/{section path}/{ordinal}[@{instance}]
    deadline:000_a92242b81cc0d015/二(二)1/1       a once deadline
    deadline:000_a92242b81cc0d015/三(二)/1@2019   the 2019 instance of a yearly one
    deadline:17_pingtan/一/2@2016-Q3             a quarterly one's third quarter of 2016
    deadline:17_pingtan/二/1@2016-05             a monthly one's May 2016 instance
    deadline:17_pingtan/三/1@2016-H1             a half-yearly one's first half of 2016
    target:003_e159d8715f3bd95b/三(一)/2@2013     a yearly target's 2013 instance

``basis`` is ``deadline`` or ``target``; the document key is the file stem it was
ingested from; the ordinal counts the deadlines (or targets) read in that section, in
text order, from 1.  An id therefore changes only when the document's file name, the
section numbering, or the number of deadlines before it in the same section changes.
The Obligation node of the graph is ``"obligation:" + id`` (without the year).

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

import calendar
import datetime as dt
import re
from dataclasses import dataclass, replace

import networkx as nx

from graph.build import DUE_BY, HAS_TARGET, RESPONSIBLE_FOR, add_edge, node_id
from graph.cancel import checkpoint
from graph.horizons import (
    default_end,
    document_horizons,
    document_validity,
    ends_on,
    is_validity,
    task_horizon,
)
from graph.memo import YearCache, year_cache

__all__ = ["Obligation", "Owner", "Quote", "document_horizons", "expand", "find_obligation",
           "instances", "owners_of", "period_start", "planning_year"]

# Recurrences that expand into dated instances ("ongoing" work has none; "once" one).
_RECURRING = ("yearly", "half-yearly", "quarterly", "monthly")
_YEAR = re.compile(r"(\d{4})\s*年")
# an instance id's suffix: a year of at most four ASCII digits, then its period, if any
_SUFFIX = re.compile(r"[0-9]{1,4}(?:-(?:H[12]|Q[1-4]|[0-9]{2}))?")
_HEADING_CHARS = 20  # a task's heading as shown beside its path
_CLAUSE = re.compile(r"[。;,:!?\n]")


@dataclass(frozen=True)
class Owner:
    """A unit responsible for an obligation's task, with its role there."""

    unit: str  # graph node id
    name: str
    role: str


@dataclass(frozen=True)
class Quote:
    """One phrase an obligation instance was read from: the phrase and its sentence."""

    raw: str
    text: str
    start: int
    end: int


@dataclass(frozen=True)
class Obligation:
    """One dated instance of a deadline-bound item."""

    id: str  # "deadline:000_ab/二(二)1/1", "deadline:000_ab/三(二)/1@2019"
    node: str  # the Obligation node in the graph
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


def _overlaps(a: dict, b: dict) -> bool:
    return bool(a["source_start"] < b["source_end"] and b["source_start"] < a["source_end"]) or (
        bool(a["source_quote"]) and a["source_quote"] == b["source_quote"])


def link_obligations(graph: nx.MultiDiGraph) -> None:
    """Attach targets to same-sentence deadline obligations; add target-based ones.

    Called by :func:`graph.build.build_graph` after targets and deadline obligations
    are in the graph; first renames the deadline obligations to their stable ids.
    """
    _stabilise_deadline_ids(graph)
    _mark_horizons(graph)
    target_ids = _natural_ids(graph, "Target", "target")
    for tid, target in list(graph.nodes(data=True)):
        if target["kind"] != "Target":
            continue
        task = node_id("task", target["task_id"]) if target.get("task_id") else None
        same_sentence = [
            ob for _, ob, key in graph.out_edges(task, keys=True)
            if key == DUE_BY and graph.nodes[ob].get("basis") == "deadline"
            and not graph.nodes[ob].get("validity") and _overlaps(graph.nodes[ob], target)
        ] if task else []
        if same_sentence:
            add_edge(graph, _carrier(graph, same_sentence, target), tid, HAS_TARGET)
            continue
        if target["period"] != "yearly" and target.get("due") is None:
            continue  # no time bound: a target, but not an obligation
        nid = node_id("obligation", target_ids[tid])
        fields = {k: target[k] for k in ("id", "document_id", "task_id", "path", "due",
                                         "source_path", "source_start", "source_end",
                                         "source_quote")}
        graph.add_node(nid, kind="Obligation", basis="target", label=target["label"],
                       raw=target["label"], recurrence="yearly" if target["period"] == "yearly"
                       else "once", month=None, day=None, horizon=None, **fields)
        add_edge(graph, nid, tid, HAS_TARGET)
        if task:
            add_edge(graph, task, nid, DUE_BY)


def _mark_horizons(graph: nx.MultiDiGraph) -> None:
    """Mark the once deadlines that are no work of their own: a validity phrase
    (``validity``), and a horizon phrase ending a recurrence of the same sentence
    (``2020年前`` of ``2020年前全市每年完成…``: ``horizon_of`` the recurring one)."""
    for _, data in graph.nodes(data=True):
        if data["kind"] != "Obligation" or data["recurrence"] != "once":
            continue
        if is_validity(data):
            data["validity"] = True
            continue
        task = node_id("task", data["task_id"]) if data.get("task_id") else None
        if task is None or data.get("due") is None:
            continue
        for _, ob, key in graph.out_edges(task, keys=True):
            other = graph.nodes[ob]
            if (key == DUE_BY and other.get("recurrence") in _RECURRING
                    and other.get("horizon") == data["due"]
                    and other.get("source_start") == data.get("source_start")):
                data["horizon_of"] = ob
                break


def _carrier(graph: nx.MultiDiGraph, candidates: list[str], target: dict) -> str:
    """The deadline obligation of the same sentence a target belongs to: a recurring one
    for a yearly target, never a horizon phrase, else one due when the target is."""
    def rank(ob: str) -> tuple[bool, bool, bool, int]:
        data = graph.nodes[ob]
        recurring = data["recurrence"] in _RECURRING
        return (bool(data.get("horizon_of")),
                recurring != (target["period"] == "yearly"),
                data.get("due") != target.get("due"),
                data["source_start"])
    best = min(candidates, key=rank)
    return str(graph.nodes[best].get("horizon_of") or best)


def _natural_ids(graph: nx.MultiDiGraph, kind: str, basis: str,
                 nodes: list[str] | None = None) -> dict[str, str]:
    """``{node: "basis:key/path/ordinal"}`` for the nodes of ``kind`` (see module doc)."""
    chosen = nodes if nodes is not None else [n for n, d in graph.nodes(data=True)
                                              if d["kind"] == kind]
    groups: dict[tuple[int, str], list[str]] = {}
    for n in chosen:
        data = graph.nodes[n]
        groups.setdefault((data["document_id"], data["path"]), []).append(n)
    result: dict[str, str] = {}
    for (document_id, path), members in groups.items():
        key = graph.nodes[node_id("document", document_id)]["key"]
        # text order; the row id only breaks ties between identical spans
        members.sort(key=lambda n: (graph.nodes[n]["source_start"], graph.nodes[n]["raw"]
                                    if "raw" in graph.nodes[n] else "", graph.nodes[n]["id"]))
        for ordinal, n in enumerate(members, start=1):
            result[n] = f"{basis}:{key}/{path}/{ordinal}"
    return result


def _stabilise_deadline_ids(graph: nx.MultiDiGraph) -> None:
    """Rename deadline Obligation nodes from database ids to their natural ids."""
    deadlines = [n for n, d in graph.nodes(data=True)
                 if d["kind"] == "Obligation" and d.get("basis") == "deadline"]
    natural = _natural_ids(graph, "Obligation", "deadline", deadlines)
    nx.relabel_nodes(graph, {n: node_id("obligation", i) for n, i in natural.items()},
                     copy=False)


def first_year(graph: nx.MultiDiGraph, document: str) -> int | None:
    """The document's issue year, else the earliest year among its dated deadlines."""
    issued = graph.nodes[document].get("issued_on")
    if issued:
        return int(issued.year)
    years = [d["due"].year for _, d in graph.nodes(data=True)
             if d["kind"] == "Obligation" and d.get("document_id") == graph.nodes[document]["db_id"]
             and d.get("basis") == "deadline" and d.get("due")]
    return min(years) if years else None


def _month_end(year: int, month: int) -> dt.date:
    return dt.date(year, month, calendar.monthrange(year, month)[1])


def _day_in(year: int, month: int, day: int | None) -> dt.date:
    """``day`` of the month (clipped to its end: 31 in February is the 28th/29th), or its end."""
    end = _month_end(year, month)
    return end if day is None else end.replace(day=min(day, end.day))


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


def instances(recurrence: str, year: int, *, month: int | None = None,
              day: int | None = None) -> list[tuple[str, dt.date]]:
    """The instances of a recurring obligation falling in ``year``: (id suffix, due date).

    A yearly one (or a yearly target) has one, ``2019``; a half-yearly one two, ``2019-H1``
    and ``2019-H2`` (30 June, 31 December); a quarterly one four, ``2019-Q1`` … (at each
    quarter's end); a monthly one twelve, ``2019-01`` … (on ``day``, else the month's end).

    >>> instances("yearly", 2019, month=10, day=31)
    [('2019', datetime.date(2019, 10, 31))]
    >>> instances("half-yearly", 2019)
    [('2019-H1', datetime.date(2019, 6, 30)), ('2019-H2', datetime.date(2019, 12, 31))]
    >>> [d.isoformat() for _, d in instances("quarterly", 2020)]
    ['2020-03-31', '2020-06-30', '2020-09-30', '2020-12-31']
    >>> instances("monthly", 2019, day=31)[1]
    ('2019-02', datetime.date(2019, 2, 28))
    """
    if recurrence == "monthly":
        return [(f"{year}-{m:02d}", _day_in(year, m, day)) for m in range(1, 13)]
    if recurrence == "quarterly":
        return [(f"{year}-Q{q}", _month_end(year, 3 * q)) for q in range(1, 5)]
    if recurrence == "half-yearly":
        return [(f"{year}-H{h}", _month_end(year, 6 * h)) for h in (1, 2)]
    if recurrence == "yearly" and month:
        return [(str(year), _day_in(year, month, day))]
    return [(str(year), dt.date(year, 12, 31))]


def owners_of(graph: nx.MultiDiGraph, task: str | None) -> tuple[Owner, ...]:
    """The units responsible for ``task``, lead first, then in clause order."""
    if task is None:
        return ()
    links = [(d.get("role", "co") != "lead", d.get("position", 0), u, d["role"])
             for u, _, key, d in graph.in_edges(task, keys=True, data=True)
             if key == RESPONSIBLE_FOR]
    return tuple(Owner(u, graph.nodes[u]["name"], role) for _, _, u, role in sorted(links))


def expand(graph: nx.MultiDiGraph, *, through_year: int) -> list[Obligation]:
    """Every obligation instance, recurring ones up to their horizon or ``through_year``.

    A graph is never changed once built (the server swaps in a new one), so the result
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
        found = _expand(graph, through_year=through_year)
        cache.put(through_year, found, pin=through_year == planning_year(graph))
    return found


def planning_year(graph: nx.MultiDiGraph) -> int:
    """The last year one expansion of the whole graph covers: next year, or the latest
    year a deadline, horizon or programme names, whichever is later (cached on the graph).

    Open-ended recurring work is expanded this far once, so questions about earlier days
    share one expansion instead of each year building its own.

    >>> from graph.sample import sample_graph
    >>> planning_year(sample_graph()) > dt.date.today().year
    True
    """
    cached: int | None = graph.graph.get("planning_year")
    if cached is None:
        years = [dt.date.today().year + 1, *document_horizons(graph).values()]
        for _, data in graph.nodes(data=True):
            if data["kind"] == "Obligation":
                years += [d.year for d in (data.get("due"), data.get("horizon")) if d]
        cached = graph.graph["planning_year"] = max(years)
    return cached


def _expand(graph: nx.MultiDiGraph, *, through_year: int) -> list[Obligation]:
    horizons = document_horizons(graph)
    validity = document_validity(graph)
    result: list[Obligation] = []
    owners: dict[str | None, tuple[Owner, ...]] = {}
    headings: dict[str | None, str] = {}
    first_years: dict[str, int | None] = {}  # first_year scans the graph when undated
    for n, (nid, data) in enumerate(graph.nodes(data=True)):
        if n % 10_000 == 0:
            checkpoint()  # a far year expanded for an abandoned request: stop early
        if data["kind"] != "Obligation" or data.get("validity") or data.get("horizon_of"):
            continue  # a validity or horizon phrase ends work; it is none of its own
        task = node_id("task", data["task_id"]) if data.get("task_id") else None
        if task not in owners:
            owners[task] = owners_of(graph, task)
            headings[task] = task_heading(graph, task)
        document = node_id("document", data["document_id"])
        targets = tuple(v for _, v, k in graph.out_edges(nid, keys=True) if k == HAS_TARGET)
        yearly_target = any(graph.nodes[v]["period"] == "yearly" for v in targets)
        issued = graph.nodes[document].get("issued_on")
        ended = ends_on(graph, document)
        quote = Quote(data["raw"], data["source_quote"], data["source_start"], data["source_end"])
        base = {"node": nid, "raw": data["raw"], "path": data["path"],
                "text": data["source_quote"], "document": document,
                "task": task, "owners": owners[task], "targets": targets,
                "start": data["source_start"], "end": data["source_end"],
                "heading": headings[task], "provenance": (quote,), "issued_on": issued,
                "ends_on": ended}
        ob_id = nid.removeprefix("obligation:")
        recurrence = data["recurrence"]
        if recurrence == "ongoing":
            continue  # 长期坚持: no due date, so no instance can ever fall overdue
        if recurrence not in _RECURRING and not yearly_target:
            if data.get("due") and (ended is None or data["due"] <= ended):
                result.append(Obligation(id=ob_id, due=data["due"], year=None, **base))
            continue
        if document not in first_years:
            first_years[document] = first_year(graph, document)
        start = first_years[document]
        if start is None:
            continue
        horizon = data["horizon"].year if data.get("horizon") else None
        if horizon is None and recurrence not in _RECURRING:
            # a once deadline carrying a yearly target (2020年前…每年完成…) bounds it; the
            # instances are the target's, shown by its value, not by the horizon phrase
            match = _YEAR.search(data["raw"])
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
                result.append(Obligation(id=f"{ob_id}@{suffix}", due=due, year=year, **base))
    result = _merge_same_due(result)
    result.sort(key=lambda o: (o.due, o.path, o.id))
    return result


def _ordinal_key(obligation: Obligation) -> tuple[str, int, str]:
    """Text order of an instance's phrase within its section (its id's ordinal)."""
    stem = obligation.id.partition("@")[0]
    basis_path, _, ordinal = stem.rpartition("/")
    return (basis_path, int(ordinal) if ordinal.isdigit() else 0, obligation.id)


def _merge_same_due(found: list[Obligation]) -> list[Obligation]:
    """One instance per task and due date: the first phrase's id (ids stay stable),
    every phrase's quote, and the targets of all of them."""
    groups: dict[tuple[str, str, dt.date], list[Obligation]] = {}
    for ob in found:
        place = ob.task or f"{ob.document}/{ob.path}"
        groups.setdefault((ob.document, place, ob.due), []).append(ob)
    merged: list[Obligation] = []
    for members in groups.values():
        if len(members) == 1:
            merged.append(members[0])
            continue
        # deadline phrases before target-based ones, then in text order
        members.sort(key=lambda o: (not o.id.startswith("deadline:"), o.start, _ordinal_key(o)))
        first = members[0]
        quotes = tuple(dict.fromkeys(q for ob in members for q in ob.provenance))
        targets = tuple(dict.fromkeys(t for ob in members for t in ob.targets))
        merged.append(replace(first, provenance=quotes, targets=targets))
    return merged


def task_heading(graph: nx.MultiDiGraph, task: str | None) -> str:
    """What a task is, in a few words: its section's heading, else its first clause,
    shortened to :data:`_HEADING_CHARS` characters.

    >>> from graph.sample import sample_graph
    >>> graph = sample_graph()
    >>> task = next(n for n, d in graph.nodes(data=True) if d.get("path") == "二(三)4"
    ...             and d["kind"] == "Task")
    >>> task_heading(graph, task)
    '帮助建立营销网络'
    """
    if task is None:
        return ""
    data = graph.nodes[task]
    section = graph.graph.get("section_by_path", {}).get((data["document_id"], data["path"]))
    heading = (graph.nodes[section].get("heading") or "") if section else ""
    if not heading.strip():
        text = (data.get("text") or "").strip()
        heading = _CLAUSE.split(text, maxsplit=1)[0] if text else ""
    heading = heading.strip().rstrip("。.")
    return heading if len(heading) <= _HEADING_CHARS else heading[: _HEADING_CHARS - 1] + "…"


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
    through = max(int(year) if year.isdigit() else dt.date.today().year, planning_year(graph))
    return next((o for o in expand(graph, through_year=through) if o.id == obligation_id), None)
