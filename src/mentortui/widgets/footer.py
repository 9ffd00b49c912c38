"""Provides `Footer`: Textual's footer, rebuilt only when the keys it shows change.

Textual's footer recomposes itself every time a screen's bindings are updated (focus moving,
a screen mounting, ``refresh_bindings``), even when the keys it shows are the same: a dozen
widgets removed, made again and styled twice each (once as mounted, once more when the
compact class is bound onto them). Opening the home screen did that five or six times before
its first draw (≈ 200 ms of the start on a 2-core host). This footer recomposes only when
what it would show differs from what it shows, and gives its keys the compact class as they
are made.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.screen import Screen
from textual.widgets import Footer as TextualFooter
from textual.widgets._footer import FooterKey

Shown = tuple[tuple[object, ...], ...]


class Footer(TextualFooter):
    """The footer, recomposed only when the keys it would show change."""

    _shown: Shown | None = None
    _pending: bool = False

    def _what_it_shows(self) -> Shown:
        """What `compose` would show now: each shown binding, whether it is enabled, its tooltip."""
        if not self._bindings_ready:
            return ()
        return tuple(
            (binding.key, binding.action, binding.description, binding.group, enabled, tooltip)
            for (_, binding, enabled, tooltip) in self.screen.active_bindings.values()
            if binding.show
        ) + ((self.show_command_palette, self.compact),)

    def compose(self) -> ComposeResult:
        self._shown = self._what_it_shows()
        for widget in super().compose():
            if self.compact and isinstance(widget, FooterKey):  # as its data binding would, unstyled yet
                widget.set_class(True, "-compact", update=False)
            yield widget

    def bindings_changed(self, screen: Screen) -> None:
        self._bindings_ready = True
        if not screen.app.app_focus:
            return
        if self.is_attached and screen is self.screen and not self._pending:
            self._pending = True
            self.call_after_refresh(self._recompose_if_changed)

    async def _recompose_if_changed(self) -> None:
        self._pending = False
        if self.is_attached and self._what_it_shows() != self._shown:
            await self.recompose()
