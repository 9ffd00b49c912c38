"""Provides the agreement itself: parties, dates, schedule, goals, values, signatures, history."""

from __future__ import annotations

from datetime import date

from .base import Instant, Record, field, field_names, new_id
from .enums import AgreementStatus, CareerStage, MentorshipType, Role
from .evaluation import Evaluation
from .goal import Goal
from .meeting import Meeting


class Party(Record, frozen=True):
    """The mentee or the mentor."""

    name: str = ""
    contact: str = ""
    career_stage: CareerStage | None = None
    handle: str = ""


class Schedule(Record, frozen=True):
    """How often, how long and where the parties meet, and the notice they give."""

    frequency: str = ""
    length_min_minutes: int | None = None
    length_max_minutes: int | None = None
    location: str = ""
    place_time: str = ""
    notice_hours: int | None = None


class TentativeMeeting(Record, frozen=True):
    """A row of the tentative meeting schedule."""

    when: Instant | None = None
    duration_minutes: int | None = None
    location: str = ""
    purpose: str = ""
    #: The time zone (IANA name) it was planned in, for calendars ("" when not known).
    zone: str = ""
    id: str = field(default_factory=new_id)


class Clause(Record, frozen=True):
    """A clause both parties agree to; its wording is editable per agreement."""

    key: str = ""
    title: str = ""
    text: str = ""
    agreed: bool = False


class Acknowledgement(Record, frozen=True):
    """A party's acknowledgement of the disclaimer."""

    role: Role = Role.MENTEE
    name: str = ""
    at: Instant | None = None

    @property
    def id(self) -> str:
        """A party acknowledges once: the role identifies the acknowledgement."""
        return self.role.value


class Termination(Record, frozen=True):
    """A no-blame termination: when, who, and an optional reason."""

    on: date | None = None
    by: str = ""
    reason: str = ""


class Signature(Record, frozen=True):
    """A party's signature: typed name, date, and a hash of the content they signed."""

    role: Role = Role.MENTEE
    name: str = ""
    signed_on: date | None = None
    at: Instant | None = None
    content_hash: str = ""
    #: What the agreement still lacked when this party signed it anyway (their explicit choice).
    missing: tuple[str, ...] = ()

    @property
    def id(self) -> str:
        """A party has one signature: the role identifies it (so two parties merge)."""
        return self.role.value


class Amendment(Record, frozen=True):
    """One change to an agreement after it was signed: when, who, which fields.

    ``kind`` is "edit" for an amendment by editing; decisions in the agreement's life are
    recorded here too: "extend", "complete", "dissolve", "terminate", "reopen".
    """

    at: Instant | None = None
    by: str = ""
    fields: tuple[str, ...] = ()
    summary: str = ""
    kind: str = "edit"
    #: For an edit: each short value changed, as (what, its value before the edit) — "what" is
    #: a field ("title") or a part of one ("schedule.frequency"); the summary says old → new.
    before: tuple[tuple[str, str], ...] = ()
    id: str = field(default_factory=new_id)


def default_values() -> tuple[Clause, ...]:
    """The four values & expectations clauses, in our own words, not yet agreed."""
    return (
        Clause("respect", "Mutual respect", "We agree to be mutually respectful."),
        Clause(
            "honesty",
            "Honesty and constructive feedback",
            "We agree to be honest and constructive in our interaction.",
        ),
        Clause(
            "confidentiality",
            "Confidentiality",
            "We keep each other's counsel: sensitive matters we discuss are held in the "
            "strictest confidence. The off-limits topics below are not discussed.",
        ),
        Clause(
            "preparation",
            "Preparation",
            "We complete assigned reading, research and other preparation before the "
            "meeting at which it will be discussed.",
        ),
    )


def default_termination_clause() -> Clause:
    """The no-blame termination clause, not yet agreed."""
    return Clause(
        "no_blame_termination",
        "No-blame termination",
        "If either of us finds this mentorship unproductive or ineffective, we may end it "
        "without blame or hard feelings.",
    )


