"""A conflict settled at the field: ctrl+t puts their value in it, ctrl+y overwrites only what was
shown, and settling one goal's conflict keeps everything else the other person saved.

The other person is another Store (another process's view of the file) saving while the app runs.
"""

from __future__ import annotations

import pytest
from textual.widgets import Input, Static

from mentortui.app import MentorApp
from mentortui.model import Agreement, Goal, Milestone, Party
from mentortui.screens.agreement.goal import GoalScreen
from mentortui.store import Store

from .pilot import SIZE, go_to_step, keys, message_at, saved, type_text
from .test_typing import open_editor_on, wait_for


async def test_ctrl_t_puts_theirs_in_the_field_and_the_next_keys_edit_it(tmp_path):
    created = Store(tmp_path).create(Agreement(title="T1", mentee=Party("Ana"), mentor=Party("Ben")))
    app = MentorApp(tmp_path, user="ana")
    async with app.run_test(size=SIZE) as pilot:
        editor, title, _ben = await both_change_the_title(pilot, tmp_path, created, "-A7", "ben", "T1-B7more")
        assert title.value == "T1-A7" and "T1-B7more" in message_at(editor, "title")

        await keys(pilot, "ctrl+t")
        await pilot.pause()
        assert title.value == "T1-B7more", "theirs is in the field"
        assert editor.agreement.title == "T1-B7more", "and in the draft"
        assert not editor.conflicts and message_at(editor, "title") == "", "nothing held, nobody misnamed"
        await type_text(pilot, "zz")
        await saved(pilot)
        assert title.value == "T1-B7morezz"
        assert Store(tmp_path).load(created.id).title == "T1-B7morezz", "the keys edited their value"


async def both_change_the_title(pilot, tmp_path, created, typed: str, other: str, theirs: str):
    """The person at the keyboard types ``typed`` at the end of the title, unsaved, while
    ``other`` saves ``theirs``: the conflict stands on screen. The editor, its title field
    and the other person's store."""
    editor = await open_editor_on(pilot, created.id)
    editor.saver.pause = 60  # unsaved until saved() flushes it, after the other's save
    title = editor.query_one("#title", Input)
    await keys(pilot, "end")
    await type_text(pilot, typed)
    store = Store(tmp_path, user=other)
    store.save(store.load(created.id).edit(title=theirs))
    await saved(pilot)
    await wait_for(pilot, lambda: bool(editor.conflicts))
    return editor, title, store


async def ben_and_ana_both_change_the_title(pilot, tmp_path, created):
    """Ben types "Ben" at the end of the title, unsaved, while Ana saves "T1moreQ"."""
    return await both_change_the_title(pilot, tmp_path, created, "Ben", "ana", "T1moreQ")


async def test_the_conflict_note_follows_their_saves_and_ctrl_y_overwrites_what_it_shows(tmp_path, quick_watch):
    created = Store(tmp_path).create(Agreement(title="T1", mentee=Party("Ana"), mentor=Party("Ben")))
    app = MentorApp(tmp_path, user="ben")
    async with app.run_test(size=SIZE) as pilot:
        editor, title, ana = await ben_and_ana_both_change_the_title(pilot, tmp_path, created)
        assert "T1moreQ" in message_at(editor, "title")

        ana.save(ana.load(created.id).edit(title="T1moreQRS"))
        await wait_for(pilot, lambda: "T1moreQRS" in message_at(editor, "title"))
        assert "ana" in message_at(editor, "title")
        ana.save(ana.load(created.id).edit(title="T1Ana123zzyy", mentor_hopes="Ana's hopes"))
        await wait_for(pilot, lambda: "T1Ana123zzyy" in message_at(editor, "title"))
        assert title.value == "T1Ben", "mine stays on screen while the conflict stands"
        assert Store(tmp_path).load(created.id).title == "T1Ana123zzyy"

        await keys(pilot, "ctrl+y")
        await saved(pilot)
        stored = Store(tmp_path).load(created.id)
        assert stored.title == "T1Ben" and stored.mentor_hopes == "Ana's hopes"
        assert not editor.conflicts and message_at(editor, "title") == ""


async def test_ctrl_t_after_their_later_save_takes_their_latest_value(tmp_path, quick_watch):
    created = Store(tmp_path).create(Agreement(title="T1", mentee=Party("Ana"), mentor=Party("Ben")))
    app = MentorApp(tmp_path, user="ben")
    async with app.run_test(size=SIZE) as pilot:
        editor, title, ana = await ben_and_ana_both_change_the_title(pilot, tmp_path, created)
        ana.save(ana.load(created.id).edit(title="T1moreQRS"))
        await wait_for(pilot, lambda: "T1moreQRS" in message_at(editor, "title"))

        await keys(pilot, "ctrl+t")
        await saved(pilot)
        assert title.value == "T1moreQRS" and not editor.conflicts
        assert Store(tmp_path).load(created.id).title == "T1moreQRS"


