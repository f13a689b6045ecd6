"""The ``urge`` mutation (催办): send a unit its overdue and due-soon obligations now.

Mixed into the root Mutation type (:mod:`schema.mutation`).  An ``editor`` urges the units
of its jurisdiction and of those inside it, an ``admin`` any unit
(:func:`schema.auth.require_editor`); refusals of the caller are FORBIDDEN errors, audited.
What the urge itself cannot do (the unit was urged within ``POLICYGRAPH_URGE_INTERVAL``,
nothing is overdue or due soon, no channel) comes back as the payload's typed ``error``,
audited with outcome ``refused``.

The urge, its outbox messages and its audit entry are written in one transaction
(:func:`store.urges.record_urge`); the process's outbox dispatcher is woken and
renders the digest from the stored urge.  The receiver and channels come from the
server's :class:`schema.context.Outlet` (the alert rules), so schema/ imports no alerts/.
"""

from __future__ import annotations

import datetime as dt

import strawberry
from strawberry.types import Info

from access.principal import EDIT_ROLES, Principal
from graph.agenda import Assessed
from graph.names import AmbiguousName, UnknownName, resolve_unit
from graph.status import Status
from graph.urging import OVERDUE, Urgent, urgent_for
from i18n import t
from schema.auth import require_editor, require_role
from schema.context import Context, ctx
from schema.errors import ambiguous, bad_input, echo, not_found
from schema.obligation import ObligationType
from schema.urge import UrgeErrorCode, UrgeErrorType, UrgeInput, UrgePayloadType, UrgeType
from store.audit import record_audit
from store.crud.jurisdictions import get_jurisdiction
from store.urges import (
    MAX_NOTE_CHARS,
    MAX_OBLIGATIONS,
    Named,
    UrgeTooSoon,
    aware,
    record_urge,
)

ACTION = "urge"
_CHINA = dt.timezone(dt.timedelta(hours=8))


def china_time(moment: dt.datetime) -> str:
    """An instant as people in the ministries read it: Beijing time to the minute.

    >>> china_time(dt.datetime(2019, 1, 1, 17, 5, tzinfo=dt.UTC))
    '2019-01-02 01:05'
    """
    return moment.astimezone(_CHINA).strftime("%Y-%m-%d %H:%M")


def _unit_node(context: Context, name: str, jurisdiction: str | None) -> str:
    try:
        return resolve_unit(context.graph, name, jurisdiction)
    except UnknownName as error:
        context.session.rollback()
        raise not_found(error) from None
    except AmbiguousName as error:
        context.session.rollback()
        raise ambiguous(error) from None


def _sender(context: Context, principal: Principal) -> str:
    """What the receiver reads as the sender: the token's unit, else its scope and role."""
    if principal.unit_name:
        return principal.unit_name
    if principal.role == "editor" and principal.jurisdiction_id is not None:
        scope = get_jurisdiction(session=context.session, id=principal.jurisdiction_id)
        if scope is not None:
            return t("urge.sender.editor", jurisdiction=scope.full_name)
    return t("urge.sender.admin")


def _chosen(urgent: list[Urgent], wanted: list[str] | None) -> tuple[list[Urgent], list[str]]:
    """The urgent obligations asked for, and the ids asked for that are not urgent."""
    if wanted is None:
        return urgent[:MAX_OBLIGATIONS], []
    by_id = {u.obligation.id: u for u in urgent}
    return ([by_id[i] for i in dict.fromkeys(wanted) if i in by_id],
            [i for i in dict.fromkeys(wanted) if i not in by_id])


def _refused(context: Context, principal: Principal, target: str, error: UrgeErrorType,
             shown: list[ObligationType], receiver: str | None = None,
             channels: tuple[str, ...] = ()) -> UrgePayloadType:
    """Audit an urge refused for what it asked (outcome ``refused``) and its payload."""
    session = context.session
    session.rollback()
    record_audit(session=session, action=ACTION, target=target, actor=principal.actor,
                 actor_unit=principal.unit_name, actor_role=principal.role, outcome="refused",
                 new_value={"reason": error.code.value, "message": error.message})
    session.commit()
    return UrgePayloadType(urge=None, obligations=shown, receiver=receiver,
                           channels=list(channels), error=error)


