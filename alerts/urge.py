"""催办 on the alert side: where a unit's urge goes, and the digest it gets.

The API and the CLI record an urge (:func:`store.urges.record_urge`) with one
outbox message per channel that carries only the urge's id; they learn the receiver and
its channels from :class:`UrgeRouting` (the same rules as the alert runs, so an urge goes
where the unit's reminders go).  :func:`urge_digest` renders the digest from the stored
urge when the dispatcher sends it: the obligations it named, each as overdue or due soon
on the urge's day, with the sender and the note on top.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass

import networkx as nx
from sqlmodel import Session

from alerts.digest import AlertItem, AlertKind, Digest, Urging
from alerts.receivers import Receivers
from alerts.rules import AlertRules, load_rules
from graph.judged import section_heading
from graph.obligations import find_obligation
from store.urges import aware, get_urge, named_by


def _nothing() -> None:
    """No dispatcher to wake (the CLI dispatches itself; cron runs ``alerts run``)."""


@dataclass(frozen=True)
class Route:
    """Where a unit's messages go: its receiver string and the channel names."""

    receiver: str
    channels: tuple[str, ...]


class UrgeRouting:
    """The alert rules' channel choice for one unit (``channels`` of the rules file)."""

    def __init__(self, rules: AlertRules) -> None:
        self.rules = rules

    @classmethod
    def from_file(cls, path: str | None = None) -> UrgeRouting:
        """Routing by the rules file ``path`` (default: ``alerts/rules.default.yaml``)."""
        return cls(load_rules(path))

    def route(self, graph: nx.MultiDiGraph, unit: str) -> Route:
        """The receiver and channels of the Unit node ``unit``.

        >>> from graph.sample import sample_graph
        >>> graph = sample_graph()
        >>> farm = next(n for n, d in graph.nodes(data=True) if d.get("name") == "市农业局")
        >>> UrgeRouting(AlertRules(channels={"*": ("webhook",)})).route(graph, farm)
        Route(receiver='浙江省温州市/市农业局', channels=('webhook',))
        """
        receivers = Receivers.of(graph)
        receiver = receivers.of_unit(unit)
        return Route(receiver, self.rules.channels_for(receiver, receivers.short.get(receiver)))


@dataclass
class Outlet:
    """What the server hands the API for 催办 (:class:`schema.context.Outlet`): routing by
    the alert rules, and the wake-up of its outbox dispatcher."""

    routing: UrgeRouting
    wake: Callable[[], None] = _nothing

    def route(self, graph: nx.MultiDiGraph, unit: str) -> Route:
        """The receiver and channels of the Unit node ``unit``."""
        return self.routing.route(graph, unit)


def build_digest(graph: nx.MultiDiGraph, *, receiver: str, as_of: dt.date,
                 named: Iterable[tuple[str, str]], urging: Urging) -> Digest:
    """The digest of an urge naming ``named`` (obligation id, ``overdue``/``due_soon``).

    An obligation that has left the graph (its document removed since) is left out.
    """
    items: list[AlertItem] = []
    for obligation_id, named_kind in named:
        ob = find_obligation(graph, obligation_id)
        if ob is None:
            continue
        kind: AlertKind = "overdue" if named_kind == "overdue" else "due_soon"
        items.append(AlertItem(
            obligation_id=ob.id, kind=kind, path=ob.path,
            document_number=graph.nodes[ob.document].get("label"),
            summary=section_heading(graph, document=ob.document, path=ob.path),
            due=ob.due, days=abs((as_of - ob.due).days),
            owners=tuple(dict.fromkeys(o.name for o in ob.owners)), quote=ob.text))
    return Digest(receiver_unit=receiver, as_of=as_of, items=tuple(items),
                  digest_id=f"urge:{urging.urge_id}", urge=urging)


def urge_digest(*, session: Session, graph: nx.MultiDiGraph, urge_id: int) -> Digest | None:
    """The digest of a stored urge (what its receiver gets), or ``None`` when it is gone."""
    urge = get_urge(session=session, urge_id=urge_id)
    if urge is None:
        return None
    urging = Urging(urge_id=urge_id, sender=urge.sender, sent_at=aware(urge.created_at),
                    note=urge.note)
    return build_digest(graph, receiver=urge.receiver, as_of=urge.as_of, urging=urging,
                        named=[(n.obligation_id, n.kind)
                               for n in named_by(session=session, urge_id=urge_id)])
