"""Provides MeetingLogScreen: an agreement's meetings in date order, to start, log, open, cancel."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.content import Content
from textual.widgets import Header, Static

from ...clock import local_zone, show, zone_name
from ...model import Agreement, Meeting, MeetingStatus, lifecycle, meetings
from ...model.base import now
from ...model.hygiene import no_room
from ...text import plain
from ...widgets.footer import Footer
from ...widgets.record_table import RecordTable
from ..common.confirm import ConfirmScreen
from ..common.watched import WatchedAgreementScreen
from .dialogs import CancelMeetingScreen, LogPastScreen, PastMeeting
from .session import SessionScreen

#: Fixed columns; the purpose takes whatever width is left.
COLUMNS = (("When", 20), ("Status", 24), ("Min", 4), ("Open", 4))
#: Each column's cell padding, and room for the scrollbar.
CHROME = 2 * (len(COLUMNS) + 1) + 2


def status_of(agreement: Agreement, meeting: Meeting) -> str:
    """The status as the log shows it, flagging a meeting under way and a short-notice cancellation."""
    if meeting.in_progress:
        return "in progress"
    if meetings.short_notice(agreement, meeting):
        return "cancelled ⚠ short notice"
    return meeting.status.value


def minutes_of(meeting: Meeting) -> str:
    """How long a held meeting lasted, in whole minutes; blank when it did not end."""
    return "" if meeting.minutes is None else str(meeting.minutes)


class MeetingTable(RecordTable):
    """The meetings table: e/enter opens, d deletes; adding and moving rows do not apply."""

    BINDINGS = [
        Binding("e", "request('edit')", "Open", id="meetings.open"),
        # In the footer with the rest: "Past" (not "Log past") leaves it room at 80 columns.
        Binding("d,delete", "request('delete')", "Delete", id="meetings.delete", tooltip="Delete the meeting"),
    ]

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        return not (action == "request" and parameters and parameters[0] in ("add", "up", "down"))


class MeetingLogScreen(WatchedAgreementScreen):
    """Every meeting of one agreement: planned, held, cancelled, missed."""

    BINDINGS = [
        Binding("s", "start", "Start", id="meetings.start", tooltip="Start or resume a session"),
        Binding("l", "log_past", "Past", id="meetings.log_past", tooltip="Log a past meeting"),
        Binding("c", "cancel_meeting", "Cancel", id="meetings.cancel", tooltip="Cancel a planned meeting"),
        Binding("u", "edit_meeting", "Edit", id="meetings.edit", tooltip="Edit a meeting's time, place, purpose"),
        Binding(
            "i", "calendar", "Calendar", id="meetings.calendar", tooltip="Export the meetings as a calendar file (.ics)"
        ),
        Binding("escape,ctrl+r", "back", "Back", id="meetings.back"),
    ]

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(id="meetings-title")
        purpose = max(10, self.app.size.width - CHROME - sum(width for _, width in COLUMNS))
        when, status, *rest = COLUMNS
        yield MeetingTable([when, status, rest[0], ("Purpose", purpose), rest[1]], id="meetings")
        yield Static(
            "No meetings yet. Press [b]s[/b] to start one now or [b]l[/b] to log a past one.",
            id="meetings-empty",
        )
        yield Footer(compact=True)  # seven keys and the palette in 80 columns

    def on_mount(self) -> None:
        if self.load() and self.agreement is not None:
            # The meeting under way (perhaps left by a dropped connection), else the next planned one.
            ordered = meetings.in_order(self.agreement)
            target = meetings.in_progress(self.agreement) or next(
                (m for m in ordered if m.status is MeetingStatus.PLANNED and m.when and m.when >= now()), None
            )
            self._show(target.id if target is not None else None)  # filled once
        self.watch_file()

    def shown(self, agreement: Agreement) -> Agreement:
        """The log with the tentative schedule's rows as planned meetings (stored once acted on)."""
        return meetings.plan_from_schedule(agreement)

    @property
    def table(self) -> MeetingTable:
        """The meetings table."""
        return self.query_one("#meetings", MeetingTable)

    def _change(self, change: Callable[[Agreement], Agreement], select: str | None = None) -> bool:
        """Apply a change to the stored agreement and show the result; False when it failed."""
        if not self.save_change(change):
            return False
        self._show(select)
        return True

    def _show(self, select: str | None = None) -> None:
        agreement = self.agreement
        if agreement is None:
            return
        title = agreement.title or f"{agreement.mentee.name} ↔ {agreement.mentor.name}"
        self.query_one("#meetings-title", Static).update(Content(plain(f"Meetings · {title}", single_line=True)))
        zone = local_zone()  # once: looking it up took a tenth of a millisecond a row

        def row(m: Meeting) -> tuple[str, ...]:
            return (
                show(m.when, zone),
                status_of(agreement, m),
                minutes_of(m),
                m.purpose,
                str(sum(not a.done for a in m.actions)) if m.actions else "",
            )

        # Each row's text is made when it is drawn: 2,000 meetings made at once took 25 ms.
        rows = [(m.id, partial(row, m)) for m in meetings.in_order(agreement)]
        table = self.table
        table.show(rows, select)
        self.query_one("#meetings-empty").display = not rows
        table.display = bool(rows)
        table.focus()

    def _selected(self) -> Meeting | None:
        meeting_id = self.table.current_id
        if self.agreement is None or meeting_id is None:
            return None
        try:
            return self.agreement.meeting(meeting_id)
        except KeyError:
            return None

    def action_start(self) -> None:
        """Resume the meeting under way, else start the highlighted planned one if it is due
        (planned within 12 hours of now), else a new one now.

        The log opens with the next planned meeting highlighted: s there, two months ahead,
        held that meeting today and its planned date was gone from the list.
        """
        if self._said_closed():
            return
        selected, moment = self._selected(), now()
        planned = selected.id if selected is not None and meetings.is_due(selected, moment) else None
        new = planned is None and self.agreement is not None and meetings.in_progress(self.agreement) is None
        if new and self._said_full():  # a new meeting would be one too many
            return
        if (
            selected is not None
            and selected.status is MeetingStatus.PLANNED
            and planned is None
            and self.agreement is not None
            and meetings.in_progress(self.agreement) is None
        ):
            self.notify(
                f"A new meeting is started; the one planned for {show(selected.when)} stays planned.", markup=False
            )
        started: list[Meeting] = []

        def start(agreement: Agreement) -> Agreement:
            changed, meeting = meetings.start(agreement, moment, planned)
            started.append(meeting)
            return changed

        if self._change(start) and started:
            self._open(started[-1].id)

    def _open(self, meeting_id: str) -> None:
        if self.base is None:  # (never: the log is given its agreement when opened)
            return
        self._show(meeting_id)
        self.app.push_screen(SessionScreen(self.agreement_id, meeting_id).opened_with(self.base, self.agreement))

    @on(RecordTable.Requested, "#meetings")
    def _requested(self, event: RecordTable.Requested) -> None:
        if event.what == "edit":
            self.action_open()
        elif event.what == "delete":
            self.action_delete()

    def action_open(self) -> None:
        """Open the session screen of the highlighted meeting, once it was held or is under way."""
        meeting = self._selected()
        if meeting is None:
            self.notify("No meeting yet: press s to start one.")
        elif meeting.status is MeetingStatus.HELD:
            self._open(meeting.id)
        elif meeting.status is MeetingStatus.PLANNED:
            self.notify("This meeting has not started: press s to start it.")
        else:
            self.notify(f"This meeting was {meeting.status.value}.", markup=False)

    def _said_closed(self) -> bool:
        """Say so, before any form opens, when the agreement is closed (read-only)."""
        if self.agreement is None or not lifecycle.is_closed(self.agreement):
            return False
        self.notify(
            f"This agreement was {lifecycle.closed_since(self.agreement)}: its meetings are read-only. "
            "Reopen it from its evaluation (v on the list) to change them.",
            title="Read-only",
            markup=False,
        )
        return True

    def action_log_past(self) -> None:
        """Record a meeting after the fact."""
        if self.agreement is not None and not self._said_closed() and not self._said_full():
            self.app.push_screen(LogPastScreen(self.agreement), self._logged)

    def _said_full(self) -> bool:
        """Whether the agreement has no room for another meeting (and it was said)."""
        full = no_room("meetings", len(self.agreement.meetings)) if self.agreement is not None else ""
        if full:
            self.notify(full, title="No room", severity="warning", markup=False)
        return bool(full)

    def action_edit_meeting(self) -> None:
        """Correct the highlighted meeting's date and times, location and purpose."""
        meeting = self._selected()
        if meeting is None or self.agreement is None:
            self.notify("There is no meeting to edit.")
            return
        if self._said_closed():
            return

        def edited(details: PastMeeting | None) -> None:
            if details is not None and self._change(
                lambda a: meetings.edit_details(
                    a,
                    meeting.id,
                    details.started,
                    details.ended,
                    details.location,
                    details.purpose,
                    zone=zone_name(),
                )
            ):
                self._show(meeting.id)
                self.notify("Meeting updated.")

        self.app.push_screen(LogPastScreen(self.agreement, meeting), edited)

    def _logged(self, past: PastMeeting | None) -> None:
        ended = past.ended if past is not None else None
        if past is None or ended is None:  # a meeting logged after the fact always has its end
            return
        logged: list[Meeting] = []

        def log(agreement: Agreement) -> Agreement:
            changed, meeting = meetings.log_past(
                agreement, past.started, ended, past.location, past.purpose, zone=zone_name()
            )
            logged.append(meeting)
            return changed

        if self._change(log) and logged:
            self._show(logged[-1].id)
            self.notify("Past meeting logged.")

    def action_cancel_meeting(self) -> None:
        """Cancel the highlighted planned meeting, recording who and when."""
        meeting = self._selected()
        if self.agreement is None or meeting is None or meeting.status is not MeetingStatus.PLANNED:
            self.notify("Only a planned meeting can be cancelled.")
            return
        if self._said_closed():
            return
        at = now()

        def cancel(reason: str | None) -> None:
            if reason is not None:
                handle = self.app.viewer.handle
                self._change(lambda a: meetings.cancel(a, meeting.id, handle, at, reason), meeting.id)

        self.app.push_screen(CancelMeetingScreen(self.agreement, meeting, at), cancel)

    def action_delete(self) -> None:
        """Delete the highlighted meeting, after asking."""
        meeting = self._selected()
        if meeting is None:
            self.notify("There is no meeting to delete.")
            return
        if self._said_closed():
            return
        if meeting.tentative_id and meeting.status is MeetingStatus.PLANNED:
            self.notify(
                "This meeting comes from the tentative schedule: cancel it (c), or remove its "
                "row on the agreement's Schedule step.",
                title="Not deleted",
            )
            return
        question = f"Delete the meeting of {show(meeting.when) or 'no date'} with its notes?"
        if meeting.in_progress:  # someone may be in its session right now, taking notes
            question = (
                f"This meeting is under way: its session is open (someone may be taking notes in it now). {question}"
            )

        def delete(yes: bool | None) -> None:
            if yes:
                self._change(lambda a: meetings.delete(a, meeting.id))

        self.app.push_screen(ConfirmScreen(question, "Delete"), delete)

    def action_calendar(self) -> None:
        """Export the meetings as iCalendar: a file, a download or the clipboard, as served."""
        if self.agreement is None:
            return
        from ..agreement.export import ExportScreen

        def exported(done: str | None) -> None:
            if done is not None:
                self.notify(done, title="Calendar exported", markup=False)

        self.app.push_screen(ExportScreen(self.agreement, calendar=True), exported)

    def action_back(self) -> None:
        """Back to the list of agreements."""
        self.app.pop_screen()
