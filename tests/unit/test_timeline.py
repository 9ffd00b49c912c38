"""Tests of the goals timeline layout: positions of bars, marks, lines and ticks, at 80 columns and narrower."""

from __future__ import annotations

from datetime import UTC, date, datetime
from fractions import Fraction
from math import floor
from pathlib import Path

import pytest

from mentortui import timeline as layout
from mentortui.model import Agreement, Goal, Meeting, MeetingStatus, Milestone, ProgressEntry
from mentortui.text import cells
from mentortui.timeline import (
    AFTER,
    BEFORE,
    GLYPHS,
    MONTHS,
    NO_DATES,
    Mark,
    meeting_day,
    meetings_touching,
    timeline_rows,
)

from .test_import_hygiene import imported_top_levels

START, END = date(2026, 1, 1), date(2026, 12, 31)
TODAY = date(2026, 5, 1)
#: Width → (first plot column, plot columns): label, a space, the ‹ column, the plot.
GEOMETRY = {80: (22, 52), 60: (17, 37), 40: (12, 22)}


def col(day: date, width: int = 80, start: date = START, end: date = END) -> int:
    """The column a date should fall in, worked out from the dates (half a column rounds up)."""
    offset, plot = GEOMETRY[width]
    exact = Fraction((day - start).days * (plot - 1), (end - start).days)
    return offset + floor(exact + Fraction(1, 2))


def held(day: date, hour: int = 15, purpose: str = "") -> Meeting:
    at = datetime(day.year, day.month, day.day, hour, tzinfo=UTC)
    return Meeting(status=MeetingStatus.HELD, planned_for=at, started_at=at, purpose=purpose)


DONE_EARLY = Goal(
    title="Done early",
    target_date=date(2026, 3, 2),
    progress=(ProgressEntry(percent=100),),
    milestones=(Milestone(title="Draft", due=date(2026, 2, 2), done_on=date(2026, 1, 30)),),
)
OVERDUE = Goal(
    title="Overdue",
    target_date=date(2026, 4, 1),
    progress=(ProgressEntry(percent=40),),
    milestones=(Milestone(title="Late step", due=date(2026, 3, 16)),),
)
ACROSS = Goal(
    title="Across today",
    target_date=date(2026, 8, 3),
    progress=(ProgressEntry(percent=55),),
    milestones=(
        Milestone(title="First", due=date(2026, 4, 1), done_on=date(2026, 4, 2)),
        Milestone(title="Second", due=date(2026, 6, 1)),
    ),
)
AFTER_TODAY = Goal(
    title="After today",
    target_date=date(2026, 11, 2),
    milestones=(Milestone(title="Start", due=date(2026, 9, 1)),),
)
BEYOND = Goal(title="Past the end", target_date=date(2027, 3, 1), progress=(ProgressEntry(percent=5),))
UNDATED = Goal(title="Someday", milestones=(Milestone(title="Read", due=date(2026, 6, 15)),))
GOALS = (DONE_EARLY, OVERDUE, ACROSS, AFTER_TODAY, BEYOND, UNDATED)


def agreement(**fields) -> Agreement:
    values = dict(start_date=START, end_date=END, goals=GOALS)
    values.update(fields)
    return Agreement(**values)


def row_of(timeline, goal: Goal):
    return next(row for row in timeline.goals if row.goal_id == goal.id)


def bar_columns(row) -> list[int]:
    return [i for i, kind in enumerate(row.kinds) if kind is Mark.BAR]


@pytest.fixture(autouse=True)
def utc(viewer_zone):
    viewer_zone("UTC")


def test_every_row_fits_80_columns_and_plot_rows_fill_them():
    timeline = timeline_rows(agreement(meetings=(held(date(2026, 2, 10)),)), TODAY, 80)
    for row in timeline.rows:
        assert len(row.text) <= 80 and len(row.kinds) == len(row.text), row.text
    for row in (timeline.scale, timeline.meetings, *timeline.goals):
        assert len(row.text) == 80, row.text
    assert len(timeline.legend) == 1, "the legend is one line at 80 columns"
    assert [row.text[-4:] for row in timeline.goals] == ["100%", " 40%", " 55%", "  0%", "  5%", "  0%"]
    assert timeline.plot_offset == 22 and timeline.span.width == 52


def test_today_and_mid_point_lines_run_through_every_plot_row():
    timeline = timeline_rows(agreement(goals=(AFTER_TODAY, UNDATED)), TODAY, 80)
    today, half = col(TODAY), col(date(2026, 7, 2))
    assert timeline.column(TODAY) == today and timeline.midpoint == date(2026, 7, 2)
    for row in (timeline.meetings, *timeline.goals):
        assert (row.text[today], row.kinds[today]) == ("│", Mark.TODAY), row.text
        assert (row.text[half], row.kinds[half]) == ("┆", Mark.MIDPOINT), row.text
    assert "│ today 2026-05-01" in timeline.header.text and "┆ mid-point 2026-07-02" in timeline.header.text


