"""Provides HomeScreen: the agreements the user can open, create and delete."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Header, Static

from ..model import Agreement
from ..model.people import link_parties
from ..model.summary import AgreementSummary
from ..store import StoreError
from ..widgets.cells import cell
from .editor import AgreementEditor
from .confirm import ConfirmScreen
from .meetings import MeetingLogScreen
from .new_agreement import NewAgreementScreen
from .people import PeopleScreen

#: How often the list looks for changes made by others (seconds).
POLL_SECONDS = 1.5
#: Fixed columns; the title takes whatever width is left.
COLUMNS = (("Mentee", 10), ("Mentor", 10), ("Start", 10), ("End", 10), ("Status", 10))
#: Each column's cell padding, and room for the scrollbar.
CHROME = 2 * (len(COLUMNS) + 1) + 2


class HomeScreen(Screen[None]):
    """Every agreement in the data directory, one row each."""

    BINDINGS = [
        Binding("n", "new", "New", id="home.new"),
        Binding("o", "open", "Open", id="home.open"),
        Binding("d", "delete", "Delete", id="home.delete"),
        Binding("m", "meetings", "Meetings", id="home.meetings"),
        Binding("r", "refresh", "Refresh", id="home.refresh"),
        Binding("p", "people", "People", id="home.people"),
        # Hidden: for everyone but coordinators p still says why nothing opens.
        Binding("p", "people(False)", show=False),
        Binding("q", "app.quit", "Quit", id="home.quit"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.summaries: list[AgreementSummary] = []

    def compose(self) -> ComposeResult:
        yield Header()
        yield DataTable(id="agreements", cursor_type="row", zebra_stripes=True)
        yield Static(
            "No agreements yet.\n\nPress [b]n[/b] to draw one up with your mentor or mentee.",
            id="empty",
        )
        yield Footer()

    def on_mount(self) -> None:
        # The list itself is loaded by on_screen_resume, which also runs when first shown.
        self._index_stamp = self.app.store.index_stamp()
        self.set_interval(POLL_SECONDS, self._poll)

    def _poll(self) -> None:
        """Refresh the list when another session changed it (checked by a cheap stat)."""
        stamp = self.app.store.index_stamp()
        if stamp != self._index_stamp and self.is_current:
            self._index_stamp = stamp
            self.action_refresh()

    def on_screen_resume(self) -> None:
        self.action_refresh()

    def on_resize(self) -> None:
        self._fill_table(self.selected_id)

    @property
    def table(self) -> DataTable[object]:
        """The agreements table."""
        return self.query_one("#agreements", DataTable)

    def action_refresh(self, select: str | None = None) -> None:
        """Reload the list from the store, keeping the cursor on the same agreement."""
        keep = select or self.selected_id
        store = self.app.store
        try:
            viewer = self.app.viewer
            self.summaries = [s for s in store.list_agreements() if viewer.sees(s)]
        except StoreError as error:
            self.notify(str(error), title="Could not list agreements", severity="error", markup=False)
            return
        for warning in store.warnings:
            self.notify(warning, title="Data directory", severity="warning", timeout=10, markup=False)
        store.warnings.clear()
        self._fill_table(keep)

    def _fill_table(self, keep: str | None) -> None:
        """Show the summaries, with the title column taking the width the others leave."""
        table = self.table
        table.clear(columns=True)
        title_width = max(12, self.size.width - CHROME - sum(width for _, width in COLUMNS))
        for label, width in (("Title", title_width), *COLUMNS):
            table.add_column(label, width=width, key=label.lower())
        for s in self.summaries:
            table.add_row(
                cell(s.title), cell(s.mentee), cell(s.mentor),
                cell(s.start_date), cell(s.end_date), cell(s.status.value), key=s.id,
            )
        empty = not self.summaries
        self.query_one("#empty").display = empty
        table.display = not empty
        if keep and keep in {s.id for s in self.summaries}:
            table.move_cursor(row=table.get_row_index(keep))
        if not empty:
            table.focus()

    @property
    def selected_id(self) -> str | None:
        """The id of the agreement under the cursor."""
        table = self.table
        if not self.summaries or table.row_count == 0:
            return None
        return table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Hide People from the footer of everyone who is not a coordinator."""
        if action == "people" and not parameters:
            return self.app.viewer.is_coordinator
        return True

    def action_people(self, listed: bool = True) -> None:
        """Open the people registry (coordinators only).

        ``listed`` is False for the hidden binding, which `check_action` leaves enabled.
        """
        if self.app.viewer.is_coordinator:
            self.app.push_screen(PeopleScreen())
        else:
            self.notify("Only coordinators manage people.", markup=False)

    def action_new(self) -> None:
        """Start a new agreement."""
        self.app.push_screen(NewAgreementScreen(), self._created)

    def _created(self, agreement: Agreement | None) -> None:
        if agreement is None:
            return
        store = self.app.store
        try:
            agreement = link_parties(agreement, store.people.all(), self.app.viewer)
            created = store.create(agreement)
        except StoreError as error:
            self.notify(str(error), title="Not created", severity="error", markup=False)
            return
        self.action_refresh(select=created.id)
        self.app.push_screen(AgreementEditor(created))

    @on(DataTable.RowSelected, "#agreements")
    def action_open(self) -> None:
        """Open the agreement under the cursor."""
        agreement_id = self.selected_id
        if agreement_id is None:
            self.notify("There is no agreement to open yet: press n to create one.")
            return
        try:
            agreement = self.app.store.load(agreement_id)
        except StoreError as error:
            self.notify(str(error), title="Could not open", severity="error", timeout=15, markup=False)
            return
        self.app.push_screen(AgreementEditor(agreement))

    def action_meetings(self) -> None:
        """Open the meeting log of the agreement under the cursor."""
        agreement_id = self.selected_id
        if agreement_id is None:
            self.notify("There is no agreement yet: press n to create one.")
            return
        self.app.push_screen(MeetingLogScreen(agreement_id))

    def action_delete(self) -> None:
        """Delete the agreement under the cursor, after asking."""
        agreement_id = self.selected_id
        if agreement_id is None:
            self.notify("There is no agreement to delete.")
            return
        title = next(s.title for s in self.summaries if s.id == agreement_id)

        def delete(yes: bool | None) -> None:
            if not yes:
                return
            try:
                where = self.app.store.delete(agreement_id)
            except StoreError as error:
                self.notify(str(error), title="Not deleted", severity="error", markup=False)
                return
            self.action_refresh()
            self.notify(f"Moved to {where}", title="Agreement deleted", markup=False)

        self.app.push_screen(
            ConfirmScreen(f"Delete the agreement “{title}”?", "Delete"), delete
        )
