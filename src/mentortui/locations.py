"""Provides where mentortui keeps its data: platformdirs' user data dir, --data-dir, or the env."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

ENV_DATA_DIR = "MENTORTUI_DATA_DIR"
DIR_MODE = 0o700
#: Names only mentortui puts in a data directory: one of them makes a folder ours to use.
OWN_NAMES = frozenset(
    {
        "index.json",
        "people.json",
        "agreements",
        "trash",
        ".tmp",
        "exports",
        "logs",
        "ssh_host_ed25519_key",
        "index.json.lock",
        "people.json.lock",
    }
)


class DataDirError(OSError):
    """The data directory asked for cannot be used; the message says why and what to do."""


def private_dir(path: Path, report: Callable[[str], None] | None = None) -> Path:
    """Create ``path`` if needed and make it readable by its owner only.

    Parents it creates are owner-only too, whatever the umask. ``report`` hears a sentence
    when a folder that was already there had to be tightened.
    """
    missing = []
    for folder in (path, *path.parents):
        if folder.exists():
            break
        missing.append(folder)
    for folder in reversed(missing):
        try:
            folder.mkdir(mode=DIR_MODE)
        except FileExistsError:
            pass  # made meanwhile by another process
        folder.chmod(DIR_MODE)
    tighten(path, DIR_MODE, report)
    return path


def tighten(path: Path, mode: int, report: Callable[[str], None] | None = None) -> bool:
    """Take from ``path`` every permission ``mode`` does not give (others', the group's);
    True (and a sentence) if it had any. Nothing is added: a folder its owner made read-only
    stays so, and a save into it says why it cannot be made."""
    try:
        found = path.stat().st_mode & 0o7777
    except FileNotFoundError:
        return False
    kept = found & mode
    if kept == found:
        return False
    path.chmod(kept)
    if report is not None:
        report(f"{path} was mode {found:04o} (others could reach it); it is now {kept:04o}")
    return True


def is_ours(path: Path) -> bool:
    """True when ``path`` is empty or holds mentortui's own data (so it may be used)."""
    names = {entry.name for entry in os.scandir(path)}
    return not names or bool(names & OWN_NAMES)


def data_dir(override: str | os.PathLike[str] | None = None) -> Path:
    """The data directory: ``override``, else $MENTORTUI_DATA_DIR, else the user data dir.

    A folder that already holds other things is refused, not taken over (DataDirError).
    """
    if override is not None and not str(override).strip():
        raise DataDirError("--data-dir is empty; give the folder to keep agreements in")
    chosen = override or os.environ.get(ENV_DATA_DIR)
    if not chosen:
        from platformdirs import user_data_dir  # only when no folder was named: it costs a start

        chosen = user_data_dir("mentortui", appauthor=False)
    path = Path(chosen).expanduser().absolute()
    if path.exists():
        if not path.is_dir():
            raise DataDirError(f"the data directory {path} is a file, not a folder; choose a folder")
        if not is_ours(path):
            raise DataDirError(
                f"{path} already holds other files and no mentortui data, so it was left "
                "untouched; choose a new or empty folder for --data-dir"
            )
        return path  # the Store makes it private, and says so if it was not
    return private_dir(path)


def unsaved_dir() -> Path:
    """The person's own folder (not created here) for what could not be kept in the data
    dir: $XDG_STATE_HOME/mentortui/unsaved, else ~/.local/state/mentortui/unsaved.

    A relative $XDG_STATE_HOME is ignored, as the XDG spec says; RuntimeError when there
    is no home folder to fall back to.
    """
    state = os.environ.get("XDG_STATE_HOME", "").strip()
    if not (state and Path(state).is_absolute()):
        home = Path.home()  # "~" left as it is when there is no home (a uid with no passwd entry)
        if not home.is_absolute():
            raise RuntimeError("no home folder is known ($HOME is unset)")
        state = str(home / ".local" / "state")
    return Path(state) / "mentortui" / "unsaved"
