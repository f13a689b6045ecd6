"""Evaluate every corpus document that has a gold file.

The corpus is the shared one beside the project (``../shared/corpus``): the seeds at its top
level and the genre documents in ``genre/``.  Reading files happens here (an edge); the
comparison itself is :mod:`evaluation.score` over :mod:`evaluation.facts`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from evaluation.facts import PARTS, Fact, Facts, extraction_facts
from evaluation.gold import Gold, load_gold
from evaluation.score import Score, micro, score_sets
from extract import extract_bytes

PROJECT_ROOT = Path(__file__).resolve().parent.parent
GOLD_DIR = PROJECT_ROOT / "tests" / "extract" / "gold"
CORPUS_DIR = PROJECT_ROOT.parent / "shared" / "corpus"
_NOT_DOCUMENTS = {"readme", "source"}


@dataclass(frozen=True)
class DocumentResult:
    """One document's scores per part, with the facts missed and the facts found in excess."""

    stem: str
    document: str  # path relative to the corpus directory
    scores: dict[str, Score]
    missed: dict[str, frozenset[Fact]]
    extra: dict[str, frozenset[Fact]]


@dataclass(frozen=True)
class Evaluation:
    """All documents' results and what could not be paired."""

    results: list[DocumentResult]
    without_gold: list[str] = field(default_factory=list)  # corpus documents with no gold file
    without_document: list[str] = field(default_factory=list)  # gold files with no document

    def totals(self) -> dict[str, Score]:
        """Micro totals per part over all documents."""
        return {part: micro(r.scores[part] for r in self.results) for part in PARTS}


def corpus_documents(corpus_dir: Path) -> list[Path]:
    """The seeds (top level) and the genre documents (``genre/``), README files excluded."""
    found = [*sorted(corpus_dir.glob("*.txt")), *sorted((corpus_dir / "genre").glob("*.txt"))]
    return [p for p in found if p.stem.lower() not in _NOT_DOCUMENTS]


def compare(gold: Facts, found: Facts) -> tuple[dict[str, Score], dict[str, frozenset[Fact]],
                                                 dict[str, frozenset[Fact]]]:
    """Scores, missed facts and extra facts per part."""
    scores, missed, extra = {}, {}, {}
    for part in PARTS:
        expected, got = gold.part(part), found.part(part)
        scores[part] = score_sets(expected, got)
        missed[part], extra[part] = expected - got, got - expected
    return scores, missed, extra


def strip_metadata(data: bytes) -> bytes:
    r"""The file without its opening ``# key: value`` corpus lines, as a user would hold it.

    >>> strip_metadata(b"# title: t\n# source: s\nbody\n# not metadata\n")
    b'body\n# not metadata\n'
    """
    lines = data.split(b"\n")
    while lines and lines[0].startswith(b"# "):
        lines.pop(0)
    return b"\n".join(lines)


def evaluate_document(gold: Gold, path: Path, corpus_dir: Path, *,
                      without_metadata: bool = False) -> DocumentResult:
    """Extract one document and compare it with its gold.

    With ``without_metadata`` the corpus lines (``# title: …``) are removed first: how the
    extractor does on the file as people hold it, title included.
    """
    data = path.read_bytes()
    if without_metadata:
        data = strip_metadata(data)
    extraction = extract_bytes(data, path.name, key=path.stem)
    scores, missed, extra = compare(gold.facts, extraction_facts(extraction))
    relative = path.relative_to(corpus_dir).as_posix() if path.is_relative_to(corpus_dir) \
        else path.name
    return DocumentResult(gold.stem, relative, scores, missed, extra)


def _locate(gold: Gold, documents: dict[str, Path], corpus_dir: Path) -> Path | None:
    if gold.stem in documents:
        return documents[gold.stem]
    for candidate in (corpus_dir / gold.document, corpus_dir / "genre" / gold.document):
        if candidate.is_file():
            return candidate
    return None


def evaluate(gold_dir: Path = GOLD_DIR, corpus_dir: Path = CORPUS_DIR, *,
             without_metadata: bool = False) -> Evaluation:
    """Evaluate every gold file against its corpus document.

    Parameters
    ----------
    gold_dir
        Directory of ``<stem>.yaml`` gold files.
    corpus_dir
        The corpus: seeds at the top, genre documents in ``genre/``.
    without_metadata
        Remove each file's opening ``# key: value`` lines before extracting.

    Raises
    ------
    evaluation.gold.GoldError
        When a gold file is malformed.
    """
    documents = {p.stem: p for p in corpus_documents(corpus_dir)}
    golds = [load_gold(p) for p in sorted(gold_dir.glob("*.yaml"))]
    results, without_document = [], []
    for gold in golds:
        path = _locate(gold, documents, corpus_dir)
        if path is None:
            without_document.append(gold.stem)
            continue
        results.append(evaluate_document(gold, path, corpus_dir,
                                         without_metadata=without_metadata))
    paired = {g.stem for g in golds}
    without_gold = [stem for stem in documents if stem not in paired]
    return Evaluation(results, without_gold, without_document)
