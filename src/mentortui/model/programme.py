"""Provides programme_report: a coordinator's figures for every pair over a period, and totals.

Per pair: status, signed, meetings held in the period against the agreed cadence, days since
the last one, goals met / overdue / on track, mid-point review and evaluation done, and the
meetings held in each month. Nothing of a meeting's notes is read, private or not.

A pair *keeps its cadence* when it held at least `KEPT_SHARE` of the meetings its regular
frequency gives for the part of the period it ran (free-text frequencies have no count).
"""

from __future__ import annotations

import math
from datetime import date, tzinfo

from .agreement import (
    Agreement,
    default_disclaimer,
    default_termination_clause,
    default_values,
)
from .base import Record, field
from .enums import AgreementStatus, EvaluationKind, GoalOutcome, MeetingStatus
from .lifecycle import recorded
from .schedule import meeting_dates, regular_frequency
from .signing import fully_signed

#: The share of the expected meetings a pair holds to keep its cadence.
KEPT_SHARE = 0.8

#: The statuses of a pair under way.
ACTIVE = (AgreementStatus.ACTIVE, AgreementStatus.AMENDED, AgreementStatus.EXTENDED)

#: A month's bar by the number of meetings held in it (four or more: full).
BARS = "·▂▄▆█"


class PairFigures(Record, frozen=True):
    """One pair's figures over the period."""

    id: str
    title: str
    status: str
    signed: bool
    held: int
    expected: int | None
    keeps_cadence: bool | None
    days_since_last: int | None
    goals_met: int
    goals_overdue: int
    goals_on_track: int
    midpoint_done: bool
    evaluation_done: bool
    #: Meetings held in each month of the period, oldest first.
    per_month: tuple[int, ...] = ()

    @property
    def bars(self) -> str:
        """The months as a row of bars (· none, █ four or more)."""
        return "".join(BARS[min(count, len(BARS) - 1)] for count in self.per_month)


class ProgrammeReport(Record, frozen=True):
    """Every pair's figures, and the programme's totals."""

    start: date
    end: date
    pairs: tuple[PairFigures, ...] = ()
    #: Goal outcomes at the latest end-date evaluations: met, partly met, not met.
    outcomes: dict[str, int] = field(default_factory=dict)
    extensions: int = 0
    dissolutions: int = 0

    @property
    def active(self) -> int:
        return sum(p.status in {s.value for s in ACTIVE} for p in self.pairs)

    @property
    def cadence_share(self) -> float | None:
        """The share of the pairs with a countable cadence that kept it (None when none has one)."""
        counted = [p.keeps_cadence for p in self.pairs if p.keeps_cadence is not None]
        return sum(counted) / len(counted) if counted else None


def months(start: date, end: date) -> list[tuple[int, int]]:
    """(year, month) of every month from ``start`` to ``end``."""
    found, year, month = [], start.year, start.month
    while (year, month) <= (end.year, end.month):
        found.append((year, month))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return found


def pair_figures(agreement: Agreement, start: date, end: date, zone: tzinfo) -> PairFigures:
    """One agreement's figures from ``start`` to ``end`` (both included), days in ``zone``."""
    held_days = sorted(
        when.astimezone(zone).date()
        for m in agreement.meetings
        if m.status is MeetingStatus.HELD and (when := m.when) is not None
    )
    in_period = [d for d in held_days if start <= d <= end]
    expected = None
    ran_from = max(start, agreement.start_date) if agreement.start_date else None
    ran_to = min(end, agreement.end_date) if agreement.end_date else end
    if ran_from and ran_from <= ran_to and regular_frequency(agreement.schedule.frequency):
        expected = len(meeting_dates(ran_from, ran_to, agreement.schedule.frequency))
    keeps = None if not expected else len(in_period) >= math.floor(KEPT_SHARE * expected)
    before_end = [d for d in held_days if d <= end]
    evaluations = recorded(agreement, EvaluationKind.END)
    outcome = {r.goal_id: r.outcome for r in evaluations[-1].goals} if evaluations else {}
    met = overdue = on_track = 0
    for goal in agreement.goals:
        if outcome.get(goal.id) is GoalOutcome.MET or (goal.id not in outcome and goal.current_percent >= 100):
            met += 1
        elif goal.target_date is not None and goal.target_date < end:
            overdue += 1
        else:
            on_track += 1
    counts = {key: 0 for key in months(start, end)}
    for day in in_period:
        counts[(day.year, day.month)] += 1
    return PairFigures(
        id=agreement.id,
        title=agreement.display_title,
        status=agreement.status.value,
        signed=fully_signed(agreement),
        held=len(in_period),
        expected=expected,
        keeps_cadence=keeps,
        days_since_last=(end - before_end[-1]).days if before_end else None,
        goals_met=met,
        goals_overdue=overdue,
        goals_on_track=on_track,
        midpoint_done=bool(recorded(agreement, EvaluationKind.MIDPOINT)),
        evaluation_done=bool(evaluations),
        per_month=tuple(counts.values()),
    )


