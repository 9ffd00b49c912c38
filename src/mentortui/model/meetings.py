"""Provides the rules of the meeting log: start, note, act, decide, review progress, end, cancel."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from .agreement import Agreement
from .base import derived_id
from .enums import MeetingStatus
from .errors import FieldProblem, ValidationError
from .goal import ProgressEntry
from .lifecycle import is_closed
from .meeting import ActionItem, Cancellation, Decision, Meeting, Note

#: Stands in for a missing date when sorting (those go last anyway).
_NO_DATE = datetime.min.replace(tzinfo=UTC)


def in_order(agreement: Agreement) -> list[Meeting]:
    """Meetings by date, those without a date last."""
    # Aware datetimes compare as instants, whatever their zones (timestamp() was ten times slower).
    return sorted(agreement.meetings, key=lambda m: (m.when is None, m.when or _NO_DATE))


def replace_meeting(agreement: Agreement, meeting: Meeting) -> Agreement:
    """The agreement with this meeting added, or replacing the one with its id."""
    others = [m for m in agreement.meetings if m.id != meeting.id]
    if len(others) == len(agreement.meetings):
        return agreement.edit(meetings=(*agreement.meetings, meeting))
    return agreement.edit(meetings=tuple(meeting if m.id == meeting.id else m for m in agreement.meetings))


def _change(agreement: Agreement, meeting_id: str, **changes: object) -> Agreement:
    return replace_meeting(agreement, agreement.meeting(meeting_id).edit(**changes))


def plan_from_schedule(agreement: Agreement) -> Agreement:
    """Tentative schedule rows not yet in the log become planned meetings.

    A row is in the log when a meeting was planned from it, or one is already at its time.
    A completed or dissolved agreement plans nothing: its log stays as it was. The meeting
    takes the row's id, so planning the same rows again (for a view, then for a save) gives
    the same meetings.
    """
    if is_closed(agreement):
        return agreement
    planned = {m.tentative_id for m in agreement.meetings if m.tentative_id}
    planned |= {
        row.id
        for row in agreement.tentative_meetings
        if any(row.when in (m.planned_for, m.started_at) for m in agreement.meetings)
    }
    new = tuple(
        Meeting(
            status=MeetingStatus.PLANNED,
            planned_for=row.when,
            location=row.location or agreement.schedule.location,
            purpose=row.purpose,
            tentative_id=row.id,
            zone=row.zone,
            id=row.id,
        )
        for row in agreement.tentative_meetings
        if row.id not in planned and row.when is not None
    )
    return agreement.edit(meetings=(*agreement.meetings, *new)) if new else agreement


def in_progress(agreement: Agreement) -> Meeting | None:
    """The meeting under way, if one was started and not ended."""
    return next((m for m in in_order(agreement) if m.in_progress), None)


#: A planned meeting this close to now is the one being held when a session starts on it.
DUE_WINDOW = timedelta(hours=12)


def is_due(meeting: Meeting, at: datetime) -> bool:
    """True for a planned meeting whose time is within DUE_WINDOW of ``at``: starting a
    session on it holds that meeting; one further off stays planned for its own time."""
    return meeting.status is MeetingStatus.PLANNED and meeting.when is not None and abs(meeting.when - at) <= DUE_WINDOW


def start(agreement: Agreement, at: datetime, meeting_id: str | None = None) -> tuple[Agreement, Meeting]:
    """Start a planned meeting (or a new one) now; a meeting already under way is resumed."""
    running = in_progress(agreement)
    if running is not None:
        return agreement, running
    if meeting_id is not None:
        meeting = agreement.meeting(meeting_id).edit(status=MeetingStatus.HELD, started_at=at)
    else:
        meeting = Meeting(
            status=MeetingStatus.HELD, planned_for=at, started_at=at, location=agreement.schedule.location
        )
    return replace_meeting(agreement, meeting), meeting


def log_past(
    agreement: Agreement,
    started: datetime,
    ended: datetime,
    location: str = "",
    purpose: str = "",
    zone: str = "",
) -> tuple[Agreement, Meeting]:
    """Record a meeting after the fact, with its real times (backdating)."""
    if ended < started:
        raise ValidationError([FieldProblem("ended_at", "the meeting ends before it starts")])
    planned = next(
        (m for m in agreement.meetings if m.status is MeetingStatus.PLANNED and m.planned_for == started), None
    )
    if planned is not None:  # the meeting that was planned then took place: one row, not two
        meeting = planned.edit(
            status=MeetingStatus.HELD,
            started_at=started,
            ended_at=ended,
            location=location or planned.location,
            purpose=purpose or planned.purpose,
            zone=zone or planned.zone,
        )
    else:
        meeting = Meeting(
            status=MeetingStatus.HELD,
            planned_for=started,
            started_at=started,
            ended_at=ended,
            location=location,
            purpose=purpose,
            zone=zone,
        )
    return replace_meeting(agreement, meeting), meeting


def edit_details(
    agreement: Agreement,
    meeting_id: str,
    start: datetime,
    end: datetime | None,
    location: str,
    purpose: str,
    zone: str = "",
) -> Agreement:
    """Correct a meeting's time, place and purpose (a held one's real start and end)."""
    meeting = agreement.meeting(meeting_id)
    if end is not None and end < start:
        raise ValidationError([FieldProblem("ended_at", "the meeting ends before it starts")])
    if meeting.started_at is not None:
        changed = meeting.edit(started_at=start, ended_at=end if meeting.ended_at else meeting.ended_at)
    else:
        changed = meeting.edit(planned_for=start)
    if zone and start != meeting.when:  # a time set anew is in the zone of whoever set it
        changed = changed.edit(zone=zone)
    return replace_meeting(agreement, changed.edit(location=location.strip(), purpose=purpose.strip()))


def add_note(
    agreement: Agreement, meeting_id: str, text: str, author: str, at: datetime, private: bool = False
) -> Agreement:
    """Append a timestamped note; a private one is seen by its author only and never exported."""
    if not text.strip():
        raise ValidationError([FieldProblem("note", "a note needs text")])
    meeting = agreement.meeting(meeting_id)
    note = Note(text=text.strip(), author=author, at=at, private=private)
    return replace_meeting(agreement, meeting.edit(notes=(*meeting.notes, note)))


def add_action(agreement: Agreement, meeting_id: str, text: str, owner: str, due: date | None) -> Agreement:
    """Append an action item; it carries over to later meetings until done."""
    if not text.strip():
        raise ValidationError([FieldProblem("action", "an action item needs text")])
    meeting = agreement.meeting(meeting_id)
    action = ActionItem(text=text.strip(), owner=owner.strip(), due=due)
    return replace_meeting(agreement, meeting.edit(actions=(*meeting.actions, action)))


def add_decision(agreement: Agreement, meeting_id: str, text: str, at: datetime) -> Agreement:
    """Append a decision."""
    if not text.strip():
        raise ValidationError([FieldProblem("decision", "a decision needs text")])
    meeting = agreement.meeting(meeting_id)
    decision = Decision(text=text.strip(), at=at)
    return replace_meeting(agreement, meeting.edit(decisions=(*meeting.decisions, decision)))


def record_progress(
    agreement: Agreement,
    goal_id: str,
    percent: int,
    comment: str,
    by: str,
    at: datetime,
    meeting_id: str | None = None,
) -> Agreement:
    """Add a reading to a goal's progress history (0–100 %), linked to the meeting."""
    if not 0 <= percent <= 100:
        raise ValidationError([FieldProblem("percent", "progress must be from 0 to 100 %")])
    agreement.goal(goal_id)  # KeyError for a goal that is not in the agreement
    entry = ProgressEntry(percent=percent, comment=comment.strip(), at=at, by=by, meeting_id=meeting_id)
    goals = tuple(g.edit(progress=(*g.progress, entry)) if g.id == goal_id else g for g in agreement.goals)
    return agreement.edit(goals=goals)


