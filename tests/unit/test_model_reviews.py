"""Unit tests of which review opens when (model/reviews.py): the mid-point review, the evaluation, or why neither."""

from __future__ import annotations

from datetime import date

from mentortui.model import Agreement, AgreementStatus, Evaluation, EvaluationKind, lifecycle
from mentortui.model.reviews import END, MIDPOINT, Opening, opening

START, END_DATE = date(2026, 1, 5), date(2026, 7, 5)
AGREEMENT = Agreement(start_date=START, end_date=END_DATE)
HALF = lifecycle.midpoint(AGREEMENT)
assert HALF is not None


def test_before_the_mid_point_none_opens_and_it_says_when_they_do() -> None:
    early = date(2026, 2, 1)
    assert opening(AGREEMENT, early) == Opening(
        None, f"The mid-point review opens on {HALF.isoformat()}, the end-date evaluation on 2026-07-05."
    )
    assert opening(AGREEMENT, early, "midpoint") == Opening(None, f"The mid-point review opens on {HALF.isoformat()}.")
    assert opening(AGREEMENT, early, "end") == Opening(None, "The end-date evaluation opens on 2026-07-05.")


def test_from_the_mid_point_the_mid_point_review_is_due() -> None:
    assert opening(AGREEMENT, HALF) == MIDPOINT
    assert opening(AGREEMENT, HALF, "midpoint") == MIDPOINT
    assert opening(AGREEMENT, HALF, "end") == Opening(None, "The end-date evaluation opens on 2026-07-05.")


def test_from_the_end_date_the_evaluation_is_due_and_the_mid_point_no_longer_offered() -> None:
    assert opening(AGREEMENT, END_DATE) == END
    assert opening(AGREEMENT, END_DATE, "end") == END
    assert opening(AGREEMENT, END_DATE, "midpoint") == Opening(
        None,
        "The mid-point review is offered only until the end date (2026-07-05), which has passed: "
        "the end-date evaluation is open instead (v on the list, or “End-date evaluation” in the palette).",
    )


def test_a_review_started_or_recorded_opens_whenever_asked_for() -> None:
    early = date(2026, 2, 1)
    started = AGREEMENT.edit(evaluations=(Evaluation(kind=EvaluationKind.MIDPOINT),))
    assert opening(started, early) == MIDPOINT
    recorded = AGREEMENT.edit(evaluations=(Evaluation(kind=EvaluationKind.MIDPOINT, on=HALF),))
    assert opening(recorded, END_DATE, "midpoint") == MIDPOINT
    evaluated = AGREEMENT.edit(evaluations=(Evaluation(kind=EvaluationKind.END),))
    assert opening(evaluated, early, "end") == END


def test_an_extended_agreement_between_its_reviews_opens_its_last_evaluation() -> None:
    decided = Evaluation(kind=EvaluationKind.END, on=END_DATE)
    extended = AGREEMENT.edit(end_date=date(2027, 7, 5), evaluations=(decided,))
    assert opening(extended, date(2026, 8, 1)) == END
    # A mid-point review recorded comes first, as it opens whenever one was recorded.
    recorded_midpoint = Evaluation(kind=EvaluationKind.MIDPOINT, on=HALF)
    assert opening(extended.edit(evaluations=(recorded_midpoint, decided)), date(2026, 8, 1)) == MIDPOINT


def test_a_closed_agreement_opens_its_evaluation() -> None:
    closed = AGREEMENT.edit(status=AgreementStatus.COMPLETED)
    assert opening(closed, date(2026, 2, 1)) == END
    assert opening(closed, date(2026, 2, 1), "end") == END


def test_without_dates_it_says_to_set_them() -> None:
    undated = Agreement()
    assert opening(undated, START) == Opening(None, "Set the start and end dates first: the reviews follow from them.")
    assert opening(undated, START, "midpoint") == Opening(
        None, "Set the start and end dates first: the mid-point follows from them."
    )
    assert opening(undated, START, "end") == Opening(
        None, "Set an end date first: the evaluation is offered from the end date on."
    )
