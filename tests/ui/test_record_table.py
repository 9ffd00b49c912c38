"""RecordTable fills its rows in bulk: the table must be the one DataTable.add_row makes."""

from __future__ import annotations

from datetime import date
from functools import partial
from itertools import pairwise

from textual.app import App, ComposeResult
from textual.widgets import DataTable

from mentortui.widgets.cells import cell
from mentortui.widgets.record_table import CHUNK_ROWS, FIRST_ROWS, RecordTable

from .pilot import SIZE
from .test_typing import wait_for

COLUMNS = (("Title", 30), ("Due", 10), ("Count", 6))
ROWS = [
    (f"r{n}", (f"Row {n} [b]not markup[/b]\x1b[2J", date(2026, 1, 1 + n % 28), n))
    for n in range(FIRST_ROWS + 3 * CHUNK_ROWS + 37)
]


class Both(App):
    def compose(self) -> ComposeResult:
        yield RecordTable(COLUMNS, id="bulk")
        yield DataTable(id="plain", cursor_type="row", zebra_stripes=True)

    def on_mount(self) -> None:
        table = self.query_one("#plain", DataTable)
        for label, width in COLUMNS:
            table.add_column(label, width=width)
        for record_id, values in ROWS:
            table.add_row(*(cell(v) if not isinstance(v, int) else str(v) for v in values), key=record_id)


async def test_rows_added_in_bulk_are_the_rows_add_row_adds():
    app = Both()
    async with app.run_test(size=SIZE) as pilot:
        bulk, plain = app.query_one("#bulk", RecordTable), app.query_one("#plain", DataTable)
        bulk.show(ROWS, select="r1200")
        assert bulk.row_count < len(ROWS) and bulk.current_id == "r1200", "drawn first with the selected row"
        assert bulk.still_to_come == len(ROWS) - bulk.row_count
        await wait_for(pilot, lambda: bulk.row_count == len(ROWS))
        await pilot.pause()
        assert [str(c) for c in bulk.get_row_at(0)] == [str(c) for c in plain.get_row_at(0)]
        assert all(
            list(map(str, bulk.get_row_at(i))) == list(map(str, plain.get_row_at(i))) for i in range(0, len(ROWS), 97)
        )
        assert bulk.current_id == "r1200" and bulk.cursor_row == 1200, "the cursor kept on the record asked for"
        assert bulk.virtual_size.height == plain.virtual_size.height
        assert bulk.get_row_index("r7") == 7 and str(bulk.get_cell("r7", bulk.ordered_columns[2].key)) == "7"
        bulk.update_cell("r7", bulk.ordered_columns[2].key, "70")
        bulk.remove_row("r0")
        await pilot.pause()
        assert bulk.row_count == len(ROWS) - 1 and str(bulk.get_row_at(6)[2]) == "70"
        bulk.show(ROWS[:3])  # shown anew: replaced, the cursor on the first row
        await pilot.pause()
        assert bulk.row_count == 3 and bulk.current_id == "r0"
        assert "\x1b" not in str(bulk.get_row_at(0)[0])


async def test_a_row_is_made_only_when_it_is_drawn_and_scrolling_draws_it():
    """2,000 rows given as functions: opening draws a screenful and makes only those; the
    last row, scrolled to, is made then and drawn as its function said."""
    made: list[int] = []

    def row(n: int) -> tuple[object, ...]:
        made.append(n)
        return (f"Row {n} [b]x[/b]", "", n)

    app = Both()
    async with app.run_test(size=SIZE) as pilot:
        bulk = app.query_one("#bulk", RecordTable)
        bulk.focus()
        bulk.show([(f"r{n}", partial(row, n)) for n in range(2000)])
        await wait_for(pilot, lambda: bulk.row_count == 2000)
        await pilot.pause()
        assert made and max(made) < 100, f"{len(made)} rows made for one screenful"
        await pilot.press("ctrl+end")  # the last row
        await wait_for(pilot, lambda: 1999 in made)
        await pilot.pause()
        assert len(made) < 200, "only the rows drawn"
        drawn = "\n".join(bulk.render_line(y).text for y in range(bulk.size.height))
        assert "Row 1999 [b]x[/b]" in drawn, "the row's text drawn as text"
        assert str(bulk.get_row_at(1999)[0]) == "Row 1999 [b]x[/b]" and str(bulk.get_row_at(1999)[2]) == "1999"


