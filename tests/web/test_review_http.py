"""The review queue pages over HTTP: reachable from the dashboard, server-rendered, under
the read rule and the widgets' CSP (scripts from this server only)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from urllib.parse import quote

import pytest
from sqlalchemy.engine import Engine
from starlette.testclient import TestClient

from server import create_app
from settings import Settings
from tests.embed.conftest import new_corpus_engine

KEY = "000_a92242b81cc0d015"


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Engine]:
    engine = new_corpus_engine(tmp_path_factory.mktemp("review-http"))
    yield engine
    engine.dispose()


@pytest.fixture(scope="module")
def client(corpus: Engine) -> Iterator[TestClient]:
    with TestClient(create_app(corpus, settings=Settings(version_check_seconds=0))) as test:
        yield test


def test_the_dashboard_links_the_review_queue_which_lists_documents_with_open_counts(
        client: TestClient) -> None:
    assert 'href="/review"' in client.get("/?asOf=2019-01-01").text
    index = client.get("/review")
    assert index.status_code == 200
    assert f'href="/review/{KEY}"' in index.text and "温政发〔2018〕26号" in index.text
    assert re.search(r"待核 [1-9]\d*", index.text)


def test_a_documents_page_lists_its_unsure_facts_with_scripts_from_this_server_only(
        client: TestClient) -> None:
    page = client.get(f"/review/{quote('温政发〔2018〕26号')}")
    assert page.status_code == 200
    assert 'data-kind="unknown_unit"' in page.text and "加快发展县" in page.text
    assert page.text.count('data-kind="ambiguous_deadline"') >= 2
    assert page.text.count('data-action="accept"') == page.text.count('class="review-item"')
    policy = page.headers["content-security-policy"]
    assert "script-src 'self';" in policy and "unsafe-inline" not in policy.split("style-src")[0]
    assert all("src=" in tag for tag in re.findall(r"<script[^>]*>", page.text))
    assert "<form" not in page.text  # Enter in the token field can never submit it in a URL
    script = client.get("/review/static/review.js")
    assert script.status_code == 200 and "javascript" in script.headers["content-type"]
    assert "Authorization" in script.text and "localStorage" not in script.text


def test_an_unknown_document_is_a_404_and_english_is_asked_for_by_lang(
        client: TestClient) -> None:
    assert client.get("/review/no-such-document").status_code == 404
    english = client.get(f"/review/{KEY}?lang=en")
    assert "Review queue" in english.text and "Ambiguous deadline" in english.text


def test_anonymous_readers_are_refused_when_anonymous_reading_is_off(corpus: Engine) -> None:
    app = create_app(corpus, settings=Settings(version_check_seconds=0, anonymous_read=False))
    with TestClient(app) as closed:
        assert closed.get(f"/review/{KEY}").status_code == 401
        assert closed.get("/review").status_code == 401


def test_doctests_of_the_review_rows_pass() -> None:
    import doctest

    import web.review_rows

    result = doctest.testmod(web.review_rows)
    assert result.attempted > 0 and result.failed == 0




def test_the_review_index_lists_documents_a_page_at_a_time_with_a_link_to_the_next(
        client: TestClient, monkeypatch: pytest.MonkeyPatch) -> None:
    import web.review

    everyone = client.get("/review").text
    keys = re.findall(r'<tr data-document="([^"]+)"', everyone)
    assert len(keys) >= 2 and keys == sorted(keys)
    assert 'rel="next"' not in everyone
    monkeypatch.setattr(web.review, "INDEX_PAGE", 1)
    seen: list[str] = []
    page = client.get("/review").text
    while True:
        shown = re.findall(r'<tr data-document="([^"]+)"', page)
        assert len(shown) == 1
        seen += shown
        following = re.search(r'rel="next" href="([^"]+)"', page)
        if following is None:
            break
        page = client.get(following.group(1).replace("&amp;", "&")).text
    assert seen == keys
