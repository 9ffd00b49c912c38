"""Provides what was typed and not saved, said in words: `unsaved_text`, for the message a
session ends with when the text could be kept nowhere, and `Kept`, where it was kept."""

from __future__ import annotations

from datetime import date, datetime
from enum import Enum
from pathlib import Path
from typing import Any, NamedTuple

from .model import Agreement
from .model.agreement import EDITED_FIELDS, field_label
from .model.base import field_defaults, field_names, is_record
from .model.meetings import readable_by
from .model.merge import differing_fields
from .store import Store, StoreError
from .store.errors import os_brief, os_reason
from .text import plain


class Kept(NamedTuple):
    """Where an agreement's unsaved text was kept (None: nowhere), and the sentence saying so
    (followed, when kept nowhere, by the text itself on the lines after it)."""

    path: Path | None
    said: str


#: The most of one field shown in an exit message (characters): the rest is said to be cut.
UNSAVED_SHOWN = 4000
#: Fields of a record that are the app's bookkeeping, not something typed.
NOT_TYPED = frozenset({"id", "tentative_id", "zone", "author", "by"})


def why(error: Exception) -> str:
    """Why a write failed and what to do, in a few words ("permission denied; check its
    owner and mode")."""
    return f"{os_reason(error)}; {os_brief(error)}" if isinstance(error, OSError) else str(error)


def unsaved_text(store: Store, draft: Agreement, reader: str) -> str:
    """Each field of ``draft`` that differs from what is stored, as "label: value" lines
    (values made `plain`, each cut at `UNSAVED_SHOWN` characters, saying so), as ``reader``
    may read it: another person's private notes are never shown."""
    try:
        stored = store.load(draft.id)
    except (StoreError, OSError):
        stored = Agreement()  # deleted or unreadable: everything not left blank is shown
    stored, draft = readable_by(stored, reader), readable_by(draft, reader)
    changed = set(differing_fields(stored, draft))
    lines = [f"-- {plain(draft.display_title, single_line=True)} --"]
    for name in EDITED_FIELDS:
        label = field_label(name)
        if label not in changed:
            continue
        old, new = getattr(stored, name), getattr(draft, name)
        if isinstance(new, (str, tuple)) or is_record(new):
            parts = _typed(old, new)
        else:  # a date, a status: shown as it is
            parts = [] if new is None else [str(getattr(new, "value", new))]
        value = plain(" · ".join(parts)) or "(no text: something removed or reordered)"
        if len(value) > UNSAVED_SHOWN:
            value = f"{value[:UNSAVED_SHOWN]}… (cut here: {len(value) - UNSAVED_SHOWN} more characters not shown)"
        lines.append(f"{label}: {value}")
    return "\n".join(lines)


def _typed(old: object, new: object) -> list[str]:
    """The text in ``new`` that ``old`` does not have: a string that changed, the differing
    fields of a record, the new or changed items of a list (matched by id), dates and choices."""
    if new == old:
        return []
    if isinstance(new, str):
        return [new] if new else []
    if isinstance(new, date) and not isinstance(new, datetime):
        return [new.isoformat()]
    if isinstance(new, Enum):  # a choice made (a kind of mentorship)
        return [str(new.value)]
    if is_record(new):
        kind: Any = type(new)
        # A new item of a list is compared with its kind's defaults (a goal's owner, a mentee).
        defaults = dict(field_defaults(kind)) if type(old) is not kind else None
        return [
            part
            for name in field_names(new)
            if name not in NOT_TYPED
            for part in _typed(getattr(old, name) if defaults is None else defaults[name], getattr(new, name))
        ]
    if isinstance(new, tuple):
        earlier: tuple[Any, ...] = old if isinstance(old, tuple) else ()
        by_id = {item.id: item for item in earlier if isinstance(getattr(item, "id", None), str)}
        return [
            part for item in new if item not in earlier for part in _typed(by_id.get(getattr(item, "id", None)), item)
        ]
    return []  # a number, a flag, a moment the app stamped: not typed text
