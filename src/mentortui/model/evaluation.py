"""Provides evaluations: the mid-point review and the end-of-period evaluation."""

from __future__ import annotations

from datetime import date

from .base import Record, field, new_id
from .enums import EvaluationDecision, EvaluationKind, GoalOutcome, Role


class GoalReview(Record, frozen=True):
    """How one goal came out, against its measure."""

    goal_id: str = ""
    outcome: GoalOutcome | None = None
    evidence: str = ""
    #: The self-rating (1–5) at the evaluation, against the goal's baseline.
    final_rating: int | None = None


class Reflection(Record, frozen=True):
    """What worked and what to change, in one party's words.

    At the mid-point review the same two fields hold "what is working" and "what is not".
    """

    role: Role = Role.MENTEE
    worked: str = ""
    change: str = ""


class Evaluation(Record, frozen=True):
    """A review of the whole relationship, at its mid-point or its end date.

    A draft has no ``on`` date; a recorded mid-point review has one, and an end-date
    evaluation gets one with its decision.
    """

    kind: EvaluationKind = EvaluationKind.END
    on: date | None = None
    by: tuple[str, ...] = ()
    goals: tuple[GoalReview, ...] = ()
    reflections: tuple[Reflection, ...] = ()
    changes_agreed: str = ""
    #: Mid-point review: how the goals were adjusted (the goals themselves are edited in step 2).
    goals_adjusted: str = ""
    decision: EvaluationDecision | None = None
    new_end_date: date | None = None
    id: str = field(default_factory=new_id)
