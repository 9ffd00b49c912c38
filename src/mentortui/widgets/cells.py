"""Provides cell(): user text turned into a table cell that can never be read as markup, and
LazyCell: the same cell, made only when it is drawn."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date

from rich.text import Text

from ..text import plain


def cell(value: str | date | None) -> Text:
    """A one-line, markup-free table cell; dates in ISO form, blanks as "—"."""
    if value is None or value == "":
        return Text("—", style="dim")
    if isinstance(value, date):
        return Text(value.isoformat())
    return Text(plain(value, single_line=True), no_wrap=True, overflow="ellipsis")  # cut with …


class LazyRow:
    """A table row's values, from a function called the first time one of them is drawn."""

    __slots__ = ("_make", "_values")

    def __init__(self, values: Sequence[object] | Callable[[], Sequence[object]]) -> None:
        self._make = values if callable(values) else None
        self._values = None if callable(values) else values

    def value(self, index: int) -> object:
        if self._values is None:
            assert self._make is not None
            self._values, self._make = self._make(), None
        return self._values[index] if index < len(self._values) else None


class LazyCell:
    """One cell of a LazyRow: a Rich renderable whose text (`cell`, or a number as it is) is
    made the first time it is drawn. A table of 2,000 meetings draws 20 rows of them; making
    every cell at once was a third of the meeting log's opening. ``str()`` is its plain text."""

    __slots__ = ("_index", "_row", "_text")

    def __init__(self, row: LazyRow, index: int) -> None:
        self._row, self._index = row, index
        self._text: Text | None = None

    @property
    def text(self) -> Text:
        """The cell as drawn."""
        return self.__rich__()

    def __rich__(self) -> Text:
        if self._text is None:
            value = self._row.value(self._index)
            if isinstance(value, int):
                self._text = Text(str(value))
            else:  # a row's values are text, dates, numbers or blanks; anything else as its text
                self._text = cell(value if value is None or isinstance(value, (str, date)) else str(value))
        return self._text

    def __str__(self) -> str:
        return self.__rich__().plain
