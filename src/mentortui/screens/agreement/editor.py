"""Provides AgreementEditor: the agreement's steps, saved as you type, with next/back/jump."""

from __future__ import annotations

import asyncio
from collections.abc import Iterable
from datetime import datetime
from functools import partial
from typing import Any

from textual import events, on, work
from textual.app import ComposeResult, SystemCommand
from textual.binding import Binding
from textual.content import Content
from textual.reactive import reactive
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import (
    Checkbox,
    ContentSwitcher,
    Header,
    Input,
    Select,
    SelectionList,
    TextArea,
)

from ...mentor_node import MentorNode
from ...model import Agreement
from ...model.agreement import EDITED_FIELDS, field_label
from ...model.base import now
from ...model.errors import FieldProblem, Severity
from ...model.hygiene import text_problems
from ...model.lifecycle import closed_since, is_closed
from ...model.merge import Conflict, differing_fields, merge, take_at, value_at
from ...model.people import CHANGING_THE_OTHER_PARTY, LEAVING_THE_AGREEMENT
from ...model.signing import record_edit
from ...model.validation import known_problems, validate
from ...store import ClosedError, ConflictError, NotAPartyError, RefusedTextError, Store, StoreError
from ...text import plain
from ...widgets.footer import Footer
from ...widgets.steps_bar import StepsBar
from ..common.confirm import ConfirmScreen
from ..common.saving import SAVE_LOCK_WAIT, Job, Saver, save_merged, why_not_saved
from ..common.watched import no_longer_a_party, short, where_they_differ, without_bookkeeping
from .conflict import shown
from .export import ExportScreen
from .goal import GoalScreen
from .goto import GoToStepScreen
from .messages import EditAgreement, GoToField, OpenGoal
from .steps.base import Step
from .steps.goals import GoalsStep
from .steps.parties import PartiesStep
from .steps.review import ReviewStep
from .steps.schedule import ScheduleStep
from .steps.values import ValuesStep


def top_field(path: str) -> str:
    """The agreement field a problem's path is in (``goals[0].title`` → ``goals``)."""
    return path.split(".", 1)[0].split("[", 1)[0]


#: What the editor's fields post when they change: an edit, unless the editor loaded them.
EDIT_EVENTS = (Input.Changed, TextArea.Changed, Select.Changed, SelectionList.SelectedChanged, Checkbox.Changed)

STEPS: tuple[type[Step], ...] = (PartiesStep, GoalsStep, ScheduleStep, ValuesStep, ReviewStep)

#: A field that posts an edit when it changes (see EDIT_EVENTS).
FieldChanged = Input.Changed | TextArea.Changed | Select.Changed | SelectionList.SelectedChanged[Any] | Checkbox.Changed
#: What a save gives back: the agreement as stored, the fields both changed, the file's stamp,
#: and who last changed each field before it (known when both changed one).
Saved = tuple[Agreement, list[Conflict], object, dict[str, str]]


#: Columns the status line has at 80 (inside its padding): what is said there fits them.
STATUS_ROOM = 78


class StatusLine(Widget):
    """One line saying when the agreement was last saved; redrawn without a relayout."""

    text: reactive[str] = reactive("")

    def render(self) -> Content:
        return Content(self.text)


#: Why a party's handle is kept as stored while the rest of the party is saved.
HANDLES_HELD = (LEAVING_THE_AGREEMENT, CHANGING_THE_OTHER_PARTY)


