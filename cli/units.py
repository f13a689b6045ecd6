"""``policygraph unit``: list units per jurisdiction, and add or list a unit's aliases.

Every change bumps the data version (so running servers rebuild their graph) and is
written to the audit trail with actor ``cli``.
"""

from __future__ import annotations

from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table
from sqlmodel import Session

from cli.database import engine_for
from cli.pick import fail, jurisdiction_name, pick_jurisdiction, pick_unit
from i18n import gettext as _
from store.audit import record_audit
from store.crud.documents import bump_data_version
from store.crud.units import add_aliases, alias_rows, find_units, list_units, unit_aliases
from store.db import writing
from store.names import normalise_name
from store.setup import init_db

app = typer.Typer(name="unit", help="Units per jurisdiction and their aliases.",
                  no_args_is_help=True)
aliases_app = typer.Typer(name="aliases", help="A unit's other names.", no_args_is_help=True)
app.add_typer(aliases_app, name="aliases")

JurisdictionOption = Annotated[str | None, typer.Option(
    "--jurisdiction", help="Full name (浙江省温州市), code or short name of the government.")]


@app.command("list")
def list_(ctx: typer.Context, jurisdiction: JurisdictionOption = None) -> None:
    """List units (of one jurisdiction) with their jurisdiction, level and aliases."""
    engine = engine_for(ctx)
    init_db(engine)
    table = Table(*(_(f"cli.column.{c}") for c in ("unit", "jurisdiction", "level", "aliases")),
                  title=_("cli.units.title"))
    with Session(engine) as session:
        within = pick_jurisdiction(session, jurisdiction)
        for unit in list_units(session=session,
                               jurisdiction_id=within.id if within is not None else None):
            assert unit.id is not None
            table.add_row(unit.name, jurisdiction_name(session, unit.jurisdiction_id),
                          unit.level, "、".join(unit_aliases(session=session, unit_id=unit.id)))
    Console().print(table)


@aliases_app.command("add")
def aliases_add(ctx: typer.Context, name: str, alias: str,
                jurisdiction: JurisdictionOption = None) -> None:
    """Record ALIAS as another name of the unit NAME."""
    engine = engine_for(ctx)
    init_db(engine)
    with Session(engine) as session:
        writing(session)  # it reads the government's names, then adds one: one writer
        unit = pick_unit(session, name, jurisdiction)
        assert unit.id is not None
        taken = [u for u in find_units(session=session, name=alias,
                                       jurisdiction_id=unit.jurisdiction_id) if u.id != unit.id]
        if taken:
            raise fail(_("cli.alias.taken", alias=alias, unit=taken[0].name))
        added = add_aliases(session=session, unit=unit, aliases=[alias], source="user")
        if not added:
            typer.echo(_("cli.alias.known", alias=normalise_name(alias), unit=unit.name))
            return
        record_audit(session=session, action="unit_alias_add", target=f"unit:{unit.id}",
                     actor="cli", new_value={"unit": unit.name, "alias": added[0],
                                             "jurisdiction_id": unit.jurisdiction_id})
        bump_data_version(session=session)
        session.commit()
        typer.echo(_("cli.alias.added", alias=added[0], unit=unit.name,
                     jurisdiction=jurisdiction_name(session, unit.jurisdiction_id)))


@aliases_app.command("list")
def aliases_list(ctx: typer.Context, name: str, jurisdiction: JurisdictionOption = None) -> None:
    """List the aliases of the unit NAME and where each came from."""
    engine = engine_for(ctx)
    init_db(engine)
    table = Table(*(_(f"cli.column.{c}") for c in ("alias", "source")))
    with Session(engine) as session:
        writing(session)  # it reads the government's names, then adds one: one writer
        unit = pick_unit(session, name, jurisdiction)
        assert unit.id is not None
        table.title = f"{unit.name} ({jurisdiction_name(session, unit.jurisdiction_id)})"
        for row in alias_rows(session=session, unit_id=unit.id):
            table.add_row(row.alias, _(f"cli.alias.source.{row.source}"))
    Console().print(table)
