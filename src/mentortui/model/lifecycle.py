"""Provides the agreement's life after signing: mid-point review, end-date evaluation, decisions.

The decision at the end date extends the agreement (a new end date), completes it, or
dissolves it without blame. A completed or dissolved agreement is read-only until someone
reopens it; every decision is recorded in the agreement's history (``amendments``).
"""

from __future__ import annotations

from datetime import date, datetime, tzinfo
from typing import TypeVar

from .agreement import BOOKKEEPING_FIELDS, Agreement, Amendment, Termination
from .base import derived_id, field_names, replace
from .codec import to_data
from .enums import AgreementStatus, EvaluationDecision, EvaluationKind, Role
from .errors import FieldProblem, ValidationError
from .evaluation import Evaluation, GoalReview, Reflection
from .goal import Goal
from .signing import fully_signed

#: Statuses in which the agreement is over and read-only.
CLOSED = (AgreementStatus.COMPLETED, AgreementStatus.TERMINATED)
#: Fields a closed agreement may still change: its status and history (to reopen it).
LIFECYCLE_FIELDS = ("status", "amendments", "termination", *BOOKKEEPING_FIELDS)
#: Ratings people give themselves, baseline and final.
RATINGS = range(1, 6)
#: A review's part, folded with the same part of a copy of the review.
R = TypeVar("R", Evaluation, GoalReview, Reflection)
#: Progress readings beyond this many are shortened to the first, "…" and the latest ones.
GLANCE = 6


def is_closed(agreement: Agreement) -> bool:
    """True once the agreement was completed or dissolved: it is read-only until reopened."""
    return agreement.status in CLOSED


def midpoint(agreement: Agreement) -> date | None:
    """The day halfway from the start date to the (current) end date."""
    return halfway(agreement.start_date, agreement.end_date)


def halfway(start: date | None, end: date | None) -> date | None:
    """The day halfway from ``start`` to ``end`` (None unless both are set, in order)."""
    if start is None or end is None or end <= start:
        return None
    return start + (end - start) / 2


def recorded(agreement: Agreement, kind: EvaluationKind) -> list[Evaluation]:
    """The reviews of this kind that were recorded (drafts are not), oldest first."""
    return [e for e in agreement.evaluations if e.kind is kind and e.on is not None]


def drafts_of(agreement: Agreement, kind: EvaluationKind) -> list[Evaluation]:
    """Every review of this kind being written and not yet recorded: one, or several where
    older versions let two people who opened it at once each start a copy."""
    return [e for e in agreement.evaluations if e.kind is kind and e.on is None]


def draft_of(agreement: Agreement, kind: EvaluationKind) -> Evaluation | None:
    """The review of this kind being written and not yet recorded, if any: copies of it
    (see `drafts_of`) are read as one, under the first one's id, holding what each says."""
    drafts = drafts_of(agreement, kind)
    return folded(drafts[0], drafts[1:]) if drafts else None


def folded(review: Evaluation, copies: list[Evaluation]) -> Evaluation:
    """``review`` holding what its ``copies`` say too: a field empty in one is taken from
    another, and texts that differ are both kept, one after the other (a choice, which cannot
    hold two, stays the first one made)."""
    for copy in copies:
        lines = {line.goal_id: line for line in copy.goals}
        words = {r.role: r for r in copy.reflections}
        goals = tuple(_folded_record(line, lines.pop(line.goal_id, None)) for line in review.goals)
        reflections = tuple(_folded_record(r, words.pop(r.role, None)) for r in review.reflections)
        review = _folded_record(
            review.edit(goals=(*goals, *lines.values()), reflections=(*reflections, *words.values())),
            copy,
            ("changes_agreed", "goals_adjusted"),
        )
    return review


def _folded_record(mine: R, other: R | None, names: tuple[str, ...] | None = None) -> R:
    """``mine`` with each field (of ``names``, else all but keys) filled from ``other``."""
    if other is None:
        return mine
    changes: dict[str, object] = {}
    for name in names or [n for n in field_names(mine) if n not in ("goal_id", "role", "id")]:
        kept, more = getattr(mine, name), getattr(other, name)
        if more in (None, "") or more == kept:
            continue
        if kept in (None, ""):
            changes[name] = more
        elif isinstance(kept, str) and isinstance(more, str):
            changes[name] = more if more.startswith(kept) else kept if kept.startswith(more) else f"{kept}\n\n{more}"
    return replace(mine, **changes) if changes else mine


