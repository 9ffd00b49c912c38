"""Provides `plain()`: text typed by users made safe to show in a terminal, as text."""

from __future__ import annotations

import unicodedata

# Bidirectional overrides and isolates reorder what follows them on screen.
_BIDI = set(range(0x202A, 0x202F)) | set(range(0x2066, 0x206A))


def _visible(char: str) -> str:
    code = ord(char)
    if char in "\n\t":
        return char
    if code < 0x20:
        return chr(0x2400 + code)  # the Unicode "control picture", e.g. ␛ for ESC
    if code == 0x7F:
        return "\u2421"
    if code in _BIDI or unicodedata.category(char) == "Cc":
        return "\ufffd"
    return char


def plain(text: str, *, single_line: bool = False) -> str:
    """``text`` with every control character replaced by a visible stand-in.

    No escape sequence, bidi override or carriage return from user input can then style,
    move or rewrite the terminal. With ``single_line``, newlines become "⏎ ".
    """
    shown = "".join(_visible(char) for char in text)
    if single_line:
        shown = shown.replace("\n", "⏎ ").replace("\t", " ")
    return shown
