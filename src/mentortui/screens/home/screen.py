"""Provides HomeScreen: the agreements the user can open, create and delete, with a dashboard."""

from __future__ import annotations

import contextlib
import gc
import importlib
import threading
from collections.abc import Callable, Iterable
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any, NamedTuple

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult, SystemCommand
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import DataTable, Header, Static

from ... import collecting
from ...clock import local_zone, to_local
from ...mentor_node import MentorNode
from ...model import Agreement
from ...model.attention import Dashboard, board, board_expires
from ...model.base import now
from ...model.errors import ValidationError
from ...model.lifecycle import closed_since, is_closed
from ...model.lifecycle import terminate as terminate_agreement
from ...model.people import Viewer, link_parties
from ...model.reviews import Asked
from ...model.signing import content_hash
from ...model.summary import AgreementSummary
from ...store import Store, StoreError
from ...store.prefetch import Prefetch
from ...widgets.cells import cell
from ...widgets.dashboard import attention_cell, dashboard_content, next_cell
from ...widgets.footer import Footer
from ...widgets.row_table import RowTable

# The screens this one opens are imported when first opened: start-up imports only the list.
if TYPE_CHECKING:  # (a name for the type checker only)
    from ..common.watched import WatchedAgreementScreen

READING = "Reading the agreements…"
EMPTY = "No agreements yet.\n\nPress [b]n[/b] to draw one up with your mentor or mentee."
#: Fixed columns (label, width, key); the title takes whatever width is left.
COLUMNS = (
    ("Mentee", 9, "mentee"),
    ("Mentor", 9, "mentor"),
    ("End", 10, "end"),
    ("Status", 10, "status"),
    ("Next", 11, "next"),
    ("⚠", 3, "attention"),
)
#: Each column's cell padding, and room for the scrollbar.
CHROME = 2 * (len(COLUMNS) + 1) + 2


#: Each listed agreement's dashboard, or why its file cannot be read, by agreement id.
Boards = dict[str, Dashboard | StoreError]


def boards_of(summaries: list[AgreementSummary], at: datetime) -> Boards | None:
    """Each summary's dashboard as of ``at`` (or why its file cannot be read); None when a
    digest is stale then, so the list must be read again (which makes it anew)."""
    zone = local_zone()
    boards: Boards = {}
    for s in summaries:
        if s.damaged:
            boards[s.id] = StoreError(s.damaged)
            continue
        found = board(s, at, zone)
        if found is None:
            return None
        boards[s.id] = found
    return boards


#: A damaged row's dashboard never changes with time.
NEVER = datetime.max.replace(tzinfo=UTC)


def expiries_of(summaries: list[AgreementSummary], at: datetime) -> dict[str, datetime]:
    """When each summary's dashboard, as of ``at``, may first change: until then a minute
    passing needs nothing computed for it (most minutes, no row at all)."""
    zone = local_zone()
    return {s.id: NEVER if s.damaged else board_expires(s, at, zone) for s in summaries}


#: The screens imported in the background once the list is drawn, most used first.
LATER_SCREENS = (
    "agreement.editor",
    "meetings.log",
    "timeline.screen",
    "home.new_agreement",
    "meetings.session",
    "agreement.goal",
    "reviews.base",
    "reviews.evaluation",
    "reviews.decision",
    "people.registry",
    "home.trash",
    "people.programme",
    "agreement.export",
    "common.confirm",
)

#: Rows shown at once when the list is drawn; the rest follow, ROWS_AT_A_TIME per step, so
#: a list of 2,000 is on screen as soon as one of 50 and keys are handled between steps.
FIRST_ROWS = 50
ROWS_AT_A_TIME = 250

#: The columns' keys, in order (the title first).
KEYS = ("title", *(key for _, _, key in COLUMNS))

Cells = tuple[Text, ...]


