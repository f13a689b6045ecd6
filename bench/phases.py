"""Where the GraphQL layer's CPU goes, by step of the request, beside the bare endpoint.

The layer comparison (:func:`bench.loadtests.layer_load`) says how much more CPU a GraphQL
answer costs the server than the bare one; this says where.  The bench app
(:mod:`bench.app`) is driven in this process by plain ASGI calls (no HTTP server, no
client), alternating rounds of bare and GraphQL requests for each layer question, and
counts CPU per request:

- the whole process (``process``: the event loop's side and the worker's);
- the operation worker's thread (``worker``: ``Admission._timed``, both endpoints);
- inside it, for GraphQL answered by a compiled query (:mod:`hardening.compiled_run`),
  the compiled answer with its checks (``compiled``), the root resolvers and the plans
  inside it (``run_compiled``) and the encoding (``encode``); for GraphQL on the full
  path, Strawberry's ``Schema.execute`` and graphql-core's execution it calls
  (``schema_execute``, ``graphql_core``), and the shaping and encoding done in the worker
  (``shape_encode``);
- the graph function both endpoints call (``graph``: :func:`graph.names.resolve_unit`
  for ``unit``, :func:`graph.pages.page` for the page), the work the layer wraps.

Each step is timed by the thread's CPU clock around the callable, hooked where the
request path reaches it (every module-level name bound to it), for this process only.
A step the installed libraries no longer have is left out, not guessed.  Usage::

    python -m bench.phases --db bench/results/work/S/policygraph.db [--requests 300]

The JSON result goes to stdout, one table to stderr.
"""

from __future__ import annotations

import argparse
import asyncio
import functools
import inspect
import json
import os
import sys
import time
from collections import defaultdict
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from bench.answers import BY_NAME
from bench.stats import median

#: The layer questions measured: a look-up by name and a page of 100 obligations.
QUESTIONS = ("unit", "obligationsPage")
#: Each question's graph function, the work both endpoints share.
GRAPH_FUNCTION = {"unit": ("graph.names", "resolve_unit"),
                  "obligationsPage": ("graph.pages", "page")}
#: The request's steps: name, module, attribute (a class's method as ``Class.method``).
STEPS = (("worker", "hardening.admission", "Admission._timed"),
         ("schema_execute", "strawberry.schema.schema", "Schema.execute"),
         ("graphql_core", "strawberry.schema.schema", "execute"),
         ("shape_encode", "hardening.view", "HardenedView._answer"),
         ("compiled", "hardening.compiled_run", "compiled_data"),
         ("run_compiled", "hardening.compiled_run", "run_compiled"),
         ("encode", "hardening.view", "HardenedView._encode_and_keep"))


def _timer(function: Callable[..., Any], name: str, spent: defaultdict[str, float]
           ) -> Callable[..., Any]:
    """``function``, adding the calling thread's CPU seconds in it to ``spent[name]``."""
    if inspect.iscoroutinefunction(function):
        @functools.wraps(function)
        async def timed_async(*args: Any, **kwargs: Any) -> Any:
            began = time.thread_time()
            try:
                return await function(*args, **kwargs)
            finally:
                spent[name] += time.thread_time() - began
        return timed_async

    @functools.wraps(function)
    def timed(*args: Any, **kwargs: Any) -> Any:
        began = time.thread_time()
        try:
            return function(*args, **kwargs)
        finally:
            spent[name] += time.thread_time() - began
    return timed


@contextmanager
def hooked(steps: tuple[tuple[str, str, str], ...], spent: defaultdict[str, float]
           ) -> Iterator[list[str]]:
    """Time each step found (yielding their names) while the block runs, then restore.

    A method is replaced on its class; a function wherever a module binds it by name
    (``from graph.pages import page`` binds it again in the importer).
    """
    import importlib

    undo: list[tuple[Any, str, Any]] = []
    found = []
    try:
        for name, module_name, attribute in steps:
            owner: Any = importlib.import_module(module_name)
            *path, last = attribute.split(".")
            for part in path:
                owner = getattr(owner, part, None)
            original = inspect.getattr_static(owner, last, None) if owner is not None else None
            if not inspect.isfunction(original):
                continue  # the library moved or changed it: leave the step out
            found.append(name)
            timed = _timer(original, name, spent)
            if path:  # a plain method, replaced on the class that defines it
                defining = next(k for k in owner.__mro__ if last in vars(k))
                undo.append((defining, last, original))
                setattr(defining, last, timed)
                continue
            for module in list(sys.modules.values()):
                # the module's own names only: getattr would wake lazy module attributes
                if getattr(module, "__dict__", {}).get(last) is original:
                    undo.append((module, last, original))
                    setattr(module, last, timed)
        yield found
    finally:
        for owner, last, original in reversed(undo):
            setattr(owner, last, original)


