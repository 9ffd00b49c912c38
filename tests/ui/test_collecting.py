"""Collections are held while the process starts and resumed once the first screen is there
(mentortui.collecting): never left off, whatever the first screen, whatever the command."""

from __future__ import annotations

import gc

import pytest

from mentortui import app as app_module
from mentortui import collecting
from mentortui.__main__ import main
from mentortui.app import MentorApp
from mentortui.model import Agreement, Party
from mentortui.screens.home.screen import HomeScreen
from mentortui.screens.people.not_admitted import NotAdmittedScreen
from mentortui.store import Store

from .pilot import SIZE, rows_of
from .test_typing import wait_for


@pytest.fixture
def collector():
    """Collections on, whatever a test does to them."""
    gc.enable()
    yield
    collecting.resume()
    gc.enable()


def test_hold_and_resume_leave_the_collector_as_they_found_it(collector):
    collecting.hold()
    assert not gc.isenabled() and collecting.held()
    collecting.hold()  # a second hold is the same hold
    collecting.resume()
    assert gc.isenabled() and not collecting.held()
    gc.disable()  # off already (someone else's choice): hold and resume leave it off
    collecting.hold()
    collecting.resume()
    assert not gc.isenabled()


def test_a_command_ends_with_the_collector_as_it_was(collector, tmp_path, capsys):
    Store(tmp_path).create(Agreement(title="Pair", mentee=Party("Ana"), mentor=Party("Ben")))
    assert main(["--data-dir", str(tmp_path), "list"]) == 0
    assert "Pair" in capsys.readouterr().out
    assert gc.isenabled() and not collecting.held()
    assert main(["--data-dir", str(tmp_path), "export", "nosuchid"]) != 0  # a failing one too
    assert gc.isenabled() and not collecting.held()


async def test_the_drawn_list_resumes_collections_held_since_the_start(collector, tmp_path):
    for n in range(3):
        Store(tmp_path).create(Agreement(title=f"Pair {n}", mentee=Party("Ana"), mentor=Party("Ben")))
    collecting.hold()
    app = MentorApp(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(
            pilot, lambda: isinstance(app.screen, HomeScreen) and len(rows_of(app.screen, "agreements")) == 3
        )
        await wait_for(pilot, lambda: gc.isenabled())
        assert not collecting.held()


async def test_a_first_screen_that_is_not_the_list_resumes_them_too(collector, tmp_path, monkeypatch):
    """A served person nobody registered sees a sentence, not the list: the app's own timer
    resumes collections."""
    monkeypatch.setattr(app_module, "COLLECTION_HELD_AT_MOST", 0.2)
    collecting.hold()
    app = MentorApp(tmp_path, user="stranger", served=True)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, NotAdmittedScreen))
        await wait_for(pilot, lambda: gc.isenabled())
        assert not collecting.held()
