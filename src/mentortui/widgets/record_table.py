"""Provides RecordTable: a table of records (goals, milestones, meetings) edited by keys."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from itertools import zip_longest
from typing import Any, Self

from rich.cells import cell_len, set_cell_size
from rich.segment import Segment
from rich.style import Style
from textual import events
from textual._types import SegmentLines
from textual.binding import Binding
from textual.geometry import Size
from textual.message import Message
from textual.widgets import DataTable
from textual.widgets._data_table import DuplicateKey, Row, RowKey

from .cells import LazyCell, LazyRow
from .row_table import RowTable

#: Rows a long table is first drawn with, at least: two screenfuls of the terminal (a table
#: is never taller than it) when that is more. The rest follow, a chunk per refresh.
FIRST_ROWS = 50
CHUNK_ROWS = 500

#: A row's values, or a function that gives them when the row is first drawn.
RowValues = Sequence[object] | Callable[[], Sequence[object]]


class RecordTable(RowTable[LazyCell]):
    """Rows keyed by record id; a, e/enter, d, [ and ] ask the owner to add, edit, delete, move."""

    BINDINGS = [
        Binding("a", "request('add')", "Add", id="record.add"),
        Binding("e", "request('edit')", "Edit", id="record.edit", show=False),
        Binding("d,delete", "request('delete')", "Delete", id="record.delete"),
        Binding("left_square_bracket", "request('up')", "Move up", id="record.up", show=False),
        Binding("right_square_bracket", "request('down')", "Move down", id="record.down", show=False),
    ]

    class Requested(Message):
        """The user asked for something to be done to the table's records."""

        def __init__(self, table: RecordTable, what: str, record_id: str | None) -> None:
            super().__init__()
            self.table = table
            self.what = what
            self.record_id = record_id

        @property
        def control(self) -> RecordTable:
            return self.table

    def __init__(self, columns: Sequence[tuple[str, int | None]], **kwargs: Any) -> None:
        super().__init__(cursor_type="row", zebra_stripes=True, **kwargs)
        self._columns_spec = columns
        #: Counts show() calls, so the chunks of an earlier one stop coming.
        self._filling = 0
        #: The rows of the last show() while some are still to come, and the one to select.
        self._rows_to_come: list[tuple[str, RowValues]] = []
        self._keep: str | None = None
        #: The rows of the last show(), once all are in and while nothing else changed them.
        self._shown: list[tuple[str, RowValues]] | None = None

    def on_mount(self) -> None:
        for label, width in self._columns_spec:
            self.add_column(label, width=width)

    @property
    def current_id(self) -> str | None:
        """The id of the record under the cursor."""
        if self.row_count == 0:
            return None
        return self.coordinate_to_cell_key(self.cursor_coordinate).row_key.value

    def show(self, rows: Sequence[tuple[str, RowValues]], select: str | None = None) -> None:
        """Replace the rows, keeping the cursor on ``select`` or on the same record. A row's
        values may be a function that gives them: it is called when the row is first drawn.

        A long table (2,000 meetings) is drawn with its first rows (and the selected one's
        screenful); the rest come in a chunk per refresh. The table is sized for all of them
        from the start, so its scrollbar does not change as they come, and a key pressed
        meanwhile (End, PageDown, a search) first adds the rest (`fill`). Only the rows
        drawn have their cells made (LazyCell).
        """
        rows = list(rows)
        if self._shown == rows:
            # The same rows (a step shown again, back from a goal): what is drawn stays drawn.
            if select is not None and RowKey(select) in self.rows:
                self.move_cursor(row=self.get_row_index(select))
            return
        keep = select or self.current_id
        self.clear()
        self._filling += 1
        first = screenfuls = max(FIRST_ROWS, 2 * self.app.size.height)
        if keep is not None:
            at = next((i for i, (record_id, _) in enumerate(rows) if record_id == keep), None)
            first = (at or 0) + screenfuls
        self._rows_to_come = rows
        self._add_chunk(rows, 0, first, keep, self._filling)

    # Any other change to the rows: the next show() fills the table anew.
    def clear(self, *args: Any, **kwargs: Any) -> Self:
        self._shown = None
        return super().clear(*args, **kwargs)

    def add_row(self, *args: Any, **kwargs: Any) -> RowKey:
        self._shown = None
        return super().add_row(*args, **kwargs)

    def remove_row(self, *args: Any, **kwargs: Any) -> None:
        self._shown = None
        super().remove_row(*args, **kwargs)

    def update_cell(self, *args: Any, **kwargs: Any) -> None:
        self._shown = None
        super().update_cell(*args, **kwargs)

    def update_cell_at(self, *args: Any, **kwargs: Any) -> None:
        self._shown = None
        super().update_cell_at(*args, **kwargs)

    def sort(self, *args: Any, **kwargs: Any) -> Self:
        self._shown = None
        return super().sort(*args, **kwargs)

    @property
    def still_to_come(self) -> int:
        """How many rows of the last `show` are not in the table yet."""
        return len(self._rows_to_come) - self.row_count if self._rows_to_come else 0

    def fill(self) -> None:
        """Add every row still to come now."""
        if self.still_to_come:
            self._add_chunk(self._rows_to_come, self.row_count, self.still_to_come, self._keep, self._filling)

    async def _on_key(self, event: events.Key) -> None:
        # Before any key acts on the rows (End goes to the last one, a letter searches).
        self.fill()

    def _add_chunk(
        self, rows: list[tuple[str, RowValues]], start: int, count: int, keep: str | None, filling: int
    ) -> None:
        if filling != self._filling or start != self.row_count:
            return  # shown anew, or filled, meanwhile
        chunk = rows[start : start + count]
        width = len(self.columns)
        made = []
        for record_id, values in chunk:
            row = LazyRow(values)
            made.append((record_id, [LazyCell(row, i) for i in range(width)]))
        self._append_rows(made)
        self._keep = keep
        if keep is not None and any(record_id == keep for record_id, _ in chunk):
            self.move_cursor(row=self.get_row_index(keep))
        if start + count < len(rows):
            self.call_after_refresh(self._add_chunk, rows, start + count, CHUNK_ROWS, keep, filling)
        else:
            self._rows_to_come = []
            self._shown = rows

    def _append_rows(self, rows: list[tuple[str, list[LazyCell]]]) -> None:
        """DataTable.add_row for each row, with what add_row does for every row (set the
        cursor again, its watchers, list the columns twice) done once for them all: 2,000
        meetings took 0.19 ms a row, most of the meeting log's opening."""
        if not rows:
            return
        columns = [column.key for column in self.ordered_columns]
        first = self.row_count == 0
        locations, data, table_rows, new = self._row_locations, self._data, self.rows, self._new_rows
        index = self.row_count
        for record_id, cells in rows:
            row_key = RowKey(record_id)
            if row_key in locations:
                raise DuplicateKey(f"The row key {row_key!r} already exists.")
            if len(cells) > len(columns):
                raise ValueError("More values provided than there are columns.")
            locations[row_key] = index
            index += 1
            data[row_key] = dict(zip_longest(columns, cells))
            table_rows[row_key] = Row(row_key, 1, None, False)
            new.add(row_key)
        self._require_update_dimensions = True
        self.cursor_coordinate = self.cursor_coordinate
        if first and self.columns and self.show_cursor and self.cursor_type != "none":
            self._highlight_cursor()
        self._update_count += 1
        self.check_idle()

    def _update_dimensions(self, new_rows: Iterable[RowKey]) -> None:
        """Size the table without measuring its new cells when nothing depends on them.

        DataTable measures every cell of every new row to size auto-width columns: 10,000
        measurements for 2,000 meetings, about half the time the log took to fill. Here every
        column has its width and every row one line, so only the scrollable size changes.
        """
        if (
            any(column.auto_width for column in self.columns.values())
            or self._labelled_row_exists
            or any(self.rows[key].auto_height for key in new_rows if key in self.rows)
        ):
            super()._update_dimensions(new_rows)
            return
        width = sum(column.get_render_width(self) for column in self.columns.values())
        header = self.header_height if self.show_header else 0
        height = self._total_row_height + self.still_to_come  # sized for every row from the start
        self.virtual_size = Size(width + self._row_label_column_width, height + header)

    def _render_cell(
        self,
        row_index: int,
        column_index: int,
        base_style: Style,
        width: int,
        cursor: bool = False,
        hover: bool = False,
    ) -> SegmentLines:
        """A cell's line, made directly for the cells this table holds (one line of text in
        one style): what DataTable makes through Rich's Padding, Styled and line cropping,
        segment for segment, in a fifth of the time (0.09 ms a cell; a screen of the
        meeting log draws a hundred). Anything else is DataTable's to draw."""
        row_key = self._row_locations.get_key(row_index)
        column_key = self._column_locations.get_key(column_index)
        if row_key is None or column_key is None or row_index < self.fixed_rows or column_index < self.fixed_columns:
            return super()._render_cell(row_index, column_index, base_style, width, cursor, hover)
        key = (
            row_key,
            column_key,
            base_style,
            cursor,
            hover,
            self._show_hover_cursor,
            self._update_count,
            self._pseudo_class_state,
        )
        cache = self._cell_render_cache
        if key in cache:
            return cache[key]
        lines = self._one_line_cell(row_index, column_index, row_key, base_style, width, cursor, hover)
        if lines is None:
            return super()._render_cell(row_index, column_index, base_style, width, cursor, hover)
        cache[key] = lines
        return lines

    def _one_line_cell(
        self,
        row_index: int,
        column_index: int,
        row_key: RowKey,
        base_style: Style,
        width: int,
        cursor: bool,
        hover: bool,
    ) -> SegmentLines | None:
        """The cell as DataTable would draw it, when it is a LazyCell of one line in one
        style that fits its column (cut with … or cropped as its overflow says); else None."""
        row = self.rows.get(row_key)
        cells = self._get_row_renderables(row_index).cells
        if row is None or row.height != 1 or column_index >= len(cells):
            return None
        cell = cells[column_index]
        if not isinstance(cell, LazyCell):
            return None
        text = cell.text
        shown = text.plain
        pad = self.cell_padding
        room = width - 2 * pad
        if text._spans or text.justify not in (None, "default") or not shown or room < 1:
            return None
        if "\n" in shown or "\t" in shown or not shown.isprintable():
            return None
        overflow = text.overflow or self.app.console_options.overflow or "fold"
        length = cell_len(shown)
        if length > room:
            if overflow == "ignore":
                return None
            shown = set_cell_size(shown, room - 1) + "…" if overflow == "ellipsis" else set_cell_size(shown, room)
            length = cell_len(shown)
        component_style, post_style = self._get_styles_to_render_cell(
            False,
            False,
            False,
            hover,
            cursor,
            self.show_cursor,
            self._show_hover_cursor,
            self.cursor_foreground_priority == "css",
            self.cursor_background_priority == "css",
        )
        pre = base_style + Style.from_meta({"row": row_index, "column": column_index}) + component_style
        around = pre + post_style
        console = self.app.console
        own = console.get_style(text.style, default=Style.null()) if text.style else Style.null()
        line = [Segment(" " * pad, around)] if pad else []
        line.append(Segment(shown, pre + own + post_style))
        if length < room:
            line.append(Segment(" " * (room - length), around))
        if pad:
            line.append(Segment(" " * pad, around))
        return [line]

    def action_request(self, what: str) -> None:
        """Tell the owner what the user asked for."""
        self.post_message(self.Requested(self, what, self.current_id))

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        self.action_request("edit")
