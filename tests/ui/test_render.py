"""mentortui.render leaves out of a partial update the widgets that cannot draw in it: every
update sent to the terminal must be exactly what Textual's own compositor sends."""

from __future__ import annotations

from textual._compositor import Compositor

from mentortui import render
from mentortui.app import MentorApp
from mentortui.model import Agreement, Goal, Party
from mentortui.model.sample import sample_agreement
from mentortui.store import Store

from .pilot import SIZE, go_to_step, saved, type_text
from .test_typing import burst, open_editor_on


async def test_every_partial_update_is_what_textual_itself_would_send(tmp_path, monkeypatch):
    created = Store(tmp_path).create(sample_agreement(meetings=20).edit(title="A pair"))
    Store(tmp_path).create(
        Agreement(title="B pair", mentee=Party("Cy"), mentor=Party("Dee"), goals=(Goal(title="Learn"),))
    )
    partial = Compositor.render_partial_update
    compared = []

    def both(self: Compositor):
        dirty = set(self._dirty_regions)
        render.uninstall()
        try:
            theirs = partial(self)
        finally:
            render.install()
        self._dirty_regions.update(dirty)
        ours = partial(self)
        console = app.console
        assert (ours is None) == (theirs is None)
        if ours is not None:
            assert ours.render_segments(console) == theirs.render_segments(console)
            compared.append(len(ours.spans))
        return ours

    monkeypatch.setattr(Compositor, "render_partial_update", both)
    app = MentorApp(tmp_path, user="ana")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("down", "up")  # the list: the cursor and the dashboard under it
        editor = await open_editor_on(pilot, created.id)
        await pilot.press("end")
        burst(pilot, " and a title far longer than the field it is typed in, to scroll")
        await pilot.pause(0.2)
        await pilot.press("tab")
        await type_text(pilot, "x")
        await pilot.press("backspace")
        await go_to_step(pilot, 2)  # goals: a table
        await pilot.press("down", "up", "a")  # a goal dialog over the step
        await pilot.pause()
        await type_text(pilot, "A goal")
        await pilot.press("escape")
        await pilot.pause()
        await go_to_step(pilot, 5)
        await saved(pilot)
        assert editor.is_attached
    assert len(compared) > 30, compared  # the updates of every key were compared
