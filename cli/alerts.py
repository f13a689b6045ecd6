"""``policygraph alerts``: run the alert rules (cron), serve them on a schedule, show the outbox.

Register in ``cli/main.py`` with ``app.add_typer(alerts.app, name="alerts")`` (or
``_register_optional("cli.alerts", "alerts")``).  A crontab line::

    */5 * * * * cd /srv/policygraph && .venv/bin/policygraph alerts run

Overlapping runs are safe: each run takes the database's alert-run lock while it decides
and enqueues, and the outbox's atomic claims keep two dispatchers from sending twice.
"""

from __future__ import annotations

import datetime as dt
import re
import signal
import threading
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table
from sqlalchemy.engine import Engine
from sqlmodel import Session

from alerts.channel_config import load_channels
from alerts.channels import ChannelConfigError
from alerts.digest import AlertItem
from alerts.engine import RunReport, run_alerts
from alerts.rules import RulesError, load_rules
from cli.database import cli_settings, start_command
from i18n import gettext as _
from i18n import label
from store.db import make_engine
from store.outbox import FAILED, PENDING, SENDING, list_messages
from store.setup import init_db

app = typer.Typer(name="alerts", help="Overdue alerts: run, serve, inspect the outbox.",
                  no_args_is_help=True)
console = Console()


@app.callback()
def _start(ctx: typer.Context) -> None:
    start_command(ctx)  # the settings and the language, when run without the root command


DatabaseOption = Annotated[
    str | None, typer.Option("--database-url", envvar="DATABASE_URL", help="SQLAlchemy URL.")
]
RulesOption = Annotated[
    Path | None, typer.Option("--rules", help="Rules file (default: alerts/rules.default.yaml).")
]
ChannelsOption = Annotated[
    Path | None,
    typer.Option("--channels", envvar="POLICYGRAPH_ALERT_CHANNELS",
                 help="Channel config file (names used by the rules → type, url_env …)."),
]
_EVERY = re.compile(r"^\s*(\d+)\s*([smh]?)\s*$")


def parse_every(text: str) -> dt.timedelta:
    """Read an interval like ``5m``, ``30s``, ``1h`` or ``90`` (seconds).

    >>> parse_every("5m")
    datetime.timedelta(seconds=300)
    >>> try:
    ...     parse_every("soon")
    ... except typer.BadParameter as exc:
    ...     print(exc)
    间隔应写作 30s、5m 或 1h,收到的是 'soon'
    """
    match = _EVERY.match(text)
    if not match or int(match.group(1)) == 0:
        raise typer.BadParameter(_("cli.alerts.bad_interval", value=repr(text[:40])))
    unit = {"": 1, "s": 1, "m": 60, "h": 3600}[match.group(2)]
    return dt.timedelta(seconds=int(match.group(1)) * unit)


def _engine(database_url: str | None) -> Engine:
    engine = make_engine(database_url)
    init_db(engine)
    return engine


def _as_of(text: str | None) -> dt.date:
    if text is None:
        return dt.date.today()
    try:
        return dt.date.fromisoformat(text)
    except ValueError as exc:
        raise typer.BadParameter(_("cli.alerts.bad_date", value=repr(text[:40])),
                                 param_hint="--as-of") from exc


def _summary(report: RunReport) -> Table:
    table = Table(title=_("cli.alerts.title", day=report.as_of.isoformat())
                  + (_("cli.alerts.dry_run") if report.dry_run else ""))
    for column in (_("cli.alerts.column.receiver"), _("cli.alerts.column.items"),
                   _("cli.alerts.column.queued")):
        table.add_column(column)
    queued: dict[str, list[str]] = {}
    for channel, receiver in report.enqueued:
        queued.setdefault(receiver, []).append(channel)
    for digest in report.digests:
        kinds = _("cli.alerts.separator").join(
            _("cli.alerts.kind_count", kind=label("digest.kind", k), count=n)
            for k, n in _kind_counts(digest.items).items())
        table.add_row(digest.receiver_unit, kinds, ", ".join(queued.get(digest.receiver_unit, [])))
    return table


def _kind_counts(items: tuple[AlertItem, ...]) -> dict[str, int]:
    counts: dict[str, int] = {}
    for item in items:
        counts[item.kind] = counts.get(item.kind, 0) + 1
    return counts


