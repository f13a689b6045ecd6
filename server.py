"""The Starlette application: ``/graphql`` (queries over GET and POST, the offline
playground for browsers) and ``/healthz``.

Settings come from :class:`schema.settings.Settings` (environment variables, see that
module).  Run with ``policygraph serve`` or ``uvicorn --factory server:create_app``.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from cross_web import HTTPException
from sqlalchemy.engine import Engine
from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import BaseRoute, Route
from strawberry.asgi import GraphQL
from strawberry.schema.exceptions import InvalidOperationTypeError
from strawberry.types.unset import UNSET

from embed.cache import WidgetCache
from feeds.routes import routes as feed_routes
from graph.health import count_meanings, health_counts
from graph.state import GraphHolder
from hardening.admission import pool_options
from hardening.settings import HardeningSettings
from hardening.stack import hardening_middleware
from hardening.view import HardenedView, make_admission
from i18n import t
from i18n.asgi import LocaleMiddleware
from observability.metrics import Metrics
from schema.auth import AUTH_FAILURES
from schema.context import Context, make_context
from schema.query import schema
from schema.settings import Settings

try:  # the offline GraphiQL page (web/); strawberry's CDN page is the fallback
    from web.playground import PlaygroundGraphQL, static_mount
except ImportError:  # pragma: no cover - web/ is part of the project; this is belt and braces
    PlaygroundGraphQL, static_mount = object, None  # type: ignore[assignment, misc]


#: Headers a browser sends cross-site only after a CORS preflight: a multipart upload must
#: carry one, so a plain HTML form on another site cannot post one (CSRF).
PREFLIGHT_HEADERS = ("apollo-require-preflight", "x-requested-with", "graphql-require-preflight")


def preflighted(request: Any) -> bool:
    """False for a multipart POST (a GraphQL upload) carrying none of
    :data:`PREFLIGHT_HEADERS`; true for every other request."""
    headers = getattr(request, "headers", None)
    if headers is None or getattr(request, "method", "") != "POST":
        return True
    if not headers.get("content-type", "").lower().startswith("multipart/form-data"):
        return True
    return any(headers.get(name) for name in PREFLIGHT_HEADERS)


class PolicyGraphQL(PlaygroundGraphQL, HardenedView, GraphQL):
    """Strawberry's ASGI view with our context: session, DataLoaders, graph snapshot."""

    async def get_context(self, request: Any, response: Any) -> Context:  # type: ignore[override]
        state = request.app.state
        # Deferred: the token lookup and version check run in the operation's worker
        # thread (HardenedView), never here on the event loop.
        context = make_context(state.holder, state.settings, request=request,
                               response=response, deferred=True)
        request.state.policygraph_context = context
        return context

    async def run(self, request: Any, context: Any = UNSET, root_value: Any = UNSET) -> Any:
        """As strawberry's, but the request's session is closed whatever happened: a body
        that is not JSON, a 405 or the playground page never reach an operation, and each
        leaked session would pin one pooled connection until the pool ran dry.  A multipart
        request without a CSRF preflight header is refused (see :func:`preflighted`)."""
        if not preflighted(request):
            return JSONResponse({"errors": [{"message": t("error.upload_preflight"),
                                             "extensions": {"code": "BAD_REQUEST"}}]},
                                status_code=400)
        try:
            return await super().run(request, context, root_value)
        finally:
            made = getattr(getattr(request, "state", None), "policygraph_context", None)
            if made is not None and not getattr(request.state, "policygraph_abandoned", False):
                made.close()  # an abandoned operation closes its own when it finishes

    async def execute_single(self, request: Any, request_adapter: Any,
                             *args: Any, **kwargs: Any) -> Any:
        """As strawberry's, but a mutation over GET is 405 (GraphQL over HTTP), not 400."""
        try:
            return await super().execute_single(request, request_adapter, *args, **kwargs)
        except HTTPException as error:
            if request_adapter.method == "GET" and isinstance(error.__cause__,
                                                               InvalidOperationTypeError):
                raise HTTPException(405, t("error.mutation_over_get", reason=error.reason)) from error
            raise


def healthz(request: Request) -> JSONResponse:
    """Liveness and what the process serves: data version and counts by kind (stored
    documents apart from documents only cited, :mod:`graph.health`), each explained.

    A plain function, so Starlette runs it in its thread pool: the version check reads
    the database and must never wait on the event loop.
    """
    snapshot = request.app.state.holder.current()
    counts: dict[str, int] = snapshot.graph.graph.get("kind_counts") or {}
    if not counts:  # once per snapshot: a walk over every node at province scale
        counts = health_counts(snapshot.graph)
        snapshot.graph.graph["kind_counts"] = counts
    return JSONResponse({"ok": True, "version": snapshot.version, "counts": counts,
                         "countsMean": count_meanings(counts),
                         "edges": snapshot.graph.number_of_edges()})


def create_app(engine: Engine | None = None, *, settings: Settings | None = None) -> Starlette:
    """Build the application.

    Parameters
    ----------
    engine
        The database; by default one is made from ``settings.database_url`` at start-up.
    settings
        Defaults to :meth:`Settings.from_env`.

    Returns
    -------
    starlette.applications.Starlette
        Its lifespan migrates the database (``store.setup.init_db``) and builds the graph
        into ``app.state.holder``; the graph is rebuilt when the data version moves.
    """
    config = settings or Settings.from_env()
    hardening = HardeningSettings.taken_from(config)

    @asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        from store.db import make_engine
        from store.setup import init_db

        own_engine = engine is None
        eng = (make_engine(config.database_url, **pool_options(hardening, config.database_url))
               if engine is None else engine)
        init_db(eng)
        app.state.settings = config
        app.state.hardening = hardening
        app.state.holder = GraphHolder(eng, check_interval=config.version_check_seconds)
        app.state.widget_cache = WidgetCache(max_entries=config.widget_cache_entries,
                                             ttl_seconds=config.widget_cache_seconds)
        app.state.admission = make_admission(hardening)
        try:
            yield
        finally:
            app.state.admission.close()
            if own_engine:
                eng.dispose()

    # Multipart uploads carry 责任分解表 files and progress sheets (importBreakdown,
    # importProgressSheet); the mutations that take one need a bearer token, and every
    # multipart request a preflight header (PolicyGraphQL.run), which a cross-site form
    # can send neither of.
    graphql = PolicyGraphQL(schema, graphql_ide="graphiql" if config.graphiql else None,
                            multipart_uploads_enabled=True)
    routes: list[BaseRoute] = [Route("/graphql", graphql, methods=["GET", "POST"]),
                               Route("/healthz", healthz, methods=["GET"])]
    routes += feed_routes()  # /calendar/{unit}.ics, /calendar/place/{place}.ics, /metrics
    if static_mount is not None:
        routes.append(static_mount())
    from embed.routes import routes as embed_routes  # wiki widgets, oEmbed, exports, dashboard

    routes.extend(embed_routes())
    from web.review import routes as review_routes  # the review queue pages of the dashboard

    routes.extend(review_routes())
    # the language of the answer (Accept-Language, ?lang=) for refusals too; then limits, logs, metrics
    # one registry per application, written by /metrics (feeds.routes)
    metrics = Metrics()
    metrics.count_from("policygraph_auth_failures",
                       "Requests refused for a missing or bad token (not audited).", "reason",
                       AUTH_FAILURES.snapshot)
    app = Starlette(routes=routes, lifespan=lifespan,
                    middleware=[Middleware(LocaleMiddleware), *hardening_middleware(hardening, metrics)])
    app.state.metrics = metrics
    return app
