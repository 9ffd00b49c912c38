"""Pilot tests of opening the sign dialog: where typed keys land, and the keys and palette
entries that open it from Review & sign."""

from __future__ import annotations

import asyncio

import pytest
from textual import events
from textual.widgets import Button, Input

from mentortui.app import MentorApp
from mentortui.model import Agreement, Party, Role
from mentortui.model.signing import signature
from mentortui.screens.agreement.sign import SignScreen
from mentortui.store import Store
from mentortui.widgets.tick_box import TickBox

from .pilot import SIZE, footer_keys, footer_line, go_to_step, keys, open_editor, saved
from .test_restricted import palette_titles
from .test_typing import wait_for

#: A person typing their name at once: 12 keys a second, none waiting for the app.
PACE = 1 / 12


async def type_at_pace(pilot, *names: str) -> None:
    """Send keys as the terminal does, one every PACE seconds, without waiting for any to be
    handled (a single character is typed; "enter" and "space" are those keys)."""
    app = pilot.app
    for name in names:
        character = {"enter": "\r", "space": " "}.get(name, name)
        event = events.Key(name, character)
        event.set_sender(app)
        app._driver.send_message(event)
        await asyncio.sleep(PACE)


def spelled(text: str) -> list[str]:
    """The keys that type ``text``."""
    return ["space" if char == " " else char for char in text]


async def the_dialog(pilot) -> SignScreen:
    """The sign dialog, once it is open and the keys typed meanwhile have gone in."""
    app = pilot.app
    await wait_for(pilot, lambda: isinstance(app.screen, SignScreen))
    await wait_for(pilot, lambda: not (app._type_ahead or app._holds))
    await pilot.pause()
    screen = app.screen
    assert isinstance(screen, SignScreen)
    return screen


@pytest.mark.parametrize(("role", "name"), [(Role.MENTOR, "Ben Okafor"), (Role.MENTEE, "Ana")])
async def test_a_name_typed_right_after_the_sign_button_goes_into_the_name(tmp_path, role, name):
    """Enter on "Sign as …" and the name typed at once: the dialog opened with the focus on
    "Sign anyway", so the space in "Ben Okafor" ticked it and the letters went nowhere."""
    app = MentorApp(tmp_path, user="ana")
    async with app.run_test(size=SIZE) as pilot:
        _editor, agreement_id = await open_editor(pilot, tmp_path, mentee=Party("Ana"), mentor=Party("Ben Okafor"))
        review = await go_to_step(pilot, 5)
        review.query_one(f"#sign-{role}").focus()
        await pilot.pause()
        await type_at_pace(pilot, "enter", *spelled(name))
        dialog = await the_dialog(pilot)
        assert dialog.role is role
        assert dialog.query_one("#name", Input).value == name
        assert dialog.query_one("#anyway", TickBox).value is False, "typing a name ticks no override"
        assert app.focused is dialog.query_one("#name")
        # Then on, in the order the dialog reads: sign anyway, accept, sign.
        await keys(pilot, "tab", "space", "tab", "space", "ctrl+s")
        await saved(pilot)
        assert not isinstance(app.screen, SignScreen)
    signed = signature(Store(tmp_path).load(agreement_id), role)
    assert signed is not None and signed.name == name and signed.missing


async def test_a_wrong_name_is_typed_again_in_the_name_not_the_override(tmp_path):
    """Enter with a wrong name and nothing ticked: the focus goes to the name, so what is
    typed next mends it (it went to "Sign anyway", which the next space ticked)."""
    app = MentorApp(tmp_path, user="ana")
    async with app.run_test(size=SIZE) as pilot:
        await open_editor(pilot, tmp_path, mentee=Party("Ana"), mentor=Party("Ben Okafor"))
        review = await go_to_step(pilot, 5)
        review.query_one("#sign-mentor").focus()
        await pilot.pause()
        await type_at_pace(pilot, "enter", *spelled("Ben"), "enter")
        dialog = await the_dialog(pilot)
        assert app.focused is dialog.query_one("#name")
        await type_at_pace(pilot, *spelled(" Okafor"))
        await pilot.pause(0.2)
        assert dialog.query_one("#name", Input).value == "Ben Okafor"
        assert dialog.query_one("#anyway", TickBox).value is False


