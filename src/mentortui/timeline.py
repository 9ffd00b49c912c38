"""Provides the goals timeline as plain text: a date scale, held meetings and a row per goal.

Pure layout: no Textual or Rich. Every glyph takes one cell, so marks tell their kind apart
without colour; each character also carries its `Mark` for a screen that colours them.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, timedelta, tzinfo
from enum import StrEnum
from functools import cached_property
from typing import overload

from .clock import local_zone, to_local
from .model import Agreement, Goal, Meeting, MeetingStatus, Milestone
from .model.lifecycle import midpoint
from .text import fit, plain


class Mark(StrEnum):
    """What a character of the timeline shows."""

    BAR = "bar"
    TODAY = "today"
    MIDPOINT = "midpoint"
    MILESTONE_DONE = "milestone-done"
    MILESTONE_OPEN = "milestone-open"
    MILESTONE_OVERDUE = "milestone-overdue"
    TARGET_MET = "target-met"
    TARGET_OPEN = "target-open"
    TARGET_OVERDUE = "target-overdue"
    MEETING = "meeting"
    #: ‹ or › beside the plot: a date before the start or after the end, drawn at the edge.
    CLIP = "clip"
    SCALE = "scale"
    NOTE = "note"


GLYPHS = {
    Mark.BAR: "━",
    Mark.TODAY: "│",
    Mark.MIDPOINT: "┆",
    Mark.MILESTONE_DONE: "✓",
    Mark.MILESTONE_OPEN: "○",
    Mark.MILESTONE_OVERDUE: "✗",
    Mark.TARGET_MET: "◆",
    Mark.TARGET_OPEN: "◇",
    Mark.TARGET_OVERDUE: "!",
    Mark.MEETING: "•",
}
BEFORE, AFTER = "‹", "›"

#: Which mark wins a shared cell: marks over the today and mid-point lines over the bar;
#: among marks, the more urgent one.
RANK = {
    Mark.BAR: 1,
    Mark.MIDPOINT: 2,
    Mark.TODAY: 3,
    Mark.MEETING: 4,
    Mark.MILESTONE_DONE: 4,
    Mark.TARGET_MET: 5,
    Mark.MILESTONE_OPEN: 6,
    Mark.TARGET_OPEN: 7,
    Mark.MILESTONE_OVERDUE: 8,
    Mark.TARGET_OVERDUE: 9,
}
#: The lines rank at most this; a note may cover them but never a mark.
LINES = RANK[Mark.TODAY]

PERCENT_WIDTH = 4  # "100%"
#: Label, plot and percent are set apart by one space; ‹ and › sit in a column each side of the plot.
CHROME = 1 + 1 + 1 + 1 + PERCENT_WIDTH
NO_TARGET = ("no target date", "no date")
NO_DATES = "No dates yet: give the agreement a start and end date, or a goal a target date."

MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")

#: The legend in groups of items; an item is its glyphs and their meaning.
LEGEND: tuple[tuple[tuple[tuple[str, Mark | None], ...], ...], ...] = (
    (
        (("━", Mark.BAR), ("◇", Mark.TARGET_OPEN), (" target", None)),
        (("◆", Mark.TARGET_MET), (" met", None)),
        (("!", Mark.TARGET_OVERDUE), (" overdue", None)),
    ),
    (
        (("milestone ", None), ("✓", Mark.MILESTONE_DONE), (" done", None)),
        (("○", Mark.MILESTONE_OPEN), (" open", None)),
        (("✗", Mark.MILESTONE_OVERDUE), (" late", None)),
    ),
    (
        (("•", Mark.MEETING), (" meeting", None)),
        ((BEFORE + AFTER, Mark.CLIP), (" beyond", None)),
    ),
)
#: The today and mid-point lines, in the legend when the header has no room to show them.
LEGEND_LINES = (
    ((GLYPHS[Mark.TODAY], Mark.TODAY), (" today", None)),
    ((GLYPHS[Mark.MIDPOINT], Mark.MIDPOINT), (" mid-point", None)),
)


# -- rows ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Row:
    """One line of the timeline: its text, and the mark of each of its characters."""

    text: str
    kinds: tuple[Mark | None, ...]
    #: The goal this row draws, for goal rows.
    goal_id: str | None = None

    def runs(self) -> list[tuple[str, Mark | None]]:
        """The text in runs of characters of the same mark."""
        text, kinds = self.text, self.kinds
        if len(text) != len(kinds):
            raise ValueError("a row has a mark for each character")
        runs: list[tuple[str, Mark | None]] = []
        start = 0
        for end in range(1, len(kinds) + 1):
            if end == len(kinds) or kinds[end] is not kinds[start]:
                runs.append((text[start:end], kinds[start]))
                start = end
        return runs


class _Line:
    """A row being written left to right."""

    def __init__(self) -> None:
        self.chars: list[str] = []
        self.kinds: list[Mark | None] = []

    def add(self, text: str, kind: Mark | None = None) -> None:
        self.chars.extend(text)
        self.kinds.extend([kind] * len(text))

    def row(self, goal_id: str | None = None) -> Row:
        return Row("".join(self.chars), tuple(self.kinds), goal_id)


@dataclass
class _Plot:
    """The cells between the start and end dates, with the clip marks either side."""

    width: int
    chars: list[str] = field(init=False)
    kinds: list[Mark | None] = field(init=False)
    ranks: list[int] = field(init=False)
    before: bool = False
    after: bool = False

    def __post_init__(self) -> None:
        self.chars = [" "] * self.width
        self.kinds = [None] * self.width
        self.ranks = [0] * self.width

    def put(self, column: int, kind: Mark, glyph: str | None = None) -> None:
        rank = RANK[kind]
        if rank > self.ranks[column]:
            self.chars[column], self.kinds[column], self.ranks[column] = glyph or GLYPHS[kind], kind, rank

    def fill(self, end: int, kind: Mark) -> None:
        """Put ``kind`` in every column before ``end`` (a goal's bar)."""
        rank, glyph, chars, kinds, ranks = RANK[kind], GLYPHS[kind], self.chars, self.kinds, self.ranks
        for column in range(end):
            if rank > ranks[column]:
                chars[column], kinds[column], ranks[column] = glyph, kind, rank

    def note(self, text: str) -> bool:
        """Write text where it covers no mark (nor line, when it can); False when it does not fit."""
        for most in (0, LINES):
            for start in range(self.width - len(text) + 1):
                if all(rank <= most for rank in self.ranks[start : start + len(text)]):
                    for i, char in enumerate(text):
                        self.chars[start + i], self.kinds[start + i] = char, Mark.NOTE
                    return True
        return False

    def draw(self, line: _Line) -> None:
        line.add(BEFORE if self.before else " ", Mark.CLIP if self.before else None)
        line.chars.extend(self.chars)  # a glyph is one character (GLYPHS), a note's too
        line.kinds.extend(self.kinds)
        line.add(AFTER if self.after else " ", Mark.CLIP if self.after else None)


@dataclass(frozen=True)
class Span:
    """The dates the plot covers, and the column each date falls in."""

    start: date
    end: date
    width: int

    @cached_property
    def days(self) -> int:
        """The days from start to end (at least one)."""
        return max(1, (self.end - self.start).days)

    def place(self, day: date) -> tuple[int, int]:
        """(column, side): side is -1 before the start, 1 after the end (drawn at the edge), else 0."""
        offset, days = (day - self.start).days, self.days
        if offset < 0:
            return 0, -1
        if offset > days:
            return self.width - 1, 1
        # Round half up, in integers, so a date always lands in the same column.
        return (2 * offset * (self.width - 1) + days) // (2 * days), 0

    def column(self, day: date) -> int | None:
        """The column of a date in the range; None outside it."""
        column, side = self.place(day)
        return None if side else column


# -- the timeline ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Timeline:
    """The goals timeline of one agreement, laid out for a given width."""

    width: int
    today: date
    #: The dates plotted; None when nothing in the agreement has a date.
    span: Span | None
    #: True when the agreement lacks a start or end date and the range comes from other dates.
    estimated: bool
    midpoint: date | None
    #: Where the plot starts in each row (its columns: ``span.width``).
    plot_offset: int
    header: Row
    scale: Row
    meetings: Row
    #: A row per goal, in the agreement's order, each laid out when first read (`GoalRows`).
    goals: Sequence[Row]
    legend: tuple[Row, ...]

    @property
    def rows(self) -> tuple[Row, ...]:
        """Every line, top to bottom."""
        return (self.header, self.scale, self.meetings, *self.goals, *self.legend)

    def column(self, day: date) -> int | None:
        """The column of a date in every row (plot offset included); None outside the range."""
        if self.span is None:
            return None
        column = self.span.column(day)
        return None if column is None else self.plot_offset + column


def milestone_mark(milestone: Milestone, today: date) -> Mark:
    """Done, open, or overdue (due before today and not done)."""
    if milestone.done:
        return Mark.MILESTONE_DONE
    if milestone.due is not None and milestone.due < today:
        return Mark.MILESTONE_OVERDUE
    return Mark.MILESTONE_OPEN


def target_mark(goal: Goal, today: date) -> Mark:
    """Met at 100 %, overdue when the target date passed below it, else open."""
    if goal.current_percent >= 100:
        return Mark.TARGET_MET
    if goal.target_date is not None and goal.target_date < today:
        return Mark.TARGET_OVERDUE
    return Mark.TARGET_OPEN


def meeting_day(meeting: Meeting, zone: tzinfo | None = None) -> date | None:
    """The viewer's local date of a meeting (in ``zone``, when the caller has it)."""
    moment = meeting.started_at or meeting.planned_for
    return to_local(moment, zone).date() if moment else None


def held_meetings(agreement: Agreement) -> list[Meeting]:
    """The meetings that took place."""
    return [m for m in agreement.meetings if m.status is MeetingStatus.HELD]


def meetings_touching(agreement: Agreement, goal: Goal) -> list[Meeting]:
    """The held meetings at which the goal's progress was reviewed, by date."""
    ids = {entry.meeting_id for entry in goal.progress if entry.meeting_id}
    touched = [m for m in held_meetings(agreement) if m.id in ids]
    return sorted(touched, key=lambda m: (m.when is None, m.when.timestamp() if m.when else 0))


def _milestone_day(milestone: Milestone) -> date | None:
    return milestone.due or milestone.done_on


def _known_dates(agreement: Agreement) -> list[date]:
    days = [agreement.start_date, agreement.end_date]
    for goal in agreement.goals:
        days.append(goal.target_date)
        days.extend(_milestone_day(m) for m in goal.milestones)
    days.extend(meeting_day(m) for m in held_meetings(agreement))
    return [day for day in days if day is not None]


def _range(agreement: Agreement, today: date) -> tuple[date, date, bool] | None:
    """(start, end, estimated): the agreement's dates, else the earliest to the latest known one."""
    start, end = agreement.start_date, agreement.end_date
    if start is not None and end is not None and end > start:
        return start, end, False
    known = _known_dates(agreement)
    if not known:
        return None
    low, high = min(*known, today), max(*known, today)
    return low, max(high, low + timedelta(days=1)), True


def label_width(width: int) -> int:
    """The width of the goal titles at the left of each row."""
    return max(4, min(20, width // 4))


def timeline_rows(agreement: Agreement, today: date, width: int) -> Timeline:
    """Lay the agreement's goals, milestones and held meetings out in ``width`` columns."""
    label = label_width(width)
    plot_width = max(1, width - label - CHROME)
    found = _range(agreement, today)
    span = Span(found[0], found[1], plot_width) if found else None
    estimated = bool(found and found[2])
    half = midpoint(agreement) if span and not estimated else None
    lines = _Lines(span, today, half)
    held = held_meetings(agreement)
    header, explained = _header(span, estimated, today, half, width)
    timeline = Timeline(
        width=width,
        today=today,
        span=span,
        estimated=estimated,
        midpoint=half,
        plot_offset=label + 2,
        header=header,
        scale=_scale_row(span, label, width),
        meetings=_meetings_row(held, lines, label, plot_width),
        goals=GoalRows(agreement.goals, lines, label, plot_width),
        legend=legend(width, lines=span is not None and not explained),
    )
    if width >= label + CHROME + 1 + len(NO_TARGET[-1]):
        return timeline

    # Too narrow for the layout: cut every row rather than let one run past the edge.
    def cut(row: Row) -> Row:
        return Row(row.text[:width], row.kinds[:width], row.goal_id)

    return replace(
        timeline,
        header=cut(timeline.header),
        scale=cut(timeline.scale),
        meetings=cut(timeline.meetings),
        goals=GoalRows(agreement.goals, lines, label, plot_width, cut=width),
        legend=tuple(map(cut, timeline.legend)),
    )


@dataclass(frozen=True)
class _Lines:
    """What every plot shares: its dates, today and the mid-point."""

    span: Span | None
    today: date
    midpoint: date | None
    #: Where each date was placed (Span.place), for the dates many goals share.
    placed: dict[date, tuple[int, int]] = field(default_factory=dict, compare=False)

    def place(self, day: date) -> tuple[int, int]:
        """``span.place(day)``, worked out once a date."""
        found = self.placed.get(day)
        if found is None:
            assert self.span is not None, "dates are placed only on a plot with dates"
            found = self.placed[day] = self.span.place(day)
        return found

    def plot(self, width: int) -> _Plot:
        plot = _Plot(width)
        if self.span is None:
            return plot
        for day, kind in ((self.midpoint, Mark.MIDPOINT), (self.today, Mark.TODAY)):
            column = self.span.column(day) if day else None
            if column is not None:
                plot.put(column, kind)
        return plot

    def mark(self, plot: _Plot, day: date, kind: Mark, glyph: str | None = None) -> None:
        """Put a mark at a date; outside the range it goes to the edge, with ‹ or › beside it."""
        column, side = self.place(day)  # (only a plot with dates is marked)
        plot.put(column, kind, glyph)
        plot.before |= side < 0
        plot.after |= side > 0


class GoalRows(Sequence[Row]):
    """The goals' rows, each laid out when it is first read: a screen shows a few of 100 goals
    of 50 milestones, and laying out the rest would hold its first frame."""

    def __init__(self, goals: Sequence[Goal], lines: _Lines, label: int, width: int, cut: int | None = None) -> None:
        self._goals = tuple(goals)
        self._lines, self._label, self._width, self._cut = lines, label, width, cut
        self._rows: list[Row | None] = [None] * len(self._goals)

    def __len__(self) -> int:
        return len(self._goals)

    @overload
    def __getitem__(self, index: int) -> Row: ...
    @overload
    def __getitem__(self, index: slice) -> tuple[Row, ...]: ...
    def __getitem__(self, index: int | slice) -> Row | tuple[Row, ...]:
        if isinstance(index, slice):
            return tuple(self[i] for i in range(*index.indices(len(self))))
        row = self._rows[index]
        if row is None:
            row = _goal_row(self._goals[index], self._lines, self._label, self._width)
            if self._cut is not None:
                row = Row(row.text[: self._cut], row.kinds[: self._cut], row.goal_id)
            self._rows[index] = row
        return row

    def __iter__(self) -> Iterator[Row]:
        return (self[i] for i in range(len(self)))

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Sequence) and not isinstance(other, str):
            return tuple(self) == tuple(other)
        return NotImplemented

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return f"GoalRows({tuple(self)!r})"


def _goal_row(goal: Goal, lines: _Lines, label: int, width: int) -> Row:
    plot = lines.plot(width)
    span = lines.span
    if span is not None:
        today = lines.today
        if goal.target_date is not None:
            end, _ = lines.place(goal.target_date)
            plot.fill(end, Mark.BAR)
            lines.mark(plot, goal.target_date, target_mark(goal, today))
        # lines.mark for each milestone, without a call for each (50 a goal, 100 goals)
        place, put = lines.place, plot.put
        for milestone in goal.milestones:
            day = milestone.due or milestone.done_on
            if day is not None:
                column, side = place(day)
                put(column, milestone_mark(milestone, today))
                if side:
                    plot.before |= side < 0
                    plot.after |= side > 0
    if goal.target_date is None:
        for text in NO_TARGET:
            if plot.note(text):
                break
    line = _Line()
    line.add(fit(plain(goal.title.strip(), single_line=True) or "(untitled)", label) + " ")
    plot.draw(line)
    percent = min(100, max(0, goal.current_percent))
    line.add(f" {percent:>3}%")
    return line.row(goal.id)


def _meetings_row(held: list[Meeting], lines: _Lines, label: int, width: int) -> Row:
    plot = lines.plot(width)
    if lines.span is not None:
        # Meetings that share a column show as their number (a digit, + from ten). Those
        # outside the dates plotted only set the ‹ or › beside the edge: the edge column
        # counts the meetings on its own days ("‹2": two on the start date, more before it).
        # Each cell is marked once, however many meetings it counts (2,000 meetings fall on
        # fewer days, and those outside the dates all on the two edges).
        zone = local_zone()
        days = Counter(day for day in (meeting_day(m, zone) for m in held) if day)
        cells: Counter[tuple[int, int]] = Counter()
        place = lines.place
        for day, many in days.items():
            cells[place(day)] += many
        inside: Counter[int] = Counter()
        outside: Counter[int] = Counter()
        for (column, side), many in cells.items():
            (outside if side else inside)[column] += many
        for column, side in cells:
            count = inside[column] or outside[column]
            glyph = GLYPHS[Mark.MEETING] if count == 1 else str(count) if count < 10 else "+"
            plot.put(column, Mark.MEETING, glyph)
            plot.before |= side < 0
            plot.after |= side > 0
    name = f"Meetings ({len(held)})"
    line = _Line()
    line.add(fit(name if len(name) <= label else "Meetings", label) + " ")
    plot.draw(line)
    line.add(" " * (1 + PERCENT_WIDTH))
    return line.row()


def _header(span: Span | None, estimated: bool, today: date, half: date | None, width: int) -> tuple[Row, bool]:
    """The dates plotted, today and the mid-point, in as many words as fit; and whether all fit."""
    line = _Line()
    if span is None:
        line.add(fit(NO_DATES, width).rstrip())
        return line.row(), True
    where = ""
    if today < span.start:
        where = " (before the start)"
    elif today > span.end:
        where = " (after the end)"
    parts: list[list[tuple[str, Mark | None]]] = [
        [(f"{span.start.isoformat()} → {span.end.isoformat()}", None)],
        [(GLYPHS[Mark.TODAY], Mark.TODAY), (f" today {today.isoformat()}{where}", None)],
    ]
    if estimated:
        parts[0].insert(0, ("No start or end date: ", None))
    if half is not None:
        parts.append([(GLYPHS[Mark.MIDPOINT], Mark.MIDPOINT), (f" mid-point {half.isoformat()}", None)])
    shown = [parts[0]]
    used = sum(len(text) for text, _ in parts[0])
    for part in parts[1:]:
        size = sum(len(text) for text, _ in part) + 3
        if used + size > width:
            break
        shown.append(part)
        used += size
    for i, part in enumerate(shown):
        if i:
            line.add(" · ")
        for text, kind in part:
            line.add(text, kind)
    if len(line.chars) > width:
        return Row(fit("".join(line.chars), width), tuple(line.kinds[:width])), False
    return line.row(), len(shown) == len(parts)


# -- the scale -------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Scheme:
    """One way to label the scale: periods of whole weeks or months, and a label for each."""

    months: int  # months a period lasts; 0 for weeks
    name: Callable[[date], str]

    def period_start(self, day: date) -> date:
        """The first day of the period ``day`` falls in."""
        if not self.months:
            return day - timedelta(days=day.weekday())
        return date(day.year, day.month - (day.month - 1) % self.months, 1)

    def starts(self, start: date, end: date) -> list[date]:
        """The first days of the periods that begin from ``start`` to ``end``."""
        if not self.months:
            monday = self.period_start(start)
            first = monday if monday == start else monday + timedelta(days=7)
            return [first + timedelta(days=7 * i) for i in range((end - first).days // 7 + 1)]
        found, day = [], date(start.year, start.month, 1)
        while day <= end:
            if day >= start and (day.month - 1) % self.months == 0:
                found.append(day)
            day = date(day.year + day.month // 12, day.month % 12 + 1, 1)
        return found


#: Ways to label the scale, finest first; the first whose labels all fit apart is used.
SCHEMES = (
    _Scheme(0, lambda d: f"{d.day} {MONTHS[d.month - 1]}"),
    # Across years, January names its year with it: "Dec Jan’26 Feb", or "Dec ’26 Feb" where
    # that does not fit (a year alone in January's place read as December's: "Dec 2026 Feb").
    _Scheme(1, lambda d: f"Jan’{d.year % 100:02d}" if d.month == 1 else MONTHS[d.month - 1]),
    _Scheme(1, lambda d: f"’{d.year % 100:02d}" if d.month == 1 else MONTHS[d.month - 1]),
    _Scheme(1, lambda d: MONTHS[d.month - 1]),
    _Scheme(1, lambda d: MONTHS[d.month - 1][0]),
    _Scheme(3, lambda d: str(d.year) if d.month == 1 else f"Q{(d.month - 1) // 3 + 1}"),
    _Scheme(12, lambda d: str(d.year)),
    _Scheme(12, lambda d: f"’{d.year % 100:02d}"),
)


def _place_labels(span: Span, scheme: _Scheme, strict: bool) -> list[tuple[int, str]] | None:
    """Labels at the periods' first columns; None (when strict) if two would touch."""
    placed: list[tuple[int, str]] = []
    for day in scheme.starts(span.start, span.end):
        column, text = span.column(day), scheme.name(day)
        assert column is not None  # every period `starts` gives falls inside the span
        if placed and column <= placed[-1][0] + len(placed[-1][1]):
            if strict:
                return None
            continue
        placed.append((column, text))
    while placed and placed[-1][0] + len(placed[-1][1]) > span.width:
        placed.pop()  # the last label runs past the end: the header gives the end date
    first = scheme.period_start(span.start)
    if first < span.start:  # the part-period at the start gets a label if it has room
        text = scheme.name(first if scheme.months else span.start)
        if len(text) <= span.width and (not placed or len(text) < placed[0][0]):
            placed.insert(0, (0, text))
    return placed


def scale_labels(span: Span) -> list[tuple[int, str]]:
    """(column, label) along the plot: weeks, months, their initials, quarters or years, as room allows."""
    for i, scheme in enumerate(SCHEMES):
        if i in (1, 2) and span.start.year == span.end.year:
            continue  # January shows its year only when the range runs into another year
        if i == 4 and span.start.year != span.end.year:
            continue  # initials across years would not say which year: quarters and years do
        placed = _place_labels(span, scheme, strict=True)
        if placed:
            return placed
    return _place_labels(span, SCHEMES[-1], strict=False) or []


def _scale_row(span: Span | None, label: int, width: int) -> Row:
    line = _Line()
    if span is None:
        line.add(" " * width)
        return line.row()
    line.add(" " * (label + 2))
    chars = [" "] * span.width
    kinds: list[Mark | None] = [None] * span.width
    for column, text in scale_labels(span):
        for i, char in enumerate(text):
            chars[column + i], kinds[column + i] = char, Mark.SCALE
    for char, kind in zip(chars, kinds, strict=True):
        line.add(char, kind)
    line.add(" " * (width - len(line.chars)))
    return line.row()


# -- the legend ------------------------------------------------------------------------------


def legend(width: int, lines: bool = False) -> tuple[Row, ...]:
    """What each glyph means, in as few lines of ``width`` as it takes; ``lines`` adds today and the mid-point.

    Items of a group are one space apart, groups two; a line breaks between items.
    """
    groups = (*LEGEND, LEGEND_LINES) if lines else LEGEND
    rows: list[Row] = []
    line = _Line()
    for group in groups:
        for i, item in enumerate(group):
            size = sum(len(text) for text, _ in item)
            gap = "  " if i == 0 else " "
            if line.chars and len(line.chars) + len(gap) + size > width:
                rows.append(line.row())
                line = _Line()
            elif line.chars:
                line.add(gap)
            for text, kind in item:
                line.add(text, kind)
    rows.append(line.row())
    return tuple(rows)
