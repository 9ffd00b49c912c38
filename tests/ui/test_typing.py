"""Typing is sacred: every key is kept, in its field, whoever else saves, whatever holds the disk.

Keys go through the app as a terminal sends them; other writers are other processes.
"""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import sys
import time

import pytest
from textual import events
from textual.widgets import Input, TextArea

from mentortui.app import MentorApp
from mentortui.model import Agreement, Goal, Party, Role
from mentortui.screens.agreement.editor import AgreementEditor
from mentortui.screens.agreement.goal import GoalScreen
from mentortui.screens.agreement.sign import SignScreen
from mentortui.store import Store

from ..terminal import on_pty
from .pilot import SIZE, go_to_step, message_at, saved, wait_for

WORDS = "the quick brown fox jumps over a lazy dog "


def burst(pilot, text: str, *keys: str) -> None:
    """Keys as a fast typist sends them: all queued at once, before the app has handled any.

    ``keys`` (named keys such as "ctrl+n") are sent first, then ``text``.
    """
    for key in keys:
        pilot.app.post_message(events.Key(key, "\t" if key == "tab" else " " if key == "space" else None))
    for char in text:
        key = {" ": "space", "\n": "enter"}.get(char, char)
        pilot.app.post_message(events.Key(key, None if char == "\n" else char))


async def open_editor_on(pilot, agreement_id: str) -> AgreementEditor:
    await pilot.pause()
    await pilot.press("o")
    await pilot.pause()
    editor = pilot.app.screen
    assert isinstance(editor, AgreementEditor) and editor.base.id == agreement_id
    return editor


# -- another writer ------------------------------------------------------------------------------

NOTE_WRITER = """
import sys, time
from datetime import datetime, timezone
from mentortui.model import meetings
from mentortui.store import Store
store = Store(sys.argv[1], user="ben")
agreement_id, count = sys.argv[2], int(sys.argv[3])
print("ready", flush=True)
for n in range(count):
    def note(agreement, n=n):
        at = datetime.now(timezone.utc)
        meeting = meetings.in_progress(agreement)
        if meeting is None:
            agreement, meeting = meetings.start(agreement, at)
        return meetings.add_note(agreement, meeting.id, f"note {n}", "ben", at)
    store.update(agreement_id, note)
    time.sleep(0.02)
"""


async def test_300_keys_while_another_process_saves_100_notes(tmp_path):
    created = Store(tmp_path).create(Agreement(mentee=Party("Ana"), mentor=Party("Ben")))
    app = MentorApp(tmp_path, user="ana")
    async with app.run_test(size=SIZE) as pilot:
        editor = await open_editor_on(pilot, created.id)
        title = editor.query_one("#title", Input)
        assert app.focused is title
        writer = subprocess.Popen(
            [sys.executable, "-c", NOTE_WRITER, str(tmp_path), created.id, "100"],
            stdout=subprocess.PIPE,
            text=True,
        )
        assert writer.stdout.readline().strip() == "ready"
        typed = (WORDS * 8)[:300]
        for start in range(0, 300, 15):  # a person's pace: 15 keys, then the app catches up
            burst(pilot, typed[start : start + 15])
            await pilot.pause(0.05)
        while writer.poll() is None:
            await pilot.pause(0.1)
        assert writer.returncode == 0
        await saved(pilot)
        assert title.value == typed.strip() or title.value == typed, "every key is in the field"
        stored = Store(tmp_path).load(created.id)
        assert stored.title == typed.strip(), "and on disk"
        notes = [n.text for m in stored.meetings for n in m.notes]
        assert notes == [f"note {n}" for n in range(100)], "and so is everything the other wrote"
        assert stored.revision < 100 + 1 + 300 // 5, "a revision per save, not per key"


async def test_a_burst_of_30_keys_is_at_most_two_saves(tmp_path):
    created = Store(tmp_path).create(Agreement(mentee=Party("Ana"), mentor=Party("Ben")))
    app = MentorApp(tmp_path, user="ana")
    async with app.run_test(size=SIZE) as pilot:
        editor = await open_editor_on(pilot, created.id)
        burst(pilot, "Thirty keys typed in one go..")
        await saved(pilot)
        assert editor.saver.saves <= 2
        assert Store(tmp_path).load(created.id).revision <= 3


# -- a conflict mid-word ------------------------------------------------------------------------------


