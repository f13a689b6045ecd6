"""Places come from the division table (or known places), never from any two characters
before 市/县/乡/镇."""

from __future__ import annotations

import pytest

from extract.places import find_places


def names(text: str) -> list[str]:
    return [p.name for p in find_places(text, "k", ())]


@pytest.mark.parametrize("text", [
    "成立市级工作专班,统筹推进。",
    "该方案已经县政府常务会议研究同意。",
    "培育乡村振兴示范带。",
    "全面完成城镇老旧小区改造任务。",
    "推动沿海城市协同发展。",  # 海城市 is a real city, but not here
    "加强市场监管,优化营商环境。",
    "建立市和县两级联动机制。",  # 和县 is a real county, but not here
    "改造老城区道路。",
])
def test_words_before_a_division_suffix_are_not_places(text: str) -> None:
    assert names(text) == []


def test_full_division_names_are_places_with_their_kind() -> None:
    found = [(p.name, p.kind) for p in find_places("支持福田区和广元市,联系贵州省及福清市。", "k", ())]
    assert found == [("福田区", "district"), ("广元市", "city"), ("贵州省", "province"),
                     ("福清市", "city")]


def test_a_township_counts_only_right_after_a_division() -> None:
    assert names("推进温州市鹿城区七都街道建设。") == ["温州市", "鹿城区", "七都街道"]
    assert names("推进七都街道建设。") == []


def test_a_one_character_name_needs_a_clear_start() -> None:
    assert names("安徽省和县开展试点。") == ["安徽省", "和县"]


def test_each_place_is_reported_once_with_its_first_mention() -> None:
    (place,) = find_places("福田区先行,福田区推广。", "k", ())
    assert (place.source.start, place.source.quote) == (0, "福田区")


def test_pairing_counties_resolve_their_short_forms_at_ingest(tmp_path) -> None:  # type: ignore[no-untyped-def]
    from sqlalchemy import create_engine
    from sqlmodel import Session, select

    from store import tables
    from store.ingest import ingest_file
    from store.setup import init_db

    engine = create_engine(f"sqlite:///{tmp_path / 'db.sqlite'}")
    init_db(engine)
    with Session(engine) as session:
        assert not session.exec(select(tables.Place)).all()
    plan = tmp_path / "plan.txt"
    plan.write_text("一、共建园区\n（一）推进鹿—泰合作园区建设。（责任单位：市发改委）\n", encoding="utf-8")
    assert ingest_file(engine=engine, path=plan).ok
    with Session(engine) as session:
        names = {p.name for p in session.exec(select(tables.Place)).all()}
    assert {"鹿城区", "泰顺县"} <= names