async def test_each_cell_is_drawn_segment_for_segment_as_datatable_draws_it():
    """RecordTable draws its one-line cells itself: the segments must be DataTable's own, for
    text that fits, is cut with …, is cropped (a number), is wide, is a dim blank; under the
    cursor, on a zebra stripe, hovered, focused or not."""
    from rich.style import Style

    values = [
        "Short",
        "A title much longer than its column, cut with an ellipsis at the end",
        "Exactly thirty characters wide",
        "漢字の題名はセルの幅を超えるかもしれない長いもの",
        "naïve café — Ωμέγα",
        "\x1b[31mred\x07",
        "",
        None,
        date(2026, 5, 17),
        1234567,
        0,
    ]
    rows = [(f"c{n}", (value, value if not isinstance(value, int) else None, value)) for n, value in enumerate(values)]
    app = Both()
    async with app.run_test(size=SIZE) as pilot:
        table = app.query_one("#bulk", RecordTable)
        table.show(rows)
        await pilot.pause()
        drawn = 0
        for focused in (True, False):
            if focused:
                table.focus()
            else:
                app.query_one("#plain", DataTable).focus()
            await pilot.pause()
            for row in range(len(rows)):
                for column, (_, width) in enumerate(COLUMNS):
                    for cursor, hover in ((False, False), (True, False), (False, True), (True, True)):
                        for base in (table.rich_style, table.rich_style + Style(bgcolor="grey15")):
                            ours = table._render_cell(row, column, base, width + 2, cursor, hover)
                            table._cell_render_cache.clear()
                            theirs = DataTable._render_cell(table, row, column, base, width + 2, cursor, hover)
                            table._cell_render_cache.clear()
                            assert ours == theirs, (values[row], column, cursor, hover)
                            drawn += 1
        assert table._one_line_cell(0, 0, table._row_locations.get_key(0), table.rich_style, 32, False, False)
        assert drawn == 2 * len(rows) * len(COLUMNS) * 8


async def test_a_long_table_is_sized_for_every_row_at_once_and_a_key_waits_for_them():
    """The first rows are drawn at once, with the scrollbar of the whole table; End pressed
    before the rest have come goes to the last row of all, not of those come so far."""
    app = Both()
    async with app.run_test(size=SIZE) as pilot:
        bulk, plain = app.query_one("#bulk", RecordTable), app.query_one("#plain", DataTable)
        bulk.focus()
        await pilot.pause()
        heights = set()
        bulk.show(ROWS)
        assert bulk.row_count == FIRST_ROWS
        for _ in range(3):
            await pilot.pause()
            heights.add(bulk.virtual_size.height)
        assert heights == {plain.virtual_size.height}, "sized for every row from the start"
        bulk.show(ROWS[1:])
        assert bulk.still_to_come
        await pilot.press("end")
        assert bulk.row_count == len(ROWS) - 1 and bulk.current_id == ROWS[-1][0]


async def test_the_same_rows_shown_again_keep_what_is_drawn():
    """A step shown again with the same rows (back from a goal) keeps the rows drawn, only
    moving to the record asked for; other rows, or a change made meanwhile, fill it anew."""
    rows = ROWS[:40]
    app = Both()
    async with app.run_test(size=SIZE) as pilot:
        bulk = app.query_one("#bulk", RecordTable)
        bulk.show(rows)
        await pilot.pause()
        drawn = bulk._update_count
        bulk.show(list(rows), select="r7")
        assert bulk._update_count == drawn and bulk.current_id == "r7"
        bulk.update_cell("r7", bulk.ordered_columns[2].key, "70")
        bulk.show(list(rows), select="r8")
        assert str(bulk.get_row("r7")[2]) == "7" and bulk.current_id == "r8", "a change since: filled anew"
        bulk.show(rows[:39])
        assert bulk.row_count == 39


async def test_its_lines_keep_up_with_focus_cursor_theme_and_style_changes():
    """The table works its styles out once until it is refreshed or restyled: every line it
    draws must be the line it draws with its styles worked out afresh."""
    from textual.geometry import Region

    app = Both()
    async with app.run_test(size=SIZE) as pilot:
        table = app.query_one("#bulk", RecordTable)
        table.show(ROWS[:30])
        await pilot.pause()

        def drawn() -> list:
            return table.render_lines(Region(0, 0, table.size.width, table.size.height))

        def afresh() -> list:
            lines = []
            for y in range(table.size.height):
                table._forget_styles()
                table._line_cache.clear()
                table._row_render_cache.clear()
                table._cell_render_cache.clear()
                table._styles_cache.clear()
                lines.append(table.render_lines(Region(0, y, table.size.width, 1))[0])
            return lines

        seen = []
        for change in (
            lambda: table.focus(),
            lambda: table.move_cursor(row=5),
            lambda: app.query_one("#plain").focus(),
            lambda: setattr(app, "theme", "textual-light"),
            lambda: table.set_styles("background: red;"),
            lambda: setattr(table, "zebra_stripes", False),
        ):
            change()
            await pilot.pause()
            await pilot.pause()
            lines = drawn()
            assert lines == afresh()
            seen.append(lines)
        assert all(a != b for a, b in pairwise(seen)), "each change changed what is drawn"
