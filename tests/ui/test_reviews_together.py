"""Pilot tests of two people in one review at once, each in their own app: one review, which
both write into, each seeing the other's words; a file that holds two copies of a review (as
older versions left it) opens with both people's words, and is saved as one."""

from __future__ import annotations

import pytest
from textual.widgets import TextArea

from mentortui.app import MentorApp
from mentortui.model import Agreement, Evaluation, EvaluationKind, Reflection, Role, lifecycle
from mentortui.store import Store

from .pilot import SIZE, saved, type_text, wait_for
from .test_evaluation import TODAY, open_evaluation, store_signed


def bens_copy(agreement: Agreement) -> Agreement:
    """What Ben's app saves when he opens the evaluation on ``agreement`` and writes his part."""
    review = lifecycle.current_review(agreement, EvaluationKind.END)
    reflections = tuple(r.edit(worked="Clear goals") if r.role is Role.MENTOR else r for r in review.reflections)
    return lifecycle.put_review(agreement, review.edit(reflections=reflections))


def text_of(screen, control_id: str) -> str:
    return screen.query_one(f"#{control_id}", TextArea).text


@pytest.mark.parametrize("anas_save_first", [False, True], ids=["bens-save-first", "anas-save-first"])
async def test_both_opening_the_evaluation_at_once_write_into_one_review(tmp_path, anas_save_first, quick_watch):
    agreement_id = store_signed(tmp_path)
    as_ben_opened_it = Store(tmp_path).load(agreement_id)
    app = MentorApp(tmp_path, user="ana")
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_evaluation(pilot, agreement_id, TODAY)
        screen.query_one("#worked-mentee").focus()
        await type_text(pilot, "Calls")
        if anas_save_first:
            await saved(pilot)
        # Ben opened it at the same moment, in his own app, and saves; his app saves from the
        # copy it opened, as every save does. On a busy host Ana's save may land first.
        Store(tmp_path, user="ben").save(bens_copy(as_ben_opened_it), base=as_ben_opened_it)
        await saved(pilot)
        stored = Store(tmp_path).load(agreement_id)
        (review,) = stored.evaluations
        assert [(r.role, r.worked) for r in review.reflections] == [
            (Role.MENTEE, "Calls"),
            (Role.MENTOR, "Clear goals"),
        ]
        # Ana's save brings Ben's words, or her screen sees his save.
        await wait_for(pilot, lambda: text_of(screen, "worked-mentor") == "Clear goals")
        assert text_of(screen, "worked-mentee") == "Calls"
        # Ana opens it again: the same review, both people's words.
        await pilot.press("escape")
        again = await open_evaluation(pilot, agreement_id, TODAY)
        assert (text_of(again, "worked-mentee"), text_of(again, "worked-mentor")) == ("Calls", "Clear goals")


def store_two_copies(data_dir) -> str:
    """`store_signed`, with two drafts of the evaluation as older versions left them: Ben's
    words in one, Ana's in the other; its id."""
    agreement_id = store_signed(data_dir)

    def two(agreement: Agreement) -> Agreement:
        lines = lifecycle.new_review(agreement, EvaluationKind.END).goals
        copies = (
            Evaluation(goals=lines, reflections=(Reflection(Role.MENTEE), Reflection(Role.MENTOR, "Clear goals"))),
            Evaluation(goals=lines, reflections=(Reflection(Role.MENTEE, "Calls"), Reflection(Role.MENTOR))),
        )
        return agreement.edit(evaluations=copies)

    Store(data_dir, user="ben").update(agreement_id, two)
    return agreement_id


async def test_a_file_with_two_copies_of_the_evaluation_shows_both_and_saves_one(tmp_path):
    agreement_id = store_two_copies(tmp_path)
    app = MentorApp(tmp_path, user="ana")
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_evaluation(pilot, agreement_id, TODAY)
        assert (text_of(screen, "worked-mentee"), text_of(screen, "worked-mentor")) == ("Calls", "Clear goals")
        screen.query_one("#worked-mentee").focus()
        screen.query_one("#worked-mentee", TextArea).move_cursor((0, 5))
        await type_text(pilot, " work")
        await saved(pilot)
    (review,) = Store(tmp_path).load(agreement_id).evaluations
    assert [r.worked for r in review.reflections] == ["Calls work", "Clear goals"]


async def test_each_party_writes_their_own_reflection_and_reads_the_others(tmp_path):
    """Once people are registered, the other party's reflection is read, not edited here: two
    people typing in one reflection at once lost one's words. A coordinator edits both."""
    from mentortui.model.people import Person, PersonRole

    agreement_id = store_signed(tmp_path)
    for handle, name, role in (
        ("ana", "Ana Silva", PersonRole.MENTEE),
        ("ben", "Ben Okafor", PersonRole.MENTOR),
        ("cora", "Cora Lind", PersonRole.COORDINATOR),
    ):
        Store(tmp_path).people.put(Person(handle, name, role))
    for user, theirs, mine in (("ana", "mentor", "mentee"), ("ben", "mentee", "mentor")):
        app = MentorApp(tmp_path, user=user)
        async with app.run_test(size=SIZE) as pilot:
            screen = await open_evaluation(pilot, agreement_id, TODAY)
            assert screen.query_one(f"#worked-{theirs}").disabled and screen.query_one(f"#change-{theirs}").disabled
            assert not screen.query_one(f"#worked-{mine}").disabled
    app = MentorApp(tmp_path, user="cora")
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_evaluation(pilot, agreement_id, TODAY)
        assert not screen.query_one("#worked-mentee").disabled and not screen.query_one("#worked-mentor").disabled
