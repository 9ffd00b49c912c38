"""Tests that the SSH server's resources stay bounded: open files, connections, memory."""

from __future__ import annotations

import asyncio
import gc
import os

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


async def test_sessions_whose_clients_drop_leave_no_open_files_behind(site: Site, serve: ServerFactory) -> None:
    """Each session whose client dropped its connection left two pipes open in the server
    for good (1,061 pipes after 713 such sessions): the forkserver's, for the child's exit."""
    service = await serve(prefork=True)
    assert service.forker.available

    async def dropped_session() -> None:
        conn = await asyncio.wait_for(connect(service, client_keys=[site.key]), TIMEOUT)
        await open_app(conn)
        [session] = service.sessions
        pid = session.terminal.pid
        conn.abort()  # as a dropped link would: no channel close, no quit
        await until(lambda: not service.sessions and not service.connections and pid_gone(pid))

    gc.collect()
    baseline = open_files()  # the forkserver is up: the server's own pipes to it are open
    # A file closed only by the garbage collector stays open for as long as it does not
    # run (and the server's sessions end in reference cycles): none may be left to it.
    gc.disable()
    try:
        for _ in range(3):
            await dropped_session()
    finally:
        gc.enable()
    now = open_files()
    print(f"3 dropped sessions: {len(now) - len(baseline)} more open files than before")
    assert len(now) <= len(baseline), (baseline, now)
