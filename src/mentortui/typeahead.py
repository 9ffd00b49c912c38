"""Provides TypeAhead: keys typed faster than screens open land where the person meant them.

On a busy host every screen opens slower than people type. Textual hands a key to whatever
has the focus when the app reads it, so the keys typed right after one that opens a screen
(a, Enter on a button, ctrl+n) went to the old screen, and a priority binding (ctrl+s) acted
before the letters typed just before it were in their field. The app holds such keys, in
order, until the screen they were meant for is there and settled.
"""

from __future__ import annotations

import asyncio
import time

from textual import events
from textual.app import App
from textual.screen import Screen
from textual.timer import Timer

from .fields import is_text_area, is_text_field

#: How long keys wait for a screen that has mounted but not yet focused a field (seconds).
FOCUS_WAIT = 0.5
#: How long keys wait, at most, for what a command key set off (a screen opening) to settle:
#: long enough for a busy host (the keys after it would land in the old screen), short
#: enough that a screen that never goes quiet cannot hold typing for long.
SETTLE_WAIT = 2.0
#: ... and at least (a handler may be between two steps, with no message queued).
SETTLE_MIN = 0.02
#: Keys that edit text where they are typed, as bindings of the field. A binding acts only
#: once the key has gone round the app, so a letter typed right after one reached the field
#: first ("abc", Backspace, "X" in one read gave "abc", the X deleted): the keys after such a
#: key wait until it has acted (until the app is quiet, without SETTLE_MIN), and it waits for
#: the keys before it. Printable keys are typed by the field itself, in order.
TEXT_KEYS = frozenset(
    {
        "backspace",
        "delete",
        "left",
        "right",
        "up",
        "down",
        "home",
        "end",
        "space",
        "shift+left",
        "shift+right",
        "shift+up",
        "shift+down",
        "shift+home",
        "shift+end",
        "ctrl+left",
        "ctrl+right",
        "pageup",
        "pagedown",
    }
)


def _letter_after_esc(event: events.Key) -> str | None:
    """The character of alt+<a printable character> (what Esc then that key looks like when
    both arrive in one read); None for any other key."""
    character = event.character
    if event.key.startswith("alt+") and character is not None and len(character) == 1 and character.isprintable():
        return character
    return None


def _plain_key(character: str) -> str:
    """The key name Textual gives a printable character typed on its own."""
    from textual.keys import KEY_NAME_REPLACEMENTS, _character_to_key

    name = character if character.isalnum() else _character_to_key(character)
    return KEY_NAME_REPLACEMENTS.get(name, name)


def _is_text_key(event: events.Event, focused: object) -> bool:
    """True for a key that only edits the text field it is typed in (no screen can follow)."""
    if isinstance(event, events.Paste):
        return is_text_field(focused)
    assert isinstance(event, events.Key)
    if not is_text_field(focused):
        return False
    if event.key in ("enter", "tab", "shift+tab", "escape"):
        return is_text_area(focused) and event.key == "enter"
    return event.is_printable


