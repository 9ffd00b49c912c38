"""Provides the meeting log section of the export: held meetings in full, then the rest.

Private notes are left out before anything else is read from them: neither their text nor
their author nor their time reaches the document, and nothing shows that one existed.
"""

from __future__ import annotations

from datetime import datetime, tzinfo

from ..model.agreement import Agreement
from ..model.enums import MeetingStatus
from ..model.meeting import Meeting, Note
from ..model.meetings import in_order, progress_at, short_notice
from .blocks import (
    NOT_SET,
    bullets,
    format_date,
    format_datetime,
    format_span,
    heading,
    item_text,
    labelled,
    plural,
    table,
    zone_name,
)
from .escape import EMPTY_CELL, escape_cell, escape_inline

NO_MEETINGS = "No meetings yet."
NOTHING_RECORDED = "Nothing was recorded at this meeting."
NO_DATE = "Date not recorded"


# -- values ----------------------------------------------------------------------------------


def _clock(moment: datetime, tz: tzinfo | None, day: datetime | None) -> str:
    """``15:00`` when ``moment`` falls on the local day of ``day``, else the date too."""
    shown = moment.astimezone(tz)
    if day is not None and day.astimezone(tz).date() == shown.date():
        return f"{shown:%H:%M}"
    return f"{shown:%Y-%m-%d %H:%M}"


def duration(meeting: Meeting, tz: tzinfo | None) -> str:
    """How long a held meeting ran and from when to when, in ``tz``."""
    start, end = meeting.started_at, meeting.ended_at
    if start is None:
        return "not recorded"
    if end is None:
        return f"under way since {format_datetime(start, tz)}"
    first, last = start.astimezone(tz), end.astimezone(tz)
    if first.date() == last.date() and zone_name(first) == zone_name(last):
        span = f"{first:%H:%M} → {last:%H:%M} {zone_name(last)}"
    else:
        span = f"{format_datetime(start, tz)} → {format_datetime(end, tz)}"
    if end < start:
        return f"{span}, which ends before it starts"
    return f"{format_span(end - start)} ({span})"


def notice(agreement: Agreement, meeting: Meeting) -> str:
    """The notice a cancellation gave, in hours, and whether it fell short of the agreed."""
    given = meeting.cancellation.notice(meeting.planned_for) if meeting.cancellation else None
    if given is None:
        return NOT_SET
    shown = format_span(given) if given.total_seconds() >= 0 else "none: after the planned start"
    agreed = agreement.schedule.notice_hours
    if agreed is not None and short_notice(agreement, meeting):
        shown += f" (short notice: {plural(agreed, 'hour')} agreed)"
    return shown


def _purpose(meeting: Meeting) -> str:
    return escape_inline(meeting.purpose, single_line=True)


def _titled(meeting: Meeting, tz: tzinfo | None) -> str:
    """``2026-01-12 15:00 UTC — Purpose``; the date alone when there is no purpose."""
    when = format_datetime(meeting.when, tz) if meeting.when else NO_DATE
    purpose = _purpose(meeting)
    return f"{when} — {purpose}" if purpose else when


# -- a held meeting --------------------------------------------------------------------------


def note_item(note: Note, tz: tzinfo | None, day: datetime | None) -> str:
    """``15:00 ana: text`` (a shared note; never call this with a private one)."""
    assert not note.private, "private notes are never exported"
    time = _clock(note.at, tz, day) if note.at is not None else NOT_SET
    author = escape_inline(note.author, single_line=True)
    said = f"{time} {author}" if author else time
    return f"{said}: {item_text(note.text)}"


def own_private_notes(agreement: Agreement, handle: str, tz: tzinfo | None = None) -> str:
    """A section of ``handle``'s own private notes, for a file kept in their own exports
    folder only (what was on their screen and not saved); "" when they have none."""
    found = [
        (meeting, note)
        for meeting in in_order(agreement)
        for note in meeting.notes
        if note.private and note.author == handle
    ]
    if not handle or not found:
        return ""
    items = []
    for meeting, note in found:
        time = _clock(note.at, tz, meeting.when) if note.at is not None else NOT_SET
        items.append(f"{_titled(meeting, tz)}, {time}: {item_text(note.text)}")
    title = heading(2, f"Your private notes ({escape_inline(handle, single_line=True)}), never in a shared export")
    return "\n\n".join([title, bullets(items)])