def test_a_goal_met_before_today():
    row = row_of(timeline_rows(agreement(), TODAY, 80), DONE_EARLY)
    target = col(DONE_EARLY.target_date)
    assert row.text.startswith("Done early" + " " * 10 + "  ━")
    assert (row.text[target], row.kinds[target]) == ("◆", Mark.TARGET_MET)
    assert (row.text[col(date(2026, 2, 2))], row.kinds[col(date(2026, 2, 2))]) == ("✓", Mark.MILESTONE_DONE)
    assert bar_columns(row) == [c for c in range(22, target) if c != col(date(2026, 2, 2))]
    assert row.text[target + 1 : col(TODAY)].strip() == "", "no bar after the target"


def test_a_goal_overdue_before_today():
    row = row_of(timeline_rows(agreement(), TODAY, 80), OVERDUE)
    target, step = col(OVERDUE.target_date), col(date(2026, 3, 16))
    assert (row.text[target], row.kinds[target]) == ("!", Mark.TARGET_OVERDUE)
    assert (row.text[step], row.kinds[step]) == ("✗", Mark.MILESTONE_OVERDUE)
    assert row.text[col(TODAY)] == "│"


def test_a_goal_across_today():
    row = row_of(timeline_rows(agreement(), TODAY, 80), ACROSS)
    target = col(ACROSS.target_date)
    assert (row.text[target], row.kinds[target]) == ("◇", Mark.TARGET_OPEN)
    assert row.text[col(date(2026, 4, 1))] == "✓"
    assert (row.text[col(date(2026, 6, 1))], row.kinds[col(date(2026, 6, 1))]) == ("○", Mark.MILESTONE_OPEN)
    assert row.text[col(TODAY)] == "│", "the today line crosses the bar"
    assert row.text[col(TODAY) - 1] == row.text[col(TODAY) + 1] == "━"


def test_a_goal_after_today_is_open_with_open_milestones():
    row = row_of(timeline_rows(agreement(), TODAY, 80), AFTER_TODAY)
    assert row.text[col(AFTER_TODAY.target_date)] == "◇"
    assert row.text[col(date(2026, 9, 1))] == "○"
    assert "✗" not in row.text and "!" not in row.text


def test_a_target_after_the_end_is_clipped_to_the_edge():
    row = row_of(timeline_rows(agreement(), TODAY, 80), BEYOND)
    offset, plot = GEOMETRY[80]
    last = offset + plot - 1
    assert (row.text[last], row.text[last + 1], row.kinds[last + 1]) == ("◇", AFTER, Mark.CLIP)
    assert row.text[offset - 1] == " ", "nothing before the start"
    assert row.text[offset] == "━" and row.text[last - 1] == "━"


def test_a_milestone_before_the_start_is_clipped_with_a_mark_before_the_plot():
    goal = Goal(title="Early", target_date=date(2026, 2, 1), milestones=(Milestone(due=date(2025, 11, 1)),))
    row = timeline_rows(agreement(goals=(goal,)), TODAY, 80).goals[0]
    assert (row.text[21], row.kinds[21]) == (BEFORE, Mark.CLIP)
    assert row.text[22] == "✗"


def test_a_goal_without_a_target_date_has_no_bar_but_its_milestones_and_a_note():
    row = row_of(timeline_rows(agreement(), TODAY, 80), UNDATED)
    assert Mark.BAR not in row.kinds
    assert row.text[col(date(2026, 6, 15))] == "○"
    start = row.text.index("no target date")
    assert all(row.kinds[start + i] is Mark.NOTE for i in range(len("no target date")))
    assert row.text[col(TODAY)] == "│", "the note leaves the today line alone when it can"


def test_marks_outrank_the_lines_which_outrank_the_bar():
    goal = Goal(title="x", target_date=date(2026, 9, 1), milestones=(Milestone(due=TODAY),))
    row = timeline_rows(agreement(goals=(goal,)), TODAY, 80).goals[0]
    assert row.text[col(TODAY)] == "○"
    assert row.text[col(date(2026, 7, 2))] == "┆"