@pytest.mark.parametrize("settle", ["ctrl+y", "ctrl+t"])
async def test_a_conflict_mid_word_takes_no_typed_key_as_an_answer(tmp_path, settle):
    created = Store(tmp_path).create(Agreement(title="Start", mentee=Party("Ana"), mentor=Party("Ben")))
    app = MentorApp(tmp_path, user="ana")
    async with app.run_test(size=SIZE) as pilot:
        editor = await open_editor_on(pilot, created.id)
        # The pause before a save is 0.4 s; on a busy host the pilot's pause below can take
        # longer, and then " yea" was saved before Ben's save: no conflict to test. Here the
        # typing stays unsaved until saved() flushes it, after Ben's save.
        editor.saver.pause = 60
        title = editor.query_one("#title", Input)
        await pilot.press("end")
        burst(pilot, " yea")  # mid-word, unsaved, when the other person saves the same field
        await pilot.pause()
        ben = Store(tmp_path, user="ben")
        ben.save(ben.load(created.id).edit(title="Ben's title", mentor_hopes="Ben's hopes"))
        await saved(pilot)
        await wait_for(pilot, lambda: bool(editor.conflicts))
        burst(pilot, "r mtmt")  # typing goes on: m and t are letters, not answers
        await pilot.pause()
        assert app.screen is editor and app.focused is title
        assert title.value == "Start year mtmt"
        assert "Ben's title" in message_at(editor, "title"), "both values are shown, at the field"
        stored = Store(tmp_path).load(created.id)
        assert stored.title == "Ben's title", "theirs is kept until settled"
        assert stored.mentor_hopes == "Ben's hopes"
        assert editor.query_one("#mentor_hopes", TextArea).text == "Ben's hopes"

        await pilot.press(settle)
        await saved(pilot)
        stored = Store(tmp_path).load(created.id)
        expected = "Start year mtmt" if settle == "ctrl+y" else "Ben's title"
        assert stored.title == expected and title.value == expected
        assert stored.mentor_hopes == "Ben's hopes"
        assert not editor.conflicts and message_at(editor, "title") == ""


async def test_others_changes_come_in_while_the_focused_field_keeps_its_text(tmp_path, quick_watch):
    created = Store(tmp_path).create(Agreement(title="Start", mentee=Party("Ana"), mentor=Party("Ben")))
    app = MentorApp(tmp_path, user="ana")
    async with app.run_test(size=SIZE) as pilot:
        editor = await open_editor_on(pilot, created.id)
        title = editor.query_one("#title", Input)
        await pilot.press("end", "left", "left")
        ben = Store(tmp_path, user="ben")
        ben.save(ben.load(created.id).edit(title="Ben's title", mentor_hopes="Give feedback"))
        hopes = editor.query_one("#mentor_hopes", TextArea)
        await wait_for(pilot, lambda: hopes.text == "Give feedback")
        assert title.value == "Start" and title.cursor_position == 3, "text and cursor kept"
        assert "Ben's title" in message_at(editor, "title")
        assert "ben changed title, mentor's hopes" in str(editor.query_one("#save-status").render())
        assert not app._notifications, "said on the status line: nothing piles up over the form"
        await pilot.press("tab")  # leaving the field shows theirs
        await pilot.pause()
        assert title.value == "Ben's title"
        await saved(pilot)
        assert Store(tmp_path).load(created.id).revision == 2, "showing theirs writes nothing"


# -- the disk is not there --------------------------------------------------------------------------

LOCK_HOLDER = """
import fcntl, os, sys, time
fd = os.open(sys.argv[1] + ".lock", os.O_RDWR | os.O_CREAT, 0o600)
fcntl.flock(fd, fcntl.LOCK_EX)
print("held", flush=True)
time.sleep(float(sys.argv[2]))
"""


async def test_keys_keep_appearing_while_another_process_holds_the_lock_for_10_s(tmp_path):
    created = Store(tmp_path).create(Agreement(mentee=Party("Ana"), mentor=Party("Ben")))
    path = Store(tmp_path).path_of(created.id)
    app = MentorApp(tmp_path, user="ana")
    async with app.run_test(size=SIZE) as pilot:
        editor = await open_editor_on(pilot, created.id)
        title = editor.query_one("#title", Input)
        holder = subprocess.Popen(
            [sys.executable, "-c", LOCK_HOLDER, str(path), "10"], stdout=subprocess.PIPE, text=True
        )
        assert holder.stdout.readline().strip() == "held"
        started = time.monotonic()
        typed = ""
        slowest = 0.0
        for word in ("Held ", "lock ", "keys ", "stay"):
            for char in word:
                before = time.monotonic()
                await pilot.press("space" if char == " " else char)
                typed += char
                slowest = max(slowest, time.monotonic() - before)
                assert title.value == typed
            await pilot.pause(1.5)
        assert slowest < 1.0, f"a key took {slowest:.2f} s to show"
        status = str(editor.query_one("#save-status").render())
        assert "Not saved, retrying" in status and "busy" in status, status
        assert Store(tmp_path).load(created.id).title == ""
        assert time.monotonic() - started < 10, "still within the lock's 10 s"
        await wait_for(pilot, lambda: holder.poll() is not None, seconds=20)
        await wait_for(pilot, lambda: editor.saver.idle and not editor.saver.failing)
        assert Store(tmp_path).load(created.id).title == "Held lock keys stay"
        assert "Not saved" not in str(editor.query_one("#save-status").render())


