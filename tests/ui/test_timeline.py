"""Pilot tests of the goals timeline: rows at 80 columns, a goal's details by keys, hostile text, live reload."""

from __future__ import annotations

from datetime import UTC, date, datetime
from fractions import Fraction
from math import floor

import pytest
from textual.strip import Strip
from textual.widgets import OptionList

from mentortui.app import MentorApp
from mentortui.model import Agreement, Goal, Meeting, MeetingStatus, Milestone, Party, ProgressEntry
from mentortui.screens.home.screen import HomeScreen
from mentortui.screens.meetings.log import MeetingLogScreen
from mentortui.screens.timeline.screen import TimelineScreen
from mentortui.store import Store

from ..planted import plant
from .pilot import SIZE, footer_keys

TODAY = date(2026, 5, 1)
START, END = date(2026, 1, 1), date(2026, 12, 31)
#: At 80 columns the rows take 79 (one is kept for the list's scrollbar): 19 for titles,
#: a space and the ‹ column, then 52 plot columns.
OFFSET, PLOT = 21, 52
HOSTILE = "[bold red]x[/] \x1b[2J"


def col(day: date) -> int:
    """The column of a date, worked out from the agreement's dates."""
    return OFFSET + floor(Fraction((day - START).days * (PLOT - 1), (END - START).days) + Fraction(1, 2))


def held(day: date, purpose: str) -> Meeting:
    at = datetime(day.year, day.month, day.day, 15, tzinfo=UTC)
    return Meeting(status=MeetingStatus.HELD, planned_for=at, started_at=at, ended_at=at, purpose=purpose)


KICK_OFF, MOCK = held(date(2026, 2, 10), "Kick-off"), held(date(2026, 3, 10), "Mock exam review")
PAPER = Goal(title="Publish a paper", target_date=date(2026, 9, 30))
EXAM = Goal(
    title="Pass the exam",
    specific="Pass the CCM exam first time",
    measurable="Mock scores above 80 %",
    achievable="Two evenings a week",
    relevant="Needed for the new role",
    target_date=date(2026, 4, 1),
    milestones=(
        Milestone(title="Read the guide", due=date(2026, 2, 1), done_on=date(2026, 2, 3)),
        Milestone(title="Three mock exams", due=date(2026, 3, 31)),
    ),
    progress=(
        ProgressEntry(
            percent=30,
            comment="Mock exam at 62 %",
            by="ben",
            at=datetime(2026, 3, 10, 15, 20, tzinfo=UTC),
            meeting_id=MOCK.id,
        ),
    ),
)
STRANGE = Goal(title=HOSTILE, specific="[link=https://x]click[/link]")


def store_agreement(data_dir) -> str:
    agreement = Agreement(
        title="Ana ↔ Ben",
        mentee=Party(name="Ana Silva", handle="ana"),
        mentor=Party(name="Ben Okafor", handle="ben"),
        start_date=START,
        end_date=END,
        goals=(PAPER, EXAM, STRANGE),
        meetings=(KICK_OFF, MOCK),
    )
    return plant(data_dir, agreement).id  # its STRANGE goal holds ESC, as an old file may


def text(strip: Strip) -> str:
    """The characters of a rendered line."""
    return "".join(segment.text for segment in strip)


def shown(widget) -> list[str]:
    """The lines a widget draws, as text."""
    return [text(widget.render_line(y)).rstrip() for y in range(widget.size.height)]


def goal_rows(screen) -> list[str]:
    options = screen.query_one("#timeline-goals", OptionList)
    return [str(options.get_option_at_index(i).prompt) for i in range(options.option_count)]


def details(screen) -> str:
    return screen.query_one("#timeline-details").text


async def open_timeline(pilot, agreement_id: str) -> TimelineScreen:
    await pilot.pause()
    await pilot.app.push_screen(TimelineScreen(agreement_id, today=TODAY))
    await pilot.pause()
    assert isinstance(pilot.app.screen, TimelineScreen)
    return pilot.app.screen


@pytest.fixture(autouse=True)
def utc(viewer_zone):
    viewer_zone("UTC")


