"""Provides `plain()`: text typed by users made safe to show in a terminal, as text; and its width in cells."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

# Bidirectional overrides and isolates reorder what follows them on screen.
_BIDI = set(range(0x202A, 0x202F)) | set(range(0x2066, 0x206A))


# Characters that show as nothing (the way in refuses them: model/hygiene.py INVISIBLE).
_INVISIBLE = {0x200B, *range(0x2060, 0x2065), 0xFEFF, 0x180E, *range(0xFFF9, 0xFFFC)}

#: Each control's visible stand-in: the Unicode "control picture" for C0 (␛ for ESC), ␡ for
#: DEL, ⏎ for the line and paragraph separators (a terminal does not break the line), and
#: the replacement character for C1 controls, direction overrides and invisible characters.
#: Newline and tab are kept. A translate table, so showing 64 KB of text costs one pass in C.
_STAND_INS = {
    **{code: chr(0x2400 + code) for code in range(0x20) if code not in (0x09, 0x0A)},
    0x7F: "\u2421",
    **{code: "\ufffd" for code in range(0x80, 0xA0)},
    **{code: "\ufffd" for code in _BIDI},
    0x2028: "\u23ce",
    0x2029: "\u23ce",
    **{code: "\ufffd" for code in _INVISIBLE},
}

#: Any character `plain` changes (newline and tab only with ``single_line``): most text has
#: none, and a search in C is cheaper than a translation.
_CHANGED = re.compile("[" + "".join(re.escape(chr(code)) for code in _STAND_INS) + "]")
_CHANGED_ON_ONE_LINE = re.compile("[\n\t" + _CHANGED.pattern[1:])


def in_field(text: str, *, single_line: bool = False) -> str:
    """``text`` as an input field draws it: every control as one visible stand-in.

    One character for one, so a field's cursor and selection still line up with the value
    it edits; in a one-line field a newline shows as "⏎" and a tab as a space.
    """
    if text.isprintable():  # no control at all (nor newline or tab): most text, found in C
        return text
    shown = text.translate(_STAND_INS)
    if single_line:
        shown = shown.replace("\n", "⏎").replace("\t", " ")
    return shown


def plain(text: str, *, single_line: bool = False) -> str:
    """``text`` with every control character replaced by a visible stand-in.

    No escape sequence, bidi override or carriage return from user input can then style,
    move or rewrite the terminal. With ``single_line``, newlines become "⏎ ".
    """
    if text.isprintable():  # every character `plain` changes is one Python calls unprintable
        return text
    shown = text.translate(_STAND_INS)
    if single_line:
        shown = shown.replace("\n", "⏎ ").replace("\t", " ")
    return shown


def cells(text: str) -> int:
    """How many terminal cells ``text`` takes (wide East Asian characters take two)."""
    if text.isascii():  # most text: one cell a character (controls are made visible before)
        return len(text)
    return sum(_cell(char) for char in text)


@lru_cache(maxsize=4096)
def _cell(char: str) -> int:
    if unicodedata.combining(char):
        return 0
    return 2 if unicodedata.east_asian_width(char) in "WF" else 1


def fit(text: str, width: int) -> str:
    """``text`` cut with "…" or padded with spaces to exactly ``width`` cells."""
    if len(text) > 2 * width + 1 and cells(head := text[: 2 * width + 1]) > width:
        text = head  # the cut falls inside it: a 10,000-character title is not measured whole
    if cells(text) > width:
        kept, used = [], 0
        for char in text:
            if used + _cell(char) > width - 1:
                break
            kept.append(char)
            used += _cell(char)
        text = "".join(kept) + "…" if width > 0 else ""
    return text + " " * (width - cells(text))


def for_log(value: object, limit: int = 80) -> str:
    """A client-supplied string as one safe log token: controls escaped, cut at ``limit``.

    Nothing a client sends (a TERM, a user name, a key comment) can then start a new log
    line, hide what follows or make a line of any length.
    """
    if isinstance(value, bytes):
        value = value.decode("utf-8", "replace")
    text = str(value)
    cut = len(text) - limit
    escaped = "".join(
        char if char.isprintable() and ord(char) not in _BIDI else char.encode("unicode_escape").decode("ascii")
        for char in text[:limit]
    )
    return f"{escaped}…(+{cut} chars)" if cut > 0 else escaped