class TypeAhead(App[None]):
    """The key handling of MentorApp (a mixin: call `_init_type_ahead` in `__init__`)."""

    def _init_type_ahead(self) -> None:
        #: Keys (and pastes) typed while the screen on top was not ready for them, in order.
        self._type_ahead: list[events.Event] = []
        self._type_ahead_timer: Timer | None = None
        self._waiting_since: tuple[int, float] | None = None
        #: When a command key was sent whose effects (a screen opening) may still be coming.
        self._settling_since: float | None = None
        self._drain_posted = False
        #: Keys wait while a screen is being prepared (its agreement read in a worker).
        self._holds = 0
        #: The least time keys wait after the last command key (none after an editing key).
        self._settle_min = SETTLE_MIN

    def _ready_for_keys(self) -> bool:
        """True when the screen on top can take keys: mounted, loaded and with its field focused."""
        try:
            screen = self.screen
        except Exception:
            return True
        if self._holds or not screen.is_mounted or getattr(screen, "loading_draft", False):
            self._waiting_since = None
            return False
        if self._settling_since is not None:
            waited = time.monotonic() - self._settling_since
            if waited < self._settle_min or (waited < SETTLE_WAIT and not self._quiet(screen)):
                return False
            self._settling_since = None
        if screen.focused is None and screen.focus_chain:
            now = time.monotonic()
            if self._waiting_since is None or self._waiting_since[0] != id(screen):
                self._waiting_since = (id(screen), now)
            return now - self._waiting_since[1] >= FOCUS_WAIT
        return True

    def hold_keys(self) -> None:
        """Keys typed from now on wait (a screen is being prepared) until `release_keys`."""
        self._holds += 1

    def release_keys(self) -> None:
        """Let waiting keys go on (to the screen now on top, in order)."""
        self._holds = max(0, self._holds - 1)
        if self._type_ahead and self._type_ahead_timer is None:
            self._type_ahead_timer = self.set_interval(0.01, self._post_drain)

    def _quiet(self, screen: Screen[object]) -> bool:
        """True when what a key set off is done: no widget of the screen has messages waiting,
        nor the app (new keys from the terminal aside), and the screen is laid out.

        Laid out, because Tab moves the focus in the order widgets stand on the screen, as the
        last layout placed them: a field shown by the key before (Enter on "Extend" shows the new
        end date) stands at the top until the next layout, so a Tab typed at once skipped it and
        the date typed after it went nowhere (seen on a busy host). The screen's own flag, not
        each widget's: a widget's can stay set while it is not shown, which held every command
        key of a served session for the whole SETTLE_WAIT."""
        waiting = getattr(self._message_queue, "_queue", ())
        if any(not isinstance(m, (events.Key, events.Paste)) or m.is_forwarded for m in waiting if m is not None):
            return False
        return not screen._layout_required and self._widgets_idle(screen)

    @staticmethod
    def _widgets_idle(screen: Screen[object]) -> bool:
        """True when the screen and every widget on it have no messages waiting."""
        return screen._message_queue.empty() and all(
            node._message_queue.empty() for node in screen.walk_children(with_self=False)
        )

    async def on_event(self, event: events.Event) -> None:
        # Keys typed while a screen is opening (a busy host opens screens slower than people
        # type) wait for it, and then go to its first field, in order. A key that may open
        # something (ctrl+n, Enter on a button, a on a list) holds the keys after it until
        # what it set off has settled.
        letter = _letter_after_esc(event) if isinstance(event, events.Key) and not event.is_forwarded else None
        if letter is not None:
            # Esc and a letter that arrive together (typed fast, bundled by SSH or tmux)
            # read as alt+letter; this app has no alt keys: they are the two keys typed.
            for key in (events.Key("escape", "\x1b"), events.Key(_plain_key(letter), letter)):
                await self.on_event(key)
            return
        if isinstance(event, (events.Key, events.Paste)) and not event.is_forwarded:
            if self._type_ahead or not self._ready_for_keys() or not self._may_send(event):
                self._type_ahead.append(event)
                if self._type_ahead_timer is None:
                    self._type_ahead_timer = self.set_interval(0.01, self._post_drain)
                return
            await self._send_key(event)
            return
        await super().on_event(event)

    async def _send_key(self, event: events.Event) -> None:
        command = not _is_text_key(event, self.focused)
        editing = isinstance(event, events.Key) and event.key in TEXT_KEYS and is_text_field(self.focused)
        await super().on_event(event)
        if command:
            self._settling_since = time.monotonic()
            self._settle_min = 0.0 if editing else SETTLE_MIN  # it opens nothing: quiet is enough

    def _post_drain(self) -> None:
        # A timer runs beside the app's messages; the keys are sent from the app's own queue,
        # in turn with everything else it handles.
        if not self._drain_posted:
            self._drain_posted = True
            self.call_later(self._drain_type_ahead)

    def _may_send(self, event: events.Event) -> bool:
        """A command key (ctrl+s, Enter, Tab) goes only once the keys before it are handled:
        a priority binding would otherwise act before the field has the letters typed."""
        return _is_text_key(event, self.focused) or self._quiet(self.screen)

    async def _hand_over_type_ahead(self, seconds: float = SETTLE_WAIT + 1) -> None:
        """Stopping (quit, SIGTERM, SIGHUP): the keys still held go in now, in order, as soon
        as the screen can take them (up to ``seconds``), and the widgets are given time to take
        them, so that what they typed is saved with the rest. (The drain's timer cannot run
        meanwhile: stopping holds the app's messages.)"""
        if not self._type_ahead:
            return
        deadline = time.monotonic() + seconds
        while self._type_ahead and time.monotonic() < deadline:
            await self._drain_type_ahead()
            if self._type_ahead:
                await asyncio.sleep(0.01)
        try:
            screen = self.screen
        except Exception:  # no screen left
            return
        # (Not `_quiet`: the app's own messages wait while it stops.)
        while time.monotonic() < deadline and not self._widgets_idle(screen):
            await asyncio.sleep(0.01)

    async def _drain_type_ahead(self) -> None:
        self._drain_posted = False
        while self._type_ahead and self._ready_for_keys() and self._may_send(self._type_ahead[0]):
            await self._send_key(self._type_ahead.pop(0))
        if not self._type_ahead and self._type_ahead_timer is not None:
            self._type_ahead_timer.stop()
            self._type_ahead_timer = None

    # -- restricted mode ---------------------------------------------------------------------
