"""The extractor is built for the genre, not for the evaluation's documents: no run of
18 characters of a genre document may appear in the extractor's code or data."""

from __future__ import annotations

import re

import pytest

from evaluation.run import CORPUS_DIR, PROJECT_ROOT

# Long enough that shared boilerplate (现印发给你们，请认真贯彻执行) and unit names do not count;
# short enough that a copied clause does.
WINDOW = 18
SOURCES = (".py", ".txt", ".yaml", ".yml", ".json", ".tsv", ".csv")


def _squeeze(text: str) -> str:
    return re.sub(r"\s+", "", text)


def _windows(text: str) -> set[str]:
    return {text[i : i + WINDOW] for i in range(len(text) - WINDOW + 1)}


def test_a_copied_clause_is_found() -> None:
    document = _windows(_squeeze("为加快湖畔小镇建设，推动城乡融合发展，制定本方案。"))
    code = _squeeze('EXAMPLE = "加快湖畔小镇建设，推动城乡融合发展，制定"  # copied')
    assert _windows(code) & document
    assert not _windows(_squeeze("推动城乡融合，制定方案")) & document


def test_no_genre_text_in_the_extractor() -> None:
    genre = sorted((CORPUS_DIR / "genre").glob("*.txt"))
    if not genre:
        pytest.skip(f"genre corpus not found under {CORPUS_DIR}")
    owner: dict[str, str] = {}
    for path in genre:
        body = "\n".join(line for line in path.read_text(encoding="utf-8").splitlines()
                         if not line.startswith("#"))  # the corpus metadata lines
        for window in _windows(_squeeze(body)):
            owner.setdefault(window, path.name)
    found = []
    for source in sorted((PROJECT_ROOT / "extract").rglob("*")):
        if source.is_file() and source.suffix in SOURCES:
            hits = sorted(_windows(_squeeze(source.read_text(encoding="utf-8"))) & owner.keys())
            found += [f"{source.relative_to(PROJECT_ROOT)}: {hit} ({owner[hit]})"
                      for hit in hits[:1]]
    assert not found, "genre text in the extractor (write invented examples):\n" + "\n".join(found)
