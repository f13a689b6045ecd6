"""The closed vocabularies of the API as GraphQL enums (LEAD, CO, …).

Each enum's Python value is the word the store and the graph keep (``lead``, ``>=``,
``needs_review``), so a resolver turns a stored word into its member with
:func:`member`, and an argument's member back into the stored word with ``.value``.
The mapping is listed for clients in CHANGELOG.md.
"""

from __future__ import annotations

from enum import Enum
from typing import TypeVar

import strawberry

E = TypeVar("E", bound=Enum)


@strawberry.enum(description="A unit's part in a task: lead (牵头, or first listed) or co")
class Role(Enum):
    LEAD = "lead"
    CO = "co"


@strawberry.enum(description="A government's or a unit's level")
class Level(Enum):
    PROVINCE = "province"
    CITY = "city"
    COUNTY = "county"
    TOWNSHIP = "township"
    UNKNOWN = "unknown"


@strawberry.enum(description="How a target's value is compared: >= (GE), <= (LE), = (EQ), "
                             "> (GT), < (LT), or a range between value and valueMax (RANGE)")
class Comparator(Enum):
    GE = ">="
    LE = "<="
    EQ = "="
    GT = ">"
    LT = "<"
    RANGE = "range"


@strawberry.enum(description="Over what a target's value counts: each year, cumulated, or once")
class Period(Enum):
    YEARLY = "yearly"
    CUMULATIVE = "cumulative"
    ONCE = "once"


@strawberry.enum(description="What kind of place: a division of the GB/T 2260 table, a named "
                             "park or an enclave (飞地); OTHER for a kind this list lacks")
class PlaceKind(Enum):
    PROVINCE = "province"
    CITY = "city"
    COUNTY = "county"
    DISTRICT = "district"
    TOWNSHIP = "township"
    STREET = "street"
    PARK = "park"
    ENCLAVE = "enclave"
    OTHER = "other"


@strawberry.enum(description="Where a pairing is attested: stated in a document, reported, "
                             "or inferred")
class PairingConfidence(Enum):
    STATED = "stated"
    REPORTED = "reported"
    INFERRED = "inferred"


@strawberry.enum(description="What a search hit is")
class SearchHitKind(Enum):
    TASK = "Task"
    TARGET = "Target"
    SECTION = "Section"
    UNIT = "Unit"


@strawberry.enum(description="What a step of a path is")
class PathStepKind(Enum):
    DOCUMENT = "Document"
    SECTION = "Section"
    TASK = "Task"
    TARGET = "Target"
    OBLIGATION = "Obligation"
    UNIT = "Unit"
    PLACE = "Place"


@strawberry.enum(description="What an audit entry records; OTHER for an action this list "
                             "lacks (a newer server's)")
class AuditAction(Enum):
    QUERY = "query"
    MUTATION = "mutation"
    SUBSCRIPTION = "subscription"
    AUDIT_TRAIL = "audit_trail"
    REPORT_PROGRESS = "report_progress"
    RETRACT_REPORT = "retract_report"
    IMPORT_SHEET = "import_sheet"
    REFRESH_GRAPH = "refresh_graph"
    WITHDRAW_DOCUMENT = "withdraw_document"
    REMOVE_DOCUMENT = "remove_document"
    ADD_UNIT_ALIAS = "add_unit_alias"
    UNIT_ALIAS_ADD = "unit_alias_add"
    RECORD_SUCCESSION = "record_succession"
    SUCCESSION_ADD = "succession_add"
    SUCCESSION_REMOVE = "succession_remove"
    CORRECT_BREAKDOWN = "correct_breakdown"
    REVERT_CORRECTION = "revert_correction"
    CORRECTION_STATUS = "correction_status"
    IMPORT_BREAKDOWN = "import_breakdown"
    REVIEW_ACCEPT = "review_accept"
    REVIEW_DISMISS = "review_dismiss"
    REVIEW_CORRECT = "review_correct"
    URGE = "urge"
    OTHER = "other"


