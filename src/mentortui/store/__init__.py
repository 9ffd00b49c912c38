"""Provides the store: agreements on disk as TinyDB JSON files, atomic, locked, versioned.

The only package that imports tinydb.
"""

from .errors import (
    ClosedError,
    ConflictError,
    DamagedFileError,
    FileAccessError,
    LockTimeoutError,
    NewerSchemaError,
    NotAPartyError,
    NotFoundError,
    RefusedTextError,
    StoreError,
)
from .store import Store

__all__ = [
    "ClosedError",
    "ConflictError",
    "DamagedFileError",
    "FileAccessError",
    "LockTimeoutError",
    "NewerSchemaError",
    "NotAPartyError",
    "NotFoundError",
    "RefusedTextError",
    "Store",
    "StoreError",
]
