"""What the review page shows of each review item: pure, from the stored row's fields."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from i18n import t


@dataclass(frozen=True)
class ReviewRow:
    """One line of the review page."""

    id: int
    kind: str
    kind_label: str  # 未识别的单位 …
    where: str  # the task's path, "" for the whole document
    summary: str  # what is unsure, in a sentence
    quote: str  # the text it was read from
    corrections: tuple[Fix, ...] = ()  # one-click corrections the page offers


@dataclass(frozen=True)
class Fix:
    """A correction the page offers for an item: its button label, kind and payload (JSON)."""

    label: str
    kind: str
    payload: str


def fixes(kind: str, detail: dict[str, Any]) -> tuple[Fix, ...]:
    """The one-click corrections of an item: another reading of an ambiguous deadline,
    or taking an unrecognised unit off the task (anything else: GraphQL).

    >>> [f.label for f in fixes("ambiguous_deadline", {"raw": "2019年前", "due": "2019-12-31",
    ...                         "readings": ["2018-12-31", "2019-12-31"]})]
    ['改按 2018-12-31']
    >>> fixes("unknown_unit", {"unit": "加快发展县"})[0].payload
    '{"unit": "加快发展县"}'
    """
    if kind == "ambiguous_deadline":
        return tuple(Fix(t("review.correct.deadline", due=reading), "set_deadline",
                         json.dumps({"due": reading, "raw": detail.get("raw", "")},
                                    ensure_ascii=False))
                     for reading in detail.get("readings", []) if reading != detail.get("due"))
    if kind == "unknown_unit" and detail.get("unit"):
        return (Fix(t("review.correct.remove_unit"), "remove_unit",
                    json.dumps({"unit": detail["unit"]}, ensure_ascii=False)),)
    return ()


def summary(kind: str, detail: dict[str, Any], quote: str) -> str:
    """A one-line account of an item in the current locale, from its ``detail``.

    >>> summary("unknown_unit", {"unit": "加快发展县", "tasks": ["二(一)"]}, "")
    '单位“加快发展县”(见 二(一))'
    >>> summary("ambiguous_deadline", {"raw": "2019年前", "due": "2019-12-31",
    ...         "readings": ["2018-12-31", "2019-12-31"]}, "")
    '“2019年前”可读作 2018-12-31 / 2019-12-31;现按 2019-12-31'
    >>> summary("extraction_warning", {}, "no headings found")
    'no headings found'
    """
    if kind == "unknown_unit":
        return t("review.detail.unit", unit=detail.get("unit", ""),
                 tasks="、".join(detail.get("tasks", [])))
    if kind == "ambiguous_deadline":
        return t("review.detail.deadline", raw=detail.get("raw", ""),
                 readings=" / ".join(detail.get("readings", [])), due=detail.get("due") or "-")
    if kind == "anchor_changed":
        return t("review.detail.anchor", id=detail.get("correction_id", ""),
                 kind=detail.get("correction_kind", ""))
    if kind == "no_tasks":
        return detail.get("title") or t("review.kind.no_tasks")
    if kind == "unmatched_row":
        cells = [f"{k}: {v}" for k, v in detail.items() if isinstance(v, (str, int, float))]
        return "; ".join(cells) or quote
    return quote


def review_row(*, id: int, kind: str, task_path: str, quote: str, detail: str) -> ReviewRow:
    """The page's line for a stored item (``detail`` as stored: JSON text).

    >>> row = review_row(id=3, kind="no_tasks", task_path="", quote="", detail='{"title": "通知"}')
    >>> row.kind_label, row.summary
    ('文件没有任务', '通知')
    """
    try:
        parsed = json.loads(detail or "{}")
    except ValueError:  # a hand-edited row must not break the page
        parsed = {}
    if not isinstance(parsed, dict):
        parsed = {}
    return ReviewRow(id=id, kind=kind, kind_label=t(f"review.kind.{kind}"), where=task_path,
                     summary=summary(kind, parsed, quote), quote=quote,
                     corrections=fixes(kind, parsed))
