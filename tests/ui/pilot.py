"""Keyboard helpers the pilot tests share: type, choose, open an agreement, fill its dialogs."""

from __future__ import annotations

import time
import unicodedata
from pathlib import Path

from markdown_it import MarkdownIt
from textual import events
from textual.app import _character_to_key, _get_unicode_name_from_key
from textual.keys import REPLACED_KEYS
from textual.widgets import DataTable
from textual.worker import WorkerCancelled

from mentortui.model import Agreement, Goal, Milestone, Role
from mentortui.model.base import field_names, is_record, replace
from mentortui.screens.agreement.editor import AgreementEditor
from mentortui.screens.agreement.goal import GoalScreen
from mentortui.screens.agreement.milestone import MilestoneScreen
from mentortui.screens.agreement.sign import SignScreen
from mentortui.screens.agreement.steps.base import Step
from mentortui.screens.agreement.tentative import TentativeMeetingScreen
from mentortui.screens.common.confirm import ConfirmScreen
from mentortui.screens.home.new_agreement import NewAgreementScreen
from mentortui.store import Store
from mentortui.widgets.field import Field

SIZE = (80, 24)
KEYS = {" ": "space", "\n": "enter"}


# -- reading the screen ----------------------------------------------------------------------


def message_at(node, control_id: str) -> str:
    """The message under the field of a control inside ``node`` ('' when hidden)."""
    line = node.query_one(f"#{control_id}-field", Field).query_one(".field-message")
    return str(line.render()) if line.has_class("-shown") else ""


def footer_keys(screen) -> list:
    """The keys the screen's footer draws (mentortui.widgets.footer.ShownKey), in order."""
    from mentortui.widgets.footer import Footer

    return list(screen.query_one(Footer).keys)


def footer_line(screen) -> str:
    """The footer as drawn."""
    from mentortui.widgets.footer import Footer

    return screen.query_one(Footer).render_line(0).text


def rows_of(node, table_id: str) -> list[list[str]]:
    """A table inside ``node``, as plain strings, row by row."""
    table = node.query_one(f"#{table_id}", DataTable)
    return [[str(c) for c in table.get_row_at(i)] for i in range(table.row_count)]


def blanked(value, **blanks):
    """``value`` with the named fields set as given, in it and every record and tuple it holds."""
    if isinstance(value, tuple):
        return tuple(blanked(item, **blanks) for item in value)
    if not is_record(value):
        return value
    return replace(
        value,
        **{
            name: blanks[name] if name in blanks else blanked(getattr(value, name), **blanks)
            for name in field_names(value)
        },
    )


# -- saving ----------------------------------------------------------------------------------


async def workers_done(app) -> None:
    """Wait for every worker of the app to end. One cancelled meanwhile is not a failure: an
    exclusive worker (a look for others' saves) is cancelled when the next one starts, and a
    dialog's when it closes; `WorkerManager.wait_for_complete` raises for those (seen on a
    busy host). A worker that failed still raises."""
    for worker in list(app.workers):
        try:
            await worker.wait()
        except WorkerCancelled:
            pass


async def saved(pilot) -> None:
    """Wait until every draft of the app is on disk (saves run in the background)."""
    from mentortui.screens.common.saving import save_everything

    await pilot.pause()
    assert await save_everything(pilot.app), "a save did not finish"
    await pilot.pause()
    await workers_done(pilot.app)  # screens reading what was saved
    await pilot.pause()


# -- keys ------------------------------------------------------------------------------------


async def type_text(pilot, text: str) -> None:
    """Type text key by key, as a person would (spaces as Space, newlines as Enter).

    Each key is a Key event, handled in order; the next is sent once the app, the focused
    widget and whoever it posted to have handled what was queued (`settle`). Textual's
    `pilot.press` also waits twice after each key for the process to look idle (20 ms at
    least each), most of a typing test's time. Tests of timing itself (type-ahead while a
    screen opens, a save arriving mid-word) use `pilot.press` or a pace they set.
    """
    for char in text:
        await send_key(pilot, KEYS.get(char, char))
    await pilot.pause()


