"""Look-alike spellings of a unit name are one unit: stored once, found by any spelling,
in the store and in the graph's name look-ups."""

from __future__ import annotations

import pytest
from sqlalchemy.engine import Engine
from sqlmodel import Session

from extract.model import UnitRef
from graph.build import build_graph
from graph.names import resolve_unit
from store.crud.units import find_unit, list_units, upsert_unit
from store.db import session_scope
from store.tables import UNKNOWN_JURISDICTION_ID as UNKNOWN

CULTURE = "省文化厅"
LOOKALIKES = ["省\u2f42化厅", "省文\u200b化厅", "\ufeff省文化厅 ", "省文化\u200d厅"]


def test_look_alike_spellings_are_stored_as_one_unit(engine: Engine) -> None:
    with session_scope(engine) as session:
        first = upsert_unit(session=session, ref=UnitRef(name=LOOKALIKES[0], raw=LOOKALIKES[0]),
                            jurisdiction_id=UNKNOWN)
        for spelling in LOOKALIKES[1:]:
            assert upsert_unit(session=session, ref=UnitRef(name=spelling, raw=spelling),
                               jurisdiction_id=UNKNOWN).id == first.id
        upsert_unit(session=session, ref=UnitRef(name="市规划\u200b局", raw="市规划局",
                                                  aliases=("规划\u200b局",)),
                    jurisdiction_id=UNKNOWN)
        assert [u.name for u in list_units(session=session)] == ["市规划局", CULTURE]


@pytest.mark.parametrize("spelling", [CULTURE, *LOOKALIKES])
def test_every_spelling_finds_the_unit(engine: Engine, spelling: str) -> None:
    with session_scope(engine) as session:
        upsert_unit(session=session, ref=UnitRef(name=CULTURE, raw=CULTURE), jurisdiction_id=UNKNOWN)
    with Session(engine) as session:
        found = find_unit(session=session, name=spelling, jurisdiction_id=UNKNOWN)
        assert found is not None and found.name == CULTURE
        by_progress = find_unit(session=session, name=spelling)
        assert by_progress is not None and by_progress.name == CULTURE
        graph = build_graph(session)
    assert graph.nodes[resolve_unit(graph, spelling)]["name"] == CULTURE
