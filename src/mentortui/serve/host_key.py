"""Provides the SSH server's host key: made on first start, then kept owner-only in the data dir."""

from __future__ import annotations

import logging
from pathlib import Path

import asyncssh

from ..locations import private_dir
from ..store.atomic import FILE_MODE, write_atomically

log = logging.getLogger("mentortui.serve")

HOST_KEY_FILE = "ssh_host_ed25519_key"


def host_key(data_dir: Path) -> asyncssh.SSHKey:
    """The server's ed25519 host key, generated (mode 0600) the first time."""
    path = private_dir(Path(data_dir)) / HOST_KEY_FILE
    if not path.exists():
        key = asyncssh.generate_private_key("ssh-ed25519", comment="mentortui host key")
        write_atomically(path, key.export_private_key().decode("ascii"))
        log.info("made a new host key in %s", path)
    elif path.stat().st_mode & 0o077:
        path.chmod(FILE_MODE)
        log.warning("host key %s was readable by others; made it owner-only", path)
    # Read back what is on disk, so two servers started at once end up with the same key.
    return asyncssh.read_private_key(path)
