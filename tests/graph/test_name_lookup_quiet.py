"""A unit named with its leading division (温州市招商局) resolves without computing the
suggestions of an error nobody sees (a fuzzy pass over every unit name)."""

from __future__ import annotations

import pytest

import graph.names as names
from graph.names import UnknownName, resolve_unit
from graph.sample import sample_graph


def test_a_leading_division_resolves_without_making_suggestions(
        monkeypatch: pytest.MonkeyPatch) -> None:
    graph = sample_graph()
    made: list[str] = []
    real = names.suggest
    monkeypatch.setattr(names, "suggest", lambda known, name, **kw: made.append(name)
                        or real(known, name, **kw))
    assert resolve_unit(graph, "温州市招商局") == resolve_unit(graph, "市招商局") == "unit:1"
    assert made == []
    with pytest.raises(UnknownName) as error:  # an unknown name still gets its suggestions
        resolve_unit(graph, "温州市招商")
    assert made and "市招商局" in error.value.suggestions


def test_a_path_end_with_a_leading_division_resolves_without_making_suggestions(
        monkeypatch: pytest.MonkeyPatch) -> None:
    from graph.names import resolve

    graph = sample_graph()
    made: list[str] = []
    real = names.suggest
    monkeypatch.setattr(names, "suggest", lambda known, name, **kw: made.append(name)
                        or real(known, name, **kw))
    # shortestPath's ends: units, places or task paths
    assert resolve(graph, "温州市商务局") == resolve(graph, "市商务局") == "unit:3"
    assert made == []
    with pytest.raises(UnknownName) as error:
        resolve(graph, "温州市商务")
    assert made and "市商务局" in error.value.suggestions
