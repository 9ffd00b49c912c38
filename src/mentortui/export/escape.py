"""Provides escaping that keeps text users typed from changing the structure of Markdown."""

from __future__ import annotations

import re

from ..text import plain

#: What a table cell shows when the text is empty.
EMPTY_CELL = "—"

# Punctuation that opens or closes inline markup anywhere in a line: escapes, code spans,
# emphasis, links, raw HTML and autolinks, ATX closing sequences, GFM table pipes,
# strikethrough, GitHub's $math$ and its links made of bare URLs. Every ASCII punctuation character may be
# backslash-escaped in CommonMark, so escaping one too many is always harmless.
_INLINE = re.compile(
    r"[\\`*_\[\]<>#|~$]|&(?=[#A-Za-z0-9])"
    # GitHub's renderer makes links of bare URLs, and such a link swallows the escapes
    # after it (a stray "\" shows). A URL a person typed stays text in every renderer:
    # escaping the colon of "x://" and the dot of "www." stops the link.
    r"|(?<=[A-Za-z0-9]):(?=//)|(?<=(?<![A-Za-z0-9])[wW][wW][wW])\."
)
# Markers that start a block only at the start of a line: lists, setext underlines.
_BULLET_START = re.compile(r"[-+=]")
_ORDERED_START = re.compile(r"^(\d{1,9})([.)])")
# Leading spaces or a tab would make an indented code block; a character reference
# keeps the indentation visible without starting one.
_REFERENCE = {" ": "&#32;", "\t": "&#9;"}
_HARD_BREAK = "\\\n"


def _lines(text: str) -> list[str]:
    """The text's lines with controls made visible, no trailing blanks, no blank edges."""
    shown = plain(text.replace("\r\n", "\n"))
    lines = [line.rstrip() for line in shown.split("\n")]
    while lines and not lines[0]:
        lines.pop(0)
    while lines and not lines[-1]:
        lines.pop()
    return lines


def _escape_characters(text: str) -> str:
    return _INLINE.sub(lambda match: "\\" + match.group(), text)


def _keep_indentation(line: str, escaped: str) -> str:
    """Put the line's leading whitespace back with the first character as a reference."""
    body = line.lstrip(" \t")
    lead = line[: len(line) - len(body)]
    if not lead:
        return escaped
    return _REFERENCE[lead[0]] + lead[1:] + escaped


def _escape_line(line: str) -> str:
    body = _escape_characters(line.lstrip(" \t"))
    if _BULLET_START.match(body):
        body = "\\" + body
    else:
        body = _ORDERED_START.sub(r"\1\\\2", body, count=1)
    return _keep_indentation(line, body)


def escape_inline(text: str, *, single_line: bool = False, indent: str = "") -> str:
    """``text`` escaped to read exactly as typed inside a paragraph, heading or list item.

    Markdown punctuation is backslash-escaped, block markers at the start of a line are
    neutralised, leading indentation is kept without starting a code block, and control
    characters show as their control pictures. Newlines become hard breaks, each following
    line starting with ``indent`` (a list item's content indent); with ``single_line``
    (headings) they become spaces. Trailing whitespace is dropped; blank text gives "".
    """
    lines = _lines(text)
    if single_line:
        lines = [line if i == 0 else line.lstrip() for i, line in enumerate(lines)]
        return " ".join(_escape_line(line) for line in lines if line)
    return (_HARD_BREAK + indent).join(_escape_line(line) for line in lines)


#: What stands for a line break inside a table cell (GFM cells are one line; no raw HTML).
CELL_BREAK = "⏎ "


def escape_cell(text: str) -> str:
    """``text`` escaped to read exactly as typed inside one GFM table cell.

    Like `escape_inline`, and pipes cannot end the cell; a line break shows as "⏎ ", as it
    does on screen (the export writes no raw HTML, which safe renderers drop). Blank text
    gives "—", so a row never has an empty cell.
    """
    lines = _lines(text)
    if not lines:
        return EMPTY_CELL
    first, *rest = lines
    cells = [_keep_indentation(first, _escape_characters(first.lstrip(" \t")))]
    # After a break the text is inline already: its spaces are kept as they are.
    cells += [_escape_characters(line) for line in rest]
    return CELL_BREAK.join(cells)
