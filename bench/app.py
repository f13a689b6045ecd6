"""The bench server: the real application plus bare JSON endpoints for the layer cost.

Served by uvicorn with ``--factory bench.app:create_bench_app``; the ``/bare/<name>``
routes call the same function as the resolver (:mod:`bench.answers`) on the same graph
snapshot, so (c) GraphQL against (b) bare compares the layers, not the data.
"""

from __future__ import annotations

from sqlalchemy.engine import Engine
from sqlmodel import Session
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

from bench.answers import BY_NAME, stored_reports
from server import create_app
from settings import Settings


async def bare(request: Request) -> JSONResponse:
    """``/bare/<name>?…``: the raw answer as JSON, shaped like GraphQL's ``data``.

    Status is judged from the progress reports in the database, read through a session
    of the app's engine, as the resolvers read them: the same answer, without GraphQL.
    """
    question = BY_NAME[request.path_params["name"]]
    holder = request.app.state.holder
    graph = holder.current().graph
    arguments = {k: request.query_params[k] for k in question.arguments}
    with Session(holder.engine, expire_on_commit=False) as session:
        data = question.function(graph, reports=stored_reports(session),
                                 due_soon_days=request.app.state.settings.due_soon_days,
                                 **arguments)
    return JSONResponse({"data": data})


def create_bench_app(engine: Engine | None = None, *, settings: Settings | None = None
                     ) -> Starlette:
    """:func:`server.create_app` (same arguments) with the ``/bare/{name}`` routes added."""
    app = create_app(engine, settings=settings)
    app.router.routes.insert(0, Route("/bare/{name}", bare, methods=["GET"]))
    return app
