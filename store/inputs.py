"""Checks on an input file before extraction, each failing with a one-line message.

Only what can be told from the bytes without decoding lives here (missing, empty, too
large); undecodable or binary content is the extractor's call (``ExtractError``).
"""

from __future__ import annotations

import hashlib
from pathlib import Path

# A policy document is tens of kilobytes; even a .docx with scans stays far below this.
# Anything larger is refused before it is read into memory.
MAX_FILE_BYTES = 20 * 1024 * 1024


class InputError(ValueError):
    """A file that cannot be ingested at all; ``str(error)`` is the one-line reason."""


def read_document(path: Path, *, max_bytes: int = MAX_FILE_BYTES) -> bytes:
    """Read a document's bytes after checking it exists, is not empty and not too large.

    Parameters
    ----------
    path
        The file to read.
    max_bytes
        Refuse files larger than this (checked with ``stat`` before reading).

    Raises
    ------
    InputError
        With a one-line, human-readable reason.
    """
    if not path.exists():
        raise InputError(f"{path}: no such file")
    if not path.is_file():
        raise InputError(f"{path}: not a regular file")
    size = path.stat().st_size
    if size == 0:
        raise InputError(f"{path}: empty file")
    if size > max_bytes:
        raise InputError(
            f"{path}: file too large ({size / 1048576:.1f} MB; limit {max_bytes / 1048576:.0f} MB)"
        )
    data = path.read_bytes()
    if not data.strip():
        raise InputError(f"{path}: empty file (whitespace only)")
    return data


def sha256_hex(data: bytes) -> str:
    """Hex SHA-256 of the bytes: how an unchanged re-ingest is recognised."""
    return hashlib.sha256(data).hexdigest()
