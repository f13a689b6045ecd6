"""``policygraph succession add / list / remove / load / suggest``."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from sqlmodel import Session

from graph.state import read_version
from store.audit import list_audit
from store.crud.successions import list_successions
from store.db import make_engine
from store.succession_reference import SUCCESSIONS_FILE, read_reference
from store.tables import Jurisdiction, Unit
from tests.cli.two_cities import run, two_cities

WENZHOU = "浙江省温州市"


def _names(session: Session) -> list[tuple[str, str, str, dt.date]]:
    out = []
    for row in list_successions(session=session):
        before, after = session.get_one(Unit, row.predecessor_id), session.get_one(Unit, row.successor_id)
        out.append((before.name, after.name,
                    session.get_one(Jurisdiction, after.jurisdiction_id).full_name, row.effective_on))
    return out


def test_add_records_the_successor_in_the_predecessors_jurisdiction_audited(tmp_path: Path) -> None:
    url = two_cities(tmp_path)
    code, output = run(url, "succession", "add", "--from", "市国土资源局", "--to",
                       "市自然资源和规划局", "--on", "2019-03-01", "--note", "温州市机构改革方案")
    assert code == 0, output
    engine = make_engine(url)
    with Session(engine) as session:
        assert _names(session) == [("市国土资源局", "市自然资源和规划局", WENZHOU,
                                    dt.date(2019, 3, 1))]
        [entry] = list_audit(session=session, action="succession_add")
        assert entry.actor == "cli" and json.loads(entry.new_value or "{}")["predecessor"] == "市国土资源局"
        version = read_version(session)
    code, listing = run(url, "succession", "list")
    assert code == 0 and "市国土资源局" in listing and "温州市机构改革方案" in listing
    succession_id = entry.target.split(":")[1]
    code, output = run(url, "succession", "remove", succession_id)
    assert code == 0, output
    with Session(engine) as session:
        assert list_successions(session=session) == []
        [removed] = list_audit(session=session, action="succession_remove")
        assert json.loads(removed.previous_value or "{}")["successor"] == "市自然资源和规划局"
        assert read_version(session) == version + 1
    assert run(url, "succession", "remove", succession_id)[0] == 1
    engine.dispose()


def test_a_shared_name_needs_a_jurisdiction_and_a_bad_kind_or_loop_is_refused(tmp_path: Path) -> None:
    url = two_cities(tmp_path)
    code, output = run(url, "succession", "add", "--from", "市发改委", "--to", "市发展改革局",
                       "--on", "2019-01-01")
    assert code == 2 and "浙江省杭州市" in output and "浙江省宁波市" in output
    assert run(url, "succession", "add", "--from", "市规划局", "--to", "市招商局",
               "--on", "2019-01-01", "--kind", "absorb")[0] == 2
    assert run(url, "succession", "add", "--from", "市规划局", "--to", "市招商局",
               "--on", "2019-01-01")[0] == 0
    code, output = run(url, "succession", "add", "--from", "市招商局", "--to", "市规划局",
                       "--on", "2019-01-01")
    assert code == 2, output  # 市招商局 would succeed into itself


def test_load_records_what_it_can_place_and_says_what_it_skipped(tmp_path: Path) -> None:
    url = two_cities(tmp_path)
    file = tmp_path / "successions.yaml"
    file.write_text(
        "successions:\n"
        "  - jurisdiction: 浙江省温州市\n"
        "    predecessors: [市国土资源局, 市规划局, 市测绘局]\n"
        "    successor: 市自然资源和规划局\n"
        "    kind: merge\n"
        "    effective_on: 2019-03-01\n"
        "    source: 温州市机构改革方案\n"
        "  - jurisdiction: 火星市\n"
        "    predecessors: [市规划局]\n"
        "    successor: 市自然资源局\n"
        "    effective_on: 2019-03-01\n"
        "    source: none\n", encoding="utf-8")
    code, output = run(url, "succession", "load", str(file))
    assert code == 0, output
    assert "市测绘局" in output and "火星市" in output  # both skipped, and said so
    engine = make_engine(url)
    with Session(engine) as session:
        assert sorted(_names(session)) == [
            ("市国土资源局", "市自然资源和规划局", WENZHOU, dt.date(2019, 3, 1)),
            ("市规划局", "市自然资源和规划局", WENZHOU, dt.date(2019, 3, 1))]
        assert len(list_audit(session=session, action="succession_add")) == 2
    engine.dispose()


def test_suggest_lists_reform_patterns_the_stored_units_match_until_recorded(tmp_path: Path) -> None:
    url = two_cities(tmp_path)
    code, output = run(url, "succession", "suggest")
    assert code == 0, output
    line = next(x for x in output.splitlines() if "市国土资源局" in x)
    assert "市规划局" in line and "市自然资源和规划局" in line and "温州市" in line
    assert "市财政局" not in output  # no pattern names it
    for old in ("市国土资源局", "市规划局"):
        run(url, "succession", "add", "--from", old, "--to", "市自然资源和规划局",
            "--on", "2019-03-01")
    assert "市国土资源局" not in run(url, "succession", "suggest")[1]


def test_the_shipped_reference_file_states_a_date_and_source_for_every_entry() -> None:
    entries, patterns = read_reference(SUCCESSIONS_FILE)
    assert entries and patterns
    assert all(e.source.strip() and e.predecessors and e.successor for e in entries)
    assert all(dt.date(2018, 1, 1) <= e.effective_on <= dt.date(2020, 12, 31) for e in entries)
