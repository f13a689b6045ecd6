"""Alert state and outbox rows keyed by a unit's old name follow the unit (part of 0006).

Before 0006 a receiver was a unit's name (市发改委).  From 0006 a receiver is one unit,
written as its jurisdiction's full name and its standard name (``浙江省宁波市/市发展和改革委员会``;
the bare name for a unit whose government could not be placed): the format of
:func:`alerts.receivers.receiver_name` as of this revision, repeated here because a
migration must keep writing what the schema meant when it was made.  Which unit an old
name means is read from the obligation the row is about: the unit's row for that
obligation's document, as for progress reports.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable

from sqlalchemy import text
from sqlalchemy.engine import Connection

from store.crud.units import unit_key
from store.migrations.unit_backfill import obligation_document_key

log = logging.getLogger(__name__)

SEPARATOR = "/"
RowFor = Callable[[str, int | None], tuple[int, int] | None]


def receiver_string(full_name: str | None, placed: bool, name: str) -> str:
    """A receiver as 0006 writes it.

    >>> receiver_string("浙江省温州市", True, "市财政局"), receiver_string("未确定", False, "市财政局")
    ('浙江省温州市/市财政局', '市财政局')
    """
    return f"{full_name}{SEPARATOR}{name}" if placed and full_name else name


def rename_receivers(connection: Connection, *, row_for: RowFor, full_names: dict[int, str],
                     unknown_id: int) -> dict[str, set[str]]:
    """Rewrite the receivers of alert state and outbox rows; return old → new strings.

    Two old names of one unit (市发改委, 市发展改革委) alerted about one obligation become
    one state row: the later sending is kept, the times sent added up.
    """
    documents = dict(connection.execute(text("SELECT key, id FROM document")).all())

    def new_receiver(old: str, obligation_id: str | None) -> str | None:
        document = documents.get(obligation_document_key(obligation_id)) if obligation_id else None
        found = row_for(old, document)
        if found is None:
            return None  # not a unit's name (a receiver configured by hand): left as it is
        _, jurisdiction = found
        return receiver_string(full_names.get(jurisdiction), jurisdiction != unknown_id,
                               unit_key(old))

    moved: dict[str, set[str]] = {}
    rows = connection.execute(text(
        "SELECT id, obligation_id, receiver, kind, last_sent_at, times_sent FROM alert_state "
        "ORDER BY id")).all()
    for id_, obligation, old, kind, sent, times in rows:
        new = new_receiver(old, obligation)
        if new is None or new == old:
            continue
        moved.setdefault(old, set()).add(new)
        kept = connection.execute(text(
            "SELECT id, last_sent_at, times_sent FROM alert_state WHERE obligation_id = :o "
            "AND receiver = :new AND kind = :k"), {"o": obligation, "new": new, "k": kind}).first()
        if kept is None:
            connection.execute(text("UPDATE alert_state SET receiver = :new WHERE id = :id"),
                               {"new": new, "id": id_})
            continue
        connection.execute(text(
            "UPDATE alert_state SET last_sent_at = :sent, times_sent = :times WHERE id = :id"),
            {"sent": max(sent, kept[1]), "times": times + kept[2], "id": kept[0]})
        connection.execute(text("DELETE FROM alert_state WHERE id = :id"), {"id": id_})
    for id_, old, payload in connection.execute(text(
            "SELECT id, receiver, payload FROM outbox_message ORDER BY id")).all():
        new = new_receiver(old, _first_obligation(payload))
        if new is not None and new != old:
            moved.setdefault(old, set()).add(new)
            connection.execute(text("UPDATE outbox_message SET receiver = :new WHERE id = :id"),
                               {"new": new, "id": id_})
    for old, new_ones in moved.items():
        log.info("alert receiver %s is now %s", old, ", ".join(sorted(new_ones)))
    return moved


def _first_obligation(payload: str) -> str | None:
    """The obligation a queued digest is about first (its items share one receiver)."""
    try:
        items = json.loads(payload).get("items") or []
    except (ValueError, AttributeError):
        return None
    return str(items[0].get("obligation_id")) if items and isinstance(items[0], dict) else None
