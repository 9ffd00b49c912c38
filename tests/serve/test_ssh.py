"""Tests of the built-in SSH server with a real asyncssh client against a server on 127.0.0.1."""

from __future__ import annotations

import asyncio
import logging
import os
import stat
import subprocess
import sys
from pathlib import Path

import asyncssh
import pytest

from mentortui.model.people import Person
from mentortui.serve.host_key import HOST_KEY_FILE, host_key
from mentortui.serve.session import Identity, app_command, app_environment, duration

from .conftest import (
    OTHER_TITLE,
    OWN_TITLE,
    TIMEOUT,
    ServerFactory,
    Site,
    connect,
    pid_gone,
    read_for,
    read_until,
    rows_drawn,
    screen_text,
)

PTY = {"term_type": "xterm-256color", "term_size": (80, 24), "encoding": None}


async def open_app(conn: asyncssh.SSHClientConnection) -> tuple[asyncssh.SSHClientProcess, bytes]:
    """Start a PTY session and read until the home screen lists Ana's agreement."""
    process = await asyncio.wait_for(conn.create_process(**PTY), TIMEOUT)
    output = await read_until(process, lambda out: OWN_TITLE in screen_text(out))
    return process, output


async def until(condition, timeout: float = TIMEOUT) -> None:
    """Poll ``condition()`` until it holds; fails after ``timeout``."""

    async def poll() -> None:
        while not condition():
            await asyncio.sleep(0.05)

    await asyncio.wait_for(poll(), timeout)


async def test_known_key_sees_own_agreement_not_others_and_exit_status_comes_back(
    site: Site, serve: ServerFactory
) -> None:
    service = await serve()
    async with await asyncio.wait_for(connect(service, client_keys=[site.key]), TIMEOUT) as conn:
        process, output = await open_app(conn)
        output += await read_for(process, 1.0)  # the list has settled
        screen = screen_text(output)
        assert "ana" in screen  # the header names who the app runs as, from the key
        assert OTHER_TITLE not in screen
        process.stdin.write(b"q")
        await asyncio.wait_for(process.wait_closed(), TIMEOUT)
        assert process.exit_status == 0


async def test_the_key_decides_who_you_are_not_the_username(site: Site, serve: ServerFactory) -> None:
    service = await serve()
    async with await asyncio.wait_for(
        connect(service, username="coordinator", client_keys=[site.key]), TIMEOUT
    ) as conn:
        process, output = await open_app(conn)
        output += await read_for(process, 0.5)
        assert OTHER_TITLE not in screen_text(output)
        [session] = service.sessions
        assert session.identity.handle == "ana"


async def test_unknown_key_is_refused_and_logged_by_fingerprint(
    site: Site, serve: ServerFactory, caplog: pytest.LogCaptureFixture
) -> None:
    service = await serve()
    stranger = asyncssh.generate_private_key("ssh-ed25519")
    caplog.set_level(logging.INFO, logger="mentortui.serve")
    with pytest.raises(asyncssh.PermissionDenied):
        await asyncio.wait_for(connect(service, username="ana", client_keys=[stranger]), TIMEOUT)
    fingerprint = stranger.get_fingerprint("sha256")
    assert any(f"refused key {fingerprint}" in r.getMessage() for r in caplog.records)
    blob = stranger.export_public_key().decode().split()[1]
    assert not any(blob in r.getMessage() for r in caplog.records)


async def test_password_and_keyboard_interactive_are_refused(site: Site, serve: ServerFactory) -> None:
    service = await serve()
    with pytest.raises(asyncssh.PermissionDenied):
        await asyncio.wait_for(
            connect(service, client_keys=None, password="hunter2", preferred_auth="password"), TIMEOUT
        )
    with pytest.raises(asyncssh.PermissionDenied):
        await asyncio.wait_for(
            connect(service, client_keys=None, password="hunter2", preferred_auth="keyboard-interactive"),
            TIMEOUT,
        )


