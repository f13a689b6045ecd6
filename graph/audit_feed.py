"""The audit trail read as a feed of changes: the entries after the last one read, each once.

Every report and retraction writes an audit entry in its transaction, so the live hub
(:class:`graph.hub.LiveHub`) learns what changed by reading the entries after the last
one it saw — or from a note's id when a transaction committed after entries with higher
ids had been read (PostgreSQL's ids follow insertion, not commit order).  The ids read
lately are remembered, so reading back from such an id sends nothing twice.
"""

from __future__ import annotations

from sqlalchemy.engine import Engine
from sqlmodel import Session

from graph.live_events import ReportEvent, report_event
from store.audit import MAX_ENTRIES_AFTER, audit_entries_after

#: Audit ids remembered as read, so that reading back for a late commit sends nothing twice.
SEEN_KEPT = 10_000


class AuditFeed:
    """Where a process stands in the audit trail: the newest id read, the ids read lately."""

    def __init__(self) -> None:
        self.newest = 0  # the newest audit entry read
        self._seen: dict[int, None] = {}  # the ids read lately, oldest first (SEEN_KEPT)

    def seed(self, engine: Engine) -> None:
        """Remember the newest entries as read: a late commit read back from its id
        must not resend what was there before this process started."""
        with Session(engine) as session:
            for entry in audit_entries_after(session=session,
                                             after_id=self.newest - MAX_ENTRIES_AFTER):
                if entry.id is not None and entry.id <= self.newest:
                    self._remember(entry.id)

    def read(self, session: Session,
             look_back: int | None = None) -> tuple[list[ReportEvent], bool]:
        """The report events of the entries not read yet (from ``look_back`` on, when an
        id committed after newer ones were read), and whether any other write succeeded
        (a correction, a withdrawal …: anything may have moved)."""
        reports: list[ReportEvent] = []
        other_writes = False
        after = self.newest if look_back is None else min(self.newest, look_back - 1)
        while True:
            entries = audit_entries_after(session=session, after_id=after)
            for entry in entries:
                after = entry.id or after
                if after in self._seen:
                    continue  # read before, on an earlier look
                self._remember(after)
                event = report_event(entry.action, entry.outcome, entry.new_value, entry.at)
                if event is not None:
                    reports.append(event)
                elif entry.outcome == "ok":
                    other_writes = True  # a correction, a withdrawal …: anything may move
                self.newest = max(self.newest, after)
            if len(entries) < MAX_ENTRIES_AFTER:
                break
        return reports, other_writes

    def _remember(self, audit_id: int) -> None:
        self._seen[audit_id] = None
        if len(self._seen) > SEEN_KEPT:
            del self._seen[next(iter(self._seen))]
