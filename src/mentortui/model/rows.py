"""Provides move_row(): the rule for moving one row of a list (goals, milestones, tentative meetings) up or down."""

from __future__ import annotations

from typing import Protocol, TypeVar


class HasId(Protocol):
    """A row of a list the person orders by hand: any record with an id."""

    @property
    def id(self) -> str:
        """The row's id, unique in its list."""
        ...


RowT = TypeVar("RowT", bound=HasId)


def move_row(rows: tuple[RowT, ...], row_id: str | None, up: bool) -> tuple[RowT, ...]:
    """``rows`` with the row ``row_id`` swapped with the one above it (``up``) or below it.

    The first row moved up, the last moved down or an id not in the list: ``rows`` itself,
    unchanged (the same object, so a caller can tell nothing moved).
    """
    at = next((i for i, row in enumerate(rows) if row.id == row_id), None)
    if at is None:
        return rows
    to = at - 1 if up else at + 1
    if not 0 <= to < len(rows):
        return rows
    moved = list(rows)
    moved[at], moved[to] = moved[to], moved[at]
    return tuple(moved)
