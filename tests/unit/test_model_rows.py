"""Tests mentortui.model.rows: a row moved up or down its list, the one rule for goals, milestones and meetings."""

from __future__ import annotations

from mentortui.model import Goal, Milestone, TentativeMeeting
from mentortui.model.rows import move_row


def test_a_row_moves_up_and_down_by_one_place() -> None:
    a, b, c = Milestone(title="a"), Milestone(title="b"), Milestone(title="c")
    assert move_row((a, b, c), b.id, up=True) == (b, a, c)
    assert move_row((a, b, c), b.id, up=False) == (a, c, b)


def test_the_ends_and_an_unknown_id_leave_the_same_tuple() -> None:
    rows = (Goal(title="first"), Goal(title="last"))
    assert move_row(rows, rows[0].id, up=True) is rows
    assert move_row(rows, rows[1].id, up=False) is rows
    assert move_row(rows, "no-such-id", up=True) is rows
    assert move_row(rows, None, up=False) is rows
    assert move_row((), "x", up=True) == ()


def test_only_the_two_rows_swap_places() -> None:
    rows = tuple(TentativeMeeting(purpose=str(n)) for n in range(5))
    moved = move_row(rows, rows[3].id, up=True)
    assert [r.purpose for r in moved] == ["0", "1", "3", "2", "4"]
    assert move_row(moved, rows[3].id, up=False) == rows
