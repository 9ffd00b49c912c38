"""Unit tests of the rules around the end-date decision and the mid-point review: no decision
before the end date, no completion of an agreement nobody signed (also after reopening), what
the mid-point review says once the end date has passed, and no mid-point review for a period
an end-date evaluation already covered."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from mentortui.model import (
    Agreement,
    AgreementStatus,
    EvaluationDecision,
    EvaluationKind,
    Goal,
    GoalOutcome,
    Party,
    Role,
    ValidationError,
    lifecycle,
)
from mentortui.model.reviews import END, opening
from mentortui.model.signing import sign

AT = datetime(2026, 12, 7, 10, 0, tzinfo=UTC)
START, END_DATE = date(2026, 3, 1), date(2027, 3, 1)
TODAY = date(2026, 12, 7)  # after the mid-point, before the end date


def draft() -> Agreement:
    """An agreement nobody signed, from 2026-03-01 to 2027-03-01, with one goal."""
    return Agreement(
        title="Ana ↔ Ben",
        mentee=Party(name="Ana Silva"),
        mentor=Party(name="Ben Okafor"),
        start_date=START,
        end_date=END_DATE,
        goals=(Goal(title="Certify"),),
    )


def signed() -> Agreement:
    agreement = sign(draft(), Role.MENTEE, "Ana Silva", AT)
    return sign(agreement, Role.MENTOR, "Ben Okafor", AT)


def evaluated(agreement: Agreement):
    review = lifecycle.current_review(agreement, EvaluationKind.END)
    return review.edit(goals=tuple(line.edit(outcome=GoalOutcome.MET) for line in review.goals))


def problems(agreement: Agreement, decision: EvaluationDecision, on: date, new_end: date | None = None):
    return [(p.path, p.sentence) for p in lifecycle.check_choice(agreement, decision, on, new_end)]


BEFORE_THE_END = (
    "decision",
    "The end-date evaluation is offered from 2027-03-01 on, so nothing can be decided before then: "
    "to stop sooner, end the agreement early, without blame.",
)
NOBODY_SIGNED = (
    "decision",
    "Nobody signed this agreement, so it cannot be completed: sign it first, or dissolve it without blame.",
)


@pytest.mark.parametrize("decision", list(EvaluationDecision))
def test_nothing_is_decided_before_the_end_date(decision):
    assert problems(signed(), decision, TODAY, date(2027, 6, 1)) == [BEFORE_THE_END]
    with pytest.raises(ValidationError) as raised:
        lifecycle.decide(signed(), evaluated(signed()), decision, TODAY, "ana", AT, date(2027, 6, 1))
    assert [(p.path, p.sentence) for p in raised.value.problems] == [BEFORE_THE_END]
    assert problems(signed(), decision, END_DATE, date(2027, 6, 1)) == []


def test_an_agreement_nobody_signed_cannot_be_completed_even_at_the_end_date():
    assert problems(draft(), EvaluationDecision.COMPLETE, END_DATE) == [NOBODY_SIGNED]
    with pytest.raises(ValidationError):
        lifecycle.decide(draft(), evaluated(draft()), EvaluationDecision.COMPLETE, END_DATE, "ana", AT)
    # Dissolving it, or extending it (which then asks both to sign), stays possible.
    assert problems(draft(), EvaluationDecision.DISSOLVE, END_DATE) == []
    assert problems(draft(), EvaluationDecision.EXTEND, END_DATE, date(2027, 6, 1)) == []
    # One signature is enough to say it was agreed.
    half_signed = sign(draft(), Role.MENTEE, "Ana Silva", AT)
    assert problems(half_signed, EvaluationDecision.COMPLETE, END_DATE) == []


def test_after_ending_early_and_reopening_the_same_rules_hold():
    """The tester's path: a draft ended early (x), reopened (ctrl+o), then "completed"."""
    ended = lifecycle.terminate(draft(), TODAY, "ana", AT, "Moved abroad")
    reopened = lifecycle.reopen(ended, "ana", AT)
    assert reopened.status is AgreementStatus.DRAFT
    with pytest.raises(ValidationError) as raised:
        lifecycle.decide(reopened, evaluated(reopened), EvaluationDecision.COMPLETE, TODAY, "ana", AT)
    assert [(p.path, p.sentence) for p in raised.value.problems] == [BEFORE_THE_END]
    with pytest.raises(ValidationError) as raised:
        lifecycle.decide(reopened, evaluated(reopened), EvaluationDecision.COMPLETE, END_DATE, "ana", AT)
    assert [(p.path, p.sentence) for p in raised.value.problems] == [NOBODY_SIGNED]


def test_without_an_end_date_nothing_is_decided():
    assert problems(signed().edit(end_date=None), EvaluationDecision.COMPLETE, TODAY) == [
        ("decision", "Set an end date first: the end-date evaluation is offered from the end date on.")
    ]


def test_after_the_end_date_the_mid_point_review_points_to_the_evaluation():
    why_not = opening(signed(), date(2027, 3, 2), "midpoint").why_not
    assert why_not == (
        "The mid-point review is offered only until the end date (2027-03-01), which has passed: "
        "the end-date evaluation is open instead (v on the list, or “End-date evaluation” in the palette)."
    )


def test_once_an_evaluation_covered_the_mid_point_no_mid_point_review_is_offered():
    agreement = signed()
    extended = lifecycle.decide(
        agreement, evaluated(agreement), EvaluationDecision.EXTEND, END_DATE, "ana", AT, date(2027, 9, 1)
    )
    later = date(2027, 4, 1)  # past the new mid-point (2026-11-30), before the new end date
    assert lifecycle.midpoint(extended) == date(2026, 11, 30)
    assert not lifecycle.midpoint_offered(extended, later)
    assert lifecycle.midpoint_covered(extended)
    assert opening(extended, later) == END  # the evaluation that decided the extension
    assert opening(extended, later, "midpoint").why_not == (
        "The end-date evaluation of 2027-03-01 already reviewed this period, past its mid-point "
        "(2026-11-30): the next review is the end-date evaluation on 2027-09-01."
    )
    # Extended far enough, the new period has a mid-point of its own after that evaluation.
    far = lifecycle.decide(
        agreement, evaluated(agreement), EvaluationDecision.EXTEND, END_DATE, "ana", AT, date(2028, 9, 1)
    )
    assert lifecycle.midpoint(far) == date(2027, 6, 1)
    assert not lifecycle.midpoint_covered(far)
    assert lifecycle.midpoint_offered(far, date(2027, 6, 1))


def test_the_dashboard_does_not_ask_for_a_mid_point_review_an_evaluation_covered():
    from mentortui.model.summary import digest

    agreement = signed()
    extended = lifecycle.decide(
        agreement, evaluated(agreement), EvaluationDecision.EXTEND, END_DATE, "ana", AT, date(2027, 9, 1)
    )
    assert digest(extended, AT).midpoint_recorded, "the status line nagged for a reviewed period"
    far = lifecycle.decide(
        agreement, evaluated(agreement), EvaluationDecision.EXTEND, END_DATE, "ana", AT, date(2028, 9, 1)
    )
    assert not digest(far, AT).midpoint_recorded, "a new period's own mid-point is still asked for"


def test_a_closed_agreements_mid_point_review_says_where_to_look_instead():
    ended = lifecycle.terminate(signed(), TODAY, "ana", AT, "Moved abroad")
    assert opening(ended, TODAY, "midpoint").why_not == (
        "No mid-point review was recorded, and the agreement was terminated on 2026-12-07: "
        "its end-date evaluation shows how it ended (v on the list)."
    )
