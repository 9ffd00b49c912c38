"""Provides the SSH server's host key: made on first start, then kept owner-only in the data dir."""

from __future__ import annotations

import logging
import os
from pathlib import Path

import asyncssh

from ..locations import private_dir
from ..store.atomic import FILE_MODE, temp_dir

log = logging.getLogger("mentortui.serve")

HOST_KEY_FILE = "ssh_host_ed25519_key"


class HostKeyError(OSError):
    """The host key on disk cannot be used; the message names the file and what to do."""


def _make(path: Path) -> None:
    """Put a new key at ``path`` unless one is there: written whole aside, then linked in.

    ``link`` fails when ``path`` exists, so of two servers starting at once exactly one
    key wins and both read that one.
    """
    key = asyncssh.generate_private_key("ssh-ed25519", comment="mentortui host key")
    temp = temp_dir(path) / f"{path.name}.{os.getpid()}.{os.urandom(4).hex()}.tmp"
    fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, FILE_MODE)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(key.export_private_key())
            handle.flush()
            os.fsync(handle.fileno())
        os.link(temp, path)
        log.info("made a new host key in %s", path)
    except FileExistsError:
        pass  # another server made it first: use theirs
    finally:
        temp.unlink(missing_ok=True)


def host_key(data_dir: Path) -> asyncssh.SSHKey:
    """The server's ed25519 host key, generated (mode 0600) the first time."""
    path = private_dir(Path(data_dir)) / HOST_KEY_FILE
    if not path.exists():
        _make(path)
    elif path.stat().st_mode & 0o077:
        path.chmod(FILE_MODE)
        log.warning("host key %s was readable by others; made it owner-only", path)
    try:
        return asyncssh.read_private_key(path)
    except (asyncssh.KeyImportError, ValueError, OSError) as error:
        raise HostKeyError(
            f"the host key {path} cannot be read ({getattr(error, 'strerror', None) or error}); "
            "restore it from a backup, or move it aside to make a new one (clients will then "
            "warn that the host key changed)"
        ) from None
