"""The agreement's life after signing: mid-point, end-date decision, read-only when closed, reopening."""

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
    ProgressEntry,
    Role,
    ValidationError,
    lifecycle,
)
from mentortui.model.signing import record_edit, sign
from mentortui.store import ClosedError, Store

AT = datetime(2026, 12, 18, 10, 0, tzinfo=UTC)
END = date(2026, 12, 18)


def signed() -> Agreement:
    """An active agreement from 2026-01-12 to 2026-12-18 with two goals, signed by both."""
    agreement = Agreement(
        title="CCM year",
        mentee=Party(name="Ana Silva"),
        mentor=Party(name="Ben Okafor"),
        start_date=date(2026, 1, 12),
        end_date=END,
        goals=(Goal(title="Certify", baseline_rating=2), Goal(title="Lead huddles")),
    )
    agreement = sign(agreement, Role.MENTEE, "Ana Silva", AT)
    return sign(agreement, Role.MENTOR, "Ben Okafor", AT)


def evaluated(agreement: Agreement, rating: int | None = 4):
    """The agreement's end-date review with an outcome for every goal."""
    review = lifecycle.current_review(agreement, EvaluationKind.END)
    lines = tuple(line.edit(outcome=GoalOutcome.MET, evidence="passed", final_rating=rating) for line in review.goals)
    return review.edit(goals=lines)


def test_the_midpoint_is_halfway_and_needs_both_dates():
    assert lifecycle.midpoint(signed()) == date(2026, 7, 1)  # 170 of 340 days
    assert lifecycle.midpoint(signed().edit(end_date=None)) is None
    assert lifecycle.midpoint(signed().edit(end_date=date(2026, 1, 1))) is None


def test_the_midpoint_review_is_offered_from_the_midpoint_until_the_end_or_until_recorded():
    agreement = signed()
    assert not lifecycle.midpoint_offered(agreement, date(2026, 6, 30))
    assert lifecycle.midpoint_offered(agreement, date(2026, 7, 1))
    assert lifecycle.midpoint_offered(agreement, date(2026, 12, 17))
    assert not lifecycle.midpoint_offered(agreement, END)
    review = lifecycle.current_review(agreement, EvaluationKind.MIDPOINT)
    review = review.edit(changes_agreed="Shorter calls")
    done = lifecycle.record_midpoint(agreement, review, date(2026, 7, 1))
    assert not lifecycle.midpoint_offered(done, date(2026, 7, 2))
    assert lifecycle.recorded(done, EvaluationKind.MIDPOINT)[0].on == date(2026, 7, 1)
    assert lifecycle.recorded(done, EvaluationKind.MIDPOINT)[0].by == ("Ana Silva", "Ben Okafor")


def test_an_empty_midpoint_review_is_not_recorded():
    agreement = signed()
    with pytest.raises(ValidationError) as raised:
        lifecycle.record_midpoint(agreement, lifecycle.new_review(agreement, EvaluationKind.MIDPOINT), END)
    assert raised.value.problems[0].path == "reflections"


def test_the_evaluation_is_offered_from_the_end_date_on():
    agreement = signed()
    assert not lifecycle.evaluation_offered(agreement, date(2026, 12, 17))
    assert lifecycle.evaluation_offered(agreement, END)
    assert lifecycle.evaluation_offered(agreement, date(2027, 3, 1))


def test_a_draft_follows_the_goals():
    agreement = signed()
    draft = lifecycle.current_review(agreement, EvaluationKind.END)
    agreement = lifecycle.put_review(agreement, draft.edit(goals=(draft.goals[0].edit(evidence="kept"),)))
    added = agreement.edit(goals=(*agreement.goals[1:], Goal(title="New")))
    lines = lifecycle.current_review(added, EvaluationKind.END).goals
    assert [line.goal_id for line in lines] == [g.id for g in added.goals]
    assert lifecycle.current_review(agreement, EvaluationKind.END).goals[0].evidence == "kept"


def test_deciding_needs_an_outcome_per_goal_and_a_decision():
    agreement = signed()
    review = lifecycle.current_review(agreement, EvaluationKind.END)
    with pytest.raises(ValidationError) as raised:
        lifecycle.decide(agreement, review, None, END, "ana", AT)
    paths = [p.path for p in raised.value.problems]
    assert paths == ["goals[0].outcome", "goals[1].outcome", "decision"]
    assert "“Certify”" in raised.value.problems[0].message


@pytest.mark.parametrize(
    "new_end, message",
    [
        (None, "an extension needs a new end date"),
        (END, "the new end date must be after 2026-12-21"),
        (date(2026, 12, 20), "the new end date must be after 2026-12-21"),
    ],
)
def test_an_extension_needs_a_date_after_the_end_date_and_the_day_of_the_decision(new_end, message):
    agreement = signed()
    with pytest.raises(ValidationError) as raised:
        lifecycle.decide(
            agreement, evaluated(agreement), EvaluationDecision.EXTEND, date(2026, 12, 21), "ana", AT, new_end
        )
    assert [(p.path, p.message) for p in raised.value.problems] == [("new_end_date", message)]


