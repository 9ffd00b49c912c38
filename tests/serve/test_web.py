"""Tests of `mentortui serve --web` through the served page's WebSocket, as a browser uses it.

The client here does what the page's script does: it opens /ws, sends the terminal size and
keystrokes as JSON, and reads what the app draws. So these tests see the app's own screen.
"""

from __future__ import annotations

import asyncio
import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import aiohttp
import pytest

from mentortui.model.agreement import Agreement, Party
from mentortui.model.people import Person, PersonRole
from mentortui.store import Store

from .conftest import screen_text

TIMEOUT = 30.0


def free_port() -> int:
    """A port nobody listens on right now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def listening_addresses(port: int) -> set[str]:
    """The local IPv4 addresses (hex, as /proc shows them) listening on ``port``."""
    found = set()
    for line in Path("/proc/net/tcp").read_text().splitlines()[1:]:
        local, state = line.split()[1], line.split()[3]
        address, hex_port = local.split(":")
        if int(hex_port, 16) == port and state == "0A":  # LISTEN
            found.add(address)
    return found


def start_server(data: Path, *extra: str, handle: str = "ana") -> tuple[subprocess.Popen, int]:
    port = free_port()
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "mentortui",
            "--data-dir",
            str(data),
            "--as",
            handle,
            "serve",
            "--web",
            "--port",
            str(port),
            *extra,
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "MENTORTUI_USER": ""},
    )
    return server, port


def stop_server(server: subprocess.Popen) -> str:
    server.send_signal(signal.SIGTERM)
    try:
        _, err = server.communicate(timeout=15)
    except subprocess.TimeoutExpired:
        server.kill()
        _, err = server.communicate()
    return err


def wait_listening(server: subprocess.Popen, port: int) -> None:
    deadline = time.monotonic() + TIMEOUT
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise AssertionError(f"the server stopped: {server.communicate()[1]}")
        if listening_addresses(port):
            return
        time.sleep(0.1)
    raise AssertionError("the server did not listen")


@pytest.fixture
def data(tmp_path: Path) -> Path:
    """Ana registered, with her agreement and someone else's."""
    store = Store(tmp_path / "data")  # the service account setting up: bound by no party rule
    store.people.put(Person(handle="ana", name="Ana Lima", role=PersonRole.MENTEE))
    store.create(
        Agreement(title="Rust basics", mentee=Party("Ana Lima", handle="ana"), mentor=Party("Bo", handle="bo"))
    )
    store.create(Agreement(title="Chess moves", mentee=Party("Cy", handle="cy"), mentor=Party("Di", handle="di")))
    return tmp_path / "data"


@pytest.fixture
def web(data: Path) -> Iterator[int]:
    server, port = start_server(data)
    try:
        wait_listening(server, port)
        yield port
    finally:
        stop_server(server)


KEYS = {"tab": "\t", "enter": "\r", "ctrl+s": "\x13", "ctrl+o": "\x0f", "escape": "\x1b"}


class Tab:
    """One browser tab's WebSocket: what the app drew so far, and keys to send it."""

    def __init__(self, ws: aiohttp.ClientWebSocketResponse) -> None:
        self.ws = ws
        self.output = b""
        self.messages: list = []

    async def until(self, text: str, timeout: float = TIMEOUT) -> str:
        """Read what the app draws until ``text`` is on screen; fails after ``timeout``."""

        async def read() -> None:
            while text not in screen_text(self.output):
                message = await self.ws.receive()
                if message.type == aiohttp.WSMsgType.BINARY:
                    self.output += message.data
                elif message.type == aiohttp.WSMsgType.TEXT:
                    self.messages.append(json.loads(message.data))
                else:
                    raise AssertionError(f"the tab closed; it showed {screen_text(self.output)[-2000:]!r}")

        try:
            await asyncio.wait_for(read(), timeout)
        except TimeoutError:
            raise AssertionError(f"{text!r} not drawn; the tab showed {screen_text(self.output)[-2000:]!r}") from None
        return screen_text(self.output)

    async def keys(self, *keys: str) -> None:
        """Type at about ten keys a second, as the page sends them (the bytes a terminal would)."""
        for key in keys:
            await self.ws.send_json(["stdin", KEYS.get(key, key)])
            await asyncio.sleep(0.1)


async def open_tab(session: aiohttp.ClientSession, port: int) -> Tab:
    ws = await session.ws_connect(f"http://127.0.0.1:{port}/ws?width=80&height=24", origin=f"http://127.0.0.1:{port}")
    await ws.send_json(["resize", {"width": 80, "height": 24}])
    return Tab(ws)


