"""Provides the built-in SSH server: public-key logins from the people registry, one app per session."""

from __future__ import annotations

import asyncio
import contextlib
import ipaddress
import logging
import os
import random
import resource
import signal
import socket
import struct
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import asyncssh

from ..model.people import access_ended
from ..store import Store, StoreError
from ..text import for_log
from .forked import Forker
from .host_key import HostKeyError, host_key
from .session import AppSession, Identity, app_environment, finish, tell

log = logging.getLogger("mentortui.serve")


@dataclass(frozen=True)
class SSHSettings:
    """What `mentortui serve --ssh` was told: where to listen, and the session limits."""

    data_dir: Path
    host: str = "127.0.0.1"
    port: int = 2222
    idle_timeout: float = 1800.0
    max_sessions: int = 20
    #: Sessions one person may have at once.
    max_sessions_per_person: int = 3
    #: Logged-in connections (each holds an open file, with or without sessions), in all
    #: and of one person; 0: an eighth of the open-file limit, and 2 × their sessions + 2.
    max_connections: int = 0
    max_connections_per_person: int = 0
    #: Connections not yet logged in, as OpenSSH's MaxStartups start:rate:full: from
    #: ``drop_from`` on, a new one is dropped with chance ``drop_rate``, rising to all at
    #: ``max_unauthenticated``; and at most this many from one address, where a new one
    #: takes the place of the one that has waited longest.
    max_unauthenticated: int = 64
    drop_from: int = 10
    drop_rate: float = 0.3
    max_unauthenticated_per_source: int = 8
    #: Seconds a connection has to log in.
    login_timeout: float = 20.0
    #: Seconds a connection has to begin logging in (its version and key exchange done): a
    #: client does it in a fraction of one; 0 for none but ``login_timeout``.
    handshake_timeout: float = 5.0
    #: Seconds an app gets to exit after SIGHUP before SIGKILL.
    grace: float = 2.0
    #: Fork each session from a process with the app imported (else exec a new one).
    prefork: bool = True


def drop_chance(waiting: int, start: int, rate: float, full: int) -> float:
    """The chance a new connection is dropped while ``waiting`` others have not logged in
    (OpenSSH's MaxStartups): none below ``start``, ``rate`` at it, rising evenly to all at
    ``full``. A hard cap let anyone holding that many idle connections lock every login
    out; dropped at random, theirs are dropped as often as anyone's, and a person trying
    again soon gets in."""
    if waiting < start:
        return 0.0
    if waiting >= full:
        return 1.0
    return rate + (1.0 - rate) * (waiting - start) / (full - start)


#: The source every connection from this host counts as.
LOOPBACK = "loopback"


def source_of(host: str) -> str:
    """The source a cap per address counts by: the address, or for IPv6 its /64 (one
    network's, which anyone given one can draw addresses from at will); and one for every
    loopback address, which anyone on the host can connect from (127.0.0.2, 127.9.9.9, …):
    counted apart, 8 of them held the 64 connections that drop every new one."""
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        return host
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        address = address.ipv4_mapped
    if address.is_loopback:
        return LOOPBACK
    if isinstance(address, ipaddress.IPv6Address):
        return str(ipaddress.IPv6Network((address, 64), strict=False))
    return str(address)


#: Linux's netlink family for asking about sockets, its request by address family, and
#: the states of a connecting socket a process still holds (ESTABLISHED, FIN_WAIT1 and 2).
NETLINK_SOCK_DIAG = 4
SOCK_DIAG_BY_FAMILY = 20
HELD_STATES = (1, 4, 5)


