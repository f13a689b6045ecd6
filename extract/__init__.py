"""The text pipeline: policy documents in, responsibility structure out.

Pure functions over text; no file or network I/O.  Start at
:func:`extract.pipeline.extract_document` / :func:`extract.pipeline.extract_bytes`.
"""

from extract.config import ExtractConfig
from extract.errors import ExtractError
from extract.pipeline import extract_bytes, extract_document

__all__ = ["ExtractConfig", "ExtractError", "extract_bytes", "extract_document"]
