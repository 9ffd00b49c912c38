"""Provides shown(): a value two people changed at once, as text for the message at its field."""

from __future__ import annotations

from typing import Any, Literal

from ...model.codec import to_data

Choice = Literal["mine", "theirs"]


def shown(value: Any) -> str:
    """A value as readable text: names, titles and text fields as they are, records compactly."""
    if value is None:
        return "(deleted)"
    if isinstance(value, str):
        return value or "(empty)"
    data = to_data(value)
    if isinstance(data, dict):
        for key in ("title", "name", "text"):
            if data.get(key):
                return str(data[key])
    return str(data)
