"""Deadline phrases: 2018年7月底前, 11月中旬前, 2027年一季度完成, 上半年, 年内, 2023—2025年,
每年10月底前, 每月10日前, 每季度末, 每半年, 长期坚持 …

A phrase with no year takes the year its sentence names before it, else the issue
year, else the nearest explicit year before the phrase.

The patterns and which matches count live in :mod:`extract.deadline_patterns`, the
readings of a phrase into dates in :mod:`extract.deadline_readings`, recurrence and
horizon decisions in :mod:`extract.deadline_recurrence`.
"""

from __future__ import annotations

import bisect
import datetime as dt
from collections.abc import Sequence

from extract.config import ExtractConfig
from extract.deadline_patterns import _EXPLICIT_YEAR, _counts, _non_overlapping
from extract.deadline_readings import _read
from extract.deadline_recurrence import _repeats, _with_horizons
from extract.model import Deadline, Section
from extract.sentences import sentence_spans, span_around


def find_deadlines(
    text: str,
    folded: str,
    key: str,
    sections: Sequence[Section],
    *,
    issued_on: dt.date | None = None,
    end: int | None = None,
    config: ExtractConfig | None = None,
) -> tuple[Deadline, ...]:
    """Find and read every deadline phrase of the body.

    Parameters
    ----------
    text
        Document text (quotes are cut from it).
    folded
        ``fold(text)``.
    key
        Document key.
    sections
        The document's sections, for paths.
    issued_on
        The issue date; sets the base year and the first instance of recurring deadlines.
    end
        End of the body.
    config
        Chooses the reading of ambiguous phrases.

    Returns
    -------
    tuple of Deadline
        In document order; ``source.quote`` is the sentence, ``raw`` the phrase.

    Examples
    --------
    >>> from extract.fold import fold
    >>> text = "2027年一季度完成评估，11月中旬前报送，每月10日前更新台账，长期坚持。"
    >>> [d.key for d in find_deadlines(text, fold(text), "k", ())]
    ['2027-03-31', '2027-11-20', 'monthly:10', 'ongoing']
    """
    config = config or ExtractConfig()
    limit = len(folded) if end is None else end
    sentences = sentence_spans(folded, 0, limit)
    years = [(m.start(), int(m.group(1))) for m in _EXPLICIT_YEAR.finditer(folded, 0, limit)]
    found: list[Deadline] = []
    for hit in _non_overlapping(folded, limit):
        if not _counts(folded, hit, issued_on):
            continue
        sentence = span_around(sentences, hit.start) or (hit.start, hit.end)
        context = _year_before(years, hit.start, since=sentence[0])
        base = context or (issued_on.year if issued_on else
                           _year_before(years, hit.start) or _year_after(years, hit.start))
        deadline = _read(hit, text, folded, key, sections, sentence, base, context is not None,
                         issued_on, config)
        if deadline is not None and not _repeats(deadline, found):
            found.append(deadline)
    return tuple(_with_horizons(found))


def _year_before(years: list[tuple[int, int]], position: int, *, since: int = 0) -> int | None:
    """The nearest explicit year written before ``position`` (and not before ``since``)."""
    index = bisect.bisect_left(years, (position, -1)) - 1
    return years[index][1] if index >= 0 and years[index][0] >= since else None


def _year_after(years: list[tuple[int, int]], position: int) -> int | None:
    """The first explicit year written after ``position`` (an undated document's year)."""
    index = bisect.bisect_left(years, (position, -1))
    return years[index][1] if index < len(years) else None
