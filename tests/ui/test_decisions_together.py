"""Pilot tests of two people deciding at the end date at once, each in their own app: a decision
is taken on the agreement as stored, never over the other's; whoever comes second is told who
decided what, and their screen shows what is stored; what they typed is saved first. Both
screens follow the other's decision and reopening.

Ana is the pilot app; Ben is another Store saving while it runs (another process's view)."""

from __future__ import annotations

import threading
from datetime import date

import pytest
from textual.widgets import TextArea

from mentortui.app import MentorApp
from mentortui.model import AgreementStatus, EvaluationDecision, EvaluationKind, lifecycle
from mentortui.model.base import now
from mentortui.model.errors import ValidationError
from mentortui.screens.reviews.decision import DecisionScreen
from mentortui.store import Store

from .pilot import SIZE, keys, paste_text, saved, type_date, type_text, wait_for
from .test_evaluation import END, TODAY, decide, open_evaluation, store_filled

BENS_END = date(2027, 6, 30)
ANAS_END = date(2027, 3, 31)
#: The kinds of history entry that decide an agreement's period or end it.
DECIDING = ("extend", "complete", "dissolve", "terminate")


def bens_decision(decision: EvaluationDecision):
    """Ben's app recording ``decision`` on the evaluation as stored (an extension to 2027-06-30)."""
    new_end = BENS_END if decision is EvaluationDecision.EXTEND else None

    def change(agreement):
        review = lifecycle.current_review(agreement, EvaluationKind.END)
        return lifecycle.decide(agreement, review, decision, TODAY, "ben", now(), new_end)

    return change


def messages(app, title: str) -> list[str]:
    return [str(n.message) for n in app._notifications if n.title == title]


def line(screen, widget_id: str) -> str:
    return str(screen.query_one(f"#{widget_id}").render())


async def anas_choice(pilot, decision: EvaluationDecision) -> DecisionScreen:
    """ctrl+t and Ana's choice in the dialog, not yet confirmed (an extension to 2027-03-31)."""
    downs = list(EvaluationDecision).index(decision)
    dialog = await decide(pilot, downs)
    if decision is EvaluationDecision.EXTEND:
        await keys(pilot, "tab")
        await type_date(pilot, ANAS_END)
    return dialog


async def type_in_her_reflection(pilot, screen, text: str) -> None:
    """Ana writes what to change, held unsaved (saved with the next save, not after a pause)."""
    screen.saver.pause = 60
    area = screen.query_one("#change-mentee", TextArea)
    area.focus()
    area.move_cursor(area.document.end)
    await type_text(pilot, text)


@pytest.mark.parametrize(
    "bens, anas",
    [
        (EvaluationDecision.EXTEND, EvaluationDecision.DISSOLVE),
        (EvaluationDecision.DISSOLVE, EvaluationDecision.EXTEND),
    ],
    ids=["ben-extends-ana-dissolves", "ben-dissolves-ana-extends"],
)
async def test_the_second_decision_is_refused_and_says_the_first(tmp_path, quick_watch, bens, anas):
    agreement_id = store_filled(tmp_path)
    app = MentorApp(tmp_path, user="ana")
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_evaluation(pilot, agreement_id)
        dialog = await anas_choice(pilot, anas)
        Store(tmp_path, user="ben").update(agreement_id, bens_decision(bens))
        # The dialog follows what is stored while it is open.
        await wait_for(pilot, lambda: dialog.query_one("#decision-news").display)
        assert "yours can no longer be recorded" in line(dialog, "decision-news")
        await keys(pilot, "ctrl+s")
        await saved(pilot)
        await wait_for(pilot, lambda: app.screen is screen)

        stored = Store(tmp_path).load(agreement_id)
        (review,) = lifecycle.recorded(stored, EvaluationKind.END)
        assert review.decision is bens
        assert [a.kind for a in stored.amendments if a.kind in DECIDING] == [bens.value]
        assert all(a.by == "ben" for a in stored.amendments if a.kind in DECIDING)
        if bens is EvaluationDecision.EXTEND:
            assert (stored.status, stored.end_date, stored.termination) == (AgreementStatus.EXTENDED, BENS_END, None)
        else:
            assert (stored.status, stored.end_date) == (AgreementStatus.TERMINATED, END)

        assert not messages(app, "Decision recorded")
        (told,) = messages(app, "Decision not recorded")
        assert told.startswith(f"Ben Okafor (ben) decided first on {now().date().isoformat()}: it was ")
        if bens is EvaluationDecision.EXTEND:
            assert "extended from 2026-11-01 to 2027-06-30" in told
            assert "Your decision (dissolve without blame) was not recorded" in told
        else:
            assert "dissolved without blame" in told
            assert "Your decision (extend to 2027-03-31) was not recorded" in told
        # Her screen shows the agreement as stored: Ben's decision, his end date, read-only.
        words = lifecycle.decision_text(review)
        assert f"end {stored.end_date.isoformat()}" in line(screen, "review-title")
        assert words in line(screen, "decision-line")
        assert " by Ben Okafor (ben): " in line(screen, "decision-line"), "who took it: Ben, not both"
        assert "Ana" not in line(screen, "decision-line")
        assert "read-only" in line(screen, "review-status").lower()
        assert all(c.disabled for c in screen.query("Input, Select, TextArea"))
        await saved(pilot)
    assert Store(tmp_path).load(agreement_id) == stored, "nothing more was saved"


