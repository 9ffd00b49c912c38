"""Pilot tests of others' saves appearing (the editor's merges and conflicts: test_typing.py)."""

from __future__ import annotations

from mentortui.app import MentorApp
from mentortui.model import Agreement, Party
from mentortui.screens.agreement.editor import AgreementEditor
from mentortui.screens.home.screen import HomeScreen
from mentortui.store import Store

from .pilot import SIZE, wait_for


async def open_first(pilot) -> AgreementEditor:
    """Open the agreement under the cursor on the home screen."""
    await pilot.pause()
    await pilot.press("o")
    await pilot.pause()
    assert isinstance(pilot.app.screen, AgreementEditor)
    return pilot.app.screen


async def test_home_list_shows_an_agreement_another_person_created(tmp_path):
    app = MentorApp(tmp_path, user="ana")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen) and app.screen.summaries == []
        Store(tmp_path, user="ben").create(Agreement(mentee=Party("Cy"), mentor=Party("Ben")))
        await wait_for(pilot, lambda: len(app.screen.summaries) == 1)
