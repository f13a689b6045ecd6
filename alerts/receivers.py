"""Who receives an alert: units by identity, not by name.

Two governments each have a 市财政局 (温州市's and 瑞安市's), and 各乡镇人民政府 is one unit
per county: a receiver is one Unit node, written as its jurisdiction's full name and its
name (``浙江省温州市/市财政局``), the string stored in the outbox and the alert state and
the one a channel rule addresses (or the unit's name alone, when no other unit has it).
A unit of the unknown jurisdiction (its government could not be placed) keeps its bare
name.  A member county's share goes to that county's government unit (泰顺县人民政府, in
浙江省温州市泰顺县), and escalations to the supervisor the rules name for the
obligation's jurisdiction or its nearest ancestor.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

import networkx as nx

from alerts.rules import Escalation
from graph.kinds import of_kind
from store.crud.units import unit_key
from store.reference import county_government

#: Separates a receiver's jurisdiction from its unit name.
SEPARATOR = "/"


def receiver_name(full_name: str | None, placed: bool, name: str) -> str:
    """The receiver string of unit ``name`` in the jurisdiction ``full_name``.

    >>> receiver_name("浙江省温州市", True, "市财政局")
    '浙江省温州市/市财政局'
    >>> receiver_name("未确定", False, "市财政局")
    '市财政局'
    """
    return f"{full_name}{SEPARATOR}{name}" if placed and full_name else name


@dataclass
class Receivers:
    """The receivers of one graph: each Unit node's receiver string and back."""

    graph: nx.MultiDiGraph
    by_node: dict[str, str] = field(default_factory=dict)
    unit_ids: dict[str, int] = field(default_factory=dict)  # receiver → unit id
    short: dict[str, str] = field(default_factory=dict)  # receiver → its unique short name
    _named: dict[tuple[int | None, str], str] = field(default_factory=dict)

    @classmethod
    def of(cls, graph: nx.MultiDiGraph) -> Receivers:
        """Index the Unit nodes of ``graph``."""
        found = cls(graph)
        jurisdictions = graph.graph.get("jurisdictions", {})
        units = [(n, graph.nodes[n]) for n in of_kind(graph, "Unit")]
        counts = Counter(d["name"] for _, d in units)
        for node, data in units:
            home = jurisdictions.get(data.get("jurisdiction_id"), {})
            key = receiver_name(home.get("full_name"), home.get("code") is not None,
                                data["name"])
            found.by_node[node] = key
            found.unit_ids[key] = int(data["db_id"])
            if counts[data["name"]] == 1:
                found.short[key] = data["name"]
            for name in (data["name"], *data.get("aliases", ())):
                found._named.setdefault((data.get("jurisdiction_id"), name), node)
        return found

    def of_unit(self, node: str) -> str:
        """The receiver string of a Unit node."""
        return self.by_node[node]

    def named(self, jurisdiction_id: int | None, name: str) -> str | None:
        """The Unit node called ``name`` (or by that alias) in one jurisdiction."""
        return (self._named.get((jurisdiction_id, name))
                or self._named.get((jurisdiction_id, unit_key(name))))

    def county_government(self, place: str) -> str | None:
        """The receiver of a member county's share: its government unit, if stored."""
        data = self.graph.nodes[place]
        node = self.named(data.get("jurisdiction_id"), county_government(data["name"]))
        return self.by_node[node] if node is not None else None

    def supervisor(self, document: str, escalation: Escalation) -> str | None:
        """The receiver of escalations about a document's obligations: the supervisor
        the rules name for its jurisdiction or the nearest ancestor that has one."""
        jurisdictions = self.graph.graph.get("jurisdictions", {})
        chain: list[dict[str, Any]] = []
        current = self.graph.nodes[document].get("jurisdiction_id")
        while current in jurisdictions and len(chain) < 16:
            chain.append(jurisdictions[current])
            current = jurisdictions[current].get("parent_id")
        # a code may be written in full (330300000000) or as GB/T 2260's six digits
        found = escalation.supervisor_for(
            [(j.get("full_name"), j.get("code"), (j.get("code") or "")[:6] or None, j.get("name"))
             for j in chain])
        if found is None:
            return None
        home, name = chain[found[0]], found[1]
        node = self.named(home["id"], name)
        if node is not None:
            return self.by_node[node]
        # configured but never named in a document: still addressed by its identity
        return receiver_name(home.get("full_name"), home.get("code") is not None, unit_key(name))
