"""The Wenzhou pairings load as places and pairings, keeping confidence and source."""

from __future__ import annotations

from sqlalchemy.engine import Engine

from store.crud.places import get_place, list_pairings
from store.db import session_scope
from store.reference import load_pairings
from tests.store.conftest import row_counts


def test_five_pairs_load_with_their_confidence_and_since(engine: Engine) -> None:
    with session_scope(engine) as session:
        assert load_pairings(session=session) == 5
    with session_scope(engine) as session:
        pairs = {
            (d.name, a.name): (p.confidence, p.since) for p, d, a in list_pairings(session=session)
        }
    # From data/reference/wenzhou-pairings.yaml, read by hand.
    assert pairs == {
        ("鹿城区", "泰顺县"): ("stated", None),
        ("龙湾区", "苍南县"): ("reported", 2007),
        ("瑞安市", "文成县"): ("reported", 2002),
        ("乐清市", "平阳县"): ("reported", 2007),
        ("瓯海区", "永嘉县"): ("inferred", None),
    }


def test_places_get_kind_from_suffix_and_wenzhou_as_parent(engine: Engine) -> None:
    with session_scope(engine) as session:
        load_pairings(session=session)
        taishun, lucheng, ruian = (
            get_place(session=session, name=n) for n in ("泰顺县", "鹿城区", "瑞安市")
        )
        wenzhou = get_place(session=session, name="温州市")
        assert taishun is not None and (taishun.kind, taishun.parent) == ("county", "温州市")
        assert lucheng is not None and (lucheng.kind, lucheng.parent) == ("district", "温州市")
        assert ruian is not None and ruian.kind == "city"
        assert wenzhou is not None and wenzhou.parent == "浙江省"


def test_pairing_source_is_kept_verbatim(engine: Engine) -> None:
    with session_scope(engine) as session:
        load_pairings(session=session)
        sources = {d.name: p.source for p, d, _a in list_pairings(session=session)}
    assert sources["瓯海区"].startswith("not found in a source")


def test_loading_twice_leaves_the_same_rows(engine: Engine) -> None:
    with session_scope(engine) as session:
        load_pairings(session=session)
    before = row_counts(engine)
    with session_scope(engine) as session:
        load_pairings(session=session)
    after = row_counts(engine)
    assert after == before
    # 浙江省 + 温州市 + five developed + five accelerated = 12 places.
    assert after["place"] == 12 and after["pairing"] == 5
