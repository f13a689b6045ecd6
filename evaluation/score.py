"""Recall, precision and F1 of a found set against a gold set, and micro totals."""

from __future__ import annotations

from collections.abc import Iterable, Set
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Score:
    """Counts of one comparison; the ratios are derived from them.

    An empty side counts as perfect on its own ratio (nothing to find, or nothing wrongly
    found), so a document with no gold targets and no found targets scores 1.0, while one
    with no gold targets and some found scores precision 0 and F1 0.
    """

    matched: int
    missed: int  # in gold, not found
    extra: int  # found, not in gold

    @property
    def gold(self) -> int:
        """Size of the gold set."""
        return self.matched + self.missed

    @property
    def found(self) -> int:
        """Size of the found set."""
        return self.matched + self.extra

    @property
    def precision(self) -> float:
        """matched / found (1.0 when nothing was found)."""
        return self.matched / self.found if self.found else 1.0

    @property
    def recall(self) -> float:
        """matched / gold (1.0 when the gold is empty)."""
        return self.matched / self.gold if self.gold else 1.0

    @property
    def f1(self) -> float:
        """Harmonic mean of precision and recall (0.0 when both are 0).

        >>> round(Score(matched=3, missed=1, extra=2).f1, 4)
        0.6667
        """
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


def score_sets(gold: Set[Any], found: Set[Any]) -> Score:
    """Compare two sets of facts.

    >>> s = score_sets({"a", "b", "c"}, {"b", "c", "d", "e"})
    >>> (s.matched, s.missed, s.extra), round(s.precision, 2), round(s.recall, 2)
    ((2, 1, 2), 0.5, 0.67)
    """
    matched = len(gold & found)
    return Score(matched, len(gold) - matched, len(found) - matched)


def micro(scores: Iterable[Score]) -> Score:
    """Sum the counts of several scores (micro-averaging).

    >>> micro([Score(1, 0, 1), Score(3, 1, 0)])
    Score(matched=4, missed=1, extra=1)
    """
    matched = missed = extra = 0
    for score in scores:
        matched, missed, extra = matched + score.matched, missed + score.missed, extra + score.extra
    return Score(matched, missed, extra)
