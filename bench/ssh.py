"""Prints the SSH server's time from connect to the home screen against a local start of the
app, and the private memory per session with 1 and 50 sessions open.

Both ways of starting a session are measured, one server each: forked from the process that
imported the app (the default) and exec'd (`--no-prefork`). The local start is the same
person's app started on a PTY of 80x24 on this machine, timed alternately with the SSH
connections. Targets (issue "Instant at any size"): connect → home ≤ 1.0× a local start;
private memory (USS: Private_Clean + Private_Dirty) per mentee session ≤ 20 MiB with 50 open.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import re
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

try:
    import mentortui
except ImportError:  # run from a checkout without the package installed
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "src"))
    import mentortui

import asyncssh

from mentortui.model.agreement import Agreement, Party
from mentortui.model.people import Person, PersonRole
from mentortui.serve.pty_session import PtyProcess
from mentortui.store import Store

TITLE = "Rust basics"
ESCAPES = re.compile(rb"\x1b\[[0-?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)|\x1b[ -/]*[0-~]")
TIMEOUT = 60.0


def free_port() -> int:
    """A TCP port nothing listens on right now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def descendants(pid: int) -> list[int]:
    """``pid`` and every process below it, from /proc."""
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            children.setdefault(int(fields[1]), []).append(int(entry.name))
    found, todo = [], [pid]
    while todo:
        current = todo.pop()
        found.append(current)
        todo.extend(children.get(current, []))
    return found


