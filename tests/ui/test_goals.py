"""Pilot tests of the Goals step and the goal screen: add, edit, reorder, delete, messages."""

from __future__ import annotations

from datetime import date

from textual.widgets import Input, Static, TextArea

from mentortui.app import MentorApp
from mentortui.model import Agreement, Goal, Milestone, Party, Role
from mentortui.screens.agreement.editor import AgreementEditor
from mentortui.screens.agreement.goal import GoalScreen
from mentortui.screens.agreement.milestone import MilestoneScreen
from mentortui.screens.common.confirm import ConfirmScreen
from mentortui.store import Store
from mentortui.widgets.record_table import RecordTable

from ..planted import plant
from .pilot import (
    SIZE,
    add_goal,
    answer,
    blanked,
    create_agreement,
    escape_asks_first,
    keys,
    message_at,
    open_step,
    paste_text,
    rows_of,
    saved,
    type_text,
)

START, END = date(2026, 1, 1), date(2026, 12, 31)


def make_agreement(tmp_path, *goals: Goal) -> str:
    """An agreement between Ana and Ben for 2026, stored, with the given goals; its id."""
    return create_agreement(
        tmp_path,
        mentee=Party("Ana"),
        mentor=Party("Ben"),
        start_date=START,
        end_date=END,
        goals=goals,
    )


async def open_goals_step(pilot) -> None:
    """From the home screen: open the agreement, go to the Goals step."""
    await open_step(pilot, 2)
    assert pilot.app.focused.id == "goals-table", "the goals table has the focus"


def goal_rows(app) -> list[list[str]]:
    """The goals table of the editor, as plain strings."""
    return rows_of(app.screen, "goals-table")


LEAD = Goal(
    title="Lead a meeting",
    owner=Role.MENTEE,
    specific="Weekly team call",
    measurable="3 calls led",
    achievable="Ben coaches",
    relevant="For promotion",
    target_date=date(2026, 6, 30),
    milestones=(
        Milestone("Agenda", due=date(2026, 3, 1), done_on=date(2026, 2, 20)),
        Milestone("Lead one", due=date(2026, 5, 15)),
    ),
    resources_needed="A guide",
    potential_obstacles="Nerves",
    baseline_rating=2,
    id="",
)
PUBLISH = Goal(
    title="Publish a case",
    owner=Role.MENTOR,
    specific="In a journal",
    measurable="Accepted",
    achievable="Data at hand",
    relevant="Ben's field",
    target_date=date(2026, 11, 30),
    milestones=(Milestone("Draft", due=date(2026, 8, 1)),),
    resources_needed="Library",
    potential_obstacles="Delays",
    baseline_rating=4,
    id="",
)


async def test_goals_typed_by_keys_are_stored_exactly(tmp_path):
    agreement_id = make_agreement(tmp_path)
    app = MentorApp(tmp_path, user="ana")
    async with app.run_test(size=SIZE) as pilot:
        await open_goals_step(pilot)
        await add_goal(pilot, LEAD)
        await add_goal(pilot, PUBLISH)
        assert [row[:4] for row in goal_rows(app)] == [
            ["1", "mentee", "Lead a meeting", "2026-06-30"],
            ["2", "mentor", "Publish a case", "2026-11-30"],
        ]
        late = "⚠ 0 %"  # both target dates, in 2026, have passed by now (the timeline says overdue)
        assert [row[4:] for row in goal_rows(app)] == [[late, "✓"], [late, "✓"]]

        await pilot.press("up", "right_square_bracket")  # move the first goal down
        await pilot.pause()
        assert [row[2] for row in goal_rows(app)] == ["Publish a case", "Lead a meeting"]
        assert app.focused.id == "goals-table"

        await pilot.press("a")
        await pilot.pause()
        await paste_text(pilot, "Drop me")
        await pilot.press("escape")
        await pilot.pause()
        assert [row[2] for row in goal_rows(app)][-1] == "Drop me"
        await pilot.press("d")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("n")
        await pilot.pause()
        assert len(goal_rows(app)) == 3, "answering no keeps the goal"
        await pilot.press("d")
        await answer(pilot, "y")
        await pilot.pause()
        assert [row[2] for row in goal_rows(app)] == ["Publish a case", "Lead a meeting"]

        await keys(pilot, "tab")
        assert app.focused.id == "evaluation_metrics"
        await paste_text(pilot, "Ana chairs")
        await keys(pilot, "enter")
        await paste_text(pilot, "Paper out")
        await pilot.pause()

    stored = Store(tmp_path).load(agreement_id)
    assert blanked(stored.goals, id="") == blanked((PUBLISH, LEAD), id="")
    assert stored.evaluation_metrics == "Ana chairs\nPaper out"
    assert stored.updated_by == "ana"


