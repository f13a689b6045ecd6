"""Look-ups by id: the Relay ``node(id:)`` and ``nodes(ids:)``, ``task(id:)``, ``target(id:)``.

Units, tasks, targets, obligations and documents are Relay nodes: their ``id`` is a
global id (base64 of ``Type:key``, :class:`strawberry.relay.GlobalID`) and their database
id or obligation key stays readable as ``rowId`` / ``key``.  Mixed into the root Query
type (:mod:`schema.query`).
"""

from __future__ import annotations

from typing import Annotated

import strawberry
from strawberry import relay
from strawberry.relay.types import GlobalIDValueError
from strawberry.types import Info

from i18n import t
from schema.errors import bad_input, echo, missing
from schema.target import TargetType
from schema.task import TaskType

#: The most ids ``nodes(ids:)`` takes in one call.
MAX_NODES = 100

#: The types a global id may name.
NODE_TYPES = ("Unit", "Task", "Target", "Obligation", "Document")


def decode(value: str, argument: str = "id") -> relay.GlobalID:
    """A global id, or BAD_USER_INPUT when ``value`` is none of ours.

    >>> decode("VGFzazox").type_name, decode("VGFzazox").node_id
    ('Task', '1')
    """
    try:
        found = relay.GlobalID.from_id(value)
    except GlobalIDValueError:
        found = None
    if found is None or found.type_name not in NODE_TYPES:
        raise bad_input(t("error.bad_node_id", id=echo(value), types=", ".join(NODE_TYPES)),
                        argument=argument)
    return found


def _row_id(value: str, type_name: str) -> str:
    """A row id (digits) or a global id of ``type_name``, as the row id's text."""
    if value.isascii() and value.isdigit():
        return value
    found = decode(value)
    if found.type_name != type_name:
        raise bad_input(t("error.node_type", id=echo(value), expected=type_name,
                          got=found.type_name), argument="id")
    return found.node_id


def _resolve(info: Info, found: relay.GlobalID) -> relay.Node | None:
    return found.resolve_node_sync(info, required=False)


IdArg = Annotated[strawberry.ID, strawberry.argument(
    description="The global `id`, or the database id (`rowId`)")]


@strawberry.type
class NodeQueries:
    @strawberry.field(description="A unit, task, target, obligation or document by its global "
                                  "`id`; null when it no longer exists.")
    def node(self, info: Info, id: strawberry.ID) -> relay.Node | None:
        return _resolve(info, decode(id))

    @strawberry.field(description="Several nodes by their global ids, in the order asked "
                                  f"(null for one that no longer exists); at most {MAX_NODES} "
                                  "ids.")
    def nodes(self, info: Info, ids: list[strawberry.ID]) -> list[relay.Node | None]:
        if len(ids) > MAX_NODES:
            raise bad_input(t("error.too_many_ids", maximum=MAX_NODES), argument="ids")
        return [_resolve(info, decode(i, "ids")) for i in ids]

    @strawberry.field(description="A task by its global `id` or database id.")
    def task(self, info: Info, id: IdArg) -> TaskType:
        found = TaskType.resolve_nodes(info=info, node_ids=[_row_id(id, "Task")])[0]
        if found is None:
            raise missing(t("error.no_node", kind=t("kind.task"), id=echo(id)), argument="id")
        return found

    @strawberry.field(description="A target by its global `id` or database id.")
    def target(self, info: Info, id: IdArg) -> TargetType:
        found = TargetType.resolve_nodes(info=info, node_ids=[_row_id(id, "Target")])[0]
        if found is None:
            raise missing(t("error.no_node", kind=t("kind.other"), id=echo(id)), argument="id")
        return found
