"""The responsibility network: SVG picture and the interactive page's data."""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from itertools import pairwise

from starlette.testclient import TestClient

SVG = "{http://www.w3.org/2000/svg}"


def _nodes(svg: str) -> list[tuple[str, str, float, float]]:
    """(kind, label, x, y) of every node group."""
    root = ET.fromstring(svg)
    found = []
    for group in root.iter(f"{SVG}g"):
        if group.get("class") != "node":
            continue
        label = group.find(f"{SVG}text")
        assert label is not None
        shape = group.find(f"{SVG}circle")
        if shape is not None:
            x, y = float(shape.get("cx", 0)), float(shape.get("cy", 0))
        else:
            rect = group.find(f"{SVG}rect")
            assert rect is not None
            x, y = float(rect.get("x", 0)) + 5, float(rect.get("y", 0)) + 5
        found.append((group.get("data-kind", ""), label.text or "", x, y))
    return found


def test_a_units_network_holds_its_clause(client: TestClient) -> None:
    # 市商务局 is named only in 二(三)4: 市农业局、市商务局、市招商局〈经合办〉,结对县〈市、区〉党委、政府,
    # whose target is "销售窗口和平台30个以上".
    response = client.get("/embed/network.svg", params={"unit": "市商务局"})
    assert response.headers["content-type"].startswith("image/svg+xml")
    nodes = _nodes(response.text)
    units = sorted(label for kind, label, _, _ in nodes if kind == "Unit")
    assert units == sorted(["市农业局", "市商务局", "市招商局", "结对县(市、区)党委、政府"])
    assert [label for kind, label, _, _ in nodes if kind == "Task"] == ["二(三)4"]
    assert [label for kind, label, _, _ in nodes if kind == "Target"] == ["30个"]


def test_the_whole_network_stays_readable_beyond_sixty_nodes(client: TestClient) -> None:
    nodes = _nodes(client.get("/embed/network.svg", params={"asOf": "2019-01-01"}).text)
    assert len(nodes) >= 60
    by_column: dict[float, list[float]] = {}
    for _, _, x, y in nodes:
        by_column.setdefault(x, []).append(y)
    for ys in by_column.values():
        ys.sort()
        # one 12-px label per 24-px row: labels of a column never touch
        assert all(b - a >= 24 for a, b in pairwise(ys))


def test_status_colours_follow_the_day(client: TestClient) -> None:
    # 二(二)1's only deadline, 2018年7月底前, had passed when the document was issued on
    # 2018-12-07: nothing of it exists (no status) before that day, red from it on.
    def colour(day: str) -> str:
        svg = client.get("/embed/network.svg", params={"unit": "结对县(市、区)党委、政府",
                                                      "asOf": day}).text
        group = re.search(r'<g class="node" data-kind="Task" data-status="(\w*)"><title>[^<]*</title>'
                          r'<rect [^>]*/><text [^>]*>二\(二\)1<', svg)
        assert group, svg[:300]
        return group.group(1)
    assert colour("2018-08-01") == ""
    assert colour("2018-12-07") == "OVERDUE"


def test_interactive_page_loads_the_vendored_library_only(client: TestClient) -> None:
    html = client.get("/embed/network", params={"document": "温政发〔2018〕26号"}).text
    assert '<script src="/embed/static/cytoscape/cytoscape.min.js"></script>' in html
    assert not re.search(r'(src|href)="https?://(?!testserver)', html)
    data = html[html.index('id="pg-network-data">') + len('id="pg-network-data">'):]
    elements = json.loads(data[:data.index("</script>")])
    tasks = {e["data"]["label"] for e in elements if e["data"].get("kind") == "Task"}
    assert {"二(一)", "二(二)1", "二(三)4"} <= tasks
    library = client.get("/embed/static/cytoscape/cytoscape.min.js")
    assert library.status_code == 200
    assert library.headers["content-type"].startswith("text/javascript")
    assert client.get("/embed/static/cytoscape/LICENSE").status_code == 200
