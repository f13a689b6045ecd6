"""Pydantic's validation errors as one line per problem, naming the field in the file's
own terms (``escalation.after_days``, ``due_soon_days[1]``, ``channels.*``)."""

from __future__ import annotations

from collections.abc import Sequence

from pydantic import ValidationError


def field_path(loc: Sequence[int | str]) -> str:
    """A location as the file spells it: keys joined by dots, list positions in brackets.

    >>> field_path(("due_soon_days", 1))
    'due_soon_days[1]'
    >>> field_path(("escalation", "supervisors", "浙江省温州市"))
    'escalation.supervisors.浙江省温州市'
    """
    text = ""
    for part in loc:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text


def describe(error: ValidationError, *, skip: int = 0, whole: str = "the file") -> str:
    """Every problem of ``error`` as ``field: what is wrong``, joined by ``; ``.

    ``skip`` leading location parts are left out (the model a tagged union chose);
    a problem of the whole value is named ``whole``.

    >>> from pydantic import BaseModel
    >>> class Days(BaseModel):
    ...     days: list[int]
    >>> try:
    ...     Days.model_validate({"days": [1, "x"]})
    ... except ValidationError as exc:
    ...     print(describe(exc))
    days[1]: Input should be a valid integer, unable to parse string as an integer
    """
    return "; ".join(f"{field_path(e['loc'][skip:]) or whole}: {e['msg']}"
                     for e in error.errors())
