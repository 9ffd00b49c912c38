"""Provides the rules an agreement must keep, reported as field-named problems."""

from __future__ import annotations

from collections import deque
from collections.abc import Container
from datetime import date

from .agreement import Agreement, Schedule, TentativeMeeting
from .base import replace
from .enums import EvaluationDecision
from .errors import FieldProblem, Severity, ValidationError
from .evaluation import Evaluation
from .goal import Goal
from .hygiene import MAX_MILESTONES, text_problems, too_many
from .meeting import Meeting

WARNING = Severity.WARNING


#: The agreements judged in full lately, with what was found. An agreement is never changed in
#: place, so the same object has the same problems: the editor judges a large agreement once in
#: a worker when it opens, and its steps and review then read that instead of walking 100 goals
#: and 5,000 milestones again on the UI thread (~20 ms a step at the limits).
_JUDGED: deque[tuple[Agreement, tuple[FieldProblem, ...]]] = deque(maxlen=2)


def known_problems(agreement: Agreement) -> list[FieldProblem] | None:
    """What `validate` found for this very agreement (not an equal one) when it last judged it
    in full; None when it has not lately."""
    for judged_agreement, found in tuple(_JUDGED):  # a copy: a worker may add meanwhile
        if judged_agreement is agreement:
            return list(found)
    return None


def validate(agreement: Agreement, only: Container[str] | None = None) -> list[FieldProblem]:
    """Every problem with an agreement, errors and warnings, each naming its field.

    ``only`` names the top-level fields to judge (a step's own, judged on every key: the
    rest of a large agreement is left alone); None judges them all.
    """
    if only is None:
        if (known := known_problems(agreement)) is not None:
            return known
        found = _validate(agreement, None)
        _JUDGED.append((agreement, tuple(found)))
        return found
    return _validate(agreement, only)


def _validate(agreement: Agreement, only: Container[str] | None) -> list[FieldProblem]:

    def judged(name: str) -> bool:
        return only is None or name in only

    problems: list[FieldProblem] = []
    for role in ("mentee", "mentor"):
        if judged(role) and not getattr(agreement, role).name.strip():
            problems.append(FieldProblem(f"{role}.name", f"the {role}'s name is required"))
    if judged("start_date") or judged("end_date"):
        problems += check_dates(agreement.start_date, agreement.end_date)
    if judged("schedule"):
        problems += check_schedule(agreement.schedule)
    if judged("tentative_meetings"):
        for i, row in enumerate(agreement.tentative_meetings):
            problems += check_tentative_meeting(row, agreement, f"tentative_meetings[{i}]")
    if judged("goals"):
        for i, goal in enumerate(agreement.goals):
            problems += check_goal(goal, agreement, f"goals[{i}]")
    if judged("meetings"):
        for i, meeting in enumerate(agreement.meetings):
            problems += check_meeting(meeting, f"meetings[{i}]")
    if judged("evaluations"):
        for i, evaluation in enumerate(agreement.evaluations):
            problems += check_evaluation(evaluation, f"evaluations[{i}]")
    if judged("signatures"):
        for i, signature in enumerate(agreement.signatures):
            if not signature.name.strip():
                problems.append(FieldProblem(f"signatures[{i}].name", "a signature needs a name"))
    # The meeting log's texts are judged where they are written (the store refuses them).
    return problems + text_problems(agreement, meetings=False, only=only)


def goal_problems(agreement: Agreement, index: int) -> list[FieldProblem]:
    """The problems of one goal, as ``validate`` names them (``goals[i]…``): what the goal
    screen judges on every key, without going through the other 99 goals and 2,000 meetings."""
    goal, path = agreement.goals[index], f"goals[{index}]"
    problems = check_goal(goal, agreement, path)
    problems += [replace(p, path=f"{path}.{p.path}") for p in text_problems(goal)]
    if len(goal.milestones) > MAX_MILESTONES:
        problems.append(FieldProblem(f"{path}.milestones", too_many("milestones")))
    return problems


def errors(agreement: Agreement) -> list[FieldProblem]:
    """Only the problems that are errors, not hints."""
    return [p for p in validate(agreement) if p.severity is Severity.ERROR]


def require_valid(agreement: Agreement) -> Agreement:
    """Return the agreement, or raise ValidationError listing every error."""
    found = errors(agreement)
    if found:
        raise ValidationError(found)
    return agreement


def check_dates(start: date | None, end: date | None) -> list[FieldProblem]:
    """Start and end date: end after start; each missing one is a warning."""
    problems = []
    if start is None:
        problems.append(FieldProblem("start_date", "no start date yet", WARNING))
    if end is None:
        problems.append(FieldProblem("end_date", "an end date is recommended", WARNING))
    elif start is not None and end <= start:
        problems.append(FieldProblem("end_date", "the end date must be after the start date"))
    return problems


def check_schedule(schedule: Schedule, path: str = "schedule") -> list[FieldProblem]:
    """Meeting length and notice period are positive, and a range runs low to high."""
    problems = []
    low, high = schedule.length_min_minutes, schedule.length_max_minutes
    for name, value in (("length_min_minutes", low), ("length_max_minutes", high)):
        if value is not None and value <= 0:
            problems.append(FieldProblem(f"{path}.{name}", "a meeting length must be above 0"))
    if low is not None and high is not None and high < low:
        problems.append(FieldProblem(f"{path}.length_max_minutes", "the longest length is below the shortest"))
    if schedule.notice_hours is not None and schedule.notice_hours < 0:
        problems.append(FieldProblem(f"{path}.notice_hours", "notice cannot be negative"))
    return problems


def _outside(day: date | None, agreement: Agreement) -> bool:
    if day is None:
        return False
    if agreement.start_date is not None and day < agreement.start_date:
        return True
    return agreement.end_date is not None and day > agreement.end_date


