"""Pilot tests of the agreement editor: the Parties and Hopes & values steps, navigation, saving."""

from __future__ import annotations

from datetime import date

from mentortui.app import MentorApp
from mentortui.model import CareerStage, MentorshipType, Party
from mentortui.screens.agreement.goto import GoToStepScreen
from mentortui.screens.home.screen import HomeScreen
from mentortui.store import Store
from mentortui.widgets.steps_bar import StepsBar

from .pilot import SIZE, choose, keys, message_at, open_editor, paste_text, saved, type_text, workers_done


async def test_parties_step_through_the_keyboard_saves_every_field(tmp_path):
    app = MentorApp(tmp_path, user="ana")
    async with app.run_test(size=SIZE) as pilot:
        _editor, agreement_id = await open_editor(pilot, tmp_path)
        assert app.focused.id == "title"
        await paste_text(pilot, "CCM year")
        await keys(pilot, "tab")
        await paste_text(pilot, "Ana Silva")
        await keys(pilot, "tab")
        await paste_text(pilot, "ana")
        await keys(pilot, "tab")
        await paste_text(pilot, "ana@example.org")
        await keys(pilot, "tab")
        await choose(pilot, 3)  # blank, volunteer, trainee, early career
        await keys(pilot, "tab")
        await paste_text(pilot, "Ben Okafor")
        await keys(pilot, "tab")
        await paste_text(pilot, "ben")
        await keys(pilot, "tab")
        await paste_text(pilot, "@ben")
        await keys(pilot, "tab")
        await choose(pilot, 5)  # late career
        await keys(pilot, "tab")
        assert app.focused.id == "mentorship_types"
        await keys(pilot, "down", "down", "space", "down", "space")  # distance, traditional
        await keys(pilot, "tab")
        await type_text(pilot, "20260112")
        await keys(pilot, "tab")
        await type_text(pilot, "20261218")
        await pilot.pause()
        assert app.screen.query_one(StepsBar).complete == frozenset({0})

    stored = Store(tmp_path).load(agreement_id)
    assert stored.title == "CCM year"
    assert stored.mentee == Party("Ana Silva", "ana@example.org", CareerStage.EARLY_CAREER, "ana")
    assert stored.mentor == Party("Ben Okafor", "@ben", CareerStage.LATE_CAREER, "ben")
    assert stored.mentorship_types == (MentorshipType.DISTANCE, MentorshipType.TRADITIONAL)
    assert (stored.start_date, stored.end_date) == (date(2026, 1, 12), date(2026, 12, 18))
    assert stored.updated_by == "ana"


async def test_bad_dates_show_at_the_field_and_keep_the_rest(tmp_path):
    app = MentorApp(tmp_path, user="ana")
    async with app.run_test(size=SIZE) as pilot:
        editor, agreement_id = await open_editor(
            pilot, tmp_path, mentee=Party("Ana"), mentor=Party("Ben"), start_date=date(2026, 5, 1)
        )
        end = editor.query_one("#end_date")
        end.focus()
        await type_text(pilot, "20260401")
        await pilot.pause()
        assert message_at(editor, "end_date") == "The end date must be after the start date."
        editor.query_one("#mentee-contact").focus()
        await type_text(pilot, "ana@x.org")
        await saved(pilot)
        stored = Store(tmp_path).load(agreement_id)
        assert stored.mentee.contact == "ana@x.org", "other fields go on saving"
        assert stored.end_date == date(2026, 4, 1), "an invalid combination is still kept"

        end.value = ""
        end.focus()
        await type_text(pilot, "20260231")
        await pilot.pause()
        assert "is not a date" in message_at(editor, "end_date")
        await saved(pilot)
        assert Store(tmp_path).load(agreement_id).end_date == date(2026, 4, 1), (
            "a value that is not a date leaves the last good one stored"
        )
        await pilot.press("escape")
        await pilot.pause()
        assert "end date (not a date)" in str(app.screen.query_one("#question").render()), (
            "leaving with an unsaved value asks first, naming the field by its label and why"
        )