# -- type-ahead ------------------------------------------------------------------------------------


async def test_type_ahead_lands_in_the_screen_it_opened(tmp_path):
    created = Store(tmp_path).create(Agreement(mentee=Party("Ana Silva"), mentor=Party("Ben Okafor")))
    app = MentorApp(tmp_path, user="ana")
    async with app.run_test(size=SIZE) as pilot:
        editor = await open_editor_on(pilot, created.id)
        title = editor.query_one("#title", Input)
        # From step 1's Title, with no pause: ctrl+n (the Goals step, whose list has the
        # focus), a (add a goal: its screen opens) and the goal's title.
        burst(pilot, "aLead a journal club", "ctrl+n")
        await wait_for(pilot, lambda: isinstance(app.screen, GoalScreen))
        await pilot.pause()
        assert title.value == "", "nothing went into the previous step's Title"
        assert app.screen.query_one("#title", Input).value == "Lead a journal club"
        await pilot.press("escape")
        await saved(pilot)
        assert [g.title for g in Store(tmp_path).load(created.id).goals] == ["Lead a journal club"]
        assert editor.current == 1
        assert editor.query_one("#evaluation_metrics", TextArea).text == ""


async def test_type_ahead_into_the_sign_dialog(tmp_path):
    created = Store(tmp_path).create(Agreement(mentee=Party("Gus Hall", handle="ana"), mentor=Party("Ben")))
    app = MentorApp(tmp_path, user="ana")
    async with app.run_test(size=SIZE) as pilot:
        await open_editor_on(pilot, created.id)
        review = await go_to_step(pilot, 5)
        review.query_one("#sign-mentee").focus()
        await pilot.pause()
        burst(pilot, "Gus Hall", "enter")  # the dialog opens on the name
        burst(pilot, "", "tab", "space", "tab", "space")  # then sign anyway, accept
        await wait_for(pilot, lambda: isinstance(app.screen, SignScreen))
        await pilot.pause()
        assert app.screen.query_one("#anyway").value is True
        assert app.screen.query_one("#accept").value is True
        assert app.screen.query_one("#name", Input).value == "Gus Hall"


# -- stopped mid-word ----------------------------------------------------------------------------


@pytest.mark.parametrize("how", ["SIGTERM", "SIGHUP (the connection dropped)"])
async def test_stopping_mid_word_keeps_what_was_typed(tmp_path, how):
    created = Store(tmp_path).create(Agreement(mentee=Party("Ana"), mentor=Party("Ben")))
    screen = await on_pty([sys.executable, "-m", "mentortui", "--data-dir", str(tmp_path)])
    terminal = screen.terminal
    try:
        await screen.until("Ana")
        await screen.keys(b"o")
        await screen.until("Parties")
        await terminal.write(b"Stopped mid-wor")  # no pause: the save is not even due yet
        await screen.until("Stopped mid-wor")
        if how == "SIGTERM":
            os.kill(terminal.pid, signal.SIGTERM)
        else:
            terminal.close()  # the kernel hangs up the app's terminal, as sshd does on a drop
        status = await asyncio.wait_for(terminal.wait(), 15)
    finally:
        if terminal.running:
            await terminal.terminate(1.0)
        terminal.close()
    assert Store(tmp_path).load(created.id).title == "Stopped mid-wor", f"exit status {status}"


