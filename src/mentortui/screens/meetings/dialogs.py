"""Provides the meeting log's dialogs: log a past meeting, cancel one, record progress, end a session."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time

from textual import events
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.content import Content
from textual.widgets import Input, MaskedInput, Select, Static

from ...clock import repeated_note, show, to_local
from ...model import Agreement, Cancellation, Meeting, MeetingStatus, meetings
from ...model.base import now
from ...text import plain
from ...widgets.date_input import DateInput, read_day
from ...widgets.field import Field
from ...widgets.footer import Footer
from ...widgets.safe_text import SafeInput
from ..agreement.tentative import read_instant, read_time, time_input
from ..common.dialog import FormDialog, Judged, dialog_buttons


@dataclass(frozen=True)
class PastMeeting:
    """What the log-past dialog describes: real start and end, where, and why."""

    started: datetime
    ended: datetime | None
    location: str
    purpose: str


@dataclass(frozen=True)
class ProgressReading:
    """A new progress reading for one goal."""

    goal_id: str
    percent: int
    comment: str


@dataclass(frozen=True)
class Ending:
    """How a session ends: the next meeting, if one was agreed."""

    next_meeting: datetime | None


def _read_at(control: MaskedInput, problems: dict[str, str]) -> time | None:
    """The time typed, noting at the control's id why it is not one."""
    try:
        return read_time(control)
    except ValueError as error:
        problems[control.id or ""] = str(error)
        return None


class LogPastScreen(FormDialog[PastMeeting]):
    """Record a meeting after the fact with its real date and times (local)."""

    AUTO_FOCUS = "#past-date"
    CONTROLS = ("past-date", "past-start", "past-end", "past-location", "past-purpose")
    DISCARD_QUESTION = "Discard what you typed for this meeting?"

    def __init__(self, agreement: Agreement, meeting: Meeting | None = None) -> None:
        super().__init__()
        self.agreement = agreement
        #: The meeting being edited; None logs a new past meeting.
        self.meeting = meeting

    def compose(self) -> ComposeResult:
        meeting = self.meeting
        start = to_local(meeting.when) if meeting and meeting.when else None
        end = to_local(meeting.ended_at) if meeting and meeting.ended_at else None
        title = "Log a past meeting" if meeting is None else "Edit the meeting"
        with VerticalScroll(id="dialog"):
            yield Static(title, classes="dialog-title")
            yield Field("Date *", DateInput(start.date() if start else None, id="past-date", compact=True))
            yield Field("Started (local) *", time_input(start.time() if start else None, "past-start"))
            ended_label = "Ended (local) *" if meeting is None or meeting.ended_at else "Ended (local)"
            yield Field(ended_label, time_input(end.time() if end else None, "past-end"))
            location = meeting.location if meeting else self.agreement.schedule.location
            yield Field("Location", SafeInput(location, id="past-location", compact=True))
            yield Field("Purpose", SafeInput(meeting.purpose if meeting else "", id="past-purpose", compact=True))
            yield from dialog_buttons("Save (ctrl+s)")
        yield Footer()

    def judge(self) -> Judged[PastMeeting]:
        """The meeting the dialog describes, and what stops it, by control id."""
        problems: dict[str, str] = {}
        day = read_day(self.query_one("#past-date", DateInput), problems)
        start = _read_at(self.query_one("#past-start", MaskedInput), problems)
        end_control = self.query_one("#past-end", MaskedInput)
        end_needed = self.meeting is None or self.meeting.ended_at is not None
        end = _read_at(end_control, problems) if end_needed or end_control.value.strip(" :") else None
        started = self._moment("past-start", day, start, problems)
        ended = self._moment("past-end", day, end, problems)
        typed = self.changed("past-date") or self.changed("past-start") or self.changed("past-end")
        if typed and started and ended and ended <= started:
            problems["past-end"] = "The meeting must end after it starts."
        held = self.meeting is None or self.meeting.status is MeetingStatus.HELD
        if held and day and started and started > now():
            # Logged as held, a meeting to come showed as held on the log and as the last
            # one held nowhere else.
            problems["past-start" if to_local(now()).date() == day else "past-date"] = (
                "That is still to come: log a meeting once it has taken place (plan it on the schedule)."
            )
        if problems or not (day and started and (ended or not end_needed)):
            return None, problems, {}
        meeting = PastMeeting(
            started,
            ended,
            self.query_one("#past-location", Input).value.strip(),
            self.query_one("#past-purpose", Input).value.strip(),
        )
        return meeting, problems, {}

    def _moment(self, control: str, day: date | None, at: time | None, problems: dict[str, str]) -> datetime | None:
        """The start or end the dialog describes: the one recorded while neither its time nor
        the date was changed, else the day and time typed, a time left as shown keeping its
        seconds (the fields show times to the minute: a session under a minute long read back
        as ending when it started). A time the clocks skip that day is noted at ``control``."""
        recorded = None
        if self.meeting is not None:
            recorded = self.meeting.when if control == "past-start" else self.meeting.ended_at
        if recorded is not None and not self.changed(control):
            if not self.changed("past-date"):
                return recorded
            at = to_local(recorded).time()
        return read_instant(day, at, problems, control) if day and at else None

    def collect(self) -> PastMeeting | None:
        meeting, problems, _ = self.judge()
        begins = self.agreement.start_date
        day = read_day(self.query_one("#past-date", DateInput), {})
        if meeting is not None and day and begins and day < begins:
            # Said once: an introductory meeting may come first.
            self.point_out_once(
                problems,
                "past-date",
                day,
                f"This is before the agreement's start date, {begins.isoformat()}: ctrl+s again logs it anyway.",
            )
        if meeting is not None:
            self._point_out_repeated(problems, (("past-start", meeting.started), ("past-end", meeting.ended)))
        return meeting if self.show_problems(problems) else None

    def _point_out_repeated(self, problems: dict[str, str], moments: tuple[tuple[str, datetime | None], ...]) -> None:
        """Said once, at the first typed time the clocks show twice that day (they go back):
        it is taken as the first of the two."""
        for control, moment in moments:
            if moment is None or not (self.changed(control) or self.changed("past-date")):
                continue
            note = repeated_note(moment)
            if note:
                self.point_out_once(problems, control, moment, f"{note}. ctrl+s again logs it.")
                return