class Driver:
    """Plain ASGI calls to an application whose lifespan it runs."""

    def __init__(self, app: Any) -> None:
        self.app = app
        self.state: dict[str, Any] = {}
        self._lifespan: asyncio.Queue[dict[str, Any]] = asyncio.Queue()
        self._task: asyncio.Future[Any] | None = None

    async def start(self) -> None:
        """Run the application's start-up; its failure message is raised here."""
        answered: asyncio.Future[dict[str, Any]] = asyncio.get_running_loop().create_future()

        async def send(message: dict[str, Any]) -> None:
            if message["type"].startswith("lifespan.startup") and not answered.done():
                answered.set_result(message)

        await self._lifespan.put({"type": "lifespan.startup"})
        task: asyncio.Future[Any] = asyncio.ensure_future(self.app(
            {"type": "lifespan", "asgi": {"version": "3.0"}, "state": self.state},
            self._lifespan.get, send))
        self._task = task
        # an application that raises without saying so ends its task: never wait forever
        await asyncio.wait({answered, task}, return_when=asyncio.FIRST_COMPLETED)
        if not answered.done():
            task.result()  # its exception, if it raised one
            raise RuntimeError("the application's lifespan ended without starting")
        message = answered.result()
        if message["type"] != "lifespan.startup.complete":
            raise RuntimeError(message.get("message") or "the application did not start")

    async def stop(self) -> None:
        await self._lifespan.put({"type": "lifespan.shutdown"})
        if self._task is not None:
            await self._task

    async def call(self, method: str, path: str, *, query: str = "", body: bytes = b""
                   ) -> tuple[int, bytes]:
        """One request's status and body."""
        scope = {"type": "http", "asgi": {"version": "3.0"}, "http_version": "1.1",
                 "method": method, "scheme": "http", "path": path, "raw_path": path.encode(),
                 "query_string": query.encode(), "root_path": "",
                 "headers": [(b"host", b"127.0.0.1"), (b"content-type", b"application/json"),
                             (b"content-length", str(len(body)).encode())],
                 "client": ("127.0.0.1", 1), "server": ("127.0.0.1", 80), "state": self.state}
        sent: list[dict[str, Any]] = []
        received = False

        async def receive() -> dict[str, Any]:
            nonlocal received
            if received:  # the answer is sent: nothing more comes
                await asyncio.Event().wait()
            received = True
            return {"type": "http.request", "body": body, "more_body": False}

        async def send(message: dict[str, Any]) -> None:
            sent.append(message)

        await self.app(scope, receive, send)
        return sent[0]["status"], b"".join(m.get("body", b"") for m in sent[1:])


def _quiet_access_log() -> None:
    """The access log's lines go to the null device, as the bench server's go to a file:
    written (their cost counted on both sides), not shown."""
    import logging

    from observability.accesslog import LOGGER

    for handler in logging.getLogger(LOGGER).handlers:
        if isinstance(handler, logging.StreamHandler) and getattr(
                handler, "policygraph_access", False):
            handler.setStream(open(os.devnull, "w", encoding="utf-8"))


#: The part of a step outside the steps inside it, per layer: its name, the step and
#: what is taken from it (a step not measured is absent, an inner one counts as 0).
_BESIDES: dict[str, tuple[tuple[str, str, tuple[str, ...]], ...]] = {
    "bare": (("event_loop", "process", ("worker",)),
             ("worker_besides_graph", "worker", ("graph",))),
    "graphql": (("event_loop", "process", ("worker",)),
                ("worker_besides_execute", "worker", ("schema_execute", "shape_encode")),
                ("strawberry_besides_core", "schema_execute", ("graphql_core",)),
                ("core_besides_graph", "graphql_core", ("graph",)),
                ("worker_besides_compiled", "worker", ("compiled", "encode")),
                ("checks_besides_resolvers", "compiled", ("run_compiled",)),
                ("resolvers_besides_graph", "run_compiled", ("graph",))),
}


