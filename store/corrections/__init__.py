"""Corrections: a curator's changes to a document's extracted breakdown, kept apart from
the extracted rows and applied again after every ingest (:mod:`store.corrections.crud`).

The Python API the import and the review queue build on::

    from store.corrections import (CorrectionError, CorrectionPlan, PayloadError,
                                   create_correction, list_corrections, propose,
                                   reapply_corrections, revert_correction)
"""

from store.corrections.apply import CorrectionError, NotApplicable
from store.corrections.crud import (
    CorrectionPlan,
    create_correction,
    get_correction,
    list_corrections,
    propose,
    reapply_corrections,
    rederive_document,
    revert_correction,
)
from store.corrections.kinds import PayloadError, parse_payload

__all__ = [
    "CorrectionError", "CorrectionPlan", "NotApplicable", "PayloadError", "create_correction",
    "get_correction", "list_corrections", "parse_payload", "propose", "reapply_corrections",
    "rederive_document", "revert_correction",
]