def programme_report(agreements: list[Agreement], start: date, end: date, zone: tzinfo) -> ProgrammeReport:
    """The report of ``agreements`` over the period."""
    outcomes = {o.value: 0 for o in GoalOutcome}
    extensions = dissolutions = 0
    for agreement in agreements:
        if evaluations := recorded(agreement, EvaluationKind.END):
            for review in evaluations[-1].goals:
                if review.outcome is not None:
                    outcomes[review.outcome.value] += 1
        for note in agreement.amendments:
            moment = note.at.astimezone(zone).date() if note.at else None
            if moment is not None and not start <= moment <= end:
                continue
            extensions += note.kind == "extend"
            dissolutions += note.kind in ("dissolve", "terminate")
    return ProgrammeReport(
        start=start,
        end=end,
        pairs=tuple(pair_figures(a, start, end, zone) for a in agreements),
        outcomes=outcomes,
        extensions=extensions,
        dissolutions=dissolutions,
    )


class ProgrammeDefaults(Record, frozen=True):
    """What a coordinator sets for new agreements to start from (None or "": the app's own).

    An agreement takes them when it is created; what it signed is its own from then on, so
    changing a default changes no existing agreement.
    """

    disclaimer: str | None = None
    termination_clause: str | None = None
    #: Each values clause's text by its key (mutual-respect …); a key not named keeps the app's.
    values: tuple[tuple[str, str], ...] = ()
    frequency: str = ""
    length_min_minutes: int | None = None
    length_max_minutes: int | None = None
    notice_hours: int | None = None


def with_defaults(agreement: Agreement, defaults: ProgrammeDefaults) -> Agreement:
    """A new agreement as the programme's defaults start it (its own values win where set)."""
    schedule = agreement.schedule
    changes: dict[str, object] = {}
    if defaults.disclaimer and agreement.disclaimer == default_disclaimer():
        changes["disclaimer"] = agreement.disclaimer.edit(text=defaults.disclaimer)
    if defaults.termination_clause and agreement.termination_clause == default_termination_clause():
        changes["termination_clause"] = agreement.termination_clause.edit(text=defaults.termination_clause)
    if defaults.values:
        texts, own = dict(defaults.values), {c.key: c for c in default_values()}
        changes["values"] = tuple(
            c.edit(text=texts[c.key]) if texts.get(c.key) and c == own.get(c.key) else c for c in agreement.values
        )
    changes["schedule"] = schedule.edit(
        frequency=schedule.frequency or defaults.frequency,
        length_min_minutes=schedule.length_min_minutes
        if schedule.length_min_minutes is not None
        else defaults.length_min_minutes,
        length_max_minutes=schedule.length_max_minutes
        if schedule.length_max_minutes is not None
        else defaults.length_max_minutes,
        notice_hours=schedule.notice_hours if schedule.notice_hours is not None else defaults.notice_hours,
    )
    return agreement.edit(**changes)


def check_defaults(defaults: ProgrammeDefaults, value_keys: tuple[str, ...]) -> list[str]:
    """What is wrong with these defaults, a sentence each (empty: nothing)."""
    problems = [
        f"no values clause {key!r}: use one of {', '.join(value_keys)}"
        for key, _ in defaults.values
        if key not in value_keys
    ]
    low, high = defaults.length_min_minutes, defaults.length_max_minutes
    for name, number in (("shortest length", low), ("longest length", high), ("notice", defaults.notice_hours)):
        if number is not None and not 0 < number <= 10_000:
            problems.append(f"the {name} must be a positive number")
    if low is not None and high is not None and high < low:
        problems.append("the longest length is shorter than the shortest")
    return problems
