"""Provides agreements_calendar: the meetings of agreements as an iCalendar file (RFC 5545).

One VEVENT a meeting, planned, held or cancelled, with a UID made of the agreement's and the
meeting's ids, so a calendar that imports an updated file updates its events instead of
adding them again; SEQUENCE is the agreement's revision, which grows with every saved change.
Times are written in the zone each meeting was planned in (recorded when it was planned or
logged), else in the zone of whoever exports, or in UTC when that has no name a calendar
knows; each zone used comes with its VTIMEZONE. Private notes never appear: the description is the
meeting's purpose and the action items still open from earlier meetings (its agenda).
All text goes through `icalendar`, which escapes commas, semicolons and newlines and folds
long lines; controls are made visible first, so no text can add a property or an event.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import UTC, datetime, timedelta, tzinfo

from ..model import Agreement, Meeting, MeetingStatus, meetings
from ..model.base import now
from ..text import plain

#: The product identifier every file names (RFC 5545 PRODID).
PRODID = "-//mentortui//mentoring agreements//EN"

#: A meeting's length when neither the meeting, its tentative row nor the schedule says.
DEFAULT_MINUTES = 60

_EMAIL = re.compile(r"^[^@\s<>\"',;:]+@[^@\s<>\"',;:]+\.[^@\s<>\"',;:]+$")


def uid(agreement: Agreement, meeting: Meeting) -> str:
    """The event's UID: the same in every export of this meeting."""
    return f"{agreement.id}.{meeting.id}@mentortui"


def minutes(agreement: Agreement, meeting: Meeting) -> int:
    """How long the meeting lasted, or is planned to last."""
    lasted, started, ended = meeting.minutes, meeting.started_at, meeting.ended_at
    if lasted is not None and started is not None and ended is not None and ended > started:
        return max(1, lasted)
    row = next((r for r in agreement.tentative_meetings if r.id == meeting.tentative_id), None)
    if row is not None and row.duration_minutes:
        return row.duration_minutes
    schedule = agreement.schedule
    return schedule.length_max_minutes or schedule.length_min_minutes or DEFAULT_MINUTES


def agenda(agreement: Agreement, meeting: Meeting) -> list[str]:
    """The action items of earlier meetings still open when this one begins."""
    if meeting.when is None:
        return []
    return [
        action.text
        + (f" ({action.owner})" if action.owner else "")
        + (f", due {action.due.isoformat()}" if action.due else "")
        for _, action in meetings.open_actions(agreement, before=meeting, as_of=meeting.when)
    ]


def _text(value: str) -> str:
    return plain(value)  # newlines stay (icalendar escapes them); every other control shows


def _zone_name(zone: tzinfo) -> str | None:
    key = getattr(zone, "key", None)
    return key if (key and key != "localtime" and "/" in key) or key == "UTC" else None


def _planned_zone(meeting: Meeting, agreement: Agreement) -> tzinfo | None:
    """The zone the meeting was planned in (its tentative row's, else its own), if named."""
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

    row = next((r for r in agreement.tentative_meetings if r.id == meeting.tentative_id), None)
    name = meeting.zone or (row.zone if row else "")
    if not name:
        return None
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError, OSError):
        return None  # a name from a hand-edited file that no zone database knows


def agreements_calendar(
    agreements: Iterable[Agreement], zone: tzinfo | None = None, at: datetime | None = None
) -> bytes:
    """The iCalendar file of every meeting of ``agreements``."""
    from icalendar import (  # only calendar exports load it
        Calendar,
        Event,
        vCalAddress,
        vText,
    )

    named = zone if zone is not None and _zone_name(zone) else UTC
    stamp = (at or now()).astimezone(UTC)
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    span: list[datetime] = []
    for agreement in agreements:
        shown = meetings.plan_from_schedule(agreement)
        pair = f"{agreement.mentee.name or 'mentee'} ↔ {agreement.mentor.name or 'mentor'}"
        for meeting in meetings.in_order(shown):
            start = meeting.when
            if start is None:
                continue
            event = Event()
            event.add("uid", uid(agreement, meeting))
            event.add("dtstamp", stamp)
            event.add("sequence", max(agreement.revision, 0))
            begins = start.astimezone(_planned_zone(meeting, shown) or named)
            span.append(begins)
            event.add("dtstart", begins)
            event.add("dtend", begins + timedelta(minutes=minutes(shown, meeting)))
            purpose = meeting.purpose.strip()
            event.add("summary", vText(_text(f"Mentoring: {pair}" + (f" — {purpose}" if purpose else ""))))
            location = meeting.location or shown.schedule.location
            if location:
                event.add("location", vText(_text(location)))
            lines = [f"Purpose: {purpose}"] if purpose else []
            if items := agenda(shown, meeting):
                lines += ["Carried over:", *(f"- {item}" for item in items)]
            if lines:
                event.add("description", vText(_text("\n".join(lines))))
            if meeting.status is MeetingStatus.CANCELLED:
                event.add("status", "CANCELLED")
            else:
                event.add("status", "CONFIRMED")
            for party in (agreement.mentee, agreement.mentor):
                contact = party.contact.strip()
                if _EMAIL.match(contact):
                    attendee = vCalAddress(f"mailto:{contact}")
                    if party.name:
                        attendee.params["cn"] = _text(party.name).replace("\n", " ").replace('"', "'")
                    attendee.params["role"] = "REQ-PARTICIPANT"
                    event.add("attendee", attendee, encode=False)
            calendar.add_component(event)
    if span and any(b.tzinfo is not UTC for b in span):  # the zone's rules for the years its meetings span
        calendar.add_missing_timezones(
            first_date=(min(span) - timedelta(days=366)).date(), last_date=(max(span) + timedelta(days=366)).date()
        )
    ics: bytes = calendar.to_ical()  # (icalendar's own hints leave it unsaid)
    return ics
