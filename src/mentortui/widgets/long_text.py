"""Provides LongText: a read-only view of a long text that draws only the lines on screen.

A TextArea wraps its whole document on the UI thread and, for a line of 64 KB, renders the
whole line to draw each of its rows. LongText cuts its text into rows of its own width in a
worker (again when its width changes) and draws a row by looking it up.
"""

from __future__ import annotations

import textwrap

from rich.segment import Segment
from textual import work
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
            rows.extend(
                textwrap.wrap(line, width, replace_whitespace=False, drop_whitespace=False, break_on_hyphens=False)
                or [""]
            )
    return rows


class LongText(ScrollView, can_focus=True):
    """Rows of text, scrolled by the keys a reader expects; nothing in it is editable."""

    BINDINGS = [
        Binding("up", "scroll_up", show=False),
        Binding("down", "scroll_down", show=False),
        Binding("pageup", "page_up", show=False),
        Binding("pagedown,space", "page_down", show=False),
        Binding("home,ctrl+home", "first", show=False),
        Binding("end,ctrl+end", "last", show=False),
    ]

    DEFAULT_CSS = """
    LongText { height: auto; overflow-x: hidden; overflow-y: scroll; }
    """

    def action_first(self) -> None:
        """To the first row, at once (a scroll animated through 3,000 rows took half a second)."""
        self.scroll_to(y=0, animate=False)

    def action_last(self) -> None:
        """To the last row, at once."""
        self.scroll_to(y=self.max_scroll_y, animate=False)

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        #: The text shown, whole.
        self.text = ""
        self._rows: list[str] = []
        #: The width the rows were cut for (0: not cut yet).
        self._width = 0

    def show(self, text: str) -> None:
        """Show ``text``: cut into rows in a worker, drawn once they are."""
        self.text, self._width = text, 0
        self._cut(text, self.scrollable_content_region.width)

    def on_resize(self) -> None:
        width = self.scrollable_content_region.width
        if self.text and width != self._width:
            self._cut(self.text, width)

    @work(thread=True, exclusive=True, group="long-text", description="cut a long text into rows")
    def _cut(self, text: str, width: int) -> None:
        if width <= 0:
            return  # not on screen yet: cut when it is given a size
        rows = wrapped(text, width)
        self.app.call_from_thread(self._set_rows, text, rows, width)

    def _set_rows(self, text: str, rows: list[str], width: int) -> None:
        if text != self.text:
            return  # shown anew meanwhile
        self._rows, self._width = rows, width
        self.virtual_size = Size(width, len(rows))
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
