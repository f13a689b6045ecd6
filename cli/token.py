"""``policygraph token``: create, list and revoke API tokens.

Register in ``cli/main.py`` with ``app.add_typer(token_app, name="token")``.  The clear
token is printed once, at creation, and is never stored or shown again.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table
from sqlalchemy.engine import Engine
from sqlmodel import Session

from cli.pick import pick_jurisdiction, pick_unit
from i18n import gettext as _
from store.crud.units import list_units
from store.db import make_engine, session_scope
from store.setup import init_db
from store.tokens import ROLES, TokenNotFound, create_token, list_tokens, revoke_token

app = typer.Typer(name="token", help="Manage API tokens (Authorization: Bearer …).", no_args_is_help=True)
console = Console()

DatabaseOption = Annotated[
    str | None, typer.Option("--database-url", envvar="DATABASE_URL", help="SQLAlchemy URL.")
]


#: The deployments' time zone: an expiry date is a day in China.
CHINA = dt.timezone(dt.timedelta(hours=8))


def expiry_instant(text: str | None, *, today: dt.date) -> dt.datetime | None:
    """The instant a token given ``--expires text`` stops working: the end of that day in
    China, so a token is valid *through* the day it names.  A day before ``today`` (in
    China) is refused: the token would be dead on arrival.

    >>> expiry_instant("2027-01-01", today=dt.date(2026, 11, 30)).isoformat()
    '2027-01-02T00:00:00+08:00'
    >>> expiry_instant("2026-11-30", today=dt.date(2026, 11, 30)).isoformat()
    '2026-12-01T00:00:00+08:00'
    >>> expiry_instant("2026-11-29", today=dt.date(2026, 11, 30))
    Traceback (most recent call last):
    ...
    typer._click.exceptions.BadParameter: --expires 2026-11-29 is in the past (today is 2026-11-30); a token is valid through the day named
    """
    if text is None:
        return None
    try:
        day = dt.date.fromisoformat(text)
    except ValueError as exc:
        raise typer.BadParameter(f"expected a date like 2027-01-01, got {text[:40]!r}") from exc
    if day < today:
        raise typer.BadParameter(f"--expires {day} is in the past (today is {today}); a token "
                                 f"is valid through the day named")
    if day >= dt.date.max:
        return None  # valid through the end of time
    return dt.datetime.combine(day + dt.timedelta(days=1), dt.time.min, tzinfo=CHINA)


@app.command("create")
def create(
    role: Annotated[str, typer.Option(help=f"One of: {', '.join(ROLES)}.")],
    unit: Annotated[str | None, typer.Option(help="Unit name or alias (required for reporter).")] = None,
    jurisdiction: Annotated[str | None, typer.Option(
        help="The unit's government (浙江省温州市) when several have a unit of that name; "
             "for an editor token, the jurisdiction it curates (and those inside it).")] = None,
    expires: Annotated[str | None, typer.Option(
        help="Last day the token works (China time), e.g. 2027-01-01.")] = None,
    database_url: DatabaseOption = None,
) -> None:
    """Create a token and print it once."""
    if role not in ROLES:
        raise typer.BadParameter(f"role must be one of {', '.join(ROLES)}", param_hint="--role")
    expires_at = expiry_instant(expires, today=dt.datetime.now(CHINA).date())
    engine = make_engine(database_url)
    init_db(engine)
    if role == "editor":
        _create_editor(engine, jurisdiction, expires_at)
        return
    with session_scope(engine) as session:
        unit_id = None
        unit_name = None
        if unit is not None:
            found = pick_unit(session, unit, jurisdiction)  # exits 2 when unknown or ambiguous
            unit_id, unit_name = found.id, found.name
        elif role == "reporter":
            console.print(f"[red]{_('cli.token.reporter_needs_unit')}[/red]")
            raise typer.Exit(code=2)
        token, clear = create_token(session=session, unit_id=unit_id, role=role, expires_at=expires_at)
        token_id = token.id
    console.print(_("cli.token.created", id=token_id, role=role, unit=unit_name or "-"))
    console.print(_("cli.token.shown_once"))
    typer.echo(clear)


def _create_editor(engine: Engine, jurisdiction: str | None,
                   expires_at: dt.datetime | None) -> None:
    """Create an editor token scoped to ``jurisdiction`` and print it once."""
    if jurisdiction is None:
        console.print(f"[red]{_('cli.token.editor_needs_jurisdiction')}[/red]")
        raise typer.Exit(code=2)
    with session_scope(engine) as session:
        scope = pick_jurisdiction(session, jurisdiction)  # exits 2 when unknown or ambiguous
        assert scope is not None
        token, clear = create_token(session=session, unit_id=None, role="editor",
                                    expires_at=expires_at, jurisdiction_id=scope.id)
        token_id, scope_name = token.id, scope.full_name
    console.print(_("cli.token.created_editor", id=token_id, jurisdiction=scope_name))
    console.print(_("cli.token.shown_once"))
    typer.echo(clear)


@app.command("list")
def list_(database_url: DatabaseOption = None) -> None:
    """List tokens (ids, roles, units, dates; never the tokens themselves)."""
    engine = make_engine(database_url)
    init_db(engine)
    with Session(engine) as session:
        names = {u.id: u.name for u in list_units(session=session)}
        table = Table(*(_(f"cli.column.{c}") for c in ("id", "role", "unit", "created",
                                                        "expires", "revoked")))
        for t in list_tokens(session=session):
            table.add_row(
                t.id,
                t.role,
                names.get(t.unit_id, "-") if t.unit_id is not None else "-",
                t.created_at.isoformat(timespec="seconds"),
                t.expires_at.isoformat(timespec="seconds") if t.expires_at else "-",
                t.revoked_at.isoformat(timespec="seconds") if t.revoked_at else "-",
            )
    console.print(table)


@app.command("revoke")
def revoke(token_id: str, database_url: DatabaseOption = None) -> None:
    """Revoke a token by its id; it stops working at once."""
    engine = make_engine(database_url)
    init_db(engine)
    try:
        with session_scope(engine) as session:
            revoke_token(session=session, token_id=token_id)
    except TokenNotFound as exc:
        console.print(f"[red]{exc}[/red]")
        raise typer.Exit(code=1) from exc
    console.print(_("cli.token.revoked", id=token_id))