class AgreementEditor(MentorNode, Screen[None]):
    """Fill in an agreement step by step; every change is saved the moment it is made."""

    BINDINGS = [
        Binding("ctrl+n", "step(1)", "Next", tooltip="Next step", id="editor.next"),
        Binding("ctrl+b", "step(-1)", "Prev", tooltip="Previous step", id="editor.back"),
        Binding("ctrl+g", "go_to", "Steps", tooltip="Go to a step", id="editor.goto"),
        Binding("ctrl+s", "save", "Save", tooltip="Save now", id="editor.save", show=False),
        Binding("ctrl+o", "export", "Export", tooltip="Export as Markdown", id="editor.export"),
        Binding("escape,ctrl+r", "close", "Close", tooltip="Close the agreement (esc or ctrl+r)", id="editor.close"),
        # Only while both people changed the same thing: keys that typing never produces.
        Binding(
            "ctrl+y",
            "keep_mine",
            "Yours",
            id="editor.keep_mine",
            priority=True,
            tooltip="Settle a conflict for what you typed",
        ),
        Binding(
            "ctrl+t",
            "take_theirs",
            "Theirs",
            id="editor.take_theirs",
            priority=True,
            tooltip="Settle a conflict for the other person's value",
        ),
    ]

    def __init__(self, agreement: Agreement) -> None:
        super().__init__()
        #: The agreement as last stored, and the draft on screen (see `agreement`).
        self.base = agreement
        self._draft = agreement
        #: The step a key was typed in whose text the draft has not taken yet.
        self._typed_in: Step | None = None
        self._take_scheduled = False
        #: The steps read the draft through this (never through the screen itself).
        self.steps = [step(lambda: self.agreement) for step in STEPS]
        #: Fields both people changed at once: mine on screen, theirs on disk, until settled.
        self.conflicts: list[Conflict] = []
        #: Who else last changed each field, as far as this screen learnt (for its messages).
        self._who: dict[str, str] = {}
        #: The file's stamp when last seen by this screen (its own saves included).
        self._stamp: object = None
        self._saver: Saver | None = None
        #: Problems to show again once the editor is back on top (a goal's screen was).
        self._problems_stale = False
        #: The agreement no longer names the person: nothing more is shown or saved here.
        self.left = False

    def compose(self) -> ComposeResult:
        yield Header()
        yield StepsBar([s.TITLE for s in self.steps], id="steps-bar")
        with ContentSwitcher(initial=self.steps[0].id, id="step-switcher"):
            yield from self.steps
        yield StatusLine(id="save-status")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self.sub_title = plain(self.agreement.display_title, single_line=True)
        for step in self.steps:
            if not isinstance(step, ReviewStep):  # rendered when it comes on screen
                self._load(step, self.agreement)
        self._after_change("Opened")
        self._focus_step()
        # Once the step is drawn: the thread shares the interpreter, and judging 100 goals
        # of 50 milestones (~40 ms) held the first frame while it ran.
        self.call_after_refresh(self._judge_once, self.agreement)

    @property
    def saver(self) -> Saver:
        """Saves the draft in the background (made the first time it is asked for)."""
        if self._saver is None:
            self._saver = Saver(self.app, self)
        return self._saver

    @work(thread=True, exclusive=True, group="judge", description="judge the agreement's texts once")
    def _judge_once(self, agreement: Agreement) -> None:
        """Judge the agreement once, off the UI thread, while the first step is read: what is
        found is kept for this agreement (`known_problems`), so a step shown before anything
        changes judges nothing again; and the texts are kept by record (model/hygiene.py), so
        the first key that judges them walks only what changed (100 goals of 50 milestones:
        ~40 ms)."""
        validate(agreement)

    # -- steps -----------------------------------------------------------------------------

    @property
    def current(self) -> int:
        """The index of the step on screen."""
        switcher = self.query_one("#step-switcher", ContentSwitcher)
        return next(i for i, s in enumerate(self.steps) if s.id == switcher.current)

    def show_step(self, index: int) -> None:
        """Put step ``index`` on screen and focus its first field (what is typed is saved now)."""
        index = max(0, min(index, len(self.steps) - 1))
        self.saver.flush()
        self.query_one("#step-switcher", ContentSwitcher).current = self.steps[index].id
        self.query_one(StepsBar).current = index
        if isinstance(self.steps[index], ReviewStep):
            self._load(self.steps[index], self.agreement)  # rendered on demand, not on every key
        self._show_problems()
        self._focus_step()

    def _focus_step(self) -> None:
        step = self.steps[self.current]
        step.scroll_home(animate=False)
        focusable = [w for w in step.query("*") if w.focusable]
        # Focus at once (not after the queued keys, as widget.focus() would): keys typed
        # right after ctrl+n land in the new step's first field.
        if focusable:
            self.set_focus(focusable[0])
        elif step.focusable:  # read-only: the step itself, so it can be scrolled
            self.set_focus(step)

    def action_step(self, delta: int) -> None:
        """Move to the next (1) or previous (-1) step."""
        self.show_step(self.current + delta)

    def action_go_to(self) -> None:
        """Choose a step to jump to."""
        bar = self.query_one(StepsBar)

        def chosen(index: int | None) -> None:
            if index is not None:
                self.show_step(index)

        self.app.push_screen(GoToStepScreen(bar.names, set(bar.complete), self.current), chosen)

    def go_to_field(self, path: str) -> None:
        """Show the step that edits ``path`` and focus its field."""
        for index, step in enumerate(self.steps):
            if step.owns(path):
                self.show_step(index)
                step.focus_field(path)
                return

    def palette_commands(self) -> Iterable[SystemCommand]:
        """A "Go to step" command for each step, for the command palette."""
        for index, step in enumerate(self.steps):
            yield SystemCommand(
                f"Go to step {index + 1}: {step.TITLE}",
                "Show this step of the agreement",
                partial(self.show_step, index),
            )

    def _load(self, step: Step, agreement: Agreement) -> None:
        """Show an agreement in a step; its widgets' Changed messages are not taken for edits."""
        with self.prevent(*EDIT_EVENTS):
            step.show(agreement)

    # -- what the steps ask for (messages.py) -----------------------------------------------

    @on(EditAgreement)
    def _edit_asked(self, event: EditAgreement) -> None:
        """A step's change beyond its fields: taken into the draft as an edit, then shown."""
        event.stop()
        self.commit(event.change(self.agreement))
        if event.at_once:
            self.saver.flush()
        if event.then is not None:
            event.then(self.agreement)

    @on(OpenGoal)
    def _open_goal(self, event: OpenGoal) -> None:
        """Edit a goal on its own screen, which saves through this one."""
        event.stop()
        closed = event.closed

        def back(_: None) -> None:
            if closed is not None:
                closed()

        self.app.push_screen(GoalScreen(self, event.goal_id, added=event.added, focus=event.focus), back)

    @on(GoToField)
    def _go_to_field(self, event: GoToField) -> None:
        event.stop()
        self.go_to_field(event.path)

    # -- the draft and its saves ---------------------------------------------------------

    @on(Input.Changed)
    @on(TextArea.Changed)
    @on(Select.Changed)
    @on(SelectionList.SelectedChanged)
    @on(Checkbox.Changed)
    def _field_changed(self, event: FieldChanged) -> None:
        step = next((a for a in event.control.ancestors if isinstance(a, Step)), None)
        if step is None:
            return
        if isinstance(event, (Input.Changed, TextArea.Changed)):
            # A typed key is drawn first; the draft takes it right after the screen is
            # updated (or as soon as anything reads the draft).
            if self._typed_in is not None and self._typed_in is not step:
                self._take_typed()
            self._typed_in = step
            if not self._take_scheduled:
                self._take_scheduled = True
                self.call_after_refresh(self._take_typed)
            return
        self.commit(step.collect(self.agreement))

    def _take_typed(self) -> None:
        self._take_scheduled = False
        step, self._typed_in = self._typed_in, None
        if step is not None and self.is_attached:
            self.commit(step.collect(self._draft))

    @property
    def agreement(self) -> Agreement:
        """The draft: what is on screen, the last key typed included."""
        if self._typed_in is not None:
            self._take_typed()
        return self._draft

    @agreement.setter
    def agreement(self, value: Agreement) -> None:
        self._draft = value

    def on_descendant_blur(self, event: events.DescendantBlur) -> None:
        # Leaving a field saves it now, and shows what someone else changed there meanwhile.
        step = next((a for a in event.widget.ancestors if isinstance(a, Step)), None)
        if step is not None and step.release_held(event.widget):
            self._load(step, self.agreement)
        self.saver.flush()

    def commit(self, edited: Agreement) -> None:
        """Take an edit into the draft; it is saved in the background once typing pauses.

        The screen never waits for the disk: a key changes the widget and the draft only.
        """
        if self.read_only:
            if edited != self.base:
                self.agreement = self.base
                self._load(self.steps[self.current], self.base)
                self.notify(self._read_only_text(), title="Read-only", severity="warning", markup=False)
            return
        if edited == self.agreement:
            self._show_problems()
            return
        self.agreement = edited
        if isinstance(self.steps[self.current], ReviewStep):  # a signature: shown at once
            self._load(self.steps[self.current], self.agreement)
        self._after_edit()
        self.saver.changed()

    def flush_draft(self) -> None:
        """Save what is typed now (leaving the screen, quitting), up to the last key drawn."""
        on_screen = self._on_screen()
        if on_screen is not None:
            self.commit(on_screen)
        self.saver.flush()

    def unsaved_draft(self) -> Agreement | None:
        """The agreement as on screen when the disk does not have all of it (a save failing,
        a field held in a conflict: see `saving.unsaved_draft`); None when it does."""
        if self.left or self.read_only:
            return None
        draft = self.agreement
        return None if without_bookkeeping(draft) == without_bookkeeping(self.base) else draft

    def _on_screen(self) -> Agreement | None:
        """The draft with what the step's widgets hold now (None on a read-only screen).

        A key changes the widget first and the draft when its Changed message comes; a save's
        result or a quit can land in between, and must neither put older text back in the
        field nor leave the last keys unsaved.
        """
        if self.read_only or not self.is_attached:
            return None
        step = self.steps[self.current]
        if isinstance(step, ReviewStep):
            return None
        with self.prevent(*EDIT_EVENTS):
            return step.collect(self.agreement)

    def _held(self, only: frozenset[str] | None = None) -> dict[str, str]:
        """Fields of the draft not to be saved yet, and why: refused text, an unsettled conflict.

        ``only``: judge just these top-level fields' text (the step typed in, on each key).
        """
        held = {
            top_field(p.path): p.sentence
            for p in text_problems(self.agreement, before=self.base, meetings=False, only=only)
        }
        for conflict in self.conflicts:
            held.setdefault(top_field(conflict.field), "also changed by someone else")
        for role, why in self.app.viewer.held_handles(self.base, self._draft).items():
            held.setdefault(role.value, why)
        return held

    @staticmethod
    def _held_value(name: str, why: str, draft: Agreement, base: Agreement) -> object:
        """What a held field saves: its stored value; a party's handle only, when that is what
        would take the person off (their name and contact are saved)."""
        if why in HANDLES_HELD:
            return getattr(draft, name).edit(handle=getattr(base, name).handle)
        return getattr(base, name)

    def prepare_save(self) -> Job | None:
        if self.left:
            return None
        draft, base = self.agreement, self.base
        held = self._held()
        edited = draft.edit(**{name: self._held_value(name, why, draft, base) for name, why in held.items()})
        if edited == base:
            if self.conflicts:
                self._status(self._conflict_text(), error=True)
            elif held:
                self._refused(next(iter(held.values())))
            return None
        edited = record_edit(base, edited, by=self.app.store.user, at=now())

        def run(store: Store) -> Saved:
            try:
                stored = store.save(edited, base=base, timeout=SAVE_LOCK_WAIT)
                return stored, [], store.written_stamp(edited.id), {}
            except ConflictError as error:  # who changed what, to name them at the field
                by = {name: who for name, (who, _) in error.changed_by.items()}
            # Save all the rest; what both changed keeps their value on disk and mine on
            # screen, at the field, until the person settles it.
            stored, conflicts = save_merged(store, edited, base, prefer_theirs=True)
            return stored, conflicts, store.written_stamp(edited.id), by

        if self.saver.failing:
            self._status(f"Not saved, retrying: {self.saver.failing}", error=True)
        else:
            self._status(f"Saving… · revision {base.revision}")
        return Job(run, sent=(draft, held, base))

    def _sync_draft(self) -> None:
        """Take into the draft what the widgets hold and the draft does not have yet."""
        on_screen = self._on_screen()
        if on_screen is not None and on_screen != self.agreement:  # else keep the same object
            self.agreement = on_screen

    def saved(self, result: Saved, job: Job) -> None:
        stored, conflicts, stamp, by = result
        sent: Agreement
        held: dict[str, str]
        sent, held, sent_base = job.sent
        self._sync_draft()
        self._stamp = stamp
        disputed = {top_field(c.field) for c in (*self.conflicts, *conflicts)}
        if self.agreement is sent:
            draft = stored.edit(**{n: getattr(sent, n) for n in held if n not in disputed})
        else:  # typed on while it was saving: the newer edits stay in the draft
            draft, _ = merge(sent, stored, self.agreement)
            draft = draft.edit(
                **{n: getattr(self.agreement, n) for n in self._held() if n in held and n not in disputed}
            )
        if disputed:
            # Mine stays on screen where both changed it (as typed by now) until settled; what
            # else they saved in those fields (another goal, a milestone) comes in beside it,
            # so that keeping mine later does not write their other changes away.
            mine, _ = merge(sent_base, stored, self.agreement)
            draft = draft.edit(**{n: getattr(mine, n) for n in disputed})
        others = self._others_changed(sent, stored, held)
        me = self.app.store.user
        for name in {*others, *(top_field(c.field) for c in conflicts)}:
            who = by.get(name) or (stored.updated_by if stored.updated_by != me else "")
            if who and who != me:
                self._who[name] = who
        self.base, self.agreement = stored, draft
        self._restate_conflicts([*self.conflicts, *conflicts])
        if others or conflicts:  # someone else's changes came in with ours: show them in place
            self._reload_steps()
        self._after_change("Saved")
        if self.conflicts:
            self._status(self._conflict_text(), error=True)
        elif held:
            self._refused(next(iter(held.values())))

    def _refused(self, why: str) -> None:
        """Say that refused text was not saved (the rest of the form is), and why, at the field."""
        self._status(f"Not saved: {why}", error=True)
        self._show_problems()

    def save_failed(self, error: Exception, job: Job) -> bool:
        if isinstance(error, RefusedTextError):  # the message is at the field; what was typed stays
            self._refused(error.problems[0].sentence)
            return False
        if isinstance(error, ClosedError):
            self._status(f"Not saved: {error}", error=True)
            return False
        if isinstance(error, NotAPartyError):  # what was typed stays on screen
            if error.removed:
                self._leave()
            else:
                self._status(str(error), error=True)
            return False
        self._status(f"Not saved, retrying: {why_not_saved(error)}", error=True)
        return True

    @staticmethod
    def _others_changed(sent: Agreement, stored: Agreement, held: dict[str, str]) -> list[str]:
        """Fields someone else changed that came back with a save of ours."""
        changed: list[str] = []
        for name in EDITED_FIELDS:
            if name in held or name in ("amendments", "status"):
                continue
            if getattr(sent, name) != getattr(stored, name):
                changed.append(name)
        return changed

    def _reload_steps(self) -> None:
        """Show the draft in every step (the Review step only when on screen)."""
        for step in self.steps:
            if not isinstance(step, ReviewStep) or step is self.steps[self.current]:
                self._load(step, self.agreement)

    # -- conflicts, settled at the field ---------------------------------------------------

    def _restate_conflicts(self, conflicts: list[Conflict]) -> None:
        """Keep the conflicts that still stand between the draft and the agreement as last
        stored, each naming their value as stored now: what the note at the field shows is
        what ctrl+y overwrites and ctrl+t takes. One where both now say the same is gone."""
        standing: dict[str, Conflict] = {}
        for conflict in conflicts:  # later ones (a save's) replace earlier ones of the same place
            theirs = value_at(self.base, conflict.field, conflict.item_id)
            mine = value_at(self.agreement, conflict.field, conflict.item_id)
            standing.pop(conflict.where, None)
            if theirs != mine:
                standing[conflict.where] = conflict.edit(theirs=theirs, mine=mine)
        self.conflicts = list(standing.values())
        self.refresh_bindings()  # ctrl+y and ctrl+t in the footer while there is a conflict

    def changed_by(self, field: str) -> str:
        """Who else last changed ``field`` as this editor learnt it (from their save, or from
        ours that merged theirs in); "" when not known."""
        return self._who.get(field, "")

    def _conflicting(self) -> str:
        """Who else changed the fields in conflict ("ben", or "someone else")."""
        names = dict.fromkeys(self._who.get(top_field(c.field), "") for c in self.conflicts)
        return ", ".join(name for name in names if name) or "someone else"

    def _conflict_path(self, conflict: Conflict) -> str:
        """Where a conflict is said: a goal's at its row (``goals[1]``), the rest at the field."""
        if conflict.field == "goals" and conflict.item_id is not None:
            ids = [goal.id for goal in self.agreement.goals]
            if conflict.item_id in ids:
                return f"goals[{ids.index(conflict.item_id)}]"
        return conflict.field

    def _conflict_text(self) -> str:
        names = ", ".join(dict.fromkeys(field_label(top_field(c.field)) for c in self.conflicts))
        who = self._conflicting()
        return f"{who} also changed {names}: yours on screen, theirs saved · ^y or ^t"

    def action_keep_mine(self) -> None:
        """Settle every conflict for what you typed (it is saved over theirs)."""
        if not self.conflicts:
            return
        self.conflicts = []
        self.refresh_bindings()
        self._status("Keeping yours: saving…")
        self._show_problems()
        self.saver.changed()
        self.saver.flush()

    def action_take_theirs(self) -> None:
        """Settle every conflict for the other person's value (yours is dropped there only)."""
        if not self.conflicts:
            return
        draft = self.agreement
        for conflict in self.conflicts:  # theirs as shown at the field: the last stored
            draft = take_at(draft, self.base, conflict.field, conflict.item_id)
        names = {top_field(c.field) for c in self.conflicts}
        self.conflicts = []
        self.refresh_bindings()
        for step in self.steps:  # the field typed in shows theirs now, and keys edit it
            step.forget_loaded(names)
        self.agreement = draft
        self._reload_steps()
        self._after_change("Took theirs")
        if draft != self.base:  # what else was held with the conflict (another goal) is saved
            self.saver.changed()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("keep_mine", "take_theirs"):
            return bool(self.conflicts)
        return True

    # -- others' saves -----------------------------------------------------------------------

    def watch_disk(self) -> None:
        """Called by the app's watcher while this screen is on top: look for others' saves."""
        if not self.left:
            self._look(self.base.id, self._stamp)

    @work(thread=True, exclusive=True, group="watch", description="watch")
    def _look(self, agreement_id: str, known: object) -> None:
        store = self.app.store
        try:
            stamp = store.stamp(agreement_id)
            if stamp == known or stamp is None:
                return
            current = store.load(agreement_id)
        except (StoreError, OSError) as error:
            self.app.call_from_thread(self._status, f"Cannot read the agreement: {why_not_saved(error)}", True)
            return
        self.app.call_from_thread(self.others_saved, current, stamp)

    def others_saved(self, current: Agreement, stamp: object) -> None:
        """Someone else saved: their changes come into the draft; what is typed here stays."""
        if current.revision <= self.base.revision:
            if current.revision == self.base.revision:
                self._stamp = stamp  # the file as we know it
            return  # our own save, already shown
        if not self.app.viewer.is_party(current):  # taken off it: theirs is not shown here
            self._leave()
            return
        if not self.saver.idle:
            self.saver.flush()  # the save merges both; its result shows theirs
            return
        self._stamp = stamp
        self._sync_draft()
        changed = differing_fields(self.base, current)
        disputed = {top_field(c.field) for c in self.conflicts}
        # Theirs comes in item by item where both changed a field too (their later milestone
        # beside my goal), so that keeping mine does not write it away; what both changed
        # is a conflict, and its note follows their value.
        draft, found = merge(self.base, current, self.agreement)
        draft = draft.edit(**{n: getattr(self.agreement, n) for n in self._held() if n not in disputed})
        for name in EDITED_FIELDS:
            if getattr(self.base, name) != getattr(current, name) and current.updated_by:
                self._who[name] = current.updated_by
        self.base, self.agreement = current, draft
        self._restate_conflicts([*self.conflicts, *found])
        self._reload_steps()
        who = current.updated_by or "Someone"
        self._after_change(f"{who} changed {', '.join(changed)}" if changed else "Updated")
        if self.conflicts:
            # The fields in conflict are named once, by the conflict (the line is cut at 80 columns).
            held = {field_label(top_field(c.field)) for c in self.conflicts}
            others = [label for label in changed if label not in held]
            said = self._conflict_text()
            if others and len(said) + len(who) + sum(len(o) + 2 for o in others) + 12 <= STATUS_ROOM:
                said = f"{who} changed {', '.join(others)} · {said}"
            self._status(said, error=True)

    def _leave(self) -> None:
        """The agreement no longer names this person: say so, and what of theirs was not
        saved, and go back to the list (once)."""
        if self.left:
            return
        self._sync_draft()
        self.left = True
        no_longer_a_party(self, self.base, self.agreement)

    def action_save(self) -> None:
        """Save now (everything is saved as you type; this retries a failed save)."""
        step = self.steps[self.current]
        self.commit(step.collect(self.agreement))
        self.saver.flush()

    @property
    def read_only(self) -> bool:
        """A completed or dissolved agreement is shown, not edited, until it is reopened."""
        return is_closed(self.base)

    def _read_only_text(self) -> str:
        return (
            f"This agreement was {closed_since(self.base)}. To change it, reopen it: "
            "v on the list opens its evaluation, where ctrl+o reopens."
        )

    def _apply_read_only(self) -> None:
        """Disable every field of a closed agreement (and enable them again once reopened)."""
        closed = self.read_only
        if closed == getattr(self, "_shown_read_only", False):
            return
        self._shown_read_only = closed
        for control in self.query("Input, Select, SelectionList, Checkbox, Button"):
            control.disabled = closed
        for area in self.query(TextArea).exclude(".preview"):  # a preview is never edited
            area.read_only = closed
        for step in self.steps:
            step.can_focus = closed  # so a read-only step can still be scrolled by keys
        if self.is_mounted:
            self.call_after_refresh(self._focus_step)

    def _after_edit(self) -> None:
        """After a key: what the draft's state shows, for the step being typed in (no disk, no
        relayout; the header's title and the other steps' ticks follow once saved)."""
        bar = self.query_one(StepsBar)
        index = self.current
        done = self.steps[index].is_complete(self.agreement)
        if done != (index in bar.complete):
            bar.complete = bar.complete ^ {index}
        self._show_problems()
        if self.conflicts or self._problems_stale:
            return  # a goal's screen is on top and says its own; the rest once the editor is back
        if held := self._held(only=self.steps[index].top_fields()):
            self._refused(next(iter(held.values())))
        elif self.saver.failing:
            self._status(f"Not saved, retrying: {self.saver.failing}", error=True)
        else:
            self._status(f"Editing · saved at revision {self.base.revision} · the rest once you pause")

    def _after_change(self, verb: str) -> None:
        stamp = self.base.updated_at.astimezone() if self.base.updated_at else datetime.now().astimezone()
        self.sub_title = plain(self.agreement.display_title, single_line=True)  # the header follows a new title
        self._apply_read_only()
        if self.read_only:
            self._status(f"Read-only: {closed_since(self.base)} · to edit: v on the list, then ctrl+o")
        else:
            self._status(f"{verb} · revision {self.base.revision} · {stamp:%H:%M:%S} · {self.base.status}")
        self.query_one(StepsBar).complete = frozenset(
            i for i, s in enumerate(self.steps) if s.is_complete(self.agreement)
        )
        self._show_problems()

    def on_screen_resume(self) -> None:
        if self._problems_stale:
            self._show_problems()
            if not self.conflicts and (held := self._held(only=self.steps[self.current].top_fields())):
                self._refused(next(iter(held.values())))

    def _show_problems(self) -> None:
        """Show the problems of the step on screen (others are shown when they come up).

        Not while a goal's screen is on top: it judges its goal on each key itself, and the
        goals step judging all 100 goals as well doubled what a key cost there.
        """
        if not self.is_current:
            self._problems_stale = True
            return
        self._problems_stale = False
        step = self.steps[self.current]
        # Judged in full already (on opening, in a worker) when nothing changed since: the same.
        found = known_problems(self.agreement)
        if found is None:
            found = validate(self.agreement, only=step.top_fields())
        problems = [p for p in found if step.owns(p.path)]
        for conflict in self.conflicts:
            if step.owns(conflict.field):
                who = self._who.get(top_field(conflict.field)) or "someone else"
                problems.insert(
                    0,
                    FieldProblem(
                        self._conflict_path(conflict),
                        f"Also changed by {short(who, 16)}: “{where_they_differ(shown(conflict.theirs), shown(conflict.mine))}”\n"
                        "ctrl+y keeps yours · ctrl+t takes theirs",
                    ),
                )
        for role, why in self.app.viewer.held_handles(self.base, self.agreement).items():
            if step.owns(f"{role}.handle"):
                problems.insert(0, FieldProblem(f"{role}.handle", why.rstrip(".")))
        for path, value in step.held.items():
            # Who saved it last for that field: the last save may be ours, with theirs merged in.
            who = self._who.get(top_field(path)) or "Someone else"
            problems.insert(
                0,
                FieldProblem(
                    path,
                    f"{who} changed this to “{short(value, 30)}”: it shows when you leave the field",
                    Severity.WARNING,
                ),
            )
        step.show_problems(problems)

    def _status(self, text: str, error: bool = False) -> None:
        if not self.is_attached:
            return
        status = self.query_one("#save-status", StatusLine)
        status.text = plain(text, single_line=True)
        status.set_class(error, "-error")

    def action_export(self) -> None:
        """Write the agreement as Markdown (asks where)."""
        self.app.push_screen(ExportScreen(self.agreement), self._exported)

    def _exported(self, done: str | None) -> None:
        if done is not None:
            self.notify(done, title="Exported", markup=False)

    # -- leaving ---------------------------------------------------------------------------

    async def action_close(self) -> None:
        """Back to the list once what is typed is saved; asks first if it could not be."""
        saver = self.saver
        saver.flush()
        while not saver.idle and not saver.failing:
            await asyncio.sleep(0.02)
        unsaved = [said for step in self.steps for said in step.unsaved()]
        if saver.idle and not unsaved and not self.conflicts and not self._held():
            self.dismiss(None)
            return
        if self.conflicts:
            who = self._conflicting()
            names = ", ".join(dict.fromkeys(field_label(top_field(c.field)) for c in self.conflicts))
            what = f"your {names} ({who} changed it too: ctrl+y keeps yours)"
        else:
            what = ", ".join(unsaved) or saver.failing or "the last change"

        def answered(leave: bool | None) -> None:
            if leave:
                self.dismiss(None)

        self.app.push_screen(ConfirmScreen(f"Not saved: {what}. Leave anyway?", "Leave"), answered)