def row_cells(summary: AgreementSummary, found: Dashboard | StoreError | None) -> Cells:
    """The cells of a row, one per column."""
    return (
        cell(summary.title),
        cell(summary.mentee),
        cell(summary.mentor),
        cell(summary.end_date),
        cell(status_text(summary, found)),
        next_cell(found),
        attention_cell(found),
    )


def changed_cells(summaries: list[AgreementSummary], boards: Boards, shown: dict[str, Cells]) -> dict[str, Cells]:
    """The rows whose cells differ from what is shown (worked out in a worker: 2,000 rows)."""
    changed = {}
    for s in summaries:
        cells = row_cells(s, boards.get(s.id))
        if shown.get(s.id) != cells:
            changed[s.id] = cells
    return changed


class Listed(NamedTuple):
    """What `HomeScreen._listed` shows of a listing: its first screenful worked out (on any thread)."""

    summaries: list[AgreementSummary]
    boards: Boards
    expires: dict[str, datetime]
    changed: dict[str, Cells]
    #: The version of the cells shown it was worked out against (None: the rows are others).
    version: int | None
    at: datetime
    keep: str | None
    warnings: list[str]
    stamp: object


def status_text(summary: AgreementSummary, board: object) -> str:
    """The Status cell: "damaged" for a file that cannot be read (listed or loaded)."""
    return "damaged" if summary.damaged or isinstance(board, StoreError) else summary.status.value


def current_time() -> datetime:
    """The instant the dashboards are computed for (tests put a fixed one here)."""
    return now()


