"""A goal deleted by someone else while its screen is open here: the screen stays, says who
deleted it, keeps every key typed in its fields (none reach the editor under it), and offers
ctrl+y to keep the goal (put back as on the screen) or ctrl+t to let it go.

Ben is another Store (another process's view of the file) deleting the goal while Ana's app runs.
"""

from __future__ import annotations

import pytest
from textual.widgets import Input

from mentortui.app import MentorApp
from mentortui.commands import binding_commands
from mentortui.model import Agreement, Goal, Party
from mentortui.screens.agreement.editor import AgreementEditor
from mentortui.screens.agreement.goal import GoalScreen
from mentortui.screens.agreement.milestone import MilestoneScreen
from mentortui.store import Store

from .pilot import SIZE, answer, footer_keys, go_to_step, keys, message_at, rows_of, saved, tab_to, type_text, wait_for
from .test_typing import burst, open_editor_on

METRICS = "Cost of flights"


def make_agreement(tmp_path) -> Agreement:
    """Ana and Ben's agreement with two goals, the first "Blog", and evaluation metrics."""
    return Store(tmp_path).create(
        Agreement(
            title="T1",
            mentee=Party("Ana"),
            mentor=Party("Ben"),
            goals=(Goal(title="Blog"), Goal(title="Run")),
            evaluation_metrics=METRICS,
        )
    )


async def open_first_goal(pilot, agreement_id: str) -> tuple[AgreementEditor, GoalScreen]:
    """Open the agreement, go to Goals, e on the first goal; the cursor at the end of its title."""
    editor = await open_editor_on(pilot, agreement_id)
    await go_to_step(pilot, 2)
    await keys(pilot, "e")
    await wait_for(pilot, lambda: isinstance(pilot.app.screen, GoalScreen))
    screen = pilot.app.screen
    await keys(pilot, "end")
    return editor, screen


def ben_deletes_the_first_goal(tmp_path, agreement_id: str) -> Agreement:
    """Ben's app deletes the goal "Blog" (d, y on the goals step): saved from the copy he opened."""
    ben = Store(tmp_path, user="ben")
    opened = ben.load(agreement_id)
    return ben.save(opened.edit(goals=opened.goals[1:]), base=opened)


def heading(screen: GoalScreen) -> str:
    return str(screen.query_one("#goal-heading").render())


def said_deleted(pilot, screen: GoalScreen) -> bool:
    """The goal screen says the goal was deleted (or, as before the fix, it closed)."""
    return pilot.app.screen is not screen or "deleted" in heading(screen).lower()


async def ana_keeps_typing_on_the_deleted_goal(pilot, tmp_path, agreement_id, editor, screen) -> None:
    """What Ana sees once Ben's deletion landed, and the keys she types then: all on the goal
    screen, none in the editor under it, nothing of them saved yet."""
    await wait_for(pilot, lambda: said_deleted(pilot, screen))
    assert pilot.app.screen is screen, "the goal screen stays open"
    await type_text(pilot, "!")
    await tab_to(pilot, "specific")
    await type_text(pilot, "Blog views")
    assert pilot.app.screen is screen
    assert screen.query_one("#specific", Input).value == "Blog views", "the keys are in the goal's field"

    said = message_at(screen, "title")
    assert "ben" in said and "deleted" in said.lower(), said
    assert "not kept" not in said, "nothing saved was dropped here: the message says what happened"
    assert "ctrl+y" in said and "ctrl+t" in said
    assert "ben" in heading(screen)
    shown = {(k.key, k.description) for k in footer_keys(screen) if k.enabled}
    assert {("ctrl+y", "Keep it"), ("ctrl+t", "Let it go")} <= shown, shown
    titles = [c.title for c in binding_commands(pilot.app, screen)]
    assert any("Keep this goal" in t for t in titles) and any("Let this goal go" in t for t in titles), titles

    await saved(pilot)
    stored = Store(tmp_path).load(agreement_id)
    assert [g.title for g in stored.goals] == ["Run"], "Ben's deletion stands until Ana chooses"
    assert stored.evaluation_metrics == METRICS, "no key reached the editor's fields"
    assert editor.query_one("#evaluation_metrics").text == METRICS


async def keep_or_let_go(pilot, tmp_path, agreement_id, editor, screen, choice: str, title: str) -> None:
    """ctrl+y: the goal is back on disk where it was, as on the screen, and the screen goes on
    saving as before; ctrl+t: the screen closes and the goal stays deleted."""
    await keys(pilot, choice)
    await saved(pilot)
    stored = Store(tmp_path).load(agreement_id)
    assert stored.evaluation_metrics == METRICS
    if choice == "ctrl+y":
        assert pilot.app.screen is screen
        assert [g.title for g in stored.goals] == [title, "Run"]
        assert stored.goals[0].specific == "Blog views"
        assert message_at(screen, "title") == "" and "deleted" not in heading(screen).lower()
        assert not editor.conflicts
        await type_text(pilot, " daily")
        await saved(pilot)
        assert Store(tmp_path).load(agreement_id).goals[0].specific == "Blog views daily", "saved as before"
    else:
        await wait_for(pilot, lambda: pilot.app.screen is editor)
        assert [g.title for g in stored.goals] == ["Run"]
        assert [g.title for g in editor.agreement.goals] == ["Run"]
        assert not editor.conflicts
        await type_text(pilot, "x")  # the editor is as it was: nothing typed on the goal screen in it
        await saved(pilot)
        assert Store(tmp_path).load(agreement_id).evaluation_metrics == METRICS


