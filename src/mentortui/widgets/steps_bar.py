"""Provides StepsBar: where you are among the agreement's steps, and which are complete."""

from __future__ import annotations

from typing import Any

from textual.content import Content
from textual.reactive import reactive
from textual.widgets import Static


class StepsBar(Static):
    """One line: every step by number and name, ✓ when complete, the current one highlighted."""

    DEFAULT_CSS = """
    StepsBar {
        height: 1;
        background: $panel;
        padding: 0 1;
    }
    """

    current: reactive[int] = reactive(0)
    complete: reactive[frozenset[int]] = reactive(frozenset())

    def __init__(self, names: list[str], **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.names = names

    def render(self) -> Content:
        parts = []
        for i, name in enumerate(self.names):
            mark = "✓" if i in self.complete else "·"
            label = f" {i + 1} {name} {mark} "
            parts.append(Content.styled(label, "reverse bold") if i == self.current else Content(label))
        return Content("›").join(parts)
