"""The Starlette application: ``/graphql`` (queries over GET and POST, the offline
playground for browsers) and ``/healthz``.

Settings come from :func:`settings.read_settings` (``POLICYGRAPH_*`` environment
variables, read once when the app is made) unless passed in.  Run with ``policygraph serve`` or ``uvicorn --factory server:create_app``.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import os
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from cross_web import HTTPException
from sqlalchemy.engine import Engine
from sqlmodel import Session as DbSession
from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import BaseRoute, Route, WebSocketRoute
from strawberry.asgi import GraphQL
from strawberry.exceptions import ConnectionRejectionError
from strawberry.schema.exceptions import InvalidOperationTypeError
from strawberry.subscriptions import GRAPHQL_TRANSPORT_WS_PROTOCOL
from strawberry.types.unset import UNSET

from access.failures import AUTH_FAILURES
from access.http import websocket_principal
from access.principal import may_read
from alerts.channel_config import load_channels
from alerts.dispatcher import OutboxDispatcher
from alerts.urge import Outlet, UrgeRouting
from embed.cache import WidgetCache
from feeds.routes import routes as feed_routes
from graph.assessment_config import load_config
from graph.health import count_meanings, health_of
from graph.hub import LiveHub
from graph.state import GraphHolder
from hardening.admission import make_admission, pool_options
from hardening.cache_lookup import make_response_cache
from hardening.cancellation import CancellableExecution
from hardening.collector import restore_collector, tune_collector
from hardening.limit_storage import storage_for
from hardening.request_state import request_value
from hardening.stack import hardening_middleware, schema_extensions
from hardening.view import HardenedView
from hardening.websocket import (
    ReasonedWebSocketAdapter,
    SubscriptionsOnlyHandler,
    refuse_connection,
)
from i18n import t
from i18n.asgi import LocaleMiddleware
from observability.metrics import Metrics
from schema.context import Context, make_context
from schema.query import make_schema
from settings import Settings, read_settings

try:  # the offline GraphiQL page (web/); strawberry's CDN page is the fallback
    from web.playground import PlaygroundGraphQL, PlaygroundStaticFiles, static_mount
except ImportError:  # pragma: no cover - web/ is part of the project; this is belt and braces
    PlaygroundGraphQL, static_mount = object, None  # type: ignore[assignment, misc]
    from starlette.staticfiles import StaticFiles as PlaygroundStaticFiles  # type: ignore[assignment]


# The query limits and caches, and an execution that stops when its time budget runs out.
schema = make_schema(extensions=schema_extensions(), execution_context_class=CancellableExecution)


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
    """Strawberry's ASGI view with our context: session, DataLoaders, graph snapshot.

    Over a websocket (graphql-transport-ws, live updates) only subscriptions run, and the
    connection is refused at ``connection_init`` under the queries' token rules.
    """

    graphql_transport_ws_handler_class = SubscriptionsOnlyHandler
    websocket_adapter_class = ReasonedWebSocketAdapter

    async def on_ws_connect(self, context: Context) -> Any:  # type: ignore[override]
        """Authenticate the websocket from its ``connection_init`` payload or
        ``?access_token=`` (off the event loop); refuse it as a query would be refused."""
        websocket = context.request
        state = websocket.app.state

        def check() -> Any:
            with DbSession(state.holder.engine) as session:
                principal = websocket_principal(session=session,
                                                connection_params=context.connection_params,
                                                query_params=websocket.query_params)
            return principal, state.holder.current()

        principal, snapshot = await asyncio.to_thread(check)
        reason = may_read(principal, anonymous_read=state.settings.anonymous_read)
        if reason is not None:
            if reason == "missing_token":
                AUTH_FAILURES.inc(reason)
            refuse_connection(websocket, t(f"live.refused.{reason}"))
            raise ConnectionRejectionError({"reason": reason})
        context.principal, context.snapshot = principal, snapshot
        context._prepared = True  # the token was read here, not from headers
        return UNSET

    async def get_context(self, request: Any, response: Any) -> Context:  # type: ignore[override]
        state = request.app.state
        # Deferred: the token lookup and version check run in the operation's worker
        # thread (HardenedView), never here on the event loop.
        context = make_context(state.holder, state.settings, request=request,
                               response=response, deferred=True,
                               outlet=getattr(state, "urge_outlet", None))
        request.state.policygraph_context = context
        return context

    async def run(self, request: Any, context: Any = UNSET, root_value: Any = UNSET) -> Any:
        """As strawberry's, but the request's session is closed whatever happened: a body
        that is not JSON, a 405 or the playground page never reach an operation, and each
        leaked session would pin one pooled connection until the pool ran dry.  So are the
        files of a multipart upload (a large one is a temporary file on disk).  A multipart
        request without a CSRF preflight header is refused (see :func:`preflighted`)."""
        if not preflighted(request):
            return JSONResponse({"errors": [{"message": t("error.upload_preflight"),
                                             "extensions": {"code": "BAD_REQUEST"}}]},
                                status_code=400)
        try:
            return await super().run(request, context, root_value)
        finally:
            abandoned = request_value(request, "policygraph_abandoned", False)
            if isinstance(request, Request) and not abandoned:
                await request.close()  # an upload's files; an abandoned operation may still read them
            made = request_value(request, "policygraph_context")
            if made is not None:
                if not abandoned:
                    made.close()  # an abandoned operation closes its own when it finishes
                # the context holds the request: without this the two make a cycle, left
                # with its session to the cyclic collector rather than freed now
                del request.state.policygraph_context

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
    """Liveness and what the process serves: its pid, data version and counts by kind (stored
    documents apart from documents only cited, :mod:`graph.health`), each explained.

    A plain function, so Starlette runs it in its thread pool: the version check reads
    the database and must never wait on the event loop.
    """
    snapshot = request.app.state.holder.current()
    counts, edges = health_of(snapshot.graph)  # computed with the snapshot (graph.warmup)
    # pid: which worker process answered (policygraph serve --workers N)
    return JSONResponse({"ok": True, "pid": os.getpid(), "version": snapshot.version, "counts": counts,
                         "countsMean": count_meanings(counts), "edges": edges})


def start_outbox(app: Starlette, engine: Engine, config: Settings) -> OutboxDispatcher | None:
    """Wire 催办 and outbox delivery into a starting app (call inside the lifespan).

    The API routes urges by the alert rules (``POLICYGRAPH_ALERT_RULES``); with channels
    configured (``POLICYGRAPH_ALERT_CHANNELS``) and ``POLICYGRAPH_DISPATCH_SECONDS`` above
    0, a background task delivers every due outbox message (urges and the alert runs'
    digests), woken at once by an urge and polling in between.  Without channels the
    messages wait for ``policygraph alerts run`` or ``alerts serve``.
    """
    outlet = Outlet(UrgeRouting.from_file(config.alert_rules))
    app.state.urge_outlet = outlet
    channels = load_channels(config.alert_channels)
    if not channels or config.dispatch_seconds <= 0:
        return None
    dispatcher = OutboxDispatcher(engine=engine, channels=channels,
                                  graph=lambda: app.state.holder.current().graph,
                                  every=config.dispatch_seconds)
    dispatcher.start()
    outlet.wake = dispatcher.wake
    app.state.outbox_dispatcher = dispatcher
    return dispatcher


def create_app(engine: Engine | None = None, *, settings: Settings | None = None) -> Starlette:
    """Build the application.

    Parameters
    ----------
    engine
        The database; by default one is made from ``settings.database_url`` at start-up.
    settings
        Defaults to :func:`settings.read_settings` (the environment, read now).

    Returns
    -------
    starlette.applications.Starlette
        Its lifespan migrates the database (``store.setup.init_db``) and builds the graph
        into ``app.state.holder``; the graph is rebuilt when the data version moves.
    """
    config = settings or read_settings()
    load_config(config.assessment_config)  # a bad assessment file stops the start, its field named

    @asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        from store.db import make_engine
        from store.setup import init_db

        own_engine = engine is None
        eng = (make_engine(config.database_url, **pool_options(config, config.database_url))
               if engine is None else engine)
        init_db(eng)
        app.state.settings = config
        app.state.hardening = config  # what hardening.view reads
        app.state.holder = GraphHolder(eng, check_interval=config.version_check_seconds,
                                       rules=config)
        app.state.widget_cache = WidgetCache(max_entries=config.widget_cache_entries,
                                             ttl_seconds=config.widget_cache_seconds)
        app.state.admission = make_admission(config)
        # rate limits in this process's memory on SQLite, in the shared database on PostgreSQL
        app.state.rate_limit_storage = storage_for(eng)
        app.state.response_cache = make_response_cache(config)  # whole answers to queries
        dispatcher = start_outbox(app, eng, config)
        # live updates: one hub per process, listening on PostgreSQL, polling on SQLite
        listen_url = eng.url if eng.dialect.name == "postgresql" else None
        app.state.live = LiveHub(app.state.holder, max_subscriptions=config.live_subscriptions,
                                 queue_size=config.live_queue,
                                 poll_seconds=config.live_poll_seconds,
                                 due_soon_days=config.due_soon_days, listen_url=listen_url)
        await app.state.live.start()
        # a request's temporaries die before the collector looks: no full collections
        # landing on requests every few hundred answers (hardening.collector)
        collector = tune_collector()
        try:
            yield
        finally:
            restore_collector(collector)
            await app.state.live.stop()
            if dispatcher is not None:
                await dispatcher.stop()
            app.state.admission.close()
            metrics.close()
            if own_engine:
                eng.dispose()

    # Multipart uploads carry 责任分解表 files and progress sheets (importBreakdown,
    # importProgressSheet); the mutations that take one need a bearer token, and every
    # multipart request a preflight header (PolicyGraphQL.run), which a cross-site form
    # can send neither of.
    graphql = PolicyGraphQL(schema, graphql_ide="graphiql" if config.graphiql else None,
                            multipart_uploads_enabled=True,
                            subscription_protocols=(GRAPHQL_TRANSPORT_WS_PROTOCOL,),
                            max_subscriptions_per_connection=config.live_per_connection,
                            connection_init_wait_timeout=dt.timedelta(seconds=10))
    routes: list[BaseRoute] = [Route("/graphql", graphql, methods=["GET", "POST"]),
                               WebSocketRoute("/graphql", graphql),
                               Route("/healthz", healthz, methods=["GET"])]
    routes += feed_routes()  # /calendar/{unit}.ics, /calendar/place/{place}.ics, /metrics
    if static_mount is not None:
        routes.append(static_mount())
    from embed.routes import routes as embed_routes  # wiki widgets, oEmbed, exports, dashboard

    routes.extend(embed_routes(static_files=PlaygroundStaticFiles))
    from embed.render import error_response
    from embed.security import security_headers
    from web.review import DashboardPages
    from web.review import routes as review_routes  # the review queue pages of the dashboard

    routes.extend(review_routes(DashboardPages(error_page=error_response,
                                               headers=security_headers)))
    # the language of the answer (Accept-Language, ?lang=) for refusals too; then limits, logs, metrics
    # one registry per application, written by /metrics (feeds.routes)
    # with several worker processes, summed over their files (POLICYGRAPH_METRICS_DIR)
    metrics = Metrics(multiprocess_dir=config.metrics_dir)
    metrics.count_process(AUTH_FAILURES.counter)
    metrics.gauge_from("policygraph_live_subscriptions",
                       "Live-update subscriptions this process serves now.",
                       lambda: float(getattr(getattr(app.state, "live", None),
                                             "subscriber_count", 0)))
    app = Starlette(routes=routes, lifespan=lifespan,
                    middleware=[Middleware(LocaleMiddleware, default=config.lang), *hardening_middleware(config, metrics)])
    app.state.metrics = metrics
    return app
