"""Pilot tests of who sees what: own agreements, coordinators all, strangers nothing."""

from __future__ import annotations

from textual.widgets import Input

from mentortui.app import MentorApp
from mentortui.model import Agreement, Party
from mentortui.model.people import Person, PersonRole
from mentortui.screens.agreement.editor import AgreementEditor
from mentortui.screens.home.screen import HomeScreen
from mentortui.screens.people.not_admitted import NotAdmittedScreen
from mentortui.store import Store

SIZE = (80, 24)


def registry(tmp_path) -> Store:
    """A store with a mentee, a mentor, a coordinator, and two agreements."""
    store = Store(tmp_path)
    for handle, name, role in (
        ("ana", "Ana Silva", PersonRole.MENTEE),
        ("ben", "Ben Okafor", PersonRole.MENTOR),
        ("cora", "Cora Lind", PersonRole.COORDINATOR),
    ):
        store.people.put(Person(handle, name, role))
    store.create(
        Agreement(title="Ana's", mentee=Party("Ana Silva", handle="ana"), mentor=Party("Ben Okafor", handle="ben"))
    )
    store.create(Agreement(title="Other", mentee=Party("Dan"), mentor=Party("Eve")))
    return store


async def titles_seen_by(tmp_path, handle: str) -> list[str]:
    """The titles on the home screen of ``handle``."""
    app = MentorApp(tmp_path, user=handle)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        return [s.title for s in app.screen.summaries]


async def test_people_see_their_own_agreements_and_coordinators_all(tmp_path):
    registry(tmp_path)
    assert await titles_seen_by(tmp_path, "ana") == ["Ana's"]
    assert await titles_seen_by(tmp_path, "ben") == ["Ana's"]
    assert await titles_seen_by(tmp_path, "cora") == ["Ana's", "Other"]


async def test_before_anyone_is_registered_everything_is_visible(tmp_path):
    Store(tmp_path).create(Agreement(title="Solo", mentee=Party("A"), mentor=Party("B")))
    assert await titles_seen_by(tmp_path, "whoever") == ["Solo"]


async def test_someone_not_registered_is_told_how_to_get_in(tmp_path):
    registry(tmp_path)
    app = MentorApp(tmp_path, user="mallory")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, NotAdmittedScreen)
        text = str(app.screen.query_one("#not-admitted").render())
        assert "mallory is not registered" in text and "mentortui people add mallory" in text
        assert len(app.screen.query("DataTable")) == 0
        await pilot.press("q")


async def test_a_mentor_who_creates_an_agreement_is_linked_to_it_and_sees_it(tmp_path):
    store = registry(tmp_path)
    app = MentorApp(tmp_path, user="ben")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("n")
        await pilot.pause()
        app.screen.query_one("#mentee", Input).value = "Ana Silva"
        app.screen.query_one("#mentor", Input).value = "Benjamin O."
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, AgreementEditor)
        created = app.screen.agreement
        assert (created.mentee.handle, created.mentor.handle) == ("ana", "ben")
        await pilot.press("escape")
        await pilot.pause()
        assert sorted(s.title for s in app.screen.summaries) == ["Ana Silva ↔ Benjamin O.", "Ana's"]
    assert sorted(s.title for s in store.list_agreements() if store.people.viewer("ana").sees(s)) == [
        "Ana Silva ↔ Benjamin O.",
        "Ana's",
    ]


async def test_a_name_typed_for_a_party_links_only_someone_registered_in_that_role(tmp_path):
    """Typing a mentee's name as the mentor does not put the agreement in her list."""
    store = registry(tmp_path)
    app = MentorApp(tmp_path, user="ben")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("n")
        await pilot.pause()
        app.screen.query_one("#mentee", Input).value = "Someone New"
        app.screen.query_one("#mentor", Input).value = "Ana Silva"  # ana is registered as a mentee
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, AgreementEditor)
        created = app.screen.agreement
        assert created.mentor.handle != "ana"
    assert "Someone New ↔ Ana Silva" not in [
        s.title for s in store.list_agreements() if store.people.viewer("ana").sees(s)
    ]