def progress_at(agreement: Agreement, meeting_id: str) -> list[tuple[str, ProgressEntry]]:
    """The progress readings taken at a meeting, as (goal title, entry)."""
    return [(g.title, e) for g in agreement.goals for e in g.progress if e.meeting_id == meeting_id]


def next_meeting_id(meeting_id: str) -> str:
    """The id of the meeting planned when the one with ``meeting_id`` ends: the same for
    everyone who ends it, so two ends made apart plan one meeting (merged by id)."""
    return derived_id("next", meeting_id)


def end(
    agreement: Agreement, meeting_id: str, at: datetime, next_meeting: datetime | None, zone: str = ""
) -> Agreement:
    """Stamp the end; a next meeting date becomes a planned meeting in the log, unless one
    is planned at that time already (from the log, or a tentative schedule row: then it is
    that row's meeting, not a second one).

    A session is ended once: ending one already ended raises ValidationError, saying when and
    what was planned. Two people ending it at the same moment, each unaware of the other,
    plan the same meeting (its id follows from the session's), so their saves merge into one
    end time and one next meeting: the later save's, as merging settles a field both changed.
    """
    meeting = agreement.meeting(meeting_id)
    if meeting.ended_at is not None:
        raise ValidationError([FieldProblem("ended_at", already_ended(meeting))])
    ended = _change(agreement, meeting_id, ended_at=at, next_meeting=next_meeting)
    if next_meeting is None:
        return ended
    if any(m.status is MeetingStatus.PLANNED and m.planned_for == next_meeting for m in ended.meetings):
        return ended
    row = next((r for r in ended.tentative_meetings if r.when == next_meeting), None)
    return replace_meeting(
        ended,
        Meeting(
            status=MeetingStatus.PLANNED,
            planned_for=next_meeting,
            location=(row.location if row and row.location else meeting.location),
            purpose=row.purpose if row else "",
            tentative_id=row.id if row else None,
            zone=(row.zone if row and row.zone else zone),
            id=next_meeting_id(meeting_id),
        ),
    )