class CancelMeetingScreen(FormDialog[str]):
    """Call off a planned meeting, with an optional reason; says how much notice that gives.

    Saved, it gives the reason ("" when none is given)."""

    AUTO_FOCUS = "#cancel-reason"
    CONTROLS = ("cancel-reason",)
    DISCARD_QUESTION = "Keep the meeting and discard the reason you typed?"

    BUTTONS = ("Call off (enter)", "Keep it (esc)")

    def __init__(self, agreement: Agreement, meeting: Meeting, at: datetime) -> None:
        super().__init__()
        self.agreement = agreement
        self.meeting = meeting
        self.at = at
        self.name_keys(*self.BUTTONS)

    def notice_line(self) -> str:
        """The notice this cancellation gives, against the agreed notice period."""
        planned = self.meeting.planned_for
        if planned is None:
            return "The meeting has no date."
        agreed = self.agreement.schedule.notice_hours
        if planned < self.at:
            # Called off afterwards, it records that the meeting did not take place; the log
            # still counts that as no notice given (model.meetings.short_notice), so say so too.
            line = "The meeting time has passed: calling it off records that it did not take place"
            if agreed is None:
                return line + "."
            line += ", with no notice given"
        else:
            line = f"Notice given: {int((planned - self.at).total_seconds() // 3600)} h"
        if agreed is not None:
            line += f" (agreed: {agreed} h)"
            # Short or not as the log will say once it is called off now: one rule for both.
            called_off = self.meeting.edit(cancellation=Cancellation(at=self.at))
            if meetings.short_notice(self.agreement, called_off):
                line += " ⚠ short notice"
        return line

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="dialog"):
            yield Static(
                Content(plain(f"Call off the meeting of {show(self.meeting.planned_for)}")),
                classes="dialog-title",
            )
            yield Static(Content(plain(self.notice_line())), id="cancel-notice")
            yield Field("Reason", SafeInput(id="cancel-reason", compact=True))
            yield from dialog_buttons(*self.BUTTONS)
        yield Footer()

    def collect(self) -> str:
        return self.query_one("#cancel-reason", Input).value.strip()