def default_disclaimer() -> Clause:
    """The disclaimer both parties acknowledge before signing."""
    return Clause(
        "disclaimer",
        "Disclaimer",
        "Participation as a mentor or mentee is voluntary. This agreement is not an "
        "endorsement of any mentor, mentorship or agreement by any organisation, and creates "
        "no liability for any organisation that hosts or promotes the mentoring programme.",
    )


class Agreement(Record, frozen=True):
    """A mentoring agreement, with everything the two forms ask and what happens under it."""

    title: str = ""
    mentee: Party = field(default_factory=Party)
    mentor: Party = field(default_factory=Party)
    mentorship_types: tuple[MentorshipType, ...] = ()
    start_date: date | None = None
    end_date: date | None = None
    schedule: Schedule = field(default_factory=Schedule)
    tentative_meetings: tuple[TentativeMeeting, ...] = ()
    mentee_hopes: str = ""
    mentor_hopes: str = ""
    goals: tuple[Goal, ...] = ()
    evaluation_metrics: str = ""
    resources: tuple[str, ...] = ()
    values: tuple[Clause, ...] = field(default_factory=default_values)
    off_limits: tuple[str, ...] = ()
    termination_clause: Clause = field(default_factory=default_termination_clause)
    termination: Termination | None = None
    disclaimer: Clause = field(default_factory=default_disclaimer)
    acknowledgements: tuple[Acknowledgement, ...] = ()
    signatures: tuple[Signature, ...] = ()
    status: AgreementStatus = AgreementStatus.DRAFT
    amendments: tuple[Amendment, ...] = ()
    meetings: tuple[Meeting, ...] = ()
    evaluations: tuple[Evaluation, ...] = ()
    created_at: Instant | None = None
    updated_at: Instant | None = None
    updated_by: str = ""
    revision: int = 0
    id: str = field(default_factory=new_id)

    @property
    def display_title(self) -> str:
        """The title, or "Mentee ↔ Mentor" from the parties' names when none was given."""
        if self.title.strip():
            return self.title
        return f"{self.mentee.name.strip() or 'Mentee'} ↔ {self.mentor.name.strip() or 'Mentor'}"

    def party(self, role: Role) -> Party:
        """The mentee or the mentor."""
        return self.mentee if role is Role.MENTEE else self.mentor

    def goal(self, goal_id: str) -> Goal:
        """The goal with this id (KeyError when there is none)."""
        for goal in self.goals:
            if goal.id == goal_id:
                return goal
        raise KeyError(goal_id)

    def meeting(self, meeting_id: str) -> Meeting:
        """The meeting with this id (KeyError when there is none)."""
        for meeting in self.meetings:
            if meeting.id == meeting_id:
                return meeting
        raise KeyError(meeting_id)


#: Fields the store and the history manage; they are not part of what parties sign.
BOOKKEEPING_FIELDS = ("created_at", "updated_at", "updated_by", "revision")
#: The fields people edit: what is merged, compared and recorded per change.
EDITED_FIELDS = tuple(name for name in field_names(Agreement) if name not in (*BOOKKEEPING_FIELDS, "id"))


#: How each signed field is named to people (amendment summaries, "changed since").
FIELD_LABELS = {
    "title": "title",
    "mentee": "mentee",
    "mentor": "mentor",
    "mentorship_types": "kinds of mentorship",
    "start_date": "start date",
    "end_date": "end date",
    "schedule": "meeting schedule",
    "tentative_meetings": "tentative meetings",
    "mentee_hopes": "mentee's hopes",
    "mentor_hopes": "mentor's hopes",
    "goals": "goals",
    "evaluation_metrics": "evaluation metrics",
    "resources": "resources",
    "values": "values & expectations",
    "off_limits": "off-limits topics",
    "termination_clause": "termination clause",
    "disclaimer": "disclaimer",
}


def field_label(name: str) -> str:
    """The name people see for an agreement field."""
    return FIELD_LABELS.get(name, name.replace("_", " "))
