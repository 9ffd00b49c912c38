"""Provides goals: SMART fields, milestones, progress history and self-ratings."""

from __future__ import annotations

from datetime import date

from .base import Instant, Record, field, new_id
from .enums import Role


class Milestone(Record, frozen=True):
    """A smaller step on the way to a larger goal."""

    title: str = ""
    due: date | None = None
    done_on: date | None = None
    id: str = field(default_factory=new_id)

    @property
    def done(self) -> bool:
        """True once the milestone has a done date."""
        return self.done_on is not None


class ProgressEntry(Record, frozen=True):
    """One progress reading for a goal, usually taken at a meeting."""

    percent: int = 0
    comment: str = ""
    at: Instant | None = None
    by: str = ""
    meeting_id: str | None = None
    id: str = field(default_factory=new_id)


class Goal(Record, frozen=True):
    """A mentee's or mentor's goal, in the SMART shape the strategic form asks for."""

    title: str = ""
    owner: Role = Role.MENTEE
    specific: str = ""
    measurable: str = ""
    achievable: str = ""
    relevant: str = ""
    target_date: date | None = None
    milestones: tuple[Milestone, ...] = ()
    resources_needed: str = ""
    potential_obstacles: str = ""
    progress: tuple[ProgressEntry, ...] = ()
    baseline_rating: int | None = None
    final_rating: int | None = None
    id: str = field(default_factory=new_id)

    @property
    def current_percent(self) -> int:
        """The latest progress reading, 0 before any."""
        return self.progress[-1].percent if self.progress else 0
