"""Hostile text stays text: what the other party (or a hand-edited file) put in an agreement
cannot drive the terminal of whoever opens it, and opening it changes nothing.

The app runs on a real pseudo-terminal here, so the bytes checked are the very bytes a
person's terminal would receive.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from mentortui.model import AgreementStatus, Party, Role
from mentortui.model.base import now
from mentortui.model.hygiene import text_problems
from mentortui.model.signing import sign
from mentortui.store import Store

from ..planted import plant
from ..terminal import on_pty, screen_text
from ..unit.test_export import HOSTILE, filled

#: One string with every way in: SGR colour, a retitle (OSC 0), a device status request that
#: makes the terminal type into the app, a clear, C1 CSI, NUL, BEL, DEL, CR, LF, a tab and a
#: right-to-left override.
ATTACK = "A\x1b[31mred\x1b]0;PWNED-TITLE\x07\x1b[6n\x1b[2J\x9b1m\x00\x07\x7f\r\nB\t\u202eevil"
#: Byte strings none of which may reach the terminal from user text.
FORBIDDEN = [
    b"\x1b[31mred",
    b"\x1b]0;PWNED",
    b"\x1b[6n",
    b"\x1b[2J",
    "\x9b".encode(),
    b"\x00",
    "\u202e".encode(),
    b"PWNED-TITLE\x07",
]


def signed_hostile(data_dir: Path) -> str:
    """A signed (active) agreement with ATTACK in every field a person types, as a file holds it."""
    agreement = filled(ATTACK).edit(signatures=(), acknowledgements=(), amendments=())
    for role in Role:
        agreement = sign(agreement, role, agreement.party(role).name, now())
    assert agreement.status is AgreementStatus.ACTIVE
    return plant(data_dir, agreement).id


async def test_opening_every_view_of_a_hostile_agreement_sends_no_control_and_writes_nothing(
    tmp_path: Path,
) -> None:
    data = tmp_path / "data"
    agreement_id = signed_hostile(data)
    path = data / "agreements" / f"{agreement_id}.json"
    before = path.read_bytes()
    screen = await on_pty([sys.executable, "-m", "mentortui", "--data-dir", str(data)])
    try:
        await screen.until("active")
        # The editor, each of its five steps, a goal, then the list's other views.
        await screen.keys(b"o")
        await screen.until("Parties")
        for step in ("Goals", "Schedule", "Hopes", "Review"):
            await screen.keys(b"\x0e")  # ctrl+n
            await screen.until(step)
        await screen.keys(b"\x02\x02\x02")  # ctrl+b back to Goals
        await screen.until("Evaluation metrics")
        await screen.keys(b"e")  # edit the goal
        await screen.until("Specific")
        await screen.keys(b"\x12")  # ctrl+r closes the goal screen
        await screen.until("Evaluation metrics")
        await screen.keys(b"\x12")  # and the editor
        await screen.until("m Log")  # the list's footer
        for key, seen in ((b"t", "Timeline"), (b"m", "Calendar")):
            await screen.keys(key)
            await screen.until(seen)
            await screen.keys(b"\x1b")
            await screen.until("New")  # the list's footer: n New
        await screen.keys(b"q")
        await screen.terminal.wait()
    finally:
        await screen.terminal.terminate(1.0)
        screen.terminal.close()
    for forbidden in FORBIDDEN:
        assert forbidden not in screen.output, forbidden
    assert path.read_bytes() == before, "opening and leaving changed the file"
    stored = Store(data).load(agreement_id)
    assert stored.status is AgreementStatus.ACTIVE and stored.revision == 1


@pytest.mark.parametrize("text", [t for t in HOSTILE if text_problems(filled(t))], ids=repr)
def test_the_store_refuses_each_hostile_string_with_a_message_naming_the_field(tmp_path, text) -> None:
    from mentortui.store import RefusedTextError

    store = Store(tmp_path)
    with pytest.raises(RefusedTextError) as refused:
        store.create(filled(text))
    assert refused.value.problems[0].path == "title"
    assert "remove" in str(refused.value)
    assert store.list_agreements() == []


@pytest.mark.parametrize("pasted", ["Year\x1b[31m one", "Year \u202eeno", "Year\x00", "Year\x9b2J"], ids=repr)
async def test_pasting_a_control_into_a_field_is_refused_at_the_field(tmp_path: Path, pasted: str) -> None:
    from textual import events

    from mentortui.app import MentorApp

    from .pilot import SIZE, keys, message_at, open_editor

    app = MentorApp(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        editor, agreement_id = await open_editor(pilot, tmp_path, mentee=Party("Ana"), mentor=Party("Ben"))
        path = tmp_path / "agreements" / f"{agreement_id}.json"
        before = path.read_bytes()
        title = editor.query_one("#title")
        title.focus()
        title.post_message(events.Paste(pasted))
        await pilot.pause()
        assert title.value == pasted, "what was pasted stays on screen"
        assert "remove the" in message_at(editor, "title").lower()
        assert "Not saved" in str(editor.query_one("#save-status").render())
        assert path.read_bytes() == before
        await keys(pilot, "end", *["backspace"] * len(pasted), *"Year one")  # mended: saved
        await pilot.pause()
        assert message_at(editor, "title") == ""
    assert Store(tmp_path).load(agreement_id).title == "Year one"


async def test_a_pasted_paragraph_in_a_one_line_field_is_joined_and_said(tmp_path: Path) -> None:
    from textual import events

    from mentortui.app import MentorApp

    from .pilot import SIZE, open_editor

    app = MentorApp(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        editor, agreement_id = await open_editor(pilot, tmp_path, mentee=Party("Ana"), mentor=Party("Ben"))
        title = editor.query_one("#title")
        title.focus()
        title.post_message(events.Paste("Year one\r\nof three\n"))
        await pilot.pause()
        assert title.value == "Year one of three"
        await pilot.pause()
        said = editor.query_one("#title-field").refusal
        assert said == "Pasted 2 lines as one: this field holds one line.", "said at the field, not in a corner"
        assert not any("Pasted" in str(n.message) for n in app._notifications)
    assert Store(tmp_path).load(agreement_id).title == "Year one of three"


async def test_a_notification_quoting_stored_text_shows_its_controls_as_stand_ins(tmp_path: Path) -> None:
    from mentortui.app import MentorApp

    from .pilot import SIZE

    app = MentorApp(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        app.notify("eve\x1b]0;PWNED\x07 changed title", title="By \x1b[2Jeve", markup=False)
        await pilot.pause()
        [note] = list(app._notifications)
    assert note.message == "eve␛]0;PWNED␇ changed title" and note.title == "By ␛[2Jeve"


async def test_a_pasted_escape_sequence_is_text_in_the_field_and_runs_no_shortcut(tmp_path: Path) -> None:
    data = tmp_path / "data"
    agreement_id = Store(data).create(filled("x").edit(title="Year one")).id
    screen = await on_pty([sys.executable, "-m", "mentortui", "--data-dir", str(data)])
    try:
        await screen.until("Year one")
        await screen.keys(b"o")
        await screen.until("Parties")
        # BEL is ctrl+g (go to step) and SO is ctrl+n (next step), were they read as keys.
        hostile = "\x1b[31mRED\x1b]0;PWNED\x07\x0e"
        await screen.keys(f"\x1b[200~{hostile}\x1b[201~".encode())
        shown = await screen.until("Not saved")
        assert "Go to step" not in shown and "remove the control character" in shown.lower()
        assert b"\x1b]0;PWNED" not in screen.output
    finally:
        await screen.terminal.terminate(1.0)
        screen.terminal.close()
    assert Store(data).load(agreement_id).title == "Year one"


async def test_a_refused_field_does_not_hold_back_the_rest_of_the_form(tmp_path: Path) -> None:
    from mentortui.app import MentorApp

    from .pilot import SIZE, message_at, open_editor, type_text

    app = MentorApp(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        editor, agreement_id = await open_editor(pilot, tmp_path, mentee=Party("Ana"), mentor=Party("Ben"))
        editor.query_one("#title").value = "Year\x07 one"  # as a paste would leave it
        await pilot.pause()
        editor.query_one("#mentee-contact").focus()
        await type_text(pilot, "ana@example.org")
        await pilot.pause()
        assert "BEL" in message_at(editor, "title")
        assert "Not saved" in str(editor.query_one("#save-status").render())
        assert editor.query_one("#title").value == "Year\x07 one"
    stored = Store(tmp_path).load(agreement_id)
    assert stored.mentee.contact == "ana@example.org" and stored.title == ""


async def test_bytes_and_key_sequences_no_terminal_sends_end_no_session(tmp_path: Path) -> None:
    """Each of these ended the app from its input thread, with a traceback on the person's
    screen and no crash log: a byte that is not UTF-8 (a Latin-1 terminal's ÿ, an 8-bit Meta
    key), a key code past Unicode, key numbers too big for a C integer. A paste that never
    ends is kept only up to a bound, and one too long for a one-line field is cut there."""
    data = tmp_path / "data"
    agreement_id = Store(data).create(filled("x").edit(title="Year one")).id
    screen = await on_pty([sys.executable, "-m", "mentortui", "--data-dir", str(data)])
    try:
        await screen.until("Year one")
        for sequence in (b"\xff", b"\x1b[1114112u", b"\x1b[99999999999u", b"\x1b[99999999999999999999~"):
            await screen.keys(sequence)
        await screen.keys(b"\x1b[<0;99999999999999999999;5M")  # a mouse click far away
        await screen.keys(b"o")
        await screen.until("Parties")
        await screen.keys(b"\x1b[200~" + b"long " * 100_000 + b"\x1b[201~")  # 500 KB into the title
        shown = await screen.until("Kept the first 2,000 of")
        assert "Traceback" not in shown and screen.terminal.running
    finally:
        await screen.terminal.terminate(1.0)
        screen.terminal.close()
    assert "Traceback" not in screen_text(screen.output)
    assert not (data / "logs").exists() or not list((data / "logs").iterdir()), "no crash"
    assert Store(data).load(agreement_id).title == "Year one", "too long: refused at the field"
