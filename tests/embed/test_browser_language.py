"""Debian's chromium shows the unit card, the overdue list and an error page in Chinese
only; the same error page in English when the browser asks for English.

Screenshots go to ``test-artifacts/language-*.png``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote

import pytest
from playwright.sync_api import Browser, Page
from sqlalchemy.engine import Engine

from server import create_app
from settings import Settings
from tests.browser import chromium, loopback_only
from tests.live_server import serve

pytestmark = pytest.mark.browser

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
PAGES = {
    "unit": ("/embed/unit/" + quote("市招商局") + "?asOf=2019-01-01", 200),
    "overdue": ("/embed/overdue?asOf=2019-01-01", 200),
    "error": ("/embed/unit/" + quote("市招") + "?asOf=2019-01-01", 404),
    "bad-day": ("/embed/overdue?asOf=2019/01/01", 400),
}
# A word of Latin letters is English unless it is a code the page may show as is.
LATIN_WORD = re.compile(r"[A-Za-z]{2,}")
CODES = {"asOf", "YYYY", "MM", "DD"}


def english_words(text: str) -> list[str]:
    return [w for w in LATIN_WORD.findall(text) if w not in CODES]


@pytest.fixture(scope="module")
def widgets(corpus_sqlite: Engine) -> Iterator[str]:
    with serve(create_app(corpus_sqlite, settings=Settings(version_check_seconds=0))) as base:
        yield base


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with chromium() as launched:
        yield launched


def visit(browser: Browser, url: str, *, locale: str) -> tuple[Page, int, str]:
    context, traffic = loopback_only(browser, width=640, height=700, locale=locale)
    tab = context.new_page()
    response = tab.goto(url)
    assert response is not None
    tab.wait_for_load_state("load")
    assert traffic.blocked == []
    return tab, response.status, tab.inner_text("body")


@pytest.mark.parametrize("name", list(PAGES))
def test_pages_a_person_reads_are_chinese_only(name: str, widgets: str,
                                               browser: Browser) -> None:
    path, status = PAGES[name]
    tab, got, text = visit(browser, widgets + path, locale="zh-CN")
    ARTIFACTS.mkdir(exist_ok=True)
    tab.screenshot(path=str(ARTIFACTS / f"language-{name}.png"), full_page=True)
    assert got == status
    assert re.search(r"[\u4e00-\u9fff]", text)
    assert english_words(text) == [], text
    assert tab.locator("html").get_attribute("lang") == "zh-CN"
    tab.context.close()


def test_the_error_page_is_english_when_the_browser_asks_for_english(
        widgets: str, browser: Browser) -> None:
    tab, got, text = visit(browser, widgets + PAGES["error"][0], locale="en-US")
    tab.screenshot(path=str(ARTIFACTS / "language-error-en.png"), full_page=True)
    assert got == 404
    assert "No unit is named “市招”." in text
    assert "Unit not found" in text
    assert not re.search(r"[\u4e00-\u9fff]", text.replace("市招商局", "").replace("市招", ""))
    tab.context.close()