async def test_a_milestone_due_after_the_target_shows_a_message_and_keeps_the_rest(tmp_path):
    goal = Goal(
        title="Write a paper",
        specific="One paper",
        target_date=date(2026, 6, 30),
        milestones=(Milestone("Outline", due=date(2026, 3, 1)), Milestone("Draft")),
    )
    agreement_id = make_agreement(tmp_path, goal)
    app = MentorApp(tmp_path, user="ana")
    async with app.run_test(size=SIZE) as pilot:
        await open_goals_step(pilot)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, GoalScreen)
        await pilot.press("shift+tab")  # from the title back round to the milestones
        assert app.focused.id == "milestones"
        await pilot.press("e")
        await pilot.pause()
        assert isinstance(app.screen, MilestoneScreen)
        await pilot.press("tab", "ctrl+u")
        await type_text(pilot, "20261340")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, MilestoneScreen), "a bad date keeps the dialog open"
        assert "is not a date" in message_at(app.screen, "due")
        await pilot.press("ctrl+u")
        await type_text(pilot, "20260901")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, GoalScreen)
        assert message_at(app.screen, "milestones") == (
            "Milestone 1: this milestone is due after the goal's target date."
        )
        assert message_at(app.screen, "title") == ""
        assert app.screen.query_one("#title", Input).value == "Write a paper"
        assert app.screen.query_one("#specific", Input).value == "One paper"
        assert app.screen.query_one("#target_date", Input).value == "2026-06-30"
        await pilot.press("escape")
        await pilot.pause()
        assert goal_rows(app)[0][2] == "Write a paper"
        problems = str(app.screen.query_one("#goals-problems", Static).render())
        assert problems == "Goal 1, milestone 1: this milestone is due after the goal's target date."

    [stored] = Store(tmp_path).load(agreement_id).goals
    assert stored == goal.edit(milestones=(goal.milestones[0].edit(due=date(2026, 9, 1)), goal.milestones[1]))


async def test_an_invalid_target_date_keeps_the_old_one(tmp_path):
    goal = Goal(title="Write a paper", target_date=date(2026, 6, 30))
    agreement_id = make_agreement(tmp_path, goal)
    app = MentorApp(tmp_path, user="ana")
    async with app.run_test(size=SIZE) as pilot:
        await open_goals_step(pilot)
        await pilot.press("e")
        await pilot.pause()
        await pilot.press(*["tab"] * 6)
        assert app.focused.id == "target_date"
        await type_text(pilot, "20260231")  # over the old date, selected when tabbed into
        await pilot.pause()
        assert "'2026-02-31' is not a date" in message_at(app.screen, "target_date")
        await pilot.press(*["shift+tab"] * 6, "end")
        assert app.focused.id == "title"
        await type_text(pilot, " soon")
        await saved(pilot)
        assert Store(tmp_path).load(agreement_id).goals == (goal.edit(title="Write a paper soon"),), (
            "the rest is saved; the date keeps its old value"
        )
        await escape_asks_first(pilot)  # leaving with a bad date asks first
        assert app.screen.query_one("#target_date", Input).value == "2026-02-31"
        await pilot.press("escape")
        await answer(pilot, "y")
        await pilot.pause()
        assert isinstance(app.screen, AgreementEditor)
    assert Store(tmp_path).load(agreement_id).goals[0].target_date == date(2026, 6, 30)


