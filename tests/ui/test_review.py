"""Pilot tests of Review & sign: signing, amending after signing, re-signing, jumps, export."""

from __future__ import annotations

import stat

from textual.widgets import Input, OptionList

from mentortui.app import MentorApp
from mentortui.model import Agreement, AgreementStatus, Party, Role
from mentortui.model.people import Person, PersonRole, Viewer
from mentortui.model.signing import is_current, signature
from mentortui.screens.agreement.export import ExportScreen
from mentortui.screens.agreement.sign import SignScreen
from mentortui.store import Store
from mentortui.widgets.steps_bar import StepsBar

from .pilot import (
    SIZE,
    go_to_step,
    keys,
    markdown_blocks,
    message_at,
    open_agreement,
    open_editor,
    saved,
    sign_as,
    tab_to,
    type_text,
    workers_done,
)
from .test_typing import wait_for


async def test_signing_amending_and_re_signing_move_the_status(tmp_path):
    app = MentorApp(tmp_path, user="ana")
    async with app.run_test(size=SIZE) as pilot:
        editor, agreement_id = await open_editor(pilot, tmp_path, mentee=Party("Ana Silva"), mentor=Party("Ben Okafor"))
        await go_to_step(pilot, 5)

        await sign_as(pilot, Role.MENTEE, "Ana Silva")
        await saved(pilot)
        stored = Store(tmp_path).load(agreement_id)
        assert stored.status is AgreementStatus.DRAFT
        assert is_current(stored, signature(stored, Role.MENTEE))
        assert [a.role for a in stored.acknowledgements] == [Role.MENTEE]

        await sign_as(pilot, Role.MENTOR, "ben okafor")
        await saved(pilot)
        stored = Store(tmp_path).load(agreement_id)
        assert stored.status is AgreementStatus.ACTIVE
        lines = str(editor.query_one("#signature-lines").render())
        assert lines.count("✓ current") == 2 and "the agreement is active" in lines
        assert editor.query_one(StepsBar).complete >= {4}

        await go_to_step(pilot, 1)
        editor.query_one("#title").focus()
        await type_text(pilot, "Year one")
        await saved(pilot)
        stored = Store(tmp_path).load(agreement_id)
        assert stored.status is AgreementStatus.AMENDED
        [amendment] = stored.amendments
        assert amendment.fields == ("title",) and amendment.by == "ana"
        assert not any(is_current(stored, s) for s in stored.signatures)

        await go_to_step(pilot, 5)
        lines = str(editor.query_one("#signature-lines").render())
        assert lines.count("stale, changed since: title") == 2
        await sign_as(pilot, Role.MENTEE, "Ana Silva")
        await saved(pilot)
        assert Store(tmp_path).load(agreement_id).status is AgreementStatus.AMENDED
        await sign_as(pilot, Role.MENTOR, "Ben Okafor")
        await saved(pilot)
        stored = Store(tmp_path).load(agreement_id)
        assert stored.status is AgreementStatus.ACTIVE
        assert all(is_current(stored, s) for s in stored.signatures)
        assert len(stored.amendments) == 1, "the amendment history is kept"


async def test_a_wrong_name_or_no_disclaimer_tick_does_not_sign(tmp_path):
    app = MentorApp(tmp_path, user="ana")
    async with app.run_test(size=SIZE) as pilot:
        _editor, agreement_id = await open_editor(pilot, tmp_path, mentee=Party("Ana"), mentor=Party("Ben"))
        await go_to_step(pilot, 5)
        await sign_as(pilot, Role.MENTEE, "Bob")
        dialog = app.screen
        assert isinstance(dialog, SignScreen)
        assert message_at(dialog, "name") == "Type the mentee's name as the agreement gives it: Ana."
        dialog.query_one("#name", Input).value = "Ana"
        dialog.query_one("#accept").value = False
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, SignScreen)
        assert "accept the disclaimer" in message_at(dialog, "accept")
        dialog.query_one("#accept").value = True
        await pilot.pause()
        assert message_at(dialog, "accept") == "", "ticking it answers what was said under it"
        dialog.query_one("#accept").value = False
        await pilot.press("escape")
        await pilot.pause()
    assert Store(tmp_path).load(agreement_id).signatures == ()


