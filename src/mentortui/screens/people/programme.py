"""Provides ProgrammeScreen: every pair's figures and the programme's totals, for coordinators."""

from __future__ import annotations

from datetime import tzinfo

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.content import Content
from textual.screen import Screen
from textual.widgets import DataTable, Header, Static

from ... import clock
from ...mentor_node import MentorNode
from ...model.base import now
from ...model.programme import ProgrammeReport, programme_report
from ...store import StoreError
from ...text import plain
from ...widgets.cells import cell
from ...widgets.footer import Footer
from ...widgets.row_table import RowTable

#: The columns: what each pair shows at 80 columns (`mentortui report` has them in words).
COLUMNS = (
    ("Pair", 15),
    ("Status", 10),
    ("Signed", 6),
    ("Held", 5),
    ("Last", 4),
    ("Goals", 6),
    ("Rev", 3),
    ("Per month", 12),
)


def totals_line(report: ProgrammeReport) -> str:
    """The programme's totals in two short lines."""
    share = report.cadence_share
    cadence = "no countable cadence" if share is None else f"{share:.0%} keep their cadence"
    outcomes = ", ".join(f"{k} {v}" for k, v in report.outcomes.items())
    return (
        f"{report.start.isoformat()} to {report.end.isoformat()} · {len(report.pairs)} pairs, "
        f"{report.active} active, {cadence}\nGoal outcomes: {outcomes} · extensions {report.extensions}, "
        f"dissolutions {report.dissolutions}"
    )


class ProgrammeScreen(MentorNode, Screen[None]):
    """The programme report: a row a pair (held/expected meetings, days since the last one,
    goals met/overdue/on track, M and E for the reviews done, a bar a month), totals above."""

    BINDINGS = [
        Binding("r", "refresh", "Refresh", id="programme.refresh", tooltip="Read the programme again"),
        Binding("escape,b", "back", "Back", id="programme.back"),
    ]

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("Reading every agreement…", id="programme-totals")
        yield RowTable(id="programme", cursor_type="row", zebra_stripes=True)
        yield Static(
            "Held: meetings held / expected from the agreed frequency · Last: days since the last "
            "· Goals: met/overdue/on track · Rev: M mid-point, E evaluation",
            id="programme-key",
        )
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self.sub_title = "Programme"
        table = self.query_one("#programme", DataTable)
        for label, width in COLUMNS:
            table.add_column(label, width=width)
        table.focus()
        self.action_refresh()

    def action_refresh(self) -> None:
        """Read every agreement again (in a worker) and show the figures."""
        self._read(clock.local_zone())

    @work(thread=True, exclusive=True, group="programme", description="programme report")
    def _read(self, zone: tzinfo) -> None:
        store = self.app.store
        try:
            agreements = [store.load(s.id) for s in store.list_agreements(digests=False) if not s.damaged]
            end = now().astimezone(zone).date()
            start = min((a.start_date for a in agreements if a.start_date), default=end)
            report, error = programme_report(agreements, min(start, end), end, zone), None
        except (StoreError, OSError) as failure:
            report, error = None, failure
        self.app.call_from_thread(self._show, report, error)

    def _show(self, report: ProgrammeReport | None, error: Exception | None) -> None:
        totals = self.query_one("#programme-totals", Static)
        if report is None:
            totals.update(Content(plain(f"The programme could not be read: {error}", single_line=True)))
            return
        totals.update(Content(plain(totals_line(report))))
        table = self.query_one("#programme", DataTable)
        table.clear()
        for p in report.pairs:
            held = f"{p.held}/{p.expected}" if p.expected is not None else str(p.held)
            last = "" if p.days_since_last is None else str(p.days_since_last)
            reviews = ("M" if p.midpoint_done else "·") + ("E" if p.evaluation_done else "·")
            table.add_row(
                cell(p.title),
                cell(p.status),
                "yes" if p.signed else "no",
                held,
                last,
                f"{p.goals_met}/{p.goals_overdue}/{p.goals_on_track}",
                reviews,
                p.bars[-12:],
                key=p.id,
            )

    def action_back(self) -> None:
        """Back to where it was opened from."""
        self.dismiss(None)