@strawberry.type
class UrgeMutations:
    @strawberry.mutation(description="催办: send a unit its overdue and due-soon obligations "
                                     "now, with a note, through its alert channel (the outbox: "
                                     "delivered once, within seconds). At most one urge per "
                                     "unit per POLICYGRAPH_URGE_INTERVAL. Editor tokens (units "
                                     "of their jurisdiction) and admin tokens; audited.")
    def urge(self, info: Info, input: UrgeInput) -> UrgePayloadType:
        context = ctx(info)
        session = context.session
        require_role(session=session, principal=context.principal, action=ACTION,
                     target=f"unit:{echo(input.unit)}", roles=EDIT_ROLES)
        node = _unit_node(context, input.unit, input.jurisdiction)
        data = context.graph.nodes[node]
        unit_id = int(data["db_id"])
        target = f"unit:{unit_id}"
        principal = require_editor(session=session, principal=context.principal, action=ACTION,
                                   target=target, jurisdiction_id=data.get("jurisdiction_id"))
        if len(input.note) > MAX_NOTE_CHARS:
            session.rollback()
            raise bad_input(t("error.urge.note_too_long", limit=MAX_NOTE_CHARS), argument="note")
        if input.obligation_ids is not None and len(input.obligation_ids) > MAX_OBLIGATIONS:
            session.rollback()
            raise bad_input(t("error.urge.too_many", limit=MAX_OBLIGATIONS),
                            argument="obligationIds")
        today = dt.date.today()  # the edge reads the clock; graph.urging takes the day
        urgent, not_urgent = _chosen(
            urgent_for(context.graph, unit=node, as_of=today, reports=context.status_reports_of,
                       due_soon_days=context.settings.due_soon_days),
            input.obligation_ids)
        shown = [ObligationType.from_assessed(
            context.graph, Assessed(u.obligation, Status.OVERDUE if u.kind == OVERDUE
                                    else Status.DUE_SOON), today) for u in urgent]
        if not_urgent:
            return _refused(context, principal, target, UrgeErrorType(
                code=UrgeErrorCode.NOT_URGENT, obligation_ids=not_urgent,
                message=t("error.urge.not_urgent", unit=data["name"],
                          ids="、".join(echo(i) for i in not_urgent[:5]))), shown)
        if not urgent:
            return _refused(context, principal, target, UrgeErrorType(
                code=UrgeErrorCode.NOTHING_TO_URGE,
                message=t("error.urge.nothing", unit=data["name"], day=today.isoformat())), shown)
        outlet = context.outlet
        route = outlet.route(context.graph, node) if outlet is not None else None
        if outlet is None or route is None or not route.channels:
            return _refused(context, principal, target, UrgeErrorType(
                code=UrgeErrorCode.NO_CHANNEL, message=t("error.urge.no_channel",
                                                         unit=data["name"])),
                shown, route.receiver if route else None)
        sender = _sender(context, principal)
        session.rollback()  # end the reads: the unit lock must open the writing transaction
        try:
            urge, messages = record_urge(
                session=session, unit_id=unit_id, receiver=route.receiver, as_of=today,
                note=input.note, sender=sender,
                obligations=[Named(u.obligation.id, u.kind) for u in urgent],
                channels=route.channels, actor=principal.actor, actor_role=principal.role,
                actor_unit=principal.unit_name, interval=context.settings.urge_interval)
        except UrgeTooSoon as refusal:
            session.commit()  # the refusal's audit entry
            error = UrgeErrorType(
                code=UrgeErrorCode.RATE_LIMITED, next_allowed_at=refusal.next_allowed_at,
                last_urge_id=refusal.last.id,
                message=t("error.urge.too_soon", unit=data["name"],
                          last=china_time(aware(refusal.last.created_at)),
                          next=china_time(refusal.next_allowed_at)))
            return UrgePayloadType(urge=None, obligations=shown, receiver=route.receiver,
                                   channels=list(route.channels), error=error)
        answer = UrgeType.from_row(urge)
        session.commit()
        outlet.wake()  # deliver now, not at the next poll
        return UrgePayloadType(urge=answer, obligations=shown, receiver=route.receiver,
                               channels=[m.channel for m in messages])
