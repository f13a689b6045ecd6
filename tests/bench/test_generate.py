"""The synthetic corpus generator: deterministic, realistic, and truthful in its manifest.

The manifest is checked against the text with regexes written here, never with the
generator's own helpers: a clause, target or deadline the manifest lists must be read
back from the document by an independent reading.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import statistics
from pathlib import Path
from typing import Any

import pytest

from bench.generate import SCALES, generate_documents, main, write_corpus
from bench.vocabulary import CITIES, COUNTIES
from tests.bench.readers import TO_BASE, read_deadline, read_target, split_units

Docs = list[tuple[str, dict[str, Any]]]

def _files(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


# --- determinism and scale ---------------------------------------------------------------


def test_same_seed_writes_byte_identical_files(tmp_path: Path) -> None:
    for name in ("a", "b"):
        write_corpus(out=tmp_path / name, seed=3, count=8, gb18030_fraction=0.25)
    first, second = _files(tmp_path / "a"), _files(tmp_path / "b")
    assert len(first) == 9  # eight documents and the manifest
    assert first == second


def test_different_seed_writes_different_documents() -> None:
    one = [data for _, data, _ in generate_documents(seed=1, count=4)]
    two = [data for _, data, _ in generate_documents(seed=2, count=4)]
    assert all(a != b for a, b in zip(one, two, strict=True))


def test_a_document_is_the_same_whichever_scale_or_start_writes_it() -> None:
    six = list(generate_documents(seed=5, count=6))
    three = list(generate_documents(seed=5, count=3))
    fifth = list(generate_documents(seed=5, count=1, start=4))
    assert three == six[:3]
    assert fifth == six[4:5]


def test_scales_are_100_2000_and_20000_documents() -> None:
    assert SCALES == {"S": 100, "M": 2000, "L": 20000}


def test_cli_scale_s_writes_100_documents_and_their_manifest(tmp_path: Path) -> None:
    assert main(["--scale", "S", "--seed", "1", "--out", str(tmp_path), "--quiet"]) == 0
    texts = sorted(p.name for p in tmp_path.glob("*.txt"))
    lines = (tmp_path / "manifest.jsonl").read_text(encoding="utf-8").splitlines()
    assert len(texts) == 100
    assert [json.loads(line)["file"] for line in lines] == texts
    assert texts[0] == "syn_00000.txt" and texts[-1] == "syn_00099.txt"


def test_cli_rejects_a_gb18030_fraction_above_one(tmp_path: Path) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["--count", "1", "--out", str(tmp_path), "--gb18030", "1.5", "--quiet"])
    assert exit_info.value.code == 2


def test_documents_are_typically_5_to_15_kb(documents: Docs) -> None:
    sizes = [len(text.encode("utf-8")) for text, _ in documents]
    assert 5_000 <= statistics.median(sizes) <= 15_000
    assert all(2_000 <= size <= 25_000 for size in sizes)


# --- encodings ---------------------------------------------------------------------------


def test_gb18030_documents_round_trip_to_the_utf8_text(tmp_path: Path) -> None:
    write_corpus(out=tmp_path, seed=9, count=4, gb18030_fraction=1.0)
    utf8 = {name: data for name, data, _ in generate_documents(seed=9, count=4)}
    for name, data in utf8.items():
        written = (tmp_path / name).read_bytes()
        assert written != data
        assert written.decode("gb18030") == data.decode("utf-8")
        with pytest.raises(UnicodeDecodeError):
            written.decode("utf-8")


def test_a_fraction_of_gb18030_is_flagged_per_document_in_the_manifest(tmp_path: Path) -> None:
    manifest = write_corpus(out=tmp_path, seed=9, count=20, gb18030_fraction=0.5)
    records = [json.loads(line) for line in manifest.read_text(encoding="utf-8").splitlines()]
    encodings = {r["encoding"] for r in records}
    assert encodings == {"utf-8", "gb18030"}
    utf8 = {name: data.decode("utf-8") for name, data, _ in generate_documents(seed=9, count=20)}
    for record in records:
        data = (tmp_path / record["file"]).read_bytes()
        assert len(data) == record["bytes"]
        assert data.decode(record["encoding"]) == utf8[record["file"]]


# --- the header --------------------------------------------------------------------------


def test_header_title_number_and_closing_date_are_in_the_text(documents: Docs) -> None:
    for text, record in documents:
        assert record["title"] in text.replace("\n", "")
        assert re.fullmatch(r"[\u4e00-\u9fff]政(办)?发〔20\d\d〕[1-9]\d*号", record["number"])
        assert record["number"] in text
        dates = re.findall(r"^(\d{4})年(\d{1,2})月(\d{1,2})日$", text, flags=re.M)
        assert dt.date(*map(int, dates[-1])).isoformat() == record["issued_on"]
        closing = text[: text.rindex(dates[-1][0] + "年")]
        assert closing.rstrip().endswith(record["issuer"])
        assert record["genre"] in ("实施意见", "行动计划", "工作方案")


def test_web_furniture_appears_only_where_the_manifest_says(documents: Docs) -> None:
    flags = []
    for text, record in documents:
        has = "浏览次数" in text and "【返回顶部】" in text and "成文日期: " in text
        assert has == record["furniture"]
        flags.append(has)
    assert any(flags) and not all(flags)


def test_every_document_has_its_own_number() -> None:
    # the store recognises a document by its number: two sharing one would be merged
    # (at a few hundred documents, serials drawn from 1‥80 per issuer and year collide)
    from bench.document import compose

    numbers = [compose(7, index)[1]["number"] for index in range(400)]
    assert len(set(numbers)) == len(numbers)


def test_citations_are_written_with_book_title_marks_and_numbers(documents: Docs) -> None:
    for text, record in documents:
        assert record["cites"]
        for cite in record["cites"]:
            if cite["title"]:
                assert f"《{cite['title']}》" in text
            if cite["number"]:
                assert re.fullmatch(r"浙(委|政|政办)发〔\d{4}〕\d+号", cite["number"])
                assert re.search(r"[(（]" + re.escape(cite["number"]) + r"[)）]", text)


# --- headings ----------------------------------------------------------------------------


def _heading_pattern(section: dict[str, Any]) -> str:
    label = section["label"].strip("()")
    written = {1: re.escape(label) + "、", 2: f"[(（]{label}[)）]", 3: f"{label}[.．]",
               4: f"[(（]{label}[)）]"}[section["level"]]
    return "^" + written + re.escape(section["heading"])


def test_every_section_is_written_with_its_gb9704_label_in_order(documents: Docs) -> None:
    for text, record in documents:
        position = 0
        for section in record["sections"]:
            match = re.compile(_heading_pattern(section), re.M).search(text, position)
            assert match, section
            position = match.end()


def test_the_documents_use_all_four_heading_levels(documents: Docs) -> None:
    patterns = [r"^[一二三四五六七八九十]、", r"^[(（][一二三四五六七八九十][)）]",
                r"^\d[.．]\S", r"^[(（]\d[)）]"]
    for text, _ in documents:
        assert re.search(patterns[0], text, re.M) and re.search(patterns[1], text, re.M)
    for pattern in patterns:
        assert any(re.search(pattern, text, re.M) for text, _ in documents), pattern


def test_section_paths_concatenate_labels_with_ascii_parentheses(documents: Docs) -> None:
    for _, record in documents:
        for section in record["sections"]:
            assert re.fullmatch(r"[一二三四五六七八九十](\([一二三四五六七八九十]\)(\d(\(\d\))?)?)?",
                                section["path"])


# --- responsibility clauses --------------------------------------------------------------


def _raws(task: dict[str, Any], role: str | None = None) -> list[str]:
    return [u["raw"] for u in task["units"] if role is None or u["role"] == role]


def test_split_units_keeps_bracketed_and_collective_units_whole() -> None:
    listing = "市招商局〈经合办〉、市发改委,结对县〈市、区〉党委、政府"
    assert split_units(listing) == ["市招商局〈经合办〉", "市发改委", "结对县〈市、区〉党委、政府"]


def test_parenthesised_clauses_list_the_manifest_units(documents: Docs) -> None:
    seen = 0
    for text, record in documents:
        found = re.findall(r"[(（]责任单位[:：]([^)）]+)[)）]", text)
        expected = [t for t in record["tasks"] if t["form"] == "paren"]
        assert [split_units(body) for body in found] == [_raws(t) for t in expected]
        seen += len(found)
    assert seen > 0


def test_line_clauses_list_the_manifest_units(documents: Docs) -> None:
    seen = 0
    for text, record in documents:
        found = re.findall(r"^责任单位[:：](.+)$", text, flags=re.M)
        expected = [t for t in record["tasks"] if t["form"] == "line"]
        assert [split_units(body) for body in found] == [_raws(t) for t in expected]
        seen += len(found)
    assert seen > 0


def test_lead_and_co_clauses_name_the_lead_and_co_units(documents: Docs) -> None:
    seen = 0
    pattern = re.compile(r"^牵头单位[:：](.+?)(?:(?: |[;；]|\n)配合单位[:：](.+))?$", re.M)
    for text, record in documents:
        found = pattern.findall(text)
        expected = [t for t in record["tasks"] if t["form"] == "lead-co"]
        assert len(found) == len(expected)
        for (leads, cos), task in zip(found, expected, strict=True):
            assert split_units(leads) == _raws(task, "lead")
            assert split_units(cos) == _raws(task, "co")
        seen += len(found)
    assert seen > 0


def test_subject_sentences_name_the_units_before_yao(documents: Docs) -> None:
    seen = 0
    for text, record in documents:
        for task in (t for t in record["tasks"] if t["form"] == "subject"):
            assert task["clause"] in text
            subject = re.match(r"^(.+?)(?:等有关部门)?要", task["clause"])
            assert subject
            assert subject.group(1).split("、") == _raws(task)
            assert task["units"][0]["role"] == "lead"
            seen += 1
    assert seen > 0


def test_every_clause_sits_inside_its_task_section(documents: Docs) -> None:
    for text, record in documents:
        assert record["n_tasks"] == len(record["tasks"]) > 0
        starts, position = {}, 0
        for section in record["sections"]:
            match = re.compile(_heading_pattern(section), re.M).search(text, position)
            assert match
            starts[section["path"]] = position = match.start()
        order = [s["path"] for s in record["sections"]]
        for task in record["tasks"]:
            begin = starts[task["path"]]
            following = order.index(task["path"]) + 1
            end = starts[order[following]] if following < len(order) else len(text)
            assert task["clause"] in text[begin:end], task["path"]


def test_units_are_bureaus_of_the_issuers_level(documents: Docs) -> None:
    prefixes = {"province": ("省",), "city": ("市",), "county": ("县", "区", "市")}
    for _, record in documents:
        for task in record["tasks"]:
            for unit in task["units"]:
                if unit["collective"]:
                    assert (unit["raw"], unit["name"]) in (
                        ("结对县〈市、区〉党委、政府", "结对县(市、区)党委、政府"),
                        ("各县〈市、区〉人民政府", "各县(市、区)人民政府"),
                        ("各乡镇〈街道〉", "各乡镇(街道)"))
                    continue
                assert unit["name"].startswith(prefixes[record["issuer_level"]])
                assert re.search(r"(局|委|厅|中心)$", unit["name"])
                alias = re.fullmatch(r"(.+)〈(.+)〉", unit["raw"])
                assert (alias.groups() if alias else (unit["raw"],)) == (
                    unit["name"], *unit["aliases"])


# --- targets and deadlines ---------------------------------------------------------------


def test_hand_read_targets() -> None:
    assert read_target("不少于40亿元") == (">=", 40.0, "亿元", None)
    assert read_target("30个以上") == (">=", 30.0, "个", None)
    assert read_target("1—2个") == ("range", 1.0, "个", 2.0)
    assert read_target("百分之六十五") == ("=", 65, "%", None)


def test_targets_say_what_the_manifest_records(documents: Docs) -> None:
    units_seen = set()
    for text, record in documents:
        for target in record["targets"]:
            assert target["text"] in text
            assert target["text"].startswith(target["metric"])
            assert target["text"].endswith(target["quote"])
            comparator, value, unit, value_max = read_target(target["quote"])
            assert (target["comparator"], target["value"], target["unit"]) == (
                comparator, value, unit)
            assert target["value_max"] == value_max
            assert target["base_value"] == pytest.approx(value * TO_BASE[unit])
            units_seen.add(unit)
    assert {"亿元", "%"} <= units_seen


def test_deadlines_fall_due_when_their_phrase_says(documents: Docs) -> None:
    recurrences = set()
    for text, record in documents:
        year = int(record["number"].split("〔")[1][:4])
        for deadline in record["deadlines"]:
            assert deadline["raw"] in text
            recurrence, readings = read_deadline(deadline["raw"], year)
            assert (deadline["recurrence"], deadline["readings"]) == (recurrence, readings)
            assert deadline["due"] == readings[-1]
            recurrences.add(recurrence)
    assert recurrences == {"once", "yearly"}


# --- places ------------------------------------------------------------------------------


def test_vocabulary_has_the_11_cities_and_90_county_level_divisions() -> None:
    assert len(CITIES) == 11
    assert len(COUNTIES) == 90
    names = {c.name for c in COUNTIES}
    assert {"龙港市", "临平区", "钱塘区", "景宁畲族自治县", "鹿城区", "泰顺县"} <= names
    assert next(c for c in COUNTIES if c.name == "瑞安市").city == "温州市"


def test_places_named_in_the_manifest_are_in_the_text(documents: Docs) -> None:
    for text, record in documents:
        for place in record["places"]:
            assert place["name"] in text
            assert re.search(r"(省|市|区|县)$", place["name"])


# --- the extractor against the manifest --------------------------------------------------


def test_extractor_finds_the_manifest_units(documents: Docs) -> None:
    pipeline = pytest.importorskip(
        "extract.pipeline", reason="extract.pipeline is not written yet")
    expected = found = 0
    for text, record in documents[:4]:
        extraction = pipeline.extract_document(text, record["key"])
        names = {u.name for task in extraction.tasks for u in task.units}
        wanted = {u["name"] for t in record["tasks"] for u in t["units"]}
        expected += len(wanted)
        found += len(wanted & names)
    assert found / expected >= 0.9


# --- jurisdictions ------------------------------------------------------------------------

# County-level divisions made in 2021, newer than the GB/T 2260 table the store places
# documents with (extract/data/divisions.tsv).
NEWER_THAN_THE_DIVISION_TABLE = {"临平区", "钱塘区", "龙港市"}


def test_places_carry_their_full_names_with_province_and_city(documents: Docs) -> None:
    for _, record in documents:
        for place in record["places"]:
            assert place["full_name"].startswith("浙江省") and place["full_name"].endswith(place["name"])
            if place["city"]:
                assert place["full_name"] == "浙江省" + place["city"] + place["name"]


def test_the_store_places_each_document_in_the_manifests_jurisdiction(documents: Docs) -> None:
    from extract.divisions import full_name
    from extract.jurisdictions import issuer_division

    levels = set()
    for text, record in documents:
        division = issuer_division(issuer=record["issuer"], title=record["title"],
                                   number=record["number"], text=text)
        if record["places"][0]["name"] in NEWER_THAN_THE_DIVISION_TABLE:
            continue
        assert division is not None and full_name(division) == record["jurisdiction"], record["number"]
        levels.add(record["issuer_level"])
    assert {"city", "county"} <= levels
