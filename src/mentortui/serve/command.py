"""Provides the restricted command line that starts the app for one served person."""

from __future__ import annotations

import re
import sys
from collections.abc import Sequence
from pathlib import Path

#: A terminal's name as a client may give it (TERM): anything else is replaced.
TERM_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9._+-]{0,63}")


def module_command() -> list[str]:
    """This Python running mentortui as a module: what a server starts (no script on PATH needed).

    With -P: `python -m` puts the working directory first on the import path, so a `mentortui`
    folder wherever the server was started from would run as the service account.
    """
    return [sys.executable, "-P", "-m", "mentortui"]


def served_arguments(handle: str, data_dir: Path | None = None, fingerprint: str | None = None) -> list[str]:
    """The app's arguments for a person who is not the service account: restricted, as them.

    ``data_dir`` None leaves the data where the app finds it; ``fingerprint`` names the SSH
    key they logged in with (removing it from the registry ends the session), None when
    there is no key, as in a browser.
    """
    arguments = [] if data_dir is None else ["--data-dir", str(data_dir)]
    arguments.append("--served")
    if fingerprint is not None:
        arguments += ["--key-fingerprint", fingerprint]
    return [*arguments, "--as", handle]


def served_command(
    handle: str,
    data_dir: Path | None = None,
    fingerprint: str | None = None,
    program: Sequence[str] | None = None,
) -> list[str]:
    """The whole command line: ``program`` (default: ``module_command()``), then the served arguments."""
    return [*(module_command() if program is None else program), *served_arguments(handle, data_dir, fingerprint)]
