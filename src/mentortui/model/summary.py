"""Provides the summary of an agreement that lists, the index, the dashboard and `status` use.

A summary is small and self-contained: the list's columns, and a *digest* holding what the
dashboard needs (cadence, the meetings around now, open due dates, signature state). The
dashboard is computed from the digest at view time (`attention.board`), so drawing the list
of 2,000 agreements decodes 2,000 summaries, not 2,000 agreements with all their meetings.

A digest is made as of an instant and stays right for any later instant, with one bound: it
keeps only the first few planned meetings, so once all of those have passed (and more were
planned) it is stale and is made again from the file (`Digest.fresh_at`).
"""

from __future__ import annotations

import bisect
from datetime import date, datetime
from typing import Any

from . import lifecycle, meetings
from .agreement import Agreement
from .base import Instant, Record, now, replace
from .enums import AgreementStatus, MeetingStatus, Role
from .meeting import Meeting
from .signing import is_current, signature

#: Bumped whenever what a digest holds changes: older digests are then made again.
DIGEST_VERSION = 3
#: How many upcoming planned meetings a digest keeps.
PLANNED_KEPT = 4
#: How many open dated milestones (and, apart, action items) a digest keeps in words, the
#: first due first; beyond that it keeps only their due dates, to count them.
SPELLED = 5


class Glimpse(Record, frozen=True):
    """A meeting as the dashboard shows it: when, what for, and whether it is under way."""

    id: str = ""
    planned_for: Instant | None = None
    started_at: Instant | None = None
    purpose: str = ""
    in_progress: bool = False
    #: A tentative schedule row, not yet in the meeting log (so it has no meeting id).
    tentative: bool = False

    @property
    def when(self) -> datetime | None:
        """The best-known time of the meeting."""
        return self.started_at or self.planned_for


class Due(Record, frozen=True):
    """An open milestone or action item with a due date."""

    text: str = ""
    #: The milestone's goal, or the action's owner.
    of: str = ""
    due: date | None = None

    @property
    def day(self) -> date:
        """The due date: a digest keeps only items that have one."""
        assert self.due is not None, "a digest keeps only dated items"
        return self.due


class Digest(Record, frozen=True):
    """What the dashboard of an agreement needs, as of ``as_of``."""

    #: Which DIGEST_VERSION made it (0: unknown, so never fresh; kept in compact data).
    version: int = 0
    as_of: Instant | None = None
    frequency: str = ""
    #: The roles whose signature is missing or stale (drafts, amended and extended agreements).
    waiting: tuple[Role, ...] = ()
    midpoint_recorded: bool = False
    #: How a closed agreement ended ("completed on 2026-12-18"); "" while it runs.
    closed: str = ""
    #: The first planned meetings at or after ``as_of``, soonest first.
    planned: tuple[Glimpse, ...] = ()
    #: True when more meetings were planned than ``planned`` keeps.
    more_planned: bool = False
    #: The latest meeting held by ``as_of``, and the first few held after it (a meeting
    #: logged ahead of its time), latest first.
    held: tuple[Glimpse, ...] = ()
    #: True when more meetings were held after ``as_of`` than ``held`` keeps.
    more_held: bool = False
    #: The first open dated milestones and action items, by due date.
    milestones: tuple[Due, ...] = ()
    actions: tuple[Due, ...] = ()
    #: The due dates of all of them, ISO, in order, space-separated (compact: an agreement
    #: can have hundreds, and the index holds a digest per agreement).
    milestone_dues: str = ""
    action_dues: str = ""

    def overdue(self, kind: str, today: date) -> tuple[int, tuple[Due, ...]]:
        """How many open ``kind`` ("milestones" or "actions") are past due on ``today``,
        and the first of them in words."""
        dues = getattr(self, kind[:-1] + "_dues").split()
        count = bisect.bisect_left(dues, today.isoformat())  # ISO dates sort as dates
        return count, getattr(self, kind)[:count]

    def fresh_at(self, moment: datetime) -> bool:
        """True when this digest gives the right dashboard at ``moment``."""
        if self.version != DIGEST_VERSION or self.as_of is None or moment < self.as_of:
            return False
        # `digest` keeps no meeting without its time; were one kept, it is stale (as `fresh_data_at` has it).
        if self.more_held and self.held and ((when := self.held[0].when) is None or when <= moment):
            return False
        last = self.planned[-1].planned_for if self.planned else None
        return not (self.more_planned and self.planned and (last is None or last < moment))


def fresh_data_at(data: Any, moment: datetime) -> bool:
    """`Digest.fresh_at` of a digest as stored (its JSON data), read without decoding it: a
    list of 2,000 checks them all before it draws, and decoding them was most of its time
    (4 ms against 55 ms for the few fields the rule reads). The same rule as `fresh_at`, kept
    beside it; tests compare the two for every case. False for data it cannot read."""
    try:
        if data.get("version", 0) != DIGEST_VERSION or not data.get("as_of"):
            return False
        if moment < datetime.fromisoformat(data["as_of"]):
            return False
        held, planned = data.get("held") or (), data.get("planned") or ()
        if (
            data.get("more_held")
            and held
            and datetime.fromisoformat(held[0].get("started_at") or held[0]["planned_for"]) <= moment
        ):
            return False
        return not (
            data.get("more_planned") and planned and datetime.fromisoformat(planned[-1]["planned_for"]) < moment
        )
    except (AttributeError, KeyError, TypeError, ValueError, IndexError):
        return False


