"""Provides `write_private()`: an export written to a file only its owner can read."""

from __future__ import annotations

import os
import secrets
from pathlib import Path

#: Agreements are confidential: exports are readable by their owner only.
FILE_MODE = 0o600


def _write_new(path: Path, text: str) -> None:
    """Create ``path`` (never an existing file or a symlink's target), owner-only, and fill it."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, FILE_MODE)
    try:
        os.fchmod(fd, FILE_MODE)  # whatever the umask
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as handle:
            fd = -1
            handle.write(text)
    except BaseException:
        if fd != -1:
            os.close(fd)
        path.unlink(missing_ok=True)
        raise


def write_private(path: Path, text: str, force: bool = False) -> Path:
    """Write ``text`` to a new file at ``path``, mode 0600; FileExistsError if it exists.

    With ``force`` an existing file is replaced, atomically: a new owner-only file is
    written beside it and renamed over it, so its old mode and any symlink are not reused.
    """
    path = Path(path)
    if not force:
        _write_new(path, text)
        return path
    temp = path.with_name(f".{path.name}.{secrets.token_hex(4)}.tmp")
    _write_new(temp, text)
    try:
        os.replace(temp, path)
    except BaseException:
        temp.unlink(missing_ok=True)
        raise
    return path


def write_new_in(folder: Path, name: str, text: str) -> Path:
    """Write ``text`` to a new owner-only file in ``folder``, named ``name`` or ``stem-2…``.

    Never replaces anything: a name already taken (by a file, a link or a folder) is
    skipped for the next free one.
    """
    stem, dot, suffix = name.rpartition(".")
    if not dot:
        stem, suffix = name, ""
    for n in range(1, 1000):
        candidate = folder / (name if n == 1 else f"{stem}-{n}{dot}{suffix}")
        try:
            _write_new(candidate, text)
        except FileExistsError:
            continue
        return candidate
    raise FileExistsError(f"too many exports named {name} in {folder}")
