"""Pilot tests of the people screen: coordinators add, edit and delete people by keyboard."""

from __future__ import annotations

import subprocess

import pytest
from textual import events
from textual.widgets import Input, TextArea

from mentortui.app import MentorApp
from mentortui.model.people import Person, PersonRole
from mentortui.screens.common.confirm import ConfirmScreen
from mentortui.screens.home.screen import HomeScreen
from mentortui.screens.people.registry import PeopleScreen, PersonScreen, key_lines
from mentortui.store import Store

from .pilot import SIZE, choose, escape_asks_first, message_at, paste_text, rows_of, type_text
from .pilot import footer_keys as pilot_footer_keys

CORA = Person("cora", "Cora", PersonRole.COORDINATOR)


@pytest.fixture
def public_key(tmp_path_factory) -> str:
    """A real ed25519 public key line, made by ssh-keygen."""
    path = tmp_path_factory.mktemp("keys") / "id_ed25519"
    subprocess.run(["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", str(path)], check=True)
    return path.with_suffix(".pub").read_text().strip()


def damaged(key: str) -> str:
    """The key with a character of its base64 part that base64 does not allow."""
    kind, blob, *comment = key.split(" ")
    return " ".join([kind, blob[:20] + "!" + blob[21:], *comment])


def register(tmp_path, *people: Person) -> None:
    store = Store(tmp_path)
    for person in (CORA, *people):
        store.people.put(person)


def footer_keys(screen) -> list[str]:
    """What the footer offers, by description."""
    return [key.description for key in pilot_footer_keys(screen)]


async def open_people(pilot) -> PeopleScreen:
    """From the home screen: p."""
    await pilot.pause()
    assert isinstance(pilot.app.screen, HomeScreen)
    assert "People" in footer_keys(pilot.app.screen)
    await pilot.press("p")
    await pilot.pause()
    assert isinstance(pilot.app.screen, PeopleScreen)
    return pilot.app.screen


async def press_and_wait(pilot, *keys: str) -> None:
    await pilot.press(*keys)
    await pilot.pause()


async def test_a_coordinator_adds_a_mentor_with_a_typed_key(tmp_path, public_key):
    register(tmp_path)
    async with MentorApp(tmp_path, user="cora").run_test(size=SIZE) as pilot:
        people = await open_people(pilot)
        assert rows_of(people, "people") == [["cora", "Cora", "coordinator", "0"]]
        await press_and_wait(pilot, "a")
        assert isinstance(pilot.app.screen, PersonScreen)
        assert pilot.app.focused.id == "handle"
        await type_text(pilot, "ana")
        await pilot.press("tab")
        await type_text(pilot, "Ana Silva")
        await pilot.press("tab")
        await choose(pilot, 1)  # mentee → mentor
        await pilot.press("tab")
        assert pilot.app.focused.id == "keys"
        await type_text(pilot, public_key)
        await press_and_wait(pilot, "ctrl+s")
        assert pilot.app.screen is people
        assert rows_of(people, "people")[0] == ["ana", "Ana Silva", "mentor", "1"]
        assert people.table.current_id == "ana"
    assert Store(tmp_path).people.all() == [
        Person("ana", "Ana Silva", PersonRole.MENTOR, (public_key,)),
        CORA,
    ]


async def test_pasted_keys_are_kept_one_per_line(tmp_path, public_key):
    register(tmp_path)
    other = public_key.rsplit(" ", 1)[0] + " ana@laptop"  # same key, another comment: still a line
    async with MentorApp(tmp_path, user="cora").run_test(size=SIZE) as pilot:
        await open_people(pilot)
        await press_and_wait(pilot, "a")
        await type_text(pilot, "ana")
        await pilot.press("tab")
        await type_text(pilot, "Ana")
        await pilot.press("tab", "tab")
        area = pilot.app.screen.query_one("#keys", TextArea)
        area.post_message(events.Paste(f"\r\n  {public_key}  \r\n\r\n{other}\r\n{public_key}\r\n"))
        await pilot.pause()
        await press_and_wait(pilot, "ctrl+s")
        assert isinstance(pilot.app.screen, PeopleScreen)
    assert Store(tmp_path).people.get("ana").keys == (public_key, other)


