"""The extractor is built for the genre, not for the evaluation's documents: no clause of
one corpus document may appear in the extractor's code, docstrings or data.

A window of 10 characters holding at least 6 CJK ideographs counts as copied when it occurs
in exactly one corpus document (the seeds and the genre documents).  A window found in two
or more documents is the genre's shared formula (现印发给你们，请认真贯彻执行) and is allowed.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path

import pytest

from evaluation.run import CORPUS_DIR, PROJECT_ROOT
from extract.fold import fold

WINDOW = 10
MIN_IDEOGRAPHS = 6
SOURCES = (".py", ".txt", ".yaml", ".yml", ".json", ".tsv", ".csv", ".md")
_IDEOGRAPH = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff]")


def _squeeze(text: str) -> str:
    # Full-width and half-width punctuation compare equal; line breaks and spaces vanish.
    return re.sub(r"\s+", "", fold(text))


def _windows(text: str) -> set[str]:
    squeezed = _squeeze(text)
    candidates = (squeezed[i : i + WINDOW] for i in range(len(squeezed) - WINDOW + 1))
    return {w for w in candidates if len(_IDEOGRAPH.findall(w)) >= MIN_IDEOGRAPHS}


def _body(path: Path) -> str:
    return "\n".join(line for line in path.read_text(encoding="utf-8").splitlines()
                     if not line.startswith("#"))  # the corpus metadata lines


def _copied(documents: Iterable[tuple[str, str]]) -> dict[str, str]:
    """Windows that occur in exactly one document, with that document's name."""
    owners: dict[str, set[str]] = {}
    for name, text in documents:
        for window in _windows(text):
            owners.setdefault(window, set()).add(name)
    return {w: next(iter(names)) for w, names in owners.items() if len(names) == 1}


def test_a_copied_clause_is_found() -> None:
    copied = _copied([("a", "为加快湖畔小镇建设，推动城乡融合发展，制定本方案。"),
                      ("b", "为做好山区道路养护，制定本办法。")])
    code = 'EXAMPLE = "推动城乡融合发展，制定"  # copied'
    assert _windows(code) & copied.keys()
    assert not _windows('"推动城乡融合，制定方案"') & copied.keys()


def test_a_clause_in_full_width_punctuation_is_found_in_half_width_code() -> None:
    copied = _copied([("a", "（责任单位：湖畔镇人民政府）"), ("b", "其他内容无关。")])
    assert _windows("(责任单位:湖畔镇人民政府)") & copied.keys()


def test_a_formula_shared_by_two_documents_is_allowed() -> None:
    formula = "现印发给你们，请认真贯彻执行。"
    copied = _copied([("a", "关于湖畔小镇建设的通知。" + formula),
                      ("b", "关于山区道路养护的通知。" + formula)])
    assert _windows(formula)
    assert not _windows(formula) & copied.keys()


def test_no_corpus_text_in_the_extractor() -> None:
    documents = sorted(CORPUS_DIR.glob("*.txt")) + sorted((CORPUS_DIR / "genre").glob("*.txt"))
    if not documents:
        pytest.skip(f"corpus not found under {CORPUS_DIR}")
    copied = _copied((path.name, _body(path)) for path in documents)
    found = []
    for source in sorted((PROJECT_ROOT / "extract").rglob("*")):
        if source.is_file() and source.suffix in SOURCES:
            hits = sorted(_windows(source.read_text(encoding="utf-8")) & copied.keys())
            found += [f"{source.relative_to(PROJECT_ROOT)}: {hit} ({copied[hit]})"
                      for hit in hits[:3]]
    assert not found, "corpus text in the extractor (write invented examples):\n" + "\n".join(found)
