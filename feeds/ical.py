"""iCalendar (RFC 5545) feeds: every obligation as an all-day event on its due date.

Written by hand (the format is small): lines end in CRLF and are folded at 75 octets
without splitting a UTF-8 character (RFC 5545 §3.1), TEXT values are escaped (§3.3.11),
and each event's UID is derived from the obligation id, so a calendar client updates an
event in place when the feed changes instead of adding a copy.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

import networkx as nx

from alerts.assessment import section_heading
from graph.agenda import Assessed
from i18n import label, t

PRODID = "-//policygraph//obligation feeds//ZH"
UID_DOMAIN = "policygraph"


def escape_text(value: str) -> str:
    r"""Escape a TEXT value: backslash, semicolon, comma and newlines.

    >>> print(escape_text("a,b;c\nd\\e"))
    a\,b\;c\nd\\e
    """
    return (value.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
            .replace("\r\n", "\\n").replace("\n", "\\n"))


def fold(line: str, limit: int = 75) -> str:
    """Fold one content line into CRLF-joined pieces of at most ``limit`` octets.

    Continuation lines start with one space, which counts toward their octets.

    >>> fold("X" * 80).split("\\r\\n") == ["X" * 75, " " + "X" * 5]
    True
    >>> all(len(p.encode()) <= 75 for p in fold("温" * 60).split("\\r\\n"))
    True
    """
    pieces: list[str] = []
    current, size, budget = "", 0, limit
    for ch in line:
        width = len(ch.encode("utf-8"))
        if size + width > budget:
            pieces.append(current)
            current, size, budget = " ", 1, limit
        current += ch
        size += width
    pieces.append(current)
    return "\r\n".join(pieces)


def event_uid(obligation_id: str) -> str:
    """The stable UID of an obligation's event.

    >>> event_uid("deadline:17@2019")
    'deadline-17-2019@policygraph'
    """
    return obligation_id.replace(":", "-").replace("@", "-") + f"@{UID_DOMAIN}"


def _event(graph: nx.MultiDiGraph, a: Assessed, stamp: str) -> list[str]:
    ob = a.obligation
    number = graph.nodes[ob.document].get("number") or graph.nodes[ob.document].get("label", "")
    heading = section_heading(graph, document=ob.document, path=ob.path)
    owners = "、".join(dict.fromkeys(o.name for o in ob.owners)) or t("ical.no_owner")
    description = t("ical.description", text=ob.text, raw=ob.raw, due=ob.due.isoformat(),
                    owners=owners, number=number, path=ob.path,
                    status=label("status", a.status.name))
    light = t(f"ical.light.{a.status.name}")
    return [
        "BEGIN:VEVENT",
        f"UID:{event_uid(ob.id)}",
        f"DTSTAMP:{stamp}",
        f"DTSTART;VALUE=DATE:{ob.due.strftime('%Y%m%d')}",
        f"DTEND;VALUE=DATE:{(ob.due + dt.timedelta(days=1)).strftime('%Y%m%d')}",
        f"SUMMARY:{escape_text(f'[{light}] {number} {ob.path} {heading}')}",
        f"DESCRIPTION:{escape_text(description)}",
        f"CATEGORIES:{escape_text(label('status', a.status.name))}",
        "TRANSP:TRANSPARENT",
        "END:VEVENT",
    ]


def render_calendar(graph: nx.MultiDiGraph, assessed: Iterable[Assessed], *, name: str,
                    stamp: dt.datetime | None = None) -> str:
    """An iCalendar document with one all-day event per obligation instance.

    Parameters
    ----------
    graph
        The graph the obligations come from (document numbers, section headings).
    assessed
        The obligations with their status (the feed's unit's or place's).
    name
        The calendar's display name (``X-WR-CALNAME``), e.g. ``市规划局 督办事项``.
    stamp
        ``DTSTAMP`` of every event; defaults to now (UTC).

    Returns
    -------
    str
        CRLF-terminated, folded lines, ready to serve as ``text/calendar``.
    """
    moment = (stamp or dt.datetime.now(dt.UTC)).astimezone(dt.UTC)
    stamp_text = moment.strftime("%Y%m%dT%H%M%SZ")
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", f"PRODID:{PRODID}", "CALSCALE:GREGORIAN",
             "METHOD:PUBLISH", f"X-WR-CALNAME:{escape_text(name)}", "X-WR-TIMEZONE:Asia/Shanghai"]
    for a in assessed:
        lines += _event(graph, a, stamp_text)
    lines.append("END:VCALENDAR")
    return "".join(fold(line) + "\r\n" for line in lines)