async def test_missing_items_jump_to_their_field(tmp_path):
    app = MentorApp(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        editor, _ = await open_editor(pilot, tmp_path, mentee=Party("Ana"), mentor=Party("Ben"))
        await go_to_step(pilot, 5)
        listing = editor.query_one("#missing", OptionList)
        prompts = [str(listing.get_option_at_index(i).prompt) for i in range(listing.option_count)]
        assert "• the mentor's career stage" in prompts
        listing.focus()
        listing.highlighted = prompts.index("• the mentor's career stage")
        await pilot.press("enter")
        await pilot.pause()
        assert editor.query_one(StepsBar).current == 0
        assert app.focused.id == "mentor-career_stage"


async def test_export_from_the_editor_writes_a_private_markdown_file(tmp_path):
    target = tmp_path / "out" / "agreement.md"
    target.parent.mkdir()
    app = MentorApp(tmp_path / "data")
    async with app.run_test(size=SIZE) as pilot:
        editor, _ = await open_editor(
            pilot, tmp_path / "data", title="Ana | Ben", mentee=Party("Ana"), mentor=Party("Ben")
        )
        await pilot.press("ctrl+o")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, ExportScreen)
        dialog.query_one("#path", Input).value = str(tmp_path / "missing-dir" / "x.md")
        await pilot.press("ctrl+s")
        await workers_done(app)  # written in a worker: the screen never waits on the disk
        await pilot.pause()
        assert message_at(dialog, "path") == (
            f"{tmp_path / 'missing-dir'} does not exist: create it first, or write somewhere else."
        )
        dialog.query_one("#path", Input).value = str(target)
        await pilot.press("ctrl+s")
        await workers_done(app)
        await pilot.pause()
        assert app.screen is editor
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    headings, _ = markdown_blocks(target.read_text())
    assert headings[0] == (1, "Ana | Ben")


async def test_export_to_a_folder_writes_the_agreements_file_in_it(tmp_path):
    folder = tmp_path / "out"
    folder.mkdir()
    app = MentorApp(tmp_path / "data")
    async with app.run_test(size=SIZE) as pilot:
        editor, agreement_id = await open_editor(
            pilot, tmp_path / "data", title="Ana | Ben", mentee=Party("Ana"), mentor=Party("Ben")
        )
        await pilot.press("ctrl+o")
        await pilot.pause()
        dialog = app.screen
        dialog.query_one("#path", Input).value = str(folder)
        await pilot.press("ctrl+s")
        await workers_done(app)
        await pilot.pause()
        assert app.screen is editor, "written, not asked whether to replace the folder"
    [written] = folder.iterdir()
    assert written.name == f"ana-ben-{agreement_id}.md" and stat.S_IMODE(written.stat().st_mode) == 0o600


async def test_once_people_are_registered_each_signs_only_as_their_own_party(tmp_path):
    store = Store(tmp_path)
    for handle, name in (("eve", "Eve Ng"), ("bob", "Bob Tan")):
        store.people.put(Person(handle=handle, name=name, role=PersonRole.MENTEE))
    agreement_id = store.create(
        Agreement(mentee=Party("Eve Ng", handle="eve"), mentor=Party("Bob Tan", handle="bob"))
    ).id
    app = MentorApp(tmp_path, user="eve", served=True)
    async with app.run_test(size=SIZE) as pilot:
        editor = await open_agreement(pilot)
        await go_to_step(pilot, 5)
        await tab_to(pilot, "sign-mentor")
        await pilot.press("enter")
        await pilot.pause()
        assert app.screen is editor, "no signing dialog for the other party"
        assert any("Only bob can sign as mentor" in str(n.message) for n in app._notifications)
        await sign_as(pilot, Role.MENTEE, "Eve Ng")
    stored = Store(tmp_path).load(agreement_id)
    assert [s.role for s in stored.signatures] == [Role.MENTEE]