async def test_session_without_pty_gets_the_message_and_a_non_zero_exit(
    site: Site, serve: ServerFactory, caplog: pytest.LogCaptureFixture
) -> None:
    service = await serve()
    caplog.set_level(logging.INFO, logger="mentortui.serve")
    async with await asyncio.wait_for(connect(service, client_keys=[site.key]), TIMEOUT) as conn:
        result = await asyncio.wait_for(conn.run(request_pty=False), TIMEOUT)
    assert result.exit_status != 0
    assert "ssh -t" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    messages = [r.getMessage() for r in caplog.records]
    assert any(m.startswith("refused a session without a terminal for ana (SHA256:") for m in messages)
    assert not any(m.startswith("session started") for m in messages)  # refused before any app


@pytest.mark.parametrize("pty", [False, True], ids=["plain", "with-pty"])
async def test_commands_are_refused(site: Site, serve: ServerFactory, pty: bool) -> None:
    service = await serve()
    options = {"term_type": "xterm-256color", "term_size": (80, 24)} if pty else {}
    async with await asyncio.wait_for(connect(service, client_keys=[site.key]), TIMEOUT) as conn:
        result = await asyncio.wait_for(conn.run("cat /etc/passwd", **options), TIMEOUT)
    assert result.exit_status != 0
    output = (result.stdout or "") + (result.stderr or "")
    assert "runs only mentortui" in output
    assert "root:" not in output


async def test_forwarding_is_refused(site: Site, serve: ServerFactory) -> None:
    service = await serve()
    async with await asyncio.wait_for(connect(service, client_keys=[site.key]), TIMEOUT) as conn:
        with pytest.raises(asyncssh.ChannelOpenError):
            await asyncio.wait_for(conn.open_connection("127.0.0.1", service.port), TIMEOUT)
        with pytest.raises(asyncssh.ChannelListenError):
            await asyncio.wait_for(conn.forward_remote_port("127.0.0.1", 0, "127.0.0.1", 22), TIMEOUT)


async def test_resize_reaches_the_app(site: Site, serve: ServerFactory) -> None:
    service = await serve()
    async with await asyncio.wait_for(connect(service, client_keys=[site.key]), TIMEOUT) as conn:
        process, output = await open_app(conn)
        output += await read_for(process, 0.5)
        assert max(rows_drawn(output)) == 24
        process.change_terminal_size(100, 30)
        # The app redraws for its new size: its footer lands on row 30, which 24 rows lack.
        await read_until(process, lambda out: 30 in rows_drawn(out))
        [session] = service.sessions
        assert session.terminal.size() == (100, 30)


async def test_people_added_after_start_can_log_in(site: Site, serve: ServerFactory) -> None:
    service = await serve()
    newcomer = asyncssh.generate_private_key("ssh-ed25519")
    site.store.people.put(Person(handle="bo", name="Bo", keys=(newcomer.export_public_key().decode(),)))
    login = connect(service, username="bo", client_keys=[newcomer])
    async with await asyncio.wait_for(login, TIMEOUT) as conn:
        result = await asyncio.wait_for(conn.run(request_pty=False), TIMEOUT)
    assert "ssh -t" in result.stderr  # logged in; refused only for want of a terminal


async def test_idle_session_is_closed_with_a_message(site: Site, serve: ServerFactory) -> None:
    service = await serve(idle_timeout=2)
    async with await asyncio.wait_for(connect(service, client_keys=[site.key]), TIMEOUT) as conn:
        process = await asyncio.wait_for(conn.create_process(**PTY), TIMEOUT)
        await until(lambda: service.sessions)
        pid = next(iter(service.sessions)).terminal.pid
        output = await read_until(process, lambda out: b"without input" in out)
        assert OWN_TITLE in screen_text(output)  # the app was up, and then closed
        await asyncio.wait_for(process.wait_closed(), TIMEOUT)
        assert process.exit_status == 1
        assert pid_gone(pid)


