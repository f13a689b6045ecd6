"""The one entry point: text (or bytes) in, :class:`extract.model.Extraction` out."""

from __future__ import annotations

import bisect
import re

from extract.anatomy import read_anatomy
from extract.config import ExtractConfig
from extract.deadlines import find_deadlines
from extract.decode import DEFAULT_MAX_BYTES, decode_document
from extract.fold import fold
from extract.furniture import furniture_spans, mask
from extract.header import read_header
from extract.headings import find_sections, path_at, trim_epilogue
from extract.model import Deadline, Extraction, Provenance, Section, Target, Task
from extract.places import find_places
from extract.subjects import find_subject_sentences
from extract.tables import read_tables
from extract.targets import find_targets
from extract.tasks import (
    build_tasks,
    merge_by_path,
    spread_group_clauses,
    standing_tasks,
    table_tasks,
)
from extract.units import (
    Clause,
    find_clauses,
    find_lead_clauses,
    find_standing_units,
)

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
    anatomy = read_anatomy(folded)
    plans = anatomy.plans()
    sections: list[Section] = []
    for plan in plans:
        sections.extend(trim_epilogue(text, find_sections(
            masked, start=plan.start, end=plan.end, prefix=plan.prefix,
            part=plan.prefix.rstrip("/"))))
    table_spans = [(t.start, t.end) for t in anatomy.tables()]
    tables = [t for t in read_tables(folded) if (t.start, t.end) in table_spans
              or any(s <= t.start < e for s, e in table_spans)]
    # Facts are read in the plans (and tables) only: a notice's instructions are no items.
    plan_spans = [(p.start, p.end) for p in plans]
    in_plans = _keep(folded, plan_spans)
    in_body = _keep(folded, plan_spans + table_spans)
    body_end = max((e for _, e in plan_spans + table_spans), default=len(text))
    notice = (anatomy.notice.start, anatomy.notice.end) if anatomy.notice else None
    header = read_header(text, masked, key, body_end=body_end, notice=notice,
                         plan_start=plans[0].start if plans else None)
    # Match on the masked, folded text; cut every quote from the original text.
    clauses = find_clauses(text, in_plans)
    leads = find_lead_clauses(text, in_plans)
    subjects = find_subject_sentences(text, in_plans)
    statements = _without_overlaps(clauses, leads, subjects)
    row_tasks, row_sections = table_tasks(text, key, tables, sections)
    located = sorted([*sections, *row_sections], key=lambda s: s.start)
    deadlines = find_deadlines(text, in_body, key, located, issued_on=header.issued_on,
                               config=config)
    targets = find_targets(text, in_body, key, located, deadlines, issued_on=header.issued_on)
    tasks = build_tasks(text, key, sections, statements, targets, deadlines)
    listed = {path_at(sections, c.start) for c in statements if c.kind == "clause"}
    subject_starts = {c.start for c in statements if c.kind == "subject"}
    standing = standing_tasks(text, key, sections, find_standing_units(text, in_plans), listed)
    tasks = merge_by_path(text, [*spread_group_clauses(tasks, sections, text), *row_tasks, *standing,
                           *_fact_tasks(text, key, row_sections, tasks, targets, deadlines)],
                          secondary=lambda t: t.source.start in subject_starts)
    # Statements outside every item (preamble, closing paragraphs) assign no item; a text
    # without any heading keeps them (it has nothing else).
    if sections:
        tasks = tuple(t for t in tasks if t.path)
    places = find_places(text, key, located, known_places=config.known_places,
                         masked=_keep(masked, plan_spans + table_spans))
    warnings: list[str] = []
    if not sections:
        warnings.append("no headings found")
    if not statements and not row_tasks:
        warnings.append("no responsibility clauses found")
    repeats = sum(1 for s in sections if _REPEATED.search(s.path))
    if repeats:
        warnings.append(f"heading numbering restarts: {repeats} repeated paths got a ~2, ~3 … suffix")
    return Extraction(key, text, header, tuple(sections), tasks, targets, deadlines, places,
                      tuple(warnings))


def _keep(text: str, spans: list[tuple[int, int]]) -> str:
    """``text`` with everything outside ``spans`` blanked (offsets kept)."""
    outside: list[tuple[int, int]] = []
    position = 0
    for start, end in sorted(spans):
        if start > position:
            outside.append((position, start))
        position = max(position, end)
    outside.append((position, len(text)))
    return mask(text, outside)


def _without_overlaps(*groups: list[Clause]) -> list[Clause]:
    """Statements in document order; a later group yields where an earlier one matched."""
    chosen: list[Clause] = []
    for group in groups:
        for clause in group:
            if not any(c.start < clause.end and clause.start < c.end for c in chosen):
                chosen.append(clause)
    return sorted(chosen, key=lambda c: c.start)


def _fact_tasks(text: str, key: str, rows: list[Section], tasks: tuple[Task, ...],
                targets: tuple[Target, ...], deadlines: tuple[Deadline, ...]) -> list[Task]:
    """Table rows with a deadline or target but no unit are tasks too."""
    found: list[Task] = []
    starts = sorted([t.source.start for t in targets] + [d.source.start for d in deadlines])
    for row in rows:
        at = bisect.bisect_left(starts, row.start)
        if at < len(starts) and starts[at] < row.end:
            quote = text[row.start : row.end]
            found.append(Task(row.path, quote, (), row.start, row.end,
                              Provenance(key, row.path, row.start, row.end, quote)))
    return found


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
