"""The payload of each correction kind: what a curator says, validated before anything is stored.

A :class:`store.curation_tables.Correction` keeps its payload as JSON text; :func:`parse_payload`
turns it (or a dict from GraphQL, the CLI or a 责任分解表 row) into one of the models
below, refusing unknown fields, missing ones and values of the wrong shape.

=============  ==============================================================
kind           payload
=============  ==============================================================
add_unit       ``{unit, role: lead|co = co, jurisdiction?}``
remove_unit    ``{unit}``
set_role       ``{unit, role: lead|co}``
add_deadline   ``{due?, recurrence = once, month?, day?, raw?}``
drop_deadline  ``{raw?, due?}`` (at least one)
set_deadline   ``{due, raw?}`` (``raw`` picks the deadline when the task has several)
add_target     ``{metric = "", comparator = ">=", value, value_max?, unit, due?}``
drop_target    ``{value, unit}``: "not a target"
fix_target     ``{value, unit, set: {metric?, comparator?, value?, value_max?, unit?, due?}}``
split_task     ``{at, suffix = "-2"}``: the text from character ``at`` becomes task
               ``<path><suffix>``
merge_task     ``{with_path}``: that task's text, units and facts join this task
=============  ==============================================================

``jurisdiction`` of ``add_unit`` is a jurisdiction's full name (浙江省杭州市); without it the
unit's name resolves from the document's issuer like an extracted one.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from store.curation_tables import CORRECTION_KINDS

Role = Literal["lead", "co"]
Comparator = Literal[">=", "<=", "=", ">", "<", "range"]
Recurrence = Literal["once", "yearly", "half-yearly", "quarterly", "monthly", "ongoing"]


class PayloadError(ValueError):
    """A correction's kind or payload is not acceptable; ``str()`` says why, in one line."""


class _Payload(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)


class AddUnit(_Payload):
    """Add a unit to a task.

    >>> AddUnit(unit="市财政局").role
    'co'
    """

    unit: str = Field(min_length=1, max_length=200)
    role: Role = "co"
    jurisdiction: str | None = Field(default=None, max_length=300)


class RemoveUnit(_Payload):
    """Remove a unit from a task (by its name or an alias)."""

    unit: str = Field(min_length=1, max_length=200)


class SetRole(_Payload):
    """Make a unit of a task its lead or a co-operating unit."""

    unit: str = Field(min_length=1, max_length=200)
    role: Role


class AddDeadline(_Payload):
    """Add a deadline to a task: a date, or a recurrence with its anchor.

    >>> AddDeadline(due="2019-06-30").due
    datetime.date(2019, 6, 30)
    >>> AddDeadline(recurrence="yearly", month=10, day=31).recurrence
    'yearly'
    """

    due: dt.date | None = None
    recurrence: Recurrence = "once"
    month: int | None = Field(default=None, ge=1, le=12)
    day: int | None = Field(default=None, ge=1, le=31)
    raw: str | None = Field(default=None, max_length=64)

    @model_validator(mode="after")
    def _dated(self) -> AddDeadline:
        if self.recurrence == "once" and self.due is None:
            raise ValueError("a one-off deadline needs its due date")
        return self


class DropDeadline(_Payload):
    """Drop a task's deadline, named by its phrase (``raw``) or its date."""

    raw: str | None = Field(default=None, max_length=64)
    due: dt.date | None = None

    @model_validator(mode="after")
    def _named(self) -> DropDeadline:
        if not self.raw and self.due is None:
            raise ValueError("name the deadline to drop by raw or due")
        return self


class SetDeadline(_Payload):
    """Change the date of a task's deadline (the one written ``raw`` when it has several)."""

    due: dt.date
    raw: str | None = Field(default=None, max_length=64)


class AddTarget(_Payload):
    """Add a quantitative target to a task.

    >>> AddTarget(metric="引进资金", value=25, unit="亿元").comparator
    '>='
    """

    metric: str = Field(default="", max_length=200)
    comparator: Comparator = ">="
    value: float
    value_max: float | None = None
    unit: str = Field(min_length=1, max_length=16)
    due: dt.date | None = None


