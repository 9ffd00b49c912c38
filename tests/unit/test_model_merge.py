"""Tests mentortui.model.merge: the three-way merge of two people's edits to one agreement."""

from __future__ import annotations

from datetime import UTC, date

from mentortui.model import Agreement, Goal, Party
from mentortui.model.merge import Conflict, merge
from mentortui.model.sample import sample_agreement

BASE = sample_agreement()
FIRST, SECOND = BASE.goals


def with_goals(agreement: Agreement, *goals: Goal) -> Agreement:
    return agreement.edit(goals=goals)


def test_nothing_changed_merges_to_theirs() -> None:
    merged, conflicts = merge(BASE, BASE, BASE)
    assert merged == BASE and conflicts == []


def test_only_mine_changed_applies_my_change() -> None:
    mine = BASE.edit(title="Mine")
    merged, conflicts = merge(BASE, BASE, mine)
    assert merged.title == "Mine" and conflicts == []


def test_only_theirs_changed_keeps_their_change() -> None:
    theirs = BASE.edit(mentor_hopes="Theirs")
    merged, conflicts = merge(BASE, theirs, BASE)
    assert merged == theirs and conflicts == []


def test_disjoint_field_edits_merge() -> None:
    theirs = BASE.edit(title="Their title", end_date=date(2026, 11, 30))
    mine = BASE.edit(mentee_hopes="My hopes", off_limits=("Nothing",))
    merged, conflicts = merge(BASE, theirs, mine)
    assert conflicts == []
    assert merged.title == "Their title" and merged.end_date == date(2026, 11, 30)
    assert merged.mentee_hopes == "My hopes" and merged.off_limits == ("Nothing",)
    assert merged.mentor_hopes == BASE.mentor_hopes
    assert merged.goals == BASE.goals


def test_same_field_changed_differently_is_a_conflict() -> None:
    theirs = BASE.edit(title="Theirs", mentee_hopes="Agreed")
    mine = BASE.edit(title="Mine")
    merged, conflicts = merge(BASE, theirs, mine)
    assert conflicts == [Conflict("title", None, BASE.title, "Theirs", "Mine")]
    conflict = conflicts[0]
    assert conflict.base == BASE.title and conflict.theirs == "Theirs" and conflict.mine == "Mine"
    assert conflict.where == "title"
    assert merged.mentee_hopes == "Agreed"
    assert merged.title in ("Theirs", "Mine")


def test_nested_record_changed_on_both_sides_is_a_conflict_on_that_field() -> None:
    theirs = BASE.edit(mentee=Party("Ana T.", BASE.mentee.contact, BASE.mentee.career_stage))
    mine = BASE.edit(mentee=Party("Ana M.", BASE.mentee.contact, BASE.mentee.career_stage))
    _, conflicts = merge(BASE, theirs, mine)
    assert [(c.field, c.item_id) for c in conflicts] == [("mentee.name", None)]
    assert conflicts[0].theirs == "Ana T." and conflicts[0].mine == "Ana M."


def test_different_fields_of_one_nested_record_merge() -> None:
    theirs = BASE.edit(mentee=BASE.mentee.edit(name="Ana T."))
    mine = BASE.edit(mentee=BASE.mentee.edit(contact="ana@new.example"))
    merged, conflicts = merge(BASE, theirs, mine)
    assert conflicts == []
    assert (merged.mentee.name, merged.mentee.contact) == ("Ana T.", "ana@new.example")


def test_the_two_parties_signing_at_once_both_keep_their_signature() -> None:
    from datetime import datetime

    from mentortui.model.enums import Role
    from mentortui.model.signing import sign

    draft = BASE.edit(signatures=(), status=BASE.status.DRAFT)
    at = datetime(2026, 1, 12, 9, 0, tzinfo=UTC)
    theirs = sign(draft, Role.MENTOR, draft.mentor.name, at)
    mine = sign(draft, Role.MENTEE, draft.mentee.name, at)
    merged, conflicts = merge(draft, theirs, mine)
    assert conflicts == []
    assert {s.role for s in merged.signatures} == {Role.MENTEE, Role.MENTOR}


