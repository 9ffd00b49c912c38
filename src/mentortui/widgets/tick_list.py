"""Provides TickList: a SelectionList whose ticks read without colour (✓ or blank)."""

from __future__ import annotations

from typing import TypeVar

from rich.segment import Segment
from textual.strip import Strip
from textual.widgets import SelectionList
from textual.widgets.option_list import OptionDoesNotExist

#: What each line of the list stands for (a MentorshipType on the Parties step).
ValueT = TypeVar("ValueT")


class TickList(SelectionList[ValueT]):
    """Check-all-that-apply, with ✓ on chosen lines so 16 colours or NO_COLOR still tell."""

    def render_line(self, y: int) -> Strip:
        line = super().render_line(y)
        try:
            option = self.get_option_at_index(self.scroll_offset.y + y)
        except OptionDoesNotExist:
            return line
        segments = list(line)
        if len(segments) < 3:
            return line
        inner = segments[1]
        segments[1] = Segment("✓" if option.value in self._selected else " ", inner.style)
        return Strip(segments, line.cell_length)
