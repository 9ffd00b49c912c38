"""Tests of `mentortui serve --web`: the app's page is served, on localhost only, and it stops."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request


def free_port() -> int:
    """A port nobody listens on right now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def listening_addresses(port: int) -> set[str]:
    """The local IPv4 addresses (hex, as /proc shows them) listening on ``port``."""
    found = set()
    for line in open("/proc/net/tcp").read().splitlines()[1:]:
        local, state = line.split()[1], line.split()[3]
        address, hex_port = local.split(":")
        if int(hex_port, 16) == port and state == "0A":  # LISTEN
            found.add(address)
    return found


def test_serve_web_serves_the_app_page_on_localhost_and_stops_on_sigterm(tmp_path):
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "mentortui", "--data-dir", str(tmp_path), "--as", "ana",
         "serve", "--web", "--port", str(port)],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        env={**os.environ, "MENTORTUI_USER": ""},
    )
    try:
        body = ""
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=5) as response:
                    assert response.status == 200
                    body = response.read().decode()
                    break
            except OSError:
                time.sleep(0.2)
        assert "mentortui" in body, "the page names the app"
        assert listening_addresses(port) == {"0100007F"}, "bound to 127.0.0.1 only"
    finally:
        server.send_signal(signal.SIGTERM)
        try:
            _, err = server.communicate(timeout=15)
        except subprocess.TimeoutExpired:
            server.kill()
            _, err = server.communicate()
    assert "serving as ana" in err and "authenticating proxy" in err


def test_serve_needs_a_way_to_serve(tmp_path):
    result = subprocess.run(
        [sys.executable, "-m", "mentortui", "--data-dir", str(tmp_path), "serve"],
        capture_output=True, text=True, timeout=30,
    )
    assert result.returncode == 2 and "--ssh" in result.stderr and "--web" in result.stderr