def test_both_changing_to_the_same_value_is_no_conflict() -> None:
    theirs = BASE.edit(title="Same", schedule=BASE.schedule.edit(notice_hours=48))
    mine = BASE.edit(title="Same", schedule=BASE.schedule.edit(notice_hours=48))
    merged, conflicts = merge(BASE, theirs, mine)
    assert conflicts == []
    assert merged.title == "Same" and merged.schedule.notice_hours == 48


def test_bookkeeping_fields_are_not_merged() -> None:
    theirs = BASE.edit(revision=5, updated_by="ben")
    mine = BASE.edit(revision=9, updated_by="ana", title="Mine")
    merged, conflicts = merge(BASE, theirs, mine)
    assert conflicts == []
    assert merged.revision == 5 and merged.updated_by == "ben" and merged.title == "Mine"


def test_edits_to_different_goals_merge_item_by_item() -> None:
    theirs = with_goals(BASE, FIRST.edit(title="Their first"), SECOND)
    mine = with_goals(BASE, FIRST, SECOND.edit(specific="My specific"))
    merged, conflicts = merge(BASE, theirs, mine)
    assert conflicts == []
    assert merged.goals == (FIRST.edit(title="Their first"), SECOND.edit(specific="My specific"))


def test_same_goal_changed_differently_is_a_conflict_on_that_item() -> None:
    theirs = with_goals(BASE, FIRST.edit(title="T"), SECOND)
    mine = with_goals(BASE, FIRST.edit(title="M"), SECOND.edit(title="Mine only"))
    merged, conflicts = merge(BASE, theirs, mine)
    assert len(conflicts) == 1
    conflict = conflicts[0]
    assert (conflict.field, conflict.item_id) == ("goals", FIRST.id)
    assert conflict.where == f"goals[{FIRST.id}]"
    assert (conflict.base, conflict.theirs, conflict.mine) == (
        FIRST,
        FIRST.edit(title="T"),
        FIRST.edit(title="M"),
    )
    assert merged.goals[1] == SECOND.edit(title="Mine only")


def test_both_appending_different_goals_keeps_both() -> None:
    theirs_new, my_new = Goal(title="Their new goal"), Goal(title="My new goal")
    theirs = with_goals(BASE, FIRST, SECOND, theirs_new)
    mine = with_goals(BASE, FIRST, SECOND, my_new)
    merged, conflicts = merge(BASE, theirs, mine)
    assert conflicts == []
    assert merged.goals[:2] == (FIRST, SECOND)
    assert set(merged.goals[2:]) == {theirs_new, my_new} and len(merged.goals) == 4


def test_appending_to_an_empty_list_on_both_sides_keeps_both() -> None:
    empty = BASE.edit(goals=())
    a, b = Goal(title="A"), Goal(title="B")
    merged, conflicts = merge(empty, with_goals(empty, a), with_goals(empty, b))
    assert conflicts == [] and set(merged.goals) == {a, b} and len(merged.goals) == 2


def test_append_on_one_side_and_edit_on_the_other_merge() -> None:
    added = Goal(title="Added")
    theirs = with_goals(BASE, FIRST, SECOND, added)
    mine = with_goals(BASE, FIRST.edit(measurable="Exam score"), SECOND)
    merged, conflicts = merge(BASE, theirs, mine)
    assert conflicts == []
    assert merged.goals == (FIRST.edit(measurable="Exam score"), SECOND, added)


def test_i_delete_a_goal_they_edited_is_a_conflict() -> None:
    edited = SECOND.edit(title="Their edit")
    theirs = with_goals(BASE, FIRST, edited)
    mine = with_goals(BASE, FIRST)
    merged, conflicts = merge(BASE, theirs, mine)
    assert [(c.field, c.item_id) for c in conflicts] == [("goals", SECOND.id)]
    assert (conflicts[0].base, conflicts[0].theirs, conflicts[0].mine) == (SECOND, edited, None)
    assert edited in merged.goals


