"""Provides the browser server: the same app per browser tab, through textual-serve."""

from __future__ import annotations

import shlex
import sys
from pathlib import Path


def app_command(data_dir: Path, handle: str) -> str:
    """The command textual-serve runs for each tab: this mentortui, this data, this person."""
    return shlex.join([sys.executable, "-m", "mentortui", "--data-dir", str(data_dir), "--as", handle])


def run(data_dir: Path, handle: str, host: str, port: int) -> int:
    """Serve the app to browsers until stopped (textual-serve has no authentication of its own)."""
    from textual_serve.server import Server

    print(
        f"mentortui: serving as {handle} on http://{host}:{port} — anyone who can reach this "
        "address uses the app as that person; keep it on localhost or behind an "
        "authenticating proxy.",
        file=sys.stderr,
    )
    Server(app_command(data_dir, handle), host=host, port=port, title="mentortui").serve()
    return 0
