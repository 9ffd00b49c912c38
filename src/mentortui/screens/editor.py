"""Provides AgreementEditor: the agreement's steps, saved as you type, with next/back/jump."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from textual import on
from textual.app import ComposeResult, SystemCommand
from textual.binding import Binding
from textual.reactive import reactive
from textual.widget import Widget
from textual.content import Content
from textual.screen import Screen
from textual.widgets import (
    Checkbox,
    ContentSwitcher,
    Footer,
    Header,
    Input,
    Select,
    SelectionList,
    TextArea,
)

from ..model import Agreement
from ..model.base import now
from ..model.lifecycle import closed_since, is_closed
from ..model.merge import differing_fields, merge
from ..model.signing import record_edit
from ..model.hygiene import text_problems
from ..model.validation import validate
from ..store import ConflictError, RefusedTextError, StoreError
from ..text import plain
from ..widgets.steps_bar import StepsBar
from .confirm import ConfirmScreen
from .conflict import ConflictScreen
from .export import ExportScreen
from .goto import GoToStepScreen
from .steps.base import Step
from .steps.goals import GoalsStep
from .steps.parties import PartiesStep
from .steps.review import ReviewStep
from .steps.schedule import ScheduleStep
from .steps.values import ValuesStep

#: How often the editor looks for changes others saved (seconds).
POLL_SECONDS = 1.5


def top_field(path: str) -> str:
    """The agreement field a problem's path is in (``goals[0].title`` → ``goals``)."""
    return path.split(".", 1)[0].split("[", 1)[0]
#: What the editor's fields post when they change: an edit, unless the editor loaded them.
EDIT_EVENTS = (Input.Changed, TextArea.Changed, Select.Changed, SelectionList.SelectedChanged,
               Checkbox.Changed)

STEPS: tuple[type[Step], ...] = (PartiesStep, GoalsStep, ScheduleStep, ValuesStep, ReviewStep)


class StatusLine(Widget):
    """One line saying when the agreement was last saved; redrawn without a relayout."""

    text: reactive[str] = reactive("")

    def render(self) -> Content:
        return Content(self.text)


