"""Names given as a query's arguments, resolved on the request's graph snapshot.

A unit (any spelling, in a jurisdiction or where it names one unit), a jurisdiction, a
place or a task path becomes its node (:mod:`graph.names`); a name that resolves to none
or to several is answered as a coded error (NOT_FOUND, AMBIGUOUS with its candidates).
Used by the root Query type (:mod:`schema.query`).
"""

from __future__ import annotations

from typing import Annotated

import strawberry
from strawberry.types import Info

from graph.names import AmbiguousName, UnknownName, resolve_jurisdiction, resolve_unit
from schema.bounds import bounded
from schema.context import ctx
from schema.errors import ambiguous, not_found
from schema.unit import UnitType

JurisdictionArg = Annotated[str | None, strawberry.argument(
    description="The government the unit name resolves in: full name (浙江省温州市), "
                "short name (温州市) when unique, or GB/T 2260 code")]
OfJurisdiction = Annotated[str | None, strawberry.argument(
    description="Only this government's units: full name, short name when unique, or code")]


def named_node(info: Info, resolver: object, name: str) -> str:
    """Resolve a name on the graph, turning lookup failures into coded GraphQL errors."""
    try:
        return resolver(ctx(info).graph, name)  # type: ignore[operator]
    except UnknownName as error:
        raise not_found(error) from None
    except AmbiguousName as error:
        raise ambiguous(error) from None


def unit_node(info: Info, name: str, jurisdiction: str | None = None) -> str:
    """A unit name (any spelling) resolved in ``jurisdiction``, else where it names one
    unit; NOT_FOUND or AMBIGUOUS (candidates with their jurisdictions) otherwise."""
    return named_node(info, lambda graph, n: resolve_unit(graph, n, jurisdiction), name)


def jurisdiction_node_id(info: Info, name: str | None) -> int | None:
    """The database id of the jurisdiction ``name`` (full name, short name when unique,
    or code); ``None`` when no name, or a blank one, is given."""
    if name is None or not name.strip():
        return None
    return int(named_node(info, resolve_jurisdiction, name))


def listed_units(info: Info, jurisdiction: str | None, first: int) -> list[UnitType]:
    """The first ``first`` units of ``jurisdiction`` (every unit without one), by name."""
    bounded([], first)  # the range check, before the name is resolved
    jurisdiction_id = jurisdiction_node_id(info, jurisdiction)
    return UnitType.listed(ctx(info).graph, jurisdiction_id, first,
                           every=jurisdiction_id is None)