def kib(path: Path, field: str) -> int:
    """One "Field:   123 kB" figure from a /proc file, in KiB (0 when unreadable)."""
    try:
        for line in path.read_text().splitlines():
            if line.startswith(field + ":"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


def memory(pid: int) -> tuple[int, int, int]:
    """(processes, summed VmRSS KiB, summed Pss KiB) of ``pid`` and its descendants."""
    pids = descendants(pid)
    rss = sum(kib(Path(f"/proc/{p}/status"), "VmRSS") for p in pids)
    pss = sum(kib(Path(f"/proc/{p}/smaps_rollup"), "Pss") for p in pids)
    return len(pids), rss, pss


def private(pid: int) -> int:
    """A process's private memory (USS) in KiB: what ending it would give back."""
    path = Path(f"/proc/{pid}/smaps_rollup")
    return kib(path, "Private_Clean") + kib(path, "Private_Dirty")


def app_pids(server_pid: int) -> list[int]:
    """The session apps under the server: every descendant running the app (not the
    server itself, nor the forkserver that forks them)."""
    found = []
    for pid in descendants(server_pid)[1:]:
        try:
            stat = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(stat[3]) == pid:  # a session leader: an app on its own terminal
            found.append(pid)
    return found


def mib(value_kib: float) -> str:
    """KiB as MiB with one decimal."""
    return f"{value_kib / 1024:.1f} MiB"


def make_site(data_dir: Path) -> asyncssh.SSHKey:
    """A data dir with one registered person and their agreement; returns their key."""
    store = Store(data_dir, user="bench")
    key = asyncssh.generate_private_key("ssh-ed25519")
    store.people.put(Person(handle="ana", name="Ana", role=PersonRole.MENTEE, keys=(key.export_public_key().decode(),)))
    store.create(Agreement(title=TITLE, mentee=Party("Ana", handle="ana"), mentor=Party("Bo", handle="bo")))
    return key


async def wait_listening(port: int, server: subprocess.Popen) -> None:
    """Wait until the server accepts TCP connections."""
    deadline = time.monotonic() + TIMEOUT
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit(f"the server exited with status {server.returncode}")
        try:
            _, writer = await asyncio.open_connection("127.0.0.1", port)
        except OSError:
            await asyncio.sleep(0.05)
            continue
        writer.close()
        return
    raise SystemExit("the server did not start listening")


async def open_session(port: int, key: asyncssh.SSHKey) -> tuple[asyncssh.SSHClientConnection, float]:
    """Connect, start a PTY session, read until the home screen shows; (connection, seconds)."""
    start = time.perf_counter()
    conn = await asyncssh.connect(
        "127.0.0.1", port, username="ana", client_keys=[key], known_hosts=None, agent_path=None, config=[]
    )
    process = await conn.create_process(term_type="xterm-256color", term_size=(80, 24), encoding=None)
    output = b""
    while TITLE.encode() not in ESCAPES.sub(b"", output):
        chunk = await process.stdout.read(65536)
        if not chunk:
            raise SystemExit(f"the session ended before the home screen: {output[-300:]!r}")
        output += chunk
    return conn, time.perf_counter() - start


async def close_all(conns: list[asyncssh.SSHClientConnection]) -> None:
    """Close client connections and wait for them to be closed."""
    for conn in conns:
        conn.close()
    await asyncio.gather(*(conn.wait_closed() for conn in conns))


async def settle(server_pid: int, processes: int) -> None:
    """Give the server and its apps time to reach ``processes`` processes and go idle."""
    deadline = time.monotonic() + TIMEOUT
    while memory(server_pid)[0] != processes and time.monotonic() < deadline:
        await asyncio.sleep(0.1)
    await asyncio.sleep(1.0)


async def local_start(data_dir: Path) -> float:
    """Seconds from starting the app on a local PTY of 80x24 to its home screen drawn."""
    env = {**os.environ, "TERM": "xterm-256color", "TEXTUAL_ANIMATIONS": "none"}
    start = time.perf_counter()
    app = await PtyProcess.start(
        [sys.executable, "-m", "mentortui", "--data-dir", str(data_dir), "--as", "ana"], env, 80, 24
    )
    output = b""
    try:
        while TITLE.encode() not in ESCAPES.sub(b"", output):
            chunk = await asyncio.wait_for(app.read(), TIMEOUT)
            if not chunk:
                raise SystemExit(f"the local app ended before its home screen: {output[-300:]!r}")
            output += chunk
        return time.perf_counter() - start
    finally:
        await app.terminate(1.0)
        app.close()


async def measure(
    port: int, key: asyncssh.SSHKey, server: subprocess.Popen, runs: int, idle: int, data_dir: Path
) -> None:
    """Print the figures."""
    await wait_listening(port, server)
    await asyncio.sleep(2.0)  # the forkserver imports the app after the server listens
    times, local = [], []
    for _ in range(runs):
        local.append(await local_start(data_dir) * 1000)
        conn, seconds = await asyncio.wait_for(open_session(port, key), TIMEOUT)
        times.append(seconds * 1000)
        await close_all([conn])
        await settle(server.pid, len(descendants(server.pid)) - len(app_pids(server.pid)))
    ssh, anchor = statistics.median(times), statistics.median(local)
    print(
        f"connect to home screen drawn, median of {runs}: {ssh:.0f} ms (min {min(times):.0f}, "
        f"max {max(times):.0f}); local start {anchor:.0f} ms; ratio {ssh / anchor:.2f}× (target ≤ 1.0)"
    )

    base = len(descendants(server.pid))
    count, rss, pss = memory(server.pid)
    print(f"server, no sessions: RSS {mib(rss)} (PSS {mib(pss)}), {count} process(es)")

    for sessions in (1, idle):
        opened = []
        for start in range(0, sessions, 6):  # at most 8 may log in at once from one address
            opened += await asyncio.wait_for(
                asyncio.gather(*(open_session(port, key) for _ in range(min(6, sessions - start)))), TIMEOUT * 2
            )
        await settle(server.pid, base + sessions)
        count, rss, pss = memory(server.pid)
        apps = app_pids(server.pid)
        uss = statistics.median(private(p) for p in apps)
        print(
            f"server with {sessions} idle session(s): RSS {mib(rss)} summed over {count} processes, "
            f"PSS {mib(pss)}; private memory per session {mib(uss)} (median of {len(apps)}; "
            f"target ≤ 20 MiB)"
        )
        await close_all([conn for conn, _ in opened])
        await settle(server.pid, base)


def main() -> int:
    """Start a server in a subprocess on a temp data dir, measure it, stop it."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=10, help="connections timed (default: %(default)s)")
    parser.add_argument("--sessions", type=int, default=50, help="idle sessions held (default: %(default)s)")
    parser.add_argument("--mode", choices=("both", "forked", "exec"), default="both")
    args = parser.parse_args()
    for mode in ("forked", "exec") if args.mode == "both" else (args.mode,):
        with tempfile.TemporaryDirectory() as temp:
            key = make_site(Path(temp))
            port = free_port()
            env = dict(os.environ)
            env["PYTHONPATH"] = os.pathsep.join(
                filter(None, [str(Path(mentortui.__file__).resolve().parent.parent), env.get("PYTHONPATH")])
            )
            server = subprocess.Popen(
                [
                    sys.executable,
                    "-m",
                    "mentortui",
                    "--data-dir",
                    temp,
                    "serve",
                    "--ssh",
                    "--port",
                    str(port),
                    "--max-sessions",
                    str(args.sessions + 5),
                    "--max-sessions-per-person",
                    str(args.sessions + 5),
                    *(["--no-prefork"] if mode == "exec" else []),
                ],
                env=env,
                stderr=subprocess.DEVNULL,
            )
            try:
                print(
                    f"-- sessions {mode}: mentortui SSH server on 127.0.0.1:{port}, {os.cpu_count()} CPUs, "
                    f"Python {sys.version.split()[0]}"
                )
                asyncio.run(measure(port, key, server, args.runs, args.sessions, Path(temp)))
            finally:
                server.terminate()
                status = server.wait(timeout=30)
            print(f"server stopped on SIGTERM with exit status {status}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