async def test_focus_stays_put_on_review_and_sign_when_someone_else_saves(tmp_path, quick_watch):
    created = Store(tmp_path).create(Agreement(mentee=Party("Ana"), mentor=Party("Ben")))
    app = MentorApp(tmp_path, user="ana")
    async with app.run_test(size=SIZE) as pilot:
        editor = await open_editor_on(pilot, created.id)
        review = await go_to_step(pilot, 5)
        button = review.query_one("#sign-mentee")
        button.focus()
        await pilot.pause()
        for n in range(3):
            ben = Store(tmp_path, user="ben")
            ben.save(ben.load(created.id).edit(mentor_hopes=f"Hopes {n}"))
            await wait_for(pilot, lambda n=n: editor.base.mentor_hopes == f"Hopes {n}")
            await pilot.pause()
            assert app.focused is button, "a refresh moves no focus"
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, SignScreen))


async def test_keys_typed_right_after_opening_an_agreement_land_in_its_title(tmp_path):
    created = Store(tmp_path).create(Agreement(mentee=Party("Ana"), mentor=Party("Ben")))
    app = MentorApp(tmp_path, user="ana")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        burst(pilot, "oCCM year")  # o opens it (read in the background); the title follows
        await wait_for(pilot, lambda: isinstance(app.screen, AgreementEditor))
        await pilot.pause()
        assert app.screen.query_one("#title", Input).value == "CCM year"
        await saved(pilot)
        assert Store(tmp_path).load(created.id).title == "CCM year"


async def test_type_ahead_after_e_on_the_goals_list(tmp_path):
    created = Store(tmp_path).create(
        Agreement(mentee=Party("Ana"), mentor=Party("Ben"), goals=(Goal(title="Publish"),))
    )
    app = MentorApp(tmp_path, user="ana")
    async with app.run_test(size=SIZE) as pilot:
        editor = await open_editor_on(pilot, created.id)
        await go_to_step(pilot, 2)
        assert app.focused is editor.query_one("#goals-table")
        burst(pilot, "e a paper", "end")  # e opens the goal; the rest of its title follows
        await wait_for(pilot, lambda: isinstance(app.screen, GoalScreen))
        await pilot.pause()
        assert app.screen.query_one("#title", Input).value == "Publish a paper"


async def test_a_full_disk_keeps_the_text_says_so_and_saves_once_there_is_room(tmp_path, monkeypatch):
    import errno

    from mentortui.store import atomic

    created = Store(tmp_path).create(Agreement(mentee=Party("Ana"), mentor=Party("Ben")))
    real_write = atomic.write_atomically
    full = {"on": True}

    def write(path, text):
        if full["on"]:
            raise OSError(errno.ENOSPC, "No space left on device", str(path))
        return real_write(path, text)

    monkeypatch.setattr(atomic, "write_atomically", write)
    app = MentorApp(tmp_path, user="ana")
    async with app.run_test(size=SIZE) as pilot:
        editor = await open_editor_on(pilot, created.id)
        burst(pilot, "Kept while full")
        await wait_for(pilot, lambda: bool(editor.saver.failing))
        status = str(editor.query_one("#save-status").render())
        assert "Not saved, retrying" in status and "disk is full" in status, status
        assert editor.query_one("#title", Input).value == "Kept while full"
        burst(pilot, " and more")
        await wait_for(pilot, lambda: editor.query_one("#title", Input).value == "Kept while full and more")
        full["on"] = False
        await wait_for(pilot, lambda: editor.saver.idle and not editor.saver.failing)
        assert Store(tmp_path).load(created.id).title == "Kept while full and more"
        assert "Not saved" not in str(editor.query_one("#save-status").render())


async def test_a_new_agreement_typed_in_one_go_keeps_every_field(tmp_path):
    from mentortui.screens.home.new_agreement import NewAgreementScreen

    app = MentorApp(tmp_path, user="ana")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        burst(pilot, "n")
        burst(pilot, "Ana Silva")
        burst(pilot, "", "tab")
        burst(
            pilot,
            "Ben Okafor",
        )
        burst(pilot, "", "ctrl+s")  # at once: before the dialog has even drawn the name
        burst(pilot, "CCM year")
        await wait_for(pilot, lambda: isinstance(app.screen, AgreementEditor))
        editor = app.screen
        # The keys typed ahead are handed to the editor once it is drawn (on a busy host,
        # after the first frame): wait for them, not for one more pause.
        title = editor.query_one("#title", Input)
        await wait_for(pilot, lambda: not app._type_ahead and title.value.endswith("CCM year"))
        assert not isinstance(app.screen, NewAgreementScreen)
        assert (editor.agreement.mentee.name, editor.agreement.mentor.name) == ("Ana Silva", "Ben Okafor")
        assert title.value.endswith("CCM year")


