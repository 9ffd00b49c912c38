"""Provides AppSession: one SSH session running its own mentortui app process on its own PTY."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

import asyncssh

from ..text import for_log
from .command import TERM_NAME, served_arguments, served_command
from .forked import Forker
from .pty_session import CHUNK, PtyProcess

log = logging.getLogger("mentortui.serve")

#: Undoes what a Textual app sets up (alternate screen, mouse reporting, hidden cursor …),
#: for when the app was ended before it could do so itself.
RESET_TERMINAL = (
    "\x1b[<u\x1b[?1000l\x1b[?1003l\x1b[?1015l\x1b[?1006l\x1b[?1016l\x1b[?2004l\x1b[?2048l"
    "\x1b[?1004l\x1b[?7h\x1b[0m\x1b[?1049l\x1b[?25h"
)
#: The server's own environment variables that describe its terminal, not the client's,
#: or that would let someone else choose who the app runs as.
NOT_INHERITED = frozenset(
    {
        "MENTORTUI_USER",
        "MENTORTUI_DATA_DIR",
        "TERM",
        "COLORTERM",
        "NO_COLOR",
        "COLUMNS",
        "LINES",
        "TERM_PROGRAM",
        "TERM_PROGRAM_VERSION",
        "TMUX",
        "TMUX_PANE",
        "STY",
        "WINDOWID",
    }
)
#: Variables a client may send (OpenSSH `SendEnv`/`SetEnv`) that the app takes on.
FROM_CLIENT = ("COLORTERM", "NO_COLOR")
DEFAULT_SIZE = (80, 24)


@dataclass(frozen=True)
class Identity:
    """Who a connection authenticated as: a registered handle, by one of their keys."""

    handle: str
    fingerprint: str
    peer: str

    def __str__(self) -> str:
        return f"{self.handle} ({self.fingerprint}) from {self.peer}"


def app_arguments(data_dir: Path, identity: Identity) -> list[str]:
    """The app's arguments for one person, restricted; who they are comes from their key."""
    return served_arguments(identity.handle, data_dir, identity.fingerprint)


def app_command(data_dir: Path, identity: Identity) -> list[str]:
    """The app's command line for one person, to exec."""
    return served_command(identity.handle, data_dir, identity.fingerprint)


def app_environment(base: Mapping[str, str], term: str, client: Mapping[str, object]) -> dict[str, str]:
    """The app's environment: the server's, less its terminal, plus the client's terminal."""
    env = {name: value for name, value in base.items() if name not in NOT_INHERITED}
    env["TERM"] = term if TERM_NAME.fullmatch(term or "") else "xterm-256color"
    env.setdefault("LANG", "C.UTF-8")
    env["PYTHONUTF8"] = "1"
    env.setdefault("TEXTUAL_ANIMATIONS", "none")  # fewer bytes on a slow link
    for name in FROM_CLIENT:
        value = client.get(name)
        if isinstance(value, bytes):
            value = value.decode("utf-8", "replace")
        if isinstance(value, str) and len(value) <= 64 and value.isprintable():
            env[name] = value
    return env


def duration(seconds: float) -> str:
    """A timeout as people say it: "30 minutes", "90 seconds"."""
    minutes = seconds / 60
    if seconds >= 120 and minutes == int(minutes):
        return f"{int(minutes)} minutes"
    return f"{seconds:g} seconds"


def tell(process: asyncssh.SSHServerProcess[bytes], message: str) -> None:
    """Write a line to the client: on its screen with a PTY, else on its stderr."""
    with contextlib.suppress(OSError, asyncssh.Error):
        if process.term_type:
            process.stdout.write(f"\r\n{message}\r\n".encode())
        else:
            process.stderr.write(f"{message}\n".encode())


def finish(process: asyncssh.SSHServerProcess[bytes], status: int) -> None:
    """Send the exit status and close the channel, unless the client has gone already."""
    with contextlib.suppress(OSError, asyncssh.Error):
        process.exit(status)


def bound_input(process: asyncssh.SSHServerProcess[bytes]) -> None:
    """Keep what the client sends, and the app has not read yet, within about two SSH
    channel windows (2 MB each) in the server.

    asyncssh pauses a channel once a window's worth waits to be read, and resumes it when
    some has been read; resuming delivers one buffered packet, which grants the client a
    whole new window, and pauses again with the rest still buffered. So each read of an
    app slower than its client (a paste of 1 GB) let another window in: the server grew
    to 1.1 GB. Pausing once the data delivered at that moment has been taken in (on the
    loop's next turn) grants windows only for what was delivered, so the client waits.
    """
    pause = getattr(process, "_maybe_pause_reading", None)  # asyncssh's stream, 2.x
    if pause is None:
        return
    loop = asyncio.get_running_loop()

    def pause_after_delivery() -> bool:
        loop.call_soon(pause)  # it pauses only if still over its limit then
        return False

    process._maybe_pause_reading = pause_after_delivery  # type: ignore[method-assign]


