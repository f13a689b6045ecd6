"""Admin mutations on units: a user's alias for a unit, and a succession (机构改革).

Mixed into the root Mutation type (:mod:`schema.mutation`).  Admin tokens only; every
change is audited and bumps the data version, so the next request's graph has it.  The
work is :mod:`store.crud.units`' and :mod:`store.crud.successions`', shared with the CLI.
"""

from __future__ import annotations

import datetime as dt
from typing import cast

import strawberry
from graphql import GraphQLError
from sqlmodel import Session
from strawberry.types import Info

from access.principal import Principal
from extract.model import Level, UnitRef
from graph.names import AmbiguousName, UnknownName, resolve_unit
from i18n import t
from schema.auth import require_role
from schema.context import Context, ctx
from schema.errors import ambiguous, bad_input, echo, not_found
from schema.succession import SuccessionType
from schema.unit import UnitType
from schema.vocabulary import SuccessionKind, member
from store import tables as tb
from store.audit import record_audit
from store.crud.documents import bump_data_version
from store.crud.successions import SuccessionError, record_succession
from store.crud.units import add_aliases, find_units, get_unit, unit_key, upsert_unit
from store.db import writing
from store.names import normalise_name

ADMIN = ("admin",)


def _stored_unit(context: Context, name: str, jurisdiction: str | None) -> tb.Unit:
    """The stored unit a name resolves to on the request's graph (coded errors else)."""
    try:
        node = resolve_unit(context.graph, name, jurisdiction)
    except UnknownName as error:
        raise not_found(error) from None
    except AmbiguousName as error:
        raise ambiguous(error) from None
    row = get_unit(session=context.session, id=int(context.graph.nodes[node]["db_id"]))
    if row is None:  # removed since the snapshot was built
        raise not_found(UnknownName(name, "unit", []))
    return row


def _successor(context: Context, name: str, predecessor: tb.Unit,
               jurisdiction: str | None) -> tb.Unit:
    """The successor named ``name``: an existing unit of the jurisdiction asked for (else
    the predecessor's), or a new unit there (a renamed bureau is new to the documents)."""
    try:
        return _stored_unit(context, name, jurisdiction or _full_name(context, predecessor))
    except GraphQLError as error:
        if (error.extensions or {}).get("code") != "NOT_FOUND":
            raise
    found = find_units(session=context.session, name=name,
                       jurisdiction_id=predecessor.jurisdiction_id)
    if found:  # created since the snapshot was built
        return found[0]
    return upsert_unit(session=context.session,
                       ref=UnitRef(name=unit_key(name), raw=name,
                                   level=cast(Level, predecessor.level)),
                       jurisdiction_id=predecessor.jurisdiction_id)


def _full_name(context: Context, unit: tb.Unit) -> str | None:
    record = context.graph.graph.get("jurisdictions", {}).get(unit.jurisdiction_id)
    return record["full_name"] if record else None


def _audit(session: Session, principal: Principal, action: str, target: str,
           new_value: dict[str, object]) -> None:
    record_audit(session=session, action=action, target=target, actor=principal.actor,
                 actor_unit=principal.unit_name, actor_role=principal.role, new_value=new_value)


@strawberry.input(description="A unit and the other name it should answer to.")
class AddUnitAliasInput:
    unit: str
    alias: str
    jurisdiction: str | None = strawberry.field(
        default=None, description="The unit's government (full name, short name or code); "
                                  "needed when the name is ambiguous")


@strawberry.type(name="UnitPayload", description="The unit as changed.")
class UnitPayload:
    unit: UnitType


@strawberry.input(description="A succession (机构改革): who became whom, how, from which day.")
class RecordSuccessionInput:
    from_: str = strawberry.field(name="from", description="The unit merged, split or renamed")
    to: str = strawberry.field(description="The unit answering for it; created in the "
                                           "predecessor's jurisdiction when new")
    on: dt.date = strawberry.field(description="The first day the successor answers")
    kind: SuccessionKind = SuccessionKind.RENAME
    jurisdiction: str | None = strawberry.field(
        default=None, description="Where both names resolve (full name, short name or code)")
    note: str = strawberry.field(default="", description="Where it is recorded")


@strawberry.type(name="SuccessionPayload", description="The succession recorded.")
class SuccessionPayload:
    succession: SuccessionType


@strawberry.type
class AdminMutations:
    @strawberry.mutation(description="Add another name (a user's alias) for a unit of one "
                                     "jurisdiction. Admin tokens only; audited.")
    def add_unit_alias(self, info: Info, input: AddUnitAliasInput) -> UnitPayload:
        unit, alias, jurisdiction = input.unit, input.alias, input.jurisdiction
        context = ctx(info)
        session = context.session
        principal = require_role(session=session, principal=context.principal,
                                 action="add_unit_alias", target=f"unit:{echo(unit)}",
                                 roles=ADMIN)
        writing(session)  # it reads the government's names, then adds one: one writer
        row = _stored_unit(context, unit, jurisdiction)
        spelled = normalise_name(alias)
        if not spelled:
            raise bad_input(t("error.text_empty"), argument="alias")
        taken = [u for u in find_units(session=session, name=spelled,
                                       jurisdiction_id=row.jurisdiction_id) if u.id != row.id]
        if taken:  # an alias names one unit of a government, never two
            raise bad_input(t("error.alias_taken", alias=echo(alias), unit=taken[0].name),
                            argument="alias")
        added = add_aliases(session=session, unit=row, aliases=[spelled], source="user")
        if added:
            _audit(session, principal, "add_unit_alias", f"unit:{row.id}",
                   {"unit": row.name, "alias": spelled})
            bump_data_version(session=session)
        answer = UnitPayload(unit=UnitType.from_row(row))
        session.commit()
        return answer

    @strawberry.mutation(description="Record that a unit merged into, split into or was "
                                     "renamed as another from a day: its obligations due from "
                                     "then belong to the successor, created in the "
                                     "predecessor's jurisdiction when new. Admin tokens only; "
                                     "audited.")
    def record_succession(self, info: Info, input: RecordSuccessionInput) -> SuccessionPayload:
        from_, to, day, kind = input.from_, input.to, input.on, input.kind
        jurisdiction, note = input.jurisdiction, input.note
        context = ctx(info)
        session = context.session
        principal = require_role(session=session, principal=context.principal,
                                 action="record_succession", target=f"unit:{echo(from_)}",
                                 roles=ADMIN)
        writing(session)  # the successor may be a new unit: one writer, before its reads
        predecessor = _stored_unit(context, from_, jurisdiction)
        successor = _successor(context, to, predecessor, jurisdiction)
        try:
            row = record_succession(session=session, predecessor=predecessor,
                                    successor=successor, kind=kind.value, effective_on=day,
                                    note=note, created_by=principal.actor)
        except SuccessionError as error:
            session.rollback()
            raise bad_input(t("error.succession", reason=str(error)), argument="to") from None
        _audit(session, principal, "record_succession", f"unit:{predecessor.id}",
               {"predecessor": predecessor.name, "successor": successor.name,
                "kind": row.kind, "effective_on": day, "note": note})
        bump_data_version(session=session)
        answer = SuccessionPayload(succession=SuccessionType(
            predecessor=UnitType.from_row(predecessor), successor=UnitType.from_row(successor),
            kind=member(SuccessionKind, row.kind), effective_on=row.effective_on, note=row.note))
        session.commit()
        return answer