async def test_focus_stays_on_the_sign_button_after_signing(tmp_path):
    from mentortui.screens.agreement.steps.review import ReviewStep  # noqa: F401  (the step on screen)

    from .pilot import sign_as

    created = Store(tmp_path).create(Agreement(mentee=Party("Ana Silva"), mentor=Party("Ben")))
    app = MentorApp(tmp_path, user="ana")
    async with app.run_test(size=SIZE) as pilot:
        editor = await open_editor_on(pilot, created.id)
        review = await go_to_step(pilot, 5)
        await sign_as(pilot, Role.MENTEE, "Ana Silva")
        await saved(pilot)
        assert app.screen is editor and app.focused is review.query_one("#sign-mentee")
        assert Store(tmp_path).load(created.id).signatures, "the signature is on disk"


async def test_esc_and_a_letter_arriving_together_are_both_keys(tmp_path):
    # A terminal sends Esc then a letter as one read when they are typed fast (or SSH and
    # tmux bundle them); Textual reads that as alt+letter. Here it is the two keys typed.
    created = Store(tmp_path).create(Agreement(mentee=Party("Ana"), mentor=Party("Ben")))
    app = MentorApp(tmp_path, user="ana")
    async with app.run_test(size=SIZE) as pilot:
        editor = await open_editor_on(pilot, created.id)
        await go_to_step(pilot, 2)
        burst(pilot, "aGoal four")
        await wait_for(pilot, lambda: isinstance(app.screen, GoalScreen))
        pilot.app.post_message(events.Key("alt+a", "a"))  # esc (back to the goals), a (add one)
        burst(pilot, "Goal five")
        await wait_for(pilot, lambda: isinstance(app.screen, GoalScreen) and app.screen.goal.title == "Goal five")
        await pilot.press("escape")
        await saved(pilot)
        assert [g.title for g in Store(tmp_path).load(created.id).goals] == ["Goal four", "Goal five"]
        assert app.screen is editor


async def test_a_title_longer_than_its_field_scrolls_to_the_cursor_both_ways(tmp_path):
    """SafeInput scrolls only its own text (no screen reflow per key): what is drawn follows."""
    created = Store(tmp_path).create(Agreement(title="Start", mentee=Party("Ana"), mentor=Party("Ben")))
    app = MentorApp(tmp_path, user="ana")
    async with app.run_test(size=SIZE) as pilot:
        editor = await open_editor_on(pilot, created.id)
        field = editor.query_one("#title", Input)
        await pilot.press("end")
        typed = "".join(f"{n:03d}-" for n in range(30))  # 120 characters: twice the field
        burst(pilot, typed)
        await pilot.pause(0.3)

        def drawn() -> str:
            return field.render_line(0).text

        assert field.value == "Start" + typed
        assert drawn().rstrip().endswith("028-029-"), drawn()
        await pilot.press("home")
        await pilot.pause()
        assert drawn().startswith("Start000-001-"), drawn()
        await pilot.press("end")
        await pilot.pause()
        assert drawn().rstrip().endswith("029-"), drawn()
        await saved(pilot)
    assert Store(tmp_path).load(created.id).title == "Start" + typed


# -- corrections typed fast ----------------------------------------------------------------------


@pytest.mark.parametrize("field", ["title", "mentee_hopes"])
async def test_a_correction_typed_in_one_read_edits_in_the_order_typed(tmp_path, field):
    """Backspace, Left … act as the field's bindings, which Textual runs only once the key has
    gone round the app: a letter arriving with them (one read over SSH, or tmux) reached the
    field first. "abc", Backspace, "X", Left, "Y" typed at once must give "abYX"."""
    created = Store(tmp_path).create(Agreement(title="", mentee=Party("Ana"), mentor=Party("Ben")))
    app = MentorApp(tmp_path, user="ana")
    async with app.run_test(size=SIZE) as pilot:
        editor = await open_editor_on(pilot, created.id)
        if field != "title":
            await go_to_step(pilot, 4)
        widget = editor.query_one(f"#{field}")
        assert app.focused is widget
        for key, char in [
            ("a", "a"),
            ("b", "b"),
            ("c", "c"),
            ("backspace", "\x7f"),
            ("X", "X"),
            ("left", None),
            ("Y", "Y"),
            ("end", None),
            ("Z", "Z"),
        ]:
            app.post_message(events.Key(key, char))  # all queued before the app handles one
        await wait_for(pilot, lambda: (widget.value if field == "title" else widget.text) == "abYXZ")
        await saved(pilot)
    assert getattr(Store(tmp_path).load(created.id), field) == "abYXZ"
