"""The command line of ``python -m bench.run``: its options, their defaults and the one
combination it refuses.

The figures each scale asks for by default (requests, rounds, ingest runs) are
:data:`bench.run.LOAD`'s; an option left out here is ``None`` and the scale's figure is
used.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from bench.beside import BESIDE_SCALE
from bench.generate import SCALES
from bench.servers import ROOT


def option_parser(description: str | None = None) -> argparse.ArgumentParser:
    """The parser of ``python -m bench.run``'s options.

    >>> args = option_parser().parse_args(["--scale", "M", "--build-only"])
    >>> args.scale, args.build_only, args.database, args.requests
    ('M', True, 'sqlite', None)
    """
    parser = argparse.ArgumentParser(prog="python -m bench.run", description=description,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--scale", choices=sorted(SCALES), default="S")
    parser.add_argument("--count", type=int, help="documents (default: the scale's)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--results", type=Path, default=ROOT / "bench" / "results")
    parser.add_argument("--corpus", type=Path, help="default bench/corpus/<scale>")
    parser.add_argument("--requests", type=int, help="requests per load run")
    parser.add_argument("--layer-requests", type=int,
                        help="requests per run of the layer comparison (bare vs GraphQL)")
    parser.add_argument("--rounds", type=int, help="interleaved rounds per comparison")
    parser.add_argument("--layer-rounds", type=int,
                        help="rounds of the layer comparison (default 7; --rounds sets both)")
    parser.add_argument("--repeats", type=int, help="in-process calls per layer")
    parser.add_argument("--max-seconds", type=float, help="time bound of one load run")
    parser.add_argument("--concurrency", type=int, default=8)
    parser.add_argument("--ingest-runs", type=int,
                        help="ingests of the corpus, each into an empty database, whose median "
                             "is reported (default: 3 at S and M, 1 at L)")
    parser.add_argument("--no-datasette", action="store_true")
    parser.add_argument("--no-profile", action="store_true")
    parser.add_argument("--build-only", action="store_true",
                        help="only ingest and graph build (no server, no load)")
    parser.add_argument("--database", choices=["sqlite", "postgresql"], default="sqlite",
                        help="store on SQLite (default) or on a PostgreSQL cluster started "
                             "on 127.0.0.1 for the run (Debian's postgresql binaries)")
    parser.add_argument("--allow-errors", action="store_true",
                        help="keep going when a contract question errs (exit status 0)")
    parser.add_argument("--response-cache", action="store_true",
                        help="keep the server's response cache on (off by default: the load "
                             "repeats its questions, so it would measure the cache)")
    parser.add_argument("--no-beside", action="store_true",
                        help=f"at a scale larger than {BESIDE_SCALE}, do not serve the "
                             f"{BESIDE_SCALE} corpus beside this run for the side-by-side "
                             "look-ups (the growth target is then judged across runs)")
    parser.add_argument("--reuse-database", type=Path, metavar="FILE",
                        help="serve a SQLite file an earlier run of this scale loaded instead "
                             "of ingesting again (ingest is then not measured)")
    return parser


def parse_options(argv: list[str] | None = None, *,
                  description: str | None = None) -> argparse.Namespace:
    """The options given (``argv``; ``None``: the process's), or exit 2 with the reason
    when they ask for what the bench cannot do (reusing a SQLite file on PostgreSQL)."""
    parser = option_parser(description)
    args = parser.parse_args(argv)
    if args.reuse_database is not None and args.database != "sqlite":
        parser.error("--reuse-database needs --database sqlite")
    return args


def layer_rounds_of(args: argparse.Namespace, scale_rounds: int) -> int:
    """The layer comparison's rounds: ``--layer-rounds``, else ``--rounds``, else the
    scale's.

    >>> parser = option_parser()
    >>> [layer_rounds_of(parser.parse_args(given), 7)
    ...  for given in ([], ["--rounds", "2"], ["--rounds", "2", "--layer-rounds", "9"])]
    [7, 2, 9]
    """
    return int(args.layer_rounds or args.rounds or scale_rounds)