def _shares(layer: str, cpu: dict[str, float]) -> dict[str, float]:
    """A layer's figures (ms per request) with the part of each step outside the steps
    inside it (:data:`_BESIDES`); steps not measured are absent.

    >>> _shares("bare", {"process": 1.0, "worker": 0.6, "graph": 0.4})["event_loop"]
    0.4
    >>> sorted(_shares("graphql", {"process": 1.0, "worker": 0.6, "compiled": 0.5}))
    ['compiled', 'event_loop', 'process', 'worker', 'worker_besides_compiled']
    """
    out = dict(cpu)
    for name, step, inside in _BESIDES[layer]:
        if step in cpu and inside[0] in cpu:
            out[name] = cpu[step] - sum(cpu.get(inner, 0.0) for inner in inside)
    return out


async def _question(driver: Driver, name: str, *, requests: int, rounds: int
                    ) -> dict[str, Any]:
    question = BY_NAME[name]
    path, _, query = question.bare_path.partition("?")
    body = json.dumps({"query": question.query}).encode()
    asks = {"bare": ("GET", path, query, b""), "graphql": ("POST", "/graphql", "", body)}
    answers = {}
    for layer, (method, where, arguments, sent) in asks.items():
        status, answer = await driver.call(method, where, query=arguments, body=sent)
        if status != 200:
            raise RuntimeError(f"{name} ({layer}): status {status}: {answer[:300]!r}")
        answers[layer] = json.loads(answer)
    spent: defaultdict[str, float] = defaultdict(float)
    samples: dict[str, dict[str, list[float]]] = {"bare": {}, "graphql": {}}
    module, attribute = GRAPH_FUNCTION[name]
    with hooked((*STEPS, ("graph", module, attribute)), spent) as found:
        for _ in range(rounds):
            for layer, (method, where, arguments, sent) in asks.items():
                spent.clear()
                began = time.process_time()
                for _ in range(requests):
                    await driver.call(method, where, query=arguments, body=sent)
                figures = {"process": time.process_time() - began,
                           **{step: spent[step] for step in found if step in spent}}
                for step, seconds in figures.items():
                    samples[layer].setdefault(step, []).append(seconds / requests * 1000)
    cpu = {layer: _shares(layer, {step: median(v) for step, v in steps.items()})
           for layer, steps in samples.items()}
    return {"question": name, "same_answer": answers["bare"] == answers["graphql"],
            "requests": requests, "rounds": rounds, **cpu,
            "ratio": cpu["graphql"]["process"] / cpu["bare"]["process"]}


async def _measure(db: str, *, requests: int, rounds: int) -> list[dict[str, Any]]:
    from bench.app import create_bench_app
    from settings import read_settings

    # as bench.run serves: the rest from the environment, as the server reads it
    settings = read_settings().model_copy(update={
        "database_url": db, "version_check_seconds": 3600.0, "rate_limit_ip": 0,
        "rate_limit_token": 0, "response_cache_entries": 0})
    driver = Driver(create_bench_app(settings=settings))
    await driver.start()
    try:
        _quiet_access_log()
        return [await _question(driver, name, requests=requests, rounds=rounds)
                for name in QUESTIONS]
    finally:
        await driver.stop()


def measure_phases(db: str, *, requests: int = 300, rounds: int = 5) -> list[dict[str, Any]]:
    """Per layer question: CPU ms per request of each step, bare and GraphQL (medians
    of ``rounds`` alternated rounds of ``requests`` each), and GraphQL ÷ bare for the
    whole process.  ``db`` is a database URL the bench loaded."""
    return asyncio.run(_measure(db, requests=requests, rounds=rounds))


def _table(rows: list[dict[str, Any]]) -> str:
    lines = []
    for row in rows:
        lines.append(f"{row['question']}: GraphQL ÷ bare {row['ratio']:.2f} "
                     f"(same answer: {row['same_answer']}); CPU ms per request")
        for step in sorted(row["bare"].keys() | row["graphql"].keys()):
            bare, graphql = row["bare"].get(step), row["graphql"].get(step)
            lines.append(f"  {step:26s} {'' if bare is None else f'{bare:7.3f}':>8s}"
                         f" {'' if graphql is None else f'{graphql:7.3f}':>8s}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--db", required=True,
                        help="a database the bench loaded: a SQLite file or a database URL")
    parser.add_argument("--requests", type=int, default=300, help="requests per round")
    parser.add_argument("--rounds", type=int, default=5, help="alternated rounds per layer")
    args = parser.parse_args(argv)
    db = args.db if "://" in args.db else f"sqlite:///{os.path.abspath(args.db)}"
    rows = measure_phases(db, requests=args.requests, rounds=args.rounds)
    print(_table(rows), file=sys.stderr)
    print(json.dumps(rows, ensure_ascii=False))


if __name__ == "__main__":
    main()
