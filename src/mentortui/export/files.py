"""Provides `write_private()`: an export written to a file only its owner can read."""

from __future__ import annotations

import errno
import os
import re
import secrets
import unicodedata
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ..model import Agreement

#: Agreements are confidential: exports are readable by their owner only.
FILE_MODE = 0o600


def file_name(agreement: Agreement, suffix: str = ".md") -> str:
    """A safe file name from the agreement's title: ``ana-ben-ccm-year-<id>.md``."""
    ascii_title = unicodedata.normalize("NFKD", agreement.display_title).encode("ascii", "ignore")
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_title.decode().lower()).strip("-")[:60].strip("-")
    return f"{slug or 'agreement'}-{agreement.id}{suffix}"


def in_folder(path: Path, name: str) -> Path:
    """``path``, or the file ``name`` in it when it is a folder (as ``cp`` does)."""
    return path / name if path.is_dir() else path


def write_problem(path: Path, error: OSError) -> str:
    """Why ``path`` could not be written, and what to do, in a sentence."""
    folder = path.parent
    if error.errno == errno.ENOENT:
        return f"{folder} does not exist: create it first, or write somewhere else."
    if error.errno in (errno.EACCES, errno.EPERM):
        return f"You may not write in {folder}: choose a folder of yours."
    if error.errno == errno.ENOSPC:
        return f"The disk holding {folder} is full: free some space, or write somewhere else."
    if error.errno == errno.EROFS:
        return f"{folder} is read-only: write somewhere else."
    if error.errno == errno.ENOTDIR:
        return f"{folder} is not a folder: give a path inside a folder."
    if error.errno == errno.EISDIR:
        return f"{path} is a folder: give a file name."
    return f"Cannot write {path}: {error.strerror or error}."


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
