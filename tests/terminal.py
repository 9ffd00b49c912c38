"""A program on a pseudo-terminal of the test's own, and the text it draws (escapes removed)."""

from __future__ import annotations

import asyncio
import os
import re

from mentortui.serve.pty_session import PtyProcess

TIMEOUT = 30.0

_ESCAPES = re.compile(
    rb"\x1b\[[0-?]*[ -/]*[@-~]"  # CSI: cursor moves, colours, modes
    rb"|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)"  # OSC
    rb"|\x1b[ -/]*[0-~]"  # other escapes
)
_CURSOR_MOVE = re.compile(rb"\x1b\[(\d+);(\d+)H")


def screen_text(output: bytes) -> str:
    """The text in terminal output, escape sequences removed."""
    return _ESCAPES.sub(b"", output).decode("utf-8", "replace")


class Screen:
    """A program on a PTY of ours, and everything it has drawn so far."""

    def __init__(self, terminal: PtyProcess) -> None:
        self.terminal = terminal
        self.output = b""
        #: Where the output of the last key sent starts: ``until`` looks from there on.
        self.mark = 0

    async def until(self, text: str, timeout: float = TIMEOUT) -> str:
        """Read until ``text`` is drawn after the last keys sent; what was drawn so far."""

        async def read() -> None:
            while text not in screen_text(self.output[self.mark :]):
                chunk = await self.terminal.read()
                if not chunk:
                    raise AssertionError(f"it ended first; it showed {screen_text(self.output)[-1500:]!r}")
                self.output += chunk

        try:
            await asyncio.wait_for(read(), timeout)
        except TimeoutError:
            raise AssertionError(f"{text!r} not shown; it showed {screen_text(self.output)[-1500:]!r}") from None
        return screen_text(self.output)

    async def keys(self, *keys: bytes, pace: float = 0.15) -> None:
        """Type at a person's pace (about seven keys a second; ``pace`` seconds between keys)."""
        self.mark = len(self.output)
        for key in keys:
            await self.terminal.write(key)
            await asyncio.sleep(pace)


async def on_pty(argv: list[str], env: dict[str, str] | None = None) -> Screen:
    base = {**os.environ, "TERM": "xterm-256color", "TEXTUAL_ANIMATIONS": "none"}
    base.pop("MENTORTUI_USER", None)
    return Screen(await PtyProcess.start(argv, {**base, **(env or {})}, 80, 24))