async def test_values_step_saves_hopes_clauses_and_off_limits(tmp_path):
    app = MentorApp(tmp_path, user="ben")
    async with app.run_test(size=SIZE) as pilot:
        _editor, agreement_id = await open_editor(pilot, tmp_path, mentee=Party("Ana"), mentor=Party("Ben"))
        await pilot.press("ctrl+g")
        await pilot.pause()
        assert isinstance(app.screen, GoToStepScreen)
        await pilot.press("4")
        await pilot.pause()
        assert app.screen.query_one(StepsBar).current == 3
        assert app.focused.id == "mentee_hopes"
        await paste_text(pilot, "Certified | *confident*\nLeading cases")
        await keys(pilot, "tab")
        await paste_text(pilot, "Better feedback")
        await keys(pilot, "tab", "space")  # agree: mutual respect
        await keys(pilot, "tab", "end")
        await paste_text(pilot, " Always.")
        await keys(pilot, "tab", "tab", "tab", "space")  # confidentiality
        await keys(pilot, "tab", "tab")
        await paste_text(pilot, "Salary\nOther staff\n")
        await keys(pilot, "tab", "space", "tab", "tab", "space")  # preparation, termination
        await pilot.pause()

    stored = Store(tmp_path).load(agreement_id)
    assert stored.mentee_hopes == "Certified | *confident*\nLeading cases"
    assert stored.mentor_hopes == "Better feedback"
    agreed = {c.key: c.agreed for c in stored.values}
    assert agreed == {"respect": True, "honesty": False, "confidentiality": True, "preparation": True}
    assert stored.values[0].text == "We agree to be mutually respectful. Always."
    assert stored.off_limits == ("Salary", "Other staff")
    assert stored.termination_clause.agreed


async def test_next_and_back_keys_and_closing_returns_home(tmp_path):
    app = MentorApp(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        editor, _ = await open_editor(pilot, tmp_path, mentee=Party("Ana"), mentor=Party("Ben"))
        bar = app.screen.query_one(StepsBar)
        for expected in (1, 2, 3, 4, 4):
            await pilot.press("ctrl+n")
            assert bar.current == expected
        await pilot.press("ctrl+b", "ctrl+b")
        assert bar.current == 2
        titles = [c.title for c in app.get_system_commands(editor)]
        assert "Go to step 4: Hopes & values" in titles and "Next step" in titles
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)


