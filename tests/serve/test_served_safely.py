"""Attacks on a served session, through the real routes: OpenSSH's `ssh`, the forced command, floods.

Each test stands for one way in that was found open: a path typed into the export, a TERM
that forges log lines, a flood of silent connections, a removed person still working, two
servers racing for the host key, a missing registry letting strangers in.
"""

from __future__ import annotations

import asyncio
import multiprocessing
import multiprocessing.process
import os
import resource
import select
import shlex
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import asyncssh
import pytest

from mentortui.__main__ import main
from mentortui.serve.host_key import HOST_KEY_FILE, HostKeyError, host_key

from ..terminal import on_pty, screen_text
from .conftest import OTHER_TITLE, OWN_TITLE, TIMEOUT, ServerFactory, Site, connect, read_until

PTY = {"term_type": "xterm-256color", "term_size": (80, 24), "encoding": None}
needs_ssh = pytest.mark.skipif(shutil.which("ssh") is None, reason="OpenSSH's client is not installed")


def ssh_argv(site: Site, port: int, *command: str) -> list[str]:
    """OpenSSH's client, with Ana's key and nothing from this machine's ~/.ssh."""
    key_file = site.data_dir.parent / "ana_id"
    if not key_file.exists():
        key_file.write_bytes(site.key.export_private_key())
        key_file.chmod(0o600)
    return [
        "ssh",
        "-F",
        "/dev/null",
        "-tt",
        "-p",
        str(port),
        "-i",
        str(key_file),
        "-o",
        "IdentitiesOnly=yes",
        "-o",
        "BatchMode=yes",
        "-o",
        "StrictHostKeyChecking=no",
        "-o",
        "UserKnownHostsFile=/dev/null",
        "-o",
        "LogLevel=ERROR",
        "ana@127.0.0.1",
        *command,
    ]


# -- 1. the export writes nothing where a person says ----------------------------------------


@needs_ssh
async def test_over_real_ssh_the_export_asks_no_path_and_keeps_a_new_file_in_the_data_dir(
    site: Site, serve: ServerFactory, tmp_path: Path
) -> None:
    service = await serve()
    screen = await on_pty(ssh_argv(site, service.port))
    try:
        await screen.until(OWN_TITLE)
        await screen.keys(b"o")
        await screen.until("Parties")
        await screen.keys(b"\x0f")  # ctrl+o
        shown = await screen.until("Keep on server")
        assert "File " not in shown.split("Export as Markdown")[-1]
        # A fast typist's pace: each key still its own read, 27 of them.
        await screen.keys(*(bytes([c]) for c in b"/root/.ssh/authorized_keys"), b"\r", pace=0.03)
        await screen.until("Kept on the server")
    finally:
        await screen.terminal.terminate(1.0)
        screen.terminal.close()
    [kept] = (site.data_dir / "exports" / "ana").iterdir()
    assert OWN_TITLE in kept.read_text() and kept.stat().st_mode & 0o777 == 0o600
    assert not (tmp_path / "root").exists()


@needs_ssh
async def test_over_real_ssh_a_command_gets_no_shell(site: Site, serve: ServerFactory) -> None:
    service = await serve()
    result = await asyncio.create_subprocess_exec(
        *[a for a in ssh_argv(site, service.port, "cat /etc/passwd") if a != "-tt"],
        "-T",
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )
    out, err = await asyncio.wait_for(result.communicate(), TIMEOUT)
    assert result.returncode == 2 and b"root:" not in out
    assert b"runs only mentortui" in out + err


# -- 5. the registry decides, always ----------------------------------------------------------


async def test_removing_a_person_ends_their_ssh_session_within_5_seconds(site: Site, serve: ServerFactory) -> None:
    service = await serve()
    async with await asyncio.wait_for(connect(service, client_keys=[site.key]), TIMEOUT) as conn:
        process = await asyncio.wait_for(conn.create_process(**PTY), TIMEOUT)
        await read_until(process, lambda out: OWN_TITLE in screen_text(out))
        removed = time.monotonic()
        site.store.people.remove("ana")
        output = await read_until(process, lambda out: b"session ended" in out, timeout=10)
        await asyncio.wait_for(process.wait_closed(), TIMEOUT)
        took = time.monotonic() - removed
    assert "no longer registered" in screen_text(output)
    print(f"removal: the session ended {took:.2f} s after `people remove`")
    assert took < 5, f"the session went on for {took:.1f} s"
    assert process.exit_status == 3


async def test_a_connection_logged_in_before_removal_opens_no_new_session(site: Site, serve: ServerFactory) -> None:
    service = await serve()
    async with await asyncio.wait_for(connect(service, client_keys=[site.key]), TIMEOUT) as conn:
        site.store.people.remove("ana")
        process = await asyncio.wait_for(conn.create_process(**PTY), TIMEOUT)
        output = await read_until(process, lambda out: b"not let in" in out)
        assert "no longer registered" in screen_text(output)
        await asyncio.wait_for(process.wait_closed(), TIMEOUT)
        assert process.exit_status == 1