def test_they_delete_a_goal_i_edited_is_a_conflict() -> None:
    edited = FIRST.edit(title="My edit")
    theirs = with_goals(BASE, SECOND)
    mine = with_goals(BASE, edited, SECOND)
    merged, conflicts = merge(BASE, theirs, mine)
    assert [(c.field, c.item_id) for c in conflicts] == [("goals", FIRST.id)]
    assert (conflicts[0].base, conflicts[0].theirs, conflicts[0].mine) == (FIRST, None, edited)
    assert edited in merged.goals


def test_i_delete_a_goal_they_left_alone_deletes_it() -> None:
    theirs = BASE.edit(title="Unrelated")
    mine = with_goals(BASE, FIRST)
    merged, conflicts = merge(BASE, theirs, mine)
    assert conflicts == []
    assert merged.goals == (FIRST,) and merged.title == "Unrelated"


def test_they_delete_a_goal_i_left_alone_stays_deleted() -> None:
    theirs = with_goals(BASE, SECOND)
    mine = with_goals(BASE, FIRST, SECOND.edit(title="Edited"))
    merged, conflicts = merge(BASE, theirs, mine)
    assert conflicts == []
    assert merged.goals == (SECOND.edit(title="Edited"),)


def test_both_delete_the_same_goal() -> None:
    merged, conflicts = merge(BASE, with_goals(BASE, FIRST), with_goals(BASE, FIRST))
    assert conflicts == [] and merged.goals == (FIRST,)


def test_rows_i_put_between_others_stay_between_them() -> None:
    """A save that returns while more was typed merges the draft with what was saved: the
    meetings "fill from frequency" put between two rows went to the end of the schedule."""
    a, b, c, d = (Goal(title=t) for t in "abcd")
    before = with_goals(BASE, a, d)
    mine = with_goals(BASE, a, b, c, d)
    merged, conflicts = merge(before, before, mine)
    assert conflicts == [] and merged.goals == (a, b, c, d)
    theirs_new = Goal(title="theirs, after d")
    merged, _ = merge(before, with_goals(BASE, a, d, theirs_new), mine)
    assert merged.goals == (a, b, c, d, theirs_new)
    first = Goal(title="mine, before a")
    merged, _ = merge(before, with_goals(BASE, a, theirs_new, d), with_goals(BASE, first, a, b, d))
    assert merged.goals == (first, a, b, theirs_new, d), "each side's additions after what they follow"


def test_my_reordering_is_kept() -> None:
    theirs = with_goals(BASE, FIRST.edit(title="Theirs"), SECOND)
    mine = with_goals(BASE, SECOND, FIRST)
    merged, conflicts = merge(BASE, theirs, mine)
    assert conflicts == []
    assert merged.goals == (SECOND, FIRST.edit(title="Theirs"))


def test_meetings_merge_by_id_too() -> None:
    first, *rest = BASE.meetings
    theirs = BASE.edit(meetings=(first.edit(purpose="Theirs"), *rest))
    mine = BASE.edit(meetings=(first, *rest[:-1]))
    merged, conflicts = merge(BASE, theirs, mine)
    assert conflicts == []
    assert merged.meetings == (first.edit(purpose="Theirs"), *rest[:-1])


def test_merge_leaves_its_inputs_alone() -> None:
    theirs, mine = BASE.edit(title="T"), BASE.edit(title="M")
    merge(BASE, theirs, mine)
    assert (theirs.title, mine.title, BASE.title) == ("T", "M", sample_agreement().title)


def test_a_conflict_can_be_settled_for_theirs() -> None:
    theirs = BASE.edit(title="Theirs", mentee_hopes="Their hopes")
    mine = BASE.edit(title="Mine", mentor_hopes="My hopes")
    merged, conflicts = merge(BASE, theirs, mine, prefer_theirs=True)
    assert [c.field for c in conflicts] == ["title"]
    assert (merged.title, merged.mentee_hopes, merged.mentor_hopes) == ("Theirs", "Their hopes", "My hopes")
    mine_wins, _ = merge(BASE, theirs, mine)
    assert mine_wins.title == "Mine" and mine_wins.mentee_hopes == "Their hopes"


