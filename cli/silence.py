"""``policygraph alerts silence`` / ``alerts silences``: mute alerts without writing Python.

A silence mutes an obligation, a unit, or one unit's share of an obligation through a day
(inclusive); muted alerts are not recorded as sent, so they go out when it ends.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table
from sqlmodel import Session

from cli.database import engine_for
from cli.pick import pick_jurisdiction
from i18n import gettext as _
from store.crud.places import find_places
from store.crud.units import AmbiguousUnit, find_unit
from store.setup import init_db
from store.silences import add_silence, silences_in_force_named


def silence(
    ctx: typer.Context,
    until: Annotated[str, typer.Option("--until", help="Muted through this day, YYYY-MM-DD.")],
    unit: Annotated[str | None, typer.Option("--unit", help="A unit's canonical name or alias.")] = None,
    jurisdiction: Annotated[str | None, typer.Option(
        "--jurisdiction", help="The unit's government when several have a unit of that name.")] = None,
    obligation: Annotated[str | None, typer.Option("--obligation", help="An obligation id.")] = None,
    county: Annotated[str | None, typer.Option(
        "--county", help="A member county (泰顺县, or 浙江省温州市泰顺县 when the short name is "
                         "shared): only alerts about its share.")] = None,
    reason: Annotated[str, typer.Option("--reason", help="Why; shown in `alerts silences`.")] = "",
) -> None:
    """Mute alerts for a unit, an obligation, one unit's share of an obligation, or one
    county's share of collective obligations."""
    try:
        day = dt.date.fromisoformat(until)
    except ValueError as exc:
        raise typer.BadParameter(_("cli.silence.bad_date", value=until[:40]),
                                 param_hint="--until") from exc
    if unit is None and obligation is None and county is None:
        raise typer.BadParameter(_("cli.silence.needs_target"))
    engine = engine_for(ctx)
    init_db(engine)
    with Session(engine) as session:
        unit_id = None
        if unit is not None:
            try:
                within = pick_jurisdiction(session, jurisdiction)
                found = find_unit(session=session, name=unit,
                                  jurisdiction_id=within.id if within is not None else None)
            except AmbiguousUnit as exc:
                listed = "\n".join(f"  {c.name}  ({c.jurisdiction})" for c in exc.candidates)
                typer.echo(_("cli.unit.ambiguous", name=unit, candidates=listed), err=True)
                raise typer.Exit(1) from exc
            if found is None:
                typer.echo(_("cli.silence.unknown_unit", unit=unit), err=True)
                raise typer.Exit(1)
            unit_id = found.id
        place_id = None
        if county is not None:
            places = find_places(session=session, name=county)
            if len(places) != 1:
                typer.echo(_("cli.silence.unknown_county", county=county,
                             candidates="、".join(p.full_name for p in places)), err=True)
                raise typer.Exit(1)
            place_id = places[0].id
        row = add_silence(session=session, until=day, obligation_id=obligation, unit_id=unit_id,
                          place_id=place_id, reason=reason, created_by="cli")
        session.commit()
        what = " ".join(filter(None, [unit, county, obligation]))
        typer.echo(_("cli.silence.added", id=row.id, what=what, day=day))


def silences(ctx: typer.Context) -> None:
    """List the silences still in force today."""
    engine = engine_for(ctx)
    init_db(engine)
    table = Table(*(_(f"cli.column.{c}") for c in ("id", "unit", "county", "obligation_id",
                                                    "until", "reason", "by")))
    with Session(engine) as session:
        for row, unit_name, county in silences_in_force_named(session=session,
                                                              on=dt.date.today()):
            table.add_row(str(row.id), unit_name or "", county or "", row.obligation_id or "",
                          row.until.isoformat(), row.reason, row.created_by)
    Console().print(table)
