"""No document may score below the F1 committed in evaluation/floor.json (``make eval``)."""

from __future__ import annotations

import json

import pytest

from evaluation.__main__ import FLOOR_JSON
from evaluation.facts import PARTS
from evaluation.run import CORPUS_DIR, GOLD_DIR, evaluate

# Scores are recomputed exactly; this only absorbs float noise below the floor's 4 decimals.
_TOLERANCE = 1e-9


@pytest.fixture(scope="module")
def current() -> dict:
    if not CORPUS_DIR.is_dir():
        pytest.skip(f"shared corpus not found at {CORPUS_DIR}")
    return {r.stem: r for r in evaluate(GOLD_DIR, CORPUS_DIR).results}


def _floors() -> list[tuple[str, str, float]]:
    data = json.loads(FLOOR_JSON.read_text(encoding="utf-8"))
    return [(stem, part, figures[part]) for stem, figures in sorted(data["documents"].items())
            for part in PARTS]


@pytest.mark.parametrize(("stem", "part", "committed"), _floors())
def test_score_does_not_fall_below_committed_floor(current: dict, stem: str, part: str,
                                                   committed: float) -> None:
    assert stem in current, f"{stem}: gold file or corpus document is gone"
    result = current[stem]
    score = result.scores[part]
    assert score.f1 + _TOLERANCE >= committed, (
        f"{stem} {part}: F1 {score.f1:.4f} < committed {committed:.4f}; "
        f"missed {sorted(result.missed[part])[:5]}, extra {sorted(result.extra[part])[:5]}"
    )
