"""The per-request context: a database session, DataLoaders and the graph snapshot."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import networkx as nx
from sqlmodel import Session
from strawberry.extensions import SchemaExtension
from strawberry.types import Info

from graph.state import GraphHolder, Snapshot
from schema.loaders import Loaders
from schema.settings import Settings


@dataclass
class Context:
    """What every resolver gets as ``info.context``."""

    session: Session
    loaders: Loaders
    snapshot: Snapshot
    settings: Settings
    holder: GraphHolder | None = None
    request: Any = None
    response: Any = None

    @property
    def graph(self) -> nx.MultiDiGraph:
        """The graph this request answers from (one snapshot for the whole request)."""
        return self.snapshot.graph

    def close(self) -> None:
        """Release the session (called by :class:`CloseSession` after the operation)."""
        self.session.close()


def make_context(holder: GraphHolder, settings: Settings, *, request: Any = None,
                 response: Any = None) -> Context:
    """A fresh context over ``holder``'s engine; the graph is checked for staleness first."""
    session = Session(holder.engine, expire_on_commit=False)
    return Context(session=session, loaders=Loaders(session), snapshot=holder.current(),
                   settings=settings, holder=holder, request=request, response=response)


def ctx(info: Info) -> Context:
    """The typed context of a resolver."""
    context: Context = info.context
    return context


class CloseSession(SchemaExtension):
    """Close the request's session when the operation ends, whatever happened."""

    def on_operation(self) -> Iterator[None]:
        yield
        context = self.execution_context.context
        if isinstance(context, Context):
            context.close()
