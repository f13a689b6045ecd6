"""Drive the playground in Debian's chromium with everything outside 127.0.0.1 blocked."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote, urlsplit

import pytest
from playwright.sync_api import Browser, Page, Request, Response

from tests.browser import Traffic, chromium, loopback_only

from .conftest import LiveServer

pytestmark = pytest.mark.browser

# A contract query.  Worked out by hand from 温政发〔2018〕26号, whose clauses name
# "市招商局〈经合办〉": the alias 经合办 resolves to the canonical unit 市招商局.
ALIAS_QUERY = '{ unit(name: "经合办") { name aliases } }'

EDITOR = ".graphiql-query-editor .CodeMirror"
RESULT = ".graphiql-response .CodeMirror"


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with chromium() as launched:
        yield launched


@pytest.fixture
def offline_page(browser: Browser) -> Iterator[tuple[Page, Traffic]]:
    """A page whose every request to a host other than 127.0.0.1 is aborted and recorded."""
    context, traffic = loopback_only(browser, width=1280, height=800)

    def record_error(response: Response) -> None:
        if response.status >= 400:
            traffic.failed.append(f"{response.status} {response.url}")

    def record_failure(request: Request) -> None:
        traffic.failed.append(f"failed {request.url}")

    page = context.new_page()
    page.on("response", record_error)
    page.on("requestfailed", record_failure)
    try:
        yield page, traffic
    finally:
        context.close()


def _set_query(page: Page, text: str) -> None:
    # CodeMirror 5 keeps its instance on the wrapper element; setValue fires the same change
    # event as typing, without the editor's auto-closing brackets mangling keystrokes.
    page.locator(EDITOR).first.wait_for(state="visible", timeout=20_000)
    page.evaluate(
        "([selector, text]) => document.querySelector(selector).CodeMirror.setValue(text)",
        [EDITOR, text],
    )


def _editor_text(page: Page, selector: str) -> str:
    """The full text of the CodeMirror editor at ``selector`` (not just its rendered lines)."""
    text = page.evaluate("s => document.querySelector(s).CodeMirror.getValue()", selector)
    assert isinstance(text, str)
    return text


def _result_json(page: Page) -> dict[str, object]:
    page.wait_for_function(
        "selector => { const el = document.querySelector(selector);"
        " return el && el.CodeMirror.getValue().trim().startsWith('{'); }",
        arg=RESULT,
        timeout=20_000,
    )
    text = _editor_text(page, RESULT)
    return json.loads(text)


def _assert_alias_answer(result: dict[str, object]) -> None:
    assert result.get("errors") is None, result
    unit = result["data"]["unit"]  # type: ignore[index]
    assert unit["name"] == "市招商局"
    assert "经合办" in unit["aliases"]


def test_playground_runs_a_query_with_every_outside_request_blocked(
    live_server: LiveServer, offline_page: tuple[Page, Traffic], artifacts_dir: Path
) -> None:
    page, traffic = offline_page
    page.goto(f"{live_server.base_url}/graphql", wait_until="load")
    _set_query(page, ALIAS_QUERY)
    page.locator(".graphiql-execute-button").click()

    _assert_alias_answer(_result_json(page))
    page.screenshot(path=str(artifacts_dir / "playground.png"))

    assert traffic.blocked == [], "the playground tried to leave 127.0.0.1"
    assert traffic.failed == []
    paths = {urlsplit(url).path for url in traffic.loopback}
    assert "/static/graphiql/graphiql.min.js" in paths
    assert "/static/graphiql/react.production.min.js" in paths
    # the query itself went to the same-origin endpoint the page came from
    assert "/graphql" in paths


def test_shared_link_query_runs_with_ctrl_enter(
    live_server: LiveServer, offline_page: tuple[Page, Traffic]
) -> None:
    page, traffic = offline_page
    page.goto(f"{live_server.base_url}/graphql?q={quote(ALIAS_QUERY)}", wait_until="load")
    editor = page.locator(EDITOR).first
    editor.wait_for(state="visible", timeout=20_000)
    shown = _editor_text(page, EDITOR)
    assert shown == ALIAS_QUERY
    editor.click()
    page.keyboard.press("Control+Enter")

    _assert_alias_answer(_result_json(page))
    assert traffic.blocked == []


def test_playground_shows_the_default_units_query_when_the_link_has_none(
    live_server: LiveServer, offline_page: tuple[Page, Traffic]
) -> None:
    page, _ = offline_page
    page.goto(f"{live_server.base_url}/graphql", wait_until="load")
    page.locator(EDITOR).first.wait_for(state="visible", timeout=20_000)
    shown = _editor_text(page, EDITOR)
    assert "units {" in shown
    assert "taskCount" in shown
