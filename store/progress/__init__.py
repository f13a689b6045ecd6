"""Progress reports: the table, appending and retracting reports, reading them as of a
day, their plausibility checks and progress sheets.

Importing the package registers the progress report table on ``SQLModel.metadata``, and
with it the tables that used to live here and have their own modules now (tokens, the
audit trail, silences, the outbox, idempotency keys): the Alembic revisions ``0002`` and
``0004``, whose history is not rewritten, import ``store.progress.tables`` to see the
tables they create.
"""

import store.audit  # registers audit_entry
import store.idempotency  # registers idempotency_key
import store.outbox  # registers outbox_message and alert_state
import store.silences  # registers silence
import store.tokens  # registers api_token
import store.urges  # noqa: F401  registers urge and urge_obligation  registers api_token (and binds `store`, used by none)
from store.progress.tables import ProgressReport

__all__ = ["ProgressReport"]
