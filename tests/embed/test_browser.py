"""Debian's chromium loads every widget directly and framed by a page from another origin.

A real uvicorn server (the project's app over the bundled corpus) and a second one, the
"wiki", on another loopback port whose pages iframe the widgets.  The wiki's origin is
allowed through the framing setting (``POLICYGRAPH_FRAME_ANCESTORS``); a third origin that is not allowed must
see its frame refused.  Every request is recorded: none may leave 127.0.0.1.
Screenshots go to ``test-artifacts/embed-*.png``.
"""

from __future__ import annotations

import html
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote, urlsplit

import pytest
from playwright.sync_api import Browser, FrameLocator, Locator, Page, expect
from sqlalchemy.engine import Engine
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import HTMLResponse
from starlette.routing import Route as HttpRoute

from server import create_app
from settings import Settings
from tests.browser import Traffic, chromium, loopback_only
from tests.live_server import serve

from .conftest import COLLECTIVE

pytestmark = pytest.mark.browser

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"

# name → (widget path, what must be visible: a CSS selector and a text it contains)
WIDGETS = {
    "overdue": ("/embed/overdue?asOf=2019-01-01", 'li[data-path="二(二)1"]', COLLECTIVE),
    "unit": ("/embed/unit/" + quote("经合办") + "?asOf=2019-01-01", "h1", "市招商局"),
    "place": ("/embed/place/" + quote("泰顺县") + "?asOf=2021-06-01", "p.sub", "结对:鹿城区"),
    "document": ("/embed/document/" + quote("温政发〔2018〕26号") + "?asOf=2019-01-01",
                 'div.task[data-task="二(三)4"] p.owners', "市农业局、市商务局、市招商局"),
    "timeline": ("/embed/timeline?asOf=2019-01-01&unit=" + quote("市规划局"),
                 'svg g text:has-text("二(二)2 ")', "二(二)2 2018年四季度前"),
    # 市商务局's one task 二(三)4: four units, one target (30个), and the ten counties of the
    # five pairings in wenzhou-pairings.yaml that the collective unit stands for: 16 nodes.
    "network": ("/embed/network?asOf=2019-01-01&unit=" + quote("市商务局"),
                "#pg-network[data-ready='16']", ""),
    "dashboard": ("/?asOf=2019-01-01", "h1", "政策知识图谱"),
}


@dataclass(frozen=True)
class Servers:
    widgets: str  # the policygraph server
    wiki: str  # allowed to frame
    stranger: str  # not allowed to frame


def _host_app(widgets: str) -> Starlette:
    """The "wiki": ``/frame?src=/embed/…`` is a page with the widget in a 600-px iframe."""
    def frame(request: Request) -> HTMLResponse:
        src = widgets + request.query_params["src"]
        return HTMLResponse(
            '<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>wiki</title>'
            '</head><body style="margin:8px;background:#f1f3f4"><h3>Wiki page</h3>'
            f'<iframe id="widget" src="{html.escape(src)}" width="600" height="520" '
            'style="border:1px solid #ccc;background:#fff"></iframe></body></html>')
    return Starlette(routes=[HttpRoute("/frame", frame)])


@pytest.fixture(scope="module")
def servers(corpus_sqlite: Engine) -> Iterator[Servers]:
    app = create_app(corpus_sqlite, settings=Settings(version_check_seconds=0))
    with serve(app) as widgets, serve(_host_app(widgets)) as wiki, \
            serve(_host_app(widgets)) as stranger:
        # the wiki's port is known only once it serves, after the app started: its
        # framing setting is set as the operator would have configured it
        app.state.settings = app.state.settings.model_copy(update={"frame_ancestors": wiki})
        yield Servers(widgets=widgets, wiki=wiki, stranger=stranger)


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with chromium() as launched:
        yield launched


@pytest.fixture
def page(browser: Browser) -> Iterator[tuple[Page, Traffic]]:
    context, traffic = loopback_only(browser, width=640, height=600)
    yield context.new_page(), traffic
    context.close()


def _check(scope: Page | FrameLocator, selector: str, text: str) -> Locator:
    found = scope.locator(selector).first
    expect(found).to_be_visible(timeout=15_000)
    if text:
        expect(found).to_contain_text(text)
    return found


@pytest.mark.parametrize("name", list(WIDGETS))
def test_widget_loads_directly_and_framed_by_an_allowed_origin(
        name: str, servers: Servers, page: tuple[Page, Traffic]) -> None:
    tab, traffic = page
    path, selector, text = WIDGETS[name]
    ARTIFACTS.mkdir(exist_ok=True)
    response = tab.goto(servers.widgets + path)
    assert response is not None and response.status == 200
    _check(tab, selector, text)
    tab.screenshot(path=str(ARTIFACTS / f"embed-{name}.png"), full_page=True)

    tab.goto(f"{servers.wiki}/frame?src={quote(path, safe='')}")
    _check(tab.frame_locator("#widget"), selector, text)
    tab.screenshot(path=str(ARTIFACTS / f"embed-{name}-iframe.png"))

    assert traffic.blocked == []
    assert traffic.loopback and all(urlsplit(u).hostname == "127.0.0.1" for u in traffic.loopback)


def test_overdue_widget_names_the_pairing_collective_for_2_2_1(
        servers: Servers, page: tuple[Page, Traffic]) -> None:
    # 温政发〔2018〕26号 二(二)1: "2018年7月底前 …(责任单位:结对县〈市、区〉党委、政府)".
    tab, _ = page
    tab.goto(servers.widgets + WIDGETS["overdue"][0])
    line = tab.locator('li[data-path="二(二)1"]')
    expect(line).to_contain_text("2018-07-31")
    expect(line.locator(".lead")).to_have_text(COLLECTIVE)


def test_an_origin_not_configured_cannot_frame_the_widgets(
        servers: Servers, page: tuple[Page, Traffic]) -> None:
    tab, _ = page
    tab.goto(f"{servers.stranger}/frame?src={quote('/embed/overdue?asOf=2019-01-01', safe='')}")
    tab.wait_for_load_state("load")
    frame = next(f for f in tab.frames if f != tab.main_frame)
    frame.wait_for_load_state("load")
    # chromium replaces a frame refused by frame-ancestors with its error document
    assert frame.url.startswith("chrome-error://")
    assert frame.locator('li[data-path="二(二)1"]').count() == 0
    tab.screenshot(path=str(ARTIFACTS / "embed-refused-iframe.png"))


@pytest.mark.parametrize(("name", "path", "section"), [
    ("overdue-paged", "/embed/overdue?asOf=2026-01-01&first=3", "p.pager >> nth=0"),
    ("unit-paged", "/embed/unit/" + quote("市招商局") + "?asOf=2026-01-01&first=3",
     'p.pager[data-section="tasks"]'),
])
def test_a_framed_widget_pages_through_its_list_with_its_next_link(
        name: str, path: str, section: str, servers: Servers,
        page: tuple[Page, Traffic]) -> None:
    tab, traffic = page
    ARTIFACTS.mkdir(exist_ok=True)
    tab.goto(f"{servers.wiki}/frame?src={quote(path, safe='')}")
    frame = tab.frame_locator("#widget")
    _check(frame, section, "显示第 1–3 项")
    tab.screenshot(path=str(ARTIFACTS / f"embed-{name}-iframe.png"))
    frame.locator(section).locator('a[rel="next"]').click()
    _check(frame, section, "显示第 4–6 项")  # the next page, inside the same frame
    assert traffic.blocked == []
