"""The alert digest: what one receiving unit is told in one run, and how it reads.

The alert engine groups the alerts of a run per receiving unit into one :class:`Digest`
(chat robots throttle at about 20 messages a minute, so one message per unit per run);
every channel in :mod:`alerts.channels` sends a digest and nothing else.  The renderers
here are pure functions so that a digest looks the same in DingTalk, WeCom, Feishu and
e-mail, and so that tests can compare what a receiver got with what was rendered.

A digest with ``urge`` set is a 催办 a supervisor sent now (:mod:`alerts.urge`): headed
【催办】, with the sender and the note before the items.

Supervising offices work with red/yellow/green lights (红黄绿灯): 🔴 overdue or escalated,
🟡 due soon, 🟢 done.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any, Literal

from alerts.chat_markdown import inline
from i18n import t

AlertKind = Literal["due_soon", "overdue", "escalation", "resolved"]

#: The order groups appear in a digest: the most urgent first.
KIND_ORDER: tuple[AlertKind, ...] = ("escalation", "overdue", "due_soon", "resolved")

#: Heading and traffic-light marker of each kind.
class _KindHeadings(Mapping[AlertKind, str]):
    """Each kind's heading from the catalogue (``digest.kind.*``), in the current language."""

    def __getitem__(self, kind: AlertKind) -> str:
        if kind not in KIND_ORDER:
            raise KeyError(kind)
        return t(f"digest.kind.{kind}")

    def __iter__(self) -> Iterator[AlertKind]:
        return iter(KIND_ORDER)

    def __len__(self) -> int:
        return len(KIND_ORDER)


KIND_HEADINGS: Mapping[AlertKind, str] = _KindHeadings()


@dataclass(frozen=True)
class AlertItem:
    """One obligation a unit is reminded of, chased for, or told is settled.

    ``days`` is a non-negative count whose direction the kind gives: days left until
    ``due`` for ``due_soon``, days past ``due`` for ``overdue`` and ``escalation``;
    it is not shown for ``resolved``.
    """

    obligation_id: str
    kind: AlertKind
    path: str  # section path, e.g. 二(二)1
    document_number: str | None  # e.g. 温政发〔2018〕26号
    summary: str  # the task's heading or first clause
    due: dt.date
    days: int
    owners: tuple[str, ...]  # canonical names of the responsible units
    quote: str  # the source sentence the obligation was read from
    county: str | None = None  # the member county whose share it is (浙江省温州市泰顺县)


@dataclass(frozen=True)
class Urging:
    """Who urged the receiver (催办), when, and with what words."""

    urge_id: int
    sender: str  # the sender's unit, role or token id, as the audit trail has it
    sent_at: dt.datetime
    note: str = ""


@dataclass(frozen=True)
class Digest:
    """All alerts for one receiving unit in one run.

    ``digest_id`` is stable for the same content (see :func:`digest_id_for`), so a
    receiver or an outbox can recognise a message it has already seen.
    """

    receiver_unit: str
    as_of: dt.date
    items: tuple[AlertItem, ...]
    digest_id: str
    urge: Urging | None = None  # set when a supervisor sent it now (催办), not a run

    @classmethod
    def build(cls, *, receiver_unit: str, as_of: dt.date, items: tuple[AlertItem, ...]) -> Digest:
        """Make a digest whose id is derived from its content."""
        return cls(receiver_unit, as_of, items, digest_id_for(receiver_unit, as_of, items))

    def of_kind(self, kind: AlertKind) -> tuple[AlertItem, ...]:
        """The items of one kind, in their original order."""
        return tuple(item for item in self.items if item.kind == kind)

    @property
    def title(self) -> str:
        """A one-line title, used as the chat message title and the e-mail subject."""
        counts = t("digest.title_separator").join(
            t("digest.title_count", heading=KIND_HEADINGS[k][2:], count=len(self.of_kind(k)))
            for k in KIND_ORDER if self.of_kind(k)
        )
        return t("digest.urge_title" if self.urge else "digest.title", unit=self.receiver_unit,
                 day=self.as_of.isoformat(), counts=counts or t("digest.title_nothing"))


def digest_id_for(receiver_unit: str, as_of: dt.date, items: tuple[AlertItem, ...]) -> str:
    """A stable id: SHA-256 over the receiver, the date and each item's identity.

    Examples
    --------
    >>> a = digest_id_for("市招商局", dt.date(2019, 1, 1), ())
    >>> a == digest_id_for("市招商局", dt.date(2019, 1, 1), ()) and len(a)
    32
    >>> a == digest_id_for("市规划局", dt.date(2019, 1, 1), ())
    False
    """
    key = [receiver_unit, as_of.isoformat()] + [
        f"{i.obligation_id}|{i.kind}|{i.due.isoformat()}" for i in items
    ]
    return hashlib.sha256("\n".join(key).encode("utf-8")).hexdigest()[:32]