async def test_the_timeline_shows_a_row_per_goal_lined_up_at_80_columns(tmp_path):
    agreement_id = store_agreement(tmp_path)
    app = MentorApp(tmp_path, user="ana")
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_timeline(pilot, agreement_id)
        assert "Timeline · Ana ↔ Ben" in shown(screen.query_one("#timeline-title"))[0]
        header = shown(screen.query_one("#timeline-header"))[0]
        assert header.startswith("2026-01-01 → 2026-12-31 · │ today 2026-05-01 · ┆ mid-point 2026-07-02")
        meetings = str(screen.query_one("#timeline-meetings").render())
        assert meetings.startswith("Meetings (2)")
        assert [i for i, char in enumerate(meetings) if char == "•"] == [
            col(KICK_OFF.started_at.date()),
            col(MOCK.started_at.date()),
        ]

        rows = goal_rows(screen)
        assert [len(row) for row in rows] == [79, 79, 79]
        paper, exam, strange = rows
        assert paper.startswith("Publish a paper") and paper.endswith("  0%")
        assert paper[col(PAPER.target_date)] == "◇" and paper[col(TODAY)] == "│"
        assert exam[col(EXAM.target_date)] == "!", "the target passed below 100 %"
        assert exam[col(date(2026, 2, 1))] == "✓" and exam[col(date(2026, 3, 31))] == "✗"
        assert exam.endswith(" 30%")
        assert "no target date" in strange

        drawn = shown(screen.query_one("#timeline-goals"))
        assert drawn[:3] == [row.rstrip() for row in rows], "each goal takes one line, unwrapped"
        legend = shown(screen.query_one("#timeline-legend"))
        assert len(legend) == 1 and all(glyph in legend[0] for glyph in "━◇◆!✓○✗•‹›")
        keys = footer_keys(screen)
        assert [key.description for key in keys] == ["Details", "Meetings", "Back", "palette"]
        assert all(key.end <= SIZE[0] for key in keys)


async def test_down_chooses_a_goal_and_tab_reads_its_details(tmp_path):
    agreement_id = store_agreement(tmp_path)
    app = MentorApp(tmp_path, user="ana")
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_timeline(pilot, agreement_id)
        assert details(screen).startswith("Publish a paper · mentee's goal · 0 %")
        await pilot.press("down")
        await pilot.pause()
        shown_details = details(screen)
        for line in (
            "Pass the exam · mentee's goal · 30 %",
            "Specific    Pass the CCM exam first time",
            "Measurable  Mock scores above 80 %",
            "Achievable  Two evenings a week",
            "Relevant    Needed for the new role",
            "Target date ! 2026-04-01 (overdue)",
            "✓ Read the guide · due 2026-02-01 · done 2026-02-03 (done)",
            "✗ Three mock exams · due 2026-03-31 (late)",
            "2026-03-10 15:20 UTC  30 %  Mock exam at 62 % — ben",
            "• 2026-03-10 15:00 UTC  Mock exam review",
        ):
            assert line in shown_details.splitlines(), line
        assert "Kick-off" not in shown_details, "only the meetings that reviewed the goal"

        await pilot.press("tab")
        await pilot.pause()
        assert app.focused.id == "timeline-details"
        assert next(key.description for key in footer_keys(screen)) == "Goals"
        await pilot.press("down", "down")  # scrolls the details, not the goals
        await pilot.pause()
        assert screen.query_one("#timeline-details").scroll_y > 0
        await pilot.press("tab")
        await pilot.pause()
        assert app.focused.id == "timeline-goals" and screen.selected.id == EXAM.id

        await pilot.press("m")
        await pilot.pause()
        assert isinstance(app.screen, MeetingLogScreen)
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is screen and screen.selected.id == EXAM.id
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)


async def test_opening_makes_the_first_goals_details_once(tmp_path, monkeypatch):
    """Showing the goals highlights the first, which asked for its details a second time (a
    second layout of them); moving to another goal makes its details, and back again."""
    from mentortui.screens.timeline import screen as timeline

    made: list[str] = []
    details_of = timeline.goal_details

    def counted(agreement, goal, today):
        made.append(goal.title)
        return details_of(agreement, goal, today)

    monkeypatch.setattr(timeline, "goal_details", counted)
    agreement_id = store_agreement(tmp_path)
    app = MentorApp(tmp_path, user="ana")
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_timeline(pilot, agreement_id)
        assert made == ["Publish a paper"]
        await pilot.press("down", "up")
        await pilot.pause()
        assert made == ["Publish a paper", "Pass the exam", "Publish a paper"]
        assert details(screen).startswith("Publish a paper")


async def test_user_text_shows_as_typed_never_as_markup_or_escapes(tmp_path):
    agreement_id = store_agreement(tmp_path)
    app = MentorApp(tmp_path, user="ana")
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_timeline(pilot, agreement_id)
        await pilot.press("down", "down")
        await pilot.pause()
        row = shown(screen.query_one("#timeline-goals"))[2]
        assert row.startswith("[bold red]x[/] ␛[2J")
        lines = shown(screen.query_one("#timeline-details"))
        assert lines[0].strip().startswith("[bold red]x[/] ␛[2J · mentee's goal")
        assert "[link=https://x]click[/link]" in lines[1]
        assert all("\x1b" not in line for line in lines)


