"""Unit tests of two people opening one review apart: one review of a kind for a period, which
both write into, merged as the app merges their saves, nothing either typed lost; files that
already hold two copies of a review show both people's words."""

from __future__ import annotations

from datetime import date

import pytest

from mentortui.model import Agreement, Evaluation, EvaluationKind, GoalOutcome, Party, Reflection, Role, lifecycle
from mentortui.model.goal import Goal
from mentortui.model.merge import merge

AGREEMENT = Agreement(
    mentee=Party("Ana", handle="ana"),
    mentor=Party("Ben", handle="ben"),
    start_date=date(2026, 1, 5),
    end_date=date(2026, 12, 1),
    goals=(Goal(title="Publish"), Goal(title="Lead")),
)


def written(agreement: Agreement, kind: EvaluationKind, role: Role, worked: str) -> Agreement:
    """``agreement`` with ``worked`` typed into ``role``'s reflection of the review of ``kind``."""
    review = lifecycle.current_review(agreement, kind)
    reflections = tuple(r.edit(worked=worked) if r.role is role else r for r in review.reflections)
    return lifecycle.put_review(agreement, review.edit(reflections=reflections))


def saved_after(base: Agreement, theirs: Agreement, mine: Agreement) -> Agreement:
    """What the file holds once ``mine`` (started from ``base``) is saved after ``theirs``, as a
    review screen saves it: merged with theirs, ours winning a field both changed."""
    return merge(lifecycle.started_from(base, mine), theirs, mine)[0]


@pytest.mark.parametrize("kind", [EvaluationKind.END, EvaluationKind.MIDPOINT])
def test_a_review_opened_apart_is_one_review_with_both_peoples_words(kind: EvaluationKind) -> None:
    bens = written(AGREEMENT, kind, Role.MENTOR, "Clear goals")
    anas = written(AGREEMENT, kind, Role.MENTEE, "Fortnightly calls")
    assert anas.evaluations[0].id == bens.evaluations[0].id, "one review of a kind for a period"
    stored = saved_after(AGREEMENT, bens, anas)
    assert len([e for e in stored.evaluations if e.kind is kind]) == 1
    review = lifecycle.current_review(stored, kind)
    assert [(r.role, r.worked) for r in review.reflections] == [
        (Role.MENTEE, "Fortnightly calls"),
        (Role.MENTOR, "Clear goals"),
    ]
    # And the other way round: Ben's save lands after Ana's.
    assert lifecycle.current_review(saved_after(AGREEMENT, anas, bens), kind) == review


def test_both_keep_typing_into_the_review_they_share() -> None:
    bens = written(AGREEMENT, EvaluationKind.END, Role.MENTOR, "Clear")
    anas = written(AGREEMENT, EvaluationKind.END, Role.MENTEE, "Calls")
    stored = saved_after(AGREEMENT, bens, anas)
    ben_again = written(bens, EvaluationKind.END, Role.MENTOR, "Clear goals")
    stored = saved_after(bens, stored, ben_again)
    assert [r.worked for r in lifecycle.current_review(stored, EvaluationKind.END).reflections] == [
        "Calls",
        "Clear goals",
    ]


def test_a_review_recorded_before_its_first_save_keeps_the_other_partys_words() -> None:
    bens = written(AGREEMENT, EvaluationKind.MIDPOINT, Role.MENTOR, "Clear goals")
    anas = written(AGREEMENT, EvaluationKind.MIDPOINT, Role.MENTEE, "Calls")
    anas = lifecycle.record_midpoint(anas, anas.evaluations[0], date(2026, 6, 20))
    stored = saved_after(AGREEMENT, bens, anas)
    (review,) = lifecycle.recorded(stored, EvaluationKind.MIDPOINT)
    assert len(stored.evaluations) == 1
    assert [r.worked for r in review.reflections] == ["Calls", "Clear goals"]


def test_a_review_made_apart_with_nothing_typed_is_not_a_review_of_its_own() -> None:
    bens = written(AGREEMENT, EvaluationKind.END, Role.MENTOR, "Clear goals")
    opened = lifecycle.current_review(AGREEMENT, EvaluationKind.END)
    assert opened.id == lifecycle.current_review(bens, EvaluationKind.END).id


def test_each_period_and_each_round_has_its_own_review() -> None:
    end = lifecycle.current_review(AGREEMENT, EvaluationKind.END)
    half = lifecycle.current_review(AGREEMENT, EvaluationKind.MIDPOINT)
    extended = lifecycle.current_review(AGREEMENT.edit(end_date=date(2027, 6, 30)), EvaluationKind.END)
    assert len({end.id, half.id, extended.id}) == 3
    # Recorded, then reopened: the evaluation starts again under an id of its own, the same
    # for both people.
    done = AGREEMENT.edit(evaluations=(end.edit(on=date(2026, 12, 2)),))
    assert lifecycle.current_review(done, EvaluationKind.END).id not in (end.id, half.id, extended.id)
    assert (
        lifecycle.current_review(done, EvaluationKind.END).id == lifecycle.current_review(done, EvaluationKind.END).id
    )


def two_copies() -> Agreement:
    """A file as older versions left it: both opened the evaluation at once, each wrote in a copy."""
    lines = tuple(lifecycle.new_review(AGREEMENT, EvaluationKind.END).goals)
    bens = Evaluation(
        kind=EvaluationKind.END,
        goals=(lines[0].edit(outcome=GoalOutcome.MET, evidence="Accepted"), lines[1]),
        reflections=(Reflection(Role.MENTEE), Reflection(Role.MENTOR, worked="Clear goals", change="Shorter calls")),
        changes_agreed="Meet monthly",
    )
    anas = Evaluation(
        kind=EvaluationKind.END,
        goals=(lines[0], lines[1].edit(outcome=GoalOutcome.PARTLY_MET, final_rating=3)),
        reflections=(Reflection(Role.MENTEE, worked="Fortnightly calls"), Reflection(Role.MENTOR)),
        changes_agreed="Meet every two weeks",
    )
    return AGREEMENT.edit(evaluations=(bens, anas))


def test_a_file_holding_two_copies_opens_with_both_peoples_words() -> None:
    agreement = two_copies()
    review = lifecycle.current_review(agreement, EvaluationKind.END)
    assert [(r.role, r.worked, r.change) for r in review.reflections] == [
        (Role.MENTEE, "Fortnightly calls", ""),
        (Role.MENTOR, "Clear goals", "Shorter calls"),
    ]
    assert [(g.outcome, g.evidence, g.final_rating) for g in review.goals] == [
        (GoalOutcome.MET, "Accepted", None),
        (GoalOutcome.PARTLY_MET, "", 3),
    ]
    assert "Meet monthly" in review.changes_agreed and "Meet every two weeks" in review.changes_agreed
    assert lifecycle.draft_of(agreement, EvaluationKind.END) == review


def test_saving_the_review_of_two_copies_keeps_one_holding_both() -> None:
    agreement = two_copies()
    review = lifecycle.current_review(agreement, EvaluationKind.END)
    saved = lifecycle.put_review(agreement, review.edit(goals_adjusted="none"))
    (only,) = saved.evaluations
    assert only.id == agreement.evaluations[0].id
    assert [r.worked for r in only.reflections] == ["Fortnightly calls", "Clear goals"]
    assert lifecycle.current_review(saved, EvaluationKind.END) == only