async def test_a_coordinator_changes_someones_role(tmp_path, public_key):
    ana = Person("ana", "Ana Silva", PersonRole.MENTEE, (public_key,))
    register(tmp_path, ana)
    async with MentorApp(tmp_path, user="cora").run_test(size=SIZE) as pilot:
        people = await open_people(pilot)
        assert people.table.current_id == "ana"
        await press_and_wait(pilot, "enter")
        form = pilot.app.screen
        assert isinstance(form, PersonScreen)
        assert pilot.app.focused.id == "name"
        assert len(form.query("Input#handle")) == 0, "a handle cannot be changed"
        await pilot.press("tab")
        await choose(pilot, 1)
        await press_and_wait(pilot, "ctrl+s")
        assert pilot.app.screen is people
        assert rows_of(people, "people")[0] == ["ana", "Ana Silva", "mentor", "1"]
    assert Store(tmp_path).people.all() == [ana.edit(role=PersonRole.MENTOR), CORA]


async def test_a_bad_handle_and_a_damaged_key_are_shown_at_their_fields(tmp_path, public_key):
    register(tmp_path)
    async with MentorApp(tmp_path, user="cora").run_test(size=SIZE) as pilot:
        await open_people(pilot)
        await press_and_wait(pilot, "a")
        form = pilot.app.screen
        await type_text(pilot, "Dan M!")
        await pilot.press("tab")
        await type_text(pilot, "Dan Moss")
        await pilot.press("tab", "tab")
        await paste_text(pilot, public_key + "\n" + damaged(public_key))
        await press_and_wait(pilot, "ctrl+s")
        assert pilot.app.screen is form, "nothing was saved"
        assert message_at(form, "handle").startswith("A handle is 1–32 of a-z")
        assert message_at(form, "name") == ""
        assert message_at(form, "keys") == "Key 2: The key's base64 part is damaged."
        assert form.query_one("#handle", Input).value == "Dan M!"
        assert form.query_one("#name", Input).value == "Dan Moss"
        assert form.query_one("#keys", TextArea).text == public_key + "\n" + damaged(public_key)
        assert pilot.app.focused.id == "handle"
        assert Store(tmp_path).people.all() == [CORA]

        await pilot.press("ctrl+u")
        await type_text(pilot, "dan")
        await press_and_wait(pilot, "ctrl+s")
        assert message_at(form, "handle") == ""
        assert message_at(form, "keys") == "Key 2: The key's base64 part is damaged."
        area = form.query_one("#keys", TextArea)
        assert pilot.app.focused is area and area.cursor_location == (1, 0), "at the damaged key"
        assert Store(tmp_path).people.all() == [CORA]

        await pilot.press("ctrl+shift+k")  # deletes the damaged line
        await press_and_wait(pilot, "ctrl+s")
        assert isinstance(pilot.app.screen, PeopleScreen)
    assert Store(tmp_path).people.all() == [CORA, Person("dan", "Dan Moss", PersonRole.MENTEE, (public_key,))]


async def test_a_taken_handle_and_a_private_key_are_refused(tmp_path, public_key):
    ana = Person("ana", "Ana Silva", PersonRole.MENTOR)
    register(tmp_path, ana)
    async with MentorApp(tmp_path, user="cora").run_test(size=SIZE) as pilot:
        await open_people(pilot)
        await press_and_wait(pilot, "a")
        form = pilot.app.screen
        await type_text(pilot, "ana")
        await pilot.press("tab")
        await type_text(pilot, "Someone Else")
        await pilot.press("tab", "tab")
        await paste_text(pilot, "-----BEGIN OPENSSH PRIVATE KEY-----")
        await press_and_wait(pilot, "ctrl+s")
        assert pilot.app.screen is form
        assert message_at(form, "handle").startswith("Someone already has this handle")
        assert message_at(form, "keys").startswith("This is a private key")
    assert Store(tmp_path).people.all() == [ana, CORA]