async def test_the_timeline_follows_saves_made_elsewhere(tmp_path, quick_watch):
    agreement_id = store_agreement(tmp_path)
    app = MentorApp(tmp_path, user="ana")
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_timeline(pilot, agreement_id)
        await pilot.press("down")
        await pilot.pause()

        def progress(agreement: Agreement) -> Agreement:
            exam = agreement.goal(EXAM.id)
            done = exam.edit(progress=(*exam.progress, ProgressEntry(percent=100, comment="Passed", by="ana")))
            return agreement.edit(
                goals=(agreement.goals[0].edit(title="Publish two papers"), done, *agreement.goals[2:])
            )

        Store(tmp_path, user="ben").update(agreement_id, progress)
        for _ in range(80):  # the app looks for saves every 1 s (here every 50 ms: quick_watch)
            await pilot.pause(0.05)
            if goal_rows(screen)[0].startswith("Publish two papers"):
                break
        paper, exam, _ = goal_rows(screen)
        assert paper.startswith("Publish two papers")
        assert exam[col(EXAM.target_date)] == "◆" and exam.endswith("100%")
        assert screen.selected.id == EXAM.id, "the chosen goal stays chosen"
        assert "Target date ◆ 2026-04-01 (met)" in details(screen)


async def test_the_timeline_is_drawn_again_for_a_new_width(tmp_path):
    agreement_id = store_agreement(tmp_path)
    app = MentorApp(tmp_path, user="ana")
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_timeline(pilot, agreement_id)
        await pilot.resize_terminal(60, 24)
        await pilot.pause()
        assert [len(row) for row in goal_rows(screen)] == [59, 59, 59]
        assert all(len(line) <= 60 for line in shown(screen.query_one("#timeline-legend")))


async def test_an_agreement_without_dates_or_goals_says_so(tmp_path):
    agreement_id = Store(tmp_path).create(Agreement(mentee=Party(name="Ana", handle="ana"))).id
    app = MentorApp(tmp_path, user="ana")
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_timeline(pilot, agreement_id)
        assert shown(screen.query_one("#timeline-header"))[0].startswith("No dates yet")
        assert not screen.query_one("#timeline-goals").display
        assert "No goals yet" in shown(screen.query_one("#timeline-empty"))[0]
        await pilot.press("tab")
        await pilot.pause()
        assert app.focused.id == "timeline-details"
        assert "Choose a goal" in details(screen)


async def test_a_long_list_of_goals_lays_out_the_rows_it_draws_and_scrolls_to_the_rest(tmp_path, monkeypatch):
    from mentortui import timeline as layout

    goals = tuple(Goal(title=f"Goal {n:02}", target_date=date(2026, 3, 1)) for n in range(60))
    agreement_id = (
        Store(tmp_path)
        .create(Agreement(mentee=Party(name="Ana", handle="ana"), start_date=START, end_date=END, goals=goals))
        .id
    )
    laid_out: list[str] = []
    real = layout._goal_row
    monkeypatch.setattr(layout, "_goal_row", lambda goal, *rest: laid_out.append(goal.title) or real(goal, *rest))
    app = MentorApp(tmp_path, user="ana")
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_timeline(pilot, agreement_id)
        options = screen.query_one("#timeline-goals", OptionList)
        assert options.option_count == 60 and options.size.height == 7
        assert sorted(set(laid_out)) == [f"Goal {n:02}" for n in range(7)], "only the rows in sight"
        assert options.show_vertical_scrollbar
        await pilot.press("end")
        await pilot.pause()
        assert screen.selected.title == "Goal 59"
        assert shown(options)[-1].startswith("Goal 59")
        assert len(set(laid_out)) < 20


async def test_a_goal_of_many_milestones_draws_the_details_in_sight_and_scrolls_to_the_rest(tmp_path):
    steps = tuple(
        Milestone(title=f"Step {n:02} " + "with words enough to wrap " * (3 if n == 7 else 0), due=date(2026, 2, 1))
        for n in range(50)
    )
    goal = Goal(title="Long goal", target_date=date(2026, 3, 1), milestones=steps)
    agreement_id = (
        Store(tmp_path)
        .create(Agreement(mentee=Party(name="Ana", handle="ana"), start_date=START, end_date=END, goals=(goal,)))
        .id
    )
    app = MentorApp(tmp_path, user="ana")
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_timeline(pilot, agreement_id)
        panel = screen.query_one("#timeline-details")
        assert "Step 49" in panel.text and len(panel._lines) > 50
        assert len(panel._drawn) <= panel.size.height + 1, "only the lines in sight are drawn"
        assert panel.show_vertical_scrollbar and panel.virtual_size.height == len(panel._lines) + 1, "one wraps"
        await pilot.press("tab", "end")
        await pilot.pause()
        lines = [line.strip() for line in shown(panel)]
        assert any(line.startswith("No held meeting") for line in lines), lines
        await pilot.press("home")
        await pilot.pause()
        assert shown(panel)[0].strip().startswith("Long goal · mentee's goal")
