"""Debian's chromium shows the county map and the supervisor's desk; screenshots are kept.

The bundled corpus with one report (泰顺县's share of 二(二)1 done on 2018-07-20, as in
test_map_widget.py), so the map as of 2018-12-10 shows two bands.  Screenshots go to
``test-artifacts/embed-map*.png`` and ``test-artifacts/desk*.png`` (copies for the README
in docs/screenshots/).  Every request must stay on 127.0.0.1.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote

import pytest
from playwright.sync_api import Browser, expect
from starlette.testclient import TestClient

from server import create_app
from settings import Settings
from tests.browser import chromium, loopback_only
from tests.live_server import serve
from tests.schema.conftest import PARK, as_token, make_token

from .conftest import new_corpus_engine
from .test_map_widget import REPORT

pytestmark = pytest.mark.browser

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    engine = new_corpus_engine(tmp_path_factory.mktemp("desk-db"))
    app = create_app(engine, settings=Settings(version_check_seconds=0))
    with TestClient(app) as client:
        body = as_token(client, make_token(engine, "admin"), REPORT, id=PARK)
        assert "errors" not in body, body
    with serve(create_app(engine, settings=Settings(version_check_seconds=0))) as url:
        yield url
    engine.dispose()


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with chromium() as launched:
        yield launched


@pytest.mark.parametrize(("name", "jurisdiction", "counties"),
                         [("map", "温州市", 11), ("map-province", "浙江省", 89)])
def test_the_county_map_shows_bands_and_pairings(
        name: str, jurisdiction: str, counties: int, server: str, browser: Browser) -> None:
    context, traffic = loopback_only(browser, width=640, height=700)
    tab = context.new_page()
    response = tab.goto(f"{server}/embed/map?asOf=2018-12-10&jurisdiction={quote(jurisdiction)}")
    assert response is not None and response.status == 200
    taishun = tab.locator('path[data-county="泰顺县"]')
    expect(taishun).to_be_visible()
    expect(taishun).to_have_attribute("data-band", "B")
    expect(tab.locator("path[data-county]")).to_have_count(counties)
    expect(tab.locator("g.pairing")).to_have_count(5)
    # the name is drawn inside the picture, not clipped by the 600-px frame
    box = tab.locator("svg g.names text", has_text="泰顺").first.bounding_box()
    assert box is not None and 0 <= box["x"] and box["x"] + box["width"] <= 640
    ARTIFACTS.mkdir(exist_ok=True)
    tab.screenshot(path=str(ARTIFACTS / f"embed-{name}.png"), full_page=True)
    assert traffic.blocked == []
    context.close()


def test_the_desk_shows_the_widgets_for_the_chosen_day_and_jurisdiction(
        server: str, browser: Browser) -> None:
    context, traffic = loopback_only(browser, width=1320, height=900)
    tab = context.new_page()
    tab.goto(f"{server}/")
    # chosen in the form, as a person would: no script on the page
    tab.fill('input[name="asOf"]', "2018-12-10")
    tab.select_option('select[name="jurisdiction"]', "浙江省温州市")
    tab.click('button[type="submit"]')
    tab.wait_for_url("**/?asOf=2018-12-10&jurisdiction=*")
    framed = tab.frame_locator('section[data-desk="map"] iframe')
    expect(framed.locator('path[data-county="泰顺县"]')).to_have_attribute("data-band", "B")
    for key in ("ranking_units", "ranking_places", "totals", "trend"):
        inside = tab.frame_locator(f'section[data-desk="{key}"] iframe')
        expect(inside.locator("h1")).to_be_visible(timeout=15_000)
    expect(tab.locator('td[data-status="OVERDUE"] b')).to_be_visible()
    ARTIFACTS.mkdir(exist_ok=True)
    tab.screenshot(path=str(ARTIFACTS / "desk.png"), full_page=True)
    # the widgets and the day's counts, for the README
    tab.screenshot(path=str(ARTIFACTS / "desk-top.png"), full_page=True,
                   clip={"x": 0, "y": 0, "width": 1320, "height": 1640})
    assert traffic.blocked == []
    context.close()