@pytest.mark.parametrize("choice", ["ctrl+y", "ctrl+t"])
async def test_typed_and_saved_before_the_deletion(tmp_path, quick_watch, choice):
    created = make_agreement(tmp_path)
    app = MentorApp(tmp_path, user="ana")
    async with app.run_test(size=SIZE) as pilot:
        editor, screen = await open_first_goal(pilot, created.id)
        await type_text(pilot, " weekly")
        await saved(pilot)
        assert [g.title for g in Store(tmp_path).load(created.id).goals] == ["Blog weekly", "Run"]

        deleted = ben_deletes_the_first_goal(tmp_path, created.id)
        await wait_for(pilot, lambda: editor.base.revision >= deleted.revision)
        await ana_keeps_typing_on_the_deleted_goal(pilot, tmp_path, created.id, editor, screen)
        await keep_or_let_go(pilot, tmp_path, created.id, editor, screen, choice, "Blog weekly!")


@pytest.mark.parametrize("choice", ["ctrl+y", "ctrl+t"])
async def test_typing_while_the_deletion_lands(tmp_path, quick_watch, choice):
    created = make_agreement(tmp_path)
    app = MentorApp(tmp_path, user="ana")
    async with app.run_test(size=SIZE) as pilot:
        editor, screen = await open_first_goal(pilot, created.id)
        editor.saver.pause = 60  # unsaved until Ben's save makes it save (and merge)
        await type_text(pilot, " weekly")
        ben_deletes_the_first_goal(tmp_path, created.id)
        burst(pilot, " views")  # queued at once, handled while the deletion comes in
        await ana_keeps_typing_on_the_deleted_goal(pilot, tmp_path, created.id, editor, screen)
        assert screen.query_one("#title", Input).value == "Blog weekly views!", "every key kept, in order"
        await keep_or_let_go(pilot, tmp_path, created.id, editor, screen, choice, "Blog weekly views!")


async def on_a_goal_ben_deleted(pilot, tmp_path, agreement_id: str):
    """Ana on the first goal's screen, which Ben has just deleted (her screen says so)."""
    editor, screen = await open_first_goal(pilot, agreement_id)
    ben_deletes_the_first_goal(tmp_path, agreement_id)
    await wait_for(pilot, lambda: said_deleted(pilot, screen))
    return editor, screen


async def test_escape_on_a_deleted_goal_asks_before_letting_it_go(tmp_path, quick_watch):
    created = make_agreement(tmp_path)
    app = MentorApp(tmp_path, user="ana")
    async with app.run_test(size=SIZE) as pilot:
        editor, screen = await on_a_goal_ben_deleted(pilot, tmp_path, created.id)
        await type_text(pilot, " weekly")
        await keys(pilot, "escape")
        await answer(pilot, "n")
        await wait_for(pilot, lambda: app.screen is screen)
        assert screen.query_one("#title", Input).value == "Blog weekly"
        await keys(pilot, "escape")
        await answer(pilot, "y")
        await wait_for(pilot, lambda: app.screen is editor)
        await saved(pilot)
        assert [g.title for g in Store(tmp_path).load(created.id).goals] == ["Run"]


async def test_a_milestone_saved_in_its_dialog_as_the_goal_is_deleted_is_kept_with_it(tmp_path, quick_watch):
    created = make_agreement(tmp_path)
    app = MentorApp(tmp_path, user="ana")
    async with app.run_test(size=SIZE) as pilot:
        _editor, screen = await open_first_goal(pilot, created.id)
        await tab_to(pilot, "milestones")
        await keys(pilot, "a")
        await wait_for(pilot, lambda: isinstance(app.screen, MilestoneScreen))
        await type_text(pilot, "First post")
        ben_deletes_the_first_goal(tmp_path, created.id)
        await keys(pilot, "ctrl+s")
        await wait_for(pilot, lambda: said_deleted(pilot, screen))
        assert app.screen is screen
        assert rows_of(screen, "milestones")[0][0] == "First post", "the milestone is on the goal screen"
        await keys(pilot, "ctrl+y")
        await saved(pilot)
        [goal, _run] = Store(tmp_path).load(created.id).goals
        assert goal.title == "Blog" and [m.title for m in goal.milestones] == ["First post"]


async def test_stopping_with_a_deleted_goal_open_keeps_it_in_the_exports(tmp_path, quick_watch):
    created = make_agreement(tmp_path)
    app = MentorApp(tmp_path, user="ana")
    async with app.run_test(size=SIZE) as pilot:
        await on_a_goal_ben_deleted(pilot, tmp_path, created.id)
        await type_text(pilot, " typed after the deletion")
        await app.stop()
    [kept] = sorted((tmp_path / "exports").rglob("*-unsaved-*.md"))
    assert "Blog typed after the deletion" in kept.read_text()
    assert [g.title for g in Store(tmp_path).load(created.id).goals] == ["Run"], "not put back unasked"