async def test_what_she_typed_is_saved_though_her_decision_is_refused(tmp_path, quick_watch):
    """Ana writes, then decides at once: her words are saved before the decision, and stay
    saved when the decision is refused (Ben extended meanwhile)."""
    agreement_id = store_filled(tmp_path)
    app = MentorApp(tmp_path, user="ana")
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_evaluation(pilot, agreement_id)
        await type_in_her_reflection(pilot, screen, " together")
        dialog = await anas_choice(pilot, EvaluationDecision.DISSOLVE)
        assert not screen.saver.idle, "her words are not saved yet"
        Store(tmp_path, user="ben").update(agreement_id, bens_decision(EvaluationDecision.EXTEND))
        await wait_for(pilot, lambda: dialog.query_one("#decision-news").display)
        await keys(pilot, "ctrl+s")
        await saved(pilot)
        stored = Store(tmp_path).load(agreement_id)
        (review,) = lifecycle.recorded(stored, EvaluationKind.END)
        assert (review.decision, stored.end_date) == (EvaluationDecision.EXTEND, BENS_END)
        assert review.reflections[0].change == "More practice together"
        assert messages(app, "Decision not recorded")
        assert screen.query_one("#change-mentee", TextArea).text == "More practice together"


async def test_her_decision_in_flight_when_his_lands_is_refused(tmp_path, quick_watch):
    """Ana confirms while Ben's app holds the agreement's lock to record his extension: her save
    (her words, then her decision) waits for it, then finds his decision and records none."""
    agreement_id = store_filled(tmp_path)
    app = MentorApp(tmp_path, user="ana")
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_evaluation(pilot, agreement_id)
        await type_in_her_reflection(pilot, screen, " together")
        await anas_choice(pilot, EvaluationDecision.DISSOLVE)
        holding, go = threading.Event(), threading.Event()
        extend = bens_decision(EvaluationDecision.EXTEND)

        def bens_app_deciding(agreement):  # (under the lock)
            holding.set()
            assert go.wait(10), "Ana's decision never started"
            return extend(agreement)

        ben = threading.Thread(target=Store(tmp_path, user="ben").update, args=(agreement_id, bens_app_deciding))
        ben.start()
        await wait_for(pilot, holding.is_set)
        await keys(pilot, "ctrl+s")
        # Her save waits for the lock (on a busy host it may give up waiting, and is tried again).
        await wait_for(pilot, lambda: screen.saver.in_flight or bool(screen.saver.failing))
        assert "Recording the decision" in line(screen, "review-status")
        assert not messages(app, "Decision recorded"), "said only once it is on disk"
        go.set()
        await wait_for(pilot, lambda: not ben.is_alive())
        await saved(pilot)
        await wait_for(pilot, lambda: bool(messages(app, "Decision not recorded")))
        stored = Store(tmp_path).load(agreement_id)
        (review,) = lifecycle.recorded(stored, EvaluationKind.END)
        assert (stored.status, stored.end_date, stored.termination) == (AgreementStatus.EXTENDED, BENS_END, None)
        assert review.decision is EvaluationDecision.EXTEND
        assert review.reflections[0].change == "More practice together"
        assert not messages(app, "Decision recorded")
        (told,) = messages(app, "Decision not recorded")
        assert "Ben Okafor (ben) decided first" in told and "to 2027-06-30" in told
        assert told.endswith(
            "Your decision (dissolve without blame) was not recorded; the screen shows the "
            "agreement as it is now. What you typed was saved."
        )
        assert "extended to 2027-06-30" in line(screen, "decision-line")
        assert "end 2027-06-30" in line(screen, "review-title")


