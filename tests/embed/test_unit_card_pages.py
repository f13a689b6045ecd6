"""The unit card shows a page of each list: the pages walk the lists the card showed
whole before (its code kept here as the reference), and the lights count every one."""

from __future__ import annotations

import dataclasses
import datetime as dt
import html as html_lib
import re
from collections import Counter
from collections.abc import Iterable
from urllib.parse import parse_qs, urlsplit

import networkx as nx
import pytest
from sqlalchemy.engine import Engine
from sqlmodel import Session
from starlette.testclient import TestClient

from embed.paging import Window
from embed.views.unit import Pages, TaskLine, UnitCard, unit_card
from graph.analysis import tasks_of
from graph.asof import AsOfContext
from graph.build import HAS_TARGET, RESPONSIBLE_FOR, build_graph
from graph.names import resolve_unit
from graph.obligations import task_heading
from graph.quotes import quote_of
from graph.rows import TargetRow, assessed_rows, document_label, obligation_row

from .conftest import COLLECTIVE
from .test_overdue_rows import reports_of


@pytest.fixture(scope="module")
def corpus_graph(corpus_sqlite: Engine) -> nx.MultiDiGraph:
    with Session(corpus_sqlite) as session:
        return build_graph(session)


def target_rows(context: AsOfContext, targets: Iterable[str]) -> list[TargetRow]:
    """The rows the card showed before it paged, walking every edge of the graph (the
    reference :func:`graph.target_progress.progress_rows` is compared with).

    A target's progress is the largest ``value_reached`` reported on any obligation
    instance carrying it as of the day asked about (reports are cumulative per instance).
    """
    graph = context.graph
    carriers: dict[str, list[str]] = {}
    for ob_node, target, key in graph.edges(keys=True):
        if key == "HAS_TARGET" and graph.nodes[ob_node]["kind"] == "Obligation":
            carriers.setdefault(target, []).append(ob_node.removeprefix("obligation:"))
    rows = []
    for tid in sorted(set(targets), key=lambda t: (graph.nodes[t]["path"], t)):
        data = graph.nodes[tid]
        bases = carriers.get(tid, [])
        values = [v for oid, v in context.reached.items()
                  if any(oid == b or oid.startswith(b + "@") for b in bases)]
        reached = max(values, default=0.0)
        value = float(data["value"])
        percent = int(min(100, round(100 * reached / value))) if value > 0 else 0
        task = f"task:{data['task_id']}" if data.get("task_id") else None
        rows.append(TargetRow(id=tid, path=data["path"], label=data["label"],
                              metric=data.get("metric") or "", value=value, unit=data["unit"],
                              period=data["period"], reached=reached, percent=percent,
                              quote=quote_of(graph, data), task=task))
    return rows

def whole_card(context: AsOfContext, name: str) -> UnitCard:
    """The card as it was computed before it had pages: every task, obligation and target."""
    graph = context.graph
    node = resolve_unit(graph, name)
    tasks = []
    for task in tasks_of(graph, node):
        role = graph.edges[node, task, RESPONSIBLE_FOR].get("role", "co")
        tasks.append(TaskLine(path=graph.nodes[task]["path"], role=role,
                              document=document_label(graph, f"document:{graph.nodes[task]['document_id']}"),
                              heading=task_heading(graph, task)))
    tasks.sort(key=lambda t: (t.document, t.path))
    assessed = assessed_rows(context, unit=node)
    targets = [v for task in tasks_of(graph, node)
               for _, v, k in graph.out_edges(task, keys=True) if k == HAS_TARGET]
    return UnitCard(name=graph.nodes[node]["name"], aliases=(), level="", tasks=tasks,
                    obligations=[obligation_row(graph, a) for a in assessed],
                    targets=target_rows(context, targets),
                    counts=dict(Counter(a.status.value for a in assessed)))


def reached_of(graph: nx.MultiDiGraph) -> dict[str, float]:
    """A reached value on every instance carrying a target, growing with the instance."""
    found: dict[str, float] = {}
    for n, report in enumerate(reports_of(graph)):
        found[report.obligation_id] = float(n)
    return found


UNITS = ["市招商局", COLLECTIVE, "市商务局", "市规划局"]