async def test_keys_on_review_and_sign_open_the_sign_dialog_for_each_party(tmp_path):
    app = MentorApp(tmp_path, user="ana")
    async with app.run_test(size=SIZE) as pilot:
        editor, agreement_id = await open_editor(pilot, tmp_path, mentee=Party("Ana"), mentor=Party("Ben Okafor"))
        shown = {key.key for key in footer_keys(editor)}
        assert not {"t", "m"} & shown, "only on Review & sign"
        await go_to_step(pilot, 5)
        footer = footer_keys(editor)
        [palette] = [key for key in footer if key.palette]
        drawn = {key.key: key for key in footer if not key.palette}
        line = footer_line(editor)
        assert line[drawn["t"].start : drawn["t"].end] == "t Mentee"
        assert line[drawn["m"].start : drawn["m"].end] == "m Mentor"
        for key in drawn.values():  # the editor's keys and these, each whole, left of ^p
            assert key.end > key.start and key.end <= palette.start, key.key
        assert [str(editor.query_one(f"#sign-{role}", Button).label) for role in Role] == [
            "Sign as mentee (t)",
            "Sign as mentor (m)",
        ]
        for key, role, name in (("t", Role.MENTEE, "Ana"), ("m", Role.MENTOR, "Ben Okafor")):
            await type_at_pace(pilot, key, *spelled(name))  # typed at once, as in the test above
            dialog = await the_dialog(pilot)
            assert dialog.role is role
            assert dialog.query_one("#name", Input).value == name
            await keys(pilot, "tab", "space", "tab", "space", "ctrl+s")
            await saved(pilot)
            assert app.screen is editor
    stored = Store(tmp_path).load(agreement_id)
    assert {s.role: s.name for s in stored.signatures} == {Role.MENTEE: "Ana", Role.MENTOR: "Ben Okafor"}


async def test_the_palette_finds_signing_as_each_party(tmp_path):
    app = MentorApp(tmp_path, user="ana")
    async with app.run_test(size=SIZE) as pilot:
        editor, _ = await open_editor(pilot, tmp_path, mentee=Party("Ana"), mentor=Party("Ben Okafor"))
        await go_to_step(pilot, 5)
        found = [prompt.split("\n")[0] for prompt in await palette_titles(pilot, "sign")]  # title, then help
        assert {"Sign as mentee", "Sign as mentor"} <= set(found), found
        await pilot.pause()
        assert app.screen is editor
        command = next(c for c in app.get_system_commands(editor) if c.title == "Sign as mentor")
        assert command.help == "Key: m"
        await command.callback()
        dialog = await the_dialog(pilot)
        assert dialog.role is Role.MENTOR and app.focused is dialog.query_one("#name")


async def test_the_sign_keys_ask_as_the_buttons_do_once_people_are_registered(tmp_path):
    """m for a party that is not yours says so, as "Sign as mentor" does, and opens nothing."""
    from mentortui.model.people import Person, PersonRole

    store = Store(tmp_path)
    for handle, name in (("eve", "Eve Ng"), ("bob", "Bob Tan")):
        store.people.put(Person(handle=handle, name=name, role=PersonRole.MENTEE))
    agreement = store.create(Agreement(mentee=Party("Eve Ng", handle="eve"), mentor=Party("Bob Tan", handle="bob")))
    app = MentorApp(tmp_path, user="eve", served=True)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await keys(pilot, "r", "o")
        await pilot.pause()
        editor = app.screen
        await go_to_step(pilot, 5)
        await keys(pilot, "m")
        await pilot.pause()
        assert app.screen is editor, "no signing dialog for the other party"
        assert any("Only bob can sign as mentor" in str(n.message) for n in app._notifications)
        await keys(pilot, "t")
        dialog = await the_dialog(pilot)
        assert dialog.role is Role.MENTEE
    assert Store(tmp_path).load(agreement.id).signatures == ()
