"""Debian's chromium shows the assessment widget (units and counties); screenshots kept.

The corpus with the four reports of tests/graph/test_assessment.py, as of 2019-01-01 in
浙江省温州市: every band but B and C occurs among units (市农业局 A at 90), so the picture
shows both ends.  Screenshots: ``test-artifacts/embed-assessment*.png`` (copies for the
README in docs/screenshots/).  Every request must stay on 127.0.0.1.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote

import pytest
from playwright.sync_api import Browser, expect

from server import create_app
from settings import Settings
from tests.browser import chromium, loopback_only
from tests.graph.test_assessment import store_reports
from tests.live_server import serve

from .conftest import new_corpus_engine

pytestmark = pytest.mark.browser

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
WHERE = "asOf=2019-01-01&jurisdiction=" + quote("浙江省温州市")


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    engine = new_corpus_engine(tmp_path_factory.mktemp("assessment-browser-db"))
    store_reports(engine)
    with serve(create_app(engine, settings=Settings(version_check_seconds=0))) as url:
        yield url
    engine.dispose()


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with chromium() as launched:
        yield launched


@pytest.mark.parametrize(("name", "kind", "first_row"),
                         [("assessment", "unit", "市农业局"), ("assessment-places", "place", "")])
def test_the_ranking_table_fits_the_frame_and_shows_band_letters(
        name: str, kind: str, first_row: str, server: str, browser: Browser) -> None:
    context, traffic = loopback_only(browser, width=620, height=700)
    tab = context.new_page()
    response = tab.goto(f"{server}/embed/assessment?{WHERE}&kind={kind}")
    assert response is not None and response.status == 200
    first = tab.locator("table.assessment tbody tr").first
    expect(first).to_be_visible()
    if first_row:
        expect(first).to_contain_text(first_row)
    # the band letter is written, not only coloured, and the table is not cut off
    expect(tab.locator("span.band").first).to_have_text("A" if kind == "unit" else "D")
    table = tab.locator("table.assessment").bounding_box()
    assert table is not None and table["x"] + table["width"] <= 620
    # CJK glyphs render: a Chinese name is wider than its character count of Latin letters
    cell = tab.locator("table.assessment tbody tr td:nth-child(3)").first.bounding_box()
    assert cell is not None and cell["width"] > 20
    ARTIFACTS.mkdir(exist_ok=True)
    tab.screenshot(path=str(ARTIFACTS / f"embed-{name}.png"), full_page=True)
    assert traffic.blocked == []
    context.close()