async def test_a_browser_tab_gets_the_home_screen_and_can_use_the_app(web: int, data: Path) -> None:
    async with aiohttp.ClientSession() as session:
        tab = await open_tab(session, web)
        screen = await tab.until("Rust basics")
        assert "Chess moves" not in screen  # Ana sees her own agreement only
        await tab.keys("n")
        await tab.until("New agreement")
        await tab.keys(*"Ana Lima", "tab", *"Gus Hall", "ctrl+s")
        deadline = time.monotonic() + TIMEOUT
        titles: list[str] = []
        while time.monotonic() < deadline and len(titles) < 3:
            titles = [s.title for s in Store(data).list_agreements()]
            await asyncio.sleep(0.2)
        assert len(titles) == 3, titles
        await tab.ws.close()


async def test_an_export_in_the_browser_is_a_download_not_a_file_on_the_server(
    web: int, data: Path, tmp_path: Path
) -> None:
    before = {p for p in tmp_path.rglob("*") if p.is_file()}
    async with aiohttp.ClientSession() as session:
        tab = await open_tab(session, web)
        await tab.until("Rust basics")
        await tab.keys("enter")
        await tab.until("Parties")
        await tab.keys("ctrl+o")
        await tab.until("Download")
        assert "File" not in screen_text(tab.output).split("Export as Markdown")[-1].split("Download")[0]
        await tab.keys("ctrl+s")
        deadline = time.monotonic() + TIMEOUT
        while time.monotonic() < deadline and not any(m[0] == "deliver_file_start" for m in tab.messages):
            try:
                await tab.until("\x00never", timeout=0.5)
            except AssertionError:
                pass
        [key] = [m[1] for m in tab.messages if m[0] == "deliver_file_start"]
        async with session.get(f"http://127.0.0.1:{web}/download/{key}") as response:
            assert response.status == 200
            body = await response.text()
        assert "Rust basics" in body and body.startswith("#")
        await tab.ws.close()
    after = {p for p in tmp_path.rglob("*") if p.is_file()}
    assert all(p.is_relative_to(data) for p in after - before), "nothing outside the data dir"
    assert not any("exports" in p.parts for p in after - before), "the download is not kept on the server"


@pytest.mark.parametrize(
    "headers",
    [
        {"Origin": "http://evil.example"},
        {"Host": "evil.example:80", "Origin": "http://evil.example:80"},
        {},  # a WebSocket without Origin is no browser's
    ],
)
async def test_a_websocket_from_another_site_or_name_is_refused(web: int, headers: dict) -> None:
    async with aiohttp.ClientSession() as session:
        with pytest.raises(aiohttp.WSServerHandshakeError) as refused:
            await session.ws_connect(f"http://127.0.0.1:{web}/ws", headers=headers)
        assert refused.value.status == 403


def test_the_page_is_served_on_localhost_only_and_a_foreign_host_gets_403(web: int) -> None:
    with urllib.request.urlopen(f"http://127.0.0.1:{web}/", timeout=5) as response:
        assert response.status == 200 and "mentortui" in response.read().decode()
    with urllib.request.urlopen(f"http://localhost:{web}/", timeout=5) as response:
        assert response.status == 200
    assert listening_addresses(web) == {"0100007F"}, "bound to 127.0.0.1 only"
    request = urllib.request.Request(f"http://127.0.0.1:{web}/", headers={"Host": f"rebound.example:{web}"})
    with pytest.raises(urllib.error.HTTPError) as refused:
        urllib.request.urlopen(request, timeout=5)
    assert refused.value.code == 403


def test_a_public_url_lets_its_proxy_in(data: Path) -> None:
    server, port = start_server(data, "--public-url", "https://mentoring.example.org")
    try:
        wait_listening(server, port)
        request = urllib.request.Request(f"http://127.0.0.1:{port}/", headers={"Host": "mentoring.example.org"})
        with urllib.request.urlopen(request, timeout=5) as response:
            page = response.read().decode()
        assert "wss://mentoring.example.org/ws" in page
    finally:
        stop_server(server)


def test_serving_someone_not_registered_is_refused(data: Path) -> None:
    server, _port = start_server(data, handle="zed")
    err = server.communicate(timeout=30)[1]
    assert server.returncode == 1 and "zed is not in the people registry" in err


def test_serve_web_warns_and_stops_on_sigterm(data: Path) -> None:
    server, port = start_server(data)
    wait_listening(server, port)
    err = stop_server(server)
    assert "serving as ana" in err and "authenticating proxy" in err


def test_serve_needs_a_way_to_serve(tmp_path):
    result = subprocess.run(
        [sys.executable, "-m", "mentortui", "--data-dir", str(tmp_path), "serve"],
        capture_output=True,
        text=True,
        timeout=30,
    )
    assert result.returncode == 2 and "--ssh" in result.stderr and "--web" in result.stderr
