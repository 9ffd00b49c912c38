"""Provides `install`: a layout that shows or hides a scrollbar is done again before the frame
is drawn, so a screen's first frame has its scrollbars.

Textual lays a screen out with each container's scrollbars as they were, then tells every
container its new size, which is when a container finds it now needs a scrollbar (or no
longer does). That asks for another layout, done on the next refresh: the first frame is
drawn with the content at full width and no scrollbar, and a second frame, a refresh later,
draws the scrollbar and the content reflowed beside it. Here the second layout is done at
once, and only its frame is drawn.

It also keeps each scrollbar's last few drawings: a screen shown again (back from a goal)
redraws every scrollbar as it was, and each took a third of a millisecond.
"""

from __future__ import annotations

import weakref

from textual.dom import NoScreen
from textual.geometry import Region
from textual.screen import Screen
from textual.scrollbar import ScrollBar, ScrollBarRender
from textual.strip import Strip
from textual.widget import Widget

_refresh_scrollbars = Widget._refresh_scrollbars
_compositor_refresh = Screen._compositor_refresh
_render_lines = ScrollBar.render_lines

#: Drawings a scrollbar keeps: the states it moves between (a screen and its return).
KEPT = 8

#: Screens where a scrollbar came or went since they were last laid out.
_moved: weakref.WeakSet[Screen[object]] = weakref.WeakSet()
#: Screens being laid out again (their frame is then drawn as Textual draws it).
_again: weakref.WeakSet[Screen[object]] = weakref.WeakSet()


def _refresh_scrollbars_noted(self: Widget) -> None:
    shown = self.show_horizontal_scrollbar, self.show_vertical_scrollbar
    _refresh_scrollbars(self)
    if (self.show_horizontal_scrollbar, self.show_vertical_scrollbar) != shown:
        try:
            screen = self.screen
        except NoScreen:  # not (or no longer) on a screen
            return
        _moved.add(screen)


def _compositor_refresh_whole(self: Screen[object]) -> None:
    if self in _moved and self not in _again and self.is_current and not self.app._batch_count:
        _moved.discard(self)
        _again.add(self)
        try:
            self._refresh_layout()  # lays out again, then draws (the call below, Textual's own)
        finally:
            _again.discard(self)
        return
    _moved.discard(self)
    _compositor_refresh(self)


def _render_lines_kept(self: ScrollBar, crop: Region) -> list[Strip]:
    bar = self.render()
    if not isinstance(bar, ScrollBarRender):
        return _render_lines(self, crop)
    app = self.app
    key = (
        crop,
        self.region.size,
        bar.virtual_size,
        bar.window_size,
        bar.position,
        bar.thickness,
        bar.vertical,
        bar.style,
        self.background_colors,
        self.styles._cache_key,
        tuple(map(id, self.get_line_filters())),
        id(app.ansi_theme),
        app.native_ansi_color,
    )
    kept: dict[object, list[Strip]] | None = getattr(self, "_mentortui_kept", None)
    if kept is None:
        kept = {}
        self._mentortui_kept = kept  # type: ignore[attr-defined]  # (a ScrollBar of Textual's)
    drawn = kept.get(key)
    if drawn is None:
        drawn = _render_lines(self, crop)
        if len(kept) >= KEPT:
            del kept[next(iter(kept))]
        kept[key] = drawn
    return drawn


def install() -> None:
    """Lay out again before drawing when scrollbars changed (idempotent)."""
    if Widget._refresh_scrollbars is _refresh_scrollbars:
        Widget._refresh_scrollbars = _refresh_scrollbars_noted  # type: ignore[method-assign]  # the point of this module
        Screen._compositor_refresh = _compositor_refresh_whole  # type: ignore[method-assign,assignment]
        ScrollBar.render_lines = _render_lines_kept  # type: ignore[method-assign,assignment]


def uninstall() -> None:
    """Textual's own (for the test that compares both)."""
    Widget._refresh_scrollbars = _refresh_scrollbars  # type: ignore[method-assign]
    Screen._compositor_refresh = _compositor_refresh  # type: ignore[method-assign]
    ScrollBar.render_lines = _render_lines  # type: ignore[method-assign]
