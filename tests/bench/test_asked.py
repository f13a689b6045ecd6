"""The units the bench asks about are units the generator writes, with work growing by scale."""

from __future__ import annotations

import re
from typing import Any

import pytest

from bench.answers import LAYER_QUESTIONS
from bench.asked import ASKED_UNITS, PLACE, PLANNING, check_growth, task_count, workloads
from bench.contract import CONNECTIONS, CONTRACT_QUESTIONS, WIDGETS
from bench.datasette import SHARED_QUESTIONS
from bench.generate import SCALES, generate_documents
from bench.vocabulary import CITY_BUREAUS, COUNTIES

# the arguments that name a unit or a place in the questions
NAMED = re.compile(r'(?:unit|name|from|to): "([^"]+)"')


@pytest.fixture(scope="module")
def records() -> list[dict[str, Any]]:
    """The manifest records of scale M (whose first 100 are scale S), seed 1 as ``make bench``."""
    return [record for _, _, record in generate_documents(seed=1, count=SCALES["M"])]


def _queries() -> list[str]:
    return ([q.query for q in CONTRACT_QUESTIONS] + [q.query for q in CONNECTIONS]
            + [q.query for q in LAYER_QUESTIONS] + [q.ours for q in SHARED_QUESTIONS]
            + list(WIDGETS.values()))


def test_asked_units_are_city_bureaus_the_generator_writes() -> None:
    stems = {b.stem for b in CITY_BUREAUS}
    assert all(unit.bureau.stem in stems for unit in ASKED_UNITS)
    assert PLANNING.name == "市自然资源和规划局"  # what the documents write, not 市规划局
    assert PLACE in {c.name for c in COUNTIES}


def test_every_name_a_question_asks_is_an_asked_unit_or_the_place() -> None:
    allowed = {PLACE} | {u.asked for u in ASKED_UNITS} | {u.alias_asked for u in ASKED_UNITS}
    named = {name for query in _queries() for name in NAMED.findall(query)}
    assert named and named <= allowed, named - allowed
    assert not any("市规划局" in query for query in _queries())


def test_generated_clauses_name_each_asked_unit_in_its_city_at_scale_s(
        records: list[dict[str, Any]]) -> None:
    for unit in ASKED_UNITS:
        # read from the clause text, not from the manifest's unit list the bench counts
        written = sum(1 for r in records[:SCALES["S"]] if r["jurisdiction"] == unit.jurisdiction
                      for task in r["tasks"] if unit.name in task["clause"])
        assert written > 0, unit.asked
        assert task_count(records[:SCALES["S"]], unit) == written


def test_asked_units_get_more_work_at_m_than_at_s(records: list[dict[str, Any]]) -> None:
    found = workloads(records, SCALES)
    assert set(found) == {u.asked for u in ASKED_UNITS}
    assert all(set(per) == {"S", "M"} for per in found.values())  # L needs more records
    assert all(per["M"] > 2 * per["S"] > 0 for per in found.values())
    check_growth(found, SCALES)


def test_a_unit_whose_work_stays_flat_is_refused() -> None:
    with pytest.raises(ValueError, match="not more than at S"):
        check_growth({"温州市规划局": {"S": 5, "M": 5, "L": 5}}, SCALES)


def test_a_unit_the_corpus_does_not_name_is_refused() -> None:
    with pytest.raises(ValueError, match="no task at S"):
        check_growth({"温州市规划局": {"S": 0, "M": 1}}, SCALES)