def test_nobody_signs_for_an_unlinked_party_or_as_both_parties():
    eve = Viewer("eve", Person(handle="eve", name="Eve"), open_mode=False)
    unlinked = Agreement(mentee=Party("Eve", handle="eve"), mentor=Party("Bob"))
    assert "not linked" in eve.sign_problem(unlinked, Role.MENTOR)
    both = Agreement(mentee=Party("Eve", handle="eve"), mentor=Party("Bob", handle="eve"))
    assert "both parties" in eve.sign_problem(both, Role.MENTEE)
    assert Viewer("eve").sign_problem(unlinked, Role.MENTOR) == ""  # one machine, no registry


async def test_signing_an_incomplete_agreement_needs_an_explicit_sign_anyway_and_is_recorded(tmp_path):
    app = MentorApp(tmp_path, user="ana")
    async with app.run_test(size=SIZE) as pilot:
        _editor, agreement_id = await open_editor(pilot, tmp_path, mentee=Party("Ana"), mentor=Party("Ben"))
        await go_to_step(pilot, 5)
        await sign_as(pilot, Role.MENTEE, "Ana", anyway=False)
        dialog = app.screen
        assert isinstance(dialog, SignScreen), "not signed without saying so"
        shown = str(dialog.query_one("#sign-missing").render())
        assert "Still missing (" in shown and "• the kind of mentorship" in shown and "more" in shown
        assert "tick this to sign anyway" in message_at(dialog, "anyway")
        await pilot.press("escape")
        await pilot.pause()
        assert Store(tmp_path).load(agreement_id).signatures == ()

        await sign_as(pilot, Role.MENTEE, "Ana")
        await saved(pilot)
    stored = Store(tmp_path).load(agreement_id)
    signed = signature(stored, Role.MENTEE)
    assert "at least one goal" in signed.missing and len(signed.missing) >= 8
    from mentortui.export import agreement_markdown

    exported = agreement_markdown(stored)
    assert f"Signed by the mentee with {len(signed.missing)} item(s) missing:" in exported
    assert "- at least one goal" in exported


