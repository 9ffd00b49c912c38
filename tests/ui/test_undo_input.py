"""ctrl+z in a one-line field: a key typed over a selected text no longer loses it for good."""

from __future__ import annotations

from textual.widgets import Input

from mentortui.app import MentorApp
from mentortui.model import Agreement, Party
from mentortui.store import Store

from .pilot import SIZE, saved, type_text
from .test_typing import open_editor_on


async def test_ctrl_z_brings_back_a_name_typed_over_and_saves_it(tmp_path):
    created = Store(tmp_path).create(Agreement(title="Year one", mentee=Party("Ana Silva"), mentor=Party("Ben Okafor")))
    app = MentorApp(tmp_path, user="ana")
    async with app.run_test(size=SIZE) as pilot:
        editor = await open_editor_on(pilot, created.id)
        name = editor.query_one("#mentor-name", Input)
        name.focus()
        await pilot.pause()
        name.select_all()  # as when Tab reaches it
        await type_text(pilot, "abc")
        await saved(pilot)
        assert Store(tmp_path).load(created.id).mentor.name == "abc"
        await pilot.press("ctrl+z")
        await saved(pilot)
        assert name.value == "Ben Okafor"
        assert Store(tmp_path).load(created.id).mentor.name == "Ben Okafor", "undone is saved"
        await pilot.press("ctrl+z")  # nothing more to undo: the value loaded is not the person's
        await pilot.pause()
        assert name.value == "Ben Okafor"


async def test_a_value_brought_by_someone_elses_save_is_not_undone(tmp_path, quick_watch):
    from .test_typing import wait_for

    created = Store(tmp_path).create(Agreement(title="Year one", mentee=Party("Ana"), mentor=Party("Ben")))
    app = MentorApp(tmp_path, user="ana")
    async with app.run_test(size=SIZE) as pilot:
        editor = await open_editor_on(pilot, created.id)
        contact = editor.query_one("#mentee-contact", Input)
        contact.focus()
        await type_text(pilot, "ana@x.org")
        await saved(pilot)
        ben = Store(tmp_path, user="ben")
        ben.save(ben.load(created.id).edit(title="Ben's title"))
        title = editor.query_one("#title", Input)
        await wait_for(pilot, lambda: title.value == "Ben's title")
        title.focus()
        await pilot.press("ctrl+z")
        await saved(pilot)
        assert title.value == "Ben's title", "ctrl+z undoes the person's own changes only"


async def test_a_value_put_into_the_field_being_typed_in_takes_the_next_key_at_its_end():
    from textual.app import App, ComposeResult

    from mentortui.widgets.safe_text import SafeInput

    class One(App[None]):
        def compose(self) -> ComposeResult:
            yield SafeInput("A1", id="field")

    app = One()
    async with app.run_test() as pilot:
        field = app.query_one(SafeInput)
        field.focus()
        field.cursor_position = 1  # the cursor after "A", as someone had it
        with field.prevent(Input.Changed):  # the app puts the other person's value in
            field.value = "A1 ben1 more"
        await pilot.pause()
        await pilot.press("X")
        assert field.value == "A1 ben1 moreX"