class AppSession:
    """One SSH session: the app on a PTY, bytes pumped both ways until one side ends."""

    def __init__(
        self,
        process: asyncssh.SSHServerProcess[bytes],  # the server is made with encoding=None
        identity: Identity,
        data_dir: Path,
        idle_timeout: float,
        grace: float = 2.0,
        forker: Forker | None = None,
    ) -> None:
        self.process = process
        self.forker = forker
        self.identity = identity
        self.data_dir = data_dir
        self.idle_timeout = idle_timeout
        self.grace = grace
        self.terminal: PtyProcess | None = None
        self.last_input = 0.0
        self._stop = asyncio.Event()
        self._stop_reason = ""

    def stop(self, reason: str) -> None:
        """Ask the session to end, e.g. because the server is stopping."""
        self._stop_reason = self._stop_reason or reason
        self._stop.set()

    async def run(self) -> None:
        """Start the app, serve it until it exits or the client leaves, then clean up."""
        loop = asyncio.get_running_loop()
        bound_input(self.process)
        columns, rows = self.process.term_size[:2]
        if not (columns and rows):
            columns, rows = DEFAULT_SIZE
        term = self.process.term_type or ""
        env = app_environment(os.environ, term, self.process.env)
        try:
            self.terminal = self._fork(env, columns, rows) or await PtyProcess.start(
                app_command(self.data_dir, self.identity),
                env,
                columns,
                rows,
            )
        except OSError as error:
            log.error("could not start the app for %s: %s", self.identity, error)
            tell(self.process, "mentortui: the app could not be started; tell the server's operator.")
            finish(self.process, 1)
            return
        started = self.last_input = loop.time()
        log.info(
            "session started for %s: pid %d, TERM %s, %dx%d",
            self.identity,
            self.terminal.pid,
            for_log(term, 64),
            columns,
            rows,
        )
        reason, status = "error", 1
        try:
            reason = await self._serve()
        except Exception:
            log.exception("session for %s failed", self.identity)
        finally:
            status = await self._end_app(reason)
        log.info(
            "session ended for %s: %s, exit status %d after %.0f s",
            self.identity,
            reason,
            status,
            loop.time() - started,
        )
        self._finish(reason, status)

    def _fork(self, env: dict[str, str], columns: int, rows: int) -> PtyProcess | None:
        """The app forked from the pre-loaded process; None to exec it instead."""
        forker = self.forker
        if forker is None or not forker.available:
            return None
        try:
            return PtyProcess.fork(forker, app_arguments(self.data_dir, self.identity), env, columns, rows)
        except Exception as error:  # a limit reached, or the forkserver gone: exec for a while
            log.warning(
                "could not fork a session (%s); sessions are started as new processes for %d s",
                error,
                forker.RETRY_AFTER,
            )
            forker.failed()
            return None

    async def _end_app(self, reason: str) -> int:
        """Let an exiting app finish; otherwise hang it up. Returns its exit status."""
        assert self.terminal is not None
        try:
            if reason == "exited":
                with contextlib.suppress(asyncio.TimeoutError):
                    return await asyncio.wait_for(self.terminal.wait(), self.grace)
            return await self.terminal.terminate(self.grace)
        finally:
            self.terminal.close()

    def _finish(self, reason: str, status: int) -> None:
        """Tell the client why the session ended, then send the exit status."""
        if reason == "exited":
            finish(self.process, status)
            return
        if reason == "hangup":
            with contextlib.suppress(OSError, asyncssh.Error):
                self.process.close()
            return
        messages = {
            "idle": f"mentortui: closed after {duration(self.idle_timeout)} without input.",
            "shutdown": "mentortui: the server is shutting down; connect again later.",
        }
        with contextlib.suppress(OSError, asyncssh.Error):
            self.process.stdout.write(RESET_TERMINAL.encode())
        tell(self.process, messages.get(reason, "mentortui: the session failed; sorry."))
        finish(self.process, 1)

    async def _serve(self) -> str:
        """Run the pumps and watchers until one says why the session ends."""
        pending = {
            asyncio.create_task(self._pump_output()),
            asyncio.create_task(self._pump_input()),
            asyncio.create_task(self._watch_idle()),
            asyncio.create_task(self._wait_stop()),
        }
        try:
            while pending:
                done, pending = await asyncio.wait(pending, return_when=asyncio.FIRST_COMPLETED)
                for task in done:
                    reason = task.result()
                    if reason:
                        return reason
            return "exited"
        finally:
            for task in pending:
                task.cancel()
            await asyncio.gather(*pending, return_exceptions=True)

    async def _pump_output(self) -> str:
        """App → client, until the app closes its terminal ("exited") or the client is gone."""
        assert self.terminal is not None
        writer = self.process.stdout
        while data := await self.terminal.read():
            try:
                writer.write(data)
                await writer.drain()
            except (OSError, asyncssh.Error):
                return "hangup"
        return "exited"

    async def _pump_input(self) -> str | None:
        """Client → app, passing resizes on; "hangup" when the client closes or drops."""
        assert self.terminal is not None
        loop = asyncio.get_running_loop()
        while True:
            try:
                data = await self.process.stdin.read(CHUNK)
            except asyncssh.TerminalSizeChanged as change:
                with contextlib.suppress(OSError):
                    self.terminal.resize(change.width, change.height)
                continue
            except (asyncssh.BreakReceived, asyncssh.SignalReceived):
                continue  # the app is not the client's to signal
            except (OSError, asyncssh.Error):
                return "hangup"
            if not data:
                return "hangup"
            self.last_input = loop.time()
            try:
                await self.terminal.write(data)
            except OSError:
                return None  # the app is gone; the output side will say so

    async def _watch_idle(self) -> str | None:
        """ "idle" once no input has come for the idle timeout (never, when it is 0)."""
        if self.idle_timeout <= 0:
            return None
        loop = asyncio.get_running_loop()
        while (left := self.last_input + self.idle_timeout - loop.time()) > 0:
            await asyncio.sleep(left)
        return "idle"

    async def _wait_stop(self) -> str:
        await self._stop.wait()
        return self._stop_reason