async def paste_text(pilot, text: str) -> None:
    """Put text into the focused field as a terminal's bracketed paste does: one Paste event,
    sent by the driver as `PasteParser` delivers it, through the app's type-ahead to the field.

    For tests where what is put in is the subject, not how it is typed: the field, its draft
    and the store get the text as typing it gives (a text area takes its newlines; a one-line
    field takes one line, so an Enter after it is a key of its own). Key by key costs a
    settle per key (610 keys were most of the whole-agreement test); typing itself is tested
    with `type_text` where it is the subject (dates, type-ahead, merges, hostile text).
    """
    if text:
        event = events.Paste(text)
        event.set_sender(pilot.app)
        pilot.app._driver.send_message(event)
        await handled(pilot)


async def send_key(pilot, key: str) -> None:
    """Send one key as the terminal would (the event built as Textual's `App._press_keys` builds
    it, without its idle waits), then `settle`."""
    if len(key) == 1 and not key.isalnum():
        key = _character_to_key(key)
    original = REPLACED_KEYS.get(key, key)
    try:
        character: str | None = unicodedata.lookup(_get_unicode_name_from_key(original))
    except KeyError:
        character = key if len(key) == 1 else None
    event = events.Key(key, character)
    event.set_sender(pilot.app)
    pilot.app._driver.send_message(event)
    await settle(pilot)


async def keys(pilot, *names: str) -> None:
    """Press keys that move about or act (Tab, Enter, Space, arrows) one after another, each
    handled before the next is sent: `send_key`, then until the keys the app held back for a
    screen being prepared or a command settling (type-ahead) have gone in, then `settle`.

    `pilot.press` waits twice per key for the process to look idle (20 ms windows, more while
    a save runs in its thread): a third of the whole-agreement test went to 66 Tabs.
    """
    for name in names:
        await send_key(pilot, name)  # (it settles: handled's first settle finds nothing queued)
        await handled(pilot)


async def handled(pilot) -> None:
    """Wait until what was sent has gone in: `settle` (the app has taken it), then until the keys
    the app held back (for a screen being prepared, or after a command key until its effects
    settle) are sent on, then `settle` again."""
    import asyncio

    await settle(pilot)
    deadline = time.monotonic() + 30  # (a suite on a busy host: 10 s was seen to run out)
    while pilot.app._type_ahead or pilot.app._holds:
        assert time.monotonic() < deadline, f"keys still held back after 30 s: {pilot.app._type_ahead}"
        await asyncio.sleep(0.005)
    await settle(pilot)


async def wait_for(pilot, condition, seconds: float = 15.0, step: float = 0.02) -> None:
    """Wait (up to ``seconds``) until ``condition()`` holds: for what another session does,
    which the app sees at its next look (see the ``quick_watch`` fixture), or a worker."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return
        await pilot.pause(step)
    assert condition(), "did not happen in time"


async def settle(pilot, rounds: int = 3) -> None:
    """Wait until the app and every widget of its screen have handled what is queued, ``rounds``
    times over: a key goes to the app, then to the focused widget, whose messages go up."""
    for _ in range(rounds):
        await pilot._wait_for_screen()


async def type_date(pilot, day) -> None:
    """Type a date's digits into a date field (the field puts in the dashes)."""
    await type_text(pilot, day.isoformat().replace("-", ""))


async def choose(pilot, downs: int) -> None:
    """Open the focused Select, move down ``downs`` options, pick the highlighted one."""
    await keys(pilot, "enter")
    await pilot.pause()
    await keys(pilot, *["down"] * downs, "enter")
    await pilot.pause()


