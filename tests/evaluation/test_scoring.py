"""Precision, recall and F1 on small hand-made sets, and the set comparison per part."""

from __future__ import annotations

import datetime as dt

import pytest

from evaluation.facts import Facts, extraction_facts, target_fact
from evaluation.normalize import deadline_key, norm_deadline_key
from evaluation.run import compare
from evaluation.score import Score, micro, score_sets
from extract import extract_document


def test_perfect_match_scores_one() -> None:
    s = score_sets({("一", "市财政局"), ("二", "市商务局")}, {("二", "市商务局"), ("一", "市财政局")})
    assert (s.precision, s.recall, s.f1) == (1.0, 1.0, 1.0)


def test_partial_match_gives_ratios_of_the_counts() -> None:
    s = score_sets({"a", "b", "c", "d"}, {"a", "b", "x"})
    assert (s.matched, s.missed, s.extra) == (2, 2, 1)
    assert s.precision == pytest.approx(2 / 3)
    assert s.recall == pytest.approx(2 / 4)
    assert s.f1 == pytest.approx(2 * (2 / 3) * 0.5 / (2 / 3 + 0.5))


def test_nothing_found_has_zero_recall_and_zero_f1() -> None:
    s = score_sets({"a"}, set())
    assert (s.precision, s.recall, s.f1) == (1.0, 0.0, 0.0)


def test_found_facts_without_gold_score_zero_precision() -> None:
    s = score_sets(set(), {"a"})
    assert (s.precision, s.recall, s.f1) == (0.0, 1.0, 0.0)


def test_both_empty_is_perfect() -> None:
    assert score_sets(set(), set()).f1 == 1.0


def test_micro_totals_add_counts_before_dividing() -> None:
    total = micro([Score(9, 1, 0), Score(0, 0, 10)])
    assert total == Score(9, 1, 10)
    assert total.precision == pytest.approx(9 / 19)
    assert total.recall == pytest.approx(9 / 10)


def test_targets_differing_in_any_field_do_not_match() -> None:
    gold = {target_fact("一", 1.2, "万人", ">=", None)}
    assert score_sets(gold, {target_fact("一", 1.2, "万", ">=", None)}).matched == 0
    assert score_sets(gold, {target_fact("一", 1.2, "万人", "=", None)}).matched == 0
    assert score_sets(gold, {target_fact("二", 1.2, "万人", ">=", None)}).matched == 0
    assert score_sets(gold, {target_fact("一", "1.20", "万 人", ">", 9)}).matched == 1


def test_range_targets_compare_their_upper_bound() -> None:
    gold = {target_fact("一", 1, "个", "range", 2)}
    assert score_sets(gold, {target_fact("一", 1, "个", "range", 2)}).matched == 1
    assert score_sets(gold, {target_fact("一", 1, "个", "range", 3)}).matched == 0


def test_compare_reports_missed_and_extra_per_part() -> None:
    gold = Facts(frozenset({("一(一)", "县财政局"), ("一(一)", "县商务局")}), frozenset(),
                 frozenset({("一(一)", "2027-06-30")}), frozenset({("title", "某方案")}))
    found = Facts(frozenset({("一(一)", "县财政局")}), frozenset(),
                  frozenset({("一(一)", "2027-12-31")}), frozenset({("title", "某方案")}))
    scores, missed, extra = compare(gold, found)
    assert missed["units"] == {("一(一)", "县商务局")} and not extra["units"]
    assert missed["deadlines"] == {("一(一)", "2027-06-30")}
    assert extra["deadlines"] == {("一(一)", "2027-12-31")}
    assert scores["deadlines"].f1 == 0.0
    assert scores["targets"].f1 == 1.0 and scores["header"].f1 == 1.0


@pytest.mark.parametrize(
    ("recurrence", "due", "month", "day", "key"),
    [
        ("once", dt.date(2028, 6, 30), None, None, "2028-06-30"),
        ("yearly", dt.date(2027, 10, 31), 10, 31, "yearly:10-31"),
        ("yearly", None, None, None, "yearly:12-31"),
        ("yearly", None, 2, None, "yearly:02-29"),
        ("half-yearly", None, None, None, "half-yearly"),
        ("quarterly", None, None, None, "quarterly"),
        ("monthly", None, None, 5, "monthly:05"),
        ("monthly", None, None, None, "monthly:end"),
        ("ongoing", None, None, None, "ongoing"),
    ],
)
def test_extracted_deadlines_map_to_gold_keys(recurrence: str, due: dt.date | None,
                                              month: int | None, day: int | None,
                                              key: str) -> None:
    assert deadline_key(recurrence, due, month, day) == key
    assert norm_deadline_key(key) == key


def test_unknown_deadline_key_is_refused() -> None:
    with pytest.raises(ValueError, match="not a deadline key"):
        norm_deadline_key("2027年底")


def test_extraction_facts_read_paths_units_and_deadlines() -> None:
    text = ("一、重点任务\n（一）完善道路。2027年6月底前建成道路12公里以上。"
            "（责任单位：县交通运输局、县财政局）\n")
    facts = extraction_facts(extract_document(text, "x"))
    assert ("一(一)", "县交通运输局") in facts.units
    assert ("一(一)", "县财政局") in facts.units
    assert ("一(一)", "2027-06-30") in facts.deadlines
