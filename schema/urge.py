"""The 催办 types: an urge, its delivery, the mutation's input and payload, its typed errors."""

from __future__ import annotations

import datetime as dt
from enum import Enum
from typing import TYPE_CHECKING, Annotated

import strawberry
from strawberry.types import Info

from schema.context import ctx
from store.outbox import OutboxMessage
from store.urges import MAX_NOTE_CHARS, MAX_OBLIGATIONS, Urge, aware

if TYPE_CHECKING:
    from schema.obligation import ObligationType


@strawberry.type(name="UrgeDelivery", description="One channel an urge goes out on, and how far it got")
class UrgeDeliveryType:
    channel: str
    status: str = strawberry.field(description="pending, sending, sent or failed")
    attempts: int
    last_error: str | None

    @classmethod
    def from_row(cls, row: OutboxMessage) -> UrgeDeliveryType:
        """The GraphQL view of an urge's outbox message."""
        return cls(channel=row.channel, status=row.status, attempts=row.attempts,
                   last_error=row.last_error)


@strawberry.type(name="Urge", description="A 催办: a supervisor sent a unit its overdue and "
                                          "due-soon obligations, with a note")
class UrgeType:
    id: int
    unit_id: int = strawberry.field(description="The urged unit's id")
    receiver: str = strawberry.field(description="The receiver, as the alert rules address it "
                                                 "(浙江省温州市/市规划局)")
    as_of: dt.date = strawberry.field(description="The day its obligations were judged on")
    note: str
    sender: str = strawberry.field(description="Who the receiver is told urged it")
    urged_by: str = strawberry.field(description="The token id that urged (or cli)")
    urged_at: dt.datetime

    @classmethod
    def from_row(cls, row: Urge) -> UrgeType:
        """The GraphQL view of a stored urge."""
        assert row.id is not None
        return cls(id=row.id, unit_id=row.unit_id, receiver=row.receiver, as_of=row.as_of,
                   note=row.note, sender=row.sender, urged_by=row.created_by,
                   urged_at=aware(row.created_at))

    @strawberry.field(description="The ids of the obligations it named, in digest order")
    async def obligation_ids(self, info: Info) -> list[str]:
        return [n.obligation_id for n in await ctx(info).loaders.named_by_urge.load(self.id)]

    @strawberry.field(description="Its outbox messages, one per channel")
    async def deliveries(self, info: Info) -> list[UrgeDeliveryType]:
        return [UrgeDeliveryType.from_row(m)
                for m in await ctx(info).loaders.messages_by_urge.load(self.id)]


@strawberry.enum(name="UrgeErrorCode", description="Why an urge was not sent")
class UrgeErrorCode(Enum):
    RATE_LIMITED = "rate_limited"
    NOTHING_TO_URGE = "nothing_to_urge"
    NOT_URGENT = "not_urgent"
    NO_CHANNEL = "no_channel"


@strawberry.type(name="UrgeError", description="An urge refused for what it asked, not for who "
                                               "asked (that is a FORBIDDEN error)")
class UrgeErrorType:
    code: UrgeErrorCode
    message: str
    next_allowed_at: dt.datetime | None = strawberry.field(
        default=None, description="RATE_LIMITED: the earliest time the unit may be urged again")
    last_urge_id: int | None = strawberry.field(
        default=None, description="RATE_LIMITED: the urge that holds the limit")
    obligation_ids: list[str] = strawberry.field(
        default_factory=list, description="NOT_URGENT: the ids asked for that are neither "
                                          "overdue nor due soon for the unit today")


@strawberry.input(name="UrgeInput", description="Whom to urge and with what words")
class UrgeInput:
    unit: str = strawberry.field(description="The unit: its name, an alias, or "
                                             "浙江省温州市/市规划局")
    jurisdiction: str | None = strawberry.field(
        default=None, description="The unit's government (full name, short name or code) "
                                  "when several governments have a unit of that name")
    note: str = strawberry.field(default="", description=f"The sender's words to the unit (at "
                                                        f"most {MAX_NOTE_CHARS} characters)")
    obligation_ids: list[str] | None = strawberry.field(
        default=None, description=f"Only these of its overdue and due-soon obligations "
                                  f"(default: all of them, at most {MAX_OBLIGATIONS})")


@strawberry.type(name="UrgePayload", description="The urge recorded and queued, or why not")
class UrgePayloadType:
    urge: UrgeType | None = strawberry.field(description="Null when refused (see `error`)")
    obligations: list[Annotated[ObligationType, strawberry.lazy("schema.obligation")]] = \
        strawberry.field(description="What it names (or would name), as of today")
    receiver: str | None = strawberry.field(description="The receiver its digest goes to")
    channels: list[str] = strawberry.field(description="The channels it goes out on")
    error: UrgeErrorType | None = None
