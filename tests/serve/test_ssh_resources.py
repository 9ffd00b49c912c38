"""Tests that the SSH server's resources stay bounded: open files, connections, memory."""

from __future__ import annotations

import asyncio
import errno
import gc
import logging
import os
import resource
import signal
import socket
from pathlib import Path

import asyncssh
import pytest

from mentortui.serve.ssh import (
    OUT_OF_FILES,
    SSHService,
    SSHSettings,
    connections_for_open_files,
    drop_chance,
    source_of,
)

from .conftest import TIMEOUT, ServerFactory, Site, connect, pid_gone
from .test_ssh import open_app, until


def open_files() -> list[str]:
    """What this process (the server runs in the test's process) has open."""
    held = []
    for fd in os.listdir("/proc/self/fd"):
        try:
            held.append(os.readlink(f"/proc/self/fd/{fd}"))
        except FileNotFoundError:  # the listing's own, closed already
            pass
    return sorted(held)


@pytest.mark.parametrize("ending", ["dropped", "idle", "quit"])
async def test_sessions_leave_no_open_files_behind_however_they_end(
    site: Site, serve: ServerFactory, ending: str
) -> None:
    """Each session whose client dropped its connection left two pipes open in the server
    for good (1,061 pipes after 713 such sessions): the forkserver's, for the child's exit."""
    service = await serve(prefork=True, idle_timeout=1 if ending == "idle" else 0)
    assert service.forker.available

    async def one_session() -> None:
        conn = await asyncio.wait_for(connect(service, client_keys=[site.key]), TIMEOUT)
        process, _ = await open_app(conn)
        [session] = service.sessions
        pid = session.terminal.pid
        if ending == "dropped":
            conn.abort()  # as a dropped link would: no channel close, no quit
        elif ending == "quit":
            process.stdin.write(b"q")
        await asyncio.wait_for(conn.wait_closed() if ending == "dropped" else process.wait_closed(), TIMEOUT)
        conn.close()
        await until(lambda: not service.sessions and not service.connections and pid_gone(pid))

    gc.collect()
    baseline = open_files()  # the forkserver is up: the server's own pipes to it are open
    # A file closed only by the garbage collector stays open for as long as it does not
    # run (and the server's sessions end in reference cycles): none may be left to it.
    gc.disable()
    try:
        for _ in range(2):
            await one_session()
    finally:
        gc.enable()
    now = open_files()
    print(f"2 sessions {ending}: {len(now) - len(baseline)} more open files than before")
    assert len(now) <= len(baseline), (baseline, now)


class Told(asyncssh.SSHClient):
    """A client that keeps why the server disconnected it."""

    def __init__(self) -> None:
        self.reason: asyncssh.Error | Exception | None = None
        self.lost = asyncio.Event()

    def connection_lost(self, exc: Exception | None) -> None:
        self.reason = exc
        self.lost.set()


async def refused_after_login(service: SSHService, site: Site) -> str:
    """Log in with Ana's key, expecting the server to disconnect at once; its reason."""
    told = Told()
    try:
        await asyncio.wait_for(connect(service, client_keys=[site.key], client_factory=lambda: told), TIMEOUT)
    except asyncssh.DisconnectError as error:  # disconnected before the login was done
        return error.reason.removesuffix(" (error 12)")
    await asyncio.wait_for(told.lost.wait(), TIMEOUT)
    assert isinstance(told.reason, asyncssh.DisconnectError), told.reason
    assert told.reason.code == asyncssh.DISC_TOO_MANY_CONNECTIONS
    return told.reason.reason.removesuffix(" (error 12)")  # (asyncssh's client adds the code)


