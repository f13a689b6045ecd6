"""The evaluation as text: the console table, EVAL.md and the regression floor."""

from __future__ import annotations

import math
from typing import Any

from evaluation.facts import PARTS, Fact
from evaluation.run import DocumentResult, Evaluation
from evaluation.score import Score

_EXPLANATION = """\
# Extraction evaluation

Written by `make eval` (`python -m evaluation`); do not edit by hand.

## What is measured

Every document of `../shared/corpus/genre/` and the two seeds of `../shared/corpus/` that has a
gold file in `tests/extract/gold/` is extracted with the current extractor and compared with its
gold as five sets of facts:

| part | one fact is |
| --- | --- |
| units | (section path, unit name): the units made responsible for each item |
| targets | (section path, value, measure word, comparator[, upper bound of a range]) |
| deadlines | (section path, key): `YYYY-MM-DD`, `yearly:MM-DD`, `half-yearly`, `quarterly`, `monthly:DD` / `monthly:end`, `ongoing` |
| header | (field, value) for title, 文号, issuer and date, when the gold or the extractor has one |
| jurisdiction | the full name of the division whose government issued the document (浙江省温州市), from the header, the 文号's abbreviation or the text; none for a document placed nowhere |

Names and paths are compared after NFKC and whitespace removal (`（一）` = `(一)`); roles are
not scored. Strict comparators the extractor may give (`>`, `<`) count as `>=` / `<=`, the
only forms the gold uses. A fact counts as matched only when every field agrees, so a
deadline under the wrong item is both missed and extra. Precision = matched / found,
recall = matched / gold, F1 their harmonic mean; an empty side counts as 1.0 on its own
ratio (no gold targets and none found is a perfect score; none in gold but some found is 0).
The totals are micro averages: the counts of all documents added up before dividing.

## How the gold was made

By people reading each document, never by running the extractor or copying its output, to
the shared gold contract: the plan's own heading numbers as paths, units as written and
split at 、，；, deadlines read as *by the end of*, targets as committed quantities only (not
subsidies, thresholds, durations or past statistics). Each file's `notes` record its
judgement calls.

## The regression floor

`evaluation/floor.json` keeps every document's F1 per part; a test in `make test`
(`tests/evaluation/`) recomputes the scores and fails when any falls below it. `make eval`
raises a figure that rose and keeps one that fell (printing it), so a regression stays
visible until fixed; after correcting a gold file, `python -m evaluation --accept-lower`
lets the floor follow. `python -m evaluation --show STEM` lists a document's missed and
extra facts; `--without-metadata` scores the files without their corpus `# title:` lines,
as people hold them (printed only).
"""


def _ratio(value: float) -> str:
    return f"{value:.3f}"


def console_table(evaluation: Evaluation) -> str:
    """A plain-text table: one line per document and part, then the micro totals."""
    lines = [f"{'document':<52} {'part':<12} {'gold':>5} {'found':>5} {'match':>5} "
             f"{'P':>6} {'R':>6} {'F1':>6}"]
    rows: list[tuple[str, str, Score]] = [
        (r.stem, part, r.scores[part]) for r in evaluation.results for part in PARTS
    ]
    rows += [("TOTAL (micro)", part, s) for part, s in evaluation.totals().items()]
    for name, part, s in rows:
        lines.append(f"{name[:52]:<52} {part:<12} {s.gold:>5} {s.found:>5} {s.matched:>5} "
                     f"{_ratio(s.precision):>6} {_ratio(s.recall):>6} {_ratio(s.f1):>6}")
    lines.append(jurisdiction_line(evaluation))
    for stem in evaluation.without_gold:
        lines.append(f"{stem[:52]:<52} (no gold file yet)")
    for stem in evaluation.without_document:
        lines.append(f"{stem[:52]:<52} (gold file names no corpus document)")
    return "\n".join(lines)


def jurisdiction_line(evaluation: Evaluation) -> str:
    """The accuracy of the issuer jurisdiction: documents placed as their gold says."""
    right = sum(1 for r in evaluation.results if r.scores["jurisdiction"].f1 == 1.0)
    total = len(evaluation.results)
    accuracy = right / total if total else 1.0
    return (f"Issuer jurisdiction: {right} of {total} documents placed as their gold says "
            f"(accuracy {_ratio(accuracy)}).")