def test_settled_for_theirs_their_deletion_wins_over_my_edit() -> None:
    theirs = with_goals(BASE, SECOND)
    mine = with_goals(BASE, FIRST.edit(title="My edit"), SECOND)
    merged, conflicts = merge(BASE, theirs, mine, prefer_theirs=True)
    assert len(conflicts) == 1 and merged.goals == (SECOND,)


def test_both_editing_one_goal_keep_what_each_changed() -> None:
    theirs = with_goals(BASE, FIRST.edit(title="Their title"), SECOND)
    mine = with_goals(BASE, FIRST.edit(specific="My specific"), SECOND)
    merged, conflicts = merge(BASE, theirs, mine)
    assert conflicts == []
    assert merged.goals[0] == FIRST.edit(title="Their title", specific="My specific")


def test_lines_keyed_by_party_merge_line_by_line() -> None:
    from mentortui.model import Role
    from mentortui.model.enums import EvaluationKind
    from mentortui.model.lifecycle import current_review, put_review

    review = current_review(BASE, EvaluationKind.END)
    base = put_review(BASE, review)

    def wrote(role: Role, text: str):
        lines = tuple(r.edit(worked=text) if r.role is role else r for r in review.reflections)
        return put_review(base, review.edit(reflections=lines))

    merged, conflicts = merge(base, wrote(Role.MENTOR, "Goals"), wrote(Role.MENTEE, "Calls"))
    assert conflicts == []
    [kept] = [e for e in merged.evaluations if e.id == review.id]
    assert [r.worked for r in kept.reflections] == ["Calls", "Goals"]


def test_kinds_of_mentorship_ticked_on_each_side_are_all_kept() -> None:
    from mentortui.model.enums import MentorshipType

    kinds = list(MentorshipType)
    base = BASE.edit(mentorship_types=(kinds[0],))
    theirs = base.edit(mentorship_types=(kinds[0], kinds[1]))  # they ticked one more
    mine = base.edit(mentorship_types=(kinds[2],))  # I unticked the first and ticked another
    merged, conflicts = merge(base, theirs, mine)
    assert merged.mentorship_types == (kinds[1], kinds[2]) and conflicts == []


def test_one_record_added_on_both_sides_under_one_id_keeps_each_ones_words() -> None:
    """Both opened the same review (its id follows from its period), or both planned the same
    meeting: what each wrote is kept, field by field; a field both wrote differently is a
    conflict, settled for mine unless theirs is asked for."""
    added = Goal(id="g-both", title="")
    theirs = with_goals(BASE, *BASE.goals, added.edit(title="Theirs", specific="their specific"))
    mine = with_goals(BASE, *BASE.goals, added.edit(measurable="my measurable"))
    merged, conflicts = merge(BASE, theirs, mine)
    both = merged.goal("g-both")
    assert (both.title, both.specific, both.measurable) == ("Theirs", "their specific", "my measurable")
    assert conflicts == []
    clash = with_goals(BASE, *BASE.goals, added.edit(title="Mine", measurable="my measurable"))
    merged, conflicts = merge(BASE, theirs, clash)
    assert merged.goal("g-both").title == "Mine" and merged.goal("g-both").specific == "their specific"
    assert [c.item_id for c in conflicts] == ["g-both"]
    merged, _ = merge(BASE, theirs, clash, prefer_theirs=True)
    assert merged.goal("g-both").title == "Theirs"


def test_both_signing_at_once_makes_the_agreement_active() -> None:
    from datetime import datetime

    from mentortui.model import AgreementStatus, Role
    from mentortui.model.signing import sign

    draft = BASE.edit(status=AgreementStatus.DRAFT, signatures=())
    at = datetime(2026, 1, 12, 15, tzinfo=UTC)
    theirs = sign(draft, Role.MENTOR, draft.mentor.name, at)  # saved first: one signature, a draft
    mine = sign(draft, Role.MENTEE, draft.mentee.name, at)
    assert theirs.status is mine.status is AgreementStatus.DRAFT
    merged, conflicts = merge(draft, theirs, mine)
    assert {s.role for s in merged.signatures} == {Role.MENTEE, Role.MENTOR} and conflicts == []
    assert merged.status is AgreementStatus.ACTIVE, "fully signed: active, as sign() makes it"