@strawberry.enum(description="How an audited action ended: OK; FORBIDDEN (the caller may "
                             "not); REFUSED (the input was refused: bad sheet rows, a report "
                             "needing confirmation); FAILED (a concurrent change)")
class AuditOutcome(Enum):
    OK = "ok"
    FORBIDDEN = "forbidden"
    REFUSED = "refused"
    FAILED = "failed"


@strawberry.enum(description="What a token may do: report for its unit, read everything "
                             "(viewer), curate its jurisdiction's documents (editor), or all")
class TokenRole(Enum):
    REPORTER = "reporter"
    VIEWER = "viewer"
    EDITOR = "editor"
    ADMIN = "admin"


@strawberry.enum(description="How often a deadline recurs")
class Recurrence(Enum):
    ONCE = "once"
    YEARLY = "yearly"
    HALF_YEARLY = "half-yearly"
    QUARTERLY = "quarterly"
    MONTHLY = "monthly"
    ONGOING = "ongoing"


@strawberry.enum(description="How a unit became another")
class SuccessionKind(Enum):
    MERGE = "merge"
    SPLIT = "split"
    RENAME = "rename"


@strawberry.enum(description="What a correction changes")
class CorrectionKind(Enum):
    ADD_UNIT = "add_unit"
    REMOVE_UNIT = "remove_unit"
    SET_ROLE = "set_role"
    ADD_DEADLINE = "add_deadline"
    DROP_DEADLINE = "drop_deadline"
    SET_DEADLINE = "set_deadline"
    ADD_TARGET = "add_target"
    DROP_TARGET = "drop_target"
    FIX_TARGET = "fix_target"
    SPLIT_TASK = "split_task"
    MERGE_TASK = "merge_task"


@strawberry.enum(description="A correction's state: ACTIVE; NEEDS_REVIEW (the text it was "
                             "made against changed); REVERTED")
class CorrectionStatus(Enum):
    ACTIVE = "active"
    NEEDS_REVIEW = "needs_review"
    REVERTED = "reverted"


@strawberry.enum(description="What a review item is about")
class ReviewKind(Enum):
    UNKNOWN_UNIT = "unknown_unit"
    AMBIGUOUS_DEADLINE = "ambiguous_deadline"
    UNMATCHED_ROW = "unmatched_row"
    NO_TASKS = "no_tasks"
    ANCHOR_CHANGED = "anchor_changed"
    EXTRACTION_WARNING = "extraction_warning"


@strawberry.enum(description="A review item's state")
class ReviewStatus(Enum):
    OPEN = "open"
    ACCEPTED = "accepted"
    DISMISSED = "dismissed"
    CORRECTED = "corrected"


@strawberry.enum(description="How a document speaks of another: IMPLEMENTS (根据 / 贯彻 / "
                             "落实 …) or CITES")
class CiteKind(Enum):
    IMPLEMENTS = "implements"
    CITES = "cites"


def member(vocabulary: type[E], word: str | None, fallback: E | None = None) -> E:
    """The member of ``vocabulary`` for a stored word; ``fallback`` (when given) for a
    word the vocabulary lacks, else ValueError.

    >>> member(Role, "lead")
    <Role.LEAD: 'lead'>
    >>> member(AuditAction, "nudge", AuditAction.OTHER)
    <AuditAction.OTHER: 'other'>
    """
    try:
        return vocabulary(word)
    except ValueError:
        if fallback is None:
            raise
        return fallback


def optional(vocabulary: type[E], word: str | None) -> E | None:
    """:func:`member`, or ``None`` for no word (or one the vocabulary lacks).

    >>> optional(TokenRole, None) is None
    True
    >>> optional(TokenRole, "viewer")
    <TokenRole.VIEWER: 'viewer'>
    """
    if word is None:
        return None
    try:
        return vocabulary(word)
    except ValueError:
        return None
