"""Tests that the SSH server's resources stay bounded: open files, connections, memory."""

from __future__ import annotations

import asyncio
import contextlib
import errno
import gc
import logging
import multiprocessing
import os
import resource
import signal
import socket
import time
from pathlib import Path

import asyncssh
import pytest

from mentortui.serve.ssh import (
    LOOPBACK,
    OUT_OF_FILES,
    Gatekeeper,
    SSHService,
    SSHSettings,
    connections_for_open_files,
    drop_chance,
    local_owner,
    source_of,
)

from .conftest import TIMEOUT, ServerFactory, Site, connect, pid_gone
from .test_served_safely import hold
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
    gatekeepers = [from_address(service, f"10.0.0.{n}") for n in range(11)]
    admitted = [service.admit_unauthenticated(gatekeepers[n]) for n in range(7)]
    # 0 and 1 waiting: all in; 2: half dropped (0.49 < 0.5); 3: three in four (0.74, not
    # 0.76); 4: all dropped, whatever is drawn.
    assert admitted == [True, True, False, True, False, True, False]
    assert service.waiting() == 4
    service.unauthenticated_done(gatekeepers[0])  # one logged in: 3 waiting, three in four dropped
    service.random = lambda: 0.8
    assert service.admit_unauthenticated(gatekeepers[9]) is True
    assert service.admit_unauthenticated(gatekeepers[10]) is False  # 4 waiting


def from_address(service: SSHService, address: str) -> Gatekeeper:
    """A connection's gatekeeper as the server makes it, without the connection."""
    gatekeeper = Gatekeeper(service)
    gatekeeper.source = source_of(address)
    return gatekeeper


def test_over_an_addresss_cap_the_connection_waiting_longest_makes_room(tmp_path: Path) -> None:
    """Refusing the new connection over an address's cap let anyone holding 8 idle ones
    from 127.0.0.1 (everyone's address on a shared host) lock every login out."""
    service = SSHService(SSHSettings(tmp_path, max_unauthenticated_per_source=3, drop_from=10))
    waiting = [from_address(service, "10.0.0.5") for _ in range(6)]
    other = from_address(service, "10.0.0.1")
    assert all(service.admit_unauthenticated(g) for g in [*waiting[:3], other])
    waiting[1].authenticating = True  # its key exchange done: it is logging in
    assert service.admit_unauthenticated(waiting[3])
    # The oldest of those not yet logging in made room; another address's is untouched.
    assert list(service.unauthenticated["10.0.0.5"]) == [waiting[1], waiting[2], waiting[3]]
    assert waiting[0].dropped and not other.dropped
    assert service.admit_unauthenticated(waiting[4]) and service.admit_unauthenticated(waiting[5])
    assert list(service.unauthenticated["10.0.0.5"]) == [waiting[1], waiting[4], waiting[5]]
    for gatekeeper in waiting[4:]:
        gatekeeper.authenticating = True
    assert service.admit_unauthenticated(newest := from_address(service, "10.0.0.5"))
    assert waiting[1].dropped  # all of them logging in: the oldest
    assert list(service.unauthenticated["10.0.0.5"]) == [waiting[4], waiting[5], newest]
    assert service.waiting("10.0.0.5") == 3 and service.waiting() == 4
    assert service.dropped_oldest.counts == {"10.0.0.5": 3}  # the first was logged at once
    service.unauthenticated_done(waiting[0])  # its connection_lost, later: counted out once
    assert service.waiting("10.0.0.5") == 3
    # Over the overall cap a new one is still refused, whoever would make room.
    full = SSHService(SSHSettings(tmp_path, max_unauthenticated_per_source=2, drop_from=1, max_unauthenticated=2))
    full.random = lambda: 0.99  # let in under the overall cap
    assert all(full.admit_unauthenticated(from_address(full, "10.0.0.5")) for _ in range(2))
    assert not full.admit_unauthenticated(from_address(full, "10.0.0.5"))
    assert full.waiting() == 2 and not full.dropped_oldest.counts
    # A cap of one: each new one takes the place of the one before.
    one = SSHService(SSHSettings(tmp_path, max_unauthenticated_per_source=1))
    first, second = from_address(one, "10.0.0.5"), from_address(one, "10.0.0.5")
    assert one.admit_unauthenticated(first) and one.admit_unauthenticated(second)
    assert first.dropped and one.unauthenticated == {"10.0.0.5": {second: None}}