@pytest.mark.parametrize("settle", ["ctrl+y", "ctrl+t"])
async def test_settling_a_goal_keeps_their_later_milestone_edit(tmp_path, quick_watch, settle):
    created = Store(tmp_path).create(
        Agreement(
            mentee=Party("Ana"),
            mentor=Party("Ben"),
            goals=(
                Goal(title="Publish"),
                Goal(title="Learn Rust", milestones=(Milestone(title="Write hello world"),)),
            ),
        )
    )
    app = MentorApp(tmp_path, user="ana")
    async with app.run_test(size=SIZE) as pilot:
        editor = await open_editor_on(pilot, created.id)
        editor.saver.pause = 60
        await go_to_step(pilot, 2)
        await keys(pilot, "e")
        await wait_for(pilot, lambda: isinstance(app.screen, GoalScreen))
        await keys(pilot, "end")
        await type_text(pilot, " by Ana")
        ben = Store(tmp_path, user="ben")
        first = ben.load(created.id)
        ben.save(first.edit(goals=(first.goals[0].edit(title="Publish by Ben"), first.goals[1])))
        await saved(pilot)
        await wait_for(pilot, lambda: bool(editor.conflicts))
        goal_screen = app.screen
        await wait_for(pilot, lambda: "Also changed by" in message_at(goal_screen, "title"))
        assert "Also changed by ben (theirs: “Publish by Ben”)" in message_at(goal_screen, "title")
        await keys(pilot, "escape")
        await wait_for(pilot, lambda: app.screen is editor)
        problems = editor.query_one("#goals-problems", Static)
        assert "Publish by Ben" in str(problems.render()), "the conflict is said on the goals step"

        # Ben goes on with something else: a milestone of the other goal.
        later = ben.load(created.id)
        rust = later.goals[1]
        milestone = rust.milestones[0].edit(title="Write hello world in Rust")
        ben.save(later.edit(goals=(later.goals[0], rust.edit(milestones=(milestone,)))))
        await wait_for(pilot, lambda: editor.base.revision == later.revision + 1)
        await pilot.pause()

        await keys(pilot, settle)
        await saved(pilot)
        stored = Store(tmp_path).load(created.id)
        first_title = "Publish by Ana" if settle == "ctrl+y" else "Publish by Ben"
        assert [g.title for g in stored.goals] == [first_title, "Learn Rust"]
        assert [g.title for g in editor.agreement.goals] == [first_title, "Learn Rust"]
        assert first_title in str(editor.query_one("#goals-table").render_line(1).text), "and on screen"
        assert stored.goals[1].milestones[0].title == "Write hello world in Rust", "their later edit is kept"
        assert editor.agreement.goals[1].milestones[0].title == "Write hello world in Rust"
        assert not editor.conflicts


async def test_a_conflict_on_a_long_field_name_is_said_whole_in_the_status_line(tmp_path, quick_watch):
    from mentortui.screens.agreement.editor import STATUS_ROOM, StatusLine

    created = Store(tmp_path).create(Agreement(mentee=Party("Ana"), mentor=Party("Ben")))
    app = MentorApp(tmp_path, user="ana")
    async with app.run_test(size=SIZE) as pilot:
        editor = await open_editor_on(pilot, created.id)
        editor.saver.pause = 60  # unsaved when Ben's save of the same field is seen
        await go_to_step(pilot, 4)
        editor.query_one("#mentee_hopes").focus()
        await type_text(pilot, "Mine")
        ben = Store(tmp_path, user="ben")
        ben.save(ben.load(created.id).edit(mentee_hopes="Theirs", mentor_hopes="Also theirs"))
        await wait_for(pilot, lambda: bool(editor.conflicts))
        status = editor.query_one("#save-status", StatusLine)
        await wait_for(pilot, lambda: "also changed" in status.text)
        assert "mentee's hopes" in status.text and status.text.endswith("^y or ^t")
        assert status.text.count("mentee's hopes") == 1, "the field in conflict is named once"
        assert len(status.text) <= STATUS_ROOM, status.text  # the line at 80 columns


async def test_a_conflict_shows_theirs_where_it_differs_from_yours(tmp_path):
    start = "I hope to learn public speaking "
    created = Store(tmp_path).create(Agreement(mentee=Party("Ana"), mentor=Party("Ben"), mentee_hopes=start))
    app = MentorApp(tmp_path, user="ana")
    async with app.run_test(size=SIZE) as pilot:
        editor = await open_editor_on(pilot, created.id)
        editor.saver.pause = 60  # unsaved when Ben's save of the same field lands
        await go_to_step(pilot, 4)
        hopes = editor.query_one("#mentee_hopes")
        hopes.focus()
        hopes.move_cursor(hopes.document.end)
        await type_text(pilot, "in small groups")
        ben = Store(tmp_path, user="ben")
        ben.save(ben.load(created.id).edit(mentee_hopes=start + "at two conferences this year"))
        await saved(pilot)
        await wait_for(pilot, lambda: bool(editor.conflicts))
        said = message_at(editor, "mentee_hopes")
        assert "at two conferences this year" in said, said  # where they differ, not the shared start
        assert "ctrl+y keeps yours" in said
