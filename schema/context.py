"""The per-request context: a database session, DataLoaders, the graph snapshot, the
caller (:class:`access.principal.Principal`) and the progress reports, read once per request."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol

import networkx as nx
from sqlmodel import Session
from strawberry.types import Info

from access.principal import Principal, read_principal
from graph.state import GraphHolder, Snapshot
from graph.status import StatusReport
from graph.stored_reports import status_reports
from graph.window import OutOfWindow, Window, allowed_window
from schema.errors import bad_input
from schema.loaders import Loaders
from schema.report_cache import ReportCache
from settings import Settings
from store.progress.tables import ProgressReport


class Route(Protocol):
    """Where a unit's messages go (the alert rules' choice)."""

    @property
    def receiver(self) -> str: ...

    @property
    def channels(self) -> tuple[str, ...]: ...


class Outlet(Protocol):
    """What the server wires in for 催办 (schema/ never imports alerts/): the receiver and
    channels of a Unit node, and a wake-up for the process's outbox dispatcher."""

    def route(self, graph: nx.MultiDiGraph, unit: str) -> Route: ...

    def wake(self) -> None: ...


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
    principal: Principal = field(default_factory=Principal)
    outlet: Outlet | None = None  # None: nowhere to send an urge (no alert rules wired in)
    # the connection_init payload of a websocket (strawberry sets it; live updates)
    connection_params: dict[str, Any] | None = None
    _reports: ReportCache | None = field(default=None, repr=False)
    _prepared: bool = field(default=True, repr=False)

    @property
    def reports(self) -> ReportCache:
        """The progress reports this request reads (only the obligations it shows)."""
        if self._reports is None:
            self._reports = ReportCache(self.session)
        return self._reports

    def prepare(self) -> None:
        """Authenticate the caller and fix the snapshot: the blocking steps of a context
        (a token lookup, a version check, maybe a rebuild), which the server runs in the
        operation's worker thread rather than on the event loop.  Done once."""
        if self._prepared:
            return
        self._prepared = True
        self.principal = read_principal(session=self.session,
                                        headers=getattr(self.request, "headers", None))
        if self.holder is not None:
            self.snapshot = self.holder.current()

    def report_rows(self, obligation_ids: Iterable[str] | None = None
                    ) -> Sequence[ProgressReport]:
        """Unretracted progress reports: those of ``obligation_ids``, or every one."""
        if obligation_ids is None:
            return self.reports.all()
        return self.reports.of(obligation_ids)

    def status_reports(self, obligation_ids: Iterable[str] | None = None
                       ) -> tuple[StatusReport, ...]:
        """The reports in the shape :func:`graph.status.status_of` reads (``complete``)."""
        return status_reports(self.report_rows(obligation_ids))

    def status_reports_of(self, obligation_ids: list[str]) -> tuple[StatusReport, ...]:
        """:meth:`status_reports` of given ids, for the agenda functions' ``reports``
        (they pass the ids they judge, so only those reports are read)."""
        return self.status_reports(obligation_ids)

    def reached(self, obligation_id: str, as_of: dt.date) -> float | None:
        """The latest ``value_reached`` reported for an instance on or before ``as_of``."""
        values = [r.value_reached for r in self.report_rows([obligation_id])  # by day, id
                  if r.reported_on <= as_of and r.value_reached is not None]
        return values[-1] if values else None

    def forget_reports(self) -> None:
        """Drop the cached reports (after this request wrote one)."""
        if self._reports is not None:
            self._reports.forget()

    def window(self) -> Window:
        """The days this request may ask about (:mod:`graph.window`); today is read here,
        at the edge."""
        return allowed_window(self.graph, today=dt.date.today(),
                              margin_years=self.settings.date_margin_years)

    def day(self, value: dt.date, argument: str) -> dt.date:
        """A ``Date`` argument inside :meth:`window`, else BAD_USER_INPUT naming it (the
        scalar has already refused a malformed day)."""
        try:
            return self.window().check(value, argument)
        except OutOfWindow as error:
            raise bad_input(str(error), argument=argument) from None

    def obligation_id(self, value: str, argument: str = "obligationId") -> str:
        """An obligation id whose instance year (``@2019``) lies inside :meth:`window`."""
        try:
            return self.window().check_obligation_id(value, argument)
        except OutOfWindow as error:
            raise bad_input(str(error), argument=argument) from None

    @property
    def graph(self) -> nx.MultiDiGraph:
        """The graph this request answers from (one snapshot for the whole request)."""
        return self.snapshot.graph

    def close(self) -> None:
        """Release the session (called by :class:`schema.guards.OperationGuards` after
        the operation, whatever happened, and by the view once the request is over)."""
        session = self.session
        # The view's close after the guards' finds the session empty: no transaction
        # (so no pooled connection) and nothing loaded; closing it again would only
        # walk it on the event loop.
        if session.in_transaction() or len(session.identity_map) or session.new:
            session.close()


def make_context(holder: GraphHolder, settings: Settings, *, request: Any = None,
                 response: Any = None, deferred: bool = False,
                 outlet: Outlet | None = None) -> Context:
    """A fresh context over ``holder``'s engine; the graph is checked for staleness first.

    With ``deferred`` nothing blocking happens here (the session connects lazily):
    :meth:`Context.prepare` must run before the operation.  Until then a request that
    sent an ``Authorization`` header counts as holding an invalid token, so a context
    used unprepared refuses rather than reads anonymously.
    """
    session = Session(holder.engine, expire_on_commit=False)
    context = Context(session=session, loaders=Loaders(session), snapshot=holder.snapshot,
                      settings=settings, holder=holder, request=request, response=response,
                      principal=Principal(invalid=bool(getattr(request, "headers", None)
                                                       and request.headers.get("authorization"))),
                      outlet=outlet, _prepared=False)
    if not deferred:
        context.prepare()
    return context


def ctx(info: Info) -> Context:
    """The typed context of a resolver."""
    context: Context = info.context
    return context
