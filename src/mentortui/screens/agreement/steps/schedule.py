"""Provides ScheduleStep: how often, how long and where to meet, tentative meetings, resources."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date, time

from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.content import Content
from textual.suggester import SuggestFromList
from textual.widgets import Input, Static

from ....clock import from_local, show, to_local, today, zone_name
from ....model import Agreement, FieldProblem, TentativeMeeting
from ....model.enums import FREQUENCY_CHOICES, LOCATION_CHOICES
from ....model.rows import move_row
from ....model.schedule import (
    agreed_length,
    dates_to_fill,
    fill_from,
    insert_in_order,
    regular_frequency,
)
from ....text import plain
from ....widgets.field import Field
from ....widgets.record_table import RecordTable
from ....widgets.safe_text import SafeInput
from ...common.confirm import ConfirmScreen
from ..messages import EditAgreement
from ..tentative import FillScheduleScreen, TentativeMeetingScreen
from .base import Step, field_id, lines_of, long_text

#: Date/Time, Duration, Location, Purpose: fits 80 columns with the step's padding.
COLUMNS = (("Date/Time", 22), ("Minutes", 7), ("Location", 13), ("Purpose", 20))
INT_FIELDS = ("length_min_minutes", "length_max_minutes", "notice_hours")
TEXT_FIELDS = ("frequency", "location", "place_time")
NOON = time(12, 0)
#: A change to the tentative meetings: the rows as the screen holds them -> the new rows.
Rows = Callable[[tuple[TentativeMeeting, ...]], tuple[TentativeMeeting, ...]]
REGULAR = ", ".join(FREQUENCY_CHOICES[:-1]) + " or " + FREQUENCY_CHOICES[-1]
ROW_PATH = re.compile(r"tentative_meetings\[(\d+)\]")


class TentativeTable(RecordTable):
    """The tentative meeting schedule; adds "f" to fill it from the agreed frequency."""

    BINDINGS = [Binding("f", "request('fill')", "Fill", tooltip="Fill from frequency", id="schedule.fill")]


def describe(row: TentativeMeeting) -> str:
    """A row in words, for a question about it: its local date/time and purpose."""
    when = show(row.when) or "no date"
    return f"{when} ({row.purpose})" if row.purpose else when


def int_input(path: str, placeholder: str = "") -> Input:
    """A whole-number Input for a schedule field."""
    return SafeInput(placeholder=placeholder, type="integer", id=field_id(path), compact=True)


class ScheduleStep(Step):
    """Step 3: frequency, length, location and notice; the tentative meetings; resources."""

    TITLE = "Schedule"
    PATHS = ("schedule", "tentative_meetings", "resources")
    NAMES = {
        "schedule.length_min_minutes": "shortest length (minutes)",
        "schedule.length_max_minutes": "longest length (minutes)",
    }

    def compose(self) -> ComposeResult:
        yield Static("How we meet", classes="section")
        yield Field(
            "Frequency",
            SafeInput(
                placeholder="weekly, monthly… or your own words",
                suggester=SuggestFromList(FREQUENCY_CHOICES, case_sensitive=False),
                id="schedule-frequency",
                compact=True,
            ),
        )
        with Horizontal(classes="pair"):
            yield Field("Length (minutes)", int_input("schedule.length_min_minutes", "shortest"))
            yield Field("to", int_input("schedule.length_max_minutes", "longest (blank: fixed)"))
        yield Field(
            "Location",
            SafeInput(
                placeholder="in clinic, off-site, virtual… or your own words",
                suggester=SuggestFromList(LOCATION_CHOICES, case_sensitive=False),
                id="schedule-location",
                compact=True,
            ),
        )
        yield Field(
            "Usual place/time",
            SafeInput(placeholder="e.g. Tuesdays 9:00, room 2", id="schedule-place_time", compact=True),
        )
        yield Field("Notice (hours)", int_input("schedule.notice_hours", "e.g. 24"))
        yield Static("Tentative meeting schedule", classes="section")
        yield Static(
            "a add · e edit · d delete · [ ] move · f fill from frequency (local times)",
            classes="hint",
        )
        yield TentativeTable(COLUMNS, id="tentative_meetings")
        yield Static("", id="tentative-problems")
        yield Field("Resources", long_text("resources"))
        yield Static("Required resources & references: one per line.", classes="hint")

    # -- fields ----------------------------------------------------------------------------

    def show(self, agreement: Agreement) -> None:
        schedule = agreement.schedule
        for name in TEXT_FIELDS:
            self.set_text(f"schedule.{name}", getattr(schedule, name))
        for name in INT_FIELDS:
            value = getattr(schedule, name)
            self.set_text(f"schedule.{name}", "" if value is None else str(value), stored=value)
        self.set_text("resources", "\n".join(agreement.resources), stored=agreement.resources)
        self.show_table(agreement)

    def collect(self, agreement: Agreement) -> Agreement:
        old = agreement.schedule
        schedule = old.edit(
            **{name: self.typed(f"schedule.{name}") for name in TEXT_FIELDS},
            **{name: self.read_int(f"schedule.{name}", getattr(old, name)) for name in INT_FIELDS},
        )
        return agreement.edit(schedule=schedule, resources=self.typed("resources", lines_of))

    @classmethod
    def is_complete(cls, agreement: Agreement) -> bool:
        schedule = agreement.schedule
        return (
            bool(schedule.frequency.strip() and schedule.location.strip())
            and (schedule.length_min_minutes is not None or schedule.length_max_minutes is not None)
            and schedule.notice_hours is not None
        )

    def show_problems(self, problems: list[FieldProblem]) -> None:
        """Field problems at their fields; a row's problems under the table, by row number."""
        super().show_problems(problems)
        lines = []
        for problem in problems:
            match = ROW_PATH.match(problem.path)
            if match:
                lines.append(f"Row {int(match[1]) + 1}: {problem.message}.")
        note = self.query_one("#tentative-problems", Static)
        note.update(Content(plain("\n".join(lines))))
        note.display = bool(lines)

    def focus_field(self, path: str) -> bool:
        """Focus a field; for a tentative meeting's problem, the table on that row."""
        match = ROW_PATH.match(path)
        if match is None:
            return super().focus_field(path)
        index = int(match[1])
        self.table.fill()
        if index >= self.table.row_count:
            return False
        self.table.focus()
        self.table.move_cursor(row=index)
        self.call_after_refresh(self._table_in_view)
        return True

    # -- tentative meetings ----------------------------------------------------------------

    @property
    def table(self) -> TentativeTable:
        """The tentative meeting schedule."""
        return self.query_one("#tentative_meetings", TentativeTable)

    def show_table(self, agreement: Agreement, select: str | None = None) -> None:
        """Fill the table from the agreement, times in the viewer's zone."""
        self.table.show(
            [
                (row.id, (show(row.when), row.duration_minutes, row.location, row.purpose))
                for row in agreement.tentative_meetings
            ],
            select=select,
        )

    def _save_rows(self, change: Rows, select: str | None = None) -> None:
        """Change the rows (the screen takes it as an edit), then show what it holds."""

        def shown(agreement: Agreement) -> None:
            self.show_table(agreement, select=select)
            self.call_after_refresh(self._table_in_view)

        self.post_message(
            EditAgreement(
                lambda agreement: agreement.edit(tentative_meetings=change(agreement.tentative_meetings)), then=shown
            )
        )

    def _table_in_view(self) -> None:
        note = self.query_one("#tentative-problems", Static)
        if note.display:  # the rows' problems under the table too, when there is room
            self.scroll_to_widget(note, animate=False)
        self.scroll_to_widget(self.table, animate=False)

    def on_descendant_focus(self, event: events.DescendantFocus) -> None:
        if event.widget is self.table:  # the whole table, not just its first line
            self.call_after_refresh(self._table_in_view)

    @on(RecordTable.Requested, "#tentative_meetings")
    def _requested(self, event: RecordTable.Requested) -> None:
        event.stop()
        agreement = self.agreement
        rows = agreement.tentative_meetings
        by_id = {row.id: row for row in rows}
        chosen = by_id.get(event.record_id) if event.record_id else None
        if event.what == "add":
            self.app.push_screen(TentativeMeetingScreen(agreement), self._added)
        elif event.what == "fill":
            self._ask_fill(agreement)
        elif chosen is None:
            self.notify("The schedule has no rows yet: press a to add one.", markup=False)
        elif event.what == "edit":
            self.app.push_screen(TentativeMeetingScreen(agreement, chosen), self._edited)
        elif event.what == "delete":
            row_id = chosen.id

            def answered(yes: bool | None) -> None:
                if yes:
                    self._deleted(row_id)

            self.app.push_screen(ConfirmScreen(f"Delete the meeting on {describe(chosen)}?", "Delete"), answered)
        elif event.what in ("up", "down"):
            row_id, up = chosen.id, event.what == "up"
            if move_row(rows, row_id, up) is not rows:  # the first up or the last down: nothing
                self._save_rows(lambda current: move_row(current, row_id, up), select=row_id)

    def _added(self, row: TentativeMeeting | None) -> None:
        if row is not None:
            self._save_rows(lambda rows: insert_in_order(rows, [row]), select=row.id)

    def _edited(self, row: TentativeMeeting | None) -> None:
        if row is not None:
            self._save_rows(lambda rows: tuple(row if r.id == row.id else r for r in rows), select=row.id)

    def _deleted(self, row_id: str) -> None:
        self._save_rows(lambda rows: tuple(r for r in rows if r.id != row_id))

    # -- fill from frequency ---------------------------------------------------------------

    def _new_dates(self, agreement: Agreement) -> list[date] | None:
        """The dates the agreed frequency adds, or None after saying why there are none."""
        schedule = agreement.schedule
        if regular_frequency(schedule.frequency) is None:
            typed = schedule.frequency.strip()
            what = f"The frequency {typed!r}" if typed else "No frequency"
            self.notify(
                f"{what} cannot fill the schedule: only {REGULAR} can. Add the meetings one by one (a) instead.",
                title="Fill from frequency",
                severity="warning",
                markup=False,
            )
            return None
        if agreement.start_date is None or agreement.end_date is None:
            self.notify(
                "Set the start and end dates (step 1, Parties) to fill the schedule.",
                title="Fill from frequency",
                severity="warning",
                markup=False,
            )
            return None
        if agreement.end_date < today():
            self.notify(
                f"The agreement ended on {agreement.end_date}: no meetings are planned after its end date.",
                title="Fill from frequency",
                severity="warning",
                markup=False,
            )
            return None
        taken = {to_local(r.when).date() for r in agreement.tentative_meetings if r.when}
        dates = dates_to_fill(agreement.start_date, agreement.end_date, schedule.frequency, today())
        new = [day for day in dates if day not in taken]
        if not new:
            since = fill_from(agreement.start_date, today())
            self.notify(
                "Every date the frequency gives is already in the schedule."
                if dates
                else f"The frequency gives no date from {since} to {agreement.end_date}.",
                title="Fill from frequency",
                markup=False,
            )
            return None
        return new

    def _ask_fill(self, agreement: Agreement) -> None:
        new = self._new_dates(agreement)
        if new is None:
            return
        first = next((r.when for r in agreement.tentative_meetings if r.when), None)
        default = to_local(first).time().replace(second=0, microsecond=0) if first else NOON
        frequency = regular_frequency(agreement.schedule.frequency)
        start = agreement.start_date
        assert start is not None  # else _new_dates said why and gave None
        summary = (
            f"Add {len(new)} meeting{'s' if len(new) != 1 else ''} {frequency} from "
            f"{fill_from(start, today())} to {agreement.end_date} (dates already in the table are "
            "skipped), at this local time:"
        )
        self.app.push_screen(FillScheduleScreen(summary, default), self._fill)

    def _fill(self, at: time | None) -> None:
        if at is None:
            return
        agreement = self.agreement
        new = self._new_dates(agreement)
        if new is None:
            return
        schedule = agreement.schedule
        added = [
            TentativeMeeting(
                when=from_local(day, at),
                zone=zone_name(),
                duration_minutes=agreed_length(schedule),
                location=schedule.location,
            )
            for day in new
        ]
        self._save_rows(lambda rows: insert_in_order(rows, added), select=added[0].id)
        count = f"{len(added)} tentative meeting{'s' if len(added) != 1 else ''}"
        self.notify(f"Added {count}.", title="Fill from frequency", markup=False)