def test_one_ipv6_network_counts_as_one_source() -> None:
    assert source_of("2001:db8::1") == source_of("2001:db8::ffff:2") == "2001:db8::/64"
    assert source_of("::ffff:10.0.0.1") == "10.0.0.1"
    assert source_of("10.0.0.1") == "10.0.0.1"
    # Anyone on the host can connect from any loopback address: they are one source.
    assert source_of("127.0.0.1") == source_of("127.9.9.9") == source_of("::1") == LOOPBACK
    assert source_of("::ffff:127.0.0.2") == LOOPBACK


async def test_over_the_first_few_waiting_a_login_may_be_dropped_and_gets_in_on_a_retry(
    site: Site, serve: ServerFactory, caplog: pytest.LogCaptureFixture
) -> None:
    service = await serve(drop_from=1, drop_rate=0.5, max_unauthenticated=3)
    caplog.set_level(logging.INFO, logger="mentortui.serve")
    with socket.create_connection(("127.0.0.1", service.port)):  # silent, never logs in
        await until(lambda: service.waiting() == 1)
        service.random = lambda: 0.1  # under the chance of 0.5: dropped
        with pytest.raises((OSError, asyncssh.Error)):
            await asyncio.wait_for(connect(service, client_keys=[site.key]), TIMEOUT)
        service.random = lambda: 0.9  # the retry's draw
        async with await asyncio.wait_for(connect(service, client_keys=[site.key]), TIMEOUT) as conn:
            await open_app(conn)
    assert any(
        r.getMessage()
        == "refused 1 connection(s) over the limit of connections not logged in (dropped at random from 1, all at 3): "
        f"1 from loopback uid {os.getuid()}"
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


def hold_idle(port: int, count: int, start: int = 1, uid: int | None = None) -> multiprocessing.process.BaseProcess:
    """``hold`` in a process of its own (the attacker's)."""
    holder = multiprocessing.get_context("fork").Process(target=hold, args=(port, count, start, uid), daemon=True)
    holder.start()
    return holder


@pytest.mark.parametrize("holder", ["holds", "reopens", "another account churns"])
async def test_idle_connections_held_from_a_persons_own_address_do_not_keep_them_out(
    site: Site, serve: ServerFactory, caplog: pytest.LogCaptureFixture, holder: str
) -> None:
    """The server listens on 127.0.0.1, so everyone on the host comes from one address: any
    local account holding its cap of 8 idle connections (reopening each the 20 s login
    timeout dropped) had every login refused at once ("kex_exchange_identification: read:
    Connection reset by peer"). Now the one that has waited longest gives way, and each
    local account has its own cap: 64 held from 127.0.0.2 to .9 filled the overall one."""
    if holder == "another account churns" and os.getuid() != 0:
        pytest.skip("needs root, to hold connections as another account")
    service = await serve()
    cap = service.settings.max_unauthenticated_per_source
    own = f"{LOOPBACK} uid {os.getuid()}"
    theirs = f"{LOOPBACK} uid 65534" if holder == "another account churns" else own
    caplog.set_level(logging.INFO, logger="mentortui.serve")
    loop = asyncio.get_running_loop()
    held: list[socket.socket] = []
    holding: multiprocessing.process.BaseProcess | None = None
    most = most_in_all = 0

    async def watch() -> None:
        nonlocal most, most_in_all
        while True:
            most = max(most, *(len(waiting) for waiting in service.unauthenticated.values()), 0)
            most_in_all = max(most_in_all, service.waiting())
            await asyncio.sleep(0.002)

    watching = asyncio.create_task(watch())
    if holder == "holds":
        held = [socket.create_connection(("127.0.0.1", service.port)) for _ in range(cap)]
    elif holder == "reopens":
        holding = hold_idle(service.port, cap)
    else:  # 64 connections reopened as fast as they are dropped, from 8 addresses
        holding = hold_idle(service.port, 64, start=2, uid=65534)
    try:
        await until(lambda: service.waiting(theirs) == cap)
        for _ in range(3):
            started = loop.time()
            async with await asyncio.wait_for(connect(service, client_keys=[site.key]), TIMEOUT) as conn:
                logged_in = loop.time() - started
                await open_app(conn)
            print(f"{holder}: logged in in {logged_in:.3f} s")
        if holding is not None:
            await until(lambda: service.waiting(theirs) == cap)  # it holds them still
    finally:
        watching.cancel()
        await asyncio.gather(watching, return_exceptions=True)
        if holding is not None:
            holding.kill()
            holding.join(TIMEOUT)
        for sock in held:
            sock.close()
    print(f"{holder}: at most {most} from one source waited to log in, {most_in_all} in all")
    assert most == cap  # the cap of one source still holds
    assert most_in_all <= cap + 1  # the holder's, and the login's own
    dropped = [r.getMessage() for r in caplog.records if r.getMessage().startswith("dropped ")]
    assert dropped, [r.getMessage() for r in caplog.records]
    assert "over the limit of connections not logged in from one address (8)" in dropped[0], dropped
    assert dropped[0].endswith(f" from {theirs}"), dropped


def test_a_connection_from_this_host_is_told_by_its_account(tmp_path: Path) -> None:
    with socket.create_server(("127.0.0.1", 0)) as server, socket.socket() as client:
        client.bind(("127.0.0.5", 0))
        client.connect(server.getsockname())
        accepted, peer = server.accept()
        with accepted:
            assert local_owner(peer, accepted.getsockname()) == os.getuid()
            assert local_owner((peer[0], 1), accepted.getsockname()) is None  # no such socket
        # Not a socket listening on the port given: the kernel's answer when none is connected.
        assert local_owner(server.getsockname(), ("127.0.0.9", 1)) is None
    # Nor one closed: the kernel says uid 0 (root's) of a socket in TIME_WAIT.
    with socket.create_server(("127.0.0.1", 0)) as server:
        client = socket.create_connection(server.getsockname())
        accepted, peer = server.accept()
        client.close()  # the client closes first, and then the server: TIME_WAIT
        time.sleep(0.05)
        here = accepted.getsockname()
        accepted.close()
        time.sleep(0.05)
        assert local_owner(peer, here) is None


class SlowToSign(asyncssh.SSHClient):
    """A client whose key exchange is done at once and whose login takes a while."""

    def __init__(self, key: asyncssh.SSHKey, delay: float) -> None:
        self.key, self.delay = key, delay

    async def public_key_auth_requested(self) -> asyncssh.SSHKey | None:
        await asyncio.sleep(self.delay)
        return self.key


async def test_a_connection_that_never_begins_to_log_in_is_dropped_early(
    site: Site, serve: ServerFactory, caplog: pytest.LogCaptureFixture
) -> None:
    """A silent connection held its place for the whole login timeout (20 s); a client
    sends its version and finishes the key exchange in a fraction of a second."""
    service = await serve(handshake_timeout=0.5)
    caplog.set_level(logging.INFO, logger="mentortui.serve")
    loop = asyncio.get_running_loop()

    async def slow_login() -> None:
        # One that has begun to log in is left its login timeout: it logs in after 1.5 s.
        client = SlowToSign(site.key, 1.5)
        async with await asyncio.wait_for(connect(service, client_factory=lambda: client), TIMEOUT) as conn:
            await open_app(conn)

    reader, writer = await asyncio.open_connection("127.0.0.1", service.port)
    started = loop.time()
    logging_in = asyncio.create_task(slow_login())
    try:
        assert (await reader.readline()).startswith(b"SSH-2.0-")
        with contextlib.suppress(ConnectionResetError):
            while await asyncio.wait_for(reader.read(4096), TIMEOUT):  # the server's key exchange
                pass
        closed = loop.time() - started
        await asyncio.wait_for(logging_in, TIMEOUT)
    finally:
        logging_in.cancel()
        writer.close()
    print(f"a silent connection was dropped after {closed:.2f} s")
    assert 0.4 < closed < 1.4
    messages = [r.getMessage() for r in caplog.records]
    assert any(m.startswith("accepted ana") for m in messages), messages
    assert (
        f"dropped 1 connection(s) that had not begun to log in within 0.5 s: 1 from {LOOPBACK} uid {os.getuid()}"
        in messages
    ), messages
    assert not any("closed without logging in" in m for m in messages)  # not also one by one
