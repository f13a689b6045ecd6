"""Admin mutations on documents: withdraw (废止) from a day, and remove; both audited.

Mixed into the root Mutation type (:mod:`schema.mutation`).  The work is
:mod:`store.lifecycle`'s, shared with ``policygraph documents``.
"""

from __future__ import annotations

import datetime as dt

import strawberry
from strawberry.types import Info

from i18n import t
from schema.auth import require_role
from schema.context import Context, ctx
from schema.document import DocumentType
from schema.errors import echo, missing
from store.crud.documents import find_document
from store.lifecycle import Actor, DocumentNotFound, remove, withdraw

ADMIN = ("admin",)


def _actor(context: Context) -> Actor:
    principal = context.principal
    return Actor(name=principal.actor, unit=principal.unit_name, role=principal.role)


def _not_found(reference: str) -> Exception:
    return missing(t("documents.not_found", reference=echo(reference)), reference=echo(reference))


@strawberry.input(description="Which document to withdraw, from which day.")
class WithdrawDocumentInput:
    document: str = strawberry.field(description="The document: key, 文号 or title")
    on: dt.date | None = strawberry.field(description="The first day it is no longer in force; "
                                                      "null puts it back in force")


@strawberry.input(description="Which document to remove.")
class RemoveDocumentInput:
    document: str = strawberry.field(description="The document: key, 文号 or title")


@strawberry.type(name="DocumentPayload", description="The document as changed (or, removed, "
                                                     "as it was).")
class DocumentPayload:
    document: DocumentType


@strawberry.type
class DocumentMutations:
    @strawberry.mutation(description="Withdraw (废止) a document from a day: its open "
                                     "obligations end on that day. `on: null` puts it back in "
                                     "force. Admin tokens only; audited.")
    def withdraw_document(self, info: Info, input: WithdrawDocumentInput) -> DocumentPayload:
        document, day = input.document, input.on
        context = ctx(info)
        session = context.session
        require_role(session=session, principal=context.principal, action="withdraw_document",
                     target=f"document:{echo(document)}", roles=ADMIN)
        try:
            row = withdraw(session=session, reference=document, on=day, actor=_actor(context))
        except DocumentNotFound:
            session.rollback()
            raise _not_found(document) from None
        answer = DocumentPayload(document=DocumentType.from_row(row))
        session.commit()
        return answer

    @strawberry.mutation(description="Remove a document with all its tasks, targets and "
                                     "deadlines (named by key, number or title). Admin tokens "
                                     "only; audited. Returns the document as it was.")
    def remove_document(self, info: Info, input: RemoveDocumentInput) -> DocumentPayload:
        document = input.document
        context = ctx(info)
        session = context.session
        require_role(session=session, principal=context.principal, action="remove_document",
                     target=f"document:{echo(document)}", roles=ADMIN)
        row = find_document(session=session, reference=document)
        if row is None:
            raise _not_found(document)
        answer = DocumentPayload(document=DocumentType.from_row(row))
        remove(session=session, reference=row.key, actor=_actor(context))
        session.commit()
        return answer