def covering_evaluation(agreement: Agreement) -> Evaluation | None:
    """The end-date evaluation recorded on or after the (current) mid-point, if any: after an
    extension it already reviewed the period up to that mid-point."""
    half = midpoint(agreement)
    if half is None:
        return None
    return next((e for e in recorded(agreement, EvaluationKind.END) if e.on is not None and e.on >= half), None)


def midpoint_covered(agreement: Agreement) -> bool:
    """True once the mid-point needs no review: one was recorded, or an end-date evaluation
    recorded on or after the mid-point (an extended agreement's) already reviewed the period."""
    return bool(recorded(agreement, EvaluationKind.MIDPOINT)) or covering_evaluation(agreement) is not None


def midpoint_offered(agreement: Agreement, today: date) -> bool:
    """The mid-point review is offered from the mid-point to the end date, until one is recorded
    (or an end-date evaluation covered the mid-point)."""
    half, end = midpoint(agreement), agreement.end_date
    return (
        not is_closed(agreement)
        and half is not None
        and end is not None  # (there is no mid-point without an end date)
        and half <= today < end
        and not midpoint_covered(agreement)
    )


def evaluation_offered(agreement: Agreement, today: date) -> bool:
    """The end-date evaluation is offered from the end date on, while the agreement is open."""
    end = agreement.end_date
    return not is_closed(agreement) and end is not None and today >= end


def review_id(agreement: Agreement, kind: EvaluationKind) -> str:
    """The id of the review of this kind started now for the agreement's period (its start
    and end dates): the same for both people who open it, so they write into one review. A
    period's second round (after reopening) takes the next id no review holds yet."""
    period = [d.isoformat() if d else "" for d in (agreement.start_date, agreement.end_date)]
    taken = {e.id for e in agreement.evaluations}
    round_ = 1
    while (found := derived_id("review", kind.value, *period, str(round_))) in taken:
        round_ += 1
    return found


def new_review(agreement: Agreement, kind: EvaluationKind) -> Evaluation:
    """A blank review of this kind: a line for each goal and a reflection for each party.

    Its id follows from the kind and the period (see `review_id`)."""
    return Evaluation(
        kind=kind,
        goals=tuple(GoalReview(goal_id=g.id) for g in agreement.goals),
        reflections=tuple(Reflection(role=role) for role in Role),
        id=review_id(agreement, kind),
    )


def blank(review: Evaluation) -> Evaluation:
    """The review as it was started, before anyone wrote in it: its id, kind, goal lines and
    parties, nothing typed."""
    return Evaluation(
        kind=review.kind,
        goals=tuple(GoalReview(goal_id=line.goal_id) for line in review.goals),
        reflections=tuple(Reflection(role=r.role) for r in review.reflections),
        id=review.id,
    )


def started_from(base: Agreement, mine: Agreement) -> Agreement:
    """``base`` holding, blank, each review ``mine`` started since: what ``mine`` was made from.

    Two people who open a review apart start it under one id (`review_id`); merging one's
    save with the other's from this base merges the review field by field (each one's
    reflection kept) instead of taking one whole copy for the other's; that holds too for a
    review recorded (or decided) here before its first save landed.
    """
    known = {e.id for e in base.evaluations}
    started = tuple(blank(e) for e in mine.evaluations if e.id not in known)
    return base.edit(evaluations=(*base.evaluations, *started)) if started else base


def synced(agreement: Agreement, review: Evaluation) -> Evaluation:
    """A draft brought up to date: a line for each goal now in the agreement, in its order,
    and a reflection for each party. Lines of goals removed since are dropped."""
    lines = {line.goal_id: line for line in review.goals}
    goals = tuple(lines.get(g.id, GoalReview(goal_id=g.id)) for g in agreement.goals)
    by_role = {r.role: r for r in review.reflections}
    reflections = tuple(by_role.get(role, Reflection(role=role)) for role in Role)
    return review.edit(goals=goals, reflections=reflections)


def current_review(agreement: Agreement, kind: EvaluationKind) -> Evaluation:
    """The draft of this kind, brought up to date with the goals; a new one when there is none."""
    return synced(agreement, draft_of(agreement, kind) or new_review(agreement, kind))


