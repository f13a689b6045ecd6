"""``policygraph assessment --as-of D``: the 考核表 on the terminal, or as XLSX / CSV.

The same standings as GraphQL ``assessment`` and ``/export/assessment.xlsx``
(:func:`graph.assessment.standings`), with the configured weights
(``POLICYGRAPH_ASSESSMENT_CONFIG`` or ``--config``, else ``data/assessment.yaml``).
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from pathlib import Path
from typing import Annotated

import typer
from sqlmodel import Session

from cli.database import engine_for, settings_of
from exports.assessment import COLUMNS, assessment_table, assessment_xlsx
from exports.formats import render
from graph.asof import as_of_context
from graph.assessment import KINDS
from graph.assessment_config import ConfigError, load_config
from graph.assessment_view import MAX_ROWS, AssessmentView, assessment_view
from graph.build import build_graph
from graph.names import AmbiguousName, UnknownName
from i18n import t
from store.setup import init_db

OUTPUTS = ("table", "xlsx", "csv")


def width(text: str) -> int:
    """Terminal columns of ``text`` (CJK characters take two).

    >>> width("市招商局"), width("45.33")
    (8, 5)
    """
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def terminal_table(view: AssessmentView) -> str:
    """The standings as aligned text: title, header, one line per subject, the weights."""
    table = assessment_table(view)
    shown = [k for k in COLUMNS if k != "jurisdiction"]
    cells = [[c.heading for c in table.columns if c.key in shown]]
    for row in table.rows:
        values = dict(zip(COLUMNS, row, strict=True))
        cells.append(["–" if values[k] is None else
                      f"{values[k]:.2f}" if k == "score" else str(values[k]) for k in shown])
    widths = [max(width(line[i]) for line in cells) for i in range(len(shown))]
    lines = [view.title]
    for line in cells:
        lines.append("  ".join(v + " " * (w - width(v)) for v, w in zip(line, widths, strict=True))
                     .rstrip())
    if not table.rows:
        lines.append(t("assessment.empty"))
    if view.more:
        lines.append(t("assessment.more", count=view.more))
    lines.append(t("assessment.weights") + ": " + ", ".join(f"{k}={v:g}" for k, v in view.weights))
    return "\n".join(lines)


def assessment(
    ctx: typer.Context,
    as_of: Annotated[str, typer.Option("--as-of", help="The day assessed, YYYY-MM-DD.")],
    jurisdiction: Annotated[str | None, typer.Option(
        "--jurisdiction", help="Only this government's units or counties and those inside "
                               "it (浙江省温州市, 温州市 or a code).")] = None,
    kind: Annotated[str, typer.Option("--kind", help="unit or place (counties).")] = "unit",
    fmt: Annotated[str, typer.Option("--format", "-f", help="table, xlsx or csv.")] = "table",
    output: Annotated[Path | None, typer.Option(
        "--output", "-o", help="File to write (default: the terminal for table, "
                               "assessment.FORMAT otherwise).")] = None,
    config: Annotated[Path | None, typer.Option(
        "--config", help="Weights file (default: POLICYGRAPH_ASSESSMENT_CONFIG, else "
                         "data/assessment.yaml).")] = None,
) -> None:
    """分类分档考核: units or counties ranked by score with their band, as of a day."""
    if kind not in KINDS:
        raise typer.BadParameter("must be unit or place", param_hint="--kind")
    if fmt not in OUTPUTS:
        raise typer.BadParameter(f"must be one of {', '.join(OUTPUTS)}", param_hint="--format")
    try:
        day = dt.date.fromisoformat(as_of)
    except ValueError:
        raise typer.BadParameter("must be a date like 2019-01-01", param_hint="--as-of") from None
    try:
        weights = load_config(config or settings_of(ctx).assessment_config)
    except ConfigError as error:
        raise typer.BadParameter(str(error), param_hint="--config") from None
    engine = engine_for(ctx)
    init_db(engine)
    try:
        with Session(engine) as session:
            graph = build_graph(session)
        view = assessment_view(as_of_context(graph, engine, day), config=weights, kind=kind,
                               jurisdiction=jurisdiction, first=MAX_ROWS)
    except (UnknownName, AmbiguousName) as error:
        raise typer.BadParameter(str(error), param_hint="--jurisdiction") from None
    finally:
        engine.dispose()
    if fmt == "table" and output is None:
        typer.echo(terminal_table(view))
        return
    body = (terminal_table(view).encode("utf-8") + b"\n" if fmt == "table"
            else assessment_xlsx(view) if fmt == "xlsx" else render(assessment_table(view), "csv"))
    target = output or Path(f"assessment.{fmt}")
    target.write_bytes(body)
    typer.echo(t("cli.export.wrote", target=target, size=len(body)))
