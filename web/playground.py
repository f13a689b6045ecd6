"""The GraphiQL playground served from the project itself, with no CDN.

Strawberry's built-in IDE page loads React and GraphiQL from unpkg.com, which an intranet
cannot reach.  This module renders an equivalent page whose every script and stylesheet comes
from ``web/static/graphiql/`` (vendored by ``scripts/vendor-graphiql.sh``, versions and hashes
in ``VERSIONS.md``), and serves that folder.

Wiring it into the server::

    from strawberry.asgi import GraphQL
    from web.playground import PlaygroundGraphQL, static_mount

    class PolicyGraphQL(PlaygroundGraphQL, GraphQL):  # the mixin must come first
        ...

    app = Starlette(routes=[Route("/graphql", PolicyGraphQL(schema)), static_mount()])
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, select_autoescape
from starlette.requests import Request
from starlette.responses import HTMLResponse, Response
from starlette.routing import Mount
from starlette.staticfiles import StaticFiles
from starlette.types import Scope

WEB_DIR = Path(__file__).resolve().parent
STATIC_DIR = WEB_DIR / "static"
TEMPLATE_DIR = WEB_DIR / "templates"

DEFAULT_QUERY = """# 政策知识图谱 GraphQL playground. Run with Ctrl+Enter or the ▶ button.
{
  units {
    name
    taskCount
  }
}
"""

# Files are not renamed per version, so a long "immutable" lifetime would pin browsers to
# stale bundles after an upgrade; one day plus ETag/Last-Modified revalidation is the trade-off.
STATIC_CACHE_CONTROL = "public, max-age=86400"

# Explicit types, because ``mimetypes`` reads the host's /etc/mime.types and some hosts map
# .js to text/plain, which browsers refuse to execute under ``nosniff``.
_MEDIA_TYPES = {
    ".js": "text/javascript; charset=utf-8",
    ".css": "text/css; charset=utf-8",
    ".md": "text/markdown; charset=utf-8",
    ".html": "text/html; charset=utf-8",
    ".svg": "image/svg+xml",
}
_PLAIN_TEXT = "text/plain; charset=utf-8"


@dataclass(frozen=True)
class Asset:
    """One vendored file: its path under the static folder and its subresource integrity."""

    path: str
    sri: str


# The sha384 values equal those in VERSIONS.md (and in strawberry's own CDN page, since the
# files are byte-identical); tests/web checks them against the files on disk.
ASSETS: dict[str, Asset] = {
    "react": Asset(
        "graphiql/react.production.min.js",
        "sha384-tMH8h3BGESGckSAVGZ82T9n90ztNXxvdwvdM6UoR56cYcf+0iGXBliJ29D+wZ/x8",
    ),
    "react_dom": Asset(
        "graphiql/react-dom.production.min.js",
        "sha384-bm7MnzvK++ykSwVJ2tynSE5TRdN+xL418osEVF2DE/L/gfWHj91J2Sphe582B1Bh",
    ),
    "graphiql": Asset(
        "graphiql/graphiql.min.js",
        "sha384-HbRVEFG0JGJZeAHCJ9Xm2+tpknBQ7QZmNlO/DgZtkZ0aJSypT96YYGRNod99l9Ie",
    ),
    "css": Asset(
        "graphiql/graphiql.min.css",
        "sha384-Mq3vbRBY71jfjQAt/DcjxUIYY33ksal4cgdRt9U/hNPvHBCaT2JfJ/PTRiPKf0aM",
    ),
}


@lru_cache(maxsize=1)
def _environment() -> Environment:
    return Environment(
        loader=FileSystemLoader(TEMPLATE_DIR),
        autoescape=select_autoescape(["html"]),
        keep_trailing_newline=True,
    )


def render_playground_html(
    *,
    graphql_path: str = "/graphql",
    static_prefix: str = "/static",
    default_query: str = DEFAULT_QUERY,
    title: str = "policygraph · GraphQL playground",
) -> str:
    """Render the playground page, loading every asset from ``static_prefix``.

    Parameters
    ----------
    graphql_path : str
        Endpoint the page's fetcher posts to, resolved against the page's own URL so it
        stays on the same origin.
    static_prefix : str
        URL prefix where :func:`static_mount` serves ``web/static``.
    default_query : str
        Query shown in the editor when the URL carries no ``?q=``.
    title : str
        The document title.

    Returns
    -------
    str
        A complete HTML document that makes no request outside its own origin.

    Examples
    --------
    >>> html = render_playground_html(static_prefix="/assets")
    >>> '<script src="/assets/graphiql/graphiql.min.js"' in html
    True
    >>> "unpkg.com" in html
    False
    """
    return _render(graphql_path, static_prefix.rstrip("/"), default_query, title)


# The page depends only on its arguments, so each distinct set is rendered once per process.
@lru_cache(maxsize=32)
def _render(graphql_path: str, prefix: str, default_query: str, title: str) -> str:
    assets = {
        key: {"url": f"{prefix}/{asset.path}", "sri": asset.sri} for key, asset in ASSETS.items()
    }
    template = _environment().get_template("playground.html")
    return template.render(
        assets=assets,
        graphql_path=graphql_path,
        default_query=default_query,
        title=title,
    )


class PlaygroundStaticFiles(StaticFiles):
    """``StaticFiles`` with explicit content types and a ``Cache-Control`` header."""

    def file_response(
        self,
        full_path: str | os.PathLike[str],
        stat_result: os.stat_result,
        scope: Scope,
        status_code: int = 200,
    ) -> Response:
        """Serve one file as ``StaticFiles`` does, then fix its type and caching headers."""
        response = super().file_response(full_path, stat_result, scope, status_code)
        suffix = Path(full_path).suffix.lower()
        media_type = _MEDIA_TYPES.get(suffix)
        if media_type is None and (suffix == "" or Path(full_path).name.startswith("LICENSE")):
            # LICENSE.react and friends: the "extension" is a package name, not a type.
            media_type = _PLAIN_TEXT
        if media_type is not None and "content-type" in response.headers:
            response.headers["content-type"] = media_type
        response.headers["cache-control"] = STATIC_CACHE_CONTROL
        response.headers["x-content-type-options"] = "nosniff"
        return response


def static_mount(prefix: str = "/static", *, name: str = "static") -> Mount:
    """A route serving ``web/static`` (the vendored GraphiQL assets) under ``prefix``.

    Parameters
    ----------
    prefix : str
        URL path to mount at; must match the ``static_prefix`` the page was rendered with.
    name : str
        Route name, for ``request.url_for(name, path=...)``.

    Returns
    -------
    starlette.routing.Mount
        Add it to the Starlette app's ``routes``.
    """
    return Mount(prefix.rstrip("/"), app=PlaygroundStaticFiles(directory=STATIC_DIR), name=name)


def playground_response(request: Request, *, static_prefix: str = "/static") -> HTMLResponse:
    """The playground page for ``request``, whose own path becomes the GraphQL endpoint.

    Parameters
    ----------
    request : starlette.requests.Request
        The ``GET`` that asked for ``text/html`` on the GraphQL endpoint.
    static_prefix : str
        Where :func:`static_mount` was mounted.

    Returns
    -------
    starlette.responses.HTMLResponse
    """
    html = render_playground_html(graphql_path=request.url.path, static_prefix=static_prefix)
    return HTMLResponse(html)


class PlaygroundGraphQL:
    """Mixin for ``strawberry.asgi.GraphQL`` that serves the offline playground.

    Strawberry calls ``render_graphql_ide(request)`` for a browser ``GET`` on the endpoint
    (``Accept: text/html`` and no ``query`` parameter).  List this class before ``GraphQL``
    so its method wins; set ``playground_static_prefix`` if the static mount is elsewhere.
    """

    playground_static_prefix: str = "/static"

    async def render_graphql_ide(self, request: Request) -> Response:
        """Return the offline playground instead of strawberry's CDN page."""
        return playground_response(request, static_prefix=self.playground_static_prefix)