def put_review(agreement: Agreement, review: Evaluation) -> Agreement:
    """The agreement with this review added, or replacing the one with its id (saving a draft).

    A draft read as one with its copies (`draft_of`) replaces them too: it holds what they said.
    """
    ensure_open(agreement)
    drafts = drafts_of(agreement, review.kind)
    copies = {e.id for e in drafts[1:]} if drafts and drafts[0].id == review.id else set()
    kept = tuple(e for e in agreement.evaluations if e.id not in copies)
    if all(e.id != review.id for e in kept):
        return agreement.edit(evaluations=(*kept, review))
    return agreement.edit(evaluations=tuple(review if e.id == review.id else e for e in kept))


def _parties(agreement: Agreement) -> tuple[str, ...]:
    return tuple(p.name.strip() for p in (agreement.mentee, agreement.mentor) if p.name.strip())


def _written(review: Evaluation) -> bool:
    texts = [review.changes_agreed, review.goals_adjusted]
    texts += [t for r in review.reflections for t in (r.worked, r.change)]
    return any(t.strip() for t in texts)


def record_midpoint(agreement: Agreement, review: Evaluation, on: date) -> Agreement:
    """Record the mid-point review as written, dated ``on``."""
    if not _written(review):
        raise ValidationError([FieldProblem("reflections", "write what is working or not before recording the review")])
    return put_review(agreement, review.edit(kind=EvaluationKind.MIDPOINT, on=on, by=_parties(agreement)))


def check_outcomes(agreement: Agreement, review: Evaluation) -> list[FieldProblem]:
    """Every goal needs an outcome, and a final rating is from 1 to 5."""
    problems = []
    titles = {g.id: g.title.strip() or "(untitled)" for g in agreement.goals}
    for i, line in enumerate(review.goals):
        if line.outcome is None:
            title = titles.get(line.goal_id, "?")
            problems.append(FieldProblem(f"goals[{i}].outcome", f"choose met, partly met or not met for “{title}”"))
        if line.final_rating is not None and line.final_rating not in RATINGS:
            problems.append(FieldProblem(f"goals[{i}].final_rating", "a rating is from 1 to 5"))
    return problems


def check_choice(
    agreement: Agreement, decision: EvaluationDecision | None, on: date, new_end_date: date | None
) -> list[FieldProblem]:
    """A decision is taken from the end date on, and is needed; completing needs at least one
    signature; an extension needs a new end date after the current one and today.

    The same holds after reopening: ending early and reopening opens no way round the end date.
    """
    end = agreement.end_date
    if end is None:
        return [
            FieldProblem("decision", "set an end date first: the end-date evaluation is offered from the end date on")
        ]
    if on < end:
        return [
            FieldProblem(
                "decision",
                f"the end-date evaluation is offered from {end.isoformat()} on, so nothing can be decided "
                "before then: to stop sooner, end the agreement early, without blame",
            )
        ]
    if decision is None:
        return [FieldProblem("decision", "choose extend, complete or dissolve")]
    if decision is EvaluationDecision.COMPLETE and not agreement.signatures:
        return [
            FieldProblem(
                "decision",
                "nobody signed this agreement, so it cannot be completed: sign it first, or dissolve it without blame",
            )
        ]
    if decision is not EvaluationDecision.EXTEND:
        return []
    latest = max(end, on)
    if new_end_date is None:
        return [FieldProblem("new_end_date", "an extension needs a new end date")]
    if new_end_date <= latest:
        return [FieldProblem("new_end_date", f"the new end date must be after {latest.isoformat()}")]
    return []


def check_decision(
    agreement: Agreement,
    review: Evaluation,
    decision: EvaluationDecision | None,
    on: date,
    new_end_date: date | None,
) -> list[FieldProblem]:
    """What stops this decision: a goal without an outcome, a day before the end date, a
    completion nobody signed, an extension without a later date."""
    return check_outcomes(agreement, review) + check_choice(agreement, decision, on, new_end_date)


