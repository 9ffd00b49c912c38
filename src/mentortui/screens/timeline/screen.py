"""Provides TimelineScreen: an agreement's goals on a time scale, and the chosen goal in detail."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from functools import cached_property
from typing import cast

from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.content import Content
from textual.css.styles import RulesMap
from textual.geometry import Size
from textual.scroll_view import ScrollView
from textual.strip import Strip
from textual.style import Style
from textual.visual import RenderOptions, Visual
from textual.widgets import Header, OptionList, Static
from textual.widgets.option_list import Option

from ... import clock
from ...clock import show
from ...model import Agreement, Goal
from ...text import plain
from ...timeline import (
    GLYPHS,
    Mark,
    Row,
    meetings_touching,
    milestone_mark,
    target_mark,
    timeline_rows,
)
from ...widgets.footer import Footer
from ..common.watched import WatchedAgreementScreen
from ..meetings.log import MeetingLogScreen

#: Colours on top of the glyphs, which tell the marks apart on their own.
STYLES = {
    Mark.BAR: "$primary",
    Mark.TODAY: "bold $warning",
    Mark.MIDPOINT: "$text-secondary",
    Mark.MILESTONE_DONE: "bold $success",
    Mark.MILESTONE_OPEN: "bold $foreground",
    Mark.MILESTONE_OVERDUE: "bold $error",
    Mark.TARGET_MET: "bold $success",
    Mark.TARGET_OPEN: "bold $foreground",
    Mark.TARGET_OVERDUE: "bold $error",
    Mark.MEETING: "bold $text-primary",
    Mark.CLIP: "$text-muted",
    Mark.SCALE: "$text-muted",
    Mark.NOTE: "italic $text-muted",
}
#: How the details name each state.
STATES = {
    Mark.TARGET_MET: "met",
    Mark.TARGET_OPEN: "open",
    Mark.TARGET_OVERDUE: "overdue",
    Mark.MILESTONE_DONE: "done",
    Mark.MILESTONE_OPEN: "open",
    Mark.MILESTONE_OVERDUE: "late",
}
SMART = (("Specific", "specific"), ("Measurable", "measurable"), ("Achievable", "achievable"), ("Relevant", "relevant"))
LABEL = 12


def row_content(row: Row) -> Content:
    """A timeline row with each mark in its colour."""
    return Content.assemble(*((text, STYLES[kind]) if kind else text for text, kind in row.runs()))


class _GoalRow(Visual):
    """A goal's row in the list, laid out and coloured when the list first draws it. Every
    row is one line, as wide as the timeline, so the list is measured without any."""

    def __init__(self, rows: Sequence[Row], index: int, width: int) -> None:
        self._rows, self._index, self._width = rows, index, width

    @cached_property
    def content(self) -> Content:
        """The row with its marks coloured."""
        return row_content(self._rows[self._index])

    def __str__(self) -> str:
        return self._rows[self._index].text

    def render_strips(self, width: int, height: int | None, style: Style, options: RenderOptions) -> list[Strip]:
        return self.content.render_strips(width, height, style, options)

    def get_optimal_width(self, rules: RulesMap, container_width: int) -> int:
        return self._width

    def get_height(self, rules: RulesMap, width: int) -> int:
        return 1


class _GoalList(OptionList):
    """The goals' rows, counted when the list is laid out (OptionList counts them when it
    draws them), so the scrollbar they need is in the first frame (`mentortui.scrollbars`)."""

    def _size_updated(self, size: Size, virtual_size: Size, container_size: Size, layout: bool = True) -> bool:
        changed = super()._size_updated(size, virtual_size, container_size, layout)
        if changed:
            self._line_cache.clear()
            self._update_lines()
        return changed


def _glyph(kind: Mark) -> tuple[str, str]:
    return GLYPHS[kind], STYLES[kind]


def _section(title: str) -> Content:
    return Content.assemble("\n", (title, "bold $text-primary"))


def goal_details(agreement: Agreement, goal: Goal, on: date) -> list[Content]:
    """The goal's SMART text, milestones, progress history and the held meetings that touched
    it: a Content a line."""
    title = plain(goal.title.strip() or "(untitled)", single_line=True)
    lines = [Content.assemble((title, "bold"), f" · {goal.owner.value}'s goal · {goal.current_percent} %")]
    for label, name in SMART:
        text = getattr(goal, name).strip()
        lines.append(Content.assemble((f"{label:<{LABEL}}", "bold"), plain(text) if text else ("—", "$text-muted")))
    target: Content | tuple[str, str] = ("none set", "$text-muted")
    if goal.target_date is not None:
        state = target_mark(goal, on)
        target = Content.assemble(_glyph(state), f" {goal.target_date.isoformat()} ({STATES[state]})")
    lines.append(Content.assemble((f"{'Target date':<{LABEL}}", "bold"), target))

    lines.append(_section("Milestones"))
    for milestone in goal.milestones:
        state = milestone_mark(milestone, on)
        due = f" · due {milestone.due.isoformat()}" if milestone.due else ""
        done = f" · done {milestone.done_on.isoformat()}" if milestone.done_on else ""
        lines.append(
            Content.assemble(
                _glyph(state),
                " ",
                plain(milestone.title.strip() or "(untitled)", single_line=True),
                (f"{due}{done} ({STATES[state]})", "$text-muted"),
            )
        )
    if not goal.milestones:
        lines.append(Content.styled("No milestones.", "$text-muted"))

    lines.append(_section("Progress"))
    for entry in goal.progress:
        by = f" — {entry.by}" if entry.by else ""
        comment = f"  {entry.comment}" if entry.comment.strip() else ""
        lines.append(
            Content.assemble(
                (f"{show(entry.at) or 'no date':<20} ", "$text-muted"),
                (f"{entry.percent:>3} %", "bold"),
                plain(f"{comment}{by}", single_line=True),
            )
        )
    if not goal.progress:
        lines.append(Content.styled("No progress recorded yet.", "$text-muted"))

    lines.append(_section("Meetings that touched it"))
    touched = meetings_touching(agreement, goal)
    for meeting in touched:
        lines.append(
            Content.assemble(
                _glyph(Mark.MEETING),
                (f" {show(meeting.when):<20}  ", "$text-muted"),
                plain(meeting.purpose.strip() or "(no purpose given)", single_line=True),
            )
        )
    if not touched:
        lines.append(Content.styled("No held meeting has reviewed this goal yet.", "$text-muted"))
    return [part for line in lines for part in line.split("\n")]


class GoalDetails(ScrollView, can_focus=True):
    """The chosen goal's details, each line drawn when it comes in sight: a goal of 50
    milestones has 60 lines, of which the screen shows ten (drawing all of them, as one
    text, held the timeline's first frame at the limits)."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._lines: list[Content] = []
        #: Each row drawn: (line, row of the line once wrapped), for the width measured.
        self._rows: list[tuple[int, int]] = []
        self._measured = -1
        self._drawn: dict[int, list[Strip]] = {}

    @property
    def text(self) -> str:
        """The details as plain text, a line each."""
        return "\n".join(line.plain for line in self._lines)

    def show(self, lines: list[Content]) -> None:
        """Show these lines from the top."""
        self._lines = lines
        self._measured = -1
        self._measure()
        self.scroll_home(animate=False)
        self.refresh()

    def _measure(self) -> bool:
        """Wrap the lines at the width they are shown at (unless they are already); whether they were."""
        width = self.scrollable_content_region.width
        if width <= 0 or width == self._measured:
            return False
        self._measured = width
        self._drawn = {}
        styles = cast(RulesMap, self.styles)  # (what Textual passes its visuals)
        self._rows = [(i, row) for i, line in enumerate(self._lines) for row in range(line.get_height(styles, width))]
        self.virtual_size = Size(0, len(self._rows))  # (wrapped to the width: nothing to scroll across)
        return True

    def _size_updated(self, size: Size, virtual_size: Size, container_size: Size, layout: bool = True) -> bool:
        # Measured as the screen is laid out, so the scrollbar it needs is in the same frame.
        changed = super()._size_updated(size, virtual_size, container_size, layout)
        if self._measure():
            self._scroll_update(self.virtual_size)
        return changed

    def notify_style_update(self) -> None:
        self._drawn = {}  # focus tints the background: drawn again
        super().notify_style_update()

    def render_line(self, y: int) -> Strip:
        self._measure()
        width = self.scrollable_content_region.width
        index = self.scroll_offset.y + y
        if index >= len(self._rows) or width <= 0:
            return Strip.blank(max(width, 0), self.rich_style)
        line, row = self._rows[index]
        strips = self._drawn.get(line)
        if strips is None:
            strips = self._drawn[line] = [
                strip.extend_cell_length(width)
                for strip in Visual.to_strips(self, self._lines[line], width, None, self.visual_style)
            ]
        return strips[row] if row < len(strips) else Strip.blank(width, self.rich_style)


class TimelineScreen(WatchedAgreementScreen):
    """The goals of one agreement between its start and end dates, with milestones and meetings."""

    AUTO_FOCUS = "#timeline-goals"
    BINDINGS = [
        Binding("tab,shift+tab", "details", "Details", id="timeline.details", tooltip="Read the chosen goal's details"),
        Binding("tab,shift+tab", "goals", "Goals", id="timeline.goals", tooltip="Back to the list of goals"),
        Binding("m", "meetings", "Meetings", id="timeline.meetings", tooltip="Open the meeting log"),
        Binding("escape,ctrl+r", "back", "Back", id="timeline.back", tooltip="Back to the list of agreements"),
    ]

    def __init__(self, agreement_id: str, today: date | None = None) -> None:
        super().__init__(agreement_id)
        #: A fixed day to draw as today (tests); None follows the clock.
        self.fixed_today = today
        self._goal_ids: list[str] = []
        self._width = 0
        #: What the details show: (agreement, goal, today), the very objects.
        self._details_of: tuple[Agreement | None, Goal | None, date] | None = None

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(id="timeline-title")
        yield Static(id="timeline-header", classes="timeline-row")
        yield Static(id="timeline-scale", classes="timeline-row")
        yield Static(id="timeline-meetings", classes="timeline-row")
        yield _GoalList(id="timeline-goals", markup=False, compact=True)
        yield Static("No goals yet: add them on the agreement's Goals step.", id="timeline-empty")
        yield Static(id="timeline-legend", classes="timeline-row")
        details = GoalDetails(id="timeline-details")
        details.border_title = "Goal details"
        yield details
        yield Footer()

    def on_mount(self) -> None:
        self.reload()
        self.watch_file()

    def on_resize(self, event: events.Resize) -> None:
        if self.agreement is not None and self.app.size.width != self._width:
            self._show()

    @property
    def today(self) -> date:
        """The day drawn as today."""
        return self.fixed_today or clock.today()

    @property
    def goals(self) -> OptionList:
        """The list of goal rows."""
        return self.query_one("#timeline-goals", OptionList)

    @property
    def selected(self) -> Goal | None:
        """The highlighted goal."""
        index = self.goals.highlighted
        if self.agreement is None or index is None or index >= len(self._goal_ids):
            return None
        try:
            return self.agreement.goal(self._goal_ids[index])
        except KeyError:
            return None

    def _show(self) -> None:
        agreement = self.agreement
        if agreement is None:
            return
        self._width = self.app.size.width
        # One column stays free for the goal list's scrollbar, so every row lines up.
        timeline = timeline_rows(agreement, self.today, max(20, self._width - 1))
        self.query_one("#timeline-title", Static).update(
            Content.styled(plain(f"Timeline · {agreement.display_title}", single_line=True), "bold")
        )
        for name in ("header", "scale", "meetings"):
            self.query_one(f"#timeline-{name}", Static).update(row_content(getattr(timeline, name)))
        self.query_one("#timeline-legend", Static).update(
            Content("\n").join(row_content(row) for row in timeline.legend)
        )
        goals = self.goals
        keep = self.selected
        goals.clear_options()
        rows = timeline.goals
        goals.add_options(Option(_GoalRow(rows, index, timeline.width)) for index in range(len(rows)))
        self._goal_ids = [goal.id for goal in agreement.goals]
        if self._goal_ids:
            goals.highlighted = self._goal_ids.index(keep.id) if keep and keep.id in self._goal_ids else 0
        goals.display = bool(self._goal_ids)
        self.query_one("#timeline-empty").display = not self._goal_ids
        self._show_details()

    @on(OptionList.OptionHighlighted, "#timeline-goals")
    def _show_details(self) -> None:
        goal, detail = self.selected, self.query_one(GoalDetails)
        # Showing the goals highlights the first, which asks for the same details again: a
        # second layout of them (60 lines for a goal of 50 milestones) for nothing.
        shown = (self.agreement, goal, self.today)
        last = self._details_of
        if last is not None and last[0] is shown[0] and last[1] is shown[1] and last[2] == shown[2]:
            return
        self._details_of = shown
        if goal is None or self.agreement is None:
            detail.show([Content.styled("Choose a goal to read its details.", "$text-muted")])
            return
        detail.show(goal_details(self.agreement, goal, self.today))

    @on(OptionList.OptionSelected, "#timeline-goals")
    def _selected(self) -> None:
        self.action_details()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # Tab goes to the other pane; the footer names where it goes.
        details = self.focused is not None and self.focused.id == "timeline-details"
        if action == "details":
            return not details
        if action == "goals":
            return details and bool(self._goal_ids)
        return True

    def action_details(self) -> None:
        """Move to the chosen goal's details, to scroll them."""
        self.query_one(GoalDetails).focus()

    def action_goals(self) -> None:
        """Back to the list of goals."""
        self.goals.focus()

    def action_meetings(self) -> None:
        """Open the agreement's meeting log."""
        if self.base is None:  # not shown yet (its agreement is being read): nothing to open
            return
        self.app.push_screen(MeetingLogScreen(self.agreement_id).opened_with(self.base, self.agreement))

    def action_back(self) -> None:
        """Back to the list of agreements."""
        self.app.pop_screen()