@pytest.mark.parametrize("name", UNITS)
@pytest.mark.parametrize("first", [1, 3])
def test_the_card_pages_walk_each_whole_list_once_and_the_lights_count_them_all(
        corpus_graph: nx.MultiDiGraph, name: str, first: int) -> None:
    for day in (dt.date(2019, 1, 1), dt.date(2026, 1, 1)):
        context = AsOfContext(graph=corpus_graph, as_of=day, reports=reports_of(corpus_graph),
                              reached=reached_of(corpus_graph))
        whole = whole_card(context, name)
        walked: dict[str, list[object]] = {"obligations": [], "tasks": [], "targets": []}
        offset = 0
        while True:
            window = Window(first=first, offset=offset)
            card = unit_card(context, name, pages=Pages(obligations=window, tasks=window,
                                                        targets=window))
            assert card.counts == whole.counts  # the lights are the whole list's
            assert (card.obligations_shown.total, card.tasks_shown.total,
                    card.targets_shown.total) == (len(whole.obligations), len(whole.tasks),
                                                  len(whole.targets))
            for what in walked:
                rows = getattr(card, what)
                assert len(rows) <= first
                walked[what] += rows
            if offset >= max(len(whole.obligations), len(whole.tasks), len(whole.targets)):
                break
            offset += first
        assert walked["obligations"] == whole.obligations, (name, day)
        assert walked["tasks"] == whole.tasks, (name, day)
        assert walked["targets"] == whole.targets, (name, day)
    assert whole.obligations and whole.tasks  # the comparison was about rows


def test_the_targets_progress_is_the_largest_value_reached_on_an_instance(
        corpus_graph: nx.MultiDiGraph) -> None:
    # reached_of gives later instances larger values: a bar may not show the first one's
    context = AsOfContext(graph=corpus_graph, as_of=dt.date(2026, 1, 1),
                          reached=reached_of(corpus_graph))
    card = unit_card(context, "市招商局")
    assert any(t.reached > 0 for t in card.targets)
    assert [dataclasses.astuple(t) for t in card.targets] == [
        dataclasses.astuple(t) for t in whole_card(context, "市招商局").targets]


def test_the_card_says_how_many_of_each_list_it_shows_and_links_to_the_rest(
        client: TestClient) -> None:
    page = client.get("/embed/unit/市招商局", params={"asOf": "2026-01-01", "first": "2"}).text
    assert re.search(r'data-section="obligations">共 \d+ 项，显示第 1–2 项', page)
    assert '<p class="pager" data-section="tasks">共 6 项，显示第 1–2 项' in page
    assert page.count('<li class="task"') == 2
    assert page.count('<li class="ob"') == 2
    tasks = page[page.index('data-section="tasks"'):]
    later = re.search(r'<a rel="next" href="([^"]+)"', tasks)
    assert later is not None
    query = parse_qs(urlsplit(html_lib.unescape(later.group(1))).query)
    assert query == {"asOf": ["2026-01-01"], "first": ["2"], "tasksOffset": ["2"]}
    breakdown = re.search(r'<a class="whole" href="([^"]+)"', tasks)
    assert breakdown is not None and "/export/breakdown.xlsx?" in breakdown.group(1)
    export = client.get(html_lib.unescape(breakdown.group(1)))
    assert export.status_code == 200 and export.content[:2] == b"PK"


def test_the_cards_lists_page_on_their_own(client: TestClient) -> None:
    page = client.get("/embed/unit/市招商局", params={"asOf": "2026-01-01", "first": "2",
                                                    "tasksOffset": "4"}).text
    assert '<p class="pager" data-section="tasks">共 6 项，显示第 5–6 项' in page
    assert re.search(r'data-section="obligations">共 \d+ 项，显示第 1–2 项', page)


@pytest.mark.parametrize("param", ["offset", "tasksOffset", "targetsOffset"])
def test_a_cards_offset_out_of_range_is_refused_naming_it(client: TestClient,
                                                          param: str) -> None:
    zh = client.get("/embed/unit/市招商局", params={param: "-3"})
    assert zh.status_code == 400 and f"{param} 须为 0 至 10000000 之间的整数" in zh.text
    en = client.get("/embed/unit/市招商局", params={param: "x", "lang": "en"})
    assert en.status_code == 400 and f"{param} must be a whole number from 0" in en.text
