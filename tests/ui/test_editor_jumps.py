"""Pilot tests of the Review & sign jumps: each missing item lands on a control in view."""

from __future__ import annotations

from datetime import UTC, date, datetime

from textual.widgets import OptionList

from mentortui.app import MentorApp
from mentortui.model import Goal, Party, TentativeMeeting
from mentortui.screens.agreement.goal import GoalScreen
from mentortui.widgets.steps_bar import StepsBar
from mentortui.widgets.tick_box import TickBox

from .pilot import SIZE, go_to_step, keys, open_editor

#: A goal's SMART gaps as the missing list shows them, and the goal's field each opens on.
GAP_FIELDS = {
    "• goal 1: not yet specific": "specific",
    "• goal 1: not yet measurable": "measurable",
    "• goal 1: not yet achievable": "achievable",
    "• goal 1: not yet relevant": "relevant",
    "• goal 1: no target date (time-bound)": "target_date",
}


def prompts_of(listing: OptionList) -> list[str]:
    """The missing list's items as shown."""
    return [str(listing.get_option_at_index(i).prompt) for i in range(listing.option_count)]


def in_view(app) -> bool:
    """True when the focused control is drawn whole inside its step's visible area."""
    focused = app.focused
    step = app.screen.steps[app.screen.current]
    return focused is not None and step.scrollable_content_region.contains_region(focused.region)


async def jump_to(pilot, item: str):
    """On Review & sign: highlight the missing item shown as ``item`` and press Enter."""
    editor = pilot.app.screen
    editor.show_step(4)  # back to Review & sign (ctrl+g 5 is covered elsewhere)
    listing = editor.query_one("#missing", OptionList)
    listing.focus()
    listing.highlighted = prompts_of(listing).index(item)
    await keys(pilot, "enter")
    await pilot.pause()
    return pilot.app.focused


async def test_not_yet_agreed_value_jumps_to_its_tick_box(tmp_path):
    app = MentorApp(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        editor, _ = await open_editor(pilot, tmp_path, mentee=Party("Ana"), mentor=Party("Ben"))
        await go_to_step(pilot, 5)
        items = [p for p in prompts_of(editor.query_one("#missing", OptionList)) if "not yet agreed" in p]
        assert items, "the new agreement's values are not agreed yet"
        for item in items:
            focused = await jump_to(pilot, item)
            assert editor.query_one(StepsBar).current == 3, item
            assert isinstance(focused, TickBox) and focused.id.endswith("-agreed"), item
            assert item.removeprefix("• not yet agreed: ") in str(focused.label), item
            assert in_view(app), item


async def test_every_missing_item_jumps_to_a_control_in_view(tmp_path):
    app = MentorApp(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        editor, _ = await open_editor(
            pilot,
            tmp_path,
            mentee=Party("Ana"),
            mentor=Party("Ben"),
            start_date=date(2026, 1, 1),
            end_date=date(2026, 6, 30),
            goals=(Goal(title="Pass the exam"),),
            # A row outside the agreement's dates, under a table of rows far down the step.
            tentative_meetings=tuple(
                TentativeMeeting(when=datetime(2026, month, 3, 10, tzinfo=UTC)) for month in range(1, 8)
            ),
        )
        await go_to_step(pilot, 5)
        items = prompts_of(editor.query_one("#missing", OptionList))
        assert "• the mentor's career stage" in items and "• the kind of mentorship" in items
        assert "• this date is outside the agreement's dates" in items and "• goal 1: not yet specific" in items
        for item in items:
            focused = await jump_to(pilot, item)
            if item.startswith("• goal 1: "):  # a SMART gap: the goal's own screen, on that field
                assert isinstance(app.screen, GoalScreen), item
                assert focused is not None and focused.id == GAP_FIELDS[item], item
                assert app.screen.query_one("#goal-form").scrollable_content_region.contains_region(focused.region)
                await keys(pilot, "escape")
                await pilot.pause()
                assert app.screen is editor
                continue
            assert editor.current != 4, f"{item}: jumped"
            assert in_view(app), f"{item}: #{focused.id} is out of view"
        assert set(GAP_FIELDS) <= set(items)