async def tab_to(pilot, control_id: str, limit: int = 12) -> None:
    """Press Tab until the control with this id has the focus."""
    for _ in range(limit):
        if pilot.app.focused is not None and pilot.app.focused.id == control_id:
            return
        await keys(pilot, "tab")
    raise AssertionError(f"{limit} tabs did not reach #{control_id}")


async def answer(pilot, key: str) -> None:
    """Answer the question on screen with ``key`` once it is drawn: a key that comes before
    is taken as typing, not as the answer (`ConfirmScreen`), as a busy host showed."""
    await wait_for(pilot, lambda: isinstance(pilot.app.screen, ConfirmScreen) and pilot.app.screen.drawn_at is not None)
    await pilot.press(key)


async def escape_asks_first(pilot) -> None:
    """Escape asks before dropping what was typed; answering n keeps the screen as it was."""
    screen = pilot.app.screen
    await keys(pilot, "escape")
    await pilot.pause()
    assert isinstance(pilot.app.screen, ConfirmScreen), "escape asks first"
    await keys(pilot, "n")
    await pilot.pause()
    assert pilot.app.screen is screen, "answering no keeps the screen"


# -- agreements --------------------------------------------------------------------------------


def create_agreement(data_dir: Path, **fields) -> str:
    """Store an agreement with the given fields; its id."""
    return Store(data_dir).create(Agreement(**fields)).id


async def fill_new_agreement(pilot, mentee: str, mentor: str, start: str = "", end: str = "") -> None:
    """On the home screen: n, then fill the new-agreement form (tab between fields; the names
    pasted, the dates typed)."""
    await keys(pilot, "n")
    await pilot.pause()
    assert isinstance(pilot.app.screen, NewAgreementScreen)
    await paste_text(pilot, mentee)
    await keys(pilot, "tab")
    await paste_text(pilot, mentor)
    await keys(pilot, "tab", "tab")  # past the title: it defaults to "Mentee ↔ Mentor"
    await type_text(pilot, start.replace("-", ""))
    await keys(pilot, "tab")
    await type_text(pilot, end.replace("-", ""))


async def open_agreement(pilot) -> AgreementEditor:
    """On the home screen: r to list what is stored, o to open the agreement under the cursor."""
    await pilot.pause()
    await keys(pilot, "r", "o")
    await pilot.pause()
    assert isinstance(pilot.app.screen, AgreementEditor)
    return pilot.app.screen


async def open_editor(pilot, data_dir: Path, **fields) -> tuple[AgreementEditor, str]:
    """Store an agreement, then open it from the home screen."""
    agreement_id = create_agreement(data_dir, **fields)
    return await open_agreement(pilot), agreement_id


async def go_to_step(pilot, number: int) -> Step:
    """In the editor: ctrl+g and the step's number; the step now on screen."""
    await keys(pilot, "ctrl+g")
    await pilot.pause()
    await keys(pilot, str(number))
    await pilot.pause()
    editor = pilot.app.screen
    assert editor.current == number - 1
    return editor.steps[number - 1]


async def open_step(pilot, number: int) -> Step:
    """From the home screen: open the agreement, go to step ``number``."""
    await open_agreement(pilot)
    return await go_to_step(pilot, number)


# -- goals -----------------------------------------------------------------------------------


async def add_milestone(pilot, milestone: Milestone) -> None:
    """With the milestones table focused: a, fill the dialog (the title pasted, the dates
    typed), ctrl+s."""
    await keys(pilot, "a")
    await pilot.pause()
    assert isinstance(pilot.app.screen, MilestoneScreen)
    await paste_text(pilot, milestone.title)
    for day in (milestone.due, milestone.done_on):
        await keys(pilot, "tab")
        if day:
            await type_date(pilot, day)
    await keys(pilot, "ctrl+s")
    await pilot.pause()
    assert isinstance(pilot.app.screen, GoalScreen)