def digest_to_json(digest: Digest) -> dict[str, Any]:
    """The digest as JSON-ready data (dates ISO 8601), the generic webhook's body; an
    urge's digest also has ``urge`` (its id, sender, time and note)."""
    body: dict[str, Any] = {
        "digest_id": digest.digest_id,
        "receiver_unit": digest.receiver_unit,
        "as_of": digest.as_of.isoformat(),
        "title": digest.title,
        "items": [
            {
                "obligation_id": i.obligation_id,
                "kind": i.kind,
                "path": i.path,
                "document_number": i.document_number,
                "summary": i.summary,
                "due": i.due.isoformat(),
                "days": i.days,
                "owners": list(i.owners),
                "quote": i.quote,
                "county": i.county,
            }
            for i in digest.items
        ],
    }
    if digest.urge is not None:
        body["urge"] = {"id": digest.urge.urge_id, "sender": digest.urge.sender,
                        "sent_at": digest.urge.sent_at.isoformat(), "note": digest.urge.note}
    return body


def digest_json_bytes(digest: Digest) -> bytes:
    """Canonical UTF-8 JSON bytes of the digest (sorted keys), the bytes a signature covers."""
    return json.dumps(digest_to_json(digest), ensure_ascii=False, sort_keys=True).encode("utf-8")


def _one_line(text: str) -> str:
    # Quotes can span lines in the source; a stray newline would break a "> " block.
    return re.sub(r"\s*\n\s*", " ", text).strip()


def _deadline(item: AlertItem) -> str:
    due = item.due.isoformat()
    if item.kind == "due_soon":
        return t("digest.days_left", due=due, days=item.days)
    if item.kind in ("overdue", "escalation"):
        return t("digest.days_late", due=due, days=item.days)
    return t("digest.done", due=due)


def _source(item: AlertItem) -> str:
    return f"{item.document_number} {item.path}" if item.document_number else item.path


def render_markdown(digest: Digest) -> str:
    """Render the digest as chat-robot markdown, grouped by kind, most urgent first.

    Each item is one paragraph (blank line between items) so that :func:`split_utf8`
    can cut a long digest between items.
    """
    header = "digest.urge_header" if digest.urge else "digest.header"
    lines = [f"## {t(header, unit=inline(digest.receiver_unit))}",
             t("digest.as_of", day=digest.as_of.isoformat()), ""]
    if digest.urge is not None:
        lines += [f"**{t('digest.urge_sender', sender=inline(digest.urge.sender))}**", ""]
        if digest.urge.note:
            lines += [f"> {inline(digest.urge.note)}", ""]
    if not digest.items:
        lines += [t("digest.nothing_due"), ""]
    for kind in KIND_ORDER:
        items = digest.of_kind(kind)
        if not items:
            continue
        lines += [f"### {t('digest.group', heading=KIND_HEADINGS[kind], count=len(items))}", ""]
        for n, item in enumerate(items, start=1):
            # every piece of data through the one escaping helper (links: http(s) only)
            lines += [
                f"**{n}. {inline(_source(item))}** {inline(item.summary)}",
                f"- {t('digest.deadline', deadline=_deadline(item))}",
                f"- {t('digest.owners', owners='、'.join(inline(o) for o in item.owners))}",
                *([f"- {t('digest.county', county=inline(item.county))}"] if item.county else []),
                f"> {inline(item.quote)}",
                "",
            ]
    return "\n".join(lines).rstrip("\n") + "\n"


def render_text(digest: Digest) -> str:
    """Render the digest as plain text (e-mail text part, Feishu text message)."""
    header = "digest.urge_header" if digest.urge else "digest.header"
    lines = [f"{t(header, unit=digest.receiver_unit)}  "
             f"{t('digest.as_of', day=digest.as_of.isoformat())}", ""]
    if digest.urge is not None:
        lines += [t("digest.urge_sender", sender=digest.urge.sender),
                  *([_one_line(digest.urge.note)] if digest.urge.note else []), ""]
    if not digest.items:
        lines += [t("digest.nothing_due"), ""]
    for kind in KIND_ORDER:
        items = digest.of_kind(kind)
        if not items:
            continue
        lines += [t("digest.group", heading=KIND_HEADINGS[kind], count=len(items)), ""]
        for n, item in enumerate(items, start=1):
            lines += [
                f"{n}. {_source(item)} {_one_line(item.summary)}",
                f"   {t('digest.deadline', deadline=_deadline(item))}",
                f"   {t('digest.owners', owners='、'.join(item.owners))}",
                *([f"   {t('digest.county', county=item.county)}"] if item.county else []),
                f"   {t('digest.quote', quote=_one_line(item.quote))}",
                "",
            ]
    return "\n".join(lines).rstrip("\n") + "\n"
