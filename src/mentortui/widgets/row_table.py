"""Provides RowTable: a DataTable whose cursor picks rows, where Home and End go to the first and last."""

from __future__ import annotations

from typing import Generic

from textual.binding import Binding
from textual.widgets import DataTable
from textual.widgets._data_table import CellType


class RowTable(DataTable[CellType], Generic[CellType]):
    """A table of rows chosen with a row cursor (``cursor_type="row"``). A row cursor has no
    columns to go across, so Home and End go to the first and last row (DataTable's scroll
    sideways, and did nothing a person could see)."""

    BINDINGS = [
        Binding("home", "scroll_top", "First row", show=False),
        Binding("end", "scroll_bottom", "Last row", show=False),
    ]