def decide(
    agreement: Agreement,
    review: Evaluation,
    decision: EvaluationDecision | None,
    on: date,
    by: str,
    at: datetime,
    new_end_date: date | None = None,
) -> Agreement:
    """Record the end-date evaluation with its decision, and apply the decision.

    Extend: the new end date holds and the agreement continues (status extended).
    Complete: the agreement is completed. Dissolve: it ends without blame (terminated).
    The final self-ratings are copied to the goals. Raises ValidationError, naming the fields.
    """
    ensure_open(agreement)
    ensure_undecided(agreement, review)
    problems = check_decision(agreement, review, decision, on, new_end_date)
    if problems:
        raise ValidationError(problems)
    ratings = {line.goal_id: line.final_rating for line in review.goals if line.final_rating is not None}
    goals = tuple(g.edit(final_rating=ratings[g.id]) if g.id in ratings else g for g in agreement.goals)
    done = review.edit(
        kind=EvaluationKind.END,
        on=on,
        by=_parties(agreement),
        decision=decision,
        new_end_date=new_end_date if decision is EvaluationDecision.EXTEND else None,
    )
    changed = put_review(agreement, done).edit(goals=goals)
    if decision is EvaluationDecision.EXTEND:
        assert new_end_date is not None  # check_choice refuses an extension without one
        old = agreement.end_date.isoformat() if agreement.end_date else "no end date"
        note = _history(
            at,
            by,
            "extend",
            ("end_date",),
            f"extended from {old} to {new_end_date.isoformat()} at the end-date evaluation",
        )
        return changed.edit(
            end_date=new_end_date, status=AgreementStatus.EXTENDED, amendments=(*changed.amendments, note)
        )
    if decision is EvaluationDecision.COMPLETE:
        note = _history(at, by, "complete", ("status",), "completed at the end-date evaluation")
        return changed.edit(status=AgreementStatus.COMPLETED, amendments=(*changed.amendments, note))
    reason = "dissolved without blame at the end-date evaluation"
    return _end(
        changed,
        Termination(on=on, by=by, reason=reason),
        _history(at, by, "dissolve", ("status", "termination"), reason),
    )


def ensure_undecided(agreement: Agreement, review: Evaluation) -> None:
    """Raise ValidationError when ``review``, or the review with its id in ``agreement``, was
    already decided: a decision is never taken over another one (it replaced it whole)."""
    stored = next((e for e in agreement.evaluations if e.id == review.id), None)
    done = stored if stored is not None and stored.on is not None else review
    if done.on is not None:
        words = decision_text(done) or "recorded"
        raise ValidationError(
            [FieldProblem("decision", f"this evaluation was already decided on {done.on.isoformat()}: {words}")]
        )


#: The kinds of history entry that decide an agreement's period or end it.
DECIDING = ("extend", "complete", "dissolve", "terminate")


def decided_since(known: Agreement, current: Agreement) -> str | None:
    """What someone decided about the agreement's life in ``current`` since ``known`` (an
    end-date decision, an early end), in words naming who, what and any new end date:
    "Ben Okafor (ben) decided first: it was extended from 2026-11-01 to 2027-06-30 at the
    end-date evaluation"; None when nothing was."""
    seen = {a.id for a in known.amendments}
    news = [a for a in current.amendments if a.id not in seen and a.kind in DECIDING]
    if not news:
        if is_closed(current) and not is_closed(known):
            return f"the agreement was {closed_since(current)} meanwhile"
        return None
    last = news[-1]
    when = f" on {last.at.date().isoformat()}" if last.at else ""
    return f"{who_is(current, last.by)} decided first{when}: it was {last.summary}"


def decided_by(agreement: Agreement) -> str | None:
    """Who took the last end-date decision (extend, complete, dissolve), as the agreement
    names them ("Ben Okafor (ben)"); None when its history does not say."""
    last = next((a for a in reversed(agreement.amendments) if a.kind in DECIDING[:3]), None)
    return who_is(agreement, last.by) if last is not None and last.by else None


def who_is(agreement: Agreement, handle: str) -> str:
    """A person named by their handle, as the agreement names them: "Ben Okafor (ben)"."""
    if not handle:
        return "someone"
    for party in (agreement.mentee, agreement.mentor):
        if party.handle == handle and party.name.strip():
            return f"{party.name.strip()} ({handle})"
    return handle


def terminate(agreement: Agreement, on: date, by: str, at: datetime, reason: str = "") -> Agreement:
    """End the agreement early without blame, as its termination clause allows; it becomes read-only."""
    ensure_open(agreement)
    reason = reason.strip()
    summary = "ended without blame" + (f": {reason}" if reason else "")
    note = _history(at, by, "terminate", ("status", "termination"), summary)
    return _end(agreement, Termination(on=on, by=by, reason=reason), note)


def _end(agreement: Agreement, termination: Termination, note: Amendment) -> Agreement:
    return agreement.edit(
        status=AgreementStatus.TERMINATED,
        termination=termination,
        amendments=(*agreement.amendments, note),
    )


