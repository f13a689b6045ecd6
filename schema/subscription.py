"""Live updates: the ``Subscription`` type (graphql-transport-ws over ``/graphql``).

``progressReported`` streams each new progress report and retraction of the watched
obligations; ``obligationStatusChanged`` streams their status changes, judged by the
queries' rules against what this subscription last saw.  The work is done by the
process's :class:`graph.hub.LiveHub` (``app.state.live``); these resolvers only resolve
names, apply the caller's token scope and turn events into GraphQL objects.

Who may subscribe is decided when the websocket connects (``server.PolicyGraphQL``,
:func:`access.http.websocket_principal`): the same rules as queries.  A token scoped to a
jurisdiction (an editor's) only hears of obligations of documents inside it.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import time
from collections.abc import AsyncGenerator, Callable
from typing import Annotated, Any

import strawberry
from graphql import GraphQLError
from sqlmodel import Session
from strawberry.types import Info

from access.http import websocket_principal
from graph.hub import HubFull, LiveHub
from graph.live_events import ReportEvent
from graph.names import (
    AmbiguousName,
    UnknownName,
    resolve_jurisdiction,
    resolve_place,
    resolve_unit,
)
from graph.shares import place_node, reporter_node
from graph.watch import StatusChange, Watch
from i18n import t
from schema.context import ctx
from schema.errors import ambiguous, not_found
from schema.obligation_status import Status

UnitArg = Annotated[str | None, strawberry.argument(
    description="Only the obligations this unit owns (any of its names)")]
PlaceArg = Annotated[str | None, strawberry.argument(
    description="Only a county's (泰顺县): its collectives' obligations and tasks naming it")]
JurisdictionArg = Annotated[str | None, strawberry.argument(
    description="With `unit`: the government its name resolves in; alone: only obligations "
                "of this government's documents (and those of governments inside it)")]
#: The close code of a websocket whose subscriber fell too far behind.
SLOW_CONSUMER = 4008
#: The close code of a websocket whose token stopped working (graphql-transport-ws's 4403).
FORBIDDEN_CLOSE = 4403
#: The error code of a subscription refused because the process serves its most.
TOO_MANY_SUBSCRIPTIONS = "TOO_MANY_SUBSCRIPTIONS"
#: The error code of a subscription where the server runs no live updates.
LIVE_UPDATES_OFF = "LIVE_UPDATES_OFF"
#: Seconds between two checks that a connection's token still works (made before an event
#: is sent, so an idle connection costs nothing): a revoked token hears nothing more after it.
TOKEN_RECHECK_SECONDS = 30.0


@strawberry.type(name="ProgressReported",
                 description="A progress report written, or retracted, just now.")
class ProgressReportedType:
    report_id: int
    obligation_id: str
    path: str = strawberry.field(description="The task's path in its document (二(二)2)")
    unit: str | None = strawberry.field(description="The reporting unit's name")
    place: str | None = strawberry.field(description="The county whose share it is, if any")
    reported_on: dt.date
    done: bool
    value_reached: float | None
    note: str
    evidence_url: str | None
    retracted: bool = strawberry.field(description="True: this report was withdrawn")
    at: dt.datetime = strawberry.field(description="When it was written (UTC)")


@strawberry.type(name="ObligationStatusChanged",
                 description="An obligation's status moved (after a report, a retraction, a "
                             "correction, a re-ingest, or a new day).")
class StatusChangedType:
    obligation_id: str
    path: str
    from_: Status = strawberry.field(name="from")
    to: Status
    on: dt.date = strawberry.field(description="The day it was judged on")


def _name(graph: Any, node: str | None) -> str | None:
    return str(graph.nodes[node].get("name")) if node is not None and node in graph else None


def _watch(info: Info, unit: str | None, place: str | None,
           jurisdiction: str | None) -> Watch:
    """The names resolved on the connection's snapshot, with the token's scope."""
    graph = _graph(info)
    principal = ctx(info).principal
    scope = None if principal.role == "admin" else principal.jurisdiction_id
    try:
        if unit:
            return Watch(unit=resolve_unit(graph, unit, jurisdiction), scope=scope)
        if place:
            return Watch(place=resolve_place(graph, place), scope=scope)
        where = resolve_jurisdiction(graph, jurisdiction) if jurisdiction else None
        return Watch(jurisdiction=where, scope=scope)
    except UnknownName as error:
        raise not_found(error) from None
    except AmbiguousName as error:
        raise ambiguous(error) from None


def _graph(info: Info) -> Any:
    """The process's newest snapshot (the hub keeps it fresh; a connection lives long)."""
    context = ctx(info)
    return context.holder.snapshot.graph if context.holder is not None else context.graph