async def test_one_person_cannot_hold_every_connection(
    site: Site, serve: ServerFactory, caplog: pytest.LogCaptureFixture
) -> None:
    """Sessions were limited, connections not: one person held 20,000 logged-in connections
    without sessions, the server ran out of open files and nobody else could log in."""
    service = await serve(max_sessions_per_person=1)
    assert service.max_connections_per_person == 4  # 2 × 1 + 2
    caplog.set_level(logging.INFO, logger="mentortui.serve")
    held = [await asyncio.wait_for(connect(service, client_keys=[site.key]), TIMEOUT) for _ in range(4)]
    for _ in range(3):
        reason = await refused_after_login(service, site)
        assert reason == "mentortui: you have the most connections allowed open (4); close one first."
    await until(lambda: len(service.connections) == 4)
    assert len(service.identities) == 4
    held.pop().abort()
    await until(lambda: len(service.identities) == 3)
    async with await asyncio.wait_for(connect(service, client_keys=[site.key]), TIMEOUT) as conn:
        await open_app(conn)  # under the cap again
    for conn in held:
        conn.close()
    warnings = [r.getMessage() for r in caplog.records if r.levelno >= logging.WARNING]
    assert warnings == [
        "refused logged-in connections over ana's limit of 4, starting with " + warnings[0].split("starting with ")[1],
        "refused 3 logged-in connection(s) over ana's limit of 4",
    ], warnings


