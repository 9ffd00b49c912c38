"""Provides LongText: a read-only view of a long text that draws only the lines on screen.

A TextArea wraps its whole document on the UI thread and, for a line of 64 KB, renders the
whole line to draw each of its rows. LongText is given its lines already wrapped (by
`wrapped`, which a worker runs) and draws a row by looking it up.
"""

from __future__ import annotations

import textwrap

from rich.segment import Segment
from textual.binding import Binding
from textual.geometry import Size
from textual.scroll_view import ScrollView
from textual.strip import Strip

from ..text import plain


def wrapped(text: str, width: int) -> list[str]:
    """``text`` as rows of at most ``width`` characters, its controls made visible."""
    width = max(width, 8)
    rows: list[str] = []
    for line in plain(text).split("\n"):
        if len(line) <= width:
            rows.append(line)
        else:
            rows.extend(textwrap.wrap(line, width, replace_whitespace=False, drop_whitespace=False,
                                      break_on_hyphens=False) or [""])
    return rows


class LongText(ScrollView, can_focus=True):
    """Rows of text, scrolled by the keys a reader expects; nothing in it is editable."""

    BINDINGS = [
        Binding("up", "scroll_up", show=False),
        Binding("down", "scroll_down", show=False),
        Binding("pageup", "page_up", show=False),
        Binding("pagedown,space", "page_down", show=False),
        Binding("home", "scroll_home", show=False),
        Binding("end", "scroll_end", show=False),
    ]

    DEFAULT_CSS = """
    LongText { height: auto; overflow-x: hidden; }
    """

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        #: The text shown, whole.
        self.text = ""
        self._rows: list[str] = []

    def show(self, text: str, rows: list[str]) -> None:
        """Show ``text``, already cut into ``rows`` (see `wrapped`)."""
        self.text, self._rows = text, rows
        self.virtual_size = Size(max((len(row) for row in rows[:1000]), default=0), len(rows))
        self.scroll_to(0, 0, animate=False)
        self.refresh()

    @property
    def rows(self) -> list[str]:
        """The rows drawn, top to bottom."""
        return self._rows

    def render_line(self, y: int) -> Strip:
        index = int(self.scroll_offset.y) + y
        width = self.scrollable_content_region.width
        if 0 <= index < len(self._rows):
            return Strip([Segment(self._rows[index], self.rich_style)]).crop_extend(0, width, self.rich_style)
        return Strip.blank(width, self.rich_style)
