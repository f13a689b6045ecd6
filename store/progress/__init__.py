"""The progress data layer: progress reports, API tokens, audit trail, silences, alert outbox.

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
)

__all__ = ["AlertState", "ApiToken", "AuditEntry", "OutboxMessage", "ProgressReport", "Silence"]
