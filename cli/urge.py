"""``policygraph urge``: 催办 from the command line, the same as the ``urge`` mutation.

The unit's overdue and due-soon obligations as of today go to its alert channel through
the outbox, recorded and audited (actor ``cli``) in one transaction, and are delivered at
once by this process (the outbox's claims keep a running server's dispatcher from sending
them again).  The per-unit limit (``POLICYGRAPH_URGE_INTERVAL``) is the stored one the
API checks, so a server's urge blocks the CLI's and the other way round.
"""

from __future__ import annotations

import datetime as dt
import getpass
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from sqlmodel import Session

from alerts.channel_config import load_channels
from alerts.channels import ChannelConfigError
from alerts.digest import Urging, render_text
from alerts.outbox_dispatch import dispatch_due
from alerts.rules import RulesError
from alerts.urge import UrgeRouting, build_digest
from cli.database import engine_for, settings_of
from cli.pick import fail, pick_unit
from graph.build import build_graph, node_id
from graph.status import StatusReport
from graph.stored_reports import status_reports
from graph.urging import urgent_for
from i18n import gettext as _
from store.progress.reports import reports_as_of
from store.setup import init_db
from store.urges import (
    MAX_NOTE_CHARS,
    MAX_OBLIGATIONS,
    Named,
    UrgeTooSoon,
    aware,
    next_allowed,
    record_urge,
)

console = Console()
_CHINA = dt.timezone(dt.timedelta(hours=8))


def _china(moment: dt.datetime) -> str:
    return aware(moment).astimezone(_CHINA).strftime("%Y-%m-%d %H:%M")


def _user() -> str:
    try:
        return getpass.getuser()
    except (OSError, KeyError):  # no login name in a bare container
        return "cli"


def urge(
    ctx: typer.Context,
    unit: Annotated[str, typer.Option("--unit", help="The unit: name, alias or 浙江省温州市/市规划局.")],
    jurisdiction: Annotated[str | None, typer.Option(
        "--jurisdiction", help="Its government (full name, code or short name) when several have one.")] = None,
    note: Annotated[str, typer.Option("--note", help="Your words to the unit.")] = "",
    dry_run: Annotated[bool, typer.Option("--dry-run", help="Show the digest; record and send nothing.")] = False,
    sender: Annotated[str | None, typer.Option("--sender", help="Who the unit is told urged it.")] = None,
    rules: Annotated[Path | None, typer.Option(
        "--rules", envvar="POLICYGRAPH_ALERT_RULES", help="Rules file whose channels route it.")] = None,
    channels: Annotated[Path | None, typer.Option(
        "--channels", envvar="POLICYGRAPH_ALERT_CHANNELS", help="Channel config file.")] = None,
) -> None:
    """催办: send a unit its overdue and due-soon obligations now, through its alert channel."""
    if len(note) > MAX_NOTE_CHARS:
        raise fail(_("error.urge.note_too_long", limit=MAX_NOTE_CHARS))
    try:
        routing = UrgeRouting.from_file(str(rules) if rules else None)
        delivery = {} if dry_run else load_channels(channels)
    except (RulesError, ChannelConfigError) as exc:
        raise fail(str(exc)) from exc
    today = dt.date.today()  # the edge reads the clock
    now = dt.datetime.now(dt.UTC)
    engine = engine_for(ctx)
    try:
        init_db(engine)
        with Session(engine) as session:
            row = pick_unit(session, unit, jurisdiction)
            assert row.id is not None
            graph = build_graph(session)
            by_id: dict[str, list[StatusReport]] = {}
            for stored in status_reports(reports_as_of(session=session, as_of=today)):
                by_id.setdefault(stored.obligation_id, []).append(stored)
        node = node_id("unit", row.id)
        found = urgent_for(graph, unit=node, as_of=today, due_soon_days=settings_of(ctx).due_soon_days,
                           reports=lambda ids: [r for i in ids for r in by_id.get(i, ())]
                           ) if node in graph else []
        if not found:
            raise fail(_("error.urge.nothing", unit=row.name, day=today.isoformat()), code=1)
        chosen = found[:MAX_OBLIGATIONS]
        route = routing.route(graph, node)
        who = sender or _("urge.sender.cli", user=_user())
        named = [(u.obligation.id, u.kind) for u in chosen]
        interval = settings_of(ctx).urge_interval
        if dry_run:
            preview = build_digest(graph, receiver=route.receiver, as_of=today, named=named,
                                   urging=Urging(urge_id=0, sender=who, sent_at=now, note=note))
            console.print(render_text(preview), markup=False, highlight=False)
            with Session(engine) as session:
                blocked = next_allowed(session=session, unit_id=row.id, now=now, interval=interval)
            if blocked is not None:
                console.print(_("error.urge.too_soon", unit=row.name, last=_china(blocked[0].created_at),
                                next=_china(blocked[1])), markup=False)
            console.print(_("cli.urge.dry_run", receiver=route.receiver,
                            channels=", ".join(route.channels) or "-"), markup=False)
            return
        if not route.channels:
            raise fail(_("error.urge.no_channel", unit=row.name))
        with Session(engine, expire_on_commit=False) as session:
            try:
                urge_row, messages = record_urge(
                    session=session, unit_id=row.id, receiver=route.receiver, as_of=today,
                    note=note, sender=who, obligations=[Named(i, k) for i, k in named],
                    channels=route.channels, actor="cli", actor_role="admin", interval=interval,
                    now=now)
            except UrgeTooSoon as refusal:
                session.commit()  # the refusal's audit entry
                raise fail(_("error.urge.too_soon", unit=row.name,
                             last=_china(refusal.last.created_at),
                             next=_china(refusal.next_allowed_at)), code=1) from None
            session.commit()
        console.print(_("cli.urge.recorded", id=urge_row.id, receiver=route.receiver,
                        count=len(named), channels=", ".join(m.channel for m in messages)),
                      markup=False)
        report = dispatch_due(engine=engine, channels=delivery, now=now, graph=graph)
        console.print(_("cli.alerts.dispatch_counts", sent=len(report.sent),
                        retrying=len(report.retrying), failed=len(report.failed),
                        no_channel=len(report.no_channel)), markup=False)
    finally:
        engine.dispose()
