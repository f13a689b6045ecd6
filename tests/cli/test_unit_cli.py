"""``policygraph unit list`` and ``unit aliases add / list``: units per jurisdiction."""

from __future__ import annotations

from pathlib import Path

from sqlmodel import Session

from graph.state import read_version
from store.audit import list_audit
from store.crud.units import find_unit
from store.db import make_engine
from store.readback import one_row
from store.tables import Jurisdiction
from tests.cli.two_cities import run, two_cities

HANGZHOU, NINGBO = "浙江省杭州市", "浙江省宁波市"


def test_unit_list_of_one_jurisdiction_shows_only_its_units_with_full_names(tmp_path: Path) -> None:
    url = two_cities(tmp_path)
    code, output = run(url, "unit", "list", "--jurisdiction", "杭州市")
    assert code == 0, output
    assert "市发展和改革委员会" in output and HANGZHOU in output
    assert NINGBO not in output and "市财政局" not in output
    code, everything = run(url, "unit", "list")
    assert code == 0 and HANGZHOU in everything and NINGBO in everything


def test_a_shared_name_without_jurisdiction_is_refused_listing_both_governments(
        tmp_path: Path) -> None:
    url = two_cities(tmp_path)
    code, output = run(url, "unit", "aliases", "add", "市发改委", "发展委")
    assert code == 2
    assert "--jurisdiction" in output and HANGZHOU in output and NINGBO in output


def test_an_added_alias_finds_the_unit_and_is_audited_with_a_new_data_version(
        tmp_path: Path) -> None:
    url = two_cities(tmp_path)
    engine = make_engine(url)
    with Session(engine) as session:
        before = read_version(session)
    code, output = run(url, "unit", "aliases", "add", "市发改委", "发展委", "--jurisdiction", "宁波市")
    assert code == 0, output
    with Session(engine) as session:
        ningbo = one_row(session=session, model=Jurisdiction,
                         where=[Jurisdiction.full_name == NINGBO])
        found = find_unit(session=session, name="发展委")  # only 宁波's answers to it
        assert found is not None and found.jurisdiction_id == ningbo.id
        assert read_version(session) == before + 1
        [entry] = list_audit(session=session, action="unit_alias_add")
        assert entry.actor == "cli" and entry.target == f"unit:{found.id}"
        assert entry.new_value is not None and "发展委" in entry.new_value
    code, listing = run(url, "unit", "aliases", "list", "发展委")
    assert code == 0 and "发展委" in listing and "用户添加" in listing
    engine.dispose()


def test_an_alias_another_unit_of_the_jurisdiction_has_is_refused(tmp_path: Path) -> None:
    url = two_cities(tmp_path)
    code, output = run(url, "unit", "aliases", "add", "市财政局", "市发改委",
                       "--jurisdiction", "宁波市")
    assert code == 2 and "市发展和改革委员会" in output
    engine = make_engine(url)
    with Session(engine) as session:
        assert list_audit(session=session, action="unit_alias_add") == []
    engine.dispose()


def test_an_unknown_jurisdiction_is_named(tmp_path: Path) -> None:
    url = two_cities(tmp_path)
    code, output = run(url, "unit", "list", "--jurisdiction", "火星市")
    assert code == 2 and "火星市" in output