def differences(result: DocumentResult) -> str:
    """What one document missed and found in excess, part by part (for ``--show``)."""
    lines = [f"## {result.stem}"]
    for part in PARTS:
        for label, facts in (("missed", result.missed[part]), ("extra", result.extra[part])):
            for fact in sorted(facts, key=_sort_key):
                lines.append(f"{part:<9} {label:<6} {_fact_text(fact)}")
    return "\n".join(lines)


def _sort_key(fact: Fact) -> tuple[str, ...]:
    return tuple(str(part) for part in fact)


def _fact_text(fact: Fact) -> str:
    return " | ".join("" if part is None else str(part) for part in fact)


def markdown(evaluation: Evaluation) -> str:
    """EVAL.md: the explanation, an F1 summary and the full table with counts."""
    out = [_EXPLANATION, "## F1 per document\n",
           "| document | " + " | ".join(PARTS) + " |",
           "| --- |" + " ---: |" * len(PARTS)]
    for r in evaluation.results:
        out.append(f"| {r.document} | " + " | ".join(_ratio(r.scores[p].f1) for p in PARTS) + " |")
    totals = evaluation.totals()
    out.append("| **total (micro)** | " + " | ".join(_ratio(totals[p].f1) for p in PARTS) + " |")
    out += ["", jurisdiction_line(evaluation)]
    out += ["", "## Counts, precision and recall\n",
            "| document | part | gold | found | matched | precision | recall | F1 |",
            "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: |"]
    rows = [(r.document, p, r.scores[p]) for r in evaluation.results for p in PARTS]
    rows += [("**total (micro)**", p, s) for p, s in totals.items()]
    for name, part, s in rows:
        out.append(f"| {name} | {part} | {s.gold} | {s.found} | {s.matched} | "
                   f"{_ratio(s.precision)} | {_ratio(s.recall)} | {_ratio(s.f1)} |")
    if evaluation.without_gold:
        out += ["", "Documents without a gold file yet: "
                + ", ".join(f"`{s}`" for s in evaluation.without_gold) + "."]
    return "\n".join(out) + "\n"


def floor(evaluation: Evaluation) -> dict[str, Any]:
    """Each document's F1 per part, rounded down to four decimals (the regression floor).

    Rounding down keeps a recomputed score, equal up to float noise, at or above its floor.
    """
    return {
        "documents": {
            r.stem: {p: math.floor(r.scores[p].f1 * 10_000) / 10_000 for p in PARTS}
            for r in evaluation.results
        }
    }


def raise_floor(previous: dict[str, Any], current: dict[str, Any], *, accept_lower: bool,
                ) -> tuple[dict[str, Any], list[str]]:
    """The new floor: every figure that rose, and the ones that fell only when accepted.

    A fall kept out of the floor is what the regression test then reports; it is accepted
    (``--accept-lower``) when a gold file was corrected, not when the extractor got worse.

    >>> old = {"documents": {"a": {"units": 0.9, "targets": 0.5}}}
    >>> new = {"documents": {"a": {"units": 0.95, "targets": 0.4}, "b": {"units": 1.0}}}
    >>> raise_floor(old, new, accept_lower=False)
    ({'documents': {'a': {'units': 0.95, 'targets': 0.5}, 'b': {'units': 1.0}}}, ['a targets 0.5000 -> 0.4000'])
    >>> raise_floor(old, new, accept_lower=True)[0]["documents"]["a"]["targets"]
    0.4
    """
    kept: dict[str, dict[str, float]] = {}
    falls = []
    before = previous.get("documents", {})
    for stem, figures in current["documents"].items():
        kept[stem] = {}
        for part, value in figures.items():
            old = before.get(stem, {}).get(part)
            if old is not None and value < old:
                falls.append(f"{stem} {part} {old:.4f} -> {value:.4f}")
                value = value if accept_lower else old
            kept[stem][part] = value
    return {"documents": kept}, falls
