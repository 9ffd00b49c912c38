"""Provides TrashScreen: the deleted agreements a person may see, and a key to restore one."""

from __future__ import annotations

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.content import Content
from textual.screen import Screen
from textual.widgets import DataTable, Header, Static

from ... import clock
from ...mentor_node import MentorNode
from ...store import StoreError
from ...store.store import TrashItem
from ...text import plain
from ...widgets.cells import cell
from ...widgets.footer import Footer
from ...widgets.row_table import RowTable

COLUMNS = (
    ("Deleted", 22),
    ("Title", 28),
    ("Mentee", 10),
    ("Mentor", 10),
)  # 78 cells with their padding: the screen's 80 less the table's scrollbar


class TrashScreen(MentorNode, Screen[str | None]):
    """Deleted agreements, the latest first; r puts the highlighted one back in the list.

    Dismissed with the id of the agreement restored (None when nothing was).
    """

    BINDINGS = [
        Binding("r", "restore", "Restore", id="trash.restore", tooltip="Restore the deleted agreement"),
        Binding("escape,b", "back", "Back", id="trash.back", tooltip="Back to the agreements"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.items: list[TrashItem] = []
        self.restored: str | None = None

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("Reading the trash…", id="trash-note")
        yield RowTable(id="trash", cursor_type="row", zebra_stripes=True)
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self.sub_title = "Deleted agreements"
        table = self.query_one("#trash", DataTable)
        for label, width in COLUMNS:
            table.add_column(label, width=width)
        table.focus()
        self._read()

    @work(thread=True, exclusive=True, group="trash", description="trash")
    def _read(self) -> None:
        try:
            items, error = self.app.store.trash(), None
        except (StoreError, OSError) as failure:
            items, error = [], failure
        self.app.call_from_thread(self._show, items, error)

    def _show(self, items: list[TrashItem], error: Exception | None) -> None:
        viewer = self.app.viewer
        self.items = [i for i in items if viewer.sees(i.summary)]
        table = self.query_one("#trash", DataTable)
        table.clear()
        for item in self.items:
            s = item.summary
            title = f"{s.title} (cannot be read)" if s.damaged else s.title
            table.add_row(cell(clock.show(item.deleted_at)), cell(title), cell(s.mentee), cell(s.mentor), key=item.name)
        note = self.query_one("#trash-note", Static)
        if error is not None:
            text = f"The trash could not be read: {error}"
        elif not self.items:
            text = "Nothing you deleted is in the trash."
        else:
            text = "r restores the highlighted agreement to the list · esc goes back"
        note.update(Content(plain(text, single_line=True)))

    def action_restore(self) -> None:
        """Put the highlighted agreement back in the list (never over a live one)."""
        table = self.query_one("#trash", DataTable)
        if not self.items or table.row_count == 0:
            self.notify("Nothing to restore.")
            return
        name = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
        self._restore(name)

    @work(thread=True, group="trash-restore", description="trash-restore")
    def _restore(self, name: str) -> None:
        try:
            summary = self.app.store.restore(name)
        except (StoreError, OSError) as error:
            self.app.call_from_thread(
                self.notify, str(error), title="Not restored", severity="error", timeout=15, markup=False
            )
            return
        self.app.call_from_thread(self._restored, summary.id, summary.title)

    def _restored(self, agreement_id: str, title: str) -> None:
        self.restored = agreement_id
        self.notify(f"“{plain(title, single_line=True)}” is back in the list.", title="Restored", markup=False)
        self._read()

    def action_back(self) -> None:
        """Back to the agreements."""
        self.dismiss(self.restored)