async def test_the_smart_hint_names_a_missing_measure(tmp_path):
    goal = Goal(
        title="Speak at a conference",
        specific="A 10-minute talk",
        achievable="Slots are open",
        relevant="Visibility",
        target_date=date(2026, 9, 1),
    )
    agreement_id = make_agreement(tmp_path, goal)
    app = MentorApp(tmp_path, user="ana")
    async with app.run_test(size=SIZE) as pilot:
        await open_goals_step(pilot)
        assert goal_rows(app)[0][5] == "no measure"
        await pilot.press("enter")
        await pilot.pause()
        smart = app.screen.query_one("#smart", Static)
        assert str(smart.render()) == "Not yet SMART: not yet measurable."
        await pilot.press("tab", "tab", "tab")
        assert app.focused.id == "measurable"
        await type_text(pilot, "Talk accepted")
        await pilot.pause()
        assert str(smart.render()) == "SMART ✓"
        await pilot.press("escape")
        await pilot.pause()
        assert goal_rows(app)[0][5] == "✓"

        await pilot.press("ctrl+b")
        await pilot.pause()
        app.screen.query_one("#end_date").focus()
        await type_text(pilot, "20260630")  # now the goal's target date is after the end
        await pilot.press("ctrl+n")
        await pilot.pause()
        assert goal_rows(app)[0][5] == "date outside"
    assert Store(tmp_path).load(agreement_id).goals[0].measurable == "Talk accepted"


