"""Quick look-ups: ``policygraph units`` and ``policygraph targets`` as Rich tables."""

from __future__ import annotations

import typer
from rich.console import Console
from rich.table import Table
from sqlmodel import Session

from cli.database import engine_for
from cli.pick import jurisdiction_name
from i18n import gettext as _
from i18n import label
from store.crud.facts import list_targets, unit_task_counts
from store.crud.units import list_units, unit_aliases
from store.setup import init_db

console = Console()


def _number(value: float | None) -> str:
    if value is None:
        return ""
    return f"{value:g}" if abs(value) < 1e6 else f"{value:,.0f}"


def units(ctx: typer.Context) -> None:
    """List responsible units with aliases, level and how many tasks they lead / co-own."""
    engine = engine_for(ctx)
    init_db(engine)
    table = Table(*(_(f"cli.column.{c}") for c in ("unit", "jurisdiction", "aliases", "level",
                                                    "lead", "co")),
                  title=_("cli.units.title"))
    with Session(engine) as session:
        counts = unit_task_counts(session=session)
        for unit in list_units(session=session):
            assert unit.id is not None
            per_role = counts.get(unit.id, {})
            aliases = "、".join(unit_aliases(session=session, unit_id=unit.id))
            table.add_row(
                unit.name,
                jurisdiction_name(session, unit.jurisdiction_id),  # 市财政局 of which government
                aliases,
                unit.level,
                str(per_role.get("lead", 0)),
                str(per_role.get("co", 0)),
            )
    engine.dispose()
    console.print(table)


def targets(ctx: typer.Context) -> None:
    """List quantitative targets: document, section, metric, comparator and value, due."""
    engine = engine_for(ctx)
    init_db(engine)
    columns = ("document", "path", "metric", "target", "base_value", "scope", "period", "due")
    table = Table(*(_(f"cli.column.{c}") for c in columns), title=_("cli.targets.title"))
    with Session(engine) as session:
        for target, document in list_targets(session=session):
            value = f"{target.comparator} {_number(target.value)}"
            if target.value_max is not None:  # a range (1—2个) needs no comparator
                value = f"{_number(target.value)}—{_number(target.value_max)}"
            base = f"{_number(target.base_value)} {target.base_unit or ''}".strip()
            table.add_row(
                document.number or document.key, target.path, target.metric,
                f"{value}{target.unit}", base, target.scope or "",
                label("period", target.period), target.due.isoformat() if target.due else "",
            )  # fmt: skip
    engine.dispose()
    console.print(table)
