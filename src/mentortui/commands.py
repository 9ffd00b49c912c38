"""Provides the command palette's entries: every key binding of the current screen, by name."""

from __future__ import annotations

from collections.abc import Iterable
from functools import partial

from textual.app import App, SystemCommand
from textual.screen import Screen


def binding_commands(app: App, screen: Screen) -> Iterable[SystemCommand]:
    """A palette command for each binding shown on ``screen``, so every action can be found."""
    seen = set()
    for key, active in screen.active_bindings.items():
        binding = active.binding
        if not binding.description or not binding.show or binding.action in seen:
            continue
        seen.add(binding.action)
        help_text = binding.tooltip or f"Key: {app.get_key_display(binding)}"
        yield SystemCommand(
            binding.description, help_text, partial(app.run_action, binding.action, active.node)
        )
