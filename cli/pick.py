"""Resolve the names a person types on the command line to one jurisdiction or unit.

A name several governments share (市发改委 in 杭州 and 宁波), given without
``--jurisdiction``, is refused with the candidates and their jurisdictions' full names,
so the person can say which one they mean.
"""

from __future__ import annotations

import typer
from sqlmodel import Session

from i18n import gettext as _
from store.crud.jurisdictions import find_jurisdictions, get_jurisdiction
from store.crud.units import AmbiguousUnit, find_unit
from store.tables import Jurisdiction, Unit


def fail(message: str, code: int = 2) -> typer.Exit:
    """Print ``message`` on stderr; the exit to raise."""
    typer.echo(message, err=True)
    return typer.Exit(code)


def pick_jurisdiction(session: Session, name: str | None) -> Jurisdiction | None:
    """The one jurisdiction called ``name`` (full name, code or short name); ``None``
    for ``None``.  Exits with the candidates when there are none or several."""
    if name is None:
        return None
    found = find_jurisdictions(session=session, name=name)
    if len(found) == 1:
        return found[0]
    if not found:
        raise fail(_("cli.jurisdiction.unknown", name=name))
    raise fail(_("cli.jurisdiction.ambiguous", name=name,
                 candidates="、".join(j.full_name for j in found)))


def pick_unit(session: Session, name: str, jurisdiction: str | None) -> Unit:
    """The one unit called ``name`` (in ``jurisdiction`` when given).  Exits with the
    candidates and their jurisdictions when several governments have one."""
    within = pick_jurisdiction(session, jurisdiction)
    try:
        found = find_unit(session=session, name=name,
                          jurisdiction_id=within.id if within is not None else None)
    except AmbiguousUnit as exc:
        listed = "\n".join(f"  {c.name}  ({c.jurisdiction})" for c in exc.candidates)
        raise fail(_("cli.unit.ambiguous", name=name, candidates=listed)) from exc
    if found is None:
        where = within.full_name if within is not None else _("cli.unit.anywhere")
        raise fail(_("cli.unit.unknown", name=name, where=where))
    return found


def jurisdiction_name(session: Session, jurisdiction_id: int) -> str:
    """The full name of a jurisdiction, for a table."""
    found = get_jurisdiction(session=session, id=jurisdiction_id)
    return found.full_name if found is not None else str(jurisdiction_id)
