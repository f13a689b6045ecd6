"""The totals and trend widgets in Debian's chromium: drawn, legible, loopback only.

Screenshots go to ``test-artifacts/embed-totals.png`` and ``embed-trend.png`` (the README's
copies are in docs/screenshots/).  The chart's legend entries and month labels must not
overlap, and its Chinese labels must be drawn with a CJK font.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote, urlsplit

import pytest
from playwright.sync_api import Page, expect
from sqlmodel import Session

from server import create_app
from settings import Settings
from store.crud.units import find_unit
from store.progress.reports import report_progress
from tests.browser import Traffic, chromium, loopback_only
from tests.embed.conftest import new_corpus_engine
from tests.live_server import serve

pytestmark = pytest.mark.browser

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
TOTALS = ("/embed/totals?asOf=2019-07-01&groupBy=metric&year=2019&document="
          + quote("温政发〔2018〕26号"))
TREND = "/embed/trend?asOf=2019-12-31&from=2018-06&to=2019-12&unit=" + quote("市规划局")

# Every <text> of the chart's legend (y=20) or month axis, with its box.
BOXES = """() => [...document.querySelectorAll('svg text')].map(t => {
  const b = t.getBBox(); return {text: t.textContent, x: b.x, y: b.y, w: b.width, h: b.height};
})"""


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The corpus with two reports: 市招商局 reached 25亿元 of 二(一)'s 2019 instance and
    reported 二(二)2's plan review done on 2019-02-15 (the pictures show both)."""
    engine = new_corpus_engine(tmp_path_factory.mktemp("totals-browser"))
    with Session(engine) as session:
        unit = find_unit(session=session, name="市招商局")
        assert unit is not None
        for obligation, day, done, value in (
                ("deadline:000_a92242b81cc0d015/二(一)/1@2019", dt.date(2019, 6, 30), False, 25.0),
                ("deadline:000_a92242b81cc0d015/二(二)2/1", dt.date(2019, 2, 15), True, None)):
            report_progress(session=session, obligation_id=obligation, unit_id=unit.id,
                            reported_on=day, done=done, value_reached=value)
        session.commit()
    with serve(create_app(engine, settings=Settings(version_check_seconds=0))) as url:
        yield url
    engine.dispose()


@pytest.fixture
def page(server: str) -> Iterator[tuple[Page, Traffic]]:
    with chromium() as browser:
        context, traffic = loopback_only(browser, width=660, height=640)
        yield context.new_page(), traffic
        context.close()


def _overlapping(boxes: list[dict]) -> list[tuple[str, str]]:
    found = []
    for i, a in enumerate(boxes):
        for b in boxes[i + 1:]:
            if (a["x"] < b["x"] + b["w"] and b["x"] < a["x"] + a["w"]
                    and a["y"] < b["y"] + b["h"] and b["y"] < a["y"] + a["h"]):
                found.append((a["text"], b["text"]))
    return found


def test_the_totals_table_renders_with_progress_bars(
        server: str, page: tuple[Page, Traffic]) -> None:
    tab, traffic = page
    response = tab.goto(server + TOTALS)
    assert response is not None and response.status == 200
    # 40亿元 = 400000万元 committed for 2019, 25亿元 = 250000万元 reported
    row = tab.locator("table.totals tr", has_text="山海协作产业项目到位资金")
    expect(row).to_contain_text("400,000")
    expect(row).to_contain_text("250,000")
    expect(row).to_contain_text("62.5%")
    assert tab.locator("table.totals progress").count() > 0
    ARTIFACTS.mkdir(exist_ok=True)
    tab.screenshot(path=str(ARTIFACTS / "embed-totals.png"), full_page=True)
    assert traffic.blocked == []
    assert all(urlsplit(u).hostname == "127.0.0.1" for u in traffic.loopback)


def test_the_trend_chart_is_legible(server: str, page: tuple[Page, Traffic]) -> None:
    tab, traffic = page
    response = tab.goto(server + TREND)
    assert response is not None and response.status == 200
    expect(tab.locator("svg polyline")).to_have_count(3)
    assert tab.evaluate("() => document.fonts.check('12px \"Noto Sans CJK SC\"', '逾期')")
    boxes = tab.evaluate(BOXES)
    legend = [b for b in boxes if b["text"] in ("已到期", "已完成", "逾期")]
    months = [b for b in boxes if b["text"][:2] == "20" and len(b["text"]) == 7]
    assert len(legend) == 3 and len(months) >= 6
    assert _overlapping(legend) == [] and _overlapping(months) == []
    svg = tab.locator("svg").first.bounding_box()
    assert svg is not None
    assert all(m["x"] >= 0 and m["x"] + m["w"] <= 620 for m in months)  # none cut off
    ARTIFACTS.mkdir(exist_ok=True)
    tab.screenshot(path=str(ARTIFACTS / "embed-trend.png"), full_page=True)
    assert traffic.blocked == []