def local_owner(peer: tuple[str, int], local: tuple[str, int]) -> int | None:
    """The user id that owns the other end of a connection from this host: the socket
    ``peer`` (its address, port) has connected to ``local``; None where it cannot be
    told (not Linux, the socket gone). The kernel looks it up by its four parts at once,
    so this costs the same however many sockets there are."""
    try:
        addresses = [ipaddress.ip_address(peer[0]), ipaddress.ip_address(local[0])]
    except ValueError:
        return None
    addresses = [a.ipv4_mapped if isinstance(a, ipaddress.IPv6Address) and a.ipv4_mapped else a for a in addresses]
    if addresses[0].version != addresses[1].version:
        return None
    family = socket.AF_INET if addresses[0].version == 4 else socket.AF_INET6
    # struct inet_diag_req_v2, its inet_diag_sockid as the peer's socket sees itself, any
    # state and no cookie to match; in a netlink message to the kernel.
    sockid = struct.pack("!HH16s16s", peer[1], local[1], *(a.packed.ljust(16, b"\0") for a in addresses))
    request = struct.pack("=BBxxI", family, socket.IPPROTO_TCP, 0xFFFFFFFF) + sockid
    request += struct.pack("=III", 0, 0xFFFFFFFF, 0xFFFFFFFF)
    message = struct.pack("=IHHII", 16 + len(request), SOCK_DIAG_BY_FAMILY, 1, 1, 0) + request
    try:
        with socket.socket(socket.AF_NETLINK, socket.SOCK_DGRAM, NETLINK_SOCK_DIAG) as diag:
            diag.settimeout(0.5)  # answered as it is sent: never waited for in practice
            diag.sendto(message, (0, 0))
            reply = diag.recv(8192)
    except (OSError, AttributeError):  # AttributeError: no AF_NETLINK (not Linux)
        return None
    # nlmsghdr (16 bytes), then struct inet_diag_msg: its state, its sockid's ports, and
    # idiag_uid at 64. The kernel falls back to a socket listening on the peer's port (not
    # the peer's: perhaps another account's), and says uid 0 of one closed (TIME_WAIT).
    if len(reply) < 16 + 72 or struct.unpack_from("=H", reply, 4)[0] != SOCK_DIAG_BY_FAMILY:
        return None
    state = reply[16 + 1]
    ports = struct.unpack_from("!HH", reply, 16 + 4)
    if state not in HELD_STATES or ports != (peer[1], local[1]):
        return None
    uid: int = struct.unpack_from("=I", reply, 16 + 64)[0]
    return uid