async def test_one_person_cannot_fill_every_session(site: Site, serve: ServerFactory) -> None:
    service = await serve(max_sessions_per_person=2, max_sessions=10)
    async with await asyncio.wait_for(connect(service, client_keys=[site.key]), TIMEOUT) as conn:
        for _ in range(2):
            process = await asyncio.wait_for(conn.create_process(**PTY), TIMEOUT)
            await read_until(process, lambda out: OWN_TITLE in screen_text(out))
        third = await asyncio.wait_for(conn.create_process(**PTY), TIMEOUT)
        output = await read_until(third, lambda out: b"close one first" in out)
        assert "most sessions allowed open (2)" in screen_text(output)
        assert len(service.sessions) == 2


# -- 6. what a client sends is logged escaped, and cut -------------------------------------------


async def test_a_hostile_term_cannot_forge_a_log_line_or_make_a_long_one(
    site: Site, serve: ServerFactory, caplog: pytest.LogCaptureFixture
) -> None:
    service = await serve()
    forged = "xterm\n2026-12-01 09:00:00 INFO accepted cora (SHA256:FORGED) from 10.0.0.1" + "x" * 10_000
    caplog.set_level("INFO", logger="mentortui.serve")
    async with await asyncio.wait_for(
        connect(service, username="a" + "u" * 1000, client_keys=[site.key]), TIMEOUT
    ) as conn:
        process = await asyncio.wait_for(
            conn.create_process(term_type=forged, term_size=(80, 24), encoding=None), TIMEOUT
        )
        await read_until(process, lambda out: OWN_TITLE in screen_text(out))
        process.stdin.write(b"q")
        await asyncio.wait_for(process.wait_closed(), TIMEOUT)
    stranger = asyncssh.generate_private_key("ssh-ed25519")
    with pytest.raises(asyncssh.PermissionDenied):
        await asyncio.wait_for(
            # (asyncssh refuses controls in user names; a long one is still the client's to send)
            connect(service, username="evil" + "v" * 1000, client_keys=[stranger]),
            TIMEOUT,
        )
    lines = [record.getMessage() for record in caplog.records]
    assert any("session started for ana" in line for line in lines)
    assert any("refused key" in line and "user evilvvv" in line for line in lines)
    assert any("TERM xterm\\n2026-12-01" in line for line in lines)
    for line in lines:
        assert "\n" not in line and len(line) < 600, line[:300]


# -- 3. a flood before login does not lock people out ---------------------------------------------


def start_ssh_server(site: Site, port: int, files: int = 1024) -> subprocess.Popen:
    def limit() -> None:
        resource.setrlimit(resource.RLIMIT_NOFILE, (files, files))

    return subprocess.Popen(
        [sys.executable, "-m", "mentortui", "--data-dir", str(site.data_dir), "serve", "--ssh", "--port", str(port)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        preexec_fn=limit,
    )


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def open_files(pid: int) -> int:
    return len(os.listdir(f"/proc/{pid}/fd"))


def flood(port: int, count: int, uid: int | None) -> None:
    """Open ``count`` silent connections from 127.0.0.1, as account ``uid``, and hold them."""
    if uid is not None:
        os.setgid(uid)
        os.setuid(uid)
    held = []
    for _ in range(count):  # silent: they never say a word, from one address
        sock = socket.socket()
        sock.setblocking(False)
        sock.connect_ex(("127.0.0.1", port))
        held.append(sock)
    time.sleep(3 * TIMEOUT)


def hold(port: int, count: int, start: int, uid: int | None) -> None:
    """Keep ``count`` silent connections open from loopback addresses, 127.0.0.``start``
    onwards (8 to an address), as account ``uid``, opening a new one each time one is
    closed, as the attack did (it reopened each the login timeout dropped)."""
    if uid is not None:
        os.setgid(uid)
        os.setuid(uid)
    open_now: dict[socket.socket, str] = {}

    def reopen(address: str) -> None:
        while True:
            sock = socket.socket()
            try:
                sock.bind((address, 0))
                sock.connect(("127.0.0.1", port))
            except OSError:
                sock.close()
                time.sleep(0.01)
                continue
            open_now[sock] = address
            return

    for n in range(count):
        reopen(f"127.0.0.{start + n // 8}")
    while True:
        readable, _, _ = select.select(list(open_now), [], [])
        for sock in readable:
            try:
                if sock.recv(4096):  # the server's version and key exchange, never answered
                    continue
            except OSError:
                pass
            sock.close()
            reopen(open_now.pop(sock))


async def held_open(port: int, count: int) -> list[socket.socket]:
    """``count`` silent connections the server has taken in (it has sent its version on
    each), from 127.0.0.1."""
    held: list[socket.socket] = []
    deadline = time.monotonic() + TIMEOUT
    while time.monotonic() < deadline:
        held += [socket.create_connection(("127.0.0.1", port)) for _ in range(count - len(held))]
        await asyncio.sleep(0.5)
        for sock in list(held):
            try:
                taken = sock.recv(1, socket.MSG_PEEK | socket.MSG_DONTWAIT) == b"S"
            except BlockingIOError:
                taken = False
            except OSError:  # refused (the server had not yet counted the probe out)
                taken = False
            if not taken:
                held.remove(sock)
                sock.close()
        if len(held) == count:
            return held
    raise AssertionError(f"the server took in {len(held)} of {count} connections")


def in_process(target: Callable[..., None], *args: object) -> multiprocessing.process.BaseProcess:
    """``target`` run in a process of its own (another account's, given a uid)."""
    process = multiprocessing.get_context("fork").Process(target=target, args=args, daemon=True)
    process.start()
    return process


def wait_for_server(port: int) -> None:
    deadline = time.monotonic() + TIMEOUT
    while time.monotonic() < deadline:
        with socket.socket() as probe:
            if probe.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.1)