async def test_enter_on_the_missing_list_jumps_without_a_down_first(tmp_path):
    app = MentorApp(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        editor, _ = await open_editor(pilot, tmp_path, mentee=Party("Ana"), mentor=Party("Ben"))
        await go_to_step(pilot, 5)
        await tab_to(pilot, "missing")
        first = str(editor.query_one("#missing", OptionList).get_option_at_index(0).prompt)
        assert first == "• no start date yet"
        await pilot.press("enter")
        await pilot.pause()
        assert editor.query_one(StepsBar).current == 0
        assert app.focused.id == "start_date"


async def test_the_history_says_what_an_edit_after_signing_changed_old_to_new(tmp_path):
    from mentortui.export import agreement_markdown

    app = MentorApp(tmp_path, user="ana")
    async with app.run_test(size=SIZE) as pilot:
        editor, agreement_id = await open_editor(pilot, tmp_path, mentee=Party("Ana"), mentor=Party("Ben"))
        await go_to_step(pilot, 5)
        await sign_as(pilot, Role.MENTEE, "Ana")
        await sign_as(pilot, Role.MENTOR, "Ben")
        await saved(pilot)
        await go_to_step(pilot, 1)
        editor.query_one("#title").focus()
        await type_text(pilot, "Year one")
        await saved(pilot)
    stored = Store(tmp_path).load(agreement_id)
    [amendment] = stored.amendments
    assert amendment.summary == "changed title “” → “Year one”"
    assert "changed title “” → “Year one”" in agreement_markdown(stored)


async def test_the_preview_is_drawn_with_the_step_as_one_widget(tmp_path):
    """The preview came about a second after the rest of Review & sign: Textual's Markdown
    widget built a widget per block and table cell. It is one widget now, drawn with the step."""
    from textual.geometry import Region
    from textual.widgets import Static

    from mentortui.model.sample import sample_agreement

    Store(tmp_path).create(sample_agreement())
    app = MentorApp(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        editor = await open_agreement(pilot)
        await go_to_step(pilot, 4)
        await pilot.pause()
        widgets_before = len(editor.query("*"))
        await pilot.press("ctrl+n")
        assert editor.query_one(StepsBar).current == 4
        preview = editor.query_one("#rendered", Static)

        def lines_of() -> list[str]:
            return [strip.text for strip in preview.render_lines(Region(0, 0, *preview.size))]

        # The Markdown is written in a worker, started once the step is drawn.
        await wait_for(pilot, lambda: any("Ana Silva" in line for line in lines_of()))
        assert len(editor.query("*")) <= widgets_before + 5
        lines = lines_of()
        assert any("Mentee" in line and "Ana Silva" in line and "ana@example.org" in line for line in lines)
        assert any("Certified, and confident leading complex cases" in line for line in lines)
        # Links typed in the text are shown with their address, never as terminal hyperlinks.
        assert not any(
            segment.style and segment.style.link
            for strip in preview.render_lines(Region(0, 0, *preview.size))
            for segment in strip
        )


async def test_the_document_is_drawn_off_the_ui_thread_at_the_steps_width(tmp_path, monkeypatch):
    """Laying out the drawn document on the UI thread took 130 ms for 25 goals and meetings,
    and every key waited: it is drawn in the worker, at the width it is shown at."""
    import threading

    from rich.markdown import Markdown
    from textual.geometry import Region
    from textual.widgets import Static

    from mentortui.model.sample import sample_agreement

    drawn_on: list[str] = []
    draw = Markdown.__rich_console__

    def recorded(self, console, options):
        drawn_on.append(threading.current_thread().name)
        yield from draw(self, console, options)

    monkeypatch.setattr(Markdown, "__rich_console__", recorded)
    Store(tmp_path).create(sample_agreement())
    app = MentorApp(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        editor = await open_agreement(pilot)
        await go_to_step(pilot, 5)
        preview = editor.query_one("#rendered", Static)

        def lines() -> list[str]:
            return [strip.text.rstrip() for strip in preview.render_lines(Region(0, 0, *preview.size))]

        await wait_for(pilot, lambda: any("Ana Silva" in line for line in lines()))
        assert drawn_on and threading.main_thread().name not in drawn_on, drawn_on
        assert preview.size.width - 4 <= max(len(line) for line in lines()) <= preview.size.width
        assert any(line.startswith("╭") or "Mentee" in line for line in lines())


async def test_tab_reaches_the_document_and_pagedown_reads_on(tmp_path):
    from textual.widgets import Static

    from mentortui.model.sample import sample_agreement

    Store(tmp_path).create(sample_agreement(meetings=24))
    app = MentorApp(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        editor = await open_agreement(pilot)
        step = await go_to_step(pilot, 5)
        preview = editor.query_one("#rendered", Static)
        await wait_for(pilot, lambda: preview.size.height > 30)
        for _ in range(6):
            if app.focused is preview:
                break
            await keys(pilot, "tab")
        assert app.focused is preview
        before = step.scroll_y
        await keys(pilot, "pagedown", "pagedown")
        assert step.scroll_y > before


async def test_one_thing_missing_is_said_as_one_item(tmp_path):
    from mentortui.model.sample import sample_agreement

    agreed = sample_agreement()
    agreed = agreed.edit(
        values=tuple(c.edit(agreed=True) for c in agreed.values),
        termination_clause=agreed.termination_clause.edit(agreed=True),
        schedule=agreed.schedule.edit(notice_hours=None),
    )
    app = MentorApp(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        dialog = SignScreen(agreed, Role.MENTEE)
        await app.push_screen(dialog)
        await pilot.pause()
        assert dialog.missing == ("how much notice a cancellation needs",)
        dialog.query_one("#name", Input).value = agreed.mentee.name
        dialog.query_one("#accept").value = True
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert message_at(dialog, "anyway").startswith("1 item is missing: tick this to sign anyway")
        dialog.query_one("#anyway").value = True
        await pilot.pause()
        assert message_at(dialog, "anyway") == ""