class Gatekeeper(asyncssh.SSHServer):
    """One connection's authentication: a key in the people registry, and nothing else."""

    def __init__(self, service: SSHService) -> None:
        self.service = service
        self.conn: asyncssh.SSHServerConnection | None = None
        self.peer = "?"
        self.candidate: Identity | None = None
        self.identity: Identity | None = None
        self.source = "?"
        self.refused = False
        #: Logged in over a cap of connections, and disconnected at once.
        self.over = False
        #: Its key exchange is done and it has begun to log in (a silent one never does).
        self.authenticating = False
        #: Dropped while waiting to log in (counted in a summary, not logged on its own).
        self.dropped = False
        self._handshake_deadline: asyncio.TimerHandle | None = None

    def connection_made(self, conn: asyncssh.SSHServerConnection) -> None:
        self.conn = conn
        host, port = (conn.get_extra_info("peername") or ("?", 0))[:2]
        self.peer = f"{host}:{port}"
        self.source = source_of(str(host))
        if self.source == LOOPBACK:
            # Everyone on the host comes from 127.0.0.1: its caps count by local account,
            # so one holding or churning its own cannot take another's turn to log in.
            here = (conn.get_extra_info("sockname") or ("?", 0))[:2]
            uid = local_owner((str(host), int(port)), (str(here[0]), int(here[1])))
            if uid is not None:
                self.source = f"{LOOPBACK} uid {uid}"
        if not self.service.admit_unauthenticated(self):
            # Closed at once, before a byte is exchanged: a flood of silent connections
            # then holds no more than the caps' worth of open files.
            self.refused = True
            conn.abort()
            return
        self.refused = False
        self.service.connections.add(conn)
        seconds = self.service.settings.handshake_timeout
        if 0 < seconds < self.service.settings.login_timeout:
            self._handshake_deadline = asyncio.get_running_loop().call_later(seconds, self._handshake_late)

    @property
    def progress(self) -> int:
        """How far it has come: 0 silent, 1 its SSH version sent, 2 beginning to log in."""
        if self.authenticating:
            return 2
        return 1 if self.conn is not None and self.conn.get_extra_info("client_version") else 0

    def _handshake_late(self) -> None:
        self._handshake_deadline = None
        if not self.authenticating and self.identity is None:
            self.service.drop_waiting(self, self.service.dropped_late)

    def _cancel_handshake_deadline(self) -> None:
        if self._handshake_deadline is not None:
            self._handshake_deadline.cancel()
            self._handshake_deadline = None

    def connection_lost(self, exc: Exception | None) -> None:
        self._cancel_handshake_deadline()
        if self.refused:
            return
        if self.conn is not None:
            self.service.connections.discard(self.conn)
            self.service.logged_in_done(self.conn)
        if self.over:
            return  # counted in the summary of refusals instead
        if self.identity is None:
            self.service.unauthenticated_done(self)
            if not self.dropped:  # else counted in a summary of drops
                log.info("connection from %s closed without logging in (%s)", self.peer, for_log(exc or "closed", 120))
        else:
            log.info("disconnected %s", self.identity)

    def begin_auth(self, username: str) -> bool:
        self.authenticating = True
        self._cancel_handshake_deadline()
        return True

    def password_auth_supported(self) -> bool:
        return False

    def kbdint_auth_supported(self) -> bool:
        return False

    def host_based_auth_supported(self) -> bool:
        return False

    def public_key_auth_supported(self) -> bool:
        return True

    def validate_public_key(self, username: str, key: asyncssh.SSHKey) -> bool:
        # Called when a client offers a key and again when it signs with it. The registry
        # is read afresh each time, so people added since the server started can log in.
        fingerprint = key.get_fingerprint("sha256")
        try:
            person = self.service.store.people.by_key(key.algorithm.decode("ascii"), key.public_data)
        except (StoreError, OSError, ValueError) as error:
            log.error(
                "refused key %s from %s: the people registry is unreadable: %s",
                fingerprint,
                self.peer,
                for_log(error, 200),
            )
            return False
        if person is None:
            log.warning(
                "refused key %s from %s (user %s): not in the people registry",
                fingerprint,
                self.peer,
                for_log(username, 32),
            )
            return False
        self.candidate = Identity(person.handle, fingerprint, self.peer)
        return True

    def auth_completed(self) -> None:
        self.identity = self.candidate
        self.service.unauthenticated_done(self)
        if self.conn is None or self.identity is None:
            return
        refusal = self.service.admit_logged_in(self.conn, self.identity)
        if refusal is not None:
            # Logged in, but a connection more would take the open files others need to
            # log in: the client is told why (OpenSSH shows the reason), and it is closed.
            self.over = True
            self.conn.disconnect(asyncssh.DISC_TOO_MANY_CONNECTIONS, refusal)
            return
        log.info("accepted %s", self.identity)

    def _refuse(self, what: str) -> bool:
        log.warning("refused %s for %s", what, self.identity or self.peer)
        return False

    def connection_requested(self, dest_host: str, dest_port: int, orig_host: str, orig_port: int) -> bool:
        return self._refuse("port forwarding")

    def server_requested(self, listen_host: str, listen_port: int) -> bool:
        return self._refuse("remote port forwarding")

    def unix_connection_requested(self, dest_path: str) -> bool:
        return self._refuse("socket forwarding")

    def unix_server_requested(self, listen_path: str) -> bool:
        return self._refuse("remote socket forwarding")

    def tun_requested(self, unit: int | None) -> bool:
        return self._refuse("tunnelling")

    def tap_requested(self, unit: int | None) -> bool:
        return self._refuse("tunnelling")


#: What asyncio says when accept() finds no file descriptor free.
OUT_OF_FILES = "socket.accept() out of system resource"


class AcceptErrors:
    """A loop's exception handler that logs accepts failing for want of files once in
    ``every`` seconds, as one line with a count, and passes everything else on.

    asyncio logs each failed accept with its traceback, and on Linux tries up to the
    backlog's 256 more in the same turn (each failing, each logged): a server out of files
    wrote 700,000 lines (305 MB) in 2.5 minutes."""

    def __init__(self, loop: asyncio.AbstractEventLoop, every: float = 10.0) -> None:
        self.loop = loop
        self.every = every
        self.previous = loop.get_exception_handler()
        self.failed = 0
        self._logged = -every

    def __call__(self, loop: asyncio.AbstractEventLoop, context: dict[str, object]) -> None:
        if context.get("message") != OUT_OF_FILES:
            if self.previous is not None:
                self.previous(loop, context)
            else:
                loop.default_exception_handler(context)
            return
        self.failed += 1
        now = time.monotonic()
        if now - self._logged >= self.every:
            self._logged = now
            log.error(
                "could not accept %d connection(s): %s; accepting again in a second",
                self.failed,
                for_log(context.get("exception") or "out of open files", 120),
            )
            self.failed = 0


