"""The bench server: the real application plus bare JSON endpoints for the layer cost.

Served by uvicorn with ``--factory bench.app:create_bench_app``; the ``/bare/<name>``
routes call the same function as the resolver (:mod:`bench.answers`) on the same graph
snapshot, so (c) GraphQL against (b) bare compares the layers, not the data.  Like a
GraphQL operation (:mod:`hardening.view`), a bare answer is computed and encoded in one
of the application's operation workers (:mod:`hardening.admission`), never on the event
loop: the comparison is like for like, and the loop stays free.
"""

from __future__ import annotations

import asyncio
from typing import Any

from sqlalchemy.engine import Engine
from sqlmodel import Session
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from bench.answers import BY_NAME, stored_reports
from hardening.admission import admission_of
from hardening.encoding import answer_bytes
from server import create_app
from settings import Settings


def _answer(app_state: Any, name: str, arguments: dict[str, str]) -> bytes:
    """In a worker: the bare answer's bytes, shaped like GraphQL's ``{"data": …}``.

    Status is judged from the progress reports in the database, read through a session
    of the app's engine, as the resolvers read them: the same answer, without GraphQL.
    """
    holder = app_state.holder
    graph = holder.current().graph
    with Session(holder.engine, expire_on_commit=False) as session:
        data = BY_NAME[name].function(graph, reports=stored_reports(session),
                                      due_soon_days=app_state.settings.due_soon_days,
                                      **arguments)
    # encoded in the worker with GraphQL's encoder: the bare answers hold no float
    # (strings, dates, counts), as the GraphQL twins select none
    return answer_bytes({"data": data}, plain=True)


async def bare(request: Request) -> Response:
    """``/bare/<name>?…``: the raw answer as JSON, computed in an operation worker (503
    with ``Retry-After`` when every worker and queue place is taken, as GraphQL)."""
    name = request.path_params["name"]
    question = BY_NAME[name]
    arguments = {k: request.query_params[k] for k in question.arguments}
    state = request.app.state
    settings: Settings = state.hardening
    future = admission_of(state, settings).submit(_answer, state, name, arguments,
                                                  budget=settings.time_budget_seconds)
    if future is None:
        return Response(b'{"errors":[{"message":"busy"}]}', status_code=503,
                        headers={"Retry-After": "5"}, media_type="application/json")
    body = await asyncio.wrap_future(future)
    return Response(body, media_type="application/json")


def create_bench_app(engine: Engine | None = None, *, settings: Settings | None = None
                     ) -> Starlette:
    """:func:`server.create_app` (same arguments) with the ``/bare/{name}`` routes added."""
    app = create_app(engine, settings=settings)
    app.router.routes.insert(0, Route("/bare/{name}", bare, methods=["GET"]))
    return app