class ProgressScreen(FormDialog[ProgressReading]):
    """A progress reading for one goal: which goal, the new %, and a comment."""

    AUTO_FOCUS = "#progress-goal"
    CONTROLS = ("progress-goal", "progress-percent", "progress-comment")
    DISCARD_QUESTION = "Discard the progress you typed?"

    def __init__(self, agreement: Agreement) -> None:
        super().__init__()
        self.agreement = agreement

    def compose(self) -> ComposeResult:
        goals = [
            (Content(plain(f"{g.title or 'untitled'} ({g.current_percent} %)", single_line=True)), g.id)
            for g in self.agreement.goals
        ]
        with VerticalScroll(id="dialog"):
            yield Static("Progress on a goal", classes="dialog-title")
            yield Field("Goal", Select(goals, allow_blank=False, id="progress-goal", compact=True))
            yield Field("New % *", SafeInput(id="progress-percent", placeholder="0–100", compact=True))
            yield Field("Comment", SafeInput(id="progress-comment", compact=True))
            yield from dialog_buttons("Save (ctrl+s)")
        yield Footer()

    def on_key(self, event: events.Key) -> None:
        # The dialog opens on the goal, and people type the number straight away (ctrl+g, 4,
        # 0): a digit typed on the goal is the new %, not a key the choice ignores.
        goal = self.query_one("#progress-goal", Select)
        if self.focused is goal and not goal.expanded and event.character and event.character.isdigit():
            event.stop()
            event.prevent_default()
            percent = self.query_one("#progress-percent", SafeInput)
            percent.select_on_focus = False  # or the next digit would replace this one
            percent.focus()
            percent.insert_text_at_cursor(event.character)

    def collect(self) -> ProgressReading | None:
        text = self.query_one("#progress-percent", Input).value.strip()
        percent = int(text) if text.isdigit() else -1
        problems: dict[str, str] = {}
        if not 0 <= percent <= 100:
            problems["progress-percent"] = "A whole number from 0 to 100."
        if not self.show_problems(problems):
            return None
        return ProgressReading(
            str(self.query_one("#progress-goal", Select).value),
            percent,
            self.query_one("#progress-comment", Input).value.strip(),
        )


class EndSessionScreen(FormDialog[Ending]):
    """End the session; the next meeting's date and time (local) are optional."""

    AUTO_FOCUS = "#next-date"
    CONTROLS = ("next-date", "next-time")
    DISCARD_QUESTION = "Discard what you typed for the next meeting? The session goes on."
    BINDINGS = [Binding("ctrl+s", "save", "End", id="end.end", priority=True)]  # as its button says

    def __init__(self, meeting: Meeting, ends: date | None = None) -> None:
        super().__init__()
        self.meeting = meeting
        #: The agreement's end date: a next meeting after it is pointed out once.
        self.ends = ends

    def compose(self) -> ComposeResult:
        at = to_local(self.meeting.when).time() if self.meeting.when else None
        with VerticalScroll(id="dialog"):
            yield Static("End the session", classes="dialog-title")
            yield Static("When do you meet next? Leave the date blank if not agreed yet.", classes="hint")
            yield Field("Next date", DateInput(id="next-date", compact=True))
            yield Field("Time (local)", time_input(at, "next-time"))
            yield from dialog_buttons("End (ctrl+s)")
        yield Footer()

    def collect(self) -> Ending | None:
        problems: dict[str, str] = {}
        day = read_day(self.query_one("#next-date", DateInput), problems, required=False)
        if day is None:
            return None if not self.show_problems(problems) else Ending(None)
        at = _read_at(self.query_one("#next-time", MaskedInput), problems)
        if self.ends and day > self.ends:  # said once: the parties may be about to extend it
            self.point_out_once(
                problems,
                "next-date",
                day,
                f"This is after the agreement's end date, {self.ends.isoformat()}: ctrl+s again plans it anyway.",
            )
        when = read_instant(day, at, problems, "next-time") if at is not None else None
        if when is not None and (note := repeated_note(when)):
            # Said once: a time the clocks show twice is taken as the first of the two.
            self.point_out_once(problems, "next-time", when, f"{note}. ctrl+s again plans it.")
        if not self.show_problems(problems) or when is None:
            return None
        return Ending(when)