class Drops:
    """Connections dropped before logging in, by source, logged as one line with counts at
    most once in ``every`` seconds: a flood must not flood the log too."""

    def __init__(self, message: str, every: float = 10.0) -> None:
        #: The line, with ``%d`` for the count and ``%s`` for the sources.
        self.message = message
        self.every = every
        self.counts: Counter[str] = Counter()
        self._logged = -every

    def add(self, source: str) -> None:
        self.counts[source] += 1
        now = time.monotonic()
        if now - self._logged >= self.every:
            self._logged = now
            self.flush()

    def flush(self) -> None:
        """Log what was counted since the last line, if anything."""
        if self.counts:
            sources = ", ".join(f"{count} from {for_log(source, 64)}" for source, count in self.counts.most_common(3))
            log.warning(self.message, self.counts.total(), sources)
            self.counts.clear()


class SSHService:
    """The listening server, its connections and its app sessions."""

    def __init__(self, settings: SSHSettings) -> None:
        self.settings = settings
        self.store = Store(settings.data_dir)
        self.connections: set[asyncssh.SSHServerConnection] = set()
        self.identities: dict[asyncssh.SSHServerConnection, Identity] = {}
        self.sessions: dict[AppSession, asyncio.Task[None]] = {}
        self.acceptor: asyncssh.SSHAcceptor | None = None
        #: Connections not yet logged in, by source address, the longest waiting first.
        self.unauthenticated: dict[str, dict[Gatekeeper, None]] = {}
        s = settings
        #: New connections refused, and waiting ones dropped, before logging in.
        self.refused_new = Drops(
            "refused %d connection(s) over the limit of connections not logged in "
            f"(dropped at random from {s.drop_from}, all at {s.max_unauthenticated}): %s"
        )
        self.dropped_oldest = Drops(
            "dropped %d connection(s) over the limit of connections not logged in from one address "
            f"({s.max_unauthenticated_per_source}), each the one waiting longest, for a new one: %s"
        )
        self.dropped_late = Drops(
            f"dropped %d connection(s) that had not begun to log in within {s.handshake_timeout:g} s: %s"
        )
        #: Draws the chance for `drop_chance` (tests give their own).
        self.random: Callable[[], float] = random.random
        #: Logged-in connections refused over a cap, by the handle whose cap it is ("" for
        #: the server's): logged when the first comes and when the cap is no longer reached.
        self._over: Counter[str] = Counter()
        self.max_connections = settings.max_connections or connections_for_open_files()
        self.max_connections_per_person = (
            settings.max_connections_per_person or 2 * settings.max_sessions_per_person + 2
        )
        self.forker = Forker()
        self._accept_errors: AcceptErrors | None = None

    def admit_logged_in(self, conn: asyncssh.SSHServerConnection, identity: Identity) -> str | None:
        """Count a logged-in connection in; or what to tell it when it is over a cap."""
        handle = identity.handle
        if len(self.identities) >= self.max_connections:
            key, limit = "", self.max_connections
            message = "mentortui: the server has too many connections; try again later."
        elif sum(1 for known in self.identities.values() if known.handle == handle) >= self.max_connections_per_person:
            key, limit = handle, self.max_connections_per_person
            message = f"mentortui: you have the most connections allowed open ({limit}); close one first."
        else:
            self.identities[conn] = identity
            return None
        if not self._over[key]:  # once while over it: someone opening thousands logs one line
            whose = f"{for_log(handle, 32)}'s limit" if key else "the server's limit"
            log.warning(
                "refused logged-in connections over %s of %d, starting with %s",
                whose,
                limit,
                for_log(identity, 200),
            )
        self._over[key] += 1
        return message

    def logged_in_done(self, conn: asyncssh.SSHServerConnection) -> None:
        """A connection has gone; counted out, and the end of a run of refusals logged."""
        identity = self.identities.pop(conn, None)
        if identity is None:
            return
        handle = identity.handle
        if self._over[handle]:
            log.warning(
                "refused %d logged-in connection(s) over %s's limit of %d",
                self._over.pop(handle),
                for_log(handle, 32),
                self.max_connections_per_person,
            )
        if self._over[""]:
            log.warning(
                "refused %d logged-in connection(s) over the server's limit of %d",
                self._over.pop(""),
                self.max_connections,
            )

    def waiting(self, source: str | None = None) -> int:
        """Connections not logged in yet: in all, or from one source."""
        if source is not None:
            return len(self.unauthenticated.get(source, ()))
        return sum(len(gatekeepers) for gatekeepers in self.unauthenticated.values())

    def admit_unauthenticated(self, gatekeeper: Gatekeeper) -> bool:
        """Count a new connection in; False when it is dropped (logged, in summary).

        Over its source's cap, the one from there that has waited longest makes room, of
        those that have come least far (silent, then without their key exchange done):
        everyone on a shared host comes from 127.0.0.1, and refusing the new one let anyone
        holding the cap's worth of idle connections keep everyone else out, while a
        person's client sends its version at once and logs in well within a second. The
        caps stay: that source still holds at most its cap."""
        settings = self.settings
        chance = drop_chance(self.waiting(), settings.drop_from, settings.drop_rate, settings.max_unauthenticated)
        if self.random() < chance:
            self.refused_new.add(gatekeeper.source)
            return False
        from_source = self.unauthenticated.get(gatekeeper.source, {})
        while len(from_source) >= max(1, settings.max_unauthenticated_per_source):
            # The oldest (they are kept oldest first) of those that have come least far.
            victim = min(from_source, key=lambda waiting: waiting.progress)
            self.drop_waiting(victim, self.dropped_oldest)
        self.unauthenticated.setdefault(gatekeeper.source, {})[gatekeeper] = None
        return True

    def drop_waiting(self, gatekeeper: Gatekeeper, drops: Drops) -> None:
        """Close a connection that has not logged in, counted in ``drops``' summary."""
        if gatekeeper not in self.unauthenticated.get(gatekeeper.source, ()):
            return
        self.unauthenticated_done(gatekeeper)
        gatekeeper.dropped = True
        drops.add(gatekeeper.source)
        if gatekeeper.conn is not None:
            gatekeeper.conn.abort()

    def unauthenticated_done(self, gatekeeper: Gatekeeper) -> None:
        """A connection counted in has logged in or gone."""
        from_source = self.unauthenticated.get(gatekeeper.source)
        if from_source is not None:
            from_source.pop(gatekeeper, None)
            if not from_source:
                del self.unauthenticated[gatekeeper.source]

    @property
    def port(self) -> int:
        """The port it listens on (the one the system chose, when asked for port 0)."""
        assert self.acceptor is not None
        return self.acceptor.get_port()

    async def start(self) -> None:
        """Listen for connections."""
        key = host_key(self.store.data_dir)
        if not any(person.keys for person in self.store.people.all()):
            log.warning(
                "nobody in the people registry has an SSH key yet; add one with "
                "`mentortui people add HANDLE --key FILE.pub`"
            )
        loop = asyncio.get_running_loop()
        self._accept_errors = AcceptErrors(loop)
        loop.set_exception_handler(self._accept_errors)
        if self.settings.prefork:
            base = app_environment(os.environ, "xterm-256color", {})
            await loop.run_in_executor(None, self.forker.start, base)
        self.acceptor = await asyncssh.create_server(
            lambda: Gatekeeper(self),
            self.settings.host,
            self.settings.port,
            server_host_keys=[key],
            process_factory=self._session,
            encoding=None,
            line_editor=False,
            public_key_auth=True,
            password_auth=False,
            kbdint_auth=False,
            host_based_auth=False,
            gss_host=None,
            agent_forwarding=False,
            x11_forwarding=False,
            allow_scp=False,
            rdns_lookup=False,
            login_timeout=self.settings.login_timeout,
            # Room for a burst of connections to wait to be accepted (and, over the caps,
            # closed) rather than be dropped and retried by the client a second later; asyncio
            # accepts up to this many at once before closing any, so it stays well under the
            # usual limit of 1,024 open files (measured: login under a flood of 2,000 in 0.2 s
            # at 256, 1.1 s at 100, and at 1,024 the accepts ran out of files).
            backlog=256,
            keepalive_interval=30,
            keepalive_count_max=3,
        )
        log.info("listening on %s port %d; host key %s", self.settings.host, self.port, key.get_fingerprint("sha256"))

    def _refusal(self, process: asyncssh.SSHServerProcess[bytes]) -> tuple[str, str, int] | None:
        """Why this session may not start: (what to log, what to tell, exit status), or None."""
        if process.command is not None or process.subsystem is not None:
            return (
                "a command",
                "mentortui: this server runs only mentortui; connect without a command: ssh -t HOST",
                2,
            )
        if not process.term_type:
            return ("a session without a terminal", "mentortui: this needs a terminal; connect with `ssh -t`.", 2)
        if len(self.sessions) >= self.settings.max_sessions:
            return (
                f"a session over the limit of {self.settings.max_sessions}",
                "mentortui: the server is full; try again later.",
                1,
            )
        return None

    def _person_refusal(self, identity: Identity) -> tuple[str, str, int] | None:
        """Why this person may not start another session now, or None."""
        # A connection logged in earlier may open a new session after its person was removed.
        try:
            ended = access_ended(self.store.people.all(), identity.handle, identity.fingerprint)
        except (StoreError, OSError) as error:
            ended = f"the people registry cannot be read ({for_log(error, 200)})"
        if ended:
            return (f"a session: {ended}", f"mentortui: not let in: {ended}.", 1)
        limit = self.settings.max_sessions_per_person
        if sum(1 for s in self.sessions if s.identity.handle == identity.handle) >= limit:
            return (
                f"a session over {identity.handle}'s limit of {limit}",
                f"mentortui: you already have the most sessions allowed open ({limit}); close one first.",
                1,
            )
        return None

    async def _session(self, process: asyncssh.SSHServerProcess[bytes]) -> None:
        identity = self.identities.get(process.get_extra_info("connection"))
        refusal = self._refusal(process) or (identity and self._person_refusal(identity))
        if identity is None or refusal is not None:
            what, message, status = refusal or ("a session before login", "mentortui: not logged in.", 1)
            log.warning("refused %s for %s", what, identity or "an unknown connection")
            tell(process, message)
            finish(process, status)
            return
        session = AppSession(
            process, identity, self.store.data_dir, self.settings.idle_timeout, self.settings.grace, self.forker
        )
        task = asyncio.current_task()
        assert task is not None  # asyncssh runs each process factory's coroutine as a task
        self.sessions[session] = task  # counted before the first await
        try:
            await session.run()
        finally:
            self.sessions.pop(session, None)

    async def stop(self) -> None:
        """Stop listening, end every session (apps hung up and reaped), close every client."""
        if self.acceptor is not None:
            self.acceptor.close()
        for session in list(self.sessions):
            session.stop("shutdown")
        tasks = list(self.sessions.values())
        if tasks:
            await asyncio.wait(tasks, timeout=2 * self.settings.grace + 3)
        for conn in list(self.connections):
            conn.close()
        for conn in list(self.connections):
            with contextlib.suppress(asyncio.TimeoutError):
                await asyncio.wait_for(conn.wait_closed(), 3)
        if self.acceptor is not None:
            await self.acceptor.wait_closed()
        if self._accept_errors is not None:
            self._accept_errors.loop.set_exception_handler(self._accept_errors.previous)
            self._accept_errors = None
        for drops in (self.refused_new, self.dropped_oldest, self.dropped_late):
            drops.flush()
        log.info("stopped")


