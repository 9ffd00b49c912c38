"""Fixtures for the SSH server tests: a data dir with people and agreements, a live server, a client."""

from __future__ import annotations

import asyncio
import os
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass
from pathlib import Path

import asyncssh
import pytest

import mentortui
from mentortui.model.agreement import Agreement, Party
from mentortui.model.people import Person, PersonRole
from mentortui.serve.ssh import SSHService, SSHSettings
from mentortui.store import Store

from ..terminal import _CURSOR_MOVE, screen_text

#: Short enough to fit the title column at 80 columns.
OWN_TITLE = "Rust basics"
OTHER_TITLE = "Chess moves"
#: Every wait in these tests is bounded by this (seconds).
TIMEOUT = 30.0


def rows_drawn(output: bytes) -> set[int]:
    """The rows the output moved the cursor to (1-based)."""
    return {int(m.group(1)) for m in _CURSOR_MOVE.finditer(output)}


async def read_until(
    process: asyncssh.SSHClientProcess,
    seen: Callable[[bytes], bool],
    timeout: float = TIMEOUT,
) -> bytes:
    """Read the session's output until ``seen(output)``; fails on EOF or after ``timeout``."""
    output = b""

    async def collect() -> None:
        nonlocal output
        while not seen(output):
            chunk = await process.stdout.read(65536)
            if not chunk:
                raise AssertionError(f"the session ended first; it showed: {screen_text(output)!r}")
            output += chunk

    try:
        await asyncio.wait_for(collect(), timeout)
    except TimeoutError:
        raise AssertionError(f"not seen in {timeout} s; the screen showed: {screen_text(output)!r}") from None
    return output


async def read_for(process: asyncssh.SSHClientProcess, seconds: float) -> bytes:
    """Whatever the session writes in the next ``seconds`` (less if it ends)."""
    output = b""
    loop = asyncio.get_running_loop()
    end = loop.time() + seconds
    while (left := end - loop.time()) > 0:
        try:
            chunk = await asyncio.wait_for(process.stdout.read(65536), left)
        except TimeoutError:
            break
        if not chunk:
            break
        output += chunk
    return output


@dataclass
class Site:
    """A data dir with Ana registered (by ``key``) and two agreements, one of them hers."""

    data_dir: Path
    store: Store
    key: asyncssh.SSHKey

    @property
    def public_line(self) -> str:
        """Ana's key as an authorized_keys line."""
        return self.key.export_public_key().decode()


@pytest.fixture
def site(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Site:
    """People and agreements on disk; the app children import this very mentortui."""
    package_parent = str(Path(mentortui.__file__).resolve().parent.parent)
    paths = [package_parent, os.environ.get("PYTHONPATH")]
    monkeypatch.setenv("PYTHONPATH", os.pathsep.join(filter(None, paths)))
    monkeypatch.delenv("MENTORTUI_USER", raising=False)
    store = Store(tmp_path / "data")  # the service account setting up: bound by no party rule
    key = asyncssh.generate_private_key("ssh-ed25519")
    ana = Person(handle="ana", name="Ana Lima", role=PersonRole.MENTEE, keys=(key.export_public_key().decode(),))
    store.people.put(ana)
    store.create(Agreement(title=OWN_TITLE, mentee=Party("Ana Lima", handle="ana"), mentor=Party("Bo", handle="bo")))
    store.create(Agreement(title=OTHER_TITLE, mentee=Party("Cy", handle="cy"), mentor=Party("Di", handle="di")))
    return Site(tmp_path / "data", store, key)


ServerFactory = Callable[..., Awaitable[SSHService]]


@pytest.fixture
async def serve(site: Site) -> AsyncIterator[ServerFactory]:
    """Starts servers on 127.0.0.1 (a free port each) and always stops them afterwards."""
    services: list[SSHService] = []

    async def start(**settings: object) -> SSHService:
        service = SSHService(SSHSettings(site.data_dir, host="127.0.0.1", port=0, grace=1.0, **settings))
        services.append(service)
        await asyncio.wait_for(service.start(), TIMEOUT)
        return service

    try:
        yield start
    finally:
        for service in services:
            await asyncio.wait_for(service.stop(), TIMEOUT)


def connect(service: SSHService, **options: object) -> asyncssh.SSHClientConnection:
    """A client connection to the server, with nothing taken from this machine's ~/.ssh."""
    options.setdefault("username", "ana")
    return asyncssh.connect(
        "127.0.0.1",
        service.port,
        known_hosts=None,
        agent_path=None,
        config=[],
        connect_timeout=TIMEOUT,
        **options,
    )


def pid_gone(pid: int) -> bool:
    """True once a process no longer exists (reaped, not merely a zombie)."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    return False
