"""What storing an extraction works out from the extraction alone, done where it was made.

An ingest of a folder has one writer and several extracting processes
(:mod:`store.extract_pool`): every millisecond the writer spends per document bounds the
whole folder, while the workers have time to spare.  So what the writer needs that
follows from the extraction and the reference data alone — the text's fingerprint
(:func:`store.fingerprint.text_fingerprint`, a pass over the whole text), the issuing
government's division (:func:`extract.jurisdictions.issuer_division`, which reads the
text for the divisions it names) and the division each unit name resolves to from it
(:func:`extract.jurisdictions.unit_division`) and the documents it repeals
(:func:`extract.replaces.repeals`, another pass over the text) — is computed in the worker,
next to the extraction, and travels with it.  A writer given none computes the same itself.
"""

from __future__ import annotations

from dataclasses import dataclass

from extract.divisions import Division
from extract.jurisdictions import issuer_division, unit_division
from extract.model import Extraction
from extract.replaces import Repeal, repeals
from store.fingerprint import text_fingerprint


@dataclass(frozen=True)
class Prepared:
    """An extraction with what the writer derives from it alone."""

    extraction: Extraction
    fingerprint: str  # of the normalised text: finds the document stored under another name
    issuer: Division | None  # the issuing government's division, ``None`` when nothing says
    units: dict[str, Division | None]  # each unit name of the tasks → its division
    repeals: tuple[Repeal, ...]  # the documents its text repeals


def prepare(extraction: Extraction) -> Prepared:
    """The extraction with its fingerprint and issuer worked out.

    >>> from extract.pipeline import extract_document
    >>> prepared = prepare(extract_document("温州市人民政府关于印发某方案的通知\\n一、总体要求\\n", "k"))
    >>> prepared.fingerprint == text_fingerprint(prepared.extraction.text)
    True
    >>> prepared.issuer.name
    '温州市'
    """
    header = extraction.document
    issuer = issuer_division(issuer=header.issuer, title=header.title, number=header.number,
                             text=extraction.text)
    names = {ref.name for task in extraction.tasks for ref in task.units}
    return Prepared(extraction, text_fingerprint(extraction.text), issuer,
                    {name: unit_division(name, issuer) for name in sorted(names)},
                    repeals(extraction.text, header.issued_on))