def freshness_fields(data: dict[str, Any]) -> dict[str, Any]:
    """Of a digest as stored, the part `fresh_data_at` reads (it gives the same answer for it
    as for the whole): kept beside a digest that is not decoded until it is shown."""
    held, planned = data.get("held") or [], data.get("planned") or []
    return {
        key: value
        for key, value in (
            ("version", data.get("version")),
            ("as_of", data.get("as_of")),
            ("held", held[:1]),
            ("more_held", data.get("more_held")),
            ("planned", planned[-1:]),
            ("more_planned", data.get("more_planned")),
        )
        if value
    }


class AgreementSummary(Record, frozen=True):
    """What a list of agreements shows of each one, and what its dashboard needs."""

    id: str = ""
    title: str = ""
    mentee: str = ""
    mentor: str = ""
    start_date: date | None = None
    end_date: date | None = None
    status: AgreementStatus = AgreementStatus.DRAFT
    mentee_handle: str = ""
    mentor_handle: str = ""
    #: Why the agreement's file cannot be read ("" when it can): such a row is still listed,
    #: naming the file, so a damaged agreement never vanishes from the list.
    damaged: str = ""
    digest: Digest | None = None

    def same_as(self, other: AgreementSummary) -> bool:
        """Equal but for the instant the digests were made."""
        return _timeless(self) == _timeless(other)


def _timeless(summary: AgreementSummary) -> AgreementSummary:
    digest = summary.digest
    return summary if digest is None else replace(summary, digest=replace(digest, as_of=None))


def _glimpse(meeting: Meeting, tentative: bool = False) -> Glimpse:
    return Glimpse(
        id=meeting.id,
        planned_for=meeting.planned_for,
        started_at=meeting.started_at,
        purpose=meeting.purpose,
        in_progress=meeting.in_progress,
        tentative=tentative,
    )


def _planned_for(meeting: Meeting) -> datetime:
    """When a planned meeting is planned for (`digest` sorts only those that have a time)."""
    assert meeting.planned_for is not None
    return meeting.planned_for


def _held_at(meeting: Meeting) -> datetime:
    """When a held meeting took place (`digest` sorts only those that have a time)."""
    when = meeting.when
    assert when is not None
    return when


def digest(agreement: Agreement, as_of: datetime) -> Digest:
    """The digest of an agreement as of an aware instant."""
    logged = {m.id for m in agreement.meetings}
    upcoming = sorted(
        (
            m
            for m in meetings.plan_from_schedule(agreement).meetings
            if m.status is MeetingStatus.PLANNED and m.planned_for is not None and m.planned_for >= as_of
        ),
        key=_planned_for,
    )
    held = sorted(
        (m for m in agreement.meetings if m.status is MeetingStatus.HELD and m.when is not None),
        key=_held_at,
        reverse=True,
    )
    later = [m for m in held if _held_at(m) > as_of]
    latest = held[len(later) : len(later) + 1]
    kept_later = later[-PLANNED_KEPT:]  # the soonest after as_of
    waiting: tuple[Role, ...] = ()
    if agreement.status in (AgreementStatus.DRAFT, AgreementStatus.AMENDED, AgreementStatus.EXTENDED):
        waiting = tuple(
            role for role in Role if (signed := signature(agreement, role)) is None or not is_current(agreement, signed)
        )
    milestones, milestone_dues = _dated(
        [
            Due(m.title, g.title, m.due)
            for g in agreement.goals
            for m in g.milestones
            if m.due is not None and not m.done
        ]
    )
    actions, action_dues = _dated(
        [Due(a.text, a.owner, a.due) for _, a in meetings.open_actions(agreement) if a.due is not None]
    )
    return Digest(
        version=DIGEST_VERSION,
        as_of=as_of,
        frequency=agreement.schedule.frequency,
        waiting=waiting,
        # Covered too by an end-date evaluation that reviewed the period (an extension's).
        midpoint_recorded=lifecycle.midpoint_covered(agreement),
        closed=lifecycle.closed_since(agreement) if lifecycle.is_closed(agreement) else "",
        planned=tuple(_glimpse(m, m.id not in logged) for m in upcoming[:PLANNED_KEPT]),
        more_planned=len(upcoming) > PLANNED_KEPT,
        held=tuple(_glimpse(m) for m in (*kept_later, *latest)),
        more_held=len(later) > len(kept_later),
        milestones=milestones,
        milestone_dues=milestone_dues,
        actions=actions,
        action_dues=action_dues,
    )


def _dated(items: list[Due]) -> tuple[tuple[Due, ...], str]:
    """The first few items by due date, and all their due dates (ISO, space-separated)."""
    items.sort(key=lambda d: d.day)  # stable: same day, in the agreement's order
    return tuple(items[:SPELLED]), " ".join(d.day.isoformat() for d in items)


def summarize(agreement: Agreement, as_of: datetime | None = None) -> AgreementSummary:
    """The summary of one agreement, its digest made as of ``as_of`` (default: now)."""
    return AgreementSummary(
        id=agreement.id,
        title=agreement.display_title,
        mentee=agreement.mentee.name,
        mentor=agreement.mentor.name,
        start_date=agreement.start_date,
        end_date=agreement.end_date,
        status=agreement.status,
        mentee_handle=agreement.mentee.handle,
        mentor_handle=agreement.mentor.handle,
        digest=digest(agreement, now() if as_of is None else as_of),
    )
