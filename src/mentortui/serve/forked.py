"""Provides pre-forked sessions: each SSH session's app forked from a process that has
already imported it, instead of a fresh interpreter importing everything again.

The SSH server runs asyncio and threads, so it never forks itself. It starts one helper
with multiprocessing's *forkserver*: a plain, single-threaded interpreter that imports the
app (`mentortui.serve.preload`, which ends with ``gc.freeze()`` so the shared pages stay
shared) and then only forks. Each session is a child of it: on its own PTY, which becomes
its controlling terminal, leading its own session and process group, with the session's
environment and the same restricted command line an exec'd app gets. Where there is no
forkserver (not Linux, or it cannot start), sessions are exec'd as before.
"""

from __future__ import annotations

import asyncio
import contextlib
import fcntl
import io
import logging
import multiprocessing
import os
import signal
import sys
import termios
import time
from collections.abc import Mapping, Sequence
from multiprocessing import reduction
from typing import Any, Protocol

log = logging.getLogger("mentortui.serve")

#: The module the forkserver imports before it forks anything.
PRELOAD = "mentortui.serve.preload"


class _PassedFd:
    """An open file descriptor, passed to a forked child (the forkserver sends it on)."""

    def __init__(self, fd: int) -> None:
        self.fd = fd

    def __reduce__(self) -> tuple[Any, tuple[Any]]:
        # Pickled while the forkserver is being asked to fork: the fd travels beside the data.
        return (_inherited, (reduction.DupFd(self.fd),))


class _Detachable(Protocol):
    """What `reduction.DupFd` gives the child: the fd it was sent, once detached."""

    def detach(self) -> int:
        """The file descriptor, now the child's."""
        ...


def _inherited(passed: _Detachable) -> int:
    return passed.detach()


def _session_main(argv: Sequence[str], env: Mapping[str, str], terminal: int) -> None:
    """In the forked child: take the PTY as terminal and standard streams, then run the app."""
    os.setsid()
    fcntl.ioctl(terminal, termios.TIOCSCTTY, 0)
    for fd in (0, 1, 2):
        os.dup2(terminal, fd)
    if terminal > 2:
        os.close(terminal)
    # Nothing else of the forkserver's (its pipes to the server, the resource tracker's)
    # stays open in a session: the person's process holds its terminal and what it opens.
    os.closerange(3, os.sysconf("SC_OPEN_MAX"))
    os.environ.clear()
    os.environ.update(env)
    for number in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP, signal.SIGCHLD, signal.SIGWINCH, signal.SIGPIPE):
        signal.signal(number, signal.SIG_DFL)
    signal.signal(signal.SIGINT, signal.default_int_handler)
    streams = [
        io.TextIOWrapper(
            io.FileIO(fd, "r" if fd == 0 else "w", closefd=False),
            encoding="utf-8",
            errors="surrogateescape" if fd < 2 else "backslashreplace",
            line_buffering=fd > 0,
        )
        for fd in (0, 1, 2)
    ]
    sys.stdin, sys.stdout, sys.stderr = streams
    # Textual's driver reads the original streams; typeshed declares them Final, as they are
    # everywhere but in a process that takes a new terminal, as this one does.
    sys.__stdin__, sys.__stdout__, sys.__stderr__ = streams  # type: ignore[misc]
    from ..cli.main import main

    sys.exit(main(list(argv)))


class Forked:
    """A forked session's process, as PtyProcess drives it (pid, returncode, wait, close)."""

    def __init__(self, process: multiprocessing.process.BaseProcess) -> None:
        assert process.pid is not None  # wrapped once started
        self._process = process
        self.pid: int = process.pid

    @property
    def returncode(self) -> int | None:
        """The exit code once it has exited (negative: the signal that ended it)."""
        return self._process.exitcode

    async def wait(self) -> int:
        """Wait for the process to exit; its exit code."""
        loop = asyncio.get_running_loop()
        while self._process.exitcode is None:
            ready = loop.create_future()
            sentinel = self._process.sentinel
            loop.add_reader(sentinel, _settle, ready)
            try:
                await ready
            finally:
                loop.remove_reader(sentinel)
        return self._process.exitcode

    def close(self) -> None:
        """Close the two pipes to the forkserver that multiprocessing keeps per child (its
        exit status comes through one), once it has exited. Left to the garbage collector,
        they stayed open for a long while after sessions whose clients dropped."""
        if self._process.exitcode is not None:
            with contextlib.suppress(ValueError):  # closed already
                self._process.close()


def _settle(future: asyncio.Future[None]) -> None:
    if not future.done():
        future.set_result(None)


class Forker:
    """Forks sessions from the forkserver; ``available`` is False when it could not start,
    and for a while after a fork failed (`failed`)."""

    #: Seconds after a failed fork during which sessions are exec'd; then forking is tried
    #: again (a fork can fail for a moment: the process or file limit reached; and
    #: multiprocessing starts a forkserver that died anew when asked to fork).
    RETRY_AFTER = 60.0

    def __init__(self) -> None:
        self._started = False
        self._failed_at: float | None = None
        self._context: multiprocessing.context.ForkServerContext | None = None

    @property
    def available(self) -> bool:
        """Whether the next session is forked (else exec'd)."""
        if not self._started:
            return False
        return self._failed_at is None or time.monotonic() - self._failed_at >= self.RETRY_AFTER

    def failed(self) -> None:
        """A fork failed: exec sessions for `RETRY_AFTER` seconds, then try forking again."""
        self._failed_at = time.monotonic()

    def start(self, env: Mapping[str, str]) -> bool:
        """Start the forkserver with the app imported (with ``env`` as its environment, so
        what Textual reads at import is what an exec'd session would read). False when
        this system cannot: sessions are then exec'd."""
        if sys.platform != "linux" or "forkserver" not in multiprocessing.get_all_start_methods():
            log.info("sessions are started as new processes: no forkserver on this system")
            return False
        saved = dict(os.environ)
        try:
            os.environ.clear()
            os.environ.update(env)
            context = multiprocessing.get_context("forkserver")
            context.set_forkserver_preload([PRELOAD])
            probe = context.Process(target=_ready, daemon=False)
            probe.start()  # starts the forkserver (which imports the app), then forks once
            probe.join(60)
            if probe.exitcode != 0:
                raise OSError(f"the forkserver's first child exited with {probe.exitcode}")
        except Exception as error:  # a system where it cannot work: exec instead
            log.warning("sessions are started as new processes: the forkserver failed (%s)", error)
            return False
        finally:
            os.environ.clear()
            os.environ.update(saved)
        self._context = context
        self._started = True
        log.info("sessions are forked from a process with the app imported")
        return True

    def fork(self, argv: Sequence[str], env: Mapping[str, str], terminal: int) -> Forked:
        """Fork a session running ``argv`` (the app's own arguments) on ``terminal``."""
        assert self._context is not None
        process = self._context.Process(
            target=_session_main,
            args=(list(argv), dict(env), _PassedFd(terminal)),
            daemon=False,
        )
        process.start()
        self._failed_at = None  # forking works (again)
        return Forked(process)


def _ready() -> None:
    """The forkserver's first child: proves forking works, and that the app imported."""
    if "mentortui.app" not in sys.modules:
        raise SystemExit(3)