async def test_logged_in_connections_are_capped_in_all_below_the_open_file_limit(
    site: Site, serve: ServerFactory
) -> None:
    soft, _ = resource.getrlimit(resource.RLIMIT_NOFILE)
    assert connections_for_open_files() == max(16, soft // 8)
    service = await serve(max_connections=2)
    assert service.max_connections_per_person == 8
    held = [await asyncio.wait_for(connect(service, client_keys=[site.key]), TIMEOUT) for _ in range(2)]
    assert (
        await refused_after_login(service, site) == "mentortui: the server has too many connections; try again later."
    )
    for conn in held:
        conn.close()


def bytes_read(pid: int) -> int:
    """How much a process has read so far (from its terminal, mostly)."""
    for line in Path(f"/proc/{pid}/io").read_text().splitlines():
        if line.startswith("rchar:"):
            return int(line.split()[1])
    raise AssertionError(f"no rchar in /proc/{pid}/io")


async def test_input_a_slow_app_has_not_read_waits_with_the_client_not_in_the_server(
    site: Site, serve: ServerFactory
) -> None:
    """A client sending 1 GB (a paste the app never finished reading) grew the server to
    1.1 GB: asyncssh granted the client a new window each time the app read a little."""
    service = await serve()
    async with await asyncio.wait_for(connect(service, client_keys=[site.key]), TIMEOUT) as conn:
        process, _ = await open_app(conn)
        [session] = service.sessions
        pid = session.terminal.pid
        read_before = bytes_read(pid)
        sent = ahead = 0
        block = b"x" * 65536

        async def send() -> None:
            nonlocal sent
            process.stdin.write(b"\x1b[200~")  # a paste that never ends
            while sent < 50 << 20:
                process.stdin.write(block)
                await process.stdin.drain()  # returns once the server has granted the room
                sent += len(block)

        async def slow_app() -> None:
            while True:  # the app runs one part of the time in six
                os.kill(pid, signal.SIGSTOP)
                await asyncio.sleep(0.05)
                os.kill(pid, signal.SIGCONT)
                await asyncio.sleep(0.01)

        sender, slowing = asyncio.create_task(send()), asyncio.create_task(slow_app())
        try:
            loop = asyncio.get_running_loop()
            end = loop.time() + 3
            while not sender.done() and loop.time() < end:
                await asyncio.sleep(0.02)
                ahead = max(ahead, sent - (bytes_read(pid) - read_before))
        finally:
            slowing.cancel()
            sender.cancel()
            await asyncio.gather(slowing, sender, return_exceptions=True)
            os.kill(pid, signal.SIGCONT)
        print(f"a slow app: the client got {ahead / 2**20:.1f} MB ahead of it ({sent / 2**20:.0f} MB sent in 3 s)")
        # Two SSH windows (2 MB each) in the server, and what the sockets and the PTY hold.
        assert ahead < 12 << 20, f"the server held up to {ahead / 2**20:.1f} MB the app had not read"
        conn.abort()
    await until(lambda: not service.sessions and pid_gone(pid))


def test_connections_not_logged_in_are_dropped_at_random_as_openssh_does(tmp_path: Path) -> None:
    """A hard cap of 64 (8 from one address) let anyone with 9 addresses lock every login
    out by holding idle connections; now they are dropped at random as more wait."""
    assert [drop_chance(n, 10, 0.3, 64) for n in (0, 9, 10, 37, 63, 64, 500)] == [
        0.0,
        0.0,
        0.3,
        0.3 + 0.7 * 27 / 54,
        0.3 + 0.7 * 53 / 54,
        1.0,
        1.0,
    ]
    service = SSHService(SSHSettings(tmp_path, drop_from=2, drop_rate=0.5, max_unauthenticated=4))
    draws = iter([0.0, 0.0, 0.49, 0.5, 0.74, 0.76, 0.99])
    service.random = lambda: next(draws)
    admitted = [service.admit_unauthenticated(f"10.0.0.{n}") for n in range(7)]
    # 0 and 1 waiting: all in; 2: half dropped (0.49 < 0.5); 3: three in four (0.74, not
    # 0.76); 4: all dropped, whatever is drawn.
    assert admitted == [True, True, False, True, False, True, False]
    assert service.unauthenticated.total() == 4
    service.unauthenticated_done("10.0.0.0")  # one logged in: 3 waiting, three in four dropped
    service.random = lambda: 0.8
    assert service.admit_unauthenticated("10.0.0.9") is True
    assert service.admit_unauthenticated("10.0.0.10") is False  # 4 waiting


def test_one_ipv6_network_counts_as_one_source() -> None:
    assert source_of("2001:db8::1") == source_of("2001:db8::ffff:2") == "2001:db8::/64"
    assert source_of("::ffff:10.0.0.1") == "10.0.0.1"
    assert source_of("127.0.0.1") == "127.0.0.1"


async def test_over_the_first_few_waiting_a_login_may_be_dropped_and_gets_in_on_a_retry(
    site: Site, serve: ServerFactory, caplog: pytest.LogCaptureFixture
) -> None:
    service = await serve(drop_from=1, drop_rate=0.5, max_unauthenticated=3)
    caplog.set_level(logging.INFO, logger="mentortui.serve")
    with socket.create_connection(("127.0.0.1", service.port)):  # silent, never logs in
        await until(lambda: service.unauthenticated.total() == 1)
        service.random = lambda: 0.1  # under the chance of 0.5: dropped
        with pytest.raises((OSError, asyncssh.Error)):
            await asyncio.wait_for(connect(service, client_keys=[site.key]), TIMEOUT)
        service.random = lambda: 0.9  # the retry's draw
        async with await asyncio.wait_for(connect(service, client_keys=[site.key]), TIMEOUT) as conn:
            await open_app(conn)
    assert any(
        "refused 1 connection(s) over the limit of connections not logged in (dropped at random from 1, all at 3;"
        in r.getMessage()
        for r in caplog.records
    )


async def test_accepts_failing_for_want_of_files_are_logged_once_not_each(
    site: Site, serve: ServerFactory, caplog: pytest.LogCaptureFixture
) -> None:
    """asyncio logged each accept() failing with EMFILE, with its traceback, up to 256 in
    one turn: 700,000 lines (305 MB) of log in 2.5 minutes."""
    service = await serve()
    loop = asyncio.get_running_loop()
    caplog.set_level(logging.INFO)
    for _ in range(1000):
        loop.call_exception_handler(
            {"message": OUT_OF_FILES, "exception": OSError(errno.EMFILE, "Too many open files")}
        )
    loop.call_exception_handler({"message": "something else"})
    lines = [r.getMessage() for r in caplog.records]
    assert (
        lines.count("could not accept 1 connection(s): [Errno 24] Too many open files; accepting again in a second")
        == 1
    )
    assert not any(OUT_OF_FILES in line for line in lines)  # not asyncio's own, 1,000 times
    assert any("something else" in line for line in lines)  # the rest as before
    await service.stop()
    assert loop.get_exception_handler() is None
