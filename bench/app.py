"""The bench server: the real application plus bare JSON endpoints for the layer cost.

Served by uvicorn with ``--factory bench.app:create_bench_app``; the ``/bare/<name>``
routes call the same function as the resolver (:mod:`bench.answers`) on the same graph
snapshot, so (c) GraphQL against (b) bare compares the layers, not the data.
"""

from __future__ import annotations

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

from bench.answers import BY_NAME
from server import create_app


async def bare(request: Request) -> JSONResponse:
    """``/bare/<name>?…``: the raw answer as JSON, shaped like GraphQL's ``data``."""
    question = BY_NAME[request.path_params["name"]]
    graph = request.app.state.holder.current().graph
    arguments = {k: request.query_params[k] for k in question.arguments}
    return JSONResponse({"data": question.function(graph, **arguments)})


def create_bench_app() -> Starlette:
    """:func:`server.create_app` with the ``/bare/{name}`` routes added."""
    app = create_app()
    app.router.routes.insert(0, Route("/bare/{name}", bare, methods=["GET"]))
    return app