async def serve_until_signalled(settings: SSHSettings) -> None:
    """Run the server until SIGINT or SIGTERM, then stop it cleanly."""
    loop = asyncio.get_running_loop()
    stopping = asyncio.Event()
    for signum in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(signum, stopping.set)
    service = SSHService(settings)
    try:
        await service.start()
        await stopping.wait()
        log.info("stopping: ending %d session(s)", len(service.sessions))
    finally:
        await service.stop()
        for signum in (signal.SIGINT, signal.SIGTERM):
            loop.remove_signal_handler(signum)


def connections_for_open_files() -> int:
    """The logged-in connections the server takes in all: an eighth of its open-file limit
    (each holds one, a session a few more), so accepting and logging in still find files.
    Without a cap one person's 20,000 idle connections hit the limit and locked everyone out."""
    soft, _ = resource.getrlimit(resource.RLIMIT_NOFILE)
    if soft == resource.RLIM_INFINITY:
        soft = 65536
    return max(16, soft // 8)


def _more_open_files() -> None:
    """Raise the soft limit of open files to the hard one: more room for a flood to hit the caps."""
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    wanted = hard if hard != resource.RLIM_INFINITY else 65536
    if soft != resource.RLIM_INFINITY and soft < wanted:
        with contextlib.suppress(ValueError, OSError):
            resource.setrlimit(resource.RLIMIT_NOFILE, (wanted, hard))


def run(settings: SSHSettings) -> int:
    """`mentortui serve --ssh`: serve until told to stop; returns the exit code."""
    _more_open_files()
    try:
        asyncio.run(serve_until_signalled(settings))
    except (OSError, StoreError, HostKeyError) as error:  # e.g. the port is taken
        log.error("%s", error)
        return 1
    return 0
