"""Units merge across documents: canonical name or alias finds the same unit."""

from __future__ import annotations

from sqlalchemy.engine import Engine

from extract.divisions import named
from extract.model import UnitRef
from store.crud.jurisdictions import ensure_jurisdiction
from store.crud.units import find_unit, list_units, unit_aliases, upsert_unit
from store.db import session_scope
from tests.store.extractions import ZHAOSHANG


def _wenzhou(engine: Engine) -> int:
    with session_scope(engine) as session:
        found = ensure_jurisdiction(session=session, division=named("温州市")[0]).id
    assert found is not None
    return found


def test_a_unit_is_found_by_its_alias_jinghe_ban(engine: Engine) -> None:
    wenzhou = _wenzhou(engine)
    with session_scope(engine) as session:
        created = upsert_unit(session=session, ref=ZHAOSHANG, jurisdiction_id=wenzhou)
    with session_scope(engine) as session:
        found = find_unit(session=session, name="经合办", jurisdiction_id=wenzhou)
        assert found is not None and found.id == created.id and found.name == "市招商局"
        assert found.level == "city"
        assert find_unit(session=session, name="市财政局",
                                         jurisdiction_id=wenzhou) is None


def test_an_alias_is_not_found_in_another_jurisdiction(engine: Engine) -> None:
    wenzhou = _wenzhou(engine)
    with session_scope(engine) as session:
        upsert_unit(session=session, ref=ZHAOSHANG, jurisdiction_id=wenzhou)
        hangzhou = ensure_jurisdiction(session=session, division=named("杭州市")[0]).id
        assert hangzhou is not None
        assert find_unit(session=session, name="经合办",
                                         jurisdiction_id=hangzhou) is None


def test_a_unit_named_only_by_its_alias_is_reused_not_duplicated(engine: Engine) -> None:
    wenzhou = _wenzhou(engine)
    with session_scope(engine) as session:
        first = upsert_unit(session=session, ref=ZHAOSHANG, jurisdiction_id=wenzhou)
        again = upsert_unit(session=session, ref=UnitRef(name="经合办", raw="经合办"),
                            jurisdiction_id=wenzhou)
        assert again.id == first.id
        assert [u.name for u in list_units(session=session)] == ["市招商局"]


def test_a_new_alias_is_added_to_the_existing_unit_and_level_filled_in(engine: Engine) -> None:
    wenzhou = _wenzhou(engine)
    with session_scope(engine) as session:
        unit = upsert_unit(session=session, ref=UnitRef(name="市招商局", raw="市招商局"),
                           jurisdiction_id=wenzhou)
        assert unit.level == "unknown"
        upsert_unit(session=session, ref=ZHAOSHANG, jurisdiction_id=wenzhou)
        upsert_unit(
            session=session,
            ref=UnitRef(name="市招商局", raw="市招商局(市经合办)", aliases=("市经合办",)),
            jurisdiction_id=wenzhou,
        )
        assert unit.id is not None
        assert unit_aliases(session=session, unit_id=unit.id) == ["市经合办", "经合办"]
        assert unit.level == "city"


def test_list_units_orders_by_standard_name(engine: Engine) -> None:
    wenzhou = _wenzhou(engine)
    with session_scope(engine) as session:
        for name in ("市农业局", "市发改委", "市教育局"):
            upsert_unit(session=session, ref=UnitRef(name=name, raw=name), jurisdiction_id=wenzhou)
        names = [u.name for u in list_units(session=session)]
    # 市发改委 is stored as its standard name (extract/data/bureau_names.tsv).
    assert names == sorted(["市农业局", "市发展和改革委员会", "市教育局"])


def test_list_units_reads_only_the_first_units_by_name(engine: Engine) -> None:
    wenzhou = _wenzhou(engine)
    with session_scope(engine) as session:
        for name in ("市农业局", "市发改委", "市教育局"):
            upsert_unit(session=session, ref=UnitRef(name=name, raw=name), jurisdiction_id=wenzhou)
        first_two = [u.name for u in list_units(session=session, limit=2)]
        none = list_units(session=session, limit=0)
    assert first_two == sorted(["市农业局", "市发展和改革委员会", "市教育局"])[:2]
    assert none == []
