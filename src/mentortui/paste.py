"""Provides PasteParser: a bracketed paste read whole, so nothing pasted can act as a key.

Textual 8's input parser, meeting an escape sequence inside a bracketed paste, reissues what
follows the ESC as key presses: pasted text such as ``ESC]0;x BEL`` then runs shortcuts
(BEL is ctrl+g, SO is ctrl+n) instead of landing in the field. Text copied from what the
other party wrote must stay text, so the paste is cut out of the input here, between its
start and end markers, before the parser sees it, and delivered as one Paste event; the
field's text rule then refuses the controls, at the field.
"""

from __future__ import annotations

import codecs
import re
import time
from collections.abc import Callable, Iterable
from functools import partial

from textual import events
from textual._xterm_parser import XTermParser
from textual.keys import Keys
from textual.message import Message

from .model.hygiene import LONG_TEXT_MAX

#: The most of one paste kept (twice the longest text a field holds, so a paste too long
#: is still refused at the field, saying how long): the rest is read and dropped. A paste
#: that never ended grew a session to gigabytes.
PASTE_MAX = 2 * LONG_TEXT_MAX
PASTE_START = "\x1b[200~"
PASTE_END = "\x1b[201~"
#: How long the end of a read that could begin a paste marker ("ESC[", "ESC[20") waits
#: for the rest before it is read as keys (seconds).
HOLD = 0.05
#: A run of this many printable characters in one read is text put in at once (a paste
#: without markers, `tmux send-keys`), never typing: it is given as one Paste, like a
#: bracketed one. As keys, each grew the field by one and posted its whole value: 30,000
#: characters queued that way held half a gigabyte. (Typing arrives a few keys a read.)
BURST = 64
#: Such a run: printable characters, and the line breaks and tabs of the text put in (as
#: keys, its line breaks were Enter: on the list, one opened an agreement and the next line
#: went into its title).
_BURST_RUN = re.compile(f"[^\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]{{{BURST},}}")


def _held_back(data: str, marker: str, shortest: int) -> int:
    """How many characters at the end of ``data`` could begin ``marker`` (at least ``shortest``)."""
    for size in range(min(len(marker) - 1, len(data)), shortest - 1, -1):
        if data.endswith(marker[:size]):
            return size
    return 0


class PasteParser(XTermParser):
    """Textual's parser, with bracketed pastes taken out whole and given as Paste events, and
    key sequences no terminal sends ignored rather than fatal."""

    def _parse_extended_key(self, sequence: str) -> list[events.Key] | None:  # type: ignore[override]
        # "ESC[1114112u" or "ESC[99999999999~" made Textual raise (chr() out of range) in
        # the input thread: the session ended, its traceback on the person's screen. A key
        # with no character is no key: it is ignored (as Textual ignores a sequence it knows
        # to be none; read as keys, its "u" opened the trash).
        try:
            return super()._parse_extended_key(sequence)
        except (ValueError, OverflowError):
            return [events.Key(Keys.Ignore, sequence)]

    def parse_mouse_code(self, code: str) -> Message | None:
        try:
            return super().parse_mouse_code(code)
        except (ValueError, OverflowError):
            return None

    def __init__(self, debug: bool = False) -> None:
        super().__init__(debug)
        self._pasted: list[str] | None = None
        #: How much of the paste under way is kept (at most PASTE_MAX).
        self._pasted_size = 0
        self._held = ""
        self._held_since = 0.0

    def _keep_pasted(self, text: str) -> None:
        """Add to the paste under way what fits in PASTE_MAX."""
        assert self._pasted is not None
        room = PASTE_MAX - self._pasted_size
        if room > 0 and text:
            self._pasted.append(text[:room])
            self._pasted_size += min(room, len(text))

    def tick(self) -> Iterable[Message]:
        if self._held and self._pasted is None and time.monotonic() - self._held_since >= HOLD:
            held, self._held = self._held, ""
            yield from super().feed(held)
        yield from super().tick()

    def _keys_or_bursts(self, data: str) -> Iterable[Message]:
        """``data`` read as keys, save each run of `BURST` printable characters or more,
        which is one Paste (kept to PASTE_MAX, as a bracketed one)."""
        at = 0
        for run in _BURST_RUN.finditer(data):
            if run.start() > at:
                yield from super().feed(data[at : run.start()])
            at = run.start()
            while self._timeout_time is not None and at < run.end():
                # Within an escape sequence (its tail is printable: "ESC[1;5A"): the run's
                # first characters end it, as keys.
                yield from super().feed(data[at])
                at += 1
            if run.end() - at >= BURST:
                text = data[at : run.end()].replace("\r\n", "\n").replace("\r", "\n")
                yield events.Paste(text[:PASTE_MAX])
                at = run.end()
        if at < len(data):
            yield from super().feed(data[at:])

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
                    self._keep_pasted(data[: len(data) - keep])
                    self._held = data[len(data) - keep :]
                    return
                self._keep_pasted(data[:end])
                text = "".join(self._pasted)
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
                    yield from self._keys_or_bursts(data[: len(data) - keep])
                self._held = data[len(data) - keep :]
                self._held_since = time.monotonic()
                return
            if start:
                yield from self._keys_or_bursts(data[:start])
            self._pasted, self._pasted_size = [], 0
            data = data[start + len(PASTE_START) :]


def lenient_decoder(encoding: str) -> Callable[[], codecs.IncrementalDecoder]:
    """What `codecs.getincrementaldecoder` gives, for decoders that put U+FFFD where bytes are
    not text rather than raise: a Latin-1 terminal's "ÿ" (0xFF) or an 8-bit Meta key ended the
    session from the input thread, its traceback on the person's screen."""
    return partial(codecs.getincrementaldecoder(encoding), errors="replace")


def install() -> None:
    """Make Textual's terminal and browser drivers read input with PasteParser, and decode it
    leniently."""
    from textual.drivers import linux_driver, web_driver

    # Each driver makes its parser and decoder from the names it imported (it does not export
    # them): those names, in each driver, now mean PasteParser and `lenient_decoder`.
    for driver in (linux_driver, web_driver):
        setattr(driver, XTermParser.__name__, PasteParser)
        driver.getincrementaldecoder = lenient_decoder  # type: ignore[attr-defined]
