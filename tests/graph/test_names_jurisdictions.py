"""Names resolved per jurisdiction on a small hand-made graph: two 鼓楼区 (南京市's and
福州市's, GB/T 2260 320106 and 350102) each with a 区发改委, and 温州市 with a 市财政局."""

from __future__ import annotations

import networkx as nx
import pytest

from graph.names import AmbiguousName, UnknownName, resolve_jurisdiction, resolve_unit

RECORDS = [(2, "320000000000", "江苏省", "江苏省", "province", None),
           (3, "320100000000", "南京市", "江苏省南京市", "city", 2),
           (4, "320106000000", "鼓楼区", "江苏省南京市鼓楼区", "county", 3),
           (5, "350000000000", "福建省", "福建省", "province", None),
           (6, "350100000000", "福州市", "福建省福州市", "city", 5),
           (7, "350102000000", "鼓楼区", "福建省福州市鼓楼区", "county", 6),
           (8, "330300000000", "温州市", "浙江省温州市", "city", None)]


@pytest.fixture
def graph() -> nx.MultiDiGraph:
    g = nx.MultiDiGraph()
    g.graph["jurisdictions"] = {i: {"id": i, "code": c, "name": n, "full_name": f, "level": lv,
                                    "parent_id": p} for i, c, n, f, lv, p in RECORDS}
    for nid, name, jurisdiction in [("unit:1", "区发展和改革委员会", 4),
                                    ("unit:2", "区发展和改革委员会", 7),
                                    ("unit:3", "市财政局", 8)]:
        g.add_node(nid, kind="Unit", name=name, aliases=(), jurisdiction_id=jurisdiction,
                   level="county", collective=False, db_id=int(nid[5:]))
    return g


def test_a_short_name_two_jurisdictions_share_is_ambiguous_with_their_full_names(
        graph: nx.MultiDiGraph) -> None:
    with pytest.raises(AmbiguousName) as raised:
        resolve_jurisdiction(graph, "鼓楼区")
    assert raised.value.candidates == ["江苏省南京市鼓楼区", "福建省福州市鼓楼区"]
    assert raised.value.kind == "jurisdiction"
    assert resolve_jurisdiction(graph, "福建省福州市鼓楼区") == 7
    assert resolve_jurisdiction(graph, "320106000000") == 4


def test_a_variant_resolves_in_the_jurisdiction_asked_for(graph: nx.MultiDiGraph) -> None:
    assert resolve_unit(graph, "区发改委", "江苏省南京市鼓楼区") == "unit:1"
    assert resolve_unit(graph, "区发展改革委", "350102000000") == "unit:2"
    with pytest.raises(AmbiguousName) as raised:
        resolve_unit(graph, "区发改委")
    assert raised.value.candidates == ["区发展和改革委员会（江苏省南京市鼓楼区）",
                                       "区发展和改革委员会（福建省福州市鼓楼区）"]


def test_a_leading_division_picks_the_government(graph: nx.MultiDiGraph) -> None:
    assert resolve_unit(graph, "温州市财政局") == "unit:3"
    with pytest.raises(UnknownName):
        resolve_unit(graph, "市财政局", "江苏省南京市")  # 南京市 has none
