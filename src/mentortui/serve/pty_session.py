"""Provides PtyProcess: a child process on its own pseudo-terminal, driven from asyncio."""

from __future__ import annotations

import asyncio
import contextlib
import errno
import fcntl
import os
import signal
import struct
import termios
from collections.abc import Callable, Iterator, Mapping, Sequence
from typing import TYPE_CHECKING

from ..sizes import fitted

if TYPE_CHECKING:
    from .forked import Forked, Forker

#: How much to read from the terminal at a time.
CHUNK = 65536


def set_size(fd: int, columns: int, rows: int) -> None:
    """Set a terminal's size (within `fitted`); on a PTY master the kernel sends SIGWINCH to the app."""
    columns, rows = fitted(columns, rows)
    fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", rows, columns, 0, 0))


def get_size(fd: int) -> tuple[int, int]:
    """A terminal's size as (columns, rows)."""
    rows, columns, _, _ = struct.unpack("HHHH", fcntl.ioctl(fd, termios.TIOCGWINSZ, b"\0" * 8))
    return columns, rows


@contextlib.contextmanager
def _new_pty(columns: int, rows: int) -> Iterator[tuple[int, int]]:
    """A new PTY of this size, (master, slave), for starting a child on: the slave is closed
    once the child has it (only the child may hold it: when it exits, reads on the master
    end), and the master too if the child could not be started."""
    master, slave = os.openpty()
    try:
        set_size(master, columns, rows)
        yield master, slave
    except BaseException:
        os.close(master)
        raise
    finally:
        os.close(slave)
    os.set_blocking(master, False)


def _take_terminal() -> None:
    # Runs in the child after setsid(), before exec: stdin (the PTY slave) becomes the
    # controlling terminal, so the kernel delivers SIGWINCH and SIGHUP to the app.
    fcntl.ioctl(0, termios.TIOCSCTTY, 0)


def exit_status(returncode: int) -> int:
    """A shell-style exit status: the code, or 128 + the signal that ended the process."""
    return returncode if returncode >= 0 else 128 - returncode


class PtyProcess:
    """A process whose stdin, stdout, stderr and controlling terminal are a new PTY.

    The parent keeps only the master side: ``read`` and ``write`` move bytes through it,
    ``resize`` sets its size, and ``terminate`` ends the process and reaps it.
    """

    def __init__(self, master: int, process: asyncio.subprocess.Process | Forked) -> None:
        self.master = master
        self.process = process

    @classmethod
    async def start(cls, argv: Sequence[str], env: Mapping[str, str], columns: int, rows: int) -> PtyProcess:
        """Start ``argv`` on a new PTY of this size (OSError when it cannot be started)."""
        with _new_pty(columns, rows) as (master, slave):
            process = await asyncio.create_subprocess_exec(
                *argv,
                stdin=slave,
                stdout=slave,
                stderr=slave,
                env=dict(env),
                start_new_session=True,
                preexec_fn=_take_terminal,
            )
        return cls(master, process)

    @classmethod
    def fork(cls, forker: Forker, argv: Sequence[str], env: Mapping[str, str], columns: int, rows: int) -> PtyProcess:
        """Fork a session running the app's ``argv`` on a new PTY (see serve/forked.py)."""
        with _new_pty(columns, rows) as (master, slave):
            process = forker.fork(argv, env, slave)  # the forkserver holds a copy of the slave now
        return cls(master, process)

    @property
    def pid(self) -> int:
        """The child's process id."""
        return self.process.pid

    @property
    def running(self) -> bool:
        """True until the child has exited and been reaped."""
        return self.process.returncode is None

    async def _ready(
        self, watch: Callable[[int, Callable[[], object]], object], unwatch: Callable[[int], object]
    ) -> None:
        loop = asyncio.get_running_loop()
        future: asyncio.Future[None] = loop.create_future()

        def wake() -> None:
            if not future.done():
                future.set_result(None)

        watch(self.master, wake)
        try:
            await future
        finally:
            unwatch(self.master)

    async def read(self) -> bytes:
        """What the app wrote next; b"" once nothing holds its side of the terminal open."""
        loop = asyncio.get_running_loop()
        while self.master >= 0:
            try:
                return os.read(self.master, CHUNK)
            except BlockingIOError:
                await self._ready(loop.add_reader, loop.remove_reader)
            except OSError as error:
                if error.errno == errno.EIO:  # Linux: the slave side is closed
                    return b""
                raise
        return b""

    async def write(self, data: bytes) -> None:
        """Send keystrokes to the app, waiting while its input buffer is full."""
        loop = asyncio.get_running_loop()
        view = memoryview(data)
        while view:
            try:
                view = view[os.write(self.master, view) :]
            except BlockingIOError:
                await self._ready(loop.add_writer, loop.remove_writer)

    def resize(self, columns: int, rows: int) -> None:
        """Pass a new terminal size on to the app (it gets SIGWINCH)."""
        if self.master >= 0 and columns > 0 and rows > 0:
            set_size(self.master, columns, rows)

    def size(self) -> tuple[int, int]:
        """The terminal's size now, as (columns, rows)."""
        return get_size(self.master)

    async def wait(self) -> int:
        """Wait for the child to exit; its exit status."""
        return exit_status(await self.process.wait())

    def _signal(self, signum: int) -> None:
        # The child leads its own session and process group: signal everything it started.
        try:
            os.killpg(self.process.pid, signum)
        except (ProcessLookupError, PermissionError):
            pass

    async def terminate(self, grace: float = 2.0) -> int:
        """End the child as a closed terminal would: SIGHUP, then SIGKILL after ``grace`` s.

        Returns its exit status; the child is reaped either way.
        """
        if self.running:
            self._signal(signal.SIGHUP)
            try:
                return await asyncio.wait_for(self.wait(), grace)
            except TimeoutError:
                self._signal(signal.SIGKILL)
        return await self.wait()

    def close(self) -> None:
        """Close the master side (a still running child then gets SIGHUP from the kernel),
        and what a forked child's process keeps once it has exited."""
        if self.master >= 0:
            os.close(self.master)
            self.master = -1
        if isinstance(self.process, asyncio.subprocess.Process):
            return
        self.process.close()
