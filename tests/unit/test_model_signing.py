"""Tests mentortui.model.signing: typed-name signatures, the content hash and the amendment rule."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta

import pytest

from mentortui.model import (
    Agreement,
    AgreementStatus,
    Amendment,
    Evaluation,
    Goal,
    Milestone,
    Party,
    ProgressEntry,
    Role,
    Termination,
    ValidationError,
)
from mentortui.model.sample import sample_agreement, sample_meeting
from mentortui.model.signing import (
    content_hash,
    fully_signed,
    is_current,
    record_edit,
    sign,
    signature,
)

AT = datetime(2026, 1, 12, 16, 30, tzinfo=UTC)
LATER = AT + timedelta(days=3)


# Built once: sample_agreement() gives goals and rows fresh random ids on every call.
DRAFT = sample_agreement().edit(status=AgreementStatus.DRAFT, signatures=(), amendments=())


def draft() -> Agreement:
    """The sample agreement before anyone has signed it."""
    return DRAFT


def active() -> Agreement:
    """The sample agreement signed by both parties."""
    return sign(sign(draft(), Role.MENTEE, "Ana Silva", AT), Role.MENTOR, "Ben Okafor", AT)


def with_goal(agreement: Agreement, i: int, **changes: object) -> Agreement:
    goals = list(agreement.goals)
    goals[i] = goals[i].edit(**changes)
    return agreement.edit(goals=tuple(goals))


def with_milestone(agreement: Agreement, **changes: object) -> Agreement:
    goal = agreement.goals[0]
    milestones = (goal.milestones[0].edit(**changes), *goal.milestones[1:])
    return with_goal(agreement, 0, milestones=milestones)


@pytest.mark.parametrize("typed", ["Ana Silva", "ana silva", "  ANA SILVA\t", "Ana silva "])
def test_sign_accepts_the_name_case_insensitively_and_stripped(typed: str) -> None:
    signed = sign(draft(), Role.MENTEE, typed, AT)
    mine = signature(signed, Role.MENTEE)
    assert mine is not None
    assert mine.name == typed.strip()
    assert mine.role is Role.MENTEE
    assert mine.signed_on == date(2026, 1, 12) and mine.at == AT
    assert mine.content_hash == content_hash(draft())


@pytest.mark.parametrize(
    ("role", "typed"),
    [
        (Role.MENTEE, "Ana"),
        (Role.MENTEE, "Ana  Silva"),
        (Role.MENTEE, "Ben Okafor"),
        (Role.MENTOR, "Ana Silva"),
        (Role.MENTOR, ""),
    ],
)
def test_sign_refuses_a_name_that_does_not_match(role: Role, typed: str) -> None:
    with pytest.raises(ValidationError) as caught:
        sign(draft(), role, typed, AT)
    assert [p.path for p in caught.value.problems] == ["signature.name"]


def test_sign_refuses_a_party_without_a_name() -> None:
    nameless = draft().edit(mentor=Party(name="  "))
    with pytest.raises(ValidationError) as caught:
        sign(nameless, Role.MENTOR, "  ", AT)
    assert [p.path for p in caught.value.problems] == ["mentor.name"]


def test_first_signature_leaves_a_draft() -> None:
    once = sign(draft(), Role.MENTOR, "Ben Okafor", AT)
    assert once.status is AgreementStatus.DRAFT
    assert [s.role for s in once.signatures] == [Role.MENTOR]
    assert signature(once, Role.MENTEE) is None
    assert not fully_signed(once)


@pytest.mark.parametrize("first", [Role.MENTEE, Role.MENTOR])
def test_both_signatures_make_it_active(first: Role) -> None:
    names = {Role.MENTEE: "Ana Silva", Role.MENTOR: "Ben Okafor"}
    second = Role.MENTOR if first is Role.MENTEE else Role.MENTEE
    both = sign(sign(draft(), first, names[first], AT), second, names[second], LATER)
    assert both.status is AgreementStatus.ACTIVE
    assert fully_signed(both)
    assert {s.role for s in both.signatures} == {Role.MENTEE, Role.MENTOR}


def test_signing_again_replaces_that_partys_signature() -> None:
    again = sign(active(), Role.MENTEE, "Ana Silva", LATER)
    mine = [s for s in again.signatures if s.role is Role.MENTEE]
    assert len(mine) == 1 and mine[0].at == LATER
    assert len(again.signatures) == 2


def test_sign_does_not_touch_the_original() -> None:
    original = draft()
    sign(original, Role.MENTEE, "Ana Silva", AT)
    assert original.signatures == ()


SIGNED_EDITS: dict[str, Callable[[Agreement], Agreement]] = {
    "title": lambda a: a.edit(title="New title"),
    "mentee name": lambda a: a.edit(mentee=a.mentee.edit(name="Ana S. Silva")),
    "end date": lambda a: a.edit(end_date=date(2026, 11, 30)),
    "schedule": lambda a: a.edit(schedule=a.schedule.edit(notice_hours=48)),
    "off limits": lambda a: a.edit(off_limits=()),
    "clause agreed": lambda a: a.edit(values=(a.values[0].edit(agreed=True), *a.values[1:])),
    "goal title": lambda a: with_goal(a, 1, title="Lead the huddle"),
    "goal baseline": lambda a: with_goal(a, 0, baseline_rating=3),
    "goal added": lambda a: a.edit(goals=(*a.goals, Goal(title="Third"))),
    "milestone due": lambda a: with_milestone(a, due=date(2026, 4, 15)),
    "milestone added": lambda a: with_goal(a, 1, milestones=(Milestone("Step"),)),
}

UNSIGNED_EDITS: dict[str, Callable[[Agreement], Agreement]] = {
    "meetings": lambda a: a.edit(meetings=(*a.meetings, sample_meeting(LATER, n=9))),
    "no meetings": lambda a: a.edit(meetings=()),
    "goal progress": lambda a: with_goal(a, 0, progress=(*a.goals[0].progress, ProgressEntry(percent=90))),
    "final rating": lambda a: with_goal(a, 1, final_rating=5),
    "milestone done": lambda a: with_milestone(a, done_on=None),
    "evaluations": lambda a: a.edit(evaluations=(Evaluation(on=date(2026, 6, 1)),)),
    "termination": lambda a: a.edit(termination=Termination(on=date(2026, 5, 1), by="ana")),
    "bookkeeping": lambda a: a.edit(revision=7, updated_by="ben", updated_at=LATER),
}


@pytest.mark.parametrize("edit", SIGNED_EDITS.values(), ids=SIGNED_EDITS.keys())
def test_content_hash_changes_with_signed_content(edit: Callable[[Agreement], Agreement]) -> None:
    before = active()
    after = edit(before)
    assert after != before
    assert content_hash(after) != content_hash(before)
    assert all(not is_current(after, s) for s in after.signatures)
    assert not fully_signed(after)


@pytest.mark.parametrize("edit", UNSIGNED_EDITS.values(), ids=UNSIGNED_EDITS.keys())
def test_content_hash_ignores_what_happens_under_the_agreement(
    edit: Callable[[Agreement], Agreement],
) -> None:
    before = active()
    after = edit(before)
    assert after != before
    assert content_hash(after) == content_hash(before)
    assert all(is_current(after, s) for s in after.signatures)
    assert fully_signed(after)


def test_content_hash_is_a_sha256_hex_digest_and_deterministic() -> None:
    digest = content_hash(draft())
    assert len(digest) == 64 and int(digest, 16) >= 0
    assert content_hash(draft().edit()) == digest


def test_is_current_goes_false_after_an_edit() -> None:
    signed = active()
    mentee = signature(signed, Role.MENTEE)
    assert mentee is not None and is_current(signed, mentee)
    edited = signed.edit(mentor_hopes="Something else")
    assert not is_current(edited, mentee)
    assert is_current(edited.edit(mentor_hopes=signed.mentor_hopes), mentee)


def test_record_edit_marks_an_active_agreement_amended() -> None:
    old = active()
    new = with_goal(old.edit(title="Renamed"), 0, title="Pass the exam")
    recorded = record_edit(old, new, by="ana", at=LATER)
    assert recorded.status is AgreementStatus.AMENDED
    assert len(recorded.amendments) == len(old.amendments) + 1
    amendment = recorded.amendments[-1]
    assert isinstance(amendment, Amendment)
    assert set(amendment.fields) == {"title", "goals"}
    assert len(amendment.fields) == 2
    assert amendment.by == "ana" and amendment.at == LATER
    assert "title" in amendment.summary and "goals" in amendment.summary
    assert recorded.title == "Renamed" and recorded.goals == new.goals


def test_record_edit_lists_only_the_changed_fields() -> None:
    old = active()
    new = old.edit(schedule=old.schedule.edit(frequency="weekly"), meetings=())
    assert record_edit(old, new, by="ben", at=LATER).amendments[-1].fields == ("schedule",)


def test_record_edit_leaves_a_draft_alone() -> None:
    old = sign(draft(), Role.MENTEE, "Ana Silva", AT)
    new = old.edit(title="Renamed")
    recorded = record_edit(old, new, by="ana", at=LATER)
    assert recorded == new
    assert recorded.status is AgreementStatus.DRAFT
    assert recorded.amendments == ()


def test_record_edit_ignores_unsigned_changes() -> None:
    old = active()
    new = old.edit(meetings=(), revision=old.revision + 1)
    recorded = record_edit(old, new, by="ana", at=LATER)
    assert recorded == new
    assert recorded.status is AgreementStatus.ACTIVE


def test_amendments_accumulate() -> None:
    signed = active()
    once = record_edit(signed, signed.edit(title="One"), by="ana", at=LATER)
    twice = record_edit(once, once.edit(mentee_hopes="Two"), by="ben", at=LATER)
    assert [a.fields for a in twice.amendments] == [("title",), ("mentee_hopes",)]
    assert [a.by for a in twice.amendments] == ["ana", "ben"]
    assert twice.status is AgreementStatus.AMENDED


def test_re_signing_by_both_makes_it_active_again() -> None:
    old = active()
    amended = record_edit(old, old.edit(title="Renamed"), by="ana", at=LATER)
    assert amended.status is AgreementStatus.AMENDED
    half = sign(amended, Role.MENTEE, "Ana Silva", LATER)
    assert half.status is AgreementStatus.AMENDED
    assert not fully_signed(half)
    both = sign(half, Role.MENTOR, "Ben Okafor", LATER)
    assert both.status is AgreementStatus.ACTIVE
    assert fully_signed(both)
    assert both.amendments == amended.amendments
    assert all(s.content_hash == content_hash(both) for s in both.signatures)


def test_one_persons_run_of_edits_is_one_amendment() -> None:
    signed = active()
    step = signed
    for i, text in enumerate(("T", "Ti", "Tit", "Title")):
        step = record_edit(step, step.edit(title=text), by="ana", at=LATER + timedelta(seconds=i))
    step = record_edit(step, step.edit(mentor_hopes="More"), by="ana", at=LATER + timedelta(seconds=9))
    [amendment] = step.amendments
    assert amendment.fields == ("title", "mentor_hopes")
    assert amendment.at == LATER + timedelta(seconds=9) and amendment.by == "ana"
    other = record_edit(step, step.edit(mentee_hopes="Mine"), by="ben", at=LATER + timedelta(seconds=10))
    assert [a.by for a in other.amendments] == ["ana", "ben"]