class DropTarget(_Payload):
    """Say a number the extractor read as a target is not one."""

    value: float
    unit: str = Field(min_length=1, max_length=16)


class TargetChanges(_Payload):
    """The fields of a target to change; absent ones stay."""

    metric: str | None = Field(default=None, max_length=200)
    comparator: Comparator | None = None
    value: float | None = None
    value_max: float | None = None
    unit: str | None = Field(default=None, min_length=1, max_length=16)
    due: dt.date | None = None

    def changes(self) -> dict[str, Any]:
        """Only the fields given.

        >>> TargetChanges(value=30).changes()
        {'value': 30.0}
        """
        return self.model_dump(exclude_unset=True)


class FixTarget(_Payload):
    """Change a target, named by its value and unit, as ``set`` says.

    >>> FixTarget(value=25, unit="亿元", set={"value": 30}).set.changes()
    {'value': 30.0}
    """

    value: float
    unit: str = Field(min_length=1, max_length=16)
    set: TargetChanges

    @model_validator(mode="after")
    def _changes_something(self) -> FixTarget:
        if not self.set.changes():
            raise ValueError("set names no field to change")
        return self


class SplitTask(_Payload):
    """Split a task at a character offset of its text; the rest becomes ``<path><suffix>``."""

    at: int = Field(ge=1)
    suffix: str = Field(default="-2", min_length=1, max_length=16)


class MergeTask(_Payload):
    """Merge the task at ``with_path`` into this one."""

    with_path: str = Field(min_length=1, max_length=64)


Payload = (AddUnit | RemoveUnit | SetRole | AddDeadline | DropDeadline | SetDeadline | AddTarget
           | DropTarget | FixTarget | SplitTask | MergeTask)

MODELS: dict[str, type[_Payload]] = {
    "add_unit": AddUnit, "remove_unit": RemoveUnit, "set_role": SetRole,
    "add_deadline": AddDeadline, "drop_deadline": DropDeadline, "set_deadline": SetDeadline,
    "add_target": AddTarget, "drop_target": DropTarget, "fix_target": FixTarget,
    "split_task": SplitTask, "merge_task": MergeTask,
}  # fmt: skip
assert tuple(MODELS) == CORRECTION_KINDS

#: Kinds anchored to one fact's quoted sentence rather than to the task's whole text.
FACT_KINDS = frozenset({"drop_deadline", "set_deadline", "drop_target", "fix_target"})


def parse_payload(kind: str, payload: dict[str, Any] | str | None) -> Payload:
    """Validate ``payload`` (a dict or JSON text) for ``kind``.

    Raises
    ------
    PayloadError
        For an unknown kind or a payload that does not fit it.

    Examples
    --------
    >>> parse_payload("set_role", '{"unit": "市商务局", "role": "lead"}')
    SetRole(unit='市商务局', role='lead')
    >>> parse_payload("set_role", {"unit": "市商务局", "role": "boss"})
    Traceback (most recent call last):
    ...
    store.corrections.kinds.PayloadError: set_role: role: Input should be 'lead' or 'co'
    >>> parse_payload("rename", {})
    Traceback (most recent call last):
    ...
    store.corrections.kinds.PayloadError: unknown correction kind 'rename'
    """
    model = MODELS.get(kind)
    if model is None:
        raise PayloadError(f"unknown correction kind {kind!r}")
    if isinstance(payload, str):
        try:
            payload = json.loads(payload or "{}")
        except json.JSONDecodeError as exc:
            raise PayloadError(f"{kind}: payload is not JSON: {exc.msg}") from None
    if not isinstance(payload, dict):
        raise PayloadError(f"{kind}: payload must be an object")
    try:
        return model.model_validate(payload)  # type: ignore[return-value]
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first["loc"])
        message = first["msg"].removeprefix("Value error, ")
        raise PayloadError(f"{kind}: {where}: {message}" if where else f"{kind}: {message}") from None


def payload_json(payload: Payload) -> str:
    """The payload as stored: JSON with only the fields given, dates as ISO strings.

    >>> payload_json(AddDeadline(due="2019-06-30"))
    '{"due": "2019-06-30"}'
    """
    return json.dumps(payload.model_dump(mode="json", exclude_unset=True), ensure_ascii=False)
