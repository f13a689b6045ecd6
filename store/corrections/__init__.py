"""Corrections: a curator's changes to a document's extracted breakdown, kept apart from
the extracted rows and applied again after every ingest (:mod:`store.corrections.crud`).

The Python API the import and the review queue build on::

    from store.corrections import (CorrectionError, CorrectionPlan, PayloadError,
                                   create_correction, list_corrections, propose,
                                   reapply_corrections, revert_correction)

``breakdown`` / ``snapshot`` give a document's or a task's breakdown as JSON, the form
``CorrectionPlan.before`` / ``after`` take.
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
from store.corrections.snapshot import breakdown, snapshot

__all__ = [
    "CorrectionError",
    "CorrectionPlan",
    "NotApplicable",
    "PayloadError",
    "breakdown",
    "create_correction",
    "get_correction",
    "list_corrections",
    "parse_payload",
    "propose",
    "reapply_corrections",
    "rederive_document",
    "revert_correction",
    "snapshot",
]
