"""Retry-safe writes in GraphQL: the ``Idempotency-Key`` header or ``idempotencyKey``
argument of ``reportProgress`` and ``importProgressSheet`` (see
:mod:`store.idempotency`)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from graphql import GraphQLError
from sqlalchemy.exc import IntegrityError

from i18n import t
from schema.context import Context
from schema.errors import bad_input
from store.idempotency import MAX_KEY_CHARS, KeyReused, fingerprint, remember, replay
from store.progress.tables import ProgressReport

HEADER = "idempotency-key"


def _conflict(message: str) -> GraphQLError:
    return GraphQLError(message, extensions={"code": "CONFLICT", "reason": "idempotency_key"})


@dataclass(frozen=True)
class Idempotency:
    """One write's key (``None``: the client sent none) and what it asks for."""

    context: Context
    actor: str
    action: str
    key: str | None
    digest: str

    def previous(self) -> list[ProgressReport] | None:
        """The reports the first request with this key stored, or ``None``."""
        if self.key is None:
            return None
        try:
            found = replay(session=self.context.session, actor=self.actor, key=self.key,
                           action=self.action, digest=self.digest)
        except KeyReused as error:
            raise _conflict(f"{error}.") from None
        return None if found is None else found.reports

    def commit(self, reports: Sequence[ProgressReport]) -> list[ProgressReport]:
        """Commit the write with its key; when a concurrent twin with the same key won,
        roll back and answer with the twin's reports instead."""
        session = self.context.session
        try:  # the twin's row makes the flush (or, racing, the commit) fail
            if self.key is not None:
                remember(session=session, actor=self.actor, key=self.key,
                         action=self.action, digest=self.digest, reports=reports)
            session.commit()
        except IntegrityError:
            if self.key is None:
                raise
            session.rollback()
            twin = self.previous()
            if twin is None:
                raise
            return twin
        return list(reports)


def idempotency(context: Context, *, actor: str, action: str, argument: str | None,
                arguments: dict[str, object]) -> Idempotency:
    """The write's idempotency: the argument, else the request's ``Idempotency-Key``."""
    headers = getattr(context.request, "headers", None)
    key = argument if argument is not None else (headers.get(HEADER) if headers else None)
    if key is not None:
        key = key.strip()
        if not key or len(key) > MAX_KEY_CHARS:
            raise bad_input(t("error.idempotency_length", limit=MAX_KEY_CHARS),
                            argument="idempotencyKey")
    return Idempotency(context=context, actor=actor, action=action, key=key,
                       digest=fingerprint(action, arguments))
