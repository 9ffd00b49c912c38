"""Pilot tests of the home dashboard: the panel follows the cursor, the count column, live updates."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from textual.widgets import DataTable, Static

from mentortui.app import MentorApp
from mentortui.model import (
    Agreement,
    AgreementStatus,
    Goal,
    Milestone,
    Party,
    Schedule,
    TentativeMeeting,
)
from mentortui.screens.home import screen as home
from mentortui.screens.home.screen import HomeScreen
from mentortui.store import Store

from ..planted import plant
from .pilot import SIZE, rows_of

NOW = datetime(2026, 11, 24, 12, 0, tzinfo=UTC)


@pytest.fixture(autouse=True)
def fixed_now(monkeypatch, viewer_zone):
    """Today is 2026-11-24, noon UTC, for the dashboards; the viewer is in UTC."""
    viewer_zone("UTC")
    monkeypatch.setattr(home, "current_time", lambda: NOW)


def behind(**fields) -> Agreement:
    """A draft with an overdue milestone, its end date near, no meeting for weeks."""
    base = dict(
        title="A: behind",
        mentee=Party("Ana"),
        mentor=Party("Ben"),
        start_date=date(2026, 10, 1),
        end_date=date(2026, 12, 18),
        schedule=Schedule(frequency="every two weeks"),
        goals=(Goal(title="CCM exam", milestones=(Milestone("Study guide", due=date(2026, 11, 1)),)),),
    )
    return Agreement(**{**base, **fields})


def on_track() -> Agreement:
    """Active, started yesterday, a meeting planned next week: nothing needs attention."""
    return Agreement(
        title="B: on track",
        mentee=Party("Cy"),
        mentor=Party("Di"),
        status=AgreementStatus.ACTIVE,
        start_date=date(2026, 11, 23),
        end_date=date(2027, 11, 23),
        schedule=Schedule(frequency="weekly"),
        tentative_meetings=(TentativeMeeting(when=datetime(2026, 12, 1, 15, 30, tzinfo=UTC), purpose="Goals"),),
    )


def panel(app) -> list[str]:
    return str(app.screen.query_one("#dashboard-text", Static).render()).splitlines()


async def test_the_panel_shows_the_highlighted_agreement_and_follows_the_cursor(tmp_path):
    store = Store(tmp_path)
    store.create(behind())
    store.create(on_track())
    app = MentorApp(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        rows = rows_of(app.screen, "agreements")
        assert [row[-2:] for row in rows] == [["—", "⚠5"], ["12-01 15:30", ""]]
        assert panel(app) == [
            "A: behind · draft",
            "Next meeting: none planned",
            "Last held: none yet",
            "⚠ not signed yet: waiting for both parties (key o)",
            "⚠ no meeting yet, 7 weeks after the start; agreed every 2 weeks (key m)",
            "⚠ milestone “Study guide” of “CCM exam” overdue since 2026-11-01 (key t)",
            "⚠ mid-point was 2026-11-09 (15 days ago): a mid-point review is offered and not recorded yet (key v)",
            "⚠ ends on 2026-12-18 (in 24 days): plan the end-date evaluation (key v)",
        ]
        await pilot.press("down")
        await pilot.pause()
        assert panel(app) == [
            "B: on track · active",
            "Next meeting: 2026-12-01 15:30 UTC (in 7 days) · Goals",
            "Last held: none yet",
            "Nothing needs attention.",
        ]
        await pilot.press("up")
        await pilot.pause()
        assert panel(app)[0] == "A: behind · draft"


async def test_the_table_fits_80_columns_and_the_panel_scrolls(tmp_path):
    many = tuple(Milestone(f"Step {n}", due=date(2026, 11, n)) for n in range(1, 6))
    Store(tmp_path).create(behind(goals=(Goal(title="G", milestones=many),)))
    app = MentorApp(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        table = app.screen.query_one("#agreements", DataTable)
        widths = sum(column.get_render_width(table) for column in table.columns.values())
        assert widths <= SIZE[0] - 2, "every column fits, with room for a scrollbar"
        assert [c.label.plain for c in table.columns.values()] == [
            "Title",
            "Mentee",
            "Mentor",
            "End",
            "Status",
            "Next",
            "⚠",
        ]
        assert rows_of(app.screen, "agreements")[0][-1] == "⚠9"
        scroller = app.screen.query_one("#dashboard")
        assert scroller.outer_size.height == 8
        assert scroller.virtual_size.height > scroller.size.height
        await pilot.press("tab")
        assert app.focused is scroller, "the panel takes the focus to scroll by keys"
        await pilot.press("end")
        await pilot.pause()
        assert scroller.scroll_y == scroller.max_scroll_y > 0


async def test_the_dashboard_follows_changes_in_the_store(tmp_path, quick_watch):
    store = Store(tmp_path)
    created = store.create(behind())
    app = MentorApp(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert rows_of(app.screen, "agreements")[0][-1] == "⚠5"

        def milestone_done(agreement: Agreement) -> Agreement:
            goal = agreement.goals[0]
            done = goal.milestones[0].edit(done_on=date(2026, 11, 20))
            return agreement.edit(goals=(goal.edit(milestones=(done,)),))

        Store(tmp_path, user="ben").update(created.id, milestone_done)  # another session
        for _ in range(30):  # the app polls every 1 s (here every 50 ms: quick_watch)
            await pilot.pause(0.1)
            if rows_of(app.screen, "agreements")[0][-1] == "⚠4":
                break
        assert rows_of(app.screen, "agreements")[0][-1] == "⚠4"
        assert not any("milestone" in line for line in panel(app))


async def test_a_damaged_agreement_shows_its_error_in_the_panel(tmp_path):
    store = Store(tmp_path)
    broken = store.create(behind(title="A: broken"))
    store.create(on_track())
    store.path_of(broken.id).write_text("{not json")
    app = MentorApp(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert [row[-1] for row in rows_of(app.screen, "agreements")] == ["⚠!", ""]
        lines = panel(app)
        assert lines[0] == "A: broken" and lines[1].startswith("⚠ could not read this agreement: ")
        assert list(app._notifications) == [], "the list loads quietly; opening it explains"
        await pilot.press("down")
        await pilot.pause()
        assert panel(app)[0] == "B: on track · active"


async def test_user_text_in_the_panel_is_text(tmp_path):
    plant(
        tmp_path,
        behind(
            title="[bold red]Boss[/] \x1b[2J",
            goals=(Goal(title="[i]G", milestones=(Milestone("[link=x]M[/]", due=date(2026, 11, 1)),)),),
        ),
    )
    app = MentorApp(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        lines = panel(app)
        assert lines[0] == "[bold red]Boss[/] ␛[2J · draft"
        assert "⚠ milestone “[link=x]M[/]” of “[i]G” overdue since 2026-11-01 (key t)" in lines
        content = app.screen.query_one("#dashboard-text", Static).render()
        assert {str(span.style) for span in content.spans} == {"bold"}, "only the title is styled"


async def test_a_closed_agreement_has_no_count(tmp_path):
    Store(tmp_path).create(behind(status=AgreementStatus.COMPLETED))
    app = MentorApp(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert rows_of(app.screen, "agreements")[0][-1] == ""
        assert panel(app) == ["A: behind · completed", "Nothing needs attention: the agreement is closed."]


async def test_a_passed_mid_point_is_flagged_in_the_app_as_status_says_it(tmp_path, capsys):
    from mentortui.__main__ import main

    # Mid-point 2026-10-23, a month before "today"; no review recorded yet.
    Store(tmp_path).create(
        Agreement(
            title="Pair",
            mentee=Party("Ana"),
            mentor=Party("Ben"),
            status=AgreementStatus.ACTIVE,
            start_date=date(2026, 7, 1),
            end_date=date(2027, 2, 15),
        )
    )
    expected = "mid-point was 2026-10-23 (32 days ago): a mid-point review is offered and not recorded yet"
    app = MentorApp(tmp_path, user="ana")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        [row] = rows_of(app.screen, "agreements")
        assert row[6] == "⚠1"
        panel = str(app.screen.query_one("#dashboard-text", Static).render())
        assert f"⚠ {expected} (key v)" in panel
    assert main(["--data-dir", str(tmp_path), "status", "--today", "2026-11-24"]) == 1
    assert f"  ! {expected}" in capsys.readouterr().out.splitlines()
