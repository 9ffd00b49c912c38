"""Provides the writers' lock: an flock on a sidecar file, with a timeout."""

from __future__ import annotations

import fcntl
import os
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from .errors import FileAccessError, LockTimeoutError

LOCK_MODE = 0o600


def lock_path_of(path: Path) -> Path:
    """The sidecar file whose flock guards ``path``."""
    return path.with_name(path.name + ".lock")


def _open(lock_path: Path) -> int:
    try:
        fd = os.open(lock_path, os.O_RDWR | os.O_CREAT, LOCK_MODE)
        if os.fstat(fd).st_mode & 0o777 != LOCK_MODE:  # one left by an older version
            os.fchmod(fd, LOCK_MODE)
    except OSError as error:
        raise FileAccessError(lock_path, error, writing=True) from error
    return fd


@contextmanager
def locked(path: Path, timeout: float = 5.0, unlink: bool = False) -> Iterator[None]:
    """Hold the exclusive lock of ``path`` (via ``path.lock``) for the block's duration.

    ``unlink``: remove the lock file on the way out (``path`` is gone for good: deleted).
    A waiter that then gets the lock of the removed file notices and locks the new one.
    """
    lock_path = lock_path_of(path)
    deadline = time.monotonic() + timeout
    delay = 0.001
    while True:
        fd = _open(lock_path)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(fd)
            if time.monotonic() >= deadline:
                raise LockTimeoutError(path, timeout) from None
            time.sleep(delay)
            delay = min(delay * 2, 0.05)
            continue
        try:
            same = os.stat(lock_path).st_ino == os.fstat(fd).st_ino
        except FileNotFoundError:
            same = False
        if same:
            break
        os.close(fd)  # the file was removed (and maybe made again) meanwhile: lock that one
    try:
        yield
    finally:
        if unlink:
            try:
                lock_path.unlink()
            except OSError:
                pass
        fcntl.flock(fd, fcntl.LOCK_UN)
        os.close(fd)
