"""iCalendar (RFC 5545) feeds: every obligation as an all-day event on its due date.

Built with the icalendar package, which escapes TEXT values (§3.3.11), folds lines at 75
octets without splitting a UTF-8 character (§3.1) and ends them in CRLF.  Each event's
UID is derived from the obligation id, so a calendar client updates an event in place
when the feed changes instead of adding a copy.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

import networkx as nx
from icalendar import Calendar, Event, vText
from icalendar.parser import Contentline

from graph.agenda import Assessed
from graph.judged import section_heading
from i18n import label, t

PRODID = "-//policygraph//obligation feeds//ZH"
UID_DOMAIN = "policygraph"


def fold(line: str) -> str:
    """Fold one content line as the calendars are folded (icalendar's folding): CRLF-joined
    pieces of at most 75 octets, continuation lines starting with one space.

    >>> fold("X" * 80).split("\\r\\n") == ["X" * 74, " " + "X" * 6]
    True
    >>> all(len(p.encode()) <= 75 for p in fold("温" * 60).split("\\r\\n"))
    True
    """
    return Contentline(line).to_ical().decode("utf-8")


def event_uid(obligation_id: str) -> str:
    """The stable UID of an obligation's event.

    >>> event_uid("deadline:17@2019")
    'deadline-17-2019@policygraph'
    """
    return obligation_id.replace(":", "-").replace("@", "-") + f"@{UID_DOMAIN}"


def _event(graph: nx.MultiDiGraph, a: Assessed, stamp: dt.datetime) -> Event:
    ob = a.obligation
    number = graph.nodes[ob.document].get("number") or graph.nodes[ob.document].get("label", "")
    heading = section_heading(graph, document=ob.document, path=ob.path)
    owners = "、".join(dict.fromkeys(o.name for o in ob.owners)) or t("ical.no_owner")
    description = t("ical.description", text=ob.text, raw=ob.raw, due=ob.due.isoformat(),
                    owners=owners, number=number, path=ob.path,
                    status=label("status", a.status.name))
    light = t(f"ical.light.{a.status.name}")
    event = Event()
    event.add("uid", event_uid(ob.id))
    event.add("dtstamp", stamp)
    event.add("dtstart", ob.due)  # a date: all-day, VALUE=DATE
    event.add("dtend", ob.due + dt.timedelta(days=1))
    event.add("summary", f"[{light}] {number} {ob.path} {heading}")
    event.add("description", description)
    event.add("categories", [label("status", a.status.name)])
    event.add("transp", "TRANSPARENT")
    return event


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

    Examples
    --------
    >>> text = render_calendar(nx.MultiDiGraph(), [], name="a,b",
    ...                        stamp=dt.datetime(2019, 1, 1, tzinfo=dt.UTC))
    >>> text.split("\\r\\n")[:2], "X-WR-CALNAME:a\\\\,b" in text
    (['BEGIN:VCALENDAR', 'VERSION:2.0'], True)
    """
    moment = (stamp or dt.datetime.now(dt.UTC)).astimezone(dt.UTC)
    calendar = Calendar()
    calendar.add("version", "2.0")
    calendar.add("prodid", PRODID)
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    # X- properties have no known type: vText makes the library escape them as TEXT
    calendar.add("x-wr-calname", vText(name))
    calendar.add("x-wr-timezone", vText("Asia/Shanghai"))
    for a in assessed:
        calendar.add_component(_event(graph, a, moment))
    return calendar.to_ical().decode("utf-8")
