"""Pilot tests of the parties rule in the app: nobody takes themselves off an agreement, and
someone the other party takes off it is taken back to the list, their typing not saved."""

from __future__ import annotations

from textual.widgets import Input

from mentortui.app import MentorApp
from mentortui.model import Agreement, Party
from mentortui.screens.agreement.editor import AgreementEditor
from mentortui.screens.home.screen import HomeScreen
from mentortui.screens.meetings.log import MeetingLogScreen
from mentortui.store import Store

from ..unit.test_store_party_access import registry as agreement_of_ana_and_bo
from .pilot import SIZE, message_at, open_agreement, saved, wait_for


def registry(tmp_path) -> str:
    """ana (mentee), bo (mentor), gus (mentee), cora (coordinator); the id of ana and bo's agreement."""
    return agreement_of_ana_and_bo(tmp_path).id


def on_disk(tmp_path, agreement_id: str) -> Agreement:
    return Store(tmp_path).load(agreement_id)


def raw_files(tmp_path) -> str:
    return "\n".join(path.read_text() for path in (tmp_path / "agreements").glob("*.json"))


def notifications(app) -> str:
    return "\n".join(n.message for n in app._notifications)


def bo_takes_ana_off(tmp_path, agreement_id: str) -> Agreement:
    """A coordinator (cora, in a session of her own) puts gus in ana's place; bo stays."""
    cora = Store(tmp_path, user="cora")
    return cora.save(cora.load(agreement_id).edit(mentee=Party("Gus", handle="gus")))


async def test_a_mentee_cannot_hand_her_agreement_to_others_and_the_rest_is_saved(tmp_path):
    agreement_id = registry(tmp_path)
    app = MentorApp(tmp_path, user="ana")
    async with app.run_test(size=SIZE) as pilot:
        editor = await open_agreement(pilot)
        editor.query_one("#mentee-contact", Input).value = "ana@x.org"
        editor.query_one("#mentee-handle", Input).value = "gus"
        editor.query_one("#mentor-handle", Input).value = "cora"
        await pilot.pause()
        await saved(pilot)
        assert message_at(editor, "mentee-handle") == "You can't take yourself off the agreement: ask a coordinator."
        assert message_at(editor, "mentor-handle") == "You can't change who the other party is: ask a coordinator."
        assert "You can't take yourself off the agreement" in str(editor.query_one("#save-status").render())
        # What was typed stays on screen; the rest of the form is saved, the handles are not
        # (nor bo's: that would take him off his own agreement).
        assert editor.query_one("#mentee-handle", Input).value == "gus"
        assert editor.query_one("#mentor-handle", Input).value == "cora"
        stored = on_disk(tmp_path, agreement_id)
        assert (stored.mentee.handle, stored.mentor.handle) == ("ana", "bo")
        assert stored.mentee.contact == "ana@x.org"
        # Putting the handles back clears the messages.
        editor.query_one("#mentee-handle", Input).value = "ana"
        editor.query_one("#mentor-handle", Input).value = "bo"
        await pilot.pause()
        await saved(pilot)
        assert message_at(editor, "mentee-handle") == message_at(editor, "mentor-handle") == ""
        assert isinstance(app.screen, AgreementEditor)


async def test_someone_taken_off_an_agreement_is_taken_back_to_the_list_and_their_typing_not_saved(tmp_path):
    agreement_id = registry(tmp_path)
    app = MentorApp(tmp_path, user="ana")
    async with app.run_test(size=SIZE) as pilot:
        editor = await open_agreement(pilot)
        bo_takes_ana_off(tmp_path, agreement_id)
        editor.query_one("#mentee-contact", Input).value = "ana-after-removal@x.org"
        await pilot.pause()
        await saved(pilot)
        await wait_for(pilot, lambda: isinstance(app.screen, HomeScreen))
        said = notifications(app)
        assert "You are no longer a party to this agreement: your changes were not saved." in said
        assert "Contact" in said or "mentee" in said.lower()
        await wait_for(pilot, lambda: [s.title for s in app.screen.summaries] == [])
    assert "ana-after-removal" not in raw_files(tmp_path)
    assert on_disk(tmp_path, agreement_id).mentee.handle == "gus"


async def test_an_open_editor_stops_following_an_agreement_its_person_was_taken_off(tmp_path, quick_watch):
    agreement_id = registry(tmp_path)
    app = MentorApp(tmp_path, user="ana")
    async with app.run_test(size=SIZE) as pilot:
        editor = await open_agreement(pilot)
        off = bo_takes_ana_off(tmp_path, agreement_id)
        Store(tmp_path, user="bo").save(off.edit(title="Gus ↔ Bo, private"))
        await wait_for(pilot, lambda: isinstance(app.screen, HomeScreen))
        assert editor.agreement.title == "Ana ↔ Bo", "the other party's later change is not shown"
        assert "You are no longer a party to “Ana ↔ Bo”" in notifications(app)
        # Nothing left on the closed editor reaches the disk.
        editor.agreement = editor.agreement.edit(title="ana-after-removal")
        assert editor.prepare_save() is None
        await saved(pilot)
    assert "ana-after-removal" not in raw_files(tmp_path)


async def test_the_meeting_log_closes_once_its_person_is_taken_off(tmp_path, quick_watch):
    agreement_id = registry(tmp_path)
    app = MentorApp(tmp_path, user="ana")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("m")
        await pilot.pause()
        assert isinstance(app.screen, MeetingLogScreen)
        bo_takes_ana_off(tmp_path, agreement_id)
        await wait_for(pilot, lambda: isinstance(app.screen, HomeScreen))
        assert "You are no longer a party" in notifications(app)


async def test_a_coordinator_may_change_the_handles(tmp_path):
    agreement_id = registry(tmp_path)
    app = MentorApp(tmp_path, user="cora")
    async with app.run_test(size=SIZE) as pilot:
        editor = await open_agreement(pilot)
        editor.query_one("#mentee-handle", Input).value = "gus"
        await pilot.pause()
        await saved(pilot)
        assert message_at(editor, "mentee-handle") == ""
        assert isinstance(app.screen, AgreementEditor)
    stored = on_disk(tmp_path, agreement_id)
    assert (stored.mentee.handle, stored.mentor.handle, stored.updated_by) == ("gus", "bo", "cora")
