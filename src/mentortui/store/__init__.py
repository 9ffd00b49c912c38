"""Provides the store: agreements on disk as TinyDB JSON files, atomic, locked, versioned.

The only package that imports tinydb.
"""

from .errors import (
    ConflictError,
    DamagedFileError,
    LockTimeoutError,
    NewerSchemaError,
    NotFoundError,
    StoreError,
)
from .store import Store

__all__ = [
    "ConflictError", "DamagedFileError", "LockTimeoutError", "NewerSchemaError",
    "NotFoundError", "Store", "StoreError",
]
