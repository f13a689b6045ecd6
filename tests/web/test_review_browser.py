"""Debian's chromium on the review queue page: a document of the bundled corpus lists its
unsure facts; an editor of its city accepts one through the page's own button, with the
token typed into the page; the item leaves the queue and the decision is in the audit
trail.  Every request stays on 127.0.0.1 and the token never appears in a URL.
Screenshot: ``docs/screenshots/review-queue.png``."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, expect
from sqlalchemy.engine import Engine
from sqlmodel import Session

from server import create_app
from settings import Settings
from store.audit import list_audit
from store.curation_tables import Correction, ReviewItem
from store.readback import one_row
from store.tables import Jurisdiction
from store.tokens import create_token
from tests.browser import chromium, loopback_only
from tests.embed.conftest import new_corpus_engine
from tests.live_server import serve

pytestmark = pytest.mark.browser

SCREENSHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Engine]:
    engine = new_corpus_engine(tmp_path_factory.mktemp("review-browser"))
    yield engine
    engine.dispose()


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with chromium() as launched:
        yield launched


def _city_editor(engine: Engine) -> tuple[str, str]:
    """(token id, clear token) of an editor scoped to 温州市."""
    with Session(engine) as session:
        city = one_row(session=session, model=Jurisdiction,
                       where=[Jurisdiction.full_name == "浙江省温州市"])
        token, clear = create_token(session=session, unit_id=None, role="editor",
                                    jurisdiction_id=city.id)
        session.commit()
        return token.id, clear


def test_an_editor_accepts_an_unsure_deadline_on_the_page_and_it_leaves_the_queue(
        corpus: Engine, browser: Browser) -> None:
    token_id, clear = _city_editor(corpus)
    app = create_app(corpus, settings=Settings(version_check_seconds=0))
    with serve(app) as base:
        context, traffic = loopback_only(browser, width=1000, height=760)
        tab = context.new_page()
        tab.goto(base + "/?asOf=2019-01-01")
        tab.get_by_role("link", name="待核事项", exact=True).click()
        tab.locator("tr[data-document='000_a92242b81cc0d015'] a").click()
        expect(tab.locator("h1")).to_contain_text("温政发〔2018〕26号")
        expect(tab.locator(".pg-review[data-ready='1']")).to_have_count(1)
        items = tab.locator("tr.review-item")
        expect(items.filter(has_text="加快发展县")).to_have_count(1)
        row = items.filter(has_text="2018年四季度前")
        expect(row).to_have_count(1)
        before = items.count()
        item_id = row.get_attribute("data-id")
        assert item_id is not None

        row.get_by_role("button", name="确认无误").click()  # no token yet: told, nothing sent
        expect(tab.locator("#pg-review-status")).to_have_text("请先填写令牌。")
        tab.fill("#pg-review-token", clear)
        tab.fill("#pg-review-reason", "四季度前即年底前")
        row.get_by_role("button", name="确认无误").click()
        expect(tab.locator("#pg-review-status")).to_contain_text("已记入审计记录")
        expect(tab.locator(f"tr.review-item[data-id='{item_id}']")).to_have_count(0)
        expect(items).to_have_count(before - 1)
        expect(tab.locator("#pg-review-counts")).to_contain_text(f"待核 {before - 1} · 已确认 1")
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        tab.screenshot(path=str(SCREENSHOTS / "review-queue.png"), full_page=True)

        tab.reload()  # the store says so too, not only the page
        expect(tab.locator("tr.review-item")).to_have_count(before - 1)
        expect(tab.locator(f"tr.review-item[data-id='{item_id}']")).to_have_count(0)

        # an offered correction: read 2019年前 as the end of 2018, made through the page too
        tab.fill("#pg-review-token", clear)
        other = tab.locator("tr.review-item").filter(has_text="“2019年前”")
        corrected_id = other.get_attribute("data-id")
        other.get_by_role("button", name="改按 2018-12-31").click()
        expect(tab.locator(f"tr.review-item[data-id='{corrected_id}']")).to_have_count(0)
        expect(tab.locator("#pg-review-counts")).to_contain_text("已更正 1")
        context.close()

    with Session(corpus) as session:
        [entry] = list_audit(session=session, target=f"review:{item_id}")
    assert (entry.action, entry.actor, entry.actor_role, entry.outcome) == (
        "review_accept", token_id, "editor", "ok")
    assert json.loads(entry.new_value or "{}")["reason"] == "四季度前即年底前"
    with Session(corpus) as session:
        item = session.get(ReviewItem, int(corrected_id or 0))
        assert item is not None and item.status == "corrected"
        correction = session.get(Correction, item.correction_id)
        assert correction is not None
        assert (correction.kind, correction.source, correction.task_path) == (
            "set_deadline", "review", "二(二)3")
        assert json.loads(correction.payload)["due"] == "2018-12-31"
    assert traffic.blocked == []
    assert not [u for u in traffic.loopback if clear in u or token_id in u]
