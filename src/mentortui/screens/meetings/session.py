"""Provides SessionScreen: a meeting as it happens, with timer, agenda, notes saved as they are typed."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Header, Input, OptionList, Static
from textual.widgets.option_list import Option

from ...clock import to_local, zone_name
from ...model import ActionItem, Agreement, Meeting, MeetingStatus, ValidationError, meetings
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
#: Marks an entry typed after the meeting was deleted: on this screen only.
NOT_SAVED = "not saved "


class MeetingDeleted(Exception):
    """A save found the meeting of the session deleted from the stored agreement."""

    def __init__(self, current: Agreement, stamp: object) -> None:
        super().__init__("the meeting was deleted by someone else")
        self.current = current
        self.stamp = stamp


def entry_ids(meeting: Meeting | None) -> set[str]:
    """The ids of a meeting's notes, decisions and action items."""
    if meeting is None:
        return set()
    return {e.id for e in meeting.notes} | {e.id for e in meeting.decisions} | {e.id for e in meeting.actions}


def deleted_by(handle: str, viewer: str) -> str:
    """Who deleted the meeting, as a sentence starts: "ana", "You (elsewhere)", "Someone else"."""
    if not handle:
        return "Someone else"
    return "You (elsewhere)" if handle == viewer else plain(handle, single_line=True)


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
        # Only while the meeting is deleted (check_action): ctrl+y keeps yours, as in a conflict.
        Binding(
            "ctrl+y",
            "put_back",
            "Put back",
            id="session.put_back",
            tooltip="Put the deleted meeting back, with everything on screen",
        ),
        Binding("escape,ctrl+r", "back", "Back", id="session.back", tooltip="Back to the meeting log"),
    ]

    def __init__(self, agreement_id: str, meeting_id: str) -> None:
        super().__init__(agreement_id)
        self.meeting_id = meeting_id
        #: Action items marked done in this session (ctrl+o on one again opens it again).
        self._done_here: list[str] = []
        #: The meeting as last shown (kept when the other person deletes it, for what was typed).
        self._last_meeting: Meeting | None = None
        #: The meeting someone else deleted, as this screen keeps it (what was saved before,
        #: and what is entered since): None while the meeting stands. ctrl+y puts it back.
        self._kept: Meeting | None = None
        #: The kept meeting's entries that never reached the disk (shown "not saved").
        self._unsaved: set[str] = set()
        #: Who deleted it, as a sentence starts ("ana", "Someone else").
        self._deleter = ""

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

    @property
    def on_screen(self) -> Meeting | None:
        """The meeting this screen shows: as stored, or as kept here once someone deleted it."""
        return self._kept if self._kept is not None else self.meeting

    def _recorded_at(self) -> datetime:
        """When an entry made now is recorded: now, in a meeting under way; in a meeting that
        has ended (opened again to add what was missed), at its end, so the year's history
        keeps its dates (progress recorded in February's meeting is February's)."""
        meeting = self.on_screen
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
        agreement, meeting = self.agreement, self.on_screen
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
        agreement = self.agreement
        if agreement is None:
            return
        meeting = self.meeting
        if meeting is None and self._kept is None:  # deleted, seen by the watcher
            self._gone(self._last_meeting, self.base.updated_by if self.base else "", set())
        elif meeting is not None:
            self._last_meeting = meeting
        meeting = self.on_screen
        if meeting is None:
            return
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
        self.query_one("#entries", Static).update(self._entries(agreement, meeting, self._unsaved))
        self._show_hint()
        self.query_one("#entries-scroll", VerticalScroll).scroll_end(animate=False)

    @staticmethod
    def _action_line(item: ActionItem) -> str:
        owner = f" @{item.owner}" if item.owner else ""
        due = f" due {item.due.isoformat()}" if item.due else ""
        return f"{item.text}{owner}{due}"

    def _entries(self, agreement: Agreement, meeting: Meeting, unsaved: set[str]) -> Content:
        """This meeting's entries the viewer may read: notes, decisions, progress by time, then
        actions; those in ``unsaved`` (typed after the meeting was deleted) marked not saved."""

        def mark(entry_id: str) -> tuple[str, str] | str:
            return (NOT_SAVED, "bold $text-error") if entry_id in unsaved else ""

        timed: list[tuple[datetime | None, Content]] = []
        for note in meetings.notes_for(meeting, self.app.viewer.handle):
            label = ("(private) ", "italic $text-warning") if note.private else ""
            timed.append(
                (
                    note.at,
                    Content.assemble(
                        (f"{hhmm(note.at)} ", "dim"),
                        mark(note.id),
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
                        mark(decision.id),
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
            Content.assemble(
                mark(a.id), ("action ", "bold $text-accent"), ("✓ " if a.done else ""), plain(self._action_line(a))
            )
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
        the person stays, their text on screen. In a meeting someone deleted it is entered
        in the meeting kept on screen (and so in what stopping keeps)."""
        if not self.is_attached:  # closed already (its saver still holds what failed to save)
            return True
        note = self.query_one("#note", Input)
        if self.left or not note.value.strip():
            return True
        if self._kept is not None or self.meeting is None:
            return self._save(note.value)
        if not self._save(note.value):
            return False
        self.notify(f"What you typed was saved as an entry before {leaving}.", markup=False)
        return True

    def _save(self, typed: str, kind: EntryKind | None = None) -> bool:
        """Save the typed text as an entry (in a meeting someone deleted, keep it on screen,
        not saved); False (and why) when it was not taken."""
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
        if self.meeting is None:  # deleted by someone else: kept on this screen, not saved
            if not self._keep(change):
                return False
        elif not self._change(change):
            return False
        self.query_one("#note", Input).clear()
        return True

    def _keep(self, change: Callable[[Agreement], Agreement]) -> bool:
        """Make an entry in the meeting someone deleted, as this screen keeps it: on screen
        only, marked not saved (ctrl+y puts the meeting back with it)."""
        agreement = self.agreement
        if agreement is None:
            return False
        if self._kept is None:  # deleted on disk, not yet shown here
            self._gone(self._last_meeting, self.base.updated_by if self.base else "", set())
        kept = self._kept
        assert kept is not None
        try:
            changed = change(meetings.replace_meeting(agreement, kept)).meeting(self.meeting_id)
        except (ValidationError, KeyError) as error:
            self.notify(str(error), title="Not saved", severity="error", timeout=15, markup=False)
            return False
        self._unsaved |= entry_ids(changed) - entry_ids(kept)
        self._kept = changed
        self._show()
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
        """End applies only while the meeting is under way; putting it back, once it was
        deleted by someone else."""
        if action == "end":  # not offered once the meeting has ended (it did nothing, unsaid)
            meeting = self.meeting
            return meeting is not None and meeting.in_progress
        if action == "put_back":
            return self._kept is not None
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
        deleted by someone else and entries on screen, asks first: leaving keeps them in the
        person's exports folder (ctrl+y would put the meeting back instead)."""
        if not self._keep_typed("going back"):
            return
        kept = self._kept
        if kept is None or not entry_ids(kept) or self.left:
            self.app.pop_screen()
            return
        count = len(entry_ids(kept))
        question = (
            f"{self._deleter} deleted this meeting. Leave it deleted? The {count} "
            f"{'entry' if count == 1 else 'entries'} on screen will be kept in your exports folder, "
            "not in the meeting log (n, then ctrl+y, puts the meeting back instead)."
        )

        def answered(leave: bool | None) -> None:
            if leave:
                self._leave_kept()

        self.app.push_screen(ConfirmScreen(question, "Leave"), answered)

    def _leave_kept(self) -> None:
        draft = self.unsaved_draft()
        if draft is None:
            self.app.pop_screen()
            return
        self._write_kept(draft)

    @work(thread=True, exclusive=True, group="keep", description="keep")
    def _write_kept(self, draft: Agreement) -> None:
        # As stopping keeps what is not saved: the person's exports folder (else their own).
        kept = self.app.keep_unsaved(draft)
        self.app.call_from_thread(self._kept_written, kept.said, kept.path is not None)

    def _kept_written(self, said: str, written: bool) -> None:
        if not written:  # written nowhere: stay, with everything on screen
            self.notify(
                f"Not left: {said.splitlines()[0]}.",
                title="Not kept",
                severity="error",
                timeout=30,
                markup=False,
            )
            return
        self.notify(f"The meeting stays deleted; {said}.", title="Kept", timeout=15, markup=False)
        if self.is_current:
            self.app.pop_screen()

    def action_put_back(self) -> None:
        """Put the meeting someone deleted back in the log, with everything on screen (saved now)."""
        kept = self._kept
        if kept is None:
            return
        if not self.save_change(lambda a: meetings.replace_meeting(a, kept)):
            return
        self._kept, self._unsaved, self._deleter = None, set(), ""
        self.refresh_bindings()
        self._show()
        for notice in list(self.app._notifications):  # "deleted" is no longer true
            if notice.title == "Meeting deleted":
                self.app._unnotify(notice)
        self.notify("The meeting is back in the meeting log, with everything on screen.", title="Put back")

    def flush_draft(self) -> None:
        # Quitting, or the connection dropped: what is typed is saved with the rest.
        self._keep_typed("stopping")
        super().flush_draft()

    def unsaved_draft(self) -> Agreement | None:
        """What the disk does not have (see `saving.unsaved_draft`): with the meeting deleted by
        someone else, also the meeting as kept on screen (what was saved before and what was
        entered since), and the note typed and not entered (as typed, prefix and all), so
        stopping keeps it in the person's exports folder."""
        draft = super().unsaved_draft()
        typed = self.query_one("#note", Input).value.strip() if self.is_attached else ""
        agreement = draft or self.agreement
        meeting = self._kept
        if meeting is None and self.meeting is None and typed:  # deleted, not yet shown here
            meeting = self._last_meeting
        if self.left or meeting is None or agreement is None or not (typed or entry_ids(meeting)):
            return draft
        if typed:
            meeting = meeting.edit(notes=(*meeting.notes, Note(text=typed, author=self.app.viewer.handle, at=now())))
        return meetings.replace_meeting(agreement, meeting)

    # -- the meeting deleted by someone else ---------------------------------------------------

    def _gone(self, meeting: Meeting | None, by: str, unsaved: set[str]) -> None:
        """The meeting was deleted by ``by`` (a handle, "" when not known): keep it on this
        screen as it was (``unsaved``: its entries that never reached the disk), say so."""
        self._kept = meeting or Meeting(id=self.meeting_id, status=MeetingStatus.HELD, started_at=now())
        self._unsaved = set(unsaved)
        self._deleter = deleted_by(by, self.app.viewer.handle)
        self.refresh_bindings()
        self.notify(
            f"{self._deleter} deleted this meeting (deleted meetings are not kept). Everything is "
            "still on your screen, and what you enter now is kept there, marked not saved: ctrl+y "
            "puts the meeting back with all of it; Esc leaves it deleted, keeping it in your exports "
            "folder.",
            title="Meeting deleted",
            severity="warning",
            timeout=12,  # the hint line above the input keeps saying it
            markup=False,
        )

    def _show_hint(self) -> None:
        hint = self.query_one("#hint", Static)
        if self._kept is None:
            hint.update(HINT)
            return
        hint.update(
            Content.assemble(
                (f"{self._deleter} deleted this meeting", "bold $text-error"),
                ": what you enter stays here, not saved. ^y put it back · Esc leave (kept in your exports)",
            )
        )

    def prepare_save(self) -> Job | None:
        # A save merges the draft with what others saved: a note added here to a meeting the
        # other person deleted would bring the meeting back, unasked. The job looks first.
        job = super().prepare_save()
        if job is None:
            return None
        base = self.base
        agreement_id, meeting_id, known = self.agreement_id, self.meeting_id, self._stamp
        look = base is not None and any(m.id == meeting_id for m in base.meetings)

        def run(store: Store) -> Saved:
            stamp = store.stamp(agreement_id) if look else known
            if stamp != known:
                current = store.load(agreement_id)
                if not any(m.id == meeting_id for m in current.meetings):
                    raise MeetingDeleted(current, stamp)
            saved: Saved = job.run(store)
            return saved

        return Job(run, sent=job.sent, conflicts=job.conflicts)

    def save_failed(self, error: Exception, job: Job) -> bool:
        if not isinstance(error, MeetingDeleted):
            return super().save_failed(error, job)
        # Their deletion stands on disk; the rest of what was done here is saved, and the
        # meeting, with what was entered in it and not saved, is kept on this screen.
        base, draft = self.base, self.agreement
        current = error.current
        stored = next((m for m in base.meetings if m.id == self.meeting_id), None) if base else None
        kept = next((m for m in draft.meetings if m.id == self.meeting_id), None) if draft else None
        kept = kept or self._last_meeting
        self._stamp = error.stamp
        self.base = current
        if base is not None and draft is not None:
            self.agreement = self.shown(merge(base, current, meetings.delete(draft, self.meeting_id))[0])
        else:
            self.agreement = self.shown(current)
        if self._kept is None:
            self._gone(kept, current.updated_by, entry_ids(kept) - entry_ids(stored))
        if self.is_attached:
            self._show()
        if self.saver.pending or self.agreement != self.shown(current):
            self.saver.changed()
        return False