def test_extending_moves_the_end_date_and_records_it_in_the_history():
    agreement = signed()
    extended = lifecycle.decide(
        agreement, evaluated(agreement), EvaluationDecision.EXTEND, END, "ana", AT, date(2027, 6, 30)
    )
    assert extended.status is AgreementStatus.EXTENDED
    assert extended.end_date == date(2027, 6, 30)
    (review,) = lifecycle.recorded(extended, EvaluationKind.END)
    assert (review.decision, review.on, review.new_end_date) == (EvaluationDecision.EXTEND, END, date(2027, 6, 30))
    note = extended.amendments[-1]
    assert (note.kind, note.by, note.fields) == ("extend", "ana", ("end_date",))
    assert note.summary == "extended from 2026-12-18 to 2027-06-30 at the end-date evaluation"
    assert [g.final_rating for g in extended.goals] == [4, 4]
    assert not lifecycle.is_closed(extended)
    assert not lifecycle.evaluation_offered(extended, date(2027, 1, 1))
    assert lifecycle.evaluation_offered(extended, date(2027, 6, 30))
    # A second evaluation at the new end date is a new draft, not the decided one.
    assert lifecycle.current_review(extended, EvaluationKind.END).id != review.id


def test_completing_closes_the_agreement():
    agreement = signed()
    done = lifecycle.decide(agreement, evaluated(agreement, None), EvaluationDecision.COMPLETE, END, "ben", AT)
    assert done.status is AgreementStatus.COMPLETED and lifecycle.is_closed(done)
    assert done.amendments[-1].kind == "complete"
    assert [g.final_rating for g in done.goals] == [None, None]  # no rating given: none invented
    assert lifecycle.closed_since(done) == "completed on 2026-12-18"
    with pytest.raises(ValidationError):
        lifecycle.put_review(done, lifecycle.new_review(done, EvaluationKind.MIDPOINT))


def test_dissolving_ends_it_without_blame():
    agreement = signed()
    ended = lifecycle.decide(agreement, evaluated(agreement), EvaluationDecision.DISSOLVE, END, "ben", AT)
    assert ended.status is AgreementStatus.TERMINATED
    assert ended.termination.on == END and ended.termination.by == "ben"
    assert "without blame" in ended.termination.reason
    assert ended.amendments[-1].kind == "dissolve"


def test_a_closed_agreement_changes_only_by_reopening():
    agreement = signed()
    done = lifecycle.decide(agreement, evaluated(agreement), EvaluationDecision.COMPLETE, END, "ben", AT)
    assert lifecycle.closed_change(done, done.edit(title="Other")) is not None
    assert lifecycle.closed_change(done, done.edit(revision=9)) is None
    reopened = lifecycle.reopen(done, "ana", AT, "one more goal")
    assert lifecycle.closed_change(done, reopened) is None
    assert reopened.status is AgreementStatus.ACTIVE  # both signatures still cover it
    assert reopened.amendments[-1].summary == "reopened (was completed): one more goal"
    assert reopened.amendments[-1].kind == "reopen"
    with pytest.raises(ValidationError):
        lifecycle.reopen(reopened, "ana", AT)


def test_reopening_returns_to_the_status_the_signatures_allow():
    agreement = signed()
    extended = lifecycle.decide(
        agreement, evaluated(agreement), EvaluationDecision.EXTEND, END, "ana", AT, date(2027, 6, 30)
    )
    later = lifecycle.decide(extended, evaluated(extended), EvaluationDecision.DISSOLVE, date(2027, 6, 30), "ana", AT)
    assert lifecycle.reopen(later, "ana", AT).status is AgreementStatus.EXTENDED
    assert lifecycle.reopen(later, "ana", AT).termination is None
    draft = Agreement(status=AgreementStatus.COMPLETED)
    assert lifecycle.reopen(draft, "ana", AT).status is AgreementStatus.DRAFT


def test_an_edit_after_a_decision_does_not_rewrite_the_decision_in_the_history():
    agreement = signed()
    extended = lifecycle.decide(
        agreement, evaluated(agreement), EvaluationDecision.EXTEND, END, "ana", AT, date(2027, 6, 30)
    )
    first = record_edit(extended, extended.edit(title="Renamed"), by="ana", at=AT)
    second = record_edit(first, first.edit(title="Renamed again"), by="ana", at=AT)
    kinds = [(a.kind, a.summary) for a in second.amendments]
    assert kinds[0][0] == "extend" and kinds[0][1].startswith("extended from")
    assert kinds[1:] == [("edit", "changed title “CCM year” → “Renamed again”")]


def test_progress_at_a_glance_stops_at_the_review_date():
    goal = Goal(
        progress=tuple(
            ProgressEntry(percent=p, at=datetime(2026, m, 1, tzinfo=UTC)) for p, m in ((10, 2), (40, 5), (90, 11))
        )
    )
    assert lifecycle.progress_glance(goal, date(2026, 6, 1), UTC) == "10 % → 40 %"
    assert lifecycle.progress_glance(Goal()) is None


def test_the_store_refuses_to_change_a_closed_agreement_but_lets_it_be_reopened(tmp_path):
    store = Store(tmp_path, user="ana")
    agreement = signed()
    created = store.create(agreement)
    done = store.update(
        created.id,
        lambda a: lifecycle.decide(a, evaluated(a), EvaluationDecision.COMPLETE, END, "ana", AT),
    )
    with pytest.raises(ClosedError, match="completed on 2026-12-18 and is read-only"):
        store.update(done.id, lambda a: a.edit(title="Changed"))
    with pytest.raises(ClosedError):
        store.save(done.edit(mentee_hopes="more"), base=done)
    assert store.load(done.id).title == "CCM year"
    reopened = store.update(done.id, lambda a: lifecycle.reopen(a, "ana", AT, "typo"))
    assert reopened.status is AgreementStatus.ACTIVE
    assert store.update(done.id, lambda a: a.edit(title="Changed")).title == "Changed"
