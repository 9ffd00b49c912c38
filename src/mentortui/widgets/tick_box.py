"""Provides TickBox and TickRadio: a checkbox and a radio button whose state reads without colour."""

from __future__ import annotations

from textual.content import Content
from textual.widgets import Checkbox, RadioButton


class TickBox(Checkbox):
    """A Checkbox showing ✓ when ticked and a blank when not, so 16 colours or NO_COLOR still tell."""

    @property
    def _button(self) -> Content:
        self.BUTTON_INNER = "✓" if self.value else " "
        return super()._button


class TickRadio(RadioButton):
    """A RadioButton showing ● when chosen and a blank when not, so 16 colours or NO_COLOR still tell."""

    @property
    def _button(self) -> Content:
        self.BUTTON_INNER = "●" if self.value else " "
        return super()._button
