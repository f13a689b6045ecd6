"""What an obligation instance is: its types, and what it carries from its task.

:class:`Obligation` is one dated instance of a deadline-bound item (see
:mod:`graph.obligations`), :class:`Item` what its instances share; :class:`Owner` a
unit responsible for its task, and :class:`Quote` one phrase it was read from.
:func:`owners_of` and :func:`task_heading` read a task's owners and heading from the
graph for its instances.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

import networkx as nx

from graph.build import RESPONSIBLE_FOR

__all__ = ["Item", "Obligation", "Owner", "Quote", "owners_of", "task_heading"]

_HEADING_CHARS = 20  # a task's heading as shown beside its path
_CLAUSE = re.compile(r"[。;,:!?\n]")


@dataclass(frozen=True, slots=True)
class Owner:
    """A unit responsible for an obligation's task, with its role there."""

    unit: str  # graph node id
    name: str
    role: str
    # the predecessor's name when the unit answers for it after a succession (机构改革)
    succeeds: str | None = None


@dataclass(frozen=True, slots=True)
class Quote:
    """One phrase an obligation instance was read from: the phrase and its sentence."""

    raw: str
    text: str
    start: int
    end: int


_NODE_PREFIX = len("obligation:")


@dataclass(frozen=True, slots=True)
class Item:
    """What every dated instance of one obligation shares: its node, phrase, place,
    owners and dates of its document.  One per obligation (per owners, where a
    succession hands its later instances to another unit), not one per instance.

    ``provenance`` empty means the item's own phrase alone (``raw``, ``text``,
    ``start``, ``end``), read as one :class:`Quote` by :attr:`Obligation.provenance`:
    most obligations have no other, and a quote and a tuple each cost as much as an
    instance.

    ``text`` is cut from ``source`` when read if ``cut_at`` is set: ``source`` is then
    the task's text, starting at offset ``cut_at`` of the document (the node keeps no
    quote of its own either, :mod:`graph.quotes`), so the sentence is held once per
    task, not once more per obligation.
    """

    node: str  # the Obligation node in the graph
    raw: str  # the deadline phrase, or the target's value for target-based ones
    path: str
    source: str  # the sentence it was read from, or the task's text it is cut from
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
    cut_at: int | None = None  # the task's offset in the document when source is its text

    @property
    def text(self) -> str:
        """The sentence the obligation was read from."""
        if self.cut_at is None:
            return self.source
        return self.source[self.start - self.cut_at:self.end - self.cut_at]


@dataclass(frozen=True, slots=True)
class Obligation:
    """One dated instance of a deadline-bound item: its :class:`Item` and its date.

    Four slots, the rest read through the item, and the id made when read from the
    node and the instance's suffix: the agenda index holds every instance of a
    province for as long as a snapshot serves.  The readers are plain properties
    (cheaper than :func:`operator.attrgetter` on this interpreter); the hot paths
    (:mod:`graph.agenda`) read ``id``, ``due``, ``issued_on`` and ``ends_on``.

    >>> item = Item(node="obligation:deadline:000/三(二)/1", raw="每季度", path="三(二)",
    ...             source="每季度末报送", document="document:1", task=None, owners=(),
    ...             targets=(), start=0, end=3)
    >>> ob = Obligation(item, "2019-Q3", dt.date(2019, 9, 30), 2019)
    >>> ob.id, ob.path, ob.due.isoformat()
    ('deadline:000/三(二)/1@2019-Q3', '三(二)', '2019-09-30')
    >>> ob.provenance
    (Quote(raw='每季度', text='每季度末报送', start=0, end=3),)
    """

    item: Item
    # what follows "@" in a recurring instance's id: "2019", "2019-H1", "2019-Q3",
    # "2019-07"; "" for a one-off obligation (its id is its node's)
    suffix: str
    due: dt.date
    year: int | None  # the instance's year for recurring obligations

    @property
    def id(self) -> str:
        """"deadline:000_ab/二(二)1/1", "deadline:000_ab/三(二)/1@2019"."""
        base = self.item.node[_NODE_PREFIX:]
        return f"{base}@{self.suffix}" if self.suffix else base

    @property
    def node(self) -> str:
        return self.item.node

    @property
    def raw(self) -> str:
        return self.item.raw

    @property
    def path(self) -> str:
        return self.item.path

    @property
    def text(self) -> str:
        return self.item.text

    @property
    def document(self) -> str:
        return self.item.document

    @property
    def task(self) -> str | None:
        return self.item.task

    @property
    def owners(self) -> tuple[Owner, ...]:
        return self.item.owners

    @property
    def targets(self) -> tuple[str, ...]:
        return self.item.targets

    @property
    def start(self) -> int:
        return self.item.start

    @property
    def end(self) -> int:
        return self.item.end

    @property
    def open_ended(self) -> bool:
        return self.item.open_ended

    @property
    def heading(self) -> str:
        return self.item.heading

    @property
    def provenance(self) -> tuple[Quote, ...]:
        item = self.item
        return item.provenance or (Quote(item.raw, item.text, item.start, item.end),)

    @property
    def issued_on(self) -> dt.date | None:
        return self.item.issued_on

    @property
    def ends_on(self) -> dt.date | None:
        return self.item.ends_on


def owners_of(graph: nx.MultiDiGraph, task: str | None) -> tuple[Owner, ...]:
    """The units responsible for ``task``, lead first, then in clause order."""
    if task is None:
        return ()
    links = [(d.get("role", "co") != "lead", d.get("position", 0), u, d["role"])
             for u, _, key, d in graph.in_edges(task, keys=True, data=True)
             if key == RESPONSIBLE_FOR]
    return tuple(Owner(u, graph.nodes[u]["name"], role) for _, _, u, role in sorted(links))


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
