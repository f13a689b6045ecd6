"""``policygraph succession``: record, list, remove, load and suggest successions (机构改革).

A succession says a unit merged into, split into or was renamed as another on a day;
from that day its obligations belong to the successor.  Every change bumps the data
version and is written to the audit trail with actor ``cli``, the names as they were.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
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
from store.crud.jurisdictions import get_jurisdiction
from store.crud.successions import (
    KINDS,
    SuccessionError,
    list_successions,
    record_succession,
    remove_succession,
)
from store.crud.units import get_unit
from store.db import writing
from store.setup import init_db
from store.succession_reference import (
    SUCCESSIONS_FILE,
    describe,
    load_successions,
    read_reference,
    suggest_successions,
    unit_in,
)

app = typer.Typer(name="succession", help="Units merged, split or renamed (机构改革).",
                  no_args_is_help=True)

JurisdictionOption = Annotated[str | None, typer.Option(
    "--jurisdiction", help="Full name (浙江省温州市), code or short name of the government.")]


def _day(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError as exc:
        raise typer.BadParameter(_("cli.silence.bad_date", value=text[:40]),
                                 param_hint="--on") from exc


@app.command("add")
def add(
    ctx: typer.Context,
    old: Annotated[str, typer.Option("--from", help="The predecessor's name.")],
    new: Annotated[str, typer.Option("--to", help="The successor's name (made when missing).")],
    on: Annotated[str, typer.Option("--on", help="First day the successor answers, YYYY-MM-DD.")],
    kind: Annotated[str, typer.Option("--kind", help=f"One of: {', '.join(KINDS)}.")] = "merge",
    jurisdiction: JurisdictionOption = None,
    note: Annotated[str, typer.Option("--note", help="The source: 机构改革方案 …")] = "",
) -> None:
    """Record that unit OLD became NEW on a day."""
    day = _day(on)
    if kind not in KINDS:
        raise typer.BadParameter(f"{', '.join(KINDS)}", param_hint="--kind")
    engine = engine_for(ctx)
    init_db(engine)
    with Session(engine) as session:
        writing(session)  # the successor may be a new unit: one writer, before its reads
        predecessor = pick_unit(session, old, jurisdiction)
        within = get_jurisdiction(session=session, id=predecessor.jurisdiction_id)
        assert within is not None
        successor = unit_in(session=session, name=new, jurisdiction=within, create=True)
        assert successor is not None
        try:
            row = record_succession(session=session, predecessor=predecessor, successor=successor,
                                    kind=kind, effective_on=day, note=note, created_by="cli")
        except SuccessionError as exc:
            raise fail(str(exc)) from exc
        record_audit(session=session, action="succession_add", target=f"succession:{row.id}",
                     actor="cli", new_value=describe(predecessor, successor, kind, day, note))
        bump_data_version(session=session)
        session.commit()
        typer.echo(_("cli.succession.added", id=row.id, old=predecessor.name, new=successor.name,
                     day=day.isoformat(), jurisdiction=within.full_name))


@app.command("list")
def list_(ctx: typer.Context) -> None:
    """List the recorded successions by date."""
    engine = engine_for(ctx)
    init_db(engine)
    table = Table(*(_(f"cli.column.{c}") for c in ("id", "predecessor", "successor", "kind",
                                                    "effective_on", "jurisdiction", "note", "by")),
                  title=_("cli.succession.title"))
    with Session(engine) as session:
        for row in list_successions(session=session):
            before = get_unit(session=session, id=row.predecessor_id)
            after = get_unit(session=session, id=row.successor_id)
            assert before is not None and after is not None
            table.add_row(str(row.id), before.name, after.name, row.kind,
                          row.effective_on.isoformat(),
                          jurisdiction_name(session, before.jurisdiction_id), row.note,
                          row.created_by)
    Console().print(table)


@app.command("remove")
def remove(ctx: typer.Context, succession_id: int) -> None:
    """Remove the succession with this id (see ``succession list``)."""
    engine = engine_for(ctx)
    init_db(engine)
    with Session(engine) as session:
        row = remove_succession(session=session, succession_id=succession_id)
        if row is None:
            raise fail(_("cli.succession.unknown", id=succession_id), code=1)
        before = get_unit(session=session, id=row.predecessor_id)
        after = get_unit(session=session, id=row.successor_id)
        assert before is not None and after is not None
        record_audit(session=session, action="succession_remove",
                     target=f"succession:{succession_id}", actor="cli",
                     previous_value=describe(before, after, row.kind, row.effective_on, row.note))
        bump_data_version(session=session)
        session.commit()
    typer.echo(_("cli.succession.removed", id=succession_id))


@app.command("load")
def load(ctx: typer.Context, file: Annotated[Path, typer.Argument(
        exists=True, dir_okay=False, help="YAML in the format of data/reference/successions.yaml.")],
         ) -> None:
    """Record the dated successions of a YAML file (patterns are only suggested)."""
    try:
        entries, _patterns = read_reference(file)
    except ValueError as exc:
        raise fail(str(exc)) from exc
    engine = engine_for(ctx)
    init_db(engine)
    with Session(engine) as session:
        done = load_successions(session=session, entries=entries, actor="cli")
        if done.recorded:
            bump_data_version(session=session)
        session.commit()
    for line in done.recorded:
        typer.echo(_("cli.succession.loaded", what=line))
    for line in done.skipped:
        typer.echo(_("cli.succession.skipped", what=line), err=True)
    typer.echo(_("cli.succession.load_summary", recorded=len(done.recorded),
                 skipped=len(done.skipped)))


@app.command("suggest")
def suggest(ctx: typer.Context, jurisdiction: JurisdictionOption = None,
            file: Annotated[Path, typer.Option("--file", exists=True, dir_okay=False,
                                               help="Patterns file.")] = SUCCESSIONS_FILE) -> None:
    """List stored units that the usual 机构改革 patterns say were likely reorganised."""
    _entries, patterns = read_reference(file)
    engine = engine_for(ctx)
    init_db(engine)
    table = Table(*(_(f"cli.column.{c}") for c in ("jurisdiction", "predecessor", "successor",
                                                    "kind")),
                  title=_("cli.succession.suggest_title"))
    with Session(engine) as session:
        within = pick_jurisdiction(session, jurisdiction)
        found = suggest_successions(session=session, patterns=patterns)
    for s in found:
        if within is not None and s.jurisdiction != within.full_name:
            continue
        mark = "" if s.successor_stored else _("cli.succession.not_stored")
        table.add_row(s.jurisdiction, "、".join(s.predecessors), s.successor + mark, s.kind)
    Console().print(table)
    typer.echo(_("cli.succession.suggest_hint"))
