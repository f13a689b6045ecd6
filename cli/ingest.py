"""``policygraph ingest PATH…``: store documents, one transaction per file."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.cells import cell_len
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, ProgressColumn, TextColumn
from rich.progress import Task as ProgressTask
from rich.text import Text

from cli.database import cli_settings, engine_for
from extract.decode import DOCUMENT_SUFFIXES
from i18n import current_locale, translate
from i18n import gettext as _
from store.ingest import IngestResult
from store.ingest_many import ingest_paths
from store.ingest_warnings import no_tasks_warning
from store.setup import init_db

# The bar goes to stderr so stdout stays one line per file.
console = Console(stderr=True)


def describe(result: IngestResult) -> str:
    """One line for one file: what happened, and the reason when it failed.

    >>> from pathlib import Path
    >>> describe(IngestResult(Path("a.txt"), "a", "failed", message="a.txt: empty file"))
    '失败       a.txt: empty file'
    """
    if result.status == "failed":
        return f"{_pad(status_word(result.status))} {result.message}"
    line = f"{_pad(status_word(result.status))} {result.key}"
    if result.counts:
        c = result.counts
        line += _("cli.ingest.counts", document=result.document_id, sections=c["sections"],
                  tasks=c["tasks"], units=c.get("units", 0), targets=c["targets"],
                  deadlines=c["deadlines"], places=c["places"])
    return line


def status_word(status: str) -> str:
    """What a result's status (a code: ``created`` …) is called in the current locale.

    >>> status_word("unchanged"), status_word("odd")
    ('未变', 'odd')
    """
    words = {"created": _("cli.ingest.status.created"), "updated": _("cli.ingest.status.updated"),
             "unchanged": _("cli.ingest.status.unchanged"),
             "failed": _("cli.ingest.status.failed")}
    return words.get(status, status)


def _pad(word: str, width: int = 10) -> str:
    """``word`` padded to ``width`` terminal cells (a Chinese character takes two)."""
    return word + " " * max(width - cell_len(word), 0)


# Files a folder holds beside its documents: notes about the corpus, not policy.
_NOT_DOCUMENTS = ("readme", "source", "license", "licence", "changelog")


def document_files(paths: list[Path]) -> list[Path]:
    """The files to ingest: files as given, and a folder's documents (recursively, sorted).

    A folder contributes its files with a document suffix (``DOCUMENT_SUFFIXES``), leaving out
    hidden files and the corpus's own notes (README, SOURCE, LICENSE …); a file named on the
    command line is always taken, so that its error is reported rather than skipped.

    >>> import tempfile
    >>> root = Path(tempfile.mkdtemp())
    >>> for name in ("b.txt", "a.docx", "README.md", ".x.txt", "sub/c.pdf", "notes.xlsx"):
    ...     (root / name).parent.mkdir(exist_ok=True)
    ...     _ = (root / name).write_text("x")
    >>> [p.relative_to(root).as_posix() for p in document_files([root])]
    ['a.docx', 'b.txt', 'sub/c.pdf']
    """
    files: list[Path] = []
    for path in paths:
        if not path.is_dir():
            files.append(path)
            continue
        found = (p for p in path.rglob("*") if p.is_file()
                 and not any(part.startswith(".") for part in p.relative_to(path).parts)
                 and p.suffix.lower() in DOCUMENT_SUFFIXES
                 and not p.stem.lower().startswith(_NOT_DOCUMENTS))
        files.extend(sorted(found))
    return files


class RateColumn(ProgressColumn):
    """Documents per second so far (rich's own speed columns speak of bytes).

    The locale is the command's, read when the column is made: rich redraws the bar
    from its own thread, which does not see the command's locale.
    """

    def __init__(self) -> None:
        super().__init__()
        self.locale = current_locale()

    def render(self, task: ProgressTask) -> Text:
        elapsed = task.elapsed or 0.0
        if not task.completed or elapsed <= 0:
            return Text("")
        return Text(translate(self.locale, "cli.ingest.rate",
                              rate=f"{task.completed / elapsed:.1f}"))


def summarize(results: list[IngestResult]) -> str:
    """One closing line for a batch: how many files went which way, and how many read empty.

    >>> from pathlib import Path
    >>> ok = IngestResult(Path("a.txt"), "a", "created", 1, counts={"tasks": 3})
    >>> empty = IngestResult(Path("b.txt"), "b", "created", 2, counts={"tasks": 0})
    >>> summarize([ok, empty, IngestResult(Path("c.txt"), "c", "failed", message="c.txt: empty")])
    '共 3 个文件:新增 2 个、失败 1 个;1 个已存储但未读出任务(b)'
    """
    counts: dict[str, int] = {}
    for result in results:
        counts[result.status] = counts.get(result.status, 0) + 1
    order = ("created", "updated", "unchanged", "failed")
    parts = _("cli.ingest.separator").join(
        _("cli.ingest.summary.part", count=counts[s], status=status_word(s))
        for s in order if s in counts)
    line = _("cli.ingest.summary", files=len(results), parts=parts)
    empty = [r.key for r in results if r.without_tasks]
    if empty:
        line += _("cli.ingest.summary.without_tasks", count=len(empty),
                  keys=_("cli.ingest.separator").join(empty))
    return line


def ingest(
    ctx: typer.Context,
    paths: Annotated[list[Path], typer.Argument(
        help=".txt, .html, .docx, .pdf or .ofd files, or folders of them.")],
    force: Annotated[bool, typer.Option(help="Rewrite even when the file is unchanged.")] = False,
    strict: Annotated[bool, typer.Option(
        help="Exit 1 when a document yields no tasks (it is still stored; an unchanged file is "
             "not read again, use --force).")] = False,
) -> None:
    """Extract and store documents; the same document again is updated in place."""
    files = document_files(paths)
    if not files:
        typer.secho(_("cli.ingest.no_files"), err=True, fg="red")
        raise typer.Exit(code=1)
    engine = engine_for(ctx)
    init_db(engine)
    with Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        RateColumn(),
        console=console,
        transient=True,
    ) as progress:
        bar = progress.add_task(_("cli.ingest.progress"), total=len(files))

        def report(result: IngestResult) -> None:
            # Results on stdout (one line per file, for scripts); warnings on stderr.
            # Rich's live display redirects both, so the lines print above the bar.
            progress.update(bar, description=_("cli.ingest.progress_file", name=result.path.name))
            typer.echo(describe(result))
            for warning in result.warnings:
                # A document read as empty is the commonest silent failure: make it stand out.
                loud = warning == no_tasks_warning()
                typer.secho(f"{_pad(_('cli.ingest.warning'))} "
                            + _("cli.ingest.warning_line", key=result.key, warning=warning),
                            err=True,
                            fg="red" if loud else None, bold=loud)
            progress.advance(bar)

        # several files: extracted in worker processes, stored here in order
        results = ingest_paths(engine=engine, paths=files, progress=report, force=force,
                               workers=cli_settings().ingest_workers)
    engine.dispose()
    if len(results) > 1:  # one file's own line already says it all
        typer.echo(summarize(results), err=True)
    if any(not r.ok for r in results) or (strict and any(r.without_tasks for r in results)):
        raise typer.Exit(code=1)
