"""What ingest tells the user about a stored document that says little, in the current
locale: the extractor's warnings made readable, the loud one for a document without
tasks, and one line per failed file."""

from __future__ import annotations

import re

from extract.model import Extraction
from i18n import t


def no_tasks_warning() -> str:
    """The loud warning for a document stored with no task read from it, in the current locale."""
    return t("ingest.warning.no_tasks")


def structure_warnings(extraction: Extraction) -> tuple[str, ...]:
    """Warnings for a document that was stored but says little: no headings, no clauses.

    Used when the extractor gave none of its own, so the user always hears about it.
    """
    warnings = []
    if not extraction.sections:
        warnings.append(t("ingest.warning.no_headings"))
    if not any(task.units for task in extraction.tasks):
        warnings.append(t("ingest.warning.no_clauses"))
    return tuple(warnings)


_REPEATS = re.compile(r"^heading numbering restarts: (\d+) ")


def readable_warning(warning: str) -> str:
    """The extractor's warning (English words, kept as they are in its JSON) in the current
    locale; one it does not know passes through unchanged.

    >>> readable_warning("no headings found"), readable_warning("something new")
    ('未找到标题(一、 / (一) / 1. / (1));全文作为一段正文存储', 'something new')
    """
    if warning == "no headings found":
        return t("ingest.warning.no_headings")
    if warning == "no responsibility clauses found":
        return t("ingest.warning.no_clauses")
    repeats = _REPEATS.match(warning)
    if repeats:
        return t("ingest.warning.repeated_headings", count=int(repeats.group(1)))
    return warning


def one_line(message: str) -> str:
    r"""The first line of an error message, at most 300 characters (one line per file).

    >>> one_line("bad file\nmore detail"), one_line("  ")
    ('bad file', 'unknown error')
    """
    first = message.strip().splitlines()[0] if message.strip() else "unknown error"
    return first[:300]
