"""Pilot tests of the home screen: create, list after restart, validation, delete, errors."""

from __future__ import annotations

from datetime import date

from textual.widgets import DataTable, Input

from mentortui.app import MentorApp
from mentortui.model import Agreement, Party
from mentortui.screens.agreement.editor import AgreementEditor
from mentortui.screens.common.confirm import ConfirmScreen
from mentortui.screens.home.new_agreement import NewAgreementScreen
from mentortui.screens.home.screen import HomeScreen
from mentortui.store import Store

from ..planted import plant
from .pilot import (
    SIZE,
    answer,
    escape_asks_first,
    fill_new_agreement,
    message_at,
    rows_of,
    saved,
    type_text,
    workers_done,
)


async def test_create_agreement_and_see_it_after_restart(tmp_path):
    app = MentorApp(tmp_path, user="ana")
    async with app.run_test(size=SIZE) as pilot:
        assert isinstance(app.screen, HomeScreen)
        assert app.screen.query_one("#empty").display
        await fill_new_agreement(pilot, "Ana Silva", "Ben Okafor", "2026-01-12", "2026-12-18")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, AgreementEditor), "a new agreement opens to be filled in"
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        assert rows_of(app.screen, "agreements")[0][:5] == [
            "Ana Silva ↔ Ben Okafor",
            "Ana Silva",
            "Ben Okafor",
            "2026-12-18",
            "draft",
        ]

    [summary] = Store(tmp_path).list_agreements()
    stored = Store(tmp_path).load(summary.id)
    assert (stored.mentee.name, stored.mentor.name) == ("Ana Silva", "Ben Okafor")
    assert (stored.start_date, stored.end_date) == (date(2026, 1, 12), date(2026, 12, 18))
    assert stored.updated_by == "ana" and stored.revision == 1

    again = MentorApp(tmp_path, user="ben")
    async with again.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert [row[0] for row in rows_of(again.screen, "agreements")] == ["Ana Silva ↔ Ben Okafor"]
        assert not again.screen.query_one("#empty").display


async def test_bad_input_is_shown_at_the_field_and_keeps_the_rest(tmp_path):
    app = MentorApp(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await fill_new_agreement(pilot, "Ana Silva", "", "2026-05-01", "2026-04-01")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, NewAgreementScreen), "an invalid form must stay open"
        assert message_at(app.screen, "mentor") == "The mentor's name is required."
        assert message_at(app.screen, "end") == "The end date must be after the start date."
        assert message_at(app.screen, "mentee") == ""
        assert app.screen.query_one("#mentee", Input).value == "Ana Silva"
        assert app.screen.query_one("#start", Input).value == "2026-05-01"
        assert app.focused.id == "mentor", "focus goes to the first field to fix"

        await type_text(pilot, "Ben")
        end = app.screen.query_one("#end", Input)
        end.value = ""
        end.focus()
        await type_text(pilot, "20260230")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert "is not a date" in message_at(app.screen, "end")
        assert message_at(app.screen, "mentor") == ""
    assert Store(tmp_path).list_agreements() == []


