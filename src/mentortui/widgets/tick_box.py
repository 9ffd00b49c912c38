"""Provides TickBox: a checkbox whose state reads without colour (✓ or blank)."""

from __future__ import annotations

from textual.content import Content
from textual.widgets import Checkbox


class TickBox(Checkbox):
    """A Checkbox showing ✓ when ticked and a blank when not, so 16 colours or NO_COLOR still tell."""

    @property
    def _button(self) -> Content:
        self.BUTTON_INNER = "✓" if self.value else " "
        return super()._button