async def test_the_header_follows_a_new_title(tmp_path):
    from .pilot import SIZE, open_editor, saved, type_text

    app = MentorApp(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        editor, _ = await open_editor(pilot, tmp_path, mentee=Party("Ana"), mentor=Party("Ben"))
        assert editor.sub_title == "Ana ↔ Ben"
        editor.query_one("#title").focus()
        await type_text(pilot, "Year one")
        await saved(pilot)  # once typing pauses: a header redrawn on every key lays out the screen
        assert editor.sub_title == "Year one"


async def test_the_handle_field_suggests_registered_people(tmp_path):
    from mentortui.model.people import Person, PersonRole

    from .pilot import SIZE, open_editor, type_text

    Store(tmp_path).people.put(Person("cora", "Cora Lind", PersonRole.COORDINATOR, ()))
    Store(tmp_path).people.put(Person("bensu", "Ben Su", PersonRole.MENTOR, ()))
    app = MentorApp(tmp_path, user="cora")
    async with app.run_test(size=SIZE) as pilot:
        editor, _ = await open_editor(pilot, tmp_path, mentee=Party("Ana"), mentor=Party("Ben"))
        handle = editor.query_one("#mentor-handle")
        handle.focus()
        await type_text(pilot, "be")
        for _ in range(100):  # read from people.json in a worker: until it comes (at most 5 s)
            if handle._suggestion == "bensu":
                break
            await pilot.pause(0.05)
        assert handle._suggestion == "bensu", "read from people.json in the background"


async def test_a_party_is_not_shown_who_else_is_registered(tmp_path):
    """A mentee typing a handle would learn every handle on the host one letter at a time."""
    from mentortui.model.people import Person, PersonRole

    from .pilot import SIZE, open_editor, type_text

    for person in (
        Person("ana", "Ana", PersonRole.MENTEE, ()),
        Person("bensu", "Ben Su", PersonRole.MENTOR, ()),
        Person("zed", "Zed", PersonRole.MENTEE, ()),
    ):
        Store(tmp_path).people.put(person)
    app = MentorApp(tmp_path, user="ana")
    async with app.run_test(size=SIZE) as pilot:
        editor, _ = await open_editor(pilot, tmp_path, mentee=Party("Ana", handle="ana"), mentor=Party("Ben"))
        handle = editor.query_one("#mentor-handle")
        handle.focus()
        await type_text(pilot, "z")
        await workers_done(app)
        await pilot.pause()
        assert handle.suggester is None and handle._suggestion == ""


async def test_the_disclaimer_is_edited_on_hopes_and_values_and_is_what_is_signed(tmp_path):
    from mentortui.export import agreement_markdown
    from mentortui.model import Role
    from mentortui.model.signing import is_current, signature
    from mentortui.screens.agreement.sign import SignScreen

    from .pilot import go_to_step, saved, sign_as, tab_to

    wording = "Participation is voluntary. The Board does not endorse any mentor; you release and hold it harmless."
    app = MentorApp(tmp_path, user="ana")
    async with app.run_test(size=SIZE) as pilot:
        _editor, agreement_id = await open_editor(pilot, tmp_path, mentee=Party("Ana"), mentor=Party("Ben"))
        await go_to_step(pilot, 4)
        await tab_to(pilot, "disclaimer-text", limit=30)
        app.focused.clear()  # the default wording out: the certification body's in, pasted
        await paste_text(pilot, wording)
        await saved(pilot)
        assert Store(tmp_path).load(agreement_id).disclaimer.text == wording
        await go_to_step(pilot, 5)
        await tab_to(pilot, "sign-mentee")
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, SignScreen)
        assert "release and hold it harmless" in " ".join(str(w.render()) for w in app.screen.query("Static"))
        await pilot.press("escape")
        await pilot.pause()
        await sign_as(pilot, Role.MENTEE, "Ana")
        await saved(pilot)
    stored = Store(tmp_path).load(agreement_id)
    assert is_current(stored, signature(stored, Role.MENTEE))
    assert wording in agreement_markdown(stored)
    changed = stored.edit(disclaimer=stored.disclaimer.edit(text=wording + " And more."))
    assert not is_current(changed, signature(changed, Role.MENTEE)), "the disclaimer is signed content"


async def test_every_field_of_every_step_scrolls_into_view_at_80x24(tmp_path):
    """The steps did not scroll at all: a class mixed in before VerticalScroll kept Textual from
    applying its CSS, so Tab focused fields below the screen and typing went there unseen."""
    from mentortui.model.sample import sample_agreement
    from mentortui.screens.agreement.steps.base import Step

    from .pilot import go_to_step, keys, open_agreement

    Store(tmp_path).create(sample_agreement())
    app = MentorApp(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await open_agreement(pilot)
        for number in range(1, 6):
            step = await go_to_step(pilot, number)
            await pilot.pause()
            assert isinstance(step, Step) and step.styles.overflow_y == "auto"
            seen = set()
            for _ in range(60):
                await keys(pilot, "tab")
                await pilot.wait_for_animation()  # a scroll to the focused field, if animated
                await pilot.pause()
                focused = app.focused
                if focused is None or focused in seen:
                    break
                seen.add(focused)
                if step in focused.ancestors:
                    tall = focused.region.height > step.region.height  # a tall list: its top shows
                    assert step.region.contains_region(focused.region) or (
                        tall and step.region.contains_point(focused.region.offset)
                    ), f"step {number}: {focused!r} at {focused.region} outside {step.region}"
            assert any(step in w.ancestors for w in seen)
        assert max(s.max_scroll_y for s in app.screen.query(Step)) > 0
