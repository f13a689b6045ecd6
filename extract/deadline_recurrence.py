"""Recurrence and horizon decisions for deadline phrases: which recur, which end a
recurrence, and which repeat one already read."""

from __future__ import annotations

import re
from dataclasses import replace

from extract.deadline_patterns import _NAMED_YEAR, _Hit
from extract.model import Deadline, Recurrence
from extract.wordlists import alternation, words

# Recurrence only where the text says so: 年度 (年度目标) names one year's work, not each year's.
_YEARLY_CONTEXT = re.compile(r"每年|每一年|各年")
_ONE_OFF = re.compile(alternation(words("one_off_words.txt")))


def _recurrence(hit: _Hit, explicit: str | None, sentence: str) -> Recurrence:
    """每年… is yearly; so is 当年 (the year in question, i.e. each year), and a bare
    年中 / 上半年 / 年底 in a sentence saying 每年; never in a clause saying 一次性."""
    if hit.kind in ("monthly", "quarterly", "half-yearly", "ongoing"):
        return hit.kind  # type: ignore[return-value]
    g = hit.groups
    if g.get("every") or hit.kind == "every-year":
        return "yearly"
    rel = g.get("rel")
    if rel:
        return "yearly" if rel == "当年" else "once"
    if (explicit is None and hit.kind in ("mid", "half", "yearend")
            and _YEARLY_CONTEXT.search(sentence) and not _ONE_OFF.search(sentence)):
        return "yearly"
    return "once"


def _repeats(deadline: Deadline, found: list[Deadline]) -> bool:
    """A recurrence said twice in one sentence (…每年组织…;全市每年实现…) is one deadline."""
    return deadline.recurrence != "once" and any(
        d.key == deadline.key and d.source == deadline.source for d in found)


def _with_horizons(deadlines: list[Deadline]) -> list[Deadline]:
    """A recurring deadline in the same sentence as 到2020年 / 2020年前 runs until then."""
    result: list[Deadline] = []
    for deadline in deadlines:
        if deadline.recurrence not in ("once", "ongoing"):
            # only a phrase naming its year ends a recurrence (年底前 is this year's end)
            ends = [d.due for d in deadlines
                    if d.recurrence == "once" and d.precision == "year" and d.source == deadline.source
                    and _NAMED_YEAR.search(d.raw)]
            if ends and ends[0] is not None:
                deadline = replace(deadline, horizon=ends[0])
        result.append(deadline)
    return result