def _shared_notes(meeting: Meeting, tz: tzinfo | None) -> list[str]:
    shared = [note for note in meeting.notes if not note.private]
    return [note_item(note, tz, meeting.when) for note in shared]


def _actions(meeting: Meeting, tz: tzinfo | None) -> list[list[str]]:
    return [
        [
            escape_cell(action.text),
            escape_cell(action.owner),
            format_date(action.due),
            format_datetime(action.done_at, tz) if action.done_at else "not yet",
        ]
        for action in meeting.actions
    ]


def _progress(agreement: Agreement, meeting: Meeting) -> list[list[str]]:
    return [
        [escape_cell(title), f"{entry.percent} %", escape_cell(entry.comment)]
        for title, entry in progress_at(agreement, meeting.id)
    ]


def held_blocks(agreement: Agreement, meeting: Meeting, tz: tzinfo | None) -> list[str]:
    """A held meeting: when, how long, where, shared notes, decisions, actions, progress."""
    next_meeting = format_datetime(meeting.next_meeting, tz) if meeting.next_meeting else "not set"
    blocks = [
        heading(3, _titled(meeting, tz)),
        bullets(
            [
                labelled("Duration", duration(meeting, tz)),
                labelled("Location", item_text(meeting.location)),
                labelled("Next meeting", next_meeting),
            ]
        ),
    ]
    notes = _shared_notes(meeting, tz)
    decisions = [item_text(decision.text) for decision in meeting.decisions]
    actions = _actions(meeting, tz)
    progress = _progress(agreement, meeting)
    if notes:
        blocks += [heading(4, "Notes"), bullets(notes)]
    if decisions:
        blocks += [heading(4, "Decisions"), bullets(decisions)]
    if actions:
        blocks += [heading(4, "Action items"), table(["Action", "Owner", "Due", "Done"], actions)]
    if progress:
        headers = ["Goal", "Progress", "Comment"]
        blocks += [heading(4, "Progress reviewed"), table(headers, progress)]
    if not (notes or decisions or actions or progress):
        blocks.append(NOTHING_RECORDED)
    return blocks


# -- the others ------------------------------------------------------------------------------


def planned_blocks(meetings: list[Meeting], tz: tzinfo | None) -> list[str]:
    """Meetings still to come, as a table."""
    rows = [[format_datetime(m.when, tz), escape_cell(m.purpose), escape_cell(m.location)] for m in meetings]
    return [heading(3, "Planned meetings"), table(["When", "Purpose", "Location"], rows)]


def cancelled_blocks(agreement: Agreement, meetings: list[Meeting], tz: tzinfo | None) -> list[str]:
    """Meetings called off: who, when, with how much notice, and why."""
    rows = []
    for meeting in meetings:
        called_off = meeting.cancellation
        rows.append(
            [
                format_datetime(meeting.when, tz),
                escape_cell(meeting.purpose),
                escape_cell(called_off.by) if called_off else EMPTY_CELL,
                format_datetime(called_off.at, tz) if called_off else EMPTY_CELL,
                notice(agreement, meeting),
                escape_cell(called_off.reason) if called_off else EMPTY_CELL,
            ]
        )
    headers = ["When", "Purpose", "Cancelled by", "Cancelled at", "Notice given", "Reason"]
    return [heading(3, "Cancelled meetings"), table(headers, rows)]


def missed_blocks(meetings: list[Meeting], tz: tzinfo | None) -> list[str]:
    """Meetings that did not take place and were not called off."""
    return [heading(3, "Missed meetings"), bullets([_titled(m, tz) for m in meetings])]


def meeting_log_section(agreement: Agreement, tz: tzinfo | None) -> list[str]:
    """Held meetings in date order, then planned, cancelled and missed ones (undated last)."""
    meetings = in_order(agreement)
    if not meetings:
        return [heading(2, "Meeting log"), NO_MEETINGS]
    of = {status: [m for m in meetings if m.status is status] for status in MeetingStatus}
    blocks = [heading(2, "Meeting log")]
    for meeting in of[MeetingStatus.HELD]:
        blocks += held_blocks(agreement, meeting, tz)
    if of[MeetingStatus.PLANNED]:
        blocks += planned_blocks(of[MeetingStatus.PLANNED], tz)
    if of[MeetingStatus.CANCELLED]:
        blocks += cancelled_blocks(agreement, of[MeetingStatus.CANCELLED], tz)
    if of[MeetingStatus.MISSED]:
        blocks += missed_blocks(of[MeetingStatus.MISSED], tz)
    return blocks
