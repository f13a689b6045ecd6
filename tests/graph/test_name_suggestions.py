""""Did you mean" suggestions: rapidfuzz gives the suggestions difflib gave on the bundled
corpus, and a miss among 20,000 names no longer compares every name in Python."""

from __future__ import annotations

import difflib
import time

import networkx as nx
import pytest

from graph.names import name_index, suggest

KINDS = [("Unit",), ("Place",), ("Task",), ("Unit", "Place", "Task")]


def difflib_suggest(known: list[str], name: str, *, limit: int = 5) -> list[str]:
    """The suggestions as they were made before rapidfuzz (difflib over every name)."""
    close = difflib.get_close_matches(name, known, n=limit, cutoff=0.6)
    contained = [k for k in known if (name in k or k in name) and k not in close]
    return (close + sorted(contained, key=len))[:limit]



def misspellings(name: str) -> list[str]:
    """A name with one character dropped, one doubled, and cut short."""
    return [name[1:], name[:1] + name, name[: max(1, len(name) * 2 // 3)]]


@pytest.mark.parametrize("kinds", KINDS, ids="+".join)
def test_suggestions_are_difflibs_on_the_bundled_corpus(corpus_graph: nx.MultiDiGraph,
                                                        kinds: tuple[str, ...]) -> None:
    known = list(name_index(corpus_graph, kinds))
    assert known, "the corpus has names of this kind"
    queries = [q for name in known for q in misspellings(name)] + ["市外星局", "招商"]
    compared = 0
    for query in queries:
        if query in known:
            continue
        assert suggest(known, query) == difflib_suggest(known, query), query
        compared += 1
    assert compared > 50


def generated_names(count: int) -> list[str]:
    """``count`` distinct unit-like names (浙江省第0号局 …)."""
    return [f"浙江省第{n}号{OFFICES[n % len(OFFICES)]}" for n in range(count)]


OFFICES = ("发展和改革委员会", "财政局", "商务局", "农业农村局")


def test_a_miss_among_twenty_thousand_names_is_quick() -> None:
    known = generated_names(20_000)
    started = time.perf_counter()
    found = suggest(known, "浙江省第12345号财政局X")
    elapsed = time.perf_counter() - started
    assert found[0] == "浙江省第12345号财政局"
    # generous: difflib took ~1.4 s per miss at L; bench/bench_suggestions.py measures both
    assert elapsed < 1.0, elapsed
