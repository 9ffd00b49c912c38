"""Provides GoalsStep: the agreement's goals in a table, and how the parties will know they are met."""

from __future__ import annotations

import re
from collections.abc import Callable

from textual import on
from textual.app import ComposeResult
from textual.content import Content
from textual.widgets import Static

from ....clock import today
from ....model import Agreement, FieldProblem, Goal, Role, Severity
from ....model.hygiene import no_room
from ....model.rows import move_row
from ....model.validation import smart_gap_fields, smart_gaps
from ....text import plain
from ....timeline import Mark, target_mark
from ....widgets.field import Field
from ....widgets.record_table import RecordTable
from ...common.confirm import ConfirmScreen
from ..messages import EditAgreement, OpenGoal
from .base import Step, long_text

COLUMNS = (("#", 3), ("Owner", 6), ("Title", 21), ("Target", 10), ("Progress", 8), ("SMART", 14))
#: smart_gaps() wording, shortened to fit the table's SMART column.
SHORT_GAPS = {
    "not yet specific": "no outcome",
    "not yet measurable": "no measure",
    "not yet achievable": "achievable?",
    "not yet relevant": "relevant?",
    "no target date (time-bound)": "no date",
    "target date outside the agreement": "date outside",
}
GOAL_PATH = re.compile(r"goals\[(\d+)\](?:\.(\w+))?")
ROW_PATH = re.compile(r"goals\[\d+\]\.(milestone|progress)s?\[(\d+)\]")


def smart_hint(goal: Goal, agreement: Agreement) -> str:
    """ "✓" for a SMART goal, else its first gap in a few words ("no measure +2")."""
    gaps = smart_gaps(goal, agreement)
    if not gaps:
        return "✓"
    first = SHORT_GAPS.get(gaps[0], gaps[0])
    return first if len(gaps) == 1 else f"{first} +{len(gaps) - 1}"