async def test_a_goal_added_and_left_blank_is_taken_away(tmp_path):
    agreement_id = make_agreement(tmp_path)
    app = MentorApp(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await open_goals_step(pilot)
        await pilot.press("a")
        await saved(pilot)
        assert Store(tmp_path).load(agreement_id).goals != (), "a new goal is saved at once"
        assert message_at(app.screen, "title") == "", "not told what it lacks before a key"
        await pilot.press("escape")
        await pilot.pause()
        assert goal_rows(app) == []
    assert Store(tmp_path).load(agreement_id).goals == ()


async def test_goal_text_is_shown_as_text_and_problems_jump_to_the_goal(tmp_path):
    plant(
        tmp_path,
        Agreement(
            mentee=Party("Ana"),
            mentor=Party("Ben"),
            start_date=START,
            end_date=END,
            goals=(Goal(title="[b]Bold[/b] \x1b[2J"), Goal(title="Second")),
        ),
    )
    app = MentorApp(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await open_goals_step(pilot)
        table = app.screen.query_one("#goals-table", RecordTable)
        assert str(table.get_row_at(0)[2]) == "[b]Bold[/b] ␛[2J"
        assert table.get_row_at(0)[2].text.spans == []
        app.screen.go_to_field("goals[1].measurable")
        await pilot.pause()
        assert isinstance(app.screen, GoalScreen)
        assert app.focused.id == "measurable"
        assert app.screen.query_one("#title", Input).value == "Second"
        shown = {b.binding.description for b in app.screen.active_bindings.values() if b.binding.show}
        assert {"Done", "Save"} <= shown
        await pilot.press("escape")
        await pilot.pause()
        assert table.cursor_row == 1
        app.screen.go_to_field("goals[0]")
        await pilot.pause()
        assert isinstance(app.screen, AgreementEditor) and table.cursor_row == 0
        assert isinstance(app.screen.query_one("#evaluation_metrics"), TextArea)


async def test_a_goal_past_its_target_date_below_100_percent_is_pointed_out(tmp_path):
    """The timeline marked it overdue; the goals table and the goal's own screen said nothing."""
    from mentortui.model import ProgressEntry

    past = date(2026, 1, 2)  # before today, whenever this runs
    late = Goal(title="Late", target_date=past, progress=(ProgressEntry(40),))
    met = Goal(title="Met", target_date=past, progress=(ProgressEntry(100),))
    ahead = Goal(title="Ahead", target_date=date(2099, 1, 1))
    make_agreement(tmp_path, late, met, ahead)
    app = MentorApp(tmp_path, user="ana")
    async with app.run_test(size=SIZE) as pilot:
        await open_goals_step(pilot)
        assert [row[4] for row in goal_rows(app)] == ["⚠ 40 %", "100 %", "0 %"]
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, GoalScreen)
        assert "The target date has passed, at 40 %" in message_at(app.screen, "target_date")
        await pilot.press("escape", "down", "enter")
        await pilot.pause()
        assert app.screen.goal.title == "Met" and message_at(app.screen, "target_date") == ""


async def test_a_long_list_of_goals_fits_the_width_beside_its_scrollbar(tmp_path) -> None:
    """With more goals than the table shows, its scrollbar takes two columns: every column
    still fits (no sideways scrollbar, the SMART column whole)."""
    make_agreement(tmp_path, *(Goal(title=f"Goal {n}", owner=Role.MENTEE) for n in range(25)))
    app = MentorApp(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await open_step(pilot, 2)
        table = app.screen.query_one("#goals-table", RecordTable)
        assert table.show_vertical_scrollbar, "25 goals scroll"
        assert not table.show_horizontal_scrollbar
        assert table.virtual_size.width <= table.scrollable_content_region.width
        header = table.render_line(0).text
        assert header.rstrip().endswith("SMART"), header


async def test_the_hundredth_goal_shows_its_number_whole(tmp_path) -> None:
    from mentortui.model.hygiene import MAX_GOALS

    make_agreement(tmp_path, *(Goal(title=f"Goal {n}", owner=Role.MENTEE) for n in range(MAX_GOALS)))
    app = MentorApp(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await open_goals_step(pilot)
        await keys(pilot, "end")
        assert goal_rows(app)[-1][0] == "100"
        table = app.screen.query_one("#goals-table", RecordTable)
        drawn = [strip.text for strip in table.render_lines(table.region.reset_offset)]
        assert any(line.lstrip().startswith("100 ") for line in drawn), drawn[-3:]


async def test_adding_past_a_limit_is_refused_when_asked_for_not_on_saving(tmp_path) -> None:
    """At 50 milestones, a opened "New milestone (51)"; the goal then failed to save, with
    "there can be at most 50 here". Now a says why not, and nothing changes."""
    from mentortui.model.hygiene import MAX_GOALS, MAX_MILESTONES

    full = Goal(
        title="Full", milestones=tuple(Milestone(f"Step {n}", due=date(2026, 3, 1)) for n in range(MAX_MILESTONES))
    )
    others = tuple(Goal(title=f"Goal {n}") for n in range(MAX_GOALS - 1))
    agreement_id = make_agreement(tmp_path, full, *others)
    app = MentorApp(tmp_path, user="ana")
    async with app.run_test(size=SIZE) as pilot:
        await open_goals_step(pilot)
        await keys(pilot, "a")
        assert isinstance(app.screen, AgreementEditor), "no goal 101"
        assert any("An agreement has at most 100 goals: this one has 100" in str(n.message) for n in app._notifications)
        await keys(pilot, "enter")  # the first goal, on its screen
        assert isinstance(app.screen, GoalScreen)
        app.screen.query_one("#milestones").focus()
        await keys(pilot, "a")
        assert isinstance(app.screen, GoalScreen), "no milestone 51"
        assert any("A goal has at most 50 milestones: this one has 50" in str(n.message) for n in app._notifications)
    stored = Store(tmp_path).load(agreement_id)
    assert len(stored.goals) == MAX_GOALS and len(stored.goals[0].milestones) == MAX_MILESTONES


async def test_a_goal_just_added_is_not_told_what_it_lacks_before_a_key(tmp_path) -> None:
    make_agreement(tmp_path, LEAD)
    app = MentorApp(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await open_goals_step(pilot)
        await keys(pilot, "a")
        assert isinstance(app.screen, GoalScreen)
        assert message_at(app.screen, "title") == "", "nothing typed yet"
        await type_text(pilot, "x")
        await keys(pilot, "backspace")
        assert message_at(app.screen, "title") == "A goal needs a title."
        assert app.screen.goal.title == "", "a letter typed and taken out again is not kept"


async def test_a_letter_typed_and_taken_out_again_is_not_saved(tmp_path) -> None:
    """The goal screen kept a field "as loaded" by its text: typing x at the end of a title
    and deleting it again made the field equal what was loaded, which stood for the stored
    value, by then the title with the x. The screen showed one title and saved another."""
    agreement_id = make_agreement(tmp_path, LEAD)
    app = MentorApp(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await open_goals_step(pilot)
        await keys(pilot, "enter")
        assert isinstance(app.screen, GoalScreen) and app.focused.id == "title"
        await keys(pilot, "end")
        await type_text(pilot, "x")
        await keys(pilot, "backspace")
        assert app.screen.query_one("#title", Input).value == "Lead a meeting"
        assert app.screen.goal.title == "Lead a meeting"
        await keys(pilot, "escape")
        await saved(pilot)
    assert Store(tmp_path).load(agreement_id).goals[0].title == "Lead a meeting"


def test_the_goals_step_is_ticked_only_when_the_review_lists_none_of_its_goals_as_missing():
    from datetime import date

    from mentortui.model import Agreement, Goal
    from mentortui.model.validation import missing
    from mentortui.screens.agreement.steps.goals import GoalsStep

    smart = Goal(
        title="Publish",
        specific="a paper",
        measurable="accepted",
        achievable="with help",
        relevant="for the post",
        target_date=date(2026, 6, 1),
    )
    agreement = Agreement(
        start_date=date(2026, 1, 1), end_date=date(2026, 12, 31), evaluation_metrics="reviews", goals=(smart,)
    )
    for goal, ticked in (
        (smart, True),
        (smart.edit(specific=""), False),
        (smart.edit(target_date=None), False),
        (smart.edit(target_date=date(2027, 6, 1)), False),
    ):
        shown = agreement.edit(goals=(goal,))
        listed = [p for p in missing(shown) if GoalsStep.owns(p.path)]
        assert GoalsStep.is_complete(shown) is ticked and (not listed) is ticked, (goal, listed)


async def open_first_goal(pilot) -> GoalScreen:
    """From the home screen: the Goals step, then Enter on its first goal; the goal's screen."""
    await open_goals_step(pilot)
    await pilot.press("enter")
    await pilot.pause()
    assert isinstance(pilot.app.screen, GoalScreen)
    return pilot.app.screen


def ben_changes_the_goal(data_dir, agreement_id: str, **changes: str) -> None:
    """Ben, in a session of his own, saves a change to the first goal."""
    ben = Store(data_dir, user="ben")
    stored = ben.load(agreement_id)
    ben.save(stored.edit(goals=(stored.goals[0].edit(**changes), *stored.goals[1:])))


async def test_an_open_goal_shows_the_other_persons_change_and_typing_elsewhere_keeps_it(tmp_path, quick_watch):
    """Ben changes the goal's title while Ana has the goal open: Ana's screen shows his title,
    and what she types next (in another field, then in the title) does not put hers back."""
    from .test_typing import wait_for

    agreement_id = make_agreement(tmp_path, Goal(title="Learn Rust", target_date=date(2026, 6, 1)))
    app = MentorApp(tmp_path, user="ana")
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_first_goal(pilot)
        ben_changes_the_goal(tmp_path, agreement_id, title="Learn Rust well")
        title = screen.query_one("#title", Input)
        await wait_for(pilot, lambda: title.value == "Learn Rust well")
        screen.query_one("#specific", Input).focus()
        await type_text(pilot, "ana-specific")
        await saved(pilot)
        title.focus()
        await pilot.press("end")
        await type_text(pilot, " [ana]")
        await saved(pilot)
    final = Store(tmp_path).load(agreement_id).goals[0]
    assert (final.title, final.specific) == ("Learn Rust well [ana]", "ana-specific")


async def test_typing_in_an_open_goal_while_the_other_saves_loses_no_key(tmp_path, quick_watch):
    from .test_typing import burst, wait_for

    agreement_id = make_agreement(tmp_path, Goal(title="Learn", target_date=date(2026, 6, 1)))
    app = MentorApp(tmp_path, user="ana")
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_first_goal(pilot)
        title = screen.query_one("#title", Input)
        await pilot.press("end")
        typed = ""
        for n in range(8):  # Ana types on while Ben saves another field of the goal each time
            word = f" w{n}"
            burst(pilot, word)
            typed += word
            ben_changes_the_goal(tmp_path, agreement_id, measurable=f"by Ben {n}")
            await pilot.pause(0.08)
        await wait_for(pilot, lambda: title.value == "Learn" + typed)
        await saved(pilot)
        measurable = screen.query_one("#measurable", Input)
        try:
            await wait_for(pilot, lambda: measurable.value == "by Ben 7")
        except AssertionError:  # (seen once on a loaded host: say what stood, to find why)
            stored = Store(tmp_path).load(agreement_id).goals[0]
            raise AssertionError(
                f"shown {measurable.value!r}; draft {screen.editor.agreement.goals[0].measurable!r}; "
                f"stored {stored.measurable!r}; conflicts {screen.editor.conflicts!r}"
            ) from None
    final = Store(tmp_path).load(agreement_id).goals[0]
    assert (final.title, final.measurable) == ("Learn" + typed, "by Ben 7")


async def test_a_goal_changed_on_both_sides_is_said_and_settled_on_its_own_screen(tmp_path, quick_watch):
    from .pilot import message_at
    from .test_typing import wait_for

    agreement_id = make_agreement(tmp_path, Goal(title="Learn", target_date=date(2026, 6, 1)))
    app = MentorApp(tmp_path, user="ana")
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_first_goal(pilot)
        editor = screen.editor
        editor.saver.pause = 60  # Ana's typing stays unsaved until Ben's save has come
        await pilot.press("end")
        await type_text(pilot, " Rust")
        ben_changes_the_goal(tmp_path, agreement_id, title="Learn Go")
        await saved(pilot)  # Ana's save now: both changed the title
        await wait_for(pilot, lambda: screen._conflict() is not None)
        await wait_for(pilot, lambda: "ctrl+t takes theirs" in message_at(screen, "title"))
        assert "Learn Go" in message_at(screen, "title")
        assert screen.query_one("#title", Input).value == "Learn Rust", "mine on screen meanwhile"
        await pilot.press("ctrl+t")
        await wait_for(pilot, lambda: screen.query_one("#title", Input).value == "Learn Go")
        await saved(pilot)
        assert message_at(screen, "title") == ""
    assert Store(tmp_path).load(agreement_id).goals[0].title == "Learn Go"


async def test_a_field_their_save_changed_is_shown_when_a_key_saves_before_the_screen_followed(tmp_path, monkeypatch):
    """Their save merged into the draft; before the goal screen's next look showed it, a key
    in another field saved the goal with their value, and the field kept showing the old one
    for good (seen once in twenty runs of the test above)."""
    from mentortui.screens.agreement.goal import GoalScreen

    monkeypatch.setattr(GoalScreen, "FOLLOW_SECONDS", 3600)  # its next look has not come
    make_agreement(tmp_path, Goal(title="Learn", measurable="by Ana", target_date=date(2026, 6, 1)))
    app = MentorApp(tmp_path, user="ana")
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_first_goal(pilot)
        editor = screen.editor
        goal = editor.agreement.goals[0]
        editor.agreement = editor.agreement.edit(goals=(goal.edit(measurable="by Ben"),))  # as merged
        await pilot.press("end")
        await type_text(pilot, "!")
        assert screen.query_one("#title", Input).value == "Learn!"
        assert screen.query_one("#measurable", Input).value == "by Ben"
