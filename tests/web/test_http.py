"""The playground page, the GraphQL endpoint and the vendored assets over real HTTP."""

from __future__ import annotations

import base64
import hashlib
import re

import httpx
import pytest

from web.playground import ASSETS, STATIC_DIR, render_playground_html

from .conftest import LiveServer

ALIAS_QUERY = '{ unit(name: "经合办") { name aliases } }'


@pytest.fixture
def client(live_server: LiveServer) -> httpx.Client:
    return httpx.Client(base_url=live_server.base_url, timeout=10)


def test_browser_get_on_graphql_serves_the_offline_playground(client: httpx.Client) -> None:
    response = client.get("/graphql", headers={"Accept": "text/html"})
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/html")
    html = response.text
    assert '<script src="/static/graphiql/graphiql.min.js"' in html
    assert '<link rel="stylesheet" href="/static/graphiql/graphiql.min.css"' in html
    # no asset may come from another host: every src/href is a path or a data: URL
    references = re.findall(r'(?:src|href)="([^"]*)"', html)
    assert len(references) == 5  # icon, stylesheet, three scripts
    assert all(ref.startswith(("/", "data:")) for ref in references), references
    assert "unpkg.com" not in html


def test_json_get_on_graphql_still_executes_the_query(client: httpx.Client) -> None:
    response = client.get(
        "/graphql", params={"query": ALIAS_QUERY}, headers={"Accept": "application/json"}
    )
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("application/json")
    unit = response.json()["data"]["unit"]
    assert unit["name"] == "市招商局"
    assert "经合办" in unit["aliases"]


@pytest.mark.parametrize(
    ("path", "content_type"),
    [
        ("/static/graphiql/graphiql.min.js", "text/javascript; charset=utf-8"),
        ("/static/graphiql/react.production.min.js", "text/javascript; charset=utf-8"),
        ("/static/graphiql/react-dom.production.min.js", "text/javascript; charset=utf-8"),
        ("/static/graphiql/graphiql.min.css", "text/css; charset=utf-8"),
        ("/static/graphiql/LICENSE.graphiql", "text/plain; charset=utf-8"),
        ("/static/graphiql/VERSIONS.md", "text/markdown; charset=utf-8"),
    ],
)
def test_static_assets_have_their_type_and_cache_headers(
    client: httpx.Client, path: str, content_type: str
) -> None:
    response = client.get(path)
    assert response.status_code == 200
    assert response.headers["content-type"] == content_type
    assert response.headers["cache-control"] == "public, max-age=86400"
    assert response.headers["x-content-type-options"] == "nosniff"
    assert response.headers["etag"]


def test_unchanged_asset_revalidates_with_304(client: httpx.Client) -> None:
    first = client.get("/static/graphiql/react.production.min.js")
    again = client.get(
        "/static/graphiql/react.production.min.js",
        headers={"If-None-Match": first.headers["etag"]},
    )
    assert again.status_code == 304
    assert again.content == b""


def test_missing_asset_is_404(client: httpx.Client) -> None:
    assert client.get("/static/graphiql/graphiql.js").status_code == 404


@pytest.mark.parametrize("key", sorted(ASSETS))
def test_vendored_file_matches_its_pinned_integrity_hash(key: str) -> None:
    asset = ASSETS[key]
    digest = hashlib.sha384((STATIC_DIR / asset.path).read_bytes()).digest()
    assert asset.sri == "sha384-" + base64.b64encode(digest).decode()
    assert asset.sri in (STATIC_DIR / "graphiql" / "VERSIONS.md").read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("licence", "holder"),
    [
        ("LICENSE.react", "Facebook, Inc. and its affiliates"),
        ("LICENSE.react-dom", "Facebook, Inc. and its affiliates"),
        ("LICENSE.graphiql", "GraphQL Contributors"),
    ],
)
def test_each_vendored_package_keeps_its_mit_licence(licence: str, holder: str) -> None:
    text = (STATIC_DIR / "graphiql" / licence).read_text(encoding="utf-8")
    assert text.startswith("MIT License")
    assert holder in text


def test_vendored_assets_stay_under_five_megabytes() -> None:
    total = sum(p.stat().st_size for p in (STATIC_DIR / "graphiql").iterdir())
    assert total < 5 * 1024 * 1024


def test_default_query_cannot_close_the_script_element() -> None:
    html = render_playground_html(default_query="</script><script>alert(1)</script>")
    assert "<script>alert(1)" not in html
    assert "\\u003c/script\\u003e\\u003cscript\\u003ealert(1)" in html


def test_static_prefix_with_trailing_slash_gives_single_slash_urls() -> None:
    html = render_playground_html(static_prefix="/assets/")
    assert 'src="/assets/graphiql/react.production.min.js"' in html
    assert "/assets//" not in html
