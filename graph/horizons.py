"""Where recurring work ends, and when a document's work exists at all.

A recurrence (每年, 每季度, 每月 …) runs from its document's issue date until the first
of these that applies (docs/obligations.md):

1. its own horizon: a ``到2020年`` / ``2020年前`` phrase of the same sentence;
2. its task's horizon: such a phrase elsewhere in the same task;
3. the document's validity: ``有效期至2023年12月31日``, ``执行期限至…``
   (words in ``extract/data/validity_words.txt``);
4. the document's horizon: its latest ``到2020年`` / ``2020年前`` phrase;
5. a default: :data:`DEFAULT_RECURRENCE_YEARS` after the issue date (configurable per
   graph, ``graph.graph["recurrence_years"]``).

Whatever the rule, a document withdrawn (``withdrawn_on``) or superseded
(``superseded_on``) ends all of its open work on that date.  Nothing of a document
exists before its issue date.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from typing import Any

import networkx as nx

from extract.wordlists import alternation, words
from graph.build import DUE_BY

DEFAULT_RECURRENCE_YEARS = 5
"""Years an open-ended recurrence runs after its document's issue date."""

_HORIZON = re.compile(r"(?:到|至)\s*(\d{4})\s*年|(\d{4})\s*年\s*(?:前|以前|底前)")
_VALIDITY = re.compile(rf"(?:{alternation(words('validity_words.txt'))})\s*$")


def horizon_year(raw: str) -> int | None:
    """The year a ``到2020年`` / ``2020年前`` phrase names, else ``None``.

    >>> horizon_year("2020 年前"), horizon_year("到2028年底"), horizon_year("每年")
    (2020, 2028, None)
    """
    match = _HORIZON.search(raw)
    return int(match.group(1) or match.group(2)) if match else None


def is_validity(data: Mapping[str, Any], quote: str | None = None) -> bool:
    """Whether a deadline node states its document's validity (有效期至2023年12月31日).

    >>> is_validity({"raw": "2023年12月31日", "source_start": 0, "source_end": 20,
    ...              "source_quote": "本政策自公布之日起施行,有效期至2023年12月31日"})
    True
    >>> is_validity({"raw": "2023年12月31日", "source_start": 0, "source_end": 20,
    ...              "source_quote": "2023年12月31日前完成评估"})
    False
    """
    quote = quote if quote is not None else data.get("source_quote") or ""
    raw = data.get("raw") or ""
    at = quote.find(raw) if raw else -1
    return at >= 0 and bool(_VALIDITY.search(quote[:at]))


def document_horizons(graph: nx.MultiDiGraph) -> dict[int, int]:
    """``{document db id: the last year it plans for}``: its latest ``到2020年`` /
    ``2020年前`` phrase, in one pass over the deadlines (cached on the graph).

    Recurring work with no horizon of its own runs until then (a programme document's
    yearly duties end with the programme); a document with no such phrase has none.
    """
    cached: dict[int, int] | None = graph.graph.get("document_horizons")
    if cached is not None:  # planning_year and the expansion both need it
        return cached
    horizons: dict[int, int] = {}
    for _, d in graph.nodes(data=True):
        if d["kind"] == "Obligation" and d.get("basis") == "deadline" and d["recurrence"] == "once":
            year = horizon_year(d["raw"])
            if year is not None:
                horizons[d["document_id"]] = max(year, horizons.get(d["document_id"], year))
    graph.graph["document_horizons"] = horizons
    return horizons


def document_validity(graph: nx.MultiDiGraph) -> dict[int, dt.date]:
    """``{document db id: the last day it is valid}`` from its validity phrases (cached)."""
    cached: dict[int, dt.date] | None = graph.graph.get("document_validity")
    if cached is not None:
        return cached
    found: dict[int, dt.date] = {}
    for _, d in graph.nodes(data=True):
        if d["kind"] == "Obligation" and d.get("validity") and d.get("due"):
            doc = d["document_id"]
            found[doc] = max(d["due"], found.get(doc, d["due"]))
    graph.graph["document_validity"] = found
    return found


def task_horizon(graph: nx.MultiDiGraph, task: str | None) -> int | None:
    """The year of the first ``到2020年`` / ``2020年前`` phrase of ``task``, else ``None``."""
    if task is None:
        return None
    for _, ob, key in graph.out_edges(task, keys=True):
        data = graph.nodes[ob]
        if key == DUE_BY and data.get("basis") == "deadline" and data["recurrence"] == "once":
            year = horizon_year(data["raw"])
            if year is not None:
                return year
    return None


def ends_on(graph: nx.MultiDiGraph, document: str) -> dt.date | None:
    """The day a withdrawn or superseded document's open work ends, else ``None``."""
    data = graph.nodes[document]
    days = [d for d in (data.get("withdrawn_on"), data.get("superseded_on")) if d]
    return min(days) if days else None


def default_end(graph: nx.MultiDiGraph, issued: dt.date | None, first_year: int) -> dt.date:
    """The last day of open-ended recurring work: the configured number of years after
    the issue date (after the first year's end for an undated document).

    >>> g = nx.MultiDiGraph()
    >>> default_end(g, dt.date(2018, 12, 7), 2018)
    datetime.date(2023, 12, 7)
    >>> g.graph["recurrence_years"] = 2
    >>> default_end(g, None, 2012)
    datetime.date(2014, 12, 31)
    """
    years = int(graph.graph.get("recurrence_years", DEFAULT_RECURRENCE_YEARS))
    if issued is None:
        return dt.date(first_year + years, 12, 31)
    try:
        return issued.replace(year=issued.year + years)
    except ValueError:  # 29 February
        return issued.replace(year=issued.year + years, day=28)
