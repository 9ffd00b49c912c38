"""Provides the mid-point review and end-date evaluation sections of the export.

Only recorded reviews are exported, oldest first. A draft (no date yet) is one party's
unfinished writing that nobody has agreed to; like a private note it leaves no trace.
The mid-point review looks at the goals so far (progress, target); the end-date evaluation
gives each goal an outcome, evidence and a final rating.
"""

from __future__ import annotations

from datetime import date, tzinfo
from typing import TypedDict

from ..model.agreement import Agreement
from ..model.enums import EvaluationKind, Role
from ..model.evaluation import Evaluation, GoalReview, Reflection
from ..model.goal import Goal
from ..model.lifecycle import decision_text, progress_glance, recorded
from .blocks import NOT_SET, bullets, format_date, heading, item_text, labelled, table
from .escape import escape_cell, escape_inline

NO_MIDPOINT = "No mid-point review recorded yet."
NO_EVALUATION = "No end-date evaluation recorded yet."
NO_GOALS = "No goals were reviewed."
REMOVED_GOAL = "(removed goal)"


class _Words(TypedDict):
    """A kind's headings and labels."""

    section: str
    none: str
    goals: str
    columns: list[str]
    worked: str
    change: str


#: Each kind's headings and labels: the mid-point asks how it is going, the end how it went.
_WORDS: dict[EvaluationKind, _Words] = {
    EvaluationKind.MIDPOINT: {
        "section": "Mid-point review",
        "none": NO_MIDPOINT,
        "goals": "Goals so far",
        "columns": ["Goal", "Target date", "Progress at a glance"],
        "worked": "What is working",
        "change": "What is not",
    },
    EvaluationKind.END: {
        "section": "End-date evaluation",
        "none": NO_EVALUATION,
        "goals": "Goals",
        "columns": ["Goal", "Outcome", "Evidence", "Baseline", "Final", "Progress at a glance"],
        "worked": "What worked",
        "change": "What to change",
    },
}


# -- values ----------------------------------------------------------------------------------


def rating(value: int | None) -> str:
    """A self-rating: "3 of 5", or "—"."""
    return f"{value} of 5" if value is not None else NOT_SET


def decision_words(review: Evaluation) -> str:
    """What the end-date evaluation decided: "extended to 2027-06-30", "completed", ..."""
    return decision_text(review) or NOT_SET


def at_a_glance(goal: Goal, review: Evaluation, tz: tzinfo | None) -> str:
    """The goal's progress readings up to the review's date: "20 % → 55 % → 80 %"."""
    return progress_glance(goal, review.on, tz) or NOT_SET


def _names(review: Evaluation) -> str:
    names = [escape_inline(name, single_line=True) for name in review.by]
    return ", ".join(name for name in names if name) or NOT_SET


# -- blocks ----------------------------------------------------------------------------------


def _goal_row(line: GoalReview, goals: dict[str, Goal], review: Evaluation, tz: tzinfo | None) -> list[str]:
    goal = goals.get(line.goal_id)
    if goal is None:
        title, target, baseline, glance = REMOVED_GOAL, NOT_SET, NOT_SET, NOT_SET
    else:
        title = escape_cell(goal.title) if goal.title.strip() else "(untitled)"
        target, baseline = format_date(goal.target_date), rating(goal.baseline_rating)
        glance = at_a_glance(goal, review, tz)
    if review.kind is EvaluationKind.MIDPOINT:
        return [title, target, glance]
    outcome = line.outcome.value if line.outcome is not None else NOT_SET
    return [title, outcome, escape_cell(line.evidence), baseline, rating(line.final_rating), glance]


def goals_table(agreement: Agreement, review: Evaluation, tz: tzinfo | None) -> str:
    """Each goal reviewed and its progress up to the review; at the end, how it came out."""
    goals = {goal.id: goal for goal in agreement.goals}
    rows = [_goal_row(line, goals, review, tz) for line in review.goals]
    return table(_WORDS[review.kind]["columns"], rows, empty=NO_GOALS)


def reflection_blocks(review: Evaluation) -> list[str]:
    """What each party says worked (or is working) and what to change (or is not)."""
    words = _WORDS[review.kind]
    said = {reflection.role: reflection for reflection in review.reflections}
    blocks = []
    for role in Role:
        reflection = said.get(role, Reflection(role=role))
        blocks += [
            heading(4, role.value.capitalize()),
            bullets(
                [
                    labelled(words["worked"], item_text(reflection.worked)),
                    labelled(words["change"], item_text(reflection.change)),
                ]
            ),
        ]
    return blocks


def review_blocks(agreement: Agreement, review: Evaluation, tz: tzinfo | None) -> list[str]:
    """One recorded review: what came of it and when, the goals, then each party's reflections."""
    if review.kind is EvaluationKind.MIDPOINT:
        outcome = [
            labelled("Changes agreed", item_text(review.changes_agreed)),
            labelled("Goals adjusted", item_text(review.goals_adjusted)),
        ]
    else:
        outcome = [labelled("Decision", decision_words(review))]
    outcome += [labelled("Date", format_date(review.on)), labelled("By", _names(review))]
    return [
        heading(3, format_date(review.on)),
        bullets(outcome),
        heading(4, _WORDS[review.kind]["goals"]),
        goals_table(agreement, review, tz),
        *reflection_blocks(review),
    ]


def _recorded_on(review: Evaluation) -> date:
    assert review.on is not None  # `recorded` leaves the drafts (no date yet) out
    return review.on


def _section(agreement: Agreement, tz: tzinfo | None, kind: EvaluationKind) -> list[str]:
    blocks = [heading(2, _WORDS[kind]["section"])]
    reviews = sorted(recorded(agreement, kind), key=_recorded_on)
    for review in reviews:
        blocks += review_blocks(agreement, review, tz)
    if not reviews:
        blocks.append(_WORDS[kind]["none"])
    return blocks


# -- sections --------------------------------------------------------------------------------


def midpoint_section(agreement: Agreement, tz: tzinfo | None) -> list[str]:
    """Every recorded mid-point review, oldest first: how it is going and what was changed."""
    return _section(agreement, tz, EvaluationKind.MIDPOINT)


def evaluation_section(agreement: Agreement, tz: tzinfo | None) -> list[str]:
    """Every recorded end-date evaluation, oldest first (an extension brings another one)."""
    return _section(agreement, tz, EvaluationKind.END)