async def test_sessions_over_the_limit_are_refused(site: Site, serve: ServerFactory) -> None:
    service = await serve(max_sessions=1)
    async with await asyncio.wait_for(connect(service, client_keys=[site.key]), TIMEOUT) as conn:
        await open_app(conn)
        second = await asyncio.wait_for(conn.create_process(**PTY), TIMEOUT)
        output = await read_until(second, lambda out: b"server is full" in out)
        await asyncio.wait_for(second.wait_closed(), TIMEOUT)
        assert second.exit_status == 1
        assert OWN_TITLE not in screen_text(output)
        assert len(service.sessions) == 1


async def test_client_hangup_ends_and_reaps_the_app(site: Site, serve: ServerFactory) -> None:
    service = await serve()
    conn = await asyncio.wait_for(connect(service, client_keys=[site.key]), TIMEOUT)
    await open_app(conn)
    pid = next(iter(service.sessions)).terminal.pid
    conn.abort()  # as a dropped link would
    await until(lambda: not service.sessions and pid_gone(pid))


async def test_stopping_the_server_ends_sessions_and_closes_clients(site: Site, serve: ServerFactory) -> None:
    service = await serve()
    conn = await asyncio.wait_for(connect(service, client_keys=[site.key]), TIMEOUT)
    process, _ = await open_app(conn)
    pid = next(iter(service.sessions)).terminal.pid
    await asyncio.wait_for(service.stop(), TIMEOUT)
    assert pid_gone(pid)
    rest = await read_until(process, lambda out: b"shutting down" in out)
    assert b"\x1b[?1049l" in rest  # the client's terminal is given back its normal screen
    await asyncio.wait_for(conn.wait_closed(), TIMEOUT)
    assert process.exit_status == 1


def test_host_key_is_made_once_and_kept_owner_only(tmp_path) -> None:
    data_dir = tmp_path / "data"
    first = host_key(data_dir)
    path = data_dir / HOST_KEY_FILE
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE(data_dir.stat().st_mode) == 0o700
    assert first.algorithm == b"ssh-ed25519"
    again = host_key(data_dir)
    assert again.get_fingerprint("sha256") == first.get_fingerprint("sha256")
    path.chmod(0o644)
    assert host_key(data_dir).get_fingerprint("sha256") == first.get_fingerprint("sha256")
    assert stat.S_IMODE(path.stat().st_mode) == 0o600


def test_the_app_runs_as_the_key_s_person_with_the_client_s_terminal(tmp_path) -> None:
    command = app_command(tmp_path, Identity("ana", "SHA256:abc", "127.0.0.1:5"))
    assert command[:4] == [sys.executable, "-P", "-m", "mentortui"]  # -P: not from the server's folder
    assert command[-5:] == ["--served", "--key-fingerprint", "SHA256:abc", "--as", "ana"]
    server_env = {
        "PATH": "/bin",
        "MENTORTUI_USER": "root",
        "COLORTERM": "truecolor",
        "TERM": "screen",
        "LINES": "50",
        "LANG": "de_DE.UTF-8",
    }
    env = app_environment(server_env, "xterm-256color", {})
    assert "MENTORTUI_USER" not in env and "COLORTERM" not in env and "LINES" not in env
    assert env["TERM"] == "xterm-256color" and env["PATH"] == "/bin" and env["LANG"] == "de_DE.UTF-8"
    assert env["PYTHONUTF8"] == "1" and env["TEXTUAL_ANIMATIONS"] == "none"
    env = app_environment({}, "linux\nEVIL=1", {"COLORTERM": "truecolor", "NO_COLOR": "1", "LD_PRELOAD": "x"})
    assert env["TERM"] == "xterm-256color"  # a name no terminfo has is not passed on
    assert env["COLORTERM"] == "truecolor" and env["NO_COLOR"] == "1" and "LD_PRELOAD" not in env
    assert env["LANG"] == "C.UTF-8"


def test_idle_timeouts_read_as_people_say_them() -> None:
    assert duration(1800) == "30 minutes"
    assert duration(90) == "90 seconds"
    assert duration(1.5) == "1.5 seconds"


