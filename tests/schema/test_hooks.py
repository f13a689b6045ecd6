"""The extensions' hooks run lean in the order and with the exceptions strawberry's own
runner gives them."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from typing import Any

import pytest
import strawberry
from strawberry.extensions import SchemaExtension
from strawberry.extensions.context import ExecutingContextManager

from schema.hooks import LeanExtensionsRunner, LeanHooks
from schema.query import PolicySchema


def _recording(name: str, log: list[str], *, swallow: bool = False,
               raise_on_exit: type[Exception] | None = None) -> type[SchemaExtension]:
    class Recording(SchemaExtension):
        def _phase(self, phase: str) -> Iterator[None]:
            log.append(f"{name} {phase} in")
            try:
                yield
            except Exception as error:  # what the hook was given
                log.append(f"{name} {phase} got {type(error).__name__}")
                if not swallow:
                    raise
            if raise_on_exit is not None:
                raise raise_on_exit(name)
            log.append(f"{name} {phase} out")

        def on_operation(self) -> Iterator[None]:
            yield from self._phase("operation")

        def on_parse(self) -> Iterator[None]:
            yield from self._phase("parse")

        def on_validate(self) -> Iterator[None]:
            yield from self._phase("validate")

        def on_execute(self) -> Iterator[None]:
            yield from self._phase("execute")

    return Recording


@strawberry.type
class _Query:
    @strawberry.field
    def hello(self) -> str:
        return "world"


def test_every_phase_enters_the_hooks_in_order_and_leaves_them_in_reverse() -> None:
    log: list[str] = []
    schema = PolicySchema(query=_Query, extensions=[_recording("A", log), _recording("B", log)])
    result = asyncio.run(schema.execute("{ hello }"))
    assert result.data == {"hello": "world"} and not result.errors
    phases = ["parse", "validate", "execute"]
    assert log == ["A operation in", "B operation in",
                   *[entry for phase in phases for entry in (
                       f"A {phase} in", f"B {phase} in", f"B {phase} out", f"A {phase} out")],
                   "B operation out", "A operation out"]


def test_the_log_is_the_one_strawberrys_runner_writes() -> None:
    logs: dict[str, list[str]] = {}
    for kind, base in (("lean", PolicySchema), ("strawberry", strawberry.Schema)):
        log = logs.setdefault(kind, [])
        schema = base(query=_Query, extensions=[_recording("A", log), _recording("B", log)])
        for query in ("{ hello }", "{ nope }", "{ hello("):  # answered, invalid, unparsable
            asyncio.run(schema.execute(query))
    assert logs["lean"] == logs["strawberry"]
    assert "A validate in" in logs["lean"] and "A execute in" in logs["lean"]


def _run_phase(manager: Any, error: Exception) -> BaseException | None:
    async def phase() -> None:
        async with manager:
            raise error
    try:
        asyncio.run(phase())
    except BaseException as raised:  # what the phase let out
        return raised
    return None


@pytest.mark.parametrize("inner", ["passes", "swallows", "raises"])
def test_an_exception_in_a_phase_reaches_the_hooks_as_in_contextlib(inner: str) -> None:
    outcomes = {}
    for kind in ("lean", "strawberry"):
        log: list[str] = []
        outer = _recording("outer", log)()
        inner_hook = _recording("inner", log, swallow=inner != "passes",
                                raise_on_exit=KeyError if inner == "raises" else None)()
        extensions = [outer, inner_hook]
        manager: Any = (LeanHooks(extensions, "on_execute") if kind == "lean"
                        else ExecutingContextManager(extensions))
        raised = _run_phase(manager, ValueError("in the phase"))
        outcomes[kind] = (log, type(raised).__name__)
    assert outcomes["lean"] == outcomes["strawberry"]
    log, raised_name = outcomes["lean"]
    expected = {
        "passes": (["outer execute in", "inner execute in", "inner execute got ValueError",
                    "outer execute got ValueError"], "ValueError"),
        # swallowed inside: the outer hook sees nothing, the phase still raises
        "swallows": (["outer execute in", "inner execute in", "inner execute got ValueError",
                      "inner execute out", "outer execute out"], "ValueError"),
        # a hook raising on its way out replaces the exception for the hooks outside it
        "raises": (["outer execute in", "inner execute in", "inner execute got ValueError",
                    "outer execute got KeyError"], "KeyError"),
    }
    assert (log, raised_name) == expected[inner]


def test_a_phase_with_a_hook_that_is_no_plain_generator_keeps_strawberrys_manager() -> None:
    class AsyncHook(SchemaExtension):
        async def on_execute(self) -> Any:  # an async generator
            yield

    runner = LeanExtensionsRunner(execution_context=None,  # type: ignore[arg-type]
                                  extensions=[AsyncHook(), _recording("A", [])()])
    assert isinstance(runner.executing(), ExecutingContextManager)
    assert isinstance(runner.parsing(), LeanHooks)


def test_the_servers_schema_runs_its_extensions_lean() -> None:
    from server import schema

    runner = schema.create_extensions_runner(None, schema.get_extensions())  # type: ignore[arg-type]
    assert all(isinstance(phase, LeanHooks) for phase in (
        runner.operation(), runner.parsing(), runner.validation(), runner.executing()))
