"""Provides the live session's note grammar: what a typed entry is (note, action item, decision, private note)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import Literal

#: What an entry typed in a session becomes.
EntryKind = Literal["note", "action", "decision", "private"]
#: Prefixes typed at the start of an entry, and what they make of it.
PREFIXES: dict[str, EntryKind] = {"a": "action", "d": "decision", "p": "private"}
_PREFIX = re.compile(r"\s*([adp]):\s*(.*)", re.IGNORECASE | re.DOTALL)
_TAIL = re.compile(r"\s+(@\S+|due:\S*)\s*$", re.IGNORECASE)


@dataclass(frozen=True)
class Entry:
    """An entry as typed in a session: its kind and text; an action item's owner and due date."""

    kind: EntryKind
    text: str
    owner: str = ""
    due: date | None = None


def split_entry(text: str) -> tuple[EntryKind, str]:
    """(kind, text) of an entry typed with or without a prefix; kind is "note" without one."""
    match = _PREFIX.fullmatch(text)
    if match is None:
        return "note", text.strip()
    return PREFIXES[match[1].lower()], match[2].strip()


def split_action(text: str, owner: str) -> tuple[str, str, date | None]:
    """(text, owner, due) of an action item: " @owner" and " due:YYYY-MM-DD" may end the text.

    Raises ValueError for a due date that is not one.
    """
    due = None
    while match := _TAIL.search(text):
        tail, text = match[1], text[: match.start()]
        if tail.startswith("@"):
            owner = tail[1:]
        else:
            try:
                due = date.fromisoformat(tail[4:])
            except ValueError:
                raise ValueError(f"{tail[4:]!r} is not a due date: use due:YYYY-MM-DD") from None
    return text.strip(), owner, due


def read_entry(typed: str, owner: str, kind: EntryKind | None = None) -> Entry | None:
    """What ``typed`` is, or None when nothing but a prefix was typed.

    The prefix ("a:", "d:", "p:") says the kind unless ``kind`` is given (a key chosen for it:
    the prefix is then dropped). An action item is ``owner``'s unless " @owner" ends it, and
    " due:YYYY-MM-DD" may end it too. Raises ValueError for a due date that is not one.
    """
    typed_kind, text = split_entry(typed)
    kind = kind or typed_kind
    if not text:
        return None
    if kind != "action":
        return Entry(kind, text)
    text, owner, due = split_action(text, owner)
    return Entry(kind, text, owner, due)
