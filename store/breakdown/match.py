"""Which task of the document each 责任分解表 row speaks of: by number, else by text.

By number: the row's 任务编号 (as the export writes it: ``二(二)1``), or its 序号 read
under the section rows above it (序号 ``1`` under ``(二)…`` under ``二、…`` is ``二(二)1``).
By text: rapidfuzz ``partial_ratio`` of the row's task text against each task's text,
both folded; the best task wins when it scores at least :data:`TEXT_THRESHOLD` and
:data:`TEXT_MARGIN` more than the next one.  A task column often holds only the task's
heading (推进产业项目合作), which ``partial_ratio`` finds inside the whole text.  A row
matched to no task, or to several equally, is an error row.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from rapidfuzz import fuzz, process

from extract.fold import fold
from store.breakdown.rows import BreakdownRow

TEXT_THRESHOLD = 80  # partial_ratio (0–100) a row's text must reach against its task's
TEXT_MARGIN = 5  # and by how much it must beat the next task


@dataclass(frozen=True)
class TaskText:
    """A task as matching needs it: its path and its text (heading included)."""

    path: str
    text: str


@dataclass(frozen=True)
class Match:
    """A row and its task path, or why it has none (``error``)."""

    row: BreakdownRow
    path: str | None
    how: str  # number / text / none
    error: str = ""


def normal_path(label: str) -> str:
    """A written number in the stored path spelling.

    >>> normal_path("二（二）1."), normal_path(" 3、")
    ('二(二)1', '3')
    """
    return fold(label).strip().rstrip("、.．").replace(" ", "")


def by_number(row: BreakdownRow, paths: set[str]) -> str | None:
    """The task path the row's 任务编号 or 序号 names, if it is one of ``paths``.

    >>> row = BreakdownRow(row=5, section="二(二)", seq="1")
    >>> by_number(row, {"二(二)1", "二(三)1"})
    '二(二)1'
    >>> by_number(BreakdownRow(row=6, section="二", seq="(一)"), {"二(一)"})
    '二(一)'
    """
    if row.path and normal_path(row.path) in paths:
        return normal_path(row.path)
    seq = normal_path(row.seq)
    if not seq:
        return None
    top = row.section.split("(", 1)[0]
    for candidate in (seq, top + seq if seq.startswith("(") else row.section + seq):
        if candidate in paths:
            return candidate
    return None


def by_text(text: str, folded: Sequence[TaskText]) -> tuple[str | None, str]:
    """The task whose text contains ``text`` best, or ``None`` and why (``folded``: the
    tasks with their texts already folded, once for all rows)."""
    wanted = fold(text).strip()
    if len(wanted) < 4:
        return None, "任务内容太短,无法匹配 (too short to match by text)"
    best = process.extract(wanted, [t.text for t in folded], scorer=fuzz.partial_ratio, limit=2)
    scored = [(score, folded[index].path) for _, score, index in best]
    if not scored or scored[0][0] < TEXT_THRESHOLD:
        return None, "没有与该行任务内容相符的任务 (no task of the document has this text)"
    if len(scored) > 1 and scored[0][0] - scored[1][0] < TEXT_MARGIN:
        return None, (f"任务内容同时接近 {scored[0][1]} 和 {scored[1][1]},请填写序号 "
                      "(as close to two tasks; give its number)")
    return scored[0][1], ""


def match_rows(rows: Sequence[BreakdownRow], tasks: Sequence[TaskText]) -> list[Match]:
    """Each row's task: a number that names one wins, else the text.

    When a row has both and they disagree (a sheet numbered 1…n through all sections),
    the text decides: people fill the task column, numbering is often a running count.
    """
    paths = {t.path for t in tasks}
    folded = [TaskText(t.path, fold(t.text)) for t in tasks]
    out = []
    for row in rows:
        numbered = by_number(row, paths)
        if row.task:
            path, why = by_text(row.task, folded)
            if numbered and (path is None or path == numbered or row.path):
                out.append(Match(row, numbered, "number"))
            elif path:
                out.append(Match(row, path, "text"))
            else:
                out.append(Match(row, None, "none", why))
        elif numbered:
            out.append(Match(row, numbered, "number"))
        else:
            out.append(Match(row, None, "none", "没有任务编号,也没有任务内容 (no number, no task text)"))
    return out
