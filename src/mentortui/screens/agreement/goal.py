"""Provides GoalScreen: one goal of an agreement, its SMART fields and milestones, saved as you type."""

from __future__ import annotations

import re
from typing import Protocol

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Header, Input, Select, Static

from ...clock import today
from ...mentor_node import MentorNode
from ...model import Agreement, Goal, Milestone, Role, Severity
from ...model.base import is_record
from ...model.hygiene import no_room
from ...model.merge import Conflict
from ...model.rows import move_row
from ...model.validation import goal_problems, smart_gaps
from ...text import plain
from ...timeline import Mark, target_mark
from ...widgets.date_input import DateInput, read_day
from ...widgets.field import Field
from ...widgets.footer import Footer
from ...widgets.record_table import RecordTable
from ...widgets.safe_text import SafeInput
from ..common.confirm import ConfirmScreen
from ..common.watched import short
from .milestone import MilestoneScreen

#: The SMART fields: control id, label, and a hint from the strategic form's definitions.
SMART_FIELDS = (
    ("specific", "S  Specific", "the desired outcome, well defined"),
    ("measurable", "M  Measurable", "how progress and success will be measured"),
    ("achievable", "A  Achievable", "doable in the time, with the resources at hand"),
    ("relevant", "R  Relevant", "why it matters to the mentee's or mentor's life"),
)
TEXT_FIELDS = ("title", "specific", "measurable", "achievable", "relevant", "resources_needed", "potential_obstacles")
RATINGS = [(f"{n}{' (far from it)' if n == 1 else ' (fully there)' if n == 5 else ''}", n) for n in range(1, 6)]
MILESTONE_COLUMNS = (("Milestone", 30), ("Due", 10), ("Done", 10))


#: The goal's fields shown in controls besides its texts.
OTHER_FIELDS = ("target_date", "owner", "baseline_rating", "milestones")


class AgreementHost(Protocol):
    """The screen that holds the agreement being edited and saves it (the AgreementEditor)."""

    #: The agreement as last stored, and as on screen (equal unless a save failed).
    base: Agreement
    agreement: Agreement

    def commit(self, edited: Agreement) -> None:
        """Save an edited agreement now."""

    def flush_draft(self) -> None:
        """Save what is in the draft now, not once typing pauses."""

    def watch_disk(self) -> None:
        """Look for others' saves (they come into ``agreement``)."""

    @property
    def conflicts(self) -> list[Conflict]:
        """What both sides changed differently, not settled yet."""

    def changed_by(self, field: str) -> str:
        """Who else last changed ``field`` ("" when not known)."""

    def action_keep_mine(self) -> None:
        """Settle every conflict for what was typed here."""

    def action_take_theirs(self) -> None:
        """Settle every conflict for the other person's value."""


def replace_goal(agreement: Agreement, goal: Goal) -> Agreement:
    """The agreement with the goal of the same id replaced by ``goal``."""
    return agreement.edit(goals=tuple(goal if g.id == goal.id else g for g in agreement.goals))


def deleted_text(who: str) -> str:
    """What the goal screen says at the title while its goal is deleted elsewhere: true whether
    or not what was typed here had been saved before (it was deleted with the goal)."""
    return (
        f"Deleted by {who} while open here: this goal and all it held are no longer in the agreement. "
        "What is on this screen is still here: ctrl+y keeps it (puts it back as shown) · "
        "ctrl+t lets it go (closes; nothing of it saved)."
    )


def smart_line(goal: Goal, agreement: Agreement) -> str:
    """ "SMART ✓", or what the goal still lacks."""
    gaps = smart_gaps(goal, agreement)
    return "SMART ✓" if not gaps else "Not yet SMART: " + ", ".join(gaps) + "."


