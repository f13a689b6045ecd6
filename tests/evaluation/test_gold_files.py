"""Reading gold files: the format's checks, and a whole run over an invented document."""

from __future__ import annotations

from pathlib import Path

import pytest

from evaluation.gold import GoldError, load_gold, parse_gold
from evaluation.report import floor, markdown
from evaluation.run import evaluate

FIXTURES = Path(__file__).parent / "fixtures"


def test_invented_gold_reads_every_part() -> None:
    gold = load_gold(FIXTURES / "gold" / "90_invented_lake_town_plan.yaml")
    assert gold.document == "genre/90_invented_lake_town_plan.txt"
    assert ("一(一)", "县交通运输局") in gold.facts.units
    assert ("二(一)", "yearly:12-31") in gold.facts.deadlines
    assert ("一(二)", 20.0, "家", ">=", None) in gold.facts.targets
    assert ("issued_on", "2026-03-02") in gold.facts.header
    assert len(gold.facts.header) == 4


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"document": "a.txt", "header": {"titel": "x"}}, "unknown header fields"),
        ({"document": "a.txt", "items": [{"quote": "no path"}]}, "needs a 'path'"),
        ({"document": "a.txt", "items": [{"path": "一", "units": [{"role": "co"}]}]},
         "needs a 'name'"),
        ({"document": "a.txt", "items": [{"path": "一", "units": [{"name": "x", "role": "boss"}]}]},
         "role must be lead or co"),
        ({"document": "a.txt", "items": [{"path": "一", "deadlines": ["明年"]}]},
         "not a deadline key"),
        ({"document": "a.txt", "items": [{"path": "一", "targets": [{"unit": "个"}]}]},
         "needs a 'value'"),
    ],
)
def test_malformed_gold_names_the_fault(data: dict, message: str) -> None:
    with pytest.raises(GoldError, match=message):
        parse_gold(data, "a", source="a.yaml")


def test_invalid_yaml_is_a_gold_error(tmp_path: Path) -> None:
    (tmp_path / "bad.yaml").write_text("document: [unclosed\n", encoding="utf-8")
    with pytest.raises(GoldError, match=r"bad\.yaml: not valid YAML"):
        load_gold(tmp_path / "bad.yaml")


def test_run_over_invented_corpus_pairs_documents_and_gold() -> None:
    evaluation = evaluate(FIXTURES / "gold", FIXTURES / "corpus")
    assert [r.stem for r in evaluation.results] == ["90_invented_lake_town_plan"]
    assert evaluation.without_gold == ["91_invented_without_gold"]
    result = evaluation.results[0]
    assert result.document == "genre/90_invented_lake_town_plan.txt"
    # A plain plan with one responsibility clause per item: the extractor must read it whole.
    for part in ("units", "targets", "deadlines"):
        assert result.scores[part].f1 == 1.0, (part, result.missed[part], result.extra[part])
    assert ("issuer", "青湖县人民政府") not in result.missed["header"]


def test_report_and_floor_cover_every_document_and_part() -> None:
    evaluation = evaluate(FIXTURES / "gold", FIXTURES / "corpus")
    text = markdown(evaluation)
    assert "| genre/90_invented_lake_town_plan.txt | units | 4 | 4 | 4 |" in text
    assert "`91_invented_without_gold`" in text
    figures = floor(evaluation)["documents"]["90_invented_lake_town_plan"]
    assert set(figures) == {"units", "targets", "deadlines", "header", "jurisdiction"}
    assert figures["units"] == 1.0
    assert figures["header"] <= evaluation.results[0].scores["header"].f1


def test_an_invented_county_is_placed_nowhere_as_its_gold_says() -> None:
    # 青湖县 is no division and 青政发 is no government's sure abbreviation (青海, 青岛).
    result = evaluate(FIXTURES / "gold", FIXTURES / "corpus").results[0]
    assert result.scores["jurisdiction"].found == 0
    assert result.scores["jurisdiction"].f1 == 1.0


def test_a_gold_jurisdiction_is_compared_by_full_name(tmp_path: Path) -> None:
    gold_dir = tmp_path / "gold"
    gold_dir.mkdir()
    source = (FIXTURES / "gold" / "90_invented_lake_town_plan.yaml").read_text(encoding="utf-8")
    (gold_dir / "90_invented_lake_town_plan.yaml").write_text(
        source.replace("jurisdiction: null", "jurisdiction: 浙江省湖州市"), encoding="utf-8")
    evaluation = evaluate(gold_dir, FIXTURES / "corpus")
    result = evaluation.results[0]
    assert result.missed["jurisdiction"] == {("jurisdiction", "浙江省湖州市")}
    assert result.scores["jurisdiction"].f1 == 0.0
    assert "0 of 1 documents placed" in markdown(evaluation)


def test_a_jurisdiction_that_is_no_name_is_a_gold_error() -> None:
    with pytest.raises(GoldError, match="'jurisdiction' must be a full division name"):
        parse_gold({"document": "a.txt", "jurisdiction": 330300}, "a", source="a.yaml")


def test_every_corpus_gold_names_its_jurisdiction() -> None:
    from evaluation.run import GOLD_DIR

    for path in sorted(GOLD_DIR.glob("*.yaml")):
        assert load_gold(path).facts.jurisdiction, f"{path.name}: no jurisdiction"


def test_floor_rises_but_a_fall_is_kept_unless_accepted() -> None:
    from evaluation.report import raise_floor

    previous = {"documents": {"doc": {"units": 0.8, "deadlines": 1.0}}}
    current = {"documents": {"doc": {"units": 0.9, "deadlines": 0.5}}}
    kept, falls = raise_floor(previous, current, accept_lower=False)
    assert kept["documents"]["doc"] == {"units": 0.9, "deadlines": 1.0}
    assert falls == ["doc deadlines 1.0000 -> 0.5000"]
    lowered, _ = raise_floor(previous, current, accept_lower=True)
    assert lowered["documents"]["doc"]["deadlines"] == 0.5
