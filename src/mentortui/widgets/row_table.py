"""Provides RowTable: a DataTable whose cursor picks rows, where Home and End go to the first and last."""

from __future__ import annotations

from typing import Any, Generic, Self, cast

from rich.style import Style
from textual.binding import Binding
from textual.css.styles import RenderStyles
from textual.widgets import DataTable
from textual.widgets._data_table import CellType


class _Drawn:
    """A component's styles with their Rich style worked out once: DataTable asks for it
    two or three times a line drawn, and each time it was worked out through every ancestor
    (a quarter of drawing a line)."""

    def __init__(self, styles: RenderStyles) -> None:
        self._styles = styles
        self.rich_style = styles.rich_style

    def __getattr__(self, name: str) -> Any:
        return getattr(self._styles, name)


class RowTable(DataTable[CellType], Generic[CellType]):
    """A table of rows chosen with a row cursor (``cursor_type="row"``). A row cursor has no
    columns to go across, so Home and End go to the first and last row (DataTable's scroll
    sideways, and did nothing a person could see).

    Its styles are worked out once until it is refreshed or restyled, as Textual keeps a
    widget's component styles (`get_component_rich_style`)."""

    BINDINGS = [
        Binding("home", "scroll_top", "First row", show=False),
        Binding("end", "scroll_bottom", "Last row", show=False),
    ]

    _drawn_styles: dict[tuple[str, ...], _Drawn] | None = None
    _own_style: Style | None = None

    def get_component_styles(self, *names: str) -> RenderStyles:
        if self._drawn_styles is None:
            self._drawn_styles = {}
        found = self._drawn_styles.get(names)
        if found is None:
            found = self._drawn_styles[names] = _Drawn(super().get_component_styles(*names))
        return cast(RenderStyles, found)

    @property
    def rich_style(self) -> Style:
        if self._own_style is None:
            self._own_style = super().rich_style
        return self._own_style

    def _forget_styles(self) -> None:
        self._drawn_styles = None
        self._own_style = None

    def refresh(self, *regions: Any, **kwargs: Any) -> Self:
        self._forget_styles()
        return super().refresh(*regions, **kwargs)

    def notify_style_update(self) -> None:
        self._forget_styles()
        super().notify_style_update()