class GoalsStep(Step):
    """Step 2: the goals (each edited on its own screen) and the evaluation metrics."""

    TITLE = "Goals"
    PATHS = ("goals", "evaluation_metrics")

    def compose(self) -> ComposeResult:
        yield Static("Goals (the form suggests three; add as many as you need)", classes="section")
        yield RecordTable(COLUMNS, id="goals-table")
        yield Static("a add · e/enter edit · d delete · [ ] move up/down", id="goals-keys")
        yield Static(id="goals-problems")
        area = long_text("evaluation_metrics", height=5)
        area.placeholder = "How will we know the goals are met? What will be different?"
        yield Static("Evaluation metrics", classes="section")
        yield Field("How we will know", area)

    @property
    def table(self) -> RecordTable:
        """The goals table."""
        return self.query_one("#goals-table", RecordTable)

    def show(self, agreement: Agreement, select: str | None = None) -> None:
        self._show_goals(agreement, select)
        self.set_text("evaluation_metrics", agreement.evaluation_metrics)

    def on_show(self) -> None:
        # The SMART hints depend on the agreement's dates, which another step edits.
        self._show_goals(self.agreement)

    def _show_goals(self, agreement: Agreement, select: str | None = None) -> None:
        day = today()
        self.table.show(
            [
                (
                    goal.id,
                    (
                        str(i + 1),
                        goal.owner.value,
                        goal.title,
                        goal.target_date,
                        # ⚠: the target date has passed below 100 % (the timeline says "overdue")
                        ("⚠ " if target_mark(goal, day) is Mark.TARGET_OVERDUE else "") + f"{goal.current_percent} %",
                        smart_hint(goal, agreement),
                    ),
                )
                for i, goal in enumerate(agreement.goals)
            ],
            select=select,
        )

    def collect(self, agreement: Agreement) -> Agreement:
        return agreement.edit(evaluation_metrics=self.typed("evaluation_metrics", str))

    @classmethod
    def is_complete(cls, agreement: Agreement) -> bool:
        # Ticked only when Review & sign lists nothing of this step as missing: every goal
        # titled and SMART, with a target date inside the agreement (it showed ✓ while the
        # review listed "goal 2: not yet specific").
        return (
            bool(agreement.goals)
            and all(goal.title.strip() and not smart_gap_fields(goal, agreement) for goal in agreement.goals)
            and bool(agreement.evaluation_metrics.strip())
        )

    def show_problems(self, problems: list[FieldProblem]) -> None:
        """Problems of each goal in a line under the table; the rest at their fields."""
        super().show_problems(problems)
        by_goal: dict[tuple[int, str], list[FieldProblem]] = {}
        for problem in problems:
            match = GOAL_PATH.match(problem.path)
            if match:
                row = ROW_PATH.match(problem.path)
                where = f", {row.group(1)} {int(row.group(2)) + 1}" if row else ""
                by_goal.setdefault((int(match.group(1)), where), []).append(problem)
        lines = [
            f"Goal {i + 1}{where}: " + "; ".join(dict.fromkeys(p.message for p in found)) + "."
            for (i, where), found in sorted(by_goal.items())
        ]
        line = self.query_one("#goals-problems", Static)
        line.update(Content(plain("\n".join(lines))))
        line.set_class(bool(lines), "-shown")
        line.set_class(
            all(p.severity is Severity.WARNING for found in by_goal.values() for p in found),
            "-warning",
        )

    def focus_field(self, path: str) -> bool:
        """Select the goal a path names; a goal's own field opens the goal's screen there."""
        match = GOAL_PATH.match(path)
        if match is None:
            if path == "goals":
                self.table.focus()
                return True
            return super().focus_field(path)
        goals = self.agreement.goals
        index = int(match.group(1))
        if index >= len(goals):
            return False
        self.table.move_cursor(row=index)
        self.table.focus()
        if match.group(2):
            self.open_goal(goals[index].id, focus=match.group(2))
        return True

    # -- the goals table -------------------------------------------------------------------

    def open_goal(self, goal_id: str, added: bool = False, focus: str = "title") -> None:
        """Edit a goal on its own screen; back here, show the goals again."""

        def back() -> None:
            self.show(self.agreement, select=goal_id)
            self.table.focus()

        self.post_message(OpenGoal(goal_id, added=added, focus=focus, closed=back))

    def _commit_goals(self, change: Callable[[tuple[Goal, ...]], tuple[Goal, ...]], select: str | None = None) -> None:
        """Change the goals (the screen takes it as an edit), then show them, ``select`` chosen."""

        def shown(agreement: Agreement) -> None:
            self.show(agreement, select=select)

        self.post_message(EditAgreement(lambda agreement: agreement.edit(goals=change(agreement.goals)), then=shown))

    def _delete(self, goal_id: str, select: str | None) -> None:
        self._commit_goals(lambda current: tuple(g for g in current if g.id != goal_id), select=select)
        self.table.focus()

    @on(RecordTable.Requested, "#goals-table")
    def _goal_requested(self, event: RecordTable.Requested) -> None:
        event.stop()
        goals = self.agreement.goals
        ids = [goal.id for goal in goals]
        if event.what == "add":
            if full := no_room("goals", len(goals)):
                self.notify(full, title="No room", severity="warning", markup=False)
                return
            added = Goal(owner=Role.MENTEE)
            self._commit_goals(lambda current: (*current, added), select=added.id)
            self.open_goal(added.id, added=True)
            return
        record_id = event.record_id
        if record_id is None or record_id not in ids:
            return
        at = ids.index(record_id)
        if event.what == "edit":
            self.open_goal(record_id)
        elif event.what == "delete":
            goal = goals[at]
            extra = f" with its {len(goal.milestones)} milestone(s)" if goal.milestones else ""
            near = ids[at + 1] if at + 1 < len(ids) else ids[at - 1] if at else None

            def answered(yes: bool | None) -> None:
                if yes:
                    self._delete(goal.id, near)

            self.app.push_screen(
                ConfirmScreen(f"Delete goal {at + 1} “{goal.title or 'untitled'}”{extra}?", "Delete"), answered
            )
        elif event.what in ("up", "down"):
            up = event.what == "up"
            if move_row(goals, record_id, up) is not goals:  # the first up or the last down: nothing
                self._commit_goals(lambda current: move_row(current, record_id, up), select=record_id)
