"""Running the schema extensions' hooks without strawberry's per-operation wrappers.

For every phase of every operation (operation, parsing, validation, execution)
strawberry's runner looks up each extension's hook, wraps it in a new
``contextlib.contextmanager`` (a decorator built with ``functools.update_wrapper``),
enters it on a new ``AsyncExitStack`` and unwinds that stack: four such rounds an
operation, about a tenth of what a small query costs beyond its resolver.

:class:`LeanExtensionsRunner` drives the same hooks, the same generator functions, in
the same order, straight: enter each extension's hook in the extensions' order, resume
them in reverse on the way out.  It does exactly what the two ``contextlib`` pieces do
with a generator hook: an exception inside the phase is thrown into each hook, innermost
first; a hook that swallows it hides it from the hooks outside it (the phase still
raises it: strawberry's context managers never suppress); an exception a hook raises
while closing replaces the one it was given.  A hook that is not a plain generator
function (a coroutine, an async generator, a plain function) sends its phase to
strawberry's own context manager, unchanged.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable, Generator
from types import TracebackType
from typing import Any

from strawberry.extensions import SchemaExtension
from strawberry.extensions.context import (
    ExecutingContextManager,
    ExtensionContextManagerBase,
    OperationContextManager,
    ParsingContextManager,
    ValidationContextManager,
)
from strawberry.extensions.runner import SchemaExtensionsRunner

Hook = Callable[[SchemaExtension], Generator[None, None, None]]
PHASES = ("on_operation", "on_parse", "on_validate", "on_execute")


_KNOWN_HOOKS = 256
_hooks: dict[tuple[type, str], tuple[bool, Hook | None]] = {}


def phase_hooks(extension_type: type, phase: str) -> tuple[bool, Hook | None]:
    """Whether ``extension_type``'s hook for ``phase`` can run lean, and the hook
    (``None``: the class keeps strawberry's default, which strawberry skips too).

    >>> class Counting(SchemaExtension):
    ...     def on_execute(self):
    ...         yield
    >>> phase_hooks(Counting, "on_execute")[0], phase_hooks(Counting, "on_parse")
    (True, (True, None))
    """
    key = (extension_type, phase)
    found = _hooks.get(key)
    if found is None:
        hook = getattr(extension_type, phase)
        found = ((True, None) if hook is getattr(SchemaExtension, phase)
                 else (inspect.isgeneratorfunction(hook), hook))
        if len(_hooks) >= _KNOWN_HOOKS:  # classes made on the fly (tests): stay bounded
            _hooks.clear()
        _hooks[key] = found
    return found


class LeanHooks:
    """One phase's hooks of one operation, entered and left as one context manager."""

    __slots__ = ("_extensions", "_phase", "_running")

    def __init__(self, extensions: list[SchemaExtension], phase: str) -> None:
        self._extensions = extensions
        self._phase = phase
        self._running: list[Generator[None, None, None]] = []

    def __enter__(self) -> None:
        # As strawberry's: a hook failing to start raises at once, the hooks already
        # started are not resumed.
        for extension in self._extensions:
            hook = phase_hooks(type(extension), self._phase)[1]
            if hook is None:
                continue
            generator = hook(extension)
            try:
                next(generator)
            except StopIteration:
                raise RuntimeError("generator didn't yield") from None
            self._running.append(generator)

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None,
                 traceback: TracebackType | None) -> None:
        pending = error if error is not None else (kind() if kind is not None else None)
        raised = False  # whether `pending` is an exception a hook raised
        while self._running:
            generator = self._running.pop()
            try:
                if _leave(generator, pending):
                    pending, raised = None, False  # swallowed: the outer hooks see none
            except BaseException as new:
                if pending is not None and new.__context__ is None and new is not pending:
                    new.__context__ = pending
                pending, raised = new, True
        if raised and pending is not None:
            raise pending
        # None: the phase's own exception, if any, goes on (swallowed or not)

    async def __aenter__(self) -> None:
        self.__enter__()

    async def __aexit__(self, kind: type[BaseException] | None, error: BaseException | None,
                        traceback: TracebackType | None) -> None:
        self.__exit__(kind, error, traceback)


def _leave(generator: Generator[None, None, None], error: BaseException | None) -> bool:
    """Resume a started hook at the end of its phase, as ``contextlib.contextmanager``'s
    ``__exit__`` does: whether it swallowed ``error``; raises what it raises instead."""
    if error is None:
        try:
            next(generator)
        except StopIteration:
            return False
        raise RuntimeError("generator didn't stop")
    traceback = error.__traceback__
    try:
        generator.throw(error)
    except StopIteration as stopped:
        return stopped is not error
    except RuntimeError as exc:
        if exc is error:
            exc.__traceback__ = traceback
            return False
        if isinstance(error, StopIteration) and exc.__cause__ is error:
            error.__traceback__ = traceback
            return False
        raise
    except BaseException as exc:
        if exc is not error:
            raise
        exc.__traceback__ = traceback
        return False
    raise RuntimeError("generator didn't stop after throw()")


class LeanExtensionsRunner(SchemaExtensionsRunner):
    """Strawberry's runner whose phases run lean when every hook of the phase is a plain
    generator function (see the module docstring)."""

    def _phase(self, phase: str, fallback: type[ExtensionContextManagerBase]) -> Any:
        if all(phase_hooks(type(extension), phase)[0] for extension in self.extensions):
            return LeanHooks(self.extensions, phase)
        return fallback(self.extensions)

    def operation(self) -> Any:
        return self._phase("on_operation", OperationContextManager)

    def parsing(self) -> Any:
        return self._phase("on_parse", ParsingContextManager)

    def validation(self) -> Any:
        return self._phase("on_validate", ValidationContextManager)

    def executing(self) -> Any:
        return self._phase("on_execute", ExecutingContextManager)
