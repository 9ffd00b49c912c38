"""Provides PasteParser: a bracketed paste read whole, so nothing pasted can act as a key.

Textual 8's input parser, meeting an escape sequence inside a bracketed paste, reissues what
follows the ESC as key presses: pasted text such as ``ESC]0;x BEL`` then runs shortcuts
(BEL is ctrl+g, SO is ctrl+n) instead of landing in the field. Text copied from what the
other party wrote must stay text, so the paste is cut out of the input here, between its
start and end markers, before the parser sees it, and delivered as one Paste event; the
field's text rule then refuses the controls, at the field.
"""

from __future__ import annotations

import time
from collections.abc import Iterable

from textual import events
from textual._xterm_parser import XTermParser
from textual.message import Message

PASTE_START = "\x1b[200~"
PASTE_END = "\x1b[201~"
#: How long the end of a read that could begin a paste marker ("ESC[", "ESC[20") waits
#: for the rest before it is read as keys (seconds).
HOLD = 0.05


def _held_back(data: str, marker: str, shortest: int) -> int:
    """How many characters at the end of ``data`` could begin ``marker`` (at least ``shortest``)."""
    for size in range(min(len(marker) - 1, len(data)), shortest - 1, -1):
        if data.endswith(marker[:size]):
            return size
    return 0


class PasteParser(XTermParser):
    """Textual's parser, with bracketed pastes taken out whole and given as Paste events."""

    def __init__(self, debug: bool = False) -> None:
        super().__init__(debug)
        self._pasted: list[str] | None = None
        self._held = ""
        self._held_since = 0.0

    def tick(self) -> Iterable[Message]:
        if self._held and self._pasted is None and time.monotonic() - self._held_since >= HOLD:
            held, self._held = self._held, ""
            yield from super().feed(held)
        yield from super().tick()

    def feed(self, data: str) -> Iterable[Message]:
        if not data:  # end of input
            held, self._held = self._held, ""
            if self._pasted is not None:
                yield events.Paste("".join(self._pasted) + held)
                held = ""
            if held:
                yield from super().feed(held)
            yield from super().feed("")
            return
        data, self._held = self._held + data, ""
        while data:
            if self._pasted is not None:
                end = data.find(PASTE_END)
                if end < 0:  # the paste goes on in the next read
                    keep = _held_back(data, PASTE_END, 1)
                    self._pasted.append(data[: len(data) - keep])
                    self._held = data[len(data) - keep :]
                    return
                text = "".join(self._pasted) + data[:end]
                self._pasted = None
                yield events.Paste(text.replace("\x00", ""))
                data = data[end + len(PASTE_END) :]
                continue
            start = data.find(PASTE_START)
            if start < 0:
                # What could begin a marker waits for the next read (or HOLD, see tick). A
                # lone ESC does not: it is the Escape key, and holding it would make the key
                # typed after it an Alt chord. (A terminal writes the marker in one piece.)
                keep = _held_back(data, PASTE_START, 2)
                if len(data) > keep:
                    yield from super().feed(data[: len(data) - keep])
                self._held = data[len(data) - keep :]
                self._held_since = time.monotonic()
                return
            if start:
                yield from super().feed(data[:start])
            self._pasted = []
            data = data[start + len(PASTE_START) :]


def install() -> None:
    """Make Textual's terminal and browser drivers read input with PasteParser."""
    from textual.drivers import linux_driver, web_driver

    # Each driver makes its parser from the name it imported from textual._xterm_parser (it
    # does not export it): that name, in each driver, now means PasteParser.
    for driver in (linux_driver, web_driver):
        setattr(driver, XTermParser.__name__, PasteParser)
