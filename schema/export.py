"""Write the schema's SDL to ``schema/schema.graphql`` (``python -m schema.export``).

The committed file is the public contract; ``tests/schema/test_sdl.py`` fails when the
code and the file drift apart, and this command brings them back together.
"""

from __future__ import annotations

import sys
from pathlib import Path

from schema.query import schema

SDL_PATH = Path(__file__).resolve().parent / "schema.graphql"


def sdl() -> str:
    """The schema's SDL as committed (one trailing newline)."""
    return schema.as_str().rstrip("\n") + "\n"


def main(argv: list[str] | None = None) -> int:
    """Write the SDL (or, with ``--check``, exit 1 when the file is stale)."""
    args = sys.argv[1:] if argv is None else argv
    if "--check" in args:
        current = SDL_PATH.read_text(encoding="utf-8") if SDL_PATH.exists() else ""
        if current != sdl():
            print(f"{SDL_PATH} is stale: run python -m schema.export", file=sys.stderr)
            return 1
        return 0
    SDL_PATH.write_text(sdl(), encoding="utf-8")
    print(f"wrote {SDL_PATH}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
