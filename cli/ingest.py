"""``policygraph ingest PATH…``: store documents, one transaction per file."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

from cli.database import engine_for
from store.ingest import IngestResult, ingest_file
from store.setup import init_db

# The bar goes to stderr so stdout stays one line per file.
console = Console(stderr=True)


def describe(result: IngestResult) -> str:
    """One line for one file: what happened, and the reason when it failed.

    >>> from pathlib import Path
    >>> describe(IngestResult(Path("a.txt"), "a", "failed", message="a.txt: empty file"))
    'failed     a.txt: empty file'
    """
    if result.status == "failed":
        return f"failed     {result.message}"
    line = f"{result.status:<10} {result.key}"
    if result.counts:
        c = result.counts
        line += (
            f" (document {result.document_id}: {c['sections']} sections, {c['tasks']} tasks, "
            f"{c['targets']} targets, {c['deadlines']} deadlines, {c['places']} places)"
        )
    return line


def ingest(
    ctx: typer.Context,
    paths: Annotated[list[Path], typer.Argument(help=".txt, .html or .docx files.")],
    force: Annotated[bool, typer.Option(help="Rewrite even when the file is unchanged.")] = False,
) -> None:
    """Extract and store documents; the same document again is updated in place."""
    engine = engine_for(ctx)
    init_db(engine)
    failed = 0
    with Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        console=console,
        transient=True,
    ) as progress:
        bar = progress.add_task("ingesting", total=len(paths))
        for path in paths:
            progress.update(bar, description=f"ingesting {path.name}")
            result = ingest_file(engine=engine, path=path, force=force)
            failed += not result.ok
            # Results on stdout (one line per file, for scripts); warnings on stderr.
            # Rich's live display redirects both, so the lines print above the bar.
            typer.echo(describe(result))
            for warning in result.warnings:
                typer.echo(f"warning    {result.key}: {warning}", err=True)
            progress.advance(bar)
    engine.dispose()
    if failed:
        raise typer.Exit(code=1)