def reopen(agreement: Agreement, by: str, at: datetime, reason: str = "") -> Agreement:
    """Open a completed or dissolved agreement again; the reopening is recorded with its reason.

    It returns to active when both signatures still cover it, extended when it was extended,
    and otherwise to amended (it needs signing again) or draft (it was never signed).
    """
    if not is_closed(agreement):
        raise ValidationError([FieldProblem("status", f"the agreement is {agreement.status.value}, not closed")])
    was = agreement.status.value
    if agreement.termination is not None and agreement.termination.on:
        was += f" on {agreement.termination.on.isoformat()}"
    reason = reason.strip()
    summary = f"reopened (was {was})" + (f": {reason}" if reason else "")
    if fully_signed(agreement):
        status = AgreementStatus.ACTIVE
    elif any(a.kind == "extend" for a in agreement.amendments):
        status = AgreementStatus.EXTENDED
    elif agreement.signatures:
        status = AgreementStatus.AMENDED
    else:
        status = AgreementStatus.DRAFT
    note = _history(at, by, "reopen", ("status",), summary)
    evaluations = agreement.evaluations
    done = recorded(agreement, EvaluationKind.END)
    if done and draft_of(agreement, EvaluationKind.END) is None:
        # The evaluation starts again from the one that closed it (which stays recorded, in
        # the history): outcomes, evidence, ratings and reflections, not its decision.
        last = done[-1]
        again = replace(
            last, id=review_id(agreement, EvaluationKind.END), on=None, by=(), decision=None, new_end_date=None
        )
        evaluations = (*evaluations, synced(agreement, again))
    return agreement.edit(
        status=status, termination=None, evaluations=evaluations, amendments=(*agreement.amendments, note)
    )


def _history(at: datetime, by: str, kind: str, fields: tuple[str, ...], summary: str) -> Amendment:
    return Amendment(at=at, by=by, fields=fields, summary=summary, kind=kind)


def closed_since(agreement: Agreement) -> str:
    """How the agreement closed, for messages: "completed on 2026-12-18"."""
    last = next((a for a in reversed(agreement.amendments) if a.kind in ("complete", "dissolve", "terminate")), None)
    when = f" on {last.at.date().isoformat()}" if last is not None and last.at else ""
    return f"{agreement.status.value}{when}"


def ensure_open(agreement: Agreement) -> None:
    """Raise ValidationError when the agreement is closed (read-only)."""
    if is_closed(agreement):
        raise ValidationError(
            [FieldProblem("status", f"this agreement was {closed_since(agreement)}; reopen it to change it")]
        )


def closed_change(old: Agreement, new: Agreement) -> str | None:
    """Why ``new`` may not replace ``old``: a closed agreement changes only by being reopened."""
    if not is_closed(old):
        return None
    before, after = to_data(old), to_data(new)
    for name in LIFECYCLE_FIELDS:
        before.pop(name)
        after.pop(name)
    if not is_closed(new):  # reopened: it may start a new evaluation draft, nothing else
        kept = [e for e in after["evaluations"] if e["on"] is not None or e in before["evaluations"]]
        if len(after["evaluations"]) - len(kept) <= 1:
            after["evaluations"] = kept
    if before == after:
        return None
    return f"This agreement was {closed_since(old)} and is read-only: reopen it to change it."


def decision_text(review: Evaluation) -> str | None:
    """What an end-date evaluation decided, in words ("extended to 2027-06-30"); None if undecided."""
    if review.decision is EvaluationDecision.EXTEND:
        if review.new_end_date is None:
            return "extended (no new end date recorded)"
        return f"extended to {review.new_end_date.isoformat()}"
    if review.decision is EvaluationDecision.COMPLETE:
        return "completed"
    if review.decision is EvaluationDecision.DISSOLVE:
        return "dissolved without blame"
    return None


def progress_glance(goal: Goal, upto: date | None = None, tz: tzinfo | None = None) -> str | None:
    """A goal's progress readings up to a day (in ``tz``) in one line: "20 % → 55 % → 80 %"."""
    shown = [
        f"{entry.percent} %"
        for entry in goal.progress
        if entry.at is None or upto is None or entry.at.astimezone(tz).date() <= upto
    ]
    if len(shown) > GLANCE:
        shown = [shown[0], "…", *shown[-(GLANCE - 2) :]]
    return " → ".join(shown) or None