def already_ended(meeting: Meeting) -> str:
    """Why a session is not ended again: when it ended, and the next meeting then planned."""
    when = f" at {_shown(meeting.ended_at, meeting.zone)}" if meeting.ended_at else ""
    following = meeting.next_meeting
    planned = f"; the next meeting is planned for {_shown(following, meeting.zone)}" if following else ""
    return f"This session was already ended{when}{planned}. It was not ended again."


def _shown(moment: datetime, zone: str) -> str:
    """A moment in the meeting's zone when it is known (else in UTC, said so)."""
    try:
        if zone:
            return f"{moment.astimezone(ZoneInfo(zone)):%Y-%m-%d %H:%M}"
    except (ZoneInfoNotFoundError, ValueError):
        pass
    return f"{moment.astimezone(UTC):%Y-%m-%d %H:%M} UTC"


def cancel(agreement: Agreement, meeting_id: str, by: str, at: datetime, reason: str = "") -> Agreement:
    """Cancel a planned meeting, recording who and when (the notice given follows from it)."""
    return _change(
        agreement,
        meeting_id,
        status=MeetingStatus.CANCELLED,
        cancellation=Cancellation(by=by, at=at, reason=reason.strip()),
    )


def short_notice(agreement: Agreement, meeting: Meeting) -> bool:
    """True when a cancellation gave less notice than the agreed notice period."""
    agreed = agreement.schedule.notice_hours
    if meeting.cancellation is None or agreed is None:
        return False
    notice = meeting.cancellation.notice(meeting.planned_for)
    return notice is not None and notice < timedelta(hours=agreed)


def open_actions(
    agreement: Agreement, before: Meeting | None = None, as_of: datetime | None = None
) -> list[tuple[Meeting, ActionItem]]:
    """Action items not yet done, from meetings before ``before`` (all meetings if None);
    with ``as_of``, those not yet done at that moment (a calendar's agenda of a past meeting)."""
    cutoff = before.when if before is not None else None
    found = []
    for meeting in in_order(agreement):
        if before is not None and (meeting.id == before.id or (cutoff and meeting.when and meeting.when >= cutoff)):
            continue
        found += [
            (meeting, a) for a in meeting.actions if a.done_at is None or (as_of is not None and a.done_at > as_of)
        ]
    return found


def set_action_done(agreement: Agreement, action_id: str, at: datetime | None) -> Agreement:
    """Mark an action item done at ``at`` (None: open again)."""
    for meeting in agreement.meetings:
        if any(a.id == action_id for a in meeting.actions):
            actions = tuple(a.edit(done_at=at) if a.id == action_id else a for a in meeting.actions)
            return replace_meeting(agreement, meeting.edit(actions=actions))
    raise KeyError(action_id)


def delete(agreement: Agreement, meeting_id: str) -> Agreement:
    """The agreement without this meeting (its progress readings stay in the goals' history)."""
    return agreement.edit(meetings=tuple(m for m in agreement.meetings if m.id != meeting_id))


def notes_for(meeting: Meeting, handle: str) -> list[Note]:
    """The notes ``handle`` may read: shared ones, and their own private ones."""
    return [n for n in meeting.notes if not n.private or n.author == handle]


def readable_by(agreement: Agreement, handle: str) -> Agreement:
    """The agreement as ``handle`` may read it: others' private notes taken out."""
    kept = tuple(
        m.edit(notes=tuple(notes_for(m, handle))) if any(n.private and n.author != handle for n in m.notes) else m
        for m in agreement.meetings
    )
    return agreement if kept == agreement.meetings else agreement.edit(meetings=kept)