@pytest.mark.skipif(os.getuid() != 0, reason="needs root, to flood as another account")
async def test_a_flood_of_silent_connections_still_lets_a_known_key_in_within_2_seconds(site: Site) -> None:
    """From another account: on this host the caps count by account, and the flood's own
    connections make room for each other (the 8 waiting longest from one source give way),
    so one from Ana's account would take her turn (see test_ssh_resources)."""
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (max(soft, 4096), max(hard, 4096)))
    port = free_port()
    server = start_ssh_server(site, port)
    flooding: multiprocessing.process.BaseProcess | None = None
    try:
        wait_for_server(port)
        flooding = in_process(flood, port, 2000, 65534)
        held = 0
        for _ in range(10):  # the most files the server holds while it takes the flood in
            await asyncio.sleep(0.1)
            held = max(held, open_files(server.pid))
        started = time.monotonic()
        async with await asyncio.wait_for(
            asyncssh.connect(
                "127.0.0.1",
                port,
                local_addr=("127.0.0.2", 0),
                username="ana",
                client_keys=[site.key],
                known_hosts=None,
                agent_path=None,
                config=[],
                connect_timeout=TIMEOUT,
            ),
            TIMEOUT,
        ) as conn:
            logged_in = time.monotonic() - started
            process = await asyncio.wait_for(conn.create_process(**PTY), TIMEOUT)
            await read_until(process, lambda out: OWN_TITLE in screen_text(out))
        assert logged_in < 2, f"login took {logged_in:.2f} s under the flood"
        # Over the caps a connection is closed as soon as it is accepted: the files held
        # peak at about one accept batch (256), under load a few, never the limit of 1,024.
        assert held < 1000, f"the server held {held} open files for a flood of 2,000"
        print(f"flood of 2000: server held {held} open files; a known key logged in in {logged_in:.3f} s")
    finally:
        if flooding is not None:
            flooding.kill()
            flooding.join(TIMEOUT)
        server.terminate()
        _, err = server.communicate(timeout=TIMEOUT)
    assert "Too many open files" not in err
    assert "over the limit of connections not logged in from one address (8)" in err
    assert "from loopback uid 65534" in err


@needs_ssh
@pytest.mark.parametrize("holder", ["her own account holds 8", "another account reopens 64"])
async def test_over_real_ssh_idle_connections_from_this_host_keep_nobody_out(site: Site, holder: str) -> None:
    """Any account on the host held 8 idle connections to `serve --ssh` on 127.0.0.1
    (reopening each the login timeout dropped), and every login was refused at once:
    "kex_exchange_identification: read: Connection reset by peer"."""
    if holder.startswith("another") and os.getuid() != 0:
        pytest.skip("needs root, to hold connections as another account")
    port = free_port()
    server = start_ssh_server(site, port)
    holding: multiprocessing.process.BaseProcess | None = None
    held: list[socket.socket] = []
    try:
        wait_for_server(port)
        if holder.startswith("another"):  # from 127.0.0.2 to .9, as fast as they are dropped
            holding = in_process(hold, port, 64, 2, 65534)
        else:
            held = await held_open(port, 8)
        await asyncio.sleep(1)  # all open, and waiting to log in
        for _ in range(3):
            started = time.monotonic()
            ssh = await asyncio.create_subprocess_exec(
                *[a for a in ssh_argv(site, port, "true") if a != "-tt"],
                "-T",
                stdout=asyncio.subprocess.PIPE,
                stderr=asyncio.subprocess.PIPE,
            )
            out, err = await asyncio.wait_for(ssh.communicate(), TIMEOUT)
            # Logged in: the server then refuses the command, as it does any.
            assert ssh.returncode == 2 and b"runs only mentortui" in out + err, (ssh.returncode, out, err)
            print(f"{holder}: ssh logged in (and was refused its command) in {time.monotonic() - started:.3f} s")
    finally:
        if holding is not None:
            holding.kill()
            holding.join(TIMEOUT)
        for sock in held:
            sock.close()
        server.terminate()
        _, log = server.communicate(timeout=TIMEOUT)
    assert "over the limit of connections not logged in from one address (8)" in log, log


