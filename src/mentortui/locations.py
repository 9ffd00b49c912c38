"""Provides where mentortui keeps its data: platformdirs' user data dir, --data-dir, or the env."""

from __future__ import annotations

import os
from pathlib import Path

from platformdirs import user_data_dir

ENV_DATA_DIR = "MENTORTUI_DATA_DIR"
DIR_MODE = 0o700


def private_dir(path: Path) -> Path:
    """Create ``path`` (and parents) if needed and make it readable by its owner only."""
    path.mkdir(mode=DIR_MODE, parents=True, exist_ok=True)
    if path.stat().st_mode & 0o777 != DIR_MODE:
        path.chmod(DIR_MODE)
    return path


def data_dir(override: str | os.PathLike[str] | None = None) -> Path:
    """The data directory: ``override``, else $MENTORTUI_DATA_DIR, else the user data dir."""
    chosen = override or os.environ.get(ENV_DATA_DIR) or user_data_dir("mentortui", appauthor=False)
    return private_dir(Path(chosen).expanduser())
