"""``policygraph extract FILE --format json``: print the extraction, touch no database."""

from __future__ import annotations

import enum
import json
from pathlib import Path
from typing import Annotated

import typer

from extract.errors import ExtractError
from i18n import gettext as _
from store.inputs import InputError, read_document


class Format(enum.StrEnum):
    """Output formats of ``extract``."""

    json = "json"


def extract(
    file: Annotated[Path, typer.Argument(help="A .txt, .html or .docx document.")],
    format: Annotated[Format, typer.Option("--format", help="Output format.")] = Format.json,
) -> None:
    """Print what the extractor reads from FILE as one JSON object (the public extraction format)."""
    from extract.pipeline import extract_bytes

    try:
        extraction = extract_bytes(read_document(file), file.name, key=file.stem)
    except (InputError, ExtractError) as exc:
        typer.echo(_("cli.error", message=exc), err=True)
        raise typer.Exit(code=1) from exc
    typer.echo(json.dumps(extraction.to_json(), ensure_ascii=False, indent=2))