def test_held_meetings_are_ticks_and_two_on_a_day_are_a_digit():
    meetings = (
        held(date(2026, 2, 10), 9),
        held(date(2026, 2, 10), 15),
        held(date(2026, 3, 10)),
        Meeting(status=MeetingStatus.CANCELLED, planned_for=datetime(2026, 10, 1, 15, tzinfo=UTC)),
        Meeting(status=MeetingStatus.PLANNED, planned_for=datetime(2026, 11, 2, 15, tzinfo=UTC)),
    )
    row = timeline_rows(agreement(meetings=meetings), TODAY, 80).meetings
    assert row.text.startswith("Meetings (3)")
    assert (row.text[col(date(2026, 2, 10))], row.kinds[col(date(2026, 2, 10))]) == ("2", Mark.MEETING)
    assert row.text[col(date(2026, 3, 10))] == "•"
    ticks = [i for i, kind in enumerate(row.kinds) if kind is Mark.MEETING]
    assert ticks == [col(date(2026, 2, 10)), col(date(2026, 3, 10))], "cancelled and planned meetings are not ticks"


def test_a_meeting_is_on_the_viewers_own_day(viewer_zone):
    late = Meeting(status=MeetingStatus.HELD, started_at=datetime(2026, 3, 10, 2, 30, tzinfo=UTC))
    assert meeting_day(late) == date(2026, 3, 10)
    viewer_zone("America/New_York")
    assert meeting_day(late) == date(2026, 3, 9)


def test_meetings_touching_a_goal_are_the_held_ones_its_progress_names():
    first, second, cancelled = held(date(2026, 3, 1)), held(date(2026, 2, 1)), Meeting(status=MeetingStatus.CANCELLED)
    goal = Goal(
        progress=tuple(
            ProgressEntry(percent=p, meeting_id=m.id) for p, m in ((10, first), (20, second), (30, cancelled))
        )
    )
    assert meetings_touching(Agreement(goals=(goal,), meetings=(first, second, cancelled)), goal) == [second, first]


def test_the_scale_names_the_months_where_they_start():
    scale = timeline_rows(agreement(), TODAY, 80).scale.text
    for month in range(1, 13):
        at = col(date(2026, month, 1))
        assert scale[at : at + 3] == MONTHS[month - 1], scale
    assert scale[:22].strip() == ""


def test_the_scale_adapts_to_narrower_widths_and_longer_spans():
    narrow = timeline_rows(agreement(), TODAY, 40).scale.text
    assert narrow[col(START, 40) : col(START, 40) + 4] == "2026"
    for month, name in ((4, "Q2"), (7, "Q3"), (10, "Q4")):
        at = col(date(2026, month, 1), 40)
        assert narrow[at : at + 2] == name, narrow
    start, end = date(2025, 7, 1), date(2028, 6, 30)
    long = timeline_rows(Agreement(start_date=start, end_date=end), TODAY, 80).scale.text
    for year in (2026, 2027):
        at = col(date(year, 1, 1), start=start, end=end)
        assert long[at : at + 4] == str(year), long
    start, end = date(2026, 3, 4), date(2026, 3, 25)
    short = timeline_rows(Agreement(start_date=start, end_date=end), TODAY, 80).scale.text
    assert short[22:27] == "4 Mar"
    at = col(date(2026, 3, 9), start=start, end=end)
    assert short[at : at + 5] == "9 Mar", short


@pytest.mark.parametrize("width", [60, 40])
def test_narrower_widths_still_fit(width):
    timeline = timeline_rows(agreement(meetings=(held(date(2026, 2, 10)),)), TODAY, width)
    for row in timeline.rows:
        assert len(row.text) <= width, row.text
    for row in (timeline.scale, timeline.meetings, *timeline.goals):
        assert len(row.text) == width
    today = col(TODAY, width)
    assert timeline.column(TODAY) == today
    assert all(row.text[today] == "│" for row in timeline.goals if row.goal_id != DONE_EARLY.id)
    assert row_of(timeline, ACROSS).text[col(ACROSS.target_date, width)] == "◇"
    legend = "".join(row.text for row in timeline.legend)
    assert all(glyph in legend for glyph in GLYPHS.values()), "what the header dropped, the legend spells out"


def test_tiny_widths_are_cut_not_overflowed():
    for width in (20, 12, 5):
        assert all(len(row.text) <= width for row in timeline_rows(agreement(), TODAY, width).rows)


def test_the_legend_spells_out_every_glyph_and_they_all_differ():
    timeline = timeline_rows(agreement(), TODAY, 80)
    seen = {row.text[i] for row in (*timeline.legend, timeline.header) for i in range(len(row.text)) if row.kinds[i]}
    assert set(GLYPHS.values()) | {BEFORE, AFTER} <= seen
    assert len(set(GLYPHS.values())) == len(GLYPHS)


def test_an_agreement_without_any_dates_says_so():
    timeline = timeline_rows(Agreement(goals=(Goal(title="Someday"),)), TODAY, 80)
    assert timeline.span is None and timeline.header.text == NO_DATES
    [row] = timeline.goals
    assert "no target date" in row.text and "━" not in row.text and "│" not in row.text
    assert all(len(r.text) <= 80 for r in timeline.rows)


