"""Provides the base for every domain record: frozen, edited by copying, with ids and clocks."""

from __future__ import annotations

import dataclasses
import secrets
from datetime import datetime, timezone
from typing import Self


def new_id() -> str:
    """A short random id, easy to type on a command line (8 hex digits)."""
    return secrets.token_hex(4)


def now() -> datetime:
    """The current instant, timezone-aware in UTC; shown in each viewer's zone."""
    return datetime.now(timezone.utc)


@dataclasses.dataclass(frozen=True)
class Record:
    """A frozen record: nothing edits one in place, `edit` returns a changed copy."""

    def edit(self, **changes: object) -> Self:
        """Return a copy with the given fields changed."""
        return dataclasses.replace(self, **changes)
