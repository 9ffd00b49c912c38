"""Provides wrap_offsets: where a text area breaks a line into rows, found in C for plain text.

Textual's `compute_wrap_offsets` walks a line a word at a time in Python and measures every
word: 7 ms for one 64 KB paragraph (the limit of a long text), every time a step showing it
is laid out at a new width. For a line whose characters are all one cell wide, with no tab
(nearly all prose), a row's break is the start of the word that crosses the row's end, which
`str.rstrip` and `str.rfind` find over that one row: the same breaks, about a tenth of the
time. Any other line (wide characters, tabs, a word longer than a row) is left to Textual.
"""

from __future__ import annotations

from itertools import pairwise

from rich.cells import _is_single_cell_widths
from textual._wrap import compute_wrap_offsets
from textual.document import _wrapped_document
from textual.document._wrapped_document import WrappedDocument

#: The whitespace among one-cell characters: where Textual's words (`\S+\s*`) end.
_SPACES = " \xa0"


def wrap_offsets(
    text: str,
    width: int,
    tab_size: int,
    fold: bool = True,
    precomputed_tab_sections: list[tuple[str, int]] | None = None,
) -> list[int]:
    """The offsets at which ``text`` is broken into rows ``width`` cells wide, as
    `textual._wrap.compute_wrap_offsets` gives them (same arguments, same result)."""
    # Printable ASCII is one cell a character: found in C at once (the general check took
    # 0.35 ms of a 64 KB line's 0.8).
    one_cell = (text.isascii() and text.isprintable()) or _is_single_cell_widths(text)
    if width <= 0 or not fold or not one_cell:
        return compute_wrap_offsets(text, width, tab_size, fold, precomputed_tab_sections)
    breaks: list[int] = []
    length = len(text)
    start = 0  # where the row begins: the start of a word (or of the text)
    while start + width < length:
        # The word that does not fit is the one holding the character at start + width.
        row = text[start : start + width + 1].rstrip(_SPACES)
        space = max(row.rfind(" "), row.rfind("\xa0"))
        if space < 0:
            # That word began at the row's start: longer than a row, it is folded.
            return compute_wrap_offsets(text, width, tab_size, fold, precomputed_tab_sections)
        start += space + 1
        breaks.append(start)
    return breaks


def sections(document: WrappedDocument, line_index: int) -> list[str]:
    """The rows of a document line as it is wrapped: the line cut at its offsets.

    Textual's `get_sections` builds a Rich Text of the whole line and divides it: 1,200 Text
    objects for a 64 KB line, on every key that moves the cursor in it (5 ms a key). It also
    takes the terminal's controls out of the line first, so its rows did not add up to the
    line the offsets were found in; here they do (a field shows a control as one stand-in)."""
    line = document.document[line_index]
    bounds = [0, *document.get_offsets(line_index), len(line)]
    return [line[start:end] for start, end in pairwise(bounds)]


def install() -> None:
    """Make every TextArea's wrapped document use `wrap_offsets` and `sections`."""
    _wrapped_document.compute_wrap_offsets = wrap_offsets  # type: ignore[attr-defined]
    WrappedDocument.get_sections = sections  # type: ignore[method-assign, assignment]
