"""Provides the command palette's entries: every key binding of the current screen, by name."""

from __future__ import annotations

from collections.abc import Iterable
from functools import partial
from typing import Any

from textual.app import App, SystemCommand
from textual.screen import Screen

from .fields import is_text_field


def binding_commands(app: App[Any], screen: Screen[Any]) -> Iterable[SystemCommand]:
    """A palette command for each described binding on ``screen``, so every action can be found.

    The title is the binding's tooltip when it has one (the footer shows the short
    description), and the help line names the key.
    """
    seen: set[str] = set()
    for active in screen.active_bindings.values():
        binding = active.binding
        if not binding.description or binding.system or binding.action in seen:
            continue
        if is_text_field(active.node):
            continue  # a field's own editing keys ("Delete all to the right")
        if binding.action in ("focus_next", "focus_previous", "app.focus_next", "app.focus_previous"):
            continue  # Tab and shift+tab: keys everyone knows, not actions to look up
        seen.add(binding.action)
        yield SystemCommand(
            binding.tooltip or binding.description,
            f"Key: {app.get_key_display(binding)}",
            partial(app.run_action, binding.action, active.node),
        )