async def test_escape_on_a_typed_form_asks_before_discarding(tmp_path):
    app = MentorApp(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await fill_new_agreement(pilot, "Ana", "Ben")
        await escape_asks_first(pilot)
        assert isinstance(app.screen, NewAgreementScreen)
        assert app.screen.query_one("#mentee", Input).value == "Ana"
        await pilot.press("escape")
        await answer(pilot, "y")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
    assert Store(tmp_path).list_agreements() == []


async def test_delete_asks_then_moves_to_trash(tmp_path):
    app = MentorApp(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await fill_new_agreement(pilot, "Ana", "Ben")
        await pilot.press("ctrl+s", "escape")
        await pilot.pause()
        await pilot.press("d")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("n")
        await saved(pilot)
        assert len(Store(tmp_path).list_agreements()) == 1
        await pilot.press("d")
        await answer(pilot, "y")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        assert app.screen.query_one("#empty").display
    assert Store(tmp_path).list_agreements() == []
    assert len(list((tmp_path / "trash").glob("*.json"))) == 1


async def test_user_text_is_shown_as_text(tmp_path):
    plant(tmp_path, Agreement(title="[bold red]Boss[/] \x1b[2J", mentee=Party("[i]Ana")))
    app = MentorApp(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        title, mentee = rows_of(app.screen, "agreements")[0][:2]
        assert title == "[bold red]Boss[/] ␛[2J"
        assert mentee == "[i]Ana"
        table = app.screen.query_one("#agreements", DataTable)
        assert table.get_row_at(0)[0].spans == [], "no style may come from typed text"


async def test_a_damaged_agreement_file_gives_a_message_not_a_traceback(tmp_path):
    store = Store(tmp_path)
    created = store.create(Agreement(mentee=Party("Ana"), mentor=Party("Ben")))
    path = store.path_of(created.id)
    path.write_text('{"meta": {"1": {"kind": "mentortui-agreement", "schema": 1')
    before = path.read_bytes()
    app = MentorApp(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("o")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        [note] = list(app._notifications)
        assert str(path) in note.message and "left untouched" in note.message
        assert note.severity == "error"
    assert path.read_bytes() == before


async def test_every_key_of_the_list_is_in_its_footer_at_80_columns(tmp_path):
    """A coordinator (the most keys) at 80x24: each shown key, x (end early) included, is drawn
    whole, left of the palette key."""
    from .pilot import footer_keys, footer_line

    plant(tmp_path, Agreement(mentee=Party(name="Ana Silva"), mentor=Party(name="Ben Okafor")))
    app = MentorApp(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert app.viewer.is_coordinator
        keys = footer_keys(app.screen)
        [palette] = [key for key in keys if key.palette]
        drawn = {key.key: key for key in keys if key is not palette}
        assert {"n", "o", "m", "t", "v", "x", "u", "p", "q"} <= set(drawn)
        for key in drawn.values():
            assert key.end > key.start and key.end <= palette.start, key.key
        assert palette.end <= SIZE[0]
        line = footer_line(app.screen)
        assert line[drawn["x"].start : drawn["x"].end] == "x End"
        assert line.rstrip().endswith("^p palette"), line


async def test_every_footer_action_is_in_the_command_palette(tmp_path):
    app = MentorApp(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        titles = {command.title for command in app.get_system_commands(app.screen)}
        bindings = [b.binding for b in app.screen.active_bindings.values()]
        shown = {b.description for b in bindings if b.show}
        assert {"New", "Open", "Log", "Timeline", "Review", "End", "Trash", "Quit"} <= shown
        # Every described action, shown or not, is in the palette (by its tooltip if it has one),
        # but Tab and shift+tab, which move the focus.
        moves = ("focus_next", "focus_previous", "app.focus_next", "app.focus_previous")
        assert {b.tooltip or b.description for b in bindings if b.description and b.action not in moves} <= titles
        assert {"Delete the agreement", "Refresh the list", "Mid-point review", "End-date evaluation"} <= titles
        new = next(c for c in app.get_system_commands(app.screen) if c.title == "New")
        await new.callback()
        await pilot.pause()
        assert isinstance(app.screen, NewAgreementScreen)


async def test_a_new_agreement_starts_from_the_programmes_defaults(tmp_path):
    from mentortui.model.programme import ProgrammeDefaults

    Store(tmp_path).programme.put(
        ProgrammeDefaults(disclaimer="Participation is voluntary.", frequency="monthly", notice_hours=48)
    )
    app = MentorApp(tmp_path, user="ana")
    async with app.run_test(size=SIZE) as pilot:
        await fill_new_agreement(pilot, "Ana Silva", "Ben Okafor", "2026-01-12", "2026-12-18")
        await pilot.press("ctrl+s")
        await workers_done(app)
        await pilot.pause()
        editor = app.screen
        assert isinstance(editor, AgreementEditor)
        assert editor.agreement.schedule.frequency == "monthly"
        assert editor.agreement.disclaimer.text == "Participation is voluntary."
    [summary] = Store(tmp_path).list_agreements()
    stored = Store(tmp_path).load(summary.id)
    assert (stored.schedule.notice_hours, stored.disclaimer.text) == (48, "Participation is voluntary.")