class AgreementEditor(Screen[None]):
    """Fill in an agreement step by step; every change is saved the moment it is made."""

    BINDINGS = [
        Binding("ctrl+n", "step(1)", "Next", tooltip="Next step", id="editor.next"),
        Binding("ctrl+b", "step(-1)", "Prev", tooltip="Previous step", id="editor.back"),
        Binding("ctrl+g", "go_to", "Steps", tooltip="Go to a step", id="editor.goto"),
        Binding("ctrl+s", "save", "Save", tooltip="Save now", id="editor.save", show=False),
        Binding("ctrl+o", "export", "Export", tooltip="Export as Markdown", id="editor.export"),
        Binding("escape,ctrl+r", "close", "Close", tooltip="Close the agreement (esc or ctrl+r)", id="editor.close"),
    ]

    def __init__(self, agreement: Agreement) -> None:
        super().__init__()
        #: The agreement as last stored, and as on screen (equal unless a save failed).
        self.base = agreement
        self.agreement = agreement
        self.steps = [step() for step in STEPS]

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
        self.call_after_refresh(self._focus_step)
        self._stamp = self.app.store.stamp(self.base.id)
        self.set_interval(POLL_SECONDS, self._poll)

    # -- steps -----------------------------------------------------------------------------

    @property
    def current(self) -> int:
        """The index of the step on screen."""
        switcher = self.query_one("#step-switcher", ContentSwitcher)
        return next(i for i, s in enumerate(self.steps) if s.id == switcher.current)

    def show_step(self, index: int) -> None:
        """Put step ``index`` on screen and focus its first field."""
        index = max(0, min(index, len(self.steps) - 1))
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
        if focusable:
            focusable[0].focus()
        elif step.focusable:  # read-only: the step itself, so it can be scrolled
            step.focus()

    def action_step(self, delta: int) -> None:
        """Move to the next (1) or previous (-1) step."""
        self.show_step(self.current + delta)

    def action_go_to(self) -> None:
        """Choose a step to jump to."""
        bar = self.query_one(StepsBar)
        self.app.push_screen(
            GoToStepScreen(bar.names, set(bar.complete), self.current),
            lambda index: self.show_step(index) if index is not None else None,
        )

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
                lambda index=index: self.show_step(index),
            )

    def _load(self, step: Step, agreement: Agreement) -> None:
        """Show an agreement in a step; its widgets' Changed messages are not taken for edits."""
        with self.prevent(*EDIT_EVENTS):
            step.show(agreement)

    # -- saving ----------------------------------------------------------------------------

    @on(Input.Changed)
    @on(TextArea.Changed)
    @on(Select.Changed)
    @on(SelectionList.SelectedChanged)
    @on(Checkbox.Changed)
    def _field_changed(self, event) -> None:
        step = next((a for a in event.control.ancestors if isinstance(a, Step)), None)
        if step is not None:
            self.commit(step.collect(self.agreement))

    def commit(self, edited: Agreement) -> None:
        """Save an edited agreement now; on a conflict or error keep it on screen and say so."""
        if self.read_only:
            if edited != self.base:
                self.agreement = self.base
                self._load(self.steps[self.current], self.base)
                self.notify(self._read_only_text(), title="Read-only", severity="warning", markup=False)
            return
        if edited == self.agreement and self.agreement is self.base:
            self._show_problems()
            return
        store = self.app.store
        # Text that breaks the text rule stays on screen, with its message at the field; the
        # rest of the change is saved without it.
        refused = text_problems(edited, before=self.base, meetings=False)
        held = {top_field(p.path) for p in refused}
        draft = edited
        edited = edited.edit(**{name: getattr(self.base, name) for name in held})
        if held and edited == self.base:
            self.agreement = draft
            self._refused(refused[0].sentence)
            return
        edited = record_edit(self.base, edited, by=store.user, at=now())
        self.agreement = edited
        try:
            stored = store.save(edited, base=self.base)
        except ConflictError as error:
            self._status(f"Not saved: {error}", error=True)
            self.app.push_screen(ConflictScreen(error), self._settle)
            return
        except RefusedTextError as error:  # the message is at the field; what was typed stays
            self._refused(error.problems[0].sentence)
            return
        except StoreError as error:
            self._status(f"Not saved: {error}", error=True)
            self.notify(str(error), title="Not saved", severity="error", timeout=20, markup=False)
            return
        merged_in = stored.edit(revision=0, updated_at=None, updated_by="") != edited.edit(
            revision=0, updated_at=None, updated_by=""
        )
        self.base = self.agreement = stored
        if held:  # saved without the refused text, which stays in the draft
            self.agreement = stored.edit(**{name: getattr(draft, name) for name in held})
        if merged_in:  # someone else's changes came in with ours: show them
            for step in self.steps:
                if not isinstance(step, ReviewStep) or step is self.steps[self.current]:
                    self._load(step, self.agreement)
        elif isinstance(self.steps[self.current], ReviewStep):
            self._load(self.steps[self.current], self.agreement)
        self._after_change("Saved")
        if held:
            self._refused(refused[0].sentence)

    def _refused(self, why: str) -> None:
        """Say that refused text was not saved (the rest of the form is), and why, at the field."""
        self._status(f"Not saved: {why}", error=True)
        self._show_problems()

    def _settle(self, choice: str | None) -> None:
        """Save after a conflict: every field merged, the conflicting ones for the chosen side."""
        store = self.app.store
        try:
            current = store.load(self.agreement.id)
            merged, _ = merge(self.base, current, self.agreement, prefer_theirs=choice == "theirs")
            stored = store.save(merged.edit(revision=current.revision), base=current)
        except StoreError as error:
            self._status(f"Not saved: {error}", error=True)
            self.notify(str(error), title="Not saved", severity="error", timeout=20, markup=False)
            return
        self.base = self.agreement = stored
        for step in self.steps:
            self._load(step, stored)
        self._after_change("Saved (conflict settled)")

    def _poll(self) -> None:
        """Show changes others saved meanwhile, within a poll of the file's stat."""
        store = self.app.store
        try:
            stamp = store.stamp(self.base.id)
            if stamp == self._stamp:
                return
            self._stamp = stamp
            current = store.load(self.base.id)
        except StoreError as error:
            self._status(f"Cannot read the agreement: {error}", error=True)
            return
        if current.revision == self.base.revision or self.agreement is not self.base:
            return  # our own save, or an unsaved edit of ours that the next save will merge
        changed = differing_fields(self.base, current)
        self.base = self.agreement = current
        for step in self.steps:
            if not isinstance(step, ReviewStep) or step is self.steps[self.current]:
                self._load(step, current)
        self._after_change("Updated")
        if changed:
            who = current.updated_by or "Someone"
            self.notify(
                f"{who} changed {', '.join(changed)}.", title="Changed by someone else", markup=False
            )

    def action_save(self) -> None:
        """Save now (everything is saved as you type; this retries a failed save)."""
        step = self.steps[self.current]
        self.commit(step.collect(self.agreement))
        if self.agreement is self.base:
            self.notify(f"Saved at revision {self.base.revision}.", title="Saved")

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

    def _show_problems(self) -> None:
        """Show the problems of the step on screen (others are shown when they come up)."""
        step = self.steps[self.current]
        step.show_problems([p for p in validate(self.agreement) if step.owns(p.path)])

    def _status(self, text: str, error: bool = False) -> None:
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

    def action_close(self) -> None:
        """Back to the list; asks first if something typed could not be saved."""
        unsaved = [path for step in self.steps for path in step.input_problems]
        if self.agreement is self.base and not unsaved:
            self.dismiss(None)
            return
        what = ", ".join(unsaved) or "the last change"
        self.app.push_screen(
            ConfirmScreen(f"Not saved: {what}. Leave anyway?", "Leave"),
            lambda leave: self.dismiss(None) if leave else None,
        )
