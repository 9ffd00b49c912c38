"""Provides the schema version of data files and the migrations between versions."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from .errors import DamagedFileError, NewerSchemaError

SCHEMA_VERSION = 1
META = "meta"
AGREEMENT_FILE = "mentortui-agreement"
INDEX_FILE = "mentortui-index"
PEOPLE_FILE = "mentortui-people"

Data = dict[str, Any]

#: MIGRATIONS[n] turns a whole file's data from version n into version n + 1.
MIGRATIONS: dict[int, Callable[[Data], Data]] = {}


def meta_of(data: Data, path: Path, kind: str) -> Data:
    """The file's meta record, after checking the file is a mentortui file of this kind."""
    table = data.get(META)
    record = table.get("1") if isinstance(table, dict) else None
    if not isinstance(record, dict) or record.get("kind") != kind:
        raise DamagedFileError(path, f"not a {kind} file")
    version = record.get("schema")
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        raise DamagedFileError(path, f"no valid schema version ({version!r})")
    for name, table in data.items():
        if not isinstance(table, dict) or not all(isinstance(d, dict) for d in table.values()):
            raise DamagedFileError(path, f"table {name!r} is not a table of records")
    return record


def new_meta(kind: str, **fields: Any) -> Data:
    """A meta record for a new file of this kind."""
    return {"kind": kind, "schema": SCHEMA_VERSION, **fields}


def upgrade(data: Data, path: Path, kind: str) -> Data:
    """Bring a file's data up to SCHEMA_VERSION; refuse files from a newer version."""
    version = meta_of(data, path, kind)["schema"]
    if version > SCHEMA_VERSION:
        raise NewerSchemaError(path, version, SCHEMA_VERSION)
    while version < SCHEMA_VERSION:
        data = MIGRATIONS[version](data)
        version += 1
        data[META]["1"]["schema"] = version
    return data