class GoalScreen(MentorNode, Screen[None]):
    """Edit one goal; every change is saved at once through the agreement editor."""

    BINDINGS = [
        Binding("escape,ctrl+r", "done", "Done", tooltip="Back to the goals (esc or ctrl+r)", id="goal.done"),
        Binding("ctrl+s", "save", "Save", id="goal.save"),
        # Only while this goal was changed on both sides at once (the editor settles it).
        Binding("ctrl+y", "keep_mine", "Yours", id="goal.keep_mine", priority=True, tooltip="Keep your goal"),
        Binding("ctrl+t", "take_theirs", "Theirs", id="goal.take_theirs", priority=True, tooltip="Take theirs"),
        # Only while this goal was deleted by someone else (the same keys: keep yours, take theirs).
        Binding(
            "ctrl+y",
            "keep_goal",
            "Keep it",
            id="goal.keep_goal",
            priority=True,
            tooltip="Keep this goal (put it back, as on this screen)",
        ),
        Binding(
            "ctrl+t",
            "let_go",
            "Let it go",
            id="goal.let_go",
            priority=True,
            tooltip="Let this goal go (it stays deleted; close)",
        ),
    ]

    #: See on_mount.
    _as_added: Goal | None = None
    #: How often the screen looks whether the goal changed under it (others' saves merged in).
    FOLLOW_SECONDS = 0.25
    #: Who deleted this goal while it is open here ("someone else" when not known); None
    #: while the goal is in the agreement.
    deleted_by: str | None = None

    def __init__(self, editor: AgreementHost, goal_id: str, added: bool = False, focus: str = "title") -> None:
        super().__init__()
        self.editor = editor
        self.goal_id = goal_id
        #: True for a goal just added: leaving it blank takes it away again.
        self.added = added
        self.focus_id = focus
        #: The text each field was loaded with.
        self._loaded: dict[str, str] = {}
        #: Messages for values that could not be read (a bad date), by control id.
        self.input_problems: dict[str, str] = {}
        #: What the read-only widgets show now, by id.
        self._shown: dict[str, object] = {}
        #: The goal as this screen last showed or saved it; while it is deleted elsewhere, the
        #: goal kept here (its milestones included) until the person keeps it or lets it go.
        self._last: Goal = editor.agreement.goal(goal_id)
        #: Where the goal stood among the goals, to put it back there.
        self._at = 0

    @property
    def goal(self) -> Goal:
        """The goal as the editor holds it (KeyError once it is gone)."""
        return self.editor.agreement.goal(self.goal_id)

    @property
    def index(self) -> int:
        """The goal's position in the agreement, from 0."""
        return [g.id for g in self.editor.agreement.goals].index(self.goal_id)

    def compose(self) -> ComposeResult:
        agreement = self.editor.agreement
        owners = [
            (Content(plain(f"{role.value} — {agreement.party(role).name}", single_line=True)), role) for role in Role
        ]
        yield Header()
        with VerticalScroll(id="goal-form", can_focus=False):
            yield Static(id="goal-heading")
            yield Field("Title *", SafeInput(placeholder="what you want to achieve", id="title", compact=True))
            yield Field("Owner", Select(owners, allow_blank=False, id="owner", compact=True))
            for name, label, hint in SMART_FIELDS:
                yield Field(label, SafeInput(placeholder=hint, id=name, compact=True))
            yield Field("T  Target date", DateInput(id="target_date", compact=True))
            yield Static(id="smart")
            yield Field(
                "Resources needed",
                SafeInput(placeholder="training, reading, tools, people", id="resources_needed", compact=True),
            )
            yield Field(
                "Obstacles", SafeInput(placeholder="what could get in the way", id="potential_obstacles", compact=True)
            )
            yield Field("Baseline rating", Select(RATINGS, prompt="none yet (1–5)", id="baseline_rating", compact=True))
            yield Field("Progress", Static(id="progress"))
            yield Field("Milestones", RecordTable(MILESTONE_COLUMNS, id="milestones"))
        yield Footer()

    def on_mount(self) -> None:
        #: A goal just added, as added: until something is typed in it, nothing is said of what
        #: it lacks ("A goal needs a title." before a key was pressed).
        self._as_added = self.goal if self.added else None
        self.show(self.goal)
        self._last = self.goal
        self._show_problems()
        self.set_interval(self.FOLLOW_SECONDS, self._follow)
        found = list(self.query(f"#{self.focus_id}")) if re.fullmatch(r"\w+", self.focus_id) else []
        (found[0] if found and found[0].focusable else self.query_one("#title")).focus()

    # -- widgets <-> goal ------------------------------------------------------------------

    def show(self, goal: Goal, only: set[str] | None = None) -> None:
        """Put a goal's values into the widgets (only those that differ; ``only`` these fields)."""
        for name in TEXT_FIELDS:
            if only is not None and name not in only:
                continue
            control = self.query_one(f"#{name}", Input)
            with control.prevent(Input.Changed):  # loading is not an edit
                if control.value != getattr(goal, name):
                    control.value = getattr(goal, name)
            self._loaded[name] = control.value
        target = goal.target_date.isoformat() if goal.target_date else ""
        if "target_date" not in self.input_problems and (only is None or "target_date" in only):
            control = self.query_one("#target_date", DateInput)
            if control.value != target:
                control.value = target
        for name, value in (("owner", goal.owner), ("baseline_rating", goal.baseline_rating)):
            if only is not None and name not in only:
                continue
            select = self.query_one(f"#{name}", Select)
            wanted = Select.NULL if value is None else value
            if select.value != wanted:
                select.value = wanted
        self._show_milestones(goal)

    def collect(self) -> Goal:
        """The goal with the widgets' values; a bad date keeps the goal's previous one."""
        goal = self._current()
        texts = {}
        for name in TEXT_FIELDS:  # a field still as loaded keeps the stored value, unnormalised
            value = self.query_one(f"#{name}", Input).value
            texts[name] = getattr(goal, name) if value == self._loaded.get(name) else value.strip()
        owner = self.query_one("#owner", Select).value
        rating = self.query_one("#baseline_rating", Select).value
        target_date = read_day(
            self.query_one("#target_date", DateInput), self.input_problems, required=False, keep=goal.target_date
        )
        return goal.edit(
            **texts,
            owner=owner if isinstance(owner, Role) else goal.owner,
            target_date=target_date,
            baseline_rating=None if rating is Select.NULL else rating,
        )

    def _show_milestones(self, goal: Goal, select: str | None = None) -> None:
        if self._shown.get("milestones") == goal.milestones and select is None:
            return  # refilling the table on every key would be wasted work
        self._shown["milestones"] = goal.milestones
        self.query_one("#milestones", RecordTable).show(
            [(m.id, (m.title, m.due, m.done_on)) for m in goal.milestones], select=select
        )

    def _update(self, static_id: str, text: str) -> None:
        """Show text in a Static, as text; only when it changed (each update costs a layout)."""
        if self._shown.get(static_id) != text:
            self._shown[static_id] = text
            self.query_one(f"#{static_id}", Static).update(Content(plain(text)))

    def _show_problems(self) -> None:
        """Messages at the fields, the SMART line, the heading and the read-only progress."""
        if self._still_here():
            agreement, goal, index = self.editor.agreement, self.goal, self.index
            self._at = index
        else:  # judged as it would be put back
            agreement = self._restored()
            index = [g.id for g in agreement.goals].index(self.goal_id)
            goal = agreement.goals[index]
        prefix = f"goals[{index}]."
        messages: dict[str, list[tuple[str, bool]]] = {}
        if self._as_added is not None and goal != self._as_added:
            self._as_added = None  # typed in: from now on it is told
        untouched = self._as_added is not None
        for problem in [] if untouched else goal_problems(agreement, index):  # each under goals[index].
            match = re.match(r"(\w+)(?:\[(\d+)\])?", problem.path.removeprefix(prefix))
            if match is None:  # every path under goals[index] starts with a field's name
                continue
            name, row = match.group(1), match.group(2)
            text = problem.sentence
            if name == "milestones" and row is not None:
                text = f"Milestone {int(row) + 1}: {problem.message}."
            messages.setdefault(name, []).append((text, problem.severity is Severity.WARNING))
        if "target_date" not in messages and target_mark(goal, today()) is Mark.TARGET_OVERDUE:
            # The timeline marks it; here, where the date is set, it is said too.
            messages["target_date"] = [
                (
                    f"The target date has passed, at {goal.current_percent} %: move it, or record the progress made.",
                    True,
                )
            ]
        for name, message in self.input_problems.items():
            messages[name] = [(message, False)]
        if self.deleted_by is not None:
            messages.setdefault("title", []).insert(0, (deleted_text(self.deleted_by), False))
        if (conflict := self._conflict()) is not None and is_record(conflict.theirs):
            # Said here, where the goal is being edited (it was said only back on the step).
            theirs = plain(conflict.theirs.title or "(untitled)", single_line=True)
            who = short(self.editor.changed_by("goals") or "someone else", 16)  # as the Goals step names them
            messages.setdefault("title", []).insert(
                0,
                (f"Also changed by {who} (theirs: “{theirs}”): ctrl+y keeps yours · ctrl+t takes theirs", False),
            )
        for field in self.query(Field):
            found = messages.get(field.control.id or "", [])
            shown = ("\n".join(text for text, _ in found), all(w for _, w in found))
            if self._shown.get(f"{field.id}:message") != shown:
                self._shown[f"{field.id}:message"] = shown
                field.show(*shown)
        self._update("smart", smart_line(goal, agreement))
        self.query_one("#smart").set_class(not smart_gaps(goal, agreement), "-smart")
        count = len(agreement.goals)
        if self.deleted_by is not None:
            self._update(
                "goal-heading", f"Goal {index + 1} · deleted by {self.deleted_by}: ctrl+y keeps it · ctrl+t lets it go"
            )
        else:
            self._update("goal-heading", f"Goal {index + 1} of {count} · {goal.owner.value}'s goal")
        self._update("progress", f"{goal.current_percent} % (updated at meetings)")
        self.sub_title = plain(f"Goal {index + 1}: {goal.title or 'untitled'}", single_line=True)

    # -- others' saves ---------------------------------------------------------------------

    def watch_disk(self) -> None:
        """Called by the app's watcher while this screen is on top: the editor looks."""
        self.editor.watch_disk()

    def _follow(self) -> None:
        """Show what others' saves changed in this goal (merged into the editor's draft), in
        the fields not typed in since: a field still showing the old text took the next key
        typed in it as an edit of that, and saved over their change (the other person's new
        title was lost, with no conflict said)."""
        if not self._still_here():
            return  # kept on this screen until the person keeps it or lets it go
        goal = self.goal
        conflicted = self._conflict() is not None
        if conflicted != self._conflicted:
            self._conflicted = conflicted
            self.refresh_bindings()  # ctrl+y and ctrl+t in the footer while it stands
            self._show_problems()
        last = self._last
        if goal is last:
            return
        self._last = goal
        # Only the fields that changed under this screen: what is typed here is in the draft
        # already (each key is saved through the editor), so a field being typed in is left
        # alone, a key on its way to it included.
        changed = {name for name in (*TEXT_FIELDS, *OTHER_FIELDS) if getattr(goal, name) != getattr(last, name)}
        if changed:
            self.show(goal, only=changed)
        self._show_problems()

    # -- a conflict on this goal ---------------------------------------------------------

    _conflicted = False

    def _conflict(self) -> Conflict | None:
        """The other person's change of this goal that clashes with this one, if any."""
        return next((c for c in self.editor.conflicts if c.item_id == self.goal_id), None)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("keep_mine", "take_theirs"):
            return self.deleted_by is None and self._conflict() is not None
        if action in ("keep_goal", "let_go"):
            return self.deleted_by is not None
        return True

    def action_keep_mine(self) -> None:
        """Keep this goal as typed here (saved over theirs)."""
        self.editor.action_keep_mine()
        self._follow()

    def action_take_theirs(self) -> None:
        """Take the other person's goal (what was typed here is dropped where it clashed)."""
        self.editor.action_take_theirs()
        self._follow()

    # -- the goal deleted by someone else -------------------------------------------------

    def _still_here(self) -> bool:
        """False once someone else deleted this goal while it is open here: gone from the
        editor's draft (merged with their save), or kept in it only as a conflict with their
        deletion (typed here while it landed). The screen then stays, says so, and holds the
        goal as on screen; keys typed go on into its fields, never to the editor under it."""
        if self.deleted_by is not None:
            return False
        ids = [g.id for g in self.editor.agreement.goals]
        conflict = self._conflict()
        if self.goal_id in ids and (conflict is None or conflict.theirs is not None):
            return True
        if self.goal_id in ids:  # what was typed here is in the draft, held by the conflict
            self._last = self.goal
        self.deleted_by = self._who_deleted()
        self.refresh_bindings()  # ctrl+y keeps it, ctrl+t lets it go
        self._show_problems()
        return False

    def _who_deleted(self) -> str:
        """Who deleted the goal, as plain text ("someone else" when not known)."""
        me = self.app.store.user
        by = self.editor.base.updated_by  # the save that took it away, when merged in as it came
        if not by or by == me:
            # The merge was our own save (typed while theirs landed): the editor learnt from
            # it who changed the goals.
            by = self.editor.changed_by("goals")
        return short(by, 16) if by and by != me else "someone else"

    def _current(self) -> Goal:
        """The goal being edited: the editor's, or while deleted elsewhere the one kept here."""
        return self.goal if self._still_here() else self._last

    def _restored(self) -> Agreement:
        """The editor's agreement with this goal, as on this screen, put back where it stood
        (or replacing the one the draft still holds)."""
        goal = self.collect()
        agreement = self.editor.agreement
        if any(g.id == goal.id for g in agreement.goals):
            return replace_goal(agreement, goal)
        goals = agreement.goals
        at = min(self._at, len(goals))
        return agreement.edit(goals=(*goals[:at], goal, *goals[at:]))

    def _own_conflicts_settled(self, keep: bool, edited: Agreement) -> None:
        """Take ``edited`` into the editor's draft and settle this goal's conflict with the
        deletion, if one stands: for what is on this screen (keep), or for theirs. Another
        conflict still standing is left to be settled where it is shown."""
        editor = self.editor
        own = [c for c in editor.conflicts if c.item_id == self.goal_id]
        if own and len(own) == len(editor.conflicts):
            if keep:
                editor.commit(edited)
                editor.action_keep_mine()
            else:
                editor.action_take_theirs()
            return
        for conflict in own:  # the editor restates the rest at its next save
            editor.conflicts.remove(conflict)
        editor.commit(edited)

    def action_keep_goal(self) -> None:
        """Put the goal deleted elsewhere back, as on this screen, and save it now."""
        if self.deleted_by is None:
            return
        restored = self._restored()
        self.deleted_by = None
        self._own_conflicts_settled(keep=True, edited=restored)
        self.editor.flush_draft()
        self.refresh_bindings()
        if self._still_here():
            self._last = self.goal
            self._show_problems()
            self.notify("The goal is back, as on this screen: saving.", title="Kept", markup=False)

    def action_let_go(self) -> None:
        """Close, leaving the goal deleted (nothing of it saved)."""
        if self.deleted_by is None:
            return
        agreement = self.editor.agreement
        self._own_conflicts_settled(
            keep=False, edited=agreement.edit(goals=tuple(g for g in agreement.goals if g.id != self.goal_id))
        )
        self.dismiss(None)

    def unsaved_draft(self) -> Agreement | None:
        """While the goal is deleted elsewhere: the agreement with it put back as on this
        screen, so stopping now keeps it in the person's exports folder (see MentorApp)."""
        if self.deleted_by is None or not self.is_attached:
            return None
        return self._restored()

    # -- saving ----------------------------------------------------------------------------

    def save(self, goal: Goal, select: str | None = None) -> None:
        """Save the goal through the editor now, then show what came back."""
        if self._still_here():
            self.editor.commit(replace_goal(self.editor.agreement, goal))
        if not self._still_here():  # deleted elsewhere: kept here until kept or let go
            self._last = goal
            self._show_milestones(goal, select)
            self._show_problems()
            return
        stored = self.goal
        if stored != goal:  # someone else's changes came in with ours
            self.show(stored)
        elif stale := self._stale(stored):
            # A field not typed in takes the draft's value when collected, which may be
            # newer than what it shows (their save merged in before `_follow` showed it):
            # shown now, or never, as `_follow` compares with what was saved.
            self.show(stored, only=stale)
        self._last = stored
        self._show_milestones(stored, select)
        self._show_problems()

    def _stale(self, goal: Goal) -> set[str]:
        """The fields not typed in that show other text than ``goal`` holds."""
        stale = set()
        for name in TEXT_FIELDS:
            value = self.query_one(f"#{name}", Input).value
            if value == self._loaded.get(name) and value != getattr(goal, name):
                stale.add(name)
        return stale

    @on(Input.Changed)
    @on(Select.Changed)
    def _field_changed(self, event: Input.Changed | Select.Changed) -> None:
        if isinstance(event, Input.Changed) and event.input.id:
            # Typed in: from now on the field holds what is typed. (Kept as loaded, typing a
            # letter and taking it out again saved the letter: the field then equalled what
            # was loaded, which stood for "the stored value", by then the letter.)
            self._loaded.pop(event.input.id, None)
        if self.is_mounted:
            self.save(self.collect())

    def action_save(self) -> None:
        """Save now (everything is saved as you type; this retries a failed save)."""
        self.save(self.collect())
        if self.deleted_by is not None:
            self.notify(
                f"Not saved: {self.deleted_by} deleted this goal. ctrl+y keeps it · ctrl+t lets it go.",
                title="Deleted",
                severity="warning",
                markup=False,
            )
        elif self.editor.agreement is self.editor.base:
            self.notify(f"Saved at revision {self.editor.base.revision}.", title="Saved")

    def action_done(self) -> None:
        """Back to the goals; asks first if a value typed could not be saved."""
        if self.deleted_by is not None:
            self.app.push_screen(
                ConfirmScreen(
                    f"{self.deleted_by} deleted this goal. Let it go (nothing of it saved)? "
                    "n stays here, where ctrl+y keeps it.",
                    "Let it go",
                ),
                lambda leave: self.action_let_go() if leave else None,
            )
            return
        if self.input_problems:
            what = ", ".join(name.replace("_", " ") for name in self.input_problems)
            self.app.push_screen(
                ConfirmScreen(f"Not saved: {what} (not a date). Leave anyway?", "Leave"),
                lambda leave: self._leave() if leave else None,
            )
            return
        self._leave()

    def _leave(self) -> None:
        goal = next((g for g in self.editor.agreement.goals if g.id == self.goal_id), None)
        if self.added and goal is not None and goal == Goal(id=goal.id):  # added, then nothing typed: take it away
            agreement = self.editor.agreement
            self.editor.commit(agreement.edit(goals=tuple(g for g in agreement.goals if g.id != goal.id)))
        self.dismiss(None)

    # -- milestones ------------------------------------------------------------------------

    @on(RecordTable.Requested, "#milestones")
    def _milestone_requested(self, event: RecordTable.Requested) -> None:
        event.stop()
        milestones = self._current().milestones
        ids = [m.id for m in milestones]
        if event.what == "add":
            if full := no_room("milestones", len(milestones)):
                self.notify(full, title="No room", severity="warning", markup=False)
                return
            self.app.push_screen(
                MilestoneScreen(Milestone(), f"New milestone ({len(ids) + 1})"),
                lambda m: self._put_milestone(m, add=True),
            )
            return
        if event.record_id not in ids:
            return
        at = ids.index(event.record_id)
        if event.what == "edit":
            self.app.push_screen(MilestoneScreen(milestones[at], f"Milestone {at + 1}"), self._put_milestone)
        elif event.what == "delete":
            title = milestones[at].title or "untitled"
            self.app.push_screen(
                ConfirmScreen(f"Delete milestone {at + 1} “{title}”?", "Delete"),
                lambda yes: (
                    self._set_milestones(tuple(m for m in self._current().milestones if m.id != ids[at]))
                    if yes
                    else None
                ),
            )
        elif event.what in ("up", "down"):
            moved = move_row(milestones, ids[at], up=event.what == "up")
            if moved is not milestones:  # the first up or the last down: nothing
                self._set_milestones(moved, select=ids[at])

    def _put_milestone(self, milestone: Milestone | None, add: bool = False) -> None:
        if milestone is None:
            return
        current = self._current().milestones
        if add:
            milestones = (*current, milestone)
        else:
            milestones = tuple(milestone if m.id == milestone.id else m for m in current)
        self._set_milestones(milestones, select=milestone.id)

    def _set_milestones(self, milestones: tuple[Milestone, ...], select: str | None = None) -> None:
        self.save(self.collect().edit(milestones=milestones), select)