async def test_escape_asks_before_dropping_a_typed_person(tmp_path):
    register(tmp_path)
    async with MentorApp(tmp_path, user="cora").run_test(size=SIZE) as pilot:
        people = await open_people(pilot)
        await press_and_wait(pilot, "a")
        await type_text(pilot, "eve")
        await escape_asks_first(pilot)
        await press_and_wait(pilot, "escape")
        await press_and_wait(pilot, "y")
        assert pilot.app.screen is people
        await press_and_wait(pilot, "e")
        await press_and_wait(pilot, "escape")  # nothing typed: no question
        assert pilot.app.screen is people
        await press_and_wait(pilot, "escape")
        assert isinstance(pilot.app.screen, HomeScreen)
    assert Store(tmp_path).people.all() == [CORA]


async def test_delete_asks_first(tmp_path):
    ana = Person("ana", "Ana Silva", PersonRole.MENTEE)
    register(tmp_path, ana)
    async with MentorApp(tmp_path, user="cora").run_test(size=SIZE) as pilot:
        people = await open_people(pilot)
        await press_and_wait(pilot, "d")
        assert isinstance(pilot.app.screen, ConfirmScreen)
        await press_and_wait(pilot, "n")
        assert Store(tmp_path).people.all() == [ana, CORA]
        await press_and_wait(pilot, "d")
        await press_and_wait(pilot, "y")
        assert pilot.app.screen is people
        assert rows_of(people, "people") == [["cora", "Cora", "coordinator", "0"]]
    assert Store(tmp_path).people.all() == [CORA]


async def test_a_coordinator_cannot_delete_or_demote_themselves(tmp_path):
    register(tmp_path)
    async with MentorApp(tmp_path, user="cora").run_test(size=SIZE) as pilot:
        people = await open_people(pilot)
        await press_and_wait(pilot, "d")
        assert pilot.app.screen is people, "no question: the answer would be no anyway"
        assert [n.message for n in pilot.app._notifications] == ["You cannot delete yourself; another coordinator can."]
        await press_and_wait(pilot, "e")
        form = pilot.app.screen
        await pilot.press("tab", "enter")
        await pilot.pause()
        await press_and_wait(pilot, "up", "enter")  # coordinator → mentor
        await press_and_wait(pilot, "ctrl+s")
        assert pilot.app.screen is form
        assert message_at(form, "role").startswith("You cannot give up your own coordinator role")
    assert Store(tmp_path).people.all() == [CORA]


async def test_a_mentee_pressing_p_is_told_and_sees_no_people(tmp_path):
    register(tmp_path, Person("ana", "Ana Silva", PersonRole.MENTEE))
    async with MentorApp(tmp_path, user="ana").run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert "People" not in footer_keys(pilot.app.screen)
        await press_and_wait(pilot, "p")
        assert isinstance(pilot.app.screen, HomeScreen)
        assert [n.message for n in pilot.app._notifications] == ["Only coordinators manage people."]


async def test_while_nobody_is_registered_the_form_offers_yourself(tmp_path, public_key):
    async with MentorApp(tmp_path, user="cora").run_test(size=SIZE) as pilot:
        people = await open_people(pilot)
        assert "Nobody is registered yet" in str(people.query_one("#people-note").render())
        await press_and_wait(pilot, "e")
        assert pilot.app.screen is people
        await press_and_wait(pilot, "a")
        assert pilot.app.screen.query_one("#handle", Input).value == "cora"
        await pilot.press("tab")
        await type_text(pilot, "Cora")
        await press_and_wait(pilot, "ctrl+s")
        assert not people.query_one("#people-note").display
    assert Store(tmp_path).people.all() == [CORA]


def test_key_lines_match_what_the_registry_keeps():
    assert key_lines("\n a \n\nb\na\n") == [(1, "a"), (3, "b")]