async def test_her_decision_alone_is_said_once_it_is_on_disk(tmp_path):
    agreement_id = store_filled(tmp_path)
    app = MentorApp(tmp_path, user="ana")
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_evaluation(pilot, agreement_id)
        await type_in_her_reflection(pilot, screen, " together")
        await anas_choice(pilot, EvaluationDecision.EXTEND)
        await keys(pilot, "ctrl+s")
        await saved(pilot)
        await wait_for(pilot, lambda: bool(messages(app, "Decision recorded")))
        assert messages(app, "Decision recorded") == ["The agreement is extended to 2027-03-31."]
        stored = Store(tmp_path).load(agreement_id)
        (review,) = lifecycle.recorded(stored, EvaluationKind.END)
        assert (stored.end_date, review.decision) == (ANAS_END, EvaluationDecision.EXTEND)
        assert review.reflections[0].change == "More practice together"
        assert stored.amendments[-1].by == "ana"
        assert "extended to 2027-03-31" in line(screen, "decision-line")


async def test_her_screen_follows_his_decision_and_his_reopening(tmp_path, quick_watch):
    agreement_id = store_filled(tmp_path)
    app = MentorApp(tmp_path, user="ana")
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_evaluation(pilot, agreement_id)
        ben = Store(tmp_path, user="ben")
        ben.update(agreement_id, bens_decision(EvaluationDecision.DISSOLVE))
        await wait_for(pilot, lambda: "dissolved without blame" in line(screen, "decision-line"))
        await wait_for(pilot, lambda: line(screen, "review-status").startswith("Read-only: terminated"))
        assert all(c.disabled for c in screen.query("Input, Select, TextArea"))

        ben.update(agreement_id, lambda a: lifecycle.reopen(a, "ben", now(), "Too soon"))
        await wait_for(pilot, lambda: "read-only" not in line(screen, "review-status").lower())
        assert line(screen, "decision-line").startswith("Not decided yet")
        # The keys typed next have somewhere to go: the first field, not the read-only form.
        fields = list(screen.query("Input, Select, TextArea"))
        await wait_for(pilot, lambda: app.focused in fields and not app.focused.disabled)
        area = screen.query_one("#change-mentee", TextArea)
        assert not area.disabled and area.text == "More practice"
        area.focus()
        area.move_cursor(area.document.end)
        await paste_text(pilot, " after all")
        await saved(pilot)
        stored = Store(tmp_path).load(agreement_id)
        assert stored.status is not AgreementStatus.TERMINATED
        draft = lifecycle.draft_of(stored, EvaluationKind.END)
        assert draft is not None and draft.reflections[0].change == "More practice after all"

        ben.update(agreement_id, bens_decision(EvaluationDecision.EXTEND))
        await wait_for(pilot, lambda: "end 2027-06-30" in line(screen, "review-title"))
        await wait_for(pilot, lambda: "extended to 2027-06-30" in line(screen, "decision-line"))
        assert "read-only" in line(screen, "review-status")


def test_deciding_an_evaluation_already_decided_is_refused(tmp_path):
    """`lifecycle.decide` on a review decided meanwhile (the copy passed in still undecided)
    raises, naming the decision, instead of replacing it."""
    agreement_id = store_filled(tmp_path)
    stale = Store(tmp_path).load(agreement_id)
    review = lifecycle.current_review(stale, EvaluationKind.END)
    extended = bens_decision(EvaluationDecision.EXTEND)(stale)
    with pytest.raises(ValidationError) as refused:
        lifecycle.decide(extended, review, EvaluationDecision.COMPLETE, date(2027, 7, 1), "ana", now())
    assert refused.value.problems[0].sentence == (
        f"This evaluation was already decided on {TODAY.isoformat()}: extended to 2027-06-30."
    )
