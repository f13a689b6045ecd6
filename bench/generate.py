"""Write a seeded synthetic corpus of policy documents and its ground-truth manifest.

Usage::

    python -m bench.generate --scale S --seed 1 --out bench/corpus/S
    python -m bench.generate --scale M --seed 1 --out bench/corpus/M --gb18030 0.1

Writes one ``.txt`` per document (``syn_00000.txt`` …; UTF-8, or GB18030 for the
fraction asked for) and ``manifest.jsonl``: one JSON object per document, in file
order, with what the generator put in it (tasks, responsibility clauses and their
units, targets, deadlines, citations, places).  The same seed and scale always give
byte-identical files; document ``i`` is the same at every scale.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from bench.document import compose

SCALES: dict[str, int] = {"S": 100, "M": 2_000, "L": 20_000}
MANIFEST = "manifest.jsonl"


def file_name(index: int) -> str:
    """The file a document is written to: ``syn_00042.txt``."""
    return f"syn_{index:05d}.txt"


def encoding_for(seed: int, index: int, gb18030_fraction: float) -> str:
    """Whether document ``index`` is written in GB18030, decided apart from its content.

    A separate stream keeps the text of a document the same whatever fraction is asked.
    """
    if gb18030_fraction <= 0:
        return "utf-8"
    roll = random.Random(f"policygraph-bench-encoding:{seed}:{index}").random()
    return "gb18030" if roll < gb18030_fraction else "utf-8"


def generate_documents(
    *, seed: int, count: int, gb18030_fraction: float = 0.0, start: int = 0,
) -> Iterator[tuple[str, bytes, dict[str, Any]]]:
    """Yield ``(file_name, encoded bytes, manifest record)`` for documents ``start…start+count``.

    Parameters
    ----------
    seed
        The corpus seed; with the index it fixes every byte of a document.
    count
        How many documents.
    gb18030_fraction
        Fraction (0–1) of documents encoded in GB18030 instead of UTF-8.
    start
        Index of the first document.
    """
    for index in range(start, start + count):
        text, record = compose(seed, index)
        encoding = encoding_for(seed, index, gb18030_fraction)
        data = text.encode(encoding)
        name = file_name(index)
        yield name, data, {"file": name, "key": name.removesuffix(".txt"),
                           "encoding": encoding, "bytes": len(data), **record}


def write_corpus(
    *, out: Path, seed: int, count: int, gb18030_fraction: float = 0.0,
    progress: bool = False,
) -> Path:
    """Write ``count`` documents and ``manifest.jsonl`` into ``out``; return the manifest path.

    Files of an earlier run with more documents are left alone; the manifest is rewritten
    and lists exactly this run's documents.
    """
    out.mkdir(parents=True, exist_ok=True)
    manifest = out / MANIFEST
    started = time.perf_counter()
    total_bytes = 0
    with manifest.open("w", encoding="utf-8", newline="\n") as lines:
        documents = generate_documents(seed=seed, count=count, gb18030_fraction=gb18030_fraction)
        for done, (name, data, record) in enumerate(documents, start=1):
            (out / name).write_bytes(data)
            lines.write(json.dumps(record, ensure_ascii=False, sort_keys=True, separators=(",", ":")) + "\n")
            total_bytes += len(data)
            if progress and (done % 200 == 0 or done == count):
                elapsed = time.perf_counter() - started
                print(f"\r{done}/{count} documents, {total_bytes / 1e6:.1f} MB, "
                      f"{done / max(elapsed, 1e-9):.0f} docs/s", end="", file=sys.stderr)
    if progress:
        print(file=sys.stderr)
    return manifest


def write_exactly(*, out: Path, seed: int, count: int) -> Path:
    """:func:`write_corpus`, then remove the files of an earlier run with more documents:
    ``out`` holds this run's documents and nothing else (the harness ingests the folder)."""
    manifest = write_corpus(out=out, seed=seed, count=count)
    for stale in out.glob("syn_*.txt"):
        if int(stale.stem.removeprefix("syn_")) >= count:
            stale.unlink()
    return manifest


def main(argv: list[str] | None = None) -> int:
    """Command line: ``python -m bench.generate --scale S --seed 1 --out bench/corpus/S``."""
    parser = argparse.ArgumentParser(prog="python -m bench.generate", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--scale", choices=sorted(SCALES), default="S",
                        help="S=100, M=2000, L=20000 documents")
    parser.add_argument("--count", type=int, default=None, help="override the scale's count")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--out", type=Path, default=None,
                        help="target folder (default bench/corpus/<scale>)")
    parser.add_argument("--gb18030", type=float, default=0.0, metavar="FRACTION",
                        help="fraction of documents written in GB18030 (default 0)")
    parser.add_argument("--quiet", action="store_true", help="no progress line")
    args = parser.parse_args(argv)
    if not 0.0 <= args.gb18030 <= 1.0:
        parser.error("--gb18030 takes a fraction between 0 and 1")
    count = args.count if args.count is not None else SCALES[args.scale]
    out = args.out or Path("bench/corpus") / args.scale
    manifest = write_corpus(out=out, seed=args.seed, count=count,
                            gb18030_fraction=args.gb18030, progress=not args.quiet)
    print(f"wrote {count} documents and {manifest}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