def check_tentative_meeting(row: TentativeMeeting, agreement: Agreement, path: str) -> list[FieldProblem]:
    """A tentative meeting has a positive duration and falls within the agreement."""
    problems = []
    if row.duration_minutes is not None and row.duration_minutes <= 0:
        problems.append(FieldProblem(f"{path}.duration_minutes", "the duration must be above 0"))
    if row.when is not None and _outside(row.when.date(), agreement):
        problems.append(FieldProblem(f"{path}.when", "this date is outside the agreement's dates", WARNING))
    return problems


def check_goal(goal: Goal, agreement: Agreement, path: str) -> list[FieldProblem]:
    """A goal's title, target date, milestones, progress and ratings."""
    problems = []
    if not goal.title.strip():
        problems.append(FieldProblem(f"{path}.title", "a goal needs a title"))
    if _outside(goal.target_date, agreement):
        problems.append(FieldProblem(f"{path}.target_date", "the target date is outside the agreement", WARNING))
    for i, milestone in enumerate(goal.milestones):
        where = f"{path}.milestones[{i}]"
        if not milestone.title.strip():
            problems.append(FieldProblem(f"{where}.title", "a milestone needs a title"))
        if milestone.due and goal.target_date and milestone.due > goal.target_date:
            problems.append(FieldProblem(f"{where}.due", "this milestone is due after the goal's target date"))
    for i, entry in enumerate(goal.progress):
        if not 0 <= entry.percent <= 100:
            problems.append(FieldProblem(f"{path}.progress[{i}].percent", "progress must be from 0 to 100 %"))
    for name in ("baseline_rating", "final_rating"):
        rating = getattr(goal, name)
        if rating is not None and not 1 <= rating <= 5:
            problems.append(FieldProblem(f"{path}.{name}", "a rating must be from 1 to 5"))
    return problems


def smart_gaps(goal: Goal, agreement: Agreement) -> list[str]:
    """What keeps a goal from being SMART yet; a hint for the parties, never a block."""
    return [gap for _, gap in smart_gap_fields(goal, agreement)]


def smart_gap_fields(goal: Goal, agreement: Agreement) -> list[tuple[str, str]]:
    """Each SMART gap of a goal with the goal's field that mends it: (field, gap)."""
    gaps = []
    for name in ("specific", "measurable", "achievable", "relevant"):
        if not getattr(goal, name).strip():
            gaps.append((name, f"not yet {name}"))
    if goal.target_date is None:
        gaps.append(("target_date", "no target date (time-bound)"))
    elif _outside(goal.target_date, agreement):
        gaps.append(("target_date", "target date outside the agreement"))
    return gaps


def check_meeting(meeting: Meeting, path: str) -> list[FieldProblem]:
    """A meeting ends after it starts, and its entries are not empty."""
    problems = []
    if meeting.started_at and meeting.ended_at and meeting.ended_at < meeting.started_at:
        problems.append(FieldProblem(f"{path}.ended_at", "the meeting ends before it starts"))
    for i, action in enumerate(meeting.actions):
        if not action.text.strip():
            problems.append(FieldProblem(f"{path}.actions[{i}].text", "an action item needs text"))
    return problems


def check_evaluation(evaluation: Evaluation, path: str) -> list[FieldProblem]:
    """An extension needs a new end date after the day of the evaluation."""
    if evaluation.decision is not EvaluationDecision.EXTEND:
        return []
    if evaluation.new_end_date is None:
        return [FieldProblem(f"{path}.new_end_date", "an extension needs a new end date")]
    if evaluation.on and evaluation.new_end_date <= evaluation.on:
        return [FieldProblem(f"{path}.new_end_date", "the new end date must be after the evaluation")]
    return []


def missing(agreement: Agreement) -> list[FieldProblem]:
    """What the agreement still lacks before it is ready to sign: errors, hints, empty fields."""
    found = validate(agreement)
    for role in ("mentee", "mentor"):
        if getattr(agreement, role).career_stage is None:
            found.append(FieldProblem(f"{role}.career_stage", f"the {role}'s career stage", WARNING))
    if not agreement.mentorship_types:
        found.append(FieldProblem("mentorship_types", "the kind of mentorship", WARNING))
    if not agreement.goals:
        found.append(FieldProblem("goals", "at least one goal", WARNING))
    for i, goal in enumerate(agreement.goals):
        for name, gap in smart_gap_fields(goal, agreement):  # Enter on it opens the goal there
            found.append(FieldProblem(f"goals[{i}].{name}", f"goal {i + 1}: {gap}", WARNING))
    if not agreement.evaluation_metrics.strip():
        found.append(FieldProblem("evaluation_metrics", "how you will know the goals are met", WARNING))
    schedule = agreement.schedule
    if schedule.length_min_minutes is None and schedule.length_max_minutes is None:
        found.append(FieldProblem("schedule.length_min_minutes", "how long meetings last", WARNING))
    for name, what in (
        ("frequency", "how often you meet"),
        ("location", "where you meet"),
        ("notice_hours", "how much notice a cancellation needs"),
    ):
        if getattr(schedule, name) in (None, ""):
            found.append(FieldProblem(f"schedule.{name}", what, WARNING))
    for role in ("mentee", "mentor"):
        if not getattr(agreement, f"{role}_hopes").strip():
            found.append(FieldProblem(f"{role}_hopes", f"the {role}'s hoped-for outcome", WARNING))
    for clause in (*agreement.values, agreement.termination_clause):
        if not clause.agreed:
            found.append(FieldProblem(f"clause.{clause.key}.text", f"not yet agreed: {clause.title}", WARNING))
    return found