async def add_goal(pilot, goal: Goal) -> None:
    """On the goals table: a, then fill every field of the goal screen (Tab between them, the
    text pasted, the target date typed), then escape."""
    await keys(pilot, "a")
    await pilot.pause()
    assert isinstance(pilot.app.screen, GoalScreen)
    assert pilot.app.focused.id == "title"
    await paste_text(pilot, goal.title)
    await keys(pilot, "tab")
    if goal.owner is Role.MENTOR:
        await choose(pilot, 1)
    for name in ("specific", "measurable", "achievable", "relevant"):
        await keys(pilot, "tab")
        await paste_text(pilot, getattr(goal, name))
    await keys(pilot, "tab")
    await type_date(pilot, goal.target_date)
    for name in ("resources_needed", "potential_obstacles"):
        await keys(pilot, "tab")
        await paste_text(pilot, getattr(goal, name))
    await keys(pilot, "tab")
    await choose(pilot, goal.baseline_rating)  # the first option is "none yet"
    await keys(pilot, "tab")
    assert pilot.app.focused.id == "milestones"
    for milestone in goal.milestones:
        await add_milestone(pilot, milestone)
    await keys(pilot, "escape")
    await pilot.pause()
    assert isinstance(pilot.app.screen, AgreementEditor)


# -- schedule --------------------------------------------------------------------------------


async def add_tentative_meeting(
    pilot, day: str, at: str, duration: str | None, location: str | None, purpose: str
) -> None:
    """Press a on the table and fill the dialog (the date and time typed, the rest pasted);
    None keeps the value the dialog offers."""
    await keys(pilot, "a")
    await pilot.pause()
    assert isinstance(pilot.app.screen, TentativeMeetingScreen)
    await type_text(pilot, day.replace("-", ""))
    await keys(pilot, "tab")
    await type_text(pilot, at.replace(":", ""))
    for value in (duration, location, purpose):
        await keys(pilot, "tab")  # focusing an Input selects its text: a paste replaces it
        if value is not None:
            await paste_text(pilot, value)
    await keys(pilot, "ctrl+s")
    await pilot.pause()


# -- review & sign ---------------------------------------------------------------------------


async def sign_as(pilot, role: Role, typed: str, accept: bool = True, anyway: bool = True) -> None:
    """On Review & sign: tab to the role's sign button, Enter; the name (pasted: the dialog
    opens on it), then tick "sign anyway" (when the agreement is incomplete and ``anyway``),
    tick the disclaimer, ctrl+s."""
    await tab_to(pilot, f"sign-{role}")
    await keys(pilot, "enter")
    await pilot.pause()
    assert isinstance(pilot.app.screen, SignScreen)
    assert pilot.app.focused is not None and pilot.app.focused.id == "name"
    await paste_text(pilot, typed)
    await keys(pilot, "tab")
    if pilot.app.screen.missing:
        if anyway:
            await keys(pilot, "space")
        await keys(pilot, "tab")
    if accept:
        await keys(pilot, "space")
    await keys(pilot, "ctrl+s")
    await pilot.pause()


# -- exported Markdown -----------------------------------------------------------------------


def _text(inline) -> str:
    """The text an inline token shows, Markdown escapes undone."""
    shown = ("text", "text_special", "code_inline")
    return "".join(child.content for child in inline.children if child.type in shown)


def markdown_blocks(text: str) -> tuple[list[tuple[int, str]], list[list[list[str]]]]:
    """A Markdown document's headings (level, text) and tables (rows of cell texts), in order."""
    tokens = MarkdownIt("commonmark").enable("table").parse(text)
    headings, tables = [], []
    for i, token in enumerate(tokens):
        if token.type == "heading_open":
            headings.append((int(token.tag[1]), _text(tokens[i + 1])))
        elif token.type == "table_open":
            tables.append([])
        elif token.type == "tr_open":
            tables[-1].append([])
        elif token.type == "inline" and tokens[i - 1].type in ("th_open", "td_open"):
            tables[-1][-1].append(_text(token))
    return headings, tables
