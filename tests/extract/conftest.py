"""Fixtures for the extractor tests: the two bundled documents, extracted once."""

from __future__ import annotations

from pathlib import Path

import pytest

from extract import extract_bytes
from extract.model import Extraction

CORPUS = Path(__file__).resolve().parents[2] / "data" / "corpus"


def all_provenances(extraction: Extraction) -> list:
    """Every provenance record of an extraction (for the span invariant)."""
    found = [c.source for c in extraction.document.cites]
    found += [t.source for t in extraction.tasks]
    found += [t.source for t in extraction.targets]
    found += [d.source for d in extraction.deadlines]
    found += [p.source for p in extraction.places]
    return found


@pytest.fixture(scope="session")
def doc000() -> Extraction:
    """The Wenzhou city document 温政发〔2018〕26号 (saved web page, with furniture)."""
    path = CORPUS / "000_a92242b81cc0d015.txt"
    return extract_bytes(path.read_bytes(), path.name, "000")


@pytest.fixture(scope="session")
def doc003() -> Extraction:
    """The provincial document (body text only, no header)."""
    path = CORPUS / "003_e159d8715f3bd95b.txt"
    return extract_bytes(path.read_bytes(), path.name, "003")
