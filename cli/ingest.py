"""``policygraph ingest PATH…``: store documents, one transaction per file."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

from cli.database import engine_for
from store.ingest import NO_TASKS_WARNING, IngestResult, ingest_file
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
            f"{c.get('units', 0)} units, {c['targets']} targets, {c['deadlines']} deadlines, "
            f"{c['places']} places)"
        )
    return line


def summarize(results: list[IngestResult]) -> str:
    """One closing line for a batch: how many files went which way, and how many read empty.

    >>> from pathlib import Path
    >>> ok = IngestResult(Path("a.txt"), "a", "created", 1, counts={"tasks": 3})
    >>> empty = IngestResult(Path("b.txt"), "b", "created", 2, counts={"tasks": 0})
    >>> summarize([ok, empty, IngestResult(Path("c.txt"), "c", "failed", message="c.txt: empty")])
    '3 files: 2 created, 1 failed; 1 stored without tasks (b)'
    """
    counts: dict[str, int] = {}
    for result in results:
        counts[result.status] = counts.get(result.status, 0) + 1
    order = ("created", "updated", "unchanged", "failed")
    line = f"{len(results)} files: " + ", ".join(f"{counts[s]} {s}" for s in order if s in counts)
    empty = [r.key for r in results if r.without_tasks]
    if empty:
        line += f"; {len(empty)} stored without tasks ({', '.join(empty)})"
    return line


def ingest(
    ctx: typer.Context,
    paths: Annotated[list[Path], typer.Argument(help=".txt, .html, .docx, .pdf or .ofd files.")],
    force: Annotated[bool, typer.Option(help="Rewrite even when the file is unchanged.")] = False,
    strict: Annotated[bool, typer.Option(
        help="Exit 1 when a document yields no tasks (it is still stored; an unchanged file is "
             "not read again, use --force).")] = False,
) -> None:
    """Extract and store documents; the same document again is updated in place."""
    engine = engine_for(ctx)
    init_db(engine)
    results: list[IngestResult] = []
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
            results.append(result)
            # Results on stdout (one line per file, for scripts); warnings on stderr.
            # Rich's live display redirects both, so the lines print above the bar.
            typer.echo(describe(result))
            for warning in result.warnings:
                # A document read as empty is the commonest silent failure: make it stand out.
                loud = warning == NO_TASKS_WARNING
                typer.secho(f"warning    {result.key}: {warning}", err=True,
                            fg="red" if loud else None, bold=loud)
            progress.advance(bar)
    engine.dispose()
    if len(results) > 1:  # one file's own line already says it all
        typer.echo(summarize(results), err=True)
    if any(not r.ok for r in results) or (strict and any(r.without_tasks for r in results)):
        raise typer.Exit(code=1)