def test_the_server_does_not_load_textual(site: Site) -> None:
    probe = "import sys, mentortui.serve.ssh; print(sorted({'textual', 'rich'} & set(sys.modules)))"
    result = subprocess.run(  # the site fixture points PYTHONPATH at this mentortui
        [sys.executable, "-c", probe], capture_output=True, text=True, timeout=60, check=True
    )
    assert result.stdout.strip() == "[]"


def _stat(pid: int) -> list[str]:
    """/proc/PID/stat after the command name: state, ppid, pgrp, session, tty_nr, …"""
    return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()


@pytest.mark.parametrize("prefork", [True, False], ids=["forked", "exec"])
async def test_a_session_is_forked_from_the_preloaded_app_or_exec_d(
    site: Site, serve: ServerFactory, prefork: bool
) -> None:
    service = await serve(prefork=prefork)
    assert service.forker.available is prefork
    conn = await asyncio.wait_for(connect(service, client_keys=[site.key]), TIMEOUT)
    process, _ = await open_app(conn)
    pid = next(iter(service.sessions)).terminal.pid
    command = Path(f"/proc/{pid}/cmdline").read_bytes().split(b"\0")
    if prefork:  # a child of the forkserver, which imported the app before forking it
        assert any(b"forkserver" in part for part in command)
        parent = int(_stat(pid)[1])
        assert parent != os.getpid() and b"forkserver" in Path(f"/proc/{parent}/cmdline").read_bytes()
        # It holds its terminal and its own event loop (and a module it is importing just
        # then), nothing of the forkserver's: its pipes to the server were inherited.
        held = {os.readlink(f"/proc/{pid}/fd/{fd}") for fd in os.listdir(f"/proc/{pid}/fd") if int(fd) > 2}
        assert all(h.startswith(("socket:", "anon_inode:")) or h.endswith((".py", ".pyc")) for h in held), held
    else:
        assert command[1:4] == [b"-P", b"-m", b"mentortui"]
    _, _, group, session, tty, _ = _stat(pid)[:6]
    assert int(group) == int(session) == pid and int(tty) != 0  # its own session, on its own PTY
    process.stdin.write(b"q")
    await asyncio.wait_for(process.wait_closed(), TIMEOUT)
    assert process.exit_status == 0
    await until(lambda: pid_gone(pid))


async def test_a_failed_fork_execs_sessions_for_a_while_then_forks_again(
    site: Site, serve: ServerFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    """One fork failing (a process limit reached for a moment) turned forking off for the
    server's life: every later session paid the full start. Now it is tried again later."""
    import errno

    from mentortui.serve.pty_session import PtyProcess

    real = PtyProcess.fork
    forks: list[bool] = []

    def failing_once(cls, *args, **kwargs):  # type: ignore[no-untyped-def]
        forks.append(True)
        if len(forks) == 1:
            raise OSError(errno.EAGAIN, "Resource temporarily unavailable")
        return real(*args, **kwargs)

    monkeypatch.setattr(PtyProcess, "fork", classmethod(failing_once))
    service = await serve(prefork=True)

    async def session_command() -> list[bytes]:
        conn = await asyncio.wait_for(connect(service, client_keys=[site.key]), TIMEOUT)
        process, _ = await open_app(conn)
        pid = next(iter(service.sessions)).terminal.pid
        command = Path(f"/proc/{pid}/cmdline").read_bytes().split(b"\0")
        process.stdin.write(b"q")
        await asyncio.wait_for(process.wait_closed(), TIMEOUT)
        await until(lambda: pid_gone(pid) and not service.sessions)
        return command

    assert (await session_command())[1:4] == [b"-P", b"-m", b"mentortui"], "the failed fork: exec'd"
    assert not service.forker.available
    service.forker.RETRY_AFTER = 0.0  # the while has passed
    assert any(b"forkserver" in part for part in await session_command()), "forked again"
    assert service.forker.available and len(forks) == 2
