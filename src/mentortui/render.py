"""Provides `install`: a partial screen update renders only the widgets it draws.

Textual's compositor, updating a few changed lines, asks every widget whose *clip* (its
container's area) overlaps those lines for its lines: on a step of the agreement that is
every field, the header, the footer and the status line, twenty widgets for one key. Only
widgets whose own visible area overlaps the update can draw in it; the others are left out.
What reaches the terminal is the same (a test compares whole screens with and without it).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from textual._compositor import Compositor

if TYPE_CHECKING:
    from textual.geometry import Region
    from textual.strip import Strip

_original = Compositor._get_renders


def _get_renders(self: Compositor, crop: Region | None = None) -> Iterable[tuple[Region, Region, list[Strip]]]:
    if not crop:
        return _original(self, crop)
    visible = self.visible_widgets
    overlaps = crop.overlaps
    drawn = {w: (region, clip) for w, (region, clip) in visible.items() if overlaps(region.intersection(clip))}
    self._visible_widgets = drawn
    try:
        return list(_original(self, crop))
    finally:
        self._visible_widgets = visible


def install() -> None:
    """Use the narrower partial update (idempotent)."""
    if Compositor._get_renders is _original:
        Compositor._get_renders = _get_renders  # type: ignore[method-assign]  # the point of this module


def uninstall() -> None:
    """Textual's own (for the test that compares both)."""
    Compositor._get_renders = _original  # type: ignore[method-assign]
