"""Provides the tentative meeting dialogs: add or edit a row; the time to fill from frequency at."""

from __future__ import annotations

from datetime import date, time

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.suggester import SuggestFromList
from textual.widgets import Button, Footer, Input, MaskedInput, Static

from ..clock import from_local, parse_time, to_local
from ..model import Agreement, Severity, TentativeMeeting
from ..model.enums import LOCATION_CHOICES
from ..model.schedule import agreed_length
from ..model.validation import check_tentative_meeting
from ..text import plain
from ..widgets.date_input import DateInput
from ..widgets.field import Field
from .confirm import ConfirmScreen

#: The dialog's controls, in order; the Field around each is "<id>-field".
CONTROLS = (
    "meeting-date", "meeting-time", "meeting-duration", "meeting-location", "meeting-purpose"
)


def time_input(at: time | None, id: str) -> MaskedInput:
    """A masked HH:MM field (24 h) in the viewer's local time."""
    return MaskedInput(
        template="99:99",
        value=at.strftime("%H:%M") if at else None,
        placeholder="HH:MM",
        id=id,
        compact=True,
    )


def read_time(control: MaskedInput) -> time:
    """The time typed; ValueError with the message to show when it is blank or not a time."""
    at = parse_time(control.value)
    if at is None:
        raise ValueError("A time is required: HH:MM, e.g. 15:30.")
    return at


class TentativeMeetingScreen(ModalScreen[TentativeMeeting | None]):
    """Add or edit a row of the tentative meeting schedule; the time is the viewer's local time."""

    AUTO_FOCUS = "#meeting-date"
    BINDINGS = [
        Binding("ctrl+s", "save", "Save", id="tentative.save", priority=True),
        Binding("escape", "cancel", "Cancel", id="tentative.cancel"),
    ]

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
                Input(str(duration) if duration is not None else "", type="integer",
                      id="meeting-duration", compact=True),
            )
            yield Field(
                "Location",
                Input(self.row.location, id="meeting-location", compact=True,
                      suggester=SuggestFromList(LOCATION_CHOICES, case_sensitive=False)),
            )
            yield Field(
                "Purpose",
                Input(self.row.purpose, placeholder="agenda", id="meeting-purpose", compact=True),
            )
            with Horizontal(id="buttons"):
                yield Button("Save (ctrl+s)", variant="primary", id="save", compact=True)
                yield Button("Cancel (esc)", id="cancel", compact=True)
        yield Footer()

    def on_mount(self) -> None:
        self._initial = self._values()

    def _values(self) -> dict[str, str]:
        return {control: self.query_one(f"#{control}", Input).value for control in CONTROLS}

    def _collect(self) -> TentativeMeeting | None:
        """The row the dialog describes, or None after showing each problem at its field."""
        problems: dict[str, str] = {}
        day: date | None = None
        at: time | None = None
        try:
            day = self.query_one("#meeting-date", DateInput).date
            if day is None:
                problems["meeting-date"] = "A date is required: YYYY-MM-DD."
        except ValueError as error:
            problems["meeting-date"] = str(error)
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
        row = self.row.edit(
            when=from_local(day, at) if day and at else None,
            duration_minutes=duration,
            location=self.query_one("#meeting-location", Input).value.strip(),
            purpose=self.query_one("#meeting-purpose", Input).value.strip(),
        )
        warnings: dict[str, str] = {}
        for problem in check_tentative_meeting(row, self.agreement, "row"):
            target = "meeting-date" if problem.path == "row.when" else "meeting-duration"
            found = warnings if problem.severity is Severity.WARNING else problems
            found.setdefault(target, problem.sentence)
        for control in CONTROLS:
            field = self.query_one(f"#{control}-field", Field)
            if control in problems:
                field.show(problems[control])
            else:
                field.show(warnings.get(control, ""), warning=True)
        if problems:
            self.query_one(f"#{next(c for c in CONTROLS if c in problems)}").focus()
            return None
        return row

    @on(Button.Pressed, "#save")
    def action_save(self) -> None:
        """Close with the row, unless a field needs fixing first."""
        row = self._collect()
        if row is not None:
            self.dismiss(row)

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        """Close without a change; asks first when something was typed."""
        if self._values() == self._initial:
            self.dismiss(None)
            return
        self.app.push_screen(
            ConfirmScreen("Discard what you typed for this meeting?", "Discard"),
            lambda yes: self.dismiss(None) if yes else None,
        )


class FillScheduleScreen(ModalScreen[time | None]):
    """Ask the local time for the meetings "Fill from frequency" is about to add."""

    AUTO_FOCUS = "#fill-time"
    BINDINGS = [
        Binding("ctrl+s", "fill", "Fill", id="fill.fill", priority=True),
        Binding("escape", "cancel", "Cancel", id="fill.cancel"),
    ]

    def __init__(self, summary: str, default: time) -> None:
        super().__init__()
        self.summary = summary
        self.default = default

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="dialog"):
            yield Static("Fill from frequency", classes="dialog-title")
            yield Static(Content(plain(self.summary)), id="fill-summary")
            yield Field("Time (local)", time_input(self.default, "fill-time"))
            with Horizontal(id="buttons"):
                yield Button("Fill (enter)", variant="primary", id="fill", compact=True)
                yield Button("Cancel (esc)", id="cancel", compact=True)
        yield Footer()

    @on(Input.Submitted, "#fill-time")
    @on(Button.Pressed, "#fill")
    def action_fill(self) -> None:
        """Close with the time typed, or say at the field why it is not one."""
        try:
            at = read_time(self.query_one("#fill-time", MaskedInput))
        except ValueError as error:
            self.query_one("#fill-time-field", Field).show(str(error))
            return
        self.dismiss(at)

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        """Close without adding anything."""
        self.dismiss(None)