def test_without_start_and_end_the_range_runs_from_the_earliest_to_the_latest_date():
    goal = Goal(title="x", target_date=date(2026, 8, 1), milestones=(Milestone(due=date(2026, 2, 1)),))
    timeline = timeline_rows(Agreement(goals=(goal,)), TODAY, 80)
    assert timeline.estimated and (timeline.span.start, timeline.span.end) == (date(2026, 2, 1), date(2026, 8, 1))
    assert timeline.header.text.startswith("No start or end date: 2026-02-01 → 2026-08-01")
    assert timeline.midpoint is None and "┆" not in timeline.goals[0].text
    row, last = timeline.goals[0], 22 + 52 - 1
    assert (row.text[22], row.text[last]) == ("✗", "◇")
    assert timeline.column(TODAY) == col(TODAY, start=date(2026, 2, 1), end=date(2026, 8, 1))


def test_user_text_is_shown_as_text_and_wide_titles_keep_the_columns():
    hostile = Goal(title="[bold red]x[/] \x1b[2J", target_date=date(2026, 6, 1))
    wide = Goal(title="目標を達成するための長い題名", target_date=date(2026, 6, 1))
    timeline = timeline_rows(agreement(goals=(hostile, wide)), TODAY, 80)
    first, second = timeline.goals
    assert first.text.startswith("[bold red]x[/] ␛[2J") and "\x1b" not in first.text
    label = second.text[: second.text.index("━")]
    assert cells(second.text) == 80 and cells(label) == 22 and label.rstrip().endswith("…")


def test_the_layout_imports_no_ui():
    source = Path(layout.__file__).read_text("utf-8")
    assert imported_top_levels(source) & {"textual", "rich"} == set()


def test_meetings_before_the_start_do_not_swell_the_start_dates_count():
    meetings = (held(date(2025, 12, 1)), held(START, 9), held(START, 15))
    row = timeline_rows(agreement(meetings=meetings), TODAY, 80).meetings
    assert row.text[21] == BEFORE, "some before the dates plotted"
    assert row.text[22] == "2", "two on the start date, not three"
    only_before = timeline_rows(agreement(meetings=meetings[:1]), TODAY, 80).meetings
    assert (only_before.text[21], only_before.text[22]) == (BEFORE, GLYPHS[Mark.MEETING])


def test_goal_rows_are_laid_out_when_read_and_are_the_same_either_way(monkeypatch):
    goals = tuple(Goal(title=f"Goal {n}", target_date=date(2026, 2, 1 + n)) for n in range(20))
    laid_out: list[str] = []
    real = layout._goal_row
    monkeypatch.setattr(layout, "_goal_row", lambda goal, *rest: laid_out.append(goal.title) or real(goal, *rest))
    timeline = timeline_rows(agreement(goals=goals), TODAY, 80)
    assert laid_out == [] and len(timeline.goals) == 20
    assert timeline.goals[3].goal_id == goals[3].id and laid_out == ["Goal 3"]
    assert timeline.goals[3] is timeline.goals[3] and laid_out == ["Goal 3"], "laid out once"
    assert [row.goal_id for row in timeline.goals[1:3]] == [goals[1].id, goals[2].id]
    every = list(timeline.goals)
    assert len(laid_out) == 20 and every == list(timeline_rows(agreement(goals=goals), TODAY, 80).goals)
    narrow = timeline_rows(agreement(goals=goals), TODAY, 12).goals
    assert all(len(row.text) <= 12 for row in narrow), "a narrow timeline cuts each row as it is read"


def test_many_meetings_on_a_day_and_outside_the_dates_count_once_each():
    meetings = tuple(held(date(2026, 2, 10), hour) for hour in range(12)) + tuple(
        held(date(2025, 11, day)) for day in range(1, 4)
    )
    row = timeline_rows(agreement(meetings=meetings), TODAY, 80).meetings
    assert row.text.startswith("Meetings (15)")
    assert row.text[col(date(2026, 2, 10))] == "+", "ten or more on one day"
    assert (row.text[21], row.text[22]) == (BEFORE, "3"), "three before the start, drawn at the edge"


def test_across_years_the_scale_says_which_year_each_january_is():
    start, end = date(2025, 12, 1), date(2026, 12, 1)
    year = Agreement(start_date=start, end_date=end)
    at80 = timeline_rows(year, TODAY, 80).scale.text
    assert at80[22:29] == "Dec ’26", "not 'Dec 2026': a year alone in January's place read as December's"
    assert "Jan’26" in timeline_rows(year, TODAY, 120).scale.text
    longer = timeline_rows(Agreement(start_date=start, end_date=date(2027, 3, 1)), TODAY, 80).scale.text
    assert "2026" in longer and "2027" in longer, "initials alone would not say which year"
