"""Pilot tests of the programme screen: coordinators see every pair's figures; nobody else does."""

from __future__ import annotations

from datetime import date

from mentortui import clock
from mentortui.app import MentorApp
from mentortui.model.people import Person, PersonRole
from mentortui.model.schedule import meeting_dates
from mentortui.screens.home.screen import HomeScreen
from mentortui.screens.people.programme import ProgrammeScreen
from mentortui.screens.people.registry import PeopleScreen
from mentortui.store import Store

from ..planted import plant
from ..unit.test_programme import programme
from .pilot import SIZE, rows_of, workers_done


def site(tmp_path):
    store = Store(tmp_path)
    store.people.put(Person(handle="zoe", name="Zoe", role=PersonRole.COORDINATOR))
    store.people.put(Person(handle="ana", name="Ana", role=PersonRole.MENTEE))
    for agreement in programme():
        plant(tmp_path, agreement)


async def open_programme(pilot) -> ProgrammeScreen:
    """g: the programme screen, once its figures are read."""
    await pilot.press("g")
    await workers_done(pilot.app)
    await pilot.pause()
    assert isinstance(pilot.app.screen, ProgrammeScreen)
    return pilot.app.screen


async def test_a_coordinator_opens_the_programme_from_the_list_and_from_people(tmp_path):
    site(tmp_path)
    app = MentorApp(tmp_path, user="zoe")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        titles = {command.title for command in app.get_system_commands(app.screen)}
        assert "The programme: every pair's figures and the totals" in titles
        await open_programme(pilot)
        rows = {row[0]: row for row in rows_of(app.screen, "programme")}
        since_last = (clock.today() - date(2026, 4, 6)).days  # the last meeting held; grows each day
        assert rows["Pair A"][1:7] == ["active", "no", "4/6", str(since_last), "1/2/0", "M·"]
        # Pair B meets weekly from 2026-03-02: what is expected grows each week (it read 1/40
        # written on a Sunday, and failed the next day).
        weekly = len(meeting_dates(date(2026, 3, 2), min(clock.today(), date(2026, 12, 31)), "weekly"))
        assert rows["Pair B"][3] == f"1/{weekly}"
        totals = str(app.screen.query_one("#programme-totals").render())
        assert "3 pairs, 2 active, 50% keep their cadence" in totals and "dissolutions 1" in totals
        await pilot.press("escape", "p")
        await pilot.pause()
        assert isinstance(app.screen, PeopleScreen)
        await open_programme(pilot)


async def test_a_mentee_is_told_the_programme_is_for_coordinators(tmp_path):
    site(tmp_path)
    app = MentorApp(tmp_path, user="ana")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        titles = {command.title for command in app.get_system_commands(app.screen)}
        assert not any("programme" in title for title in titles)
        await pilot.press("g")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)


async def test_a_long_programme_fits_the_width_beside_its_scrollbar(tmp_path):
    """More pairs than the screen shows: the scrollbar takes two columns and every column
    still fits (no sideways scrollbar)."""
    from mentortui.model.base import new_id, replace

    site(tmp_path)
    first = programme()[0]
    for n in range(30):
        plant(tmp_path, replace(first, id=new_id(), title=f"Pair {n}"))
    app = MentorApp(tmp_path, user="zoe")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        table = (await open_programme(pilot)).query_one("#programme")
        assert table.row_count > 30 and table.show_vertical_scrollbar
        assert not table.show_horizontal_scrollbar
        footer, key = app.screen.query_one("Footer"), app.screen.query_one("#programme-key")
        assert table.region.bottom <= key.region.y < footer.region.y, "the key shows above the footer"
        assert not app.screen.show_vertical_scrollbar
