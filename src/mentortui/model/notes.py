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
#: An owner ("@ben") or a due date ("due:2026-02-01") anywhere in an action item, as a whole
#: word: "ana@example.org" is no owner, nor "overdue:…" or "what is due: the fee" a due date.
#: The space before it goes with it.
_MARK = re.compile(r"(?:^|\s+)(@\S+|due:\S+)", re.IGNORECASE)
#: Punctuation that ends a sentence's word, not an owner or a due date ("@ben," "due:…).").
_AFTER = ",;:.!?)"


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
    """(text, owner, due) of an action item: "@owner" and "due:YYYY-MM-DD" may stand anywhere in it.

    What is left once they are taken out is the text (it may be empty). Raises ValueError for
    a due date that is not one, for two different owners and for two due dates.
    """
    owners: list[str] = []
    dues: list[date] = []
    for match in _MARK.finditer(text):
        word = match[1].rstrip(_AFTER)  # "@ben, call the office": the comma is the sentence's
        if word.startswith("@"):
            if owners and word[1:] != owners[0]:
                raise ValueError(f"Two owners, {'@' + owners[0]!r} and {word!r}: an action item has one")
            owners.append(word[1:])
            continue
        try:
            due = date.fromisoformat(word[4:])
        except ValueError:
            raise ValueError(f"{word[4:]!r} is not a due date: use due:YYYY-MM-DD") from None
        if dues:
            raise ValueError(f"Two due dates, {'due:' + dues[0].isoformat()!r} and {word!r}: an action item has one")
        dues.append(due)
    return _MARK.sub("", text).strip(), owners[0] if owners else owner, dues[0] if dues else None


def read_entry(typed: str, owner: str, kind: EntryKind | None = None) -> Entry | None:
    """What ``typed`` is, or None when nothing but a prefix was typed.

    The prefix ("a:", "d:", "p:") says the kind unless ``kind`` is given (a key chosen for it:
    the prefix is then dropped). An action item is ``owner``'s unless "@owner" is in it, and
    "due:YYYY-MM-DD" may be in it too; an action item with no text besides them is None as
    well. Raises ValueError as ``split_action`` does.
    """
    typed_kind, text = split_entry(typed)
    kind = kind or typed_kind
    if not text:
        return None
    if kind != "action":
        return Entry(kind, text)
    text, owner, due = split_action(text, owner)
    if not text:
        return None
    return Entry(kind, text, owner, due)
