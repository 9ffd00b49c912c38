"""Provides the tentative meeting dialogs: add or edit a row; the time to fill from frequency at."""

from __future__ import annotations

from datetime import date, datetime, time

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.content import Content
from textual.suggester import SuggestFromList
from textual.widgets import Input, MaskedInput, Static

from ...clock import SkippedTime, from_local, parse_time, repeated_note, to_local, zone_name
from ...model import Agreement, Severity, TentativeMeeting
from ...model.enums import LOCATION_CHOICES
from ...model.schedule import agreed_length
from ...model.validation import check_tentative_meeting
from ...text import plain
from ...widgets.date_input import DateInput, TimeInput, read_day
from ...widgets.field import Field
from ...widgets.footer import Footer
from ...widgets.safe_text import SafeInput
from ..common.dialog import FormDialog, Judged, dialog_buttons

#: The dialog's controls, in order; the Field around each is "<id>-field".
CONTROLS = ("meeting-date", "meeting-time", "meeting-duration", "meeting-location", "meeting-purpose")


def time_input(at: time | None, id: str) -> MaskedInput:
    """A masked HH:MM field (24 h) in the viewer's local time; it says what it refuses."""
    return TimeInput(at, id=id, compact=True)


def read_time(control: MaskedInput) -> time:
    """The time typed; ValueError with the message to show when it is blank or not a time."""
    at = parse_time(control.value)
    if at is None:
        raise ValueError("A time is required: HH:MM, e.g. 15:30.")
    return at


def read_instant(day: date, at: time, problems: dict[str, str], control: str) -> datetime | None:
    """The instant of a local day and time typed; a time the clocks skip that day (they go
    forward) is noted in ``problems`` at ``control``, and None given. A time they show twice
    (they go back) is the first: see `repeated_note` for saying so."""
    try:
        return from_local(day, at, strict=True)
    except SkippedTime as error:
        problems[control] = str(error)
        return None


class TentativeMeetingScreen(FormDialog[TentativeMeeting]):
    """Add or edit a row of the tentative meeting schedule; the time is the viewer's local time."""

    AUTO_FOCUS = "#meeting-date"
    CONTROLS = CONTROLS
    SAVE_ON_ENTER = False
    DISCARD_QUESTION = "Discard what you typed for this meeting?"

    def __init__(self, agreement: Agreement, row: TentativeMeeting | None = None) -> None:
        super().__init__()
        self.agreement = agreement
        #: A new row starts from the agreed length and location.
        self.row = row or TentativeMeeting(
            duration_minutes=agreed_length(agreement.schedule), location=agreement.schedule.location
        )
        self.is_new = row is None
        self._initial: dict[str, str] = {}

    def compose(self) -> ComposeResult:
        local = to_local(self.row.when) if self.row.when else None
        duration = self.row.duration_minutes
        with VerticalScroll(id="dialog"):
            yield Static(
                "New tentative meeting" if self.is_new else "Edit tentative meeting",
                classes="dialog-title",
            )
            day, at = (local.date(), local.time()) if local else (None, None)
            yield Field("Date *", DateInput(day, id="meeting-date", compact=True))
            yield Field("Time (local) *", time_input(at, "meeting-time"))
            yield Field(
                "Duration (min)",
                SafeInput(
                    str(duration) if duration is not None else "", type="integer", id="meeting-duration", compact=True
                ),
            )
            yield Field(
                "Location",
                SafeInput(
                    self.row.location,
                    id="meeting-location",
                    compact=True,
                    suggester=SuggestFromList(LOCATION_CHOICES, case_sensitive=False),
                ),
            )
            yield Field(
                "Purpose",
                SafeInput(self.row.purpose, placeholder="agenda", id="meeting-purpose", compact=True),
            )
            yield from dialog_buttons("Save (ctrl+s)")
        yield Footer()

    def on_mount(self) -> None:
        self._initial = self._values()

    def _values(self) -> dict[str, str]:
        return {control: self.query_one(f"#{control}", Input).value for control in CONTROLS}

    def has_typed(self) -> bool:
        return self._values() != self._initial

    def judge(self) -> Judged[TentativeMeeting]:
        """The row the dialog describes, what stops it (by control id), and what to warn of."""
        problems: dict[str, str] = {}
        day = read_day(self.query_one("#meeting-date", DateInput), problems)
        at: time | None = None
        try:
            at = read_time(self.query_one("#meeting-time", MaskedInput))
        except ValueError as error:
            problems["meeting-time"] = str(error)
        text = self.query_one("#meeting-duration", Input).value.strip()
        duration = None
        if text:
            try:
                duration = int(text)
            except ValueError:
                problems["meeting-duration"] = f"{text!r} is not a whole number."
        when = read_instant(day, at, problems, "meeting-time") if day and at else None
        row = self.row.edit(
            when=when,
            zone=zone_name() if when != self.row.when else self.row.zone,
            duration_minutes=duration,
            location=self.query_one("#meeting-location", Input).value.strip(),
            purpose=self.query_one("#meeting-purpose", Input).value.strip(),
        )
        warnings: dict[str, str] = {}
        for problem in check_tentative_meeting(row, self.agreement, "row"):
            target = "meeting-date" if problem.path == "row.when" else "meeting-duration"
            found = warnings if problem.severity is Severity.WARNING else problems
            found.setdefault(target, problem.sentence)
        return row, problems, warnings

    def collect(self) -> TentativeMeeting | None:
        row, problems, warnings = self.judge()
        if row is not None and row.when is not None and row.when != self.row.when:
            # Said once: a time the clocks show twice is taken as the first of the two.
            note = repeated_note(row.when)
            if note:
                self.point_out_once(problems, "meeting-time", row.when, f"{note}. ctrl+s again saves it.")
        return row if self.show_problems(problems, warnings) else None


class FillScheduleScreen(FormDialog[time]):
    """Ask the local time for the meetings "Fill from frequency" is about to add."""

    AUTO_FOCUS = "#fill-time"
    CONTROLS = ("fill-time",)
    BINDINGS = [Binding("ctrl+s", "save", "Fill", id="fill.fill", priority=True)]

    def __init__(self, summary: str, default: time) -> None:
        super().__init__()
        self.summary = summary
        self.default = default

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="dialog"):
            yield Static("Fill from frequency", classes="dialog-title")
            yield Static(Content(plain(self.summary)), id="fill-summary")
            yield Field("Time (local)", time_input(self.default, "fill-time"))
            yield from dialog_buttons("Fill (ctrl+s)")
        yield Footer()

    def collect(self) -> time | None:
        """The time typed, or None after saying at the field why it is not one."""
        try:
            at = read_time(self.query_one("#fill-time", MaskedInput))
        except ValueError as error:
            self.show_problems({"fill-time": str(error)})
            return None
        self.show_problems({})
        return at