# -- 7. the host key -------------------------------------------------------------------------------


def _race(data_dir: str, barrier, results) -> None:
    barrier.wait()
    results.put(host_key(Path(data_dir)).get_fingerprint("sha256"))


def test_two_servers_starting_at_once_use_the_one_host_key_on_disk(tmp_path: Path) -> None:
    context = multiprocessing.get_context("fork")
    for trial in range(20):
        data_dir = tmp_path / f"data{trial}"
        barrier, results = context.Barrier(2), context.Queue()
        racers = [context.Process(target=_race, args=(str(data_dir), barrier, results)) for _ in range(2)]
        for racer in racers:
            racer.start()
        for racer in racers:
            racer.join(TIMEOUT)
        served = {results.get(timeout=TIMEOUT) for _ in racers}
        on_disk = asyncssh.read_private_key(data_dir / HOST_KEY_FILE).get_fingerprint("sha256")
        assert served == {on_disk}, f"trial {trial}"
        assert not list((data_dir / ".tmp").iterdir())


def test_a_damaged_host_key_is_reported_by_name(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    data_dir = tmp_path / "data"
    data_dir.mkdir()
    (data_dir / HOST_KEY_FILE).write_text("-----BEGIN OPENSSH PRIVATE KEY-----\ngarbage\n")
    with pytest.raises(HostKeyError, match=HOST_KEY_FILE):
        host_key(data_dir)
    assert main(["--data-dir", str(data_dir), "serve", "--ssh", "--port", "0"]) == 1
    err = caplog.text
    assert f"{data_dir / HOST_KEY_FILE} cannot be read" in err and "move it aside" in err
    assert "Traceback" not in err


# -- 8 and 1. the forced-command route, by the line `people authorized-keys` prints ---------------


def forced_command(site: Site, capsys: pytest.CaptureFixture) -> list[str]:
    assert main(["--data-dir", str(site.data_dir), "people", "authorized-keys"]) == 0
    [line] = capsys.readouterr().out.splitlines()
    quoted = line.removeprefix('restrict,pty,command="').rsplit('" ', 1)[0]
    return shlex.split(quoted.replace('\\"', '"').replace("\\\\", "\\"))


@pytest.mark.parametrize("damage", ["moved aside", "emptied"])
async def test_the_forced_command_lets_nobody_in_without_a_registry(
    site: Site, capsys: pytest.CaptureFixture, damage: str
) -> None:
    command = forced_command(site, capsys)
    assert "--served" in command
    people = site.data_dir / "people.json"
    if damage == "moved aside":
        people.rename(people.with_suffix(".bak"))
    else:
        site.store.people.remove("ana")
    screen = await on_pty(command)
    try:
        shown = await screen.until("nobody is registered")
        assert OWN_TITLE not in shown and OTHER_TITLE not in shown
    finally:
        await screen.terminal.terminate(1.0)
        screen.terminal.close()


async def test_the_forced_command_is_restricted(site: Site, capsys: pytest.CaptureFixture) -> None:
    command = forced_command(site, capsys)
    screen = await on_pty(command)
    try:
        shown = await screen.until(OWN_TITLE)
        assert OTHER_TITLE not in shown
        await screen.keys(b"o")
        await screen.until("Parties")
        await screen.keys(b"\x0f")
        await screen.until("Keep on server")
    finally:
        await screen.terminal.terminate(1.0)
        screen.terminal.close()


def test_served_runs_only_the_app(site: Site, capsys: pytest.CaptureFixture) -> None:
    out = site.data_dir.parent / "out.md"
    assert main(["--data-dir", str(site.data_dir), "--served", "--as", "ana", "export", "x", "-o", str(out)]) == 2
    assert "runs only the app" in capsys.readouterr().err and not out.exists()
    assert main(["--data-dir", str(site.data_dir), "--served"]) == 2
    assert "needs --as" in capsys.readouterr().err


def test_a_damaged_registry_lets_nobody_in_with_a_message(site: Site, capsys: pytest.CaptureFixture) -> None:
    (site.data_dir / "people.json").write_text("{not json")
    assert main(["--data-dir", str(site.data_dir), "--served", "--as", "ana"]) == 1
    err = capsys.readouterr().err
    assert "nobody is let in" in err and "people.json" in err
