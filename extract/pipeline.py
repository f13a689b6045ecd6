"""The one entry point: text (or bytes) in, :class:`extract.model.Extraction` out."""

from __future__ import annotations

import re

from extract.config import ExtractConfig
from extract.deadlines import find_deadlines
from extract.decode import DEFAULT_MAX_BYTES, decode_document
from extract.fold import fold
from extract.furniture import furniture_spans, mask
from extract.header import closing_block, read_header
from extract.headings import attachment_start, find_sections
from extract.model import Extraction
from extract.places import find_places
from extract.targets import find_targets
from extract.tasks import build_tasks
from extract.units import find_clauses, find_subject_sentences

_REPEATED = re.compile(r"~\d+$")  # find_sections' suffix for restarted numbering


def extract_document(text: str, key: str, config: ExtractConfig | None = None) -> Extraction:
    """Extract the responsibility structure of one document.

    Never raises on arbitrary text; anything odd becomes a warning.

    Parameters
    ----------
    text
        The decoded document (what :func:`extract.decode.decode_document` returns).
    key
        A stable key for the document (used in provenance).
    config
        Reading options; defaults to :class:`ExtractConfig()`.

    Returns
    -------
    Extraction
        Every fact's provenance indexes into ``text``.
    """
    config = config or ExtractConfig()
    masked = mask(text, furniture_spans(text))
    folded = fold(masked)
    body_end = _body_end(masked, folded)
    header = read_header(text, masked, key, body_end=body_end)
    sections = find_sections(masked, end=body_end)
    # Match on the masked, folded text; cut every quote from the original text.
    clauses = find_clauses(text, folded, end=body_end)
    subjects = find_subject_sentences(text, folded, end=body_end)
    clause_starts = {c.start for c in clauses}
    statements = sorted([*clauses, *(s for s in subjects if s.start not in clause_starts)],
                        key=lambda c: c.start)
    deadlines = find_deadlines(text, folded, key, sections, issued_on=header.issued_on,
                               end=body_end, config=config)
    targets = find_targets(text, folded, key, sections, deadlines, end=body_end)
    tasks = build_tasks(text, key, sections, statements, targets, deadlines)
    places = find_places(text, key, sections, known_places=config.known_places, end=body_end,
                         masked=masked)
    warnings: list[str] = []
    if not sections:
        warnings.append("no headings found")
    if not statements:
        warnings.append("no responsibility clauses found")
    repeats = sum(1 for s in sections if _REPEATED.search(s.path))
    if repeats:
        warnings.append(f"heading numbering restarts: {repeats} repeated paths got a ~2, ~3 … suffix")
    return Extraction(key, text, header, sections, tasks, targets, deadlines, places,
                      tuple(warnings))


def extract_bytes(
    data: bytes, filename: str, key: str | None = None, config: ExtractConfig | None = None,
    *, max_bytes: int = DEFAULT_MAX_BYTES,
) -> Extraction:
    """Decode a file's bytes and extract it.

    Parameters
    ----------
    data
        The file's bytes.
    filename
        Its name (the suffix picks the reader).
    key
        Document key; defaults to the file name without its suffix.
    config
        Reading options.
    max_bytes
        Size limit passed to the decoder.

    Raises
    ------
    extract.errors.ExtractError
        When the bytes cannot be decoded as a document.
    """
    text = decode_document(data, filename, max_bytes=max_bytes)
    if key is None:
        key = filename.rsplit("/", 1)[-1].rsplit(".", 1)[0] or filename
    return extract_document(text, key, config)


def _body_end(masked: str, folded: str) -> int:
    """Where the body ends: the attachment list or the closing signature, if any."""
    ends = [len(masked)]
    attachments = attachment_start(folded)
    if attachments is not None:
        ends.append(attachments)
    closing = closing_block(masked)
    if closing is not None:
        ends.append(closing[0])
    return min(ends)
