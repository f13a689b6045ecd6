"""Units merge across documents: canonical name or alias finds the same unit."""

from __future__ import annotations

from sqlalchemy.engine import Engine

from extract.model import UnitRef
from store.crud.units import get_unit_by_name_or_alias, list_units, unit_aliases, upsert_unit
from store.db import session_scope
from tests.store.extractions import ZHAOSHANG


def test_a_unit_is_found_by_its_alias_jinghe_ban(engine: Engine) -> None:
    with session_scope(engine) as session:
        created = upsert_unit(session=session, ref=ZHAOSHANG)
    with session_scope(engine) as session:
        found = get_unit_by_name_or_alias(session=session, name="经合办")
        assert found is not None and found.id == created.id and found.name == "市招商局"
        assert found.level == "city"
        assert get_unit_by_name_or_alias(session=session, name="市财政局") is None


def test_a_unit_named_only_by_its_alias_is_reused_not_duplicated(engine: Engine) -> None:
    with session_scope(engine) as session:
        first = upsert_unit(session=session, ref=ZHAOSHANG)
        again = upsert_unit(session=session, ref=UnitRef(name="经合办", raw="经合办"))
        assert again.id == first.id
        assert [u.name for u in list_units(session=session)] == ["市招商局"]


def test_a_new_alias_is_added_to_the_existing_unit_and_level_filled_in(engine: Engine) -> None:
    with session_scope(engine) as session:
        unit = upsert_unit(session=session, ref=UnitRef(name="市招商局", raw="市招商局"))
        assert unit.level == "unknown"
        upsert_unit(session=session, ref=ZHAOSHANG)
        upsert_unit(
            session=session,
            ref=UnitRef(name="市招商局", raw="市招商局(市经合办)", aliases=("市经合办",)),
        )
        assert unit.id is not None
        assert unit_aliases(session=session, unit_id=unit.id) == ["市经合办", "经合办"]
        assert unit.level == "city"


def test_list_units_orders_by_canonical_name(engine: Engine) -> None:
    with session_scope(engine) as session:
        for name in ("市农业局", "市发改委", "市教育局"):
            upsert_unit(session=session, ref=UnitRef(name=name, raw=name))
        names = [u.name for u in list_units(session=session)]
    assert names == sorted(["市农业局", "市发改委", "市教育局"])
