"""The progress data layer: progress reports, API tokens, audit trail, silences, alert outbox,
urges (催办).

Importing the package registers its tables on ``SQLModel.metadata`` (the Alembic
revision ``0002_progress_alerts`` creates them).
"""

from store.progress.tables import (
    AlertState,
    ApiToken,
    AuditEntry,
    OutboxMessage,
    ProgressReport,
    Silence,
    Urge,
    UrgeObligation,
)

__all__ = ["AlertState", "ApiToken", "AuditEntry", "OutboxMessage", "ProgressReport", "Silence", "Urge",
           "UrgeObligation"]
