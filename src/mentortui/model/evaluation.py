"""Provides evaluations: the mid-point review and the end-of-period evaluation."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from .base import Record, new_id
from .enums import EvaluationDecision, EvaluationKind, GoalOutcome, Role


@dataclass(frozen=True)
class GoalReview(Record):
    """How one goal came out, against its measure."""

    goal_id: str = ""
    outcome: GoalOutcome | None = None
    evidence: str = ""


@dataclass(frozen=True)
class Reflection(Record):
    """What worked and what to change, in one party's words."""

    role: Role = Role.MENTEE
    worked: str = ""
    change: str = ""


@dataclass(frozen=True)
class Evaluation(Record):
    """A review of the whole relationship, at its mid-point or its end date."""

    kind: EvaluationKind = EvaluationKind.END
    on: date | None = None
    by: tuple[str, ...] = ()
    goals: tuple[GoalReview, ...] = ()
    reflections: tuple[Reflection, ...] = ()
    changes_agreed: str = ""
    decision: EvaluationDecision | None = None
    new_end_date: date | None = None
    id: str = field(default_factory=new_id)