class HomeScreen(MentorNode, Screen[None]):
    """Every agreement in the data directory, one row each."""

    BINDINGS = [
        Binding("n", "new", "New", id="home.new"),
        Binding("o", "open", "Open", id="home.open"),
        Binding("d", "delete", "Delete", id="home.delete", show=False, tooltip="Delete the agreement"),
        Binding("m", "meetings", "Log", id="home.meetings", tooltip="Meeting log"),
        Binding("t", "timeline", "Timeline", id="home.timeline", tooltip="Goals timeline"),
        Binding(
            "v",
            "review('due')",
            "Review",
            id="home.review",
            # Worded without "mid-point" and "end-date", so that the palette, searching for
            # either, puts the review of that name first rather than this one.
            tooltip="Review what is due now: the review halfway through, or the evaluation at the end",
        ),
        Binding("r", "refresh", "Refresh", id="home.refresh", show=False, tooltip="Refresh the list"),
        Binding(
            "x",
            "terminate",
            "End",
            id="home.terminate",
            tooltip="End the agreement early, without blame",
        ),
        Binding("u", "trash", "Trash", id="home.trash", tooltip="Deleted agreements: restore one (trash)"),
        Binding("p", "people", "People", id="home.people"),
        # Hidden: for everyone but coordinators p still says why nothing opens.
        Binding("p", "people(False)", show=False),
        # Coordinators: the programme report (also g on the People screen; the footer is full).
        Binding(
            "g",
            "programme",
            "Programme",
            id="home.programme",
            show=False,
            tooltip="The programme: every pair's figures and the totals",
        ),
        Binding("q", "app.quit", "Quit", id="home.quit"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.summaries: list[AgreementSummary] = []
        #: Each listed agreement's dashboard, or why it could not be read.
        self.dashboards: Boards = {}
        #: The minute the dashboards were computed for: they change as time passes.
        self._minute: datetime | None = None
        #: The agreement whose dashboard the panel shows.
        self._shown: str | None = None
        #: The store's list stamp when the list was read (index and files).
        self._list_stamp: object = None
        #: Listings asked for, and the last one done (each runs in a worker; the latest wins).
        self._listings = 0
        self._listings_done = 0
        #: The cells each row shows, and a count of changes to them (a worker's view of them
        #: is used only if nothing changed them since).
        self._cells: dict[str, Cells] = {}
        self._shown_version = 0
        #: When each row's dashboard may first change (see expiries_of).
        self._expires: dict[str, datetime] = {}
        #: Listings whose held keys were let go, and the one whose rows are being added.
        self._released: set[int] = set()
        self._filling: int | None = None
        #: A listing has been shown (until then the empty list is being read, not empty).
        self._have_list = False
        #: The app's first listing, read by a child while the app was imported (see on_mount).
        self._prefetch: Prefetch | None = None

    def compose(self) -> ComposeResult:
        yield Header()
        yield RowTable(id="agreements", cursor_type="row", zebra_stripes=True)
        yield Static(READING, id="empty")
        with VerticalScroll(id="dashboard"):
            yield Static(id="dashboard-text")
        yield Footer(compact=True)

    # The list itself is loaded by on_screen_resume, which also runs when first shown.

    def watch_disk(self) -> None:
        """Called by the app's watcher while the list is on top: others' changes, time passing."""
        self._look(
            self._list_stamp,
            list(self.summaries),
            self._minute,
            dict(self._cells),
            self._shown_version,
            dict(self._expires),
        )

    @work(thread=True, exclusive=True, group="watch", description="watch")
    def _look(
        self,
        known: object,
        summaries: list[AgreementSummary],
        minute: datetime | None,
        shown: dict[str, Cells],
        version: int,
        expires: dict[str, datetime],
    ) -> None:
        """Everything that grows with the data runs here: a stat of each file, and at each new
        minute the dashboards from the summaries (no agreement is read unless one changed)."""
        store = self.app.store
        try:
            stamp = store.list_stamp()
        except (StoreError, OSError):
            return
        if stamp != known:
            self.app.call_from_thread(self._index_changed)
            return
        at = current_time()
        if at.replace(second=0, microsecond=0) == minute:
            return  # nothing changed, and the dashboards are this minute's
        # Only what time changed; rows whose digest is still to be decoded come with theirs.
        due = [s for s in summaries if expires.get(s.id, at) <= at and (s.digest is not None or s.damaged)]
        boards = boards_of(due, at)
        if boards is None:  # a digest ran out of planned meetings: read those files again
            self.app.call_from_thread(self._index_changed)
            return
        changed = changed_cells(due, boards, shown)
        self.app.call_from_thread(self._boards_computed, summaries, boards, expiries_of(due, at), changed, version, at)

    def _index_changed(self) -> None:
        if self.is_current and self._listings_done == self._listings:  # not while one runs
            self.action_refresh()

    def _boards_computed(
        self,
        summaries: list[AgreementSummary],
        boards: Boards,
        expires: dict[str, datetime],
        changed: dict[str, Cells],
        version: int,
        at: datetime,
    ) -> None:
        if (
            summaries != self.summaries or version != self._shown_version or self.table.row_count != len(summaries)
        ):  # rows still being added
            return  # the list changed meanwhile; the next look computes them again
        self._minute = at.replace(second=0, microsecond=0)
        panel = self.selected_id
        before = self.dashboards.get(panel) if panel else None
        self.dashboards = {**self.dashboards, **boards} if boards else self.dashboards
        self._expires.update(expires)
        self._update_rows(changed)
        if panel in boards and boards[panel] != before:
            self._show_dashboard(panel)

    def _update_rows(self, changed: dict[str, Cells]) -> None:
        """Show the rows that changed, cell by cell (a minute changes few)."""
        table = self.table
        for agreement_id, cells in changed.items():
            shown = self._cells.get(agreement_id, ())
            for n, (key, new) in enumerate(zip(KEYS, cells, strict=False)):
                if n >= len(shown) or shown[n] != new:
                    table.update_cell(agreement_id, key, new)
            self._cells[agreement_id] = cells
        self._shown_version += 1

    def _show_dashboard(self, agreement_id: str | None) -> None:
        """Show the dashboard of this agreement in the panel under the table."""
        text = self.query_one("#dashboard-text", Static)
        board = self.dashboards.get(agreement_id) if agreement_id else None
        if agreement_id != self._shown:  # another agreement's dashboard starts at its top
            self._shown = agreement_id
            self.query_one("#dashboard", VerticalScroll).scroll_home(animate=False)
        if board is None:
            text.update("")
            return
        title = next((s.title for s in self.summaries if s.id == agreement_id), "")
        text.update(dashboard_content(board, title))

    @on(DataTable.RowHighlighted, "#agreements")
    def _follow_cursor(self, event: DataTable.RowHighlighted) -> None:
        self._show_dashboard(event.row_key.value if event.row_key else None)

    def on_mount(self) -> None:
        # A listing read while the app was imported is shown before the first frame is drawn.
        prefetch = self.app.take_prefetch()
        if prefetch is not None:
            self._prefetch = prefetch
            self.action_refresh()

    def on_screen_resume(self) -> None:
        if self._listings and self._prefetch is not None:
            self._prefetch = None  # listed from it on mount, just now
            return
        self.action_refresh()

    def on_resize(self) -> None:
        self._fill_table(self.selected_id)

    @property
    def table(self) -> DataTable[object]:
        """The agreements table."""
        return self.query_one("#agreements", DataTable)

    def action_refresh(self, select: str | None = None) -> None:
        """Reload the list from the store, keeping the cursor on the same agreement.

        Listing grows with the data: it runs in a worker, and keys typed meanwhile wait for
        the list they were meant for. No agreement is decoded to draw it, only the files
        that changed since the index was written.
        """
        keep = select or self.selected_id
        self.app.hold_keys()
        first = not self._listings
        self._listings += 1
        viewer, ids, shown = self.app.viewer, [s.id for s in self.summaries], dict(self._cells)
        # The first listing may have been read while the app was imported: if it is here
        # already (in memory: nothing waits), its first screenful is drawn in the first frame.
        prefetch = self._prefetch if first else None
        listed = prefetch.take_now(self.app.store, viewer.party) if prefetch is not None else None
        if listed is not None:
            assert prefetch is not None
            self._first_listed(self._listings, listed, prefetch.at, keep, viewer, ids, shown)
            return
        self._list(self._listings, keep, viewer, ids, shown, self._shown_version, prefetch)

    def _first_rows(
        self,
        listed: list[AgreementSummary],
        at: datetime,
        keep: str | None,
        viewer: Viewer,
        ids: list[str],
        shown: dict[str, Cells],
        version: int,
    ) -> tuple[Listed, int]:
        """What `_listed` shows of a listing: the first screenful (and the row to keep) with
        their digests and dashboards; the rest come after (`_rest_of`). Bounded work: any
        thread may do it. Returns what `_listed` shows, and how many rows it has dashboards for."""
        store = self.app.store
        summaries = [s for s in listed if viewer.sees(s)]
        stamp = store.listed_stamp
        warnings = list(store.warnings)
        store.warnings.clear()
        # The same rows in the same order: only the changed cells are updated, not 2,000 rows.
        same = [s.id for s in summaries] == ids
        # Else the first screenful (and the row to keep) is drawn first, the rest after it;
        # keys typed meanwhile wait for the whole list (a Down must not stop at row 50).
        head = len(summaries) if same else FIRST_ROWS + next((n for n, s in enumerate(summaries) if s.id == keep), 0)
        summaries = store.with_digests(summaries[:head]) + summaries[head:]
        boards = boards_of(summaries[:head], at) or {}
        changed = changed_cells(summaries[:head], boards, shown if same else {})
        return Listed(
            summaries,
            boards,
            expiries_of(summaries[:head], at),
            changed,
            version if same else None,
            at,
            keep,
            warnings,
            stamp,
        ), head

    def _rest_of(self, listing: int, later: list[AgreementSummary], at: datetime) -> None:
        """The rows after the first screenful, with their digests and dashboards (any number:
        a worker's thread only), to the screen."""
        store = self.app.store
        later = store.with_digests(later)
        rest = boards_of(later, at) or {}
        self.app.call_from_thread(
            self._rest_listed, listing, rest, expiries_of(later, at), changed_cells(later, rest, {}), later
        )

    def _first_listed(
        self,
        listing: int,
        listed: list[AgreementSummary],
        at: datetime,
        keep: str | None,
        viewer: Viewer,
        ids: list[str],
        shown: dict[str, Cells],
    ) -> None:
        """A listing already here (prefetched): its first screenful shown now, the rest from
        a worker."""
        first, head = self._first_rows(listed, at, keep, viewer, ids, shown, self._shown_version)
        summaries = first.summaries
        self._listed(listing, first, threading.Event())
        # After the first frame: what follows (the rest, the background imports) takes the GIL.
        if head < len(summaries):
            self.call_after_refresh(self._list_rest, listing, *self.app.store.kept_listing(), summaries[head:], at)
        else:
            self.call_after_refresh(self._listing_done, listing)

    @work(thread=True, group="list", description="list the rest")
    def _list_rest(
        self,
        listing: int,
        stamp: tuple[object, ...],
        digests: dict[str, Any],
        later: list[AgreementSummary],
        at: datetime,
    ) -> None:
        try:
            self.app.store.adopt_listing(stamp, digests)  # this thread's, to decode the digests
            self._rest_of(listing, later, at)
        except RuntimeError:  # the app stopped meanwhile
            return
        except Exception:
            with contextlib.suppress(RuntimeError):
                self.app.call_from_thread(self._listing_done, listing)
            raise

    @work(thread=True, group="list", description="list")
    def _list(
        self,
        listing: int,
        keep: str | None,
        viewer: Viewer,
        ids: list[str],
        shown: dict[str, Cells],
        version: int,
        prefetch: Prefetch | None = None,
    ) -> None:
        store = self.app.store
        released = False  # else keys held for this listing are let go at the end, whatever happened
        try:
            try:
                # A first listing read while the app was imported, if it comes in a moment
                # (its moment is then the dashboards' until the next minute's look).
                listed = prefetch.take(store, viewer.party) if prefetch is not None else None
                at = prefetch.at if listed is not None and prefetch is not None else current_time()
                # The digests are decoded for the rows drawn first, the rest's after the first
                # draw: with 2,000 agreements decoding them all was two thirds of the listing.
                if listed is None:
                    listed = store.list_agreements(at, viewer.party, digests_later=True)
            except (StoreError, OSError) as error:
                self.app.call_from_thread(self._not_listed, error)
                return
            first, head = self._first_rows(listed, at, keep, viewer, ids, shown, version)
            summaries = first.summaries
            painted = threading.Event()
            self.app.call_from_thread(self._listed, listing, first, painted)
            if head < len(summaries):
                painted.wait(0.5)  # the first screenful on screen before this thread takes the GIL
                self._rest_of(listing, summaries[head:], at)
            else:
                self.app.call_from_thread(self._listing_done, listing)
            released = True
        except RuntimeError:  # the app stopped meanwhile: nobody left to show it to
            return
        finally:
            if not released:
                try:
                    self.app.call_from_thread(self._listing_done, listing)
                except RuntimeError:
                    pass

    def _listing_done(self, listing: int) -> None:
        if listing in self._released:
            return
        if not self._released and not self.app.is_headless:  # the process is the app's
            # What is there once the first list is drawn (the app, its modules, the rows) lives
            # as long as the session: out of the collector's way, so a full collection does
            # not stop a key for 150 ms with 2,000 rows (measured).
            gc.freeze()
            self._import_screens()
        collecting.resume()  # held since the process began, if it was (mentortui.collecting)
        self._released.add(listing)
        if listing == self._listings:
            self._listings_done = listing
        self.app.release_keys()

    @work(thread=True, exclusive=True, group="imports", description="import the other screens")
    def _import_screens(self) -> None:
        """Import the screens the list opens, once it is drawn: start-up imports only the
        list, and the first Open, Log or Timeline then needs no import of its own. It also
        closes most of the time in which an update installed under a running session would
        leave it importing new code beside old (each is then imported already)."""
        for name in LATER_SCREENS:
            try:
                importlib.import_module(f"mentortui.screens.{name}")
            except Exception:  # the screen's own opening says what is wrong, if anything is
                continue
        gc.freeze()  # they live as long as the session too

    def _rest_listed(
        self,
        listing: int,
        boards: Boards,
        expires: dict[str, datetime],
        cells: dict[str, Cells],
        later: list[AgreementSummary],
    ) -> None:
        """The rows after the first screenful: added a batch at a time, the screen drawn and
        the clock going on between batches; the listing is done once all are there."""
        if listing != self._listings:
            self._listing_done(listing)
            return
        self.summaries = self.summaries[: len(self.summaries) - len(later)] + later  # with their digests
        self.dashboards = {**self.dashboards, **boards}
        self._expires.update(expires)
        self._cells.update(cells)
        self._filling = listing
        self._add_rows()

    def _add_rows(self, at_least: int = 0) -> None:
        table = self.table
        start = table.row_count
        for s in self.summaries[start : start + max(ROWS_AT_A_TIME, at_least)]:
            if s.id not in self._cells:
                return  # not computed yet: the rest comes with them
            table.add_row(*self._cells[s.id], key=s.id)
        self._shown_version += 1
        if table.row_count < len(self.summaries):
            if self.summaries[table.row_count].id in self._cells:
                self.call_later(self._add_rows)
        elif self._filling is not None:
            self._listing_done(self._filling)
            self._filling = None

    def _not_listed(self, error: Exception) -> None:
        self.notify(str(error), title="Could not list agreements", severity="error", markup=False)

    def _listed(self, listing: int, listed: Listed, painted: threading.Event) -> None:
        self.call_after_refresh(painted.set)
        summaries, boards, expires, changed, version, at, keep, warnings, stamp = listed
        if listing != self._listings:
            return  # a later listing is on its way
        viewer = self.app.viewer
        if viewer.is_coordinator or not self.app.served:  # paths of others' files: not for everyone
            for warning in warnings:
                self.notify(warning, title="Data directory", severity="warning", timeout=10, markup=False)
        self._list_stamp = stamp
        self.summaries, self.dashboards, self._expires = summaries, boards, expires
        self._have_list = True
        self._minute = at.replace(second=0, microsecond=0)
        if version == self._shown_version and self.table.row_count == len(summaries) and summaries:
            self._update_rows(changed)
            if keep and keep != self.selected_id and keep in self._cells:
                self.table.move_cursor(row=self.table.get_row_index(keep))
            self._show_dashboard(self.selected_id)
        else:
            self._cells = changed
            self._fill_table(keep)

    def _fill_table(self, keep: str | None) -> None:
        """Show the summaries, with the title column taking the width the others leave."""
        table = self.table
        table.clear(columns=True)
        title_width = max(12, self.size.width - CHROME - sum(width for _, width, _ in COLUMNS))
        for label, width, key in (("Title", title_width, "title"), *COLUMNS):
            table.add_column(label, width=width, key=key)
        ids = [s.id for s in self.summaries]
        self._add_rows(ids.index(keep) + 1 if keep in ids else 0)
        empty = not self.summaries
        # Before the first listing is here (a first start reads every file), say so.
        self.query_one("#empty", Static).update(EMPTY if self._have_list else READING)
        self.query_one("#empty").display = empty
        table.display = not empty
        self.query_one("#dashboard").display = not empty
        if keep in ids and keep in table.rows:
            table.move_cursor(row=table.get_row_index(keep))
        self._show_dashboard(self.selected_id)
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
        if (action == "people" and not parameters) or action == "programme":
            return self.app.viewer.is_coordinator
        return True

    def action_people(self, listed: bool = True) -> None:
        """Open the people registry (coordinators only).

        ``listed`` is False for the hidden binding, which `check_action` leaves enabled.
        """
        if self.app.viewer.is_coordinator:
            from ..people.registry import PeopleScreen

            self.app.push_screen(PeopleScreen())
        else:
            self.notify("Only coordinators manage people.", markup=False)

    def action_programme(self) -> None:
        """Open the programme report (coordinators only)."""
        if not self.app.viewer.is_coordinator:
            self.notify("Only coordinators see the whole programme.", markup=False)
            return
        from ..people.programme import ProgrammeScreen

        self.app.push_screen(ProgrammeScreen())

    def action_trash(self) -> None:
        """Show the deleted agreements, to restore one."""
        from .trash import TrashScreen

        self.app.push_screen(TrashScreen(), lambda restored: self.action_refresh(select=restored))

    def action_new(self) -> None:
        """Start a new agreement."""
        from .new_agreement import NewAgreementScreen

        self.app.push_screen(NewAgreementScreen(), self._created)

    def _created(self, agreement: Agreement | None) -> None:
        if agreement is None:
            return
        self.app.hold_keys()  # what is typed next goes to the new agreement's first field
        self._create(agreement, self.app.viewer)

    @work(thread=True, group="create", description="create")
    def _create(self, agreement: Agreement, viewer: Viewer) -> None:
        store = self.app.store
        try:
            created = store.create(link_parties(agreement, store.people.all(), viewer))
        except (StoreError, OSError) as error:
            self.app.call_from_thread(self._not_created, error)
            return
        self.app.call_from_thread(self._open_created, created)

    def _not_created(self, error: Exception) -> None:
        self.app.release_keys()
        self.notify(str(error), title="Not created", severity="error", markup=False)

    def _open_created(self, created: Agreement) -> None:
        from ..agreement.editor import AgreementEditor

        try:
            self.action_refresh(select=created.id)
            self.app.push_screen(AgreementEditor(created))
        finally:
            self.app.release_keys()

    @on(DataTable.RowSelected, "#agreements")
    def action_open(self) -> None:
        """Open the agreement under the cursor (read in the background; keys typed meanwhile
        go to the editor once it is there)."""
        self._with_selected(self._edit)

    def _edit(self, agreement: Agreement) -> None:
        from ..agreement.editor import AgreementEditor

        self.app.push_screen(AgreementEditor(agreement))

    def _with_selected(self, then: Callable[[Agreement], object]) -> None:
        """Read the agreement under the cursor in a worker, then call ``then`` with it."""
        agreement_id = self.selected_id
        if agreement_id is None:
            self.notify("There is no agreement yet: press n to create one.")
            return
        self.app.hold_keys()
        self._read_selected(agreement_id, then)

    @work(thread=True, group="open", description="open")
    def _read_selected(self, agreement_id: str, then: Callable[[Agreement], object]) -> None:
        try:
            agreement = self.app.store.load(agreement_id)
        except (StoreError, OSError) as error:
            self.app.call_from_thread(self._not_opened, error)
            return
        # What every screen of it asks first (are the signatures current?) is worked out
        # here, off the UI thread: hashing what was signed took 25 ms at the limits.
        content_hash(agreement)
        self.app.call_from_thread(self._opened, agreement, then)

    def _opened(self, agreement: Agreement, then: Callable[[Agreement], object]) -> None:
        try:
            then(agreement)
        finally:
            self.app.release_keys()

    def _not_opened(self, error: Exception) -> None:
        self.app.release_keys()
        self.notify(str(error), title="Could not open", severity="error", timeout=15, markup=False)

    def palette_commands(self) -> Iterable[SystemCommand]:
        """The two reviews by name, for the command palette."""
        yield SystemCommand(
            "Mid-point review",
            "Open the mid-point review of the highlighted agreement",
            lambda: self.action_review("midpoint"),
        )
        yield SystemCommand(
            "End-date evaluation",
            "Open the end-date evaluation of the highlighted agreement",
            lambda: self.action_review("end"),
        )

    def action_review(self, which: Asked = "due") -> None:
        """Open the review that is due (mid-point or end date), or the one named; else say when it opens."""
        self._with_selected(lambda agreement: self._review(agreement, which))

    def _review(self, agreement: Agreement, which: Asked) -> None:
        from ..reviews.evaluation import review_screen_for

        today = to_local(current_time(), local_zone()).date()
        chosen = review_screen_for(agreement, today, which)
        if isinstance(chosen, str):
            self.notify(chosen, title="No review yet", markup=False)
        else:
            self.app.push_screen(chosen)

    @work(thread=True, group="change", description="change")
    def _in_background(
        self, change: Callable[[Store], object], failed: str, said: Callable[[object], str], title: str = ""
    ) -> None:
        """Make a change to the store in a worker; then refresh the list and say ``said(result)``
        (or, when it failed, why, titled ``failed``)."""
        try:
            result = change(self.app.store)
        except (StoreError, ValidationError, OSError) as error:
            self.app.call_from_thread(self.notify, str(error), title=failed, severity="error", markup=False)
            return
        self.app.call_from_thread(self._changed_in_background, said(result), title)

    def _changed_in_background(self, text: str, title: str) -> None:
        self.action_refresh()
        self.notify(text, title=title, markup=False)

    def _open_selected(self, screen: type[WatchedAgreementScreen]) -> None:
        """Open a screen on the agreement under the cursor (read in the background)."""
        self._with_selected(lambda agreement: self.app.push_screen(screen(agreement.id).opened_with(agreement)))

    def action_terminate(self) -> None:
        """End the highlighted agreement early, without blame, after asking (a reason is optional)."""
        self._with_selected(self._terminate)

    def _terminate(self, agreement: Agreement) -> None:
        from ..reviews.decision import terminate_screen

        if is_closed(agreement):
            self.notify(f"This agreement was already {closed_since(agreement)}.", markup=False)
            return

        def terminate(reason: str | None) -> None:
            if reason is None:
                return
            today = to_local(current_time(), local_zone()).date()
            handle, at = self.app.viewer.handle, now()
            self._in_background(
                lambda store: store.update(agreement.id, lambda a: terminate_agreement(a, today, handle, at, reason)),
                "Not ended",
                lambda _: "Ended without blame. It can be reopened from its evaluation (v).",
            )

        self.app.push_screen(terminate_screen(agreement), terminate)

    def action_timeline(self) -> None:
        """Open the goals timeline of the agreement under the cursor."""
        from ..timeline.screen import TimelineScreen

        self._open_selected(TimelineScreen)

    def action_meetings(self) -> None:
        """Open the meeting log of the agreement under the cursor."""
        from ..meetings.log import MeetingLogScreen

        self._open_selected(MeetingLogScreen)

    def action_delete(self) -> None:
        """Delete the agreement under the cursor, after asking."""
        from ..common.confirm import ConfirmScreen

        agreement_id = self.selected_id
        if agreement_id is None:
            self.notify("There is no agreement to delete.")
            return
        title = next(s.title for s in self.summaries if s.id == agreement_id)

        def delete(yes: bool | None) -> None:
            if not yes:
                return
            self._in_background(
                lambda store: store.delete(agreement_id),
                "Not deleted",
                lambda _: "Moved to the trash: u shows it, and r there restores it.",
                "Agreement deleted",
            )

        self.app.push_screen(ConfirmScreen(f"Delete the agreement “{title}”?", "Delete"), delete)
