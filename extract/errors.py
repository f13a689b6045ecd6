"""The one error the extractor raises: input that cannot be read as a document."""

from __future__ import annotations


class ExtractError(ValueError):
    """A document could not be decoded; the message is one clear line for the user."""