def _print(report: RunReport) -> None:
    console.print(_summary(report))
    console.print(_("cli.alerts.run_counts", digests=len(report.digests),
                    queued=len(report.enqueued), repeats=report.repeats,
                    silenced=report.silenced, unowned=report.unowned))
    if report.unrouted:
        names = _("cli.alerts.separator").join(report.unrouted)
        console.print(f"[yellow]{_('cli.alerts.unrouted', names=names)}[/yellow]")
    if report.unsupervised:
        console.print(f"[yellow]{_('cli.alerts.unsupervised', count=report.unsupervised)}[/yellow]")
    if report.dispatch is not None:
        d = report.dispatch
        console.print(_("cli.alerts.dispatch_counts", sent=len(d.sent), retrying=len(d.retrying),
                        failed=len(d.failed), no_channel=len(d.no_channel)))


def _one_run(engine: Engine, as_of: dt.date | None, dry_run: bool, rules: Path | None,
             channels: Path | None) -> RunReport:
    try:
        loaded_rules = load_rules(rules)
        loaded_channels = None if dry_run else load_channels(channels)  # option or its variable
    except (RulesError, ChannelConfigError) as exc:
        console.print(f"[red]{exc}[/red]")
        raise typer.Exit(2) from exc
    return run_alerts(engine=engine, as_of=as_of or dt.date.today(), rules=loaded_rules,
                      dry_run=dry_run, channels=loaded_channels, time_rules=cli_settings())


@app.command("run")
def run(
    as_of: Annotated[str | None, typer.Option("--as-of", help="Judge as of this day (default: today).")] = None,
    dry_run: Annotated[bool, typer.Option("--dry-run", help="Show the digests; record and send nothing.")] = False,
    rules: RulesOption = None,
    channels: ChannelsOption = None,
    database_url: DatabaseOption = None,
) -> None:
    """Run the alert rules once: digests into the outbox, then deliver what is due."""
    day = _as_of(as_of)
    engine = _engine(database_url)
    try:
        _print(_one_run(engine, day, dry_run, rules, channels))
    finally:
        engine.dispose()


@app.command("serve")
def serve(
    every: Annotated[str, typer.Option("--every", help="Interval between runs: 30s, 5m, 1h.")] = "5m",
    rules: RulesOption = None,
    channels: ChannelsOption = None,
    runs: Annotated[int, typer.Option("--runs", help="Stop after this many runs (0: forever).")] = 0,
    database_url: DatabaseOption = None,
) -> None:
    """Run the alert rules on a schedule in this process until Ctrl-C (or SIGTERM)."""
    interval = parse_every(every)
    engine = _engine(database_url)
    stop = threading.Event()
    previous = signal.signal(signal.SIGTERM, lambda *_: stop.set())
    done = 0
    try:
        while not stop.is_set():
            _print(_one_run(engine, None, False, rules, channels))
            done += 1
            if runs and done >= runs:
                break
            stop.wait(interval.total_seconds())
    except KeyboardInterrupt:
        console.print(_("cli.alerts.stopped"))  # the current run's transaction rolled back or committed whole
    finally:
        signal.signal(signal.SIGTERM, previous)
        engine.dispose()


@app.command("outbox")
def outbox(
    status: Annotated[str | None, typer.Option(help="pending, sending, sent or failed (default: all but sent).")] = None,
    database_url: DatabaseOption = None,
) -> None:
    """List outbox messages: what waits, what is retrying, what failed for good."""
    wanted = [status] if status else [PENDING, SENDING, FAILED]
    engine = _engine(database_url)
    table = Table(title=_("cli.alerts.outbox.title"))
    for column in (_("cli.alerts.outbox.column.id"), _("cli.alerts.outbox.column.status"),
                   _("cli.alerts.outbox.column.channel"), _("cli.alerts.outbox.column.receiver"),
                   _("cli.alerts.outbox.column.attempts"),
                   _("cli.alerts.outbox.column.next_attempt"),
                   _("cli.alerts.outbox.column.last_error")):
        table.add_column(column)
    with Session(engine) as session:
        rows = [m for s in wanted for m in list_messages(session=session, status=s)]
    for m in sorted(rows, key=lambda m: m.id or 0):
        table.add_row(str(m.id), label("outbox.status", m.status), m.channel, m.receiver, str(m.attempts),
                      m.next_attempt_at.isoformat(timespec="seconds"), (m.last_error or "")[:80])
    console.print(table)
    engine.dispose()