def _hub(info: Info) -> LiveHub:
    state = getattr(getattr(ctx(info).request, "app", None), "state", None)
    hub: LiveHub | None = getattr(state, "live", None)
    if hub is None:
        raise GraphQLError(t("error.live.off"), extensions={"code": LIVE_UPDATES_OFF})
    return hub


def _token_still_good(info: Info) -> bool:
    """Whether the connection's token still authenticates (not revoked nor expired since
    the connection opened); blocking, run in a thread."""
    context = ctx(info)
    if context.principal.anonymous or context.holder is None:
        return True
    with Session(context.holder.engine) as session:
        again = websocket_principal(session=session, connection_params=context.connection_params,
                                    query_params=getattr(context.request, "query_params", None))
    return not again.invalid


async def _stream(info: Info, watch: Watch, kind: str,
                  convert: Callable[[Any], Any]) -> AsyncGenerator[Any, None]:
    hub = _hub(info)
    websocket = ctx(info).response

    async def close(code: int, reason: str) -> None:
        # the client learns why its socket closed; a stuck sender cannot hold events forever
        if websocket is not None and hasattr(websocket, "close"):
            await websocket.close(code=code, reason=reason)  # our messages fit a close frame

    async def drop(reason: str) -> None:
        await close(SLOW_CONSUMER, reason)
    try:
        subscriber = await hub.subscribe(watch, kind=kind, on_drop=drop)
    except HubFull:
        raise GraphQLError(t("error.live.full", most=hub.max_subscriptions),
                           extensions={"code": TOO_MANY_SUBSCRIPTIONS}) from None
    checked = time.monotonic()
    async for event in hub.events(subscriber):
        if time.monotonic() - checked >= TOKEN_RECHECK_SECONDS:
            checked = time.monotonic()
            if not await asyncio.to_thread(_token_still_good, info):  # revoked meanwhile
                hub.unsubscribe(subscriber)
                await close(FORBIDDEN_CLOSE, t("live.refused.invalid_token"))
                return
        yield convert(event)


@strawberry.type
class Subscription:
    """Live updates over graphql-transport-ws on ``/graphql`` (see README "Live updates")."""

    @strawberry.subscription(description="Each new progress report and retraction of the "
                                         "chosen obligations (a unit's, a county's, a "
                                         "government's, or every one).")
    async def progress_reported(self, info: Info, unit: UnitArg = None, place: PlaceArg = None,
                                jurisdiction: JurisdictionArg = None
                                ) -> AsyncGenerator[ProgressReportedType, None]:
        watch = _watch(info, unit, place, jurisdiction)

        def convert(event: ReportEvent) -> ProgressReportedType:
            graph = _graph(info)
            return ProgressReportedType(
                report_id=event.report_id, obligation_id=event.obligation_id, path=event.path,
                unit=_name(graph, reporter_node(event.unit_id)),
                place=_name(graph, place_node(event.place_id)),
                reported_on=event.reported_on, done=event.done,
                value_reached=event.value_reached, note=event.note,
                evidence_url=event.evidence_url, retracted=event.retracted, at=event.at)
        async for item in _stream(info, watch, "report", convert):
            yield item

    @strawberry.subscription(description="Status changes of the chosen obligations, judged "
                                         "as the queries judge them, from what this "
                                         "subscription last saw.")
    async def obligation_status_changed(self, info: Info, unit: UnitArg = None,
                                        place: PlaceArg = None,
                                        jurisdiction: JurisdictionArg = None
                                        ) -> AsyncGenerator[StatusChangedType, None]:
        watch = _watch(info, unit, place, jurisdiction)

        def convert(event: StatusChange) -> StatusChangedType:
            return StatusChangedType(obligation_id=event.obligation_id, path=event.path,
                                     from_=event.before, to=event.after, on=event.on)
        async for item in _stream(info, watch, "status", convert):
            yield item
