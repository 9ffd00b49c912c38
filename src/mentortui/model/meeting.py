"""Provides meetings: when and where, notes, action items, decisions, cancellation."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from .base import Instant, Record, field, new_id
from .enums import MeetingStatus


class Note(Record, frozen=True):
    """A timestamped entry typed during or after a meeting; private ones are never exported."""

    text: str = ""
    author: str = ""
    at: Instant | None = None
    private: bool = False
    id: str = field(default_factory=new_id)


class ActionItem(Record, frozen=True):
    """Something one party will do; open items carry over to the next meeting."""

    text: str = ""
    owner: str = ""
    due: date | None = None
    done_at: Instant | None = None
    id: str = field(default_factory=new_id)

    @property
    def done(self) -> bool:
        """True once the item has been marked done."""
        return self.done_at is not None


class Decision(Record, frozen=True):
    """Something the parties decided at a meeting."""

    text: str = ""
    at: Instant | None = None
    id: str = field(default_factory=new_id)


class Cancellation(Record, frozen=True):
    """Who called a meeting off, when, and how much notice that gave."""

    by: str = ""
    at: Instant | None = None
    reason: str = ""

    def notice(self, planned_for: datetime | None) -> timedelta | None:
        """How long before the planned start the cancellation came."""
        if self.at is None or planned_for is None:
            return None
        return planned_for - self.at


class Meeting(Record, frozen=True):
    """One meeting between mentor and mentee, planned, held, cancelled or missed."""

    status: MeetingStatus = MeetingStatus.PLANNED
    planned_for: Instant | None = None
    started_at: Instant | None = None
    ended_at: Instant | None = None
    location: str = ""
    purpose: str = ""
    notes: tuple[Note, ...] = ()
    actions: tuple[ActionItem, ...] = ()
    decisions: tuple[Decision, ...] = ()
    next_meeting: Instant | None = None
    cancellation: Cancellation | None = None
    #: The tentative schedule row this meeting was planned from, if any.
    tentative_id: str | None = None
    #: The time zone (IANA name) it was planned or logged in, for calendars ("" when not known).
    zone: str = ""
    id: str = field(default_factory=new_id)

    @property
    def in_progress(self) -> bool:
        """Started and not yet ended (also after a dropped connection: it can be resumed)."""
        return self.started_at is not None and self.ended_at is None and self.status is MeetingStatus.HELD

    @property
    def minutes(self) -> int | None:
        """How long it lasted, in whole minutes; None until it has ended."""
        if self.started_at is None or self.ended_at is None:
            return None
        return int((self.ended_at - self.started_at).total_seconds() // 60)

    @property
    def when(self) -> datetime | None:
        """The best-known time of the meeting, for sorting."""
        return self.started_at or self.planned_for
