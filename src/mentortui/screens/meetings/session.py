"""Provides SessionScreen: a meeting as it happens, with timer, agenda, notes saved as they are typed."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Header, Input, OptionList, Static
from textual.widgets.option_list import Option

from ...clock import to_local, zone_name
from ...model import ActionItem, Agreement, Meeting, meetings
from ...model.base import now
from ...model.meeting import Note
from ...model.merge import merge
from ...model.notes import EntryKind, read_entry
from ...model.notes import split_action as split_action  # the note grammar's parts, where tests read them
from ...model.notes import split_entry as split_entry
from ...model.schedule import length_text
from ...store import Store
from ...text import plain
from ...widgets.footer import Footer
from ...widgets.safe_text import SafeInput
from ..common.confirm import ConfirmScreen
from ..common.saving import Job
from ..common.watched import Saved, WatchedAgreementScreen
from .dialogs import Ending, EndSessionScreen, ProgressReading, ProgressScreen

HINT = "a: action @owner due:YYYY-MM-DD · d: decision · p: private  (or ^b ^t ^l)"
#: Said once when the meeting on screen is no longer stored (the other person deleted it).
MEETING_GONE = (
    "This meeting was deleted by someone else (it is no longer in the meeting log; deleted "
    "meetings are not kept): nothing more can be entered in it."
)
#: Said when an entry is typed into it: the text is kept in the field.
MEETING_DELETED = (
    "This meeting was deleted by someone else (it is no longer in the meeting log; deleted "
    "meetings are not kept): what you typed stays here, not saved. Copy it, or start a new "
    "session (s in the meeting log) and enter it there."
)


class MeetingDeleted(Exception):
    """A save found the meeting of the session deleted from the stored agreement."""

    def __init__(self, current: Agreement, stamp: object) -> None:
        super().__init__(MEETING_DELETED)
        self.current = current
        self.stamp = stamp


def hhmm(moment: datetime | None) -> str:
    """A stored instant as local HH:MM ("--:--" when unknown)."""
    return f"{to_local(moment):%H:%M}" if moment else "--:--"


def agreed_length_text(agreement: Agreement) -> str:
    """The agreed length: "30–60 min", "45 min", "up to 60 min", or ""."""
    schedule = agreement.schedule
    # A length of 0 (refused when saved) is no length agreed, as the timer has always read it.
    low, high = schedule.length_min_minutes or None, schedule.length_max_minutes or None
    return length_text(low, high, ("min", "min"), "")


def elapsed_text(seconds: int) -> str:
    """How long a session has run, units always said: "0 min 30 s", "12 min 05 s",
    "1 h 05 min" ("0:30" read as half an hour)."""
    minutes, rest = divmod(max(0, seconds), 60)
    if minutes >= 60:
        return f"{minutes // 60} h {minutes % 60:02d} min"
    return f"{minutes} min {rest:02d} s"


class ActionChoiceScreen(ModalScreen[str | None]):
    """The carried-over action items: Enter marks the highlighted one done, or open again if
    it was marked done in this session (an undo); Escape changes nothing."""

    BINDINGS = [Binding("escape", "dismiss(None)", "Back", id="actions.back")]

    def __init__(self, items: list[tuple[str, str, bool]], highlighted: int) -> None:
        super().__init__()
        self.items = items  # (id, line, done here)
        self.highlighted = highlighted

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog"):
            yield Static("Carried-over action items · Enter: done, or open again", classes="dialog-title")
            yield OptionList(
                *(
                    Option(Content(f"{'✓' if done else '○'} {plain(line, single_line=True)}"), id=item_id)
                    for item_id, line, done in self.items
                ),
                id="actions",
            )
        yield Footer()

    def on_mount(self) -> None:
        actions = self.query_one("#actions", OptionList)
        actions.highlighted = min(self.highlighted, len(self.items) - 1)
        actions.focus()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(event.option.id)


class SessionScreen(WatchedAgreementScreen):
    """One meeting: a running timer, the agenda, and a note field that saves each entry at once."""

    AUTO_FOCUS = "#note"
    BINDINGS = [
        Binding(
            "ctrl+b",
            "entry('action')",
            "Action",
            id="session.action",
            show=False,
            tooltip="Save the typed text as an action item",
        ),
        Binding(
            "ctrl+t",
            "entry('decision')",
            "Decision",
            id="session.decision",
            show=False,
            tooltip="Save the typed text as a decision",
        ),
        Binding(
            "ctrl+l",
            "entry('private')",
            "Private",
            id="session.private",
            show=False,
            tooltip="Save the typed text as a private note",
        ),
        Binding(
            "ctrl+o",
            "done",
            "Done",
            id="session.done",
            tooltip="Choose a carried-over action item to mark done (or open again)",
        ),
        Binding("ctrl+g", "progress", "Progress", id="session.progress", tooltip="Record progress on a goal"),
        Binding("ctrl+n", "end", "End", id="session.end", tooltip="End the session"),
        Binding("escape,ctrl+r", "back", "Back", id="session.back", tooltip="Back to the meeting log"),
    ]

    def __init__(self, agreement_id: str, meeting_id: str) -> None:
        super().__init__(agreement_id)
        self.meeting_id = meeting_id
        #: Action items marked done in this session (ctrl+o on one again opens it again).
        self._done_here: list[str] = []
        #: The meeting as last shown (kept when the other person deletes it, for what was typed).
        self._last_meeting: Meeting | None = None
        #: The entries entered (their text as typed) and not yet on disk, oldest first: back in
        #: the note field if the save finds the meeting deleted.
        self._entering: list[str] = []
        self._told_gone = False

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(id="timer")
        with Horizontal(id="session-body"):
            with VerticalScroll(id="agenda"):
                yield Static(id="purpose")
                yield Static("Carried over (^o done)", classes="agenda-head")
                yield OptionList(id="carried")
                yield Static(id="goals")
                yield Static(id="off-limits")
            with VerticalScroll(id="entries-scroll"):
                yield Static(id="entries")
        yield Static(HINT, id="hint")
        yield SafeInput(id="note", placeholder="Type a note and press Enter")
        yield Footer()

    def on_mount(self) -> None:
        self.reload()
        self.set_interval(1, self._tick)
        self.watch_file()

    @property
    def meeting(self) -> Meeting | None:
        """This meeting as last loaded (None once someone deleted it)."""
        try:
            return self.agreement.meeting(self.meeting_id) if self.agreement else None
        except KeyError:
            return None

    def _recorded_at(self) -> datetime:
        """When an entry made now is recorded: now, in a meeting under way; in a meeting that
        has ended (opened again to add what was missed), at its end, so the year's history
        keeps its dates (progress recorded in February's meeting is February's)."""
        meeting = self.meeting
        if meeting is None or meeting.in_progress or meeting.ended_at is None:
            return now()
        return meeting.ended_at

    def _change(self, change: Callable[[Agreement], Agreement]) -> bool:
        """Save a change at once and show it; False (and a message) when it could not be saved."""
        if not self.save_change(change):
            return False
        self._show()
        return True

    # -- showing -------------------------------------------------------------------------------

    def _tick(self) -> None:
        agreement, meeting = self.agreement, self.meeting
        if agreement is None or meeting is None or meeting.started_at is None:
            return
        end = meeting.ended_at or now()
        seconds = max(0, int((end - meeting.started_at).total_seconds()))
        text = elapsed_text(seconds)
        agreed = agreed_length_text(agreement)
        if agreed:
            text += f" of {agreed}"
        if meeting.ended_at:
            text += " · ended"
        high = agreement.schedule.length_max_minutes
        timer = self.query_one("#timer", Static)
        timer.set_class(bool(high and seconds > high * 60 and not meeting.ended_at), "-over")
        started = to_local(meeting.started_at)
        day = "" if started.date() == to_local(now()).date() else f"{started:%Y-%m-%d} "
        timer.update(Content(f"Session {day}{started:%H:%M} · {text}"))

    def _show(self) -> None:
        agreement, meeting = self.agreement, self.meeting
        if agreement is None or meeting is None:
            if agreement is not None and not self._told_gone:
                self._told_gone = True
                self.notify(MEETING_GONE, title="Meeting deleted", severity="warning", timeout=30, markup=False)
            return
        self._last_meeting = meeting
        self._tick()
        purpose = meeting.purpose or "(no purpose given)"
        self.query_one("#purpose", Static).update(Content.assemble(("Purpose ", "bold"), plain(purpose)))
        carried = self.query_one("#carried", OptionList)
        keep = carried.highlighted
        carried.clear_options()
        carried.add_options(
            Option(Content(plain(self._action_line(item), single_line=True)), id=item.id)
            for _, item in meetings.open_actions(agreement, before=meeting)
        )
        if carried.option_count:
            carried.highlighted = min(keep or 0, carried.option_count - 1)
        carried.display = bool(carried.option_count)
        goals = [Content.styled("Goals", "bold")] + [
            Content(plain(f"{g.current_percent:>3} % {g.title or 'untitled'}", single_line=True))
            for g in agreement.goals
        ]
        self.query_one("#goals", Static).update(Content("\n").join(goals if agreement.goals else []))
        limits = [Content.styled("Off limits", "dim italic")] + [
            Content.styled(plain(topic, single_line=True), "dim") for topic in agreement.off_limits
        ]
        self.query_one("#off-limits", Static).update(Content("\n").join(limits if agreement.off_limits else []))
        self.query_one("#entries", Static).update(self._entries(agreement, meeting))
        self.query_one("#entries-scroll", VerticalScroll).scroll_end(animate=False)

    @staticmethod
    def _action_line(item: ActionItem) -> str:
        owner = f" @{item.owner}" if item.owner else ""
        due = f" due {item.due.isoformat()}" if item.due else ""
        return f"{item.text}{owner}{due}"

    def _entries(self, agreement: Agreement, meeting: Meeting) -> Content:
        """This meeting's entries the viewer may read: notes, decisions, progress by time, then actions."""
        timed: list[tuple[datetime | None, Content]] = []
        for note in meetings.notes_for(meeting, self.app.viewer.handle):
            label = ("(private) ", "italic $text-warning") if note.private else ""
            timed.append(
                (
                    note.at,
                    Content.assemble(
                        (f"{hhmm(note.at)} ", "dim"),
                        (f"{plain(note.author, single_line=True)} ", "bold"),
                        label,
                        plain(note.text),
                    ),
                )
            )
        for decision in meeting.decisions:
            timed.append(
                (
                    decision.at,
                    Content.assemble(
                        (f"{hhmm(decision.at)} ", "dim"),
                        ("decided ", "bold $text-success"),
                        plain(decision.text),
                    ),
                )
            )
        for title, entry in meetings.progress_at(agreement, meeting.id):
            comment = f" — {entry.comment}" if entry.comment else ""
            timed.append(
                (
                    entry.at,
                    Content.assemble(
                        (f"{hhmm(entry.at)} ", "dim"),
                        ("progress ", "bold $text-primary"),
                        plain(f"{title}: {entry.percent} %{comment}"),
                    ),
                )
            )
        timed.sort(key=lambda pair: pair[0].timestamp() if pair[0] else 0)
        lines = [line for _, line in timed]
        lines += [
            Content.assemble(("action ", "bold $text-accent"), ("✓ " if a.done else ""), plain(self._action_line(a)))
            for a in meeting.actions
        ]
        return Content("\n").join(lines) if lines else Content.styled("No entries yet.", "dim")

    # -- entering ------------------------------------------------------------------------------

    @on(Input.Submitted, "#note")
    def _submitted(self) -> None:
        self._save(self.query_one("#note", Input).value)

    def action_entry(self, kind: EntryKind) -> None:
        """Save the typed text as this kind of entry (a prefix typed as well is dropped)."""
        self._save(self.query_one("#note", Input).value, kind)

    def _keep_typed(self, leaving: str) -> bool:
        """Save what is typed in the note field and not sent yet, as the entry it reads as
        (a note, or what its prefix says), before ``leaving``: nothing typed is lost by
        ending, going back or quitting without Enter. False (and why) when it cannot be saved:
        the person stays, their text on screen."""
        if not self.is_attached:  # closed already (its saver still holds what failed to save)
            return True
        note = self.query_one("#note", Input)
        if self.left or not note.value.strip():
            return True
        if self.meeting is None:
            return False  # nowhere to enter it: the caller asks (going back) or keeps it (stopping)
        if not self._save(note.value):
            return False
        self.notify(f"What you typed was saved as an entry before {leaving}.", markup=False)
        return True

    def _save(self, typed: str, kind: EntryKind | None = None) -> bool:
        """Save the typed text as an entry; False (and why) when it was not saved."""
        if self.agreement is not None and self.meeting is None:
            self._say_deleted()
            return False
        meeting_id, handle, at = self.meeting_id, self.app.viewer.handle, self._recorded_at()
        try:
            entry = read_entry(typed, handle, kind)
        except ValueError as error:
            self.notify(str(error), title="Not saved", severity="error", markup=False)
            return False
        if entry is None:
            self.notify("Type the entry first.", severity="warning")
            return False
        text = entry.text
        change: Callable[[Agreement], Agreement]
        if entry.kind == "action":
            owner, due = entry.owner, entry.due
            change = lambda a: meetings.add_action(a, meeting_id, text, owner, due)  # noqa: E731
        elif entry.kind == "decision":
            change = lambda a: meetings.add_decision(a, meeting_id, text, at)  # noqa: E731
        else:
            private = entry.kind == "private"
            change = lambda a: meetings.add_note(a, meeting_id, text, handle, at, private)  # noqa: E731
        self._entering.append(typed.strip())  # before the change: the change starts its save
        if not self._change(change):
            self._entering.pop()
            return False
        self.query_one("#note", Input).clear()
        return True

    def action_done(self) -> None:
        """Choose a carried-over action item to mark done (or, if marked in this session, open
        again): nothing is marked without being chosen."""
        if self.agreement is None or self.meeting is None:
            return
        items = [
            (item.id, self._action_line(item), False)
            for _, item in meetings.open_actions(self.agreement, before=self.meeting)
        ]
        for action_id in self._done_here:
            item = next((a for m in self.agreement.meetings for a in m.actions if a.id == action_id), None)
            if item is not None and item.done:
                items.append((item.id, self._action_line(item), True))
        if not items:
            self.notify("No open action items carried over.")
            return
        carried = self.query_one("#carried", OptionList)
        self.app.push_screen(ActionChoiceScreen(items, carried.highlighted or 0), self._action_chosen)

    def _action_chosen(self, action_id: str | None) -> None:
        if action_id is None:
            return
        undo = action_id in self._done_here
        at = None if undo else self._recorded_at()
        if self._change(lambda a: meetings.set_action_done(a, action_id, at)):
            if undo:
                self._done_here.remove(action_id)
                self.notify("Action item open again.")
            else:
                self._done_here.append(action_id)
                self.notify("Action item done (ctrl+o again to undo).")

    def action_progress(self) -> None:
        """Record a progress reading on one goal, linked to this meeting."""
        if self.agreement is None or not self.agreement.goals:
            self.notify("This agreement has no goals yet.")
            return
        self.app.push_screen(ProgressScreen(self.agreement), self._progressed)

    def _progressed(self, reading: ProgressReading | None) -> None:
        if reading is None:
            return
        by, at, meeting_id = self.app.viewer.handle, self._recorded_at(), self.meeting_id
        self._change(
            lambda a: meetings.record_progress(a, reading.goal_id, reading.percent, reading.comment, by, at, meeting_id)
        )

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """End applies only while the meeting is under way."""
        if action == "end":
            meeting = self.meeting
            return None if meeting is None or not meeting.in_progress else True
        return True

    def action_end(self) -> None:
        """Stamp the end (now), then ask when the next meeting is."""
        meeting = self.meeting
        if meeting is None or not meeting.in_progress or not self._keep_typed("ending"):
            return
        at = now()

        def ended(ending: Ending | None) -> None:
            if ending is not None and self._change(
                lambda a: meetings.end(a, meeting.id, at, ending.next_meeting, zone=zone_name())
            ):
                self.notify("Session ended and saved.")
                self.app.pop_screen()

        ends = self.agreement.end_date if self.agreement is not None else None
        self.app.push_screen(EndSessionScreen(meeting, ends), ended)

    def action_back(self) -> None:
        """Back to the meeting log; a meeting under way stays open to resume. With the meeting
        deleted by someone else, what is typed has nowhere to go: asks before dropping it."""
        if self._keep_typed("going back"):
            self.app.pop_screen()
            return
        typed = self.query_one("#note", Input).value.strip()
        if self.meeting is not None or not typed:
            return

        def answered(leave: bool | None) -> None:
            if leave:
                self.app.pop_screen()

        question = f"Not saved: “{typed}” (this meeting was deleted by someone else). Leave anyway?"
        self.app.push_screen(ConfirmScreen(question, "Leave"), answered)

    def flush_draft(self) -> None:
        # Quitting, or the connection dropped: what is typed is saved with the rest.
        self._keep_typed("stopping")
        super().flush_draft()

    def unsaved_draft(self) -> Agreement | None:
        """What the disk does not have (see `saving.unsaved_draft`): with the meeting deleted by
        someone else, also the note typed and not entered (as typed, prefix and all), in the
        meeting as last shown, so stopping keeps it in the person's exports folder."""
        draft = super().unsaved_draft()
        typed = self.query_one("#note", Input).value.strip() if self.is_attached else ""
        agreement = draft or self.agreement
        meeting = self._last_meeting
        if self.left or not typed or self.meeting is not None or meeting is None or agreement is None:
            return draft
        note = Note(text=typed, author=self.app.viewer.handle, at=now())
        kept = meeting.edit(notes=(*meeting.notes, note))
        return agreement.edit(meetings=(*agreement.meetings, kept))

    # -- the meeting deleted by someone else ---------------------------------------------------

    def _say_deleted(self) -> None:
        self._told_gone = True
        self.notify(MEETING_DELETED, title="Not saved", severity="error", timeout=30, markup=False)

    def prepare_save(self) -> Job | None:
        # A save merges the draft with what others saved: a note added here to a meeting the
        # other person deleted would bring the meeting back, unasked. The job looks first.
        job = super().prepare_save()
        if job is None:
            return None
        base = self.base
        agreement_id, meeting_id, known = self.agreement_id, self.meeting_id, self._stamp
        look = base is not None and any(m.id == meeting_id for m in base.meetings)
        entering = len(self._entering)  # the entries this draft holds

        def run(store: Store) -> Saved:
            stamp = store.stamp(agreement_id) if look else known
            if stamp != known:
                current = store.load(agreement_id)
                if not any(m.id == meeting_id for m in current.meetings):
                    raise MeetingDeleted(current, stamp)
            saved: Saved = job.run(store)
            return saved

        return Job(run, sent=(job.sent, entering), conflicts=job.conflicts)

    def saved(self, result: Saved, job: Job) -> None:
        sent, entering = job.sent
        del self._entering[:entering]
        # (what the save wrote over of someone else's is said, as for every watched screen:
        # the second to end a session is told whose next meeting stands)
        super().saved(result, Job(job.run, sent=sent, conflicts=job.conflicts))

    def save_failed(self, error: Exception, job: Job) -> bool:
        sent, entering = job.sent
        if not isinstance(error, MeetingDeleted):
            retry = super().save_failed(error, Job(job.run, sent=sent))
            if not retry:  # refused and said; the entries are no longer on their way
                del self._entering[:entering]
            return retry
        # Their deletion stands; the rest of what was done here is kept and saved, and what
        # was entered in this meeting goes back in the note field.
        base, draft = self.base, self.agreement
        current = error.current
        self._stamp = error.stamp
        self.base = current
        if base is not None and draft is not None:
            self.agreement = self.shown(merge(base, current, meetings.delete(draft, self.meeting_id))[0])
        else:
            self.agreement = self.shown(current)
        note = self.query_one("#note", Input)
        note.value = " ".join([*self._entering, note.value.strip()]).strip()
        self._entering.clear()
        self._say_deleted()
        if self.is_attached:
            self._show()
        if self.saver.pending or self.agreement != self.shown(current):
            self.saver.changed()
        return False
