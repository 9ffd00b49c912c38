"""Provides which review opens when: the mid-point review, the end-date evaluation, or why neither yet."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Literal

from . import lifecycle
from .agreement import Agreement
from .enums import EvaluationKind

#: The review asked for: whichever is due, or one by name.
Asked = Literal["due", "midpoint", "end"]


@dataclass(frozen=True)
class Opening:
    """The review that opens (``kind``), or, when none does, why not (``why_not``)."""

    kind: EvaluationKind | None
    why_not: str = ""


MIDPOINT = Opening(EvaluationKind.MIDPOINT)
END = Opening(EvaluationKind.END)


def midpoint_open(agreement: Agreement, today: date) -> bool:
    """The mid-point review opens while offered, and whenever one was started or recorded."""
    return bool(
        lifecycle.midpoint_offered(agreement, today)
        or lifecycle.draft_of(agreement, EvaluationKind.MIDPOINT)
        or lifecycle.recorded(agreement, EvaluationKind.MIDPOINT)
    )


def evaluation_open(agreement: Agreement, today: date) -> bool:
    """The evaluation opens from the end date on, once closed, and whenever one was started or decided."""
    return bool(
        lifecycle.is_closed(agreement)
        or lifecycle.evaluation_offered(agreement, today)
        or lifecycle.draft_of(agreement, EvaluationKind.END)
        or lifecycle.recorded(agreement, EvaluationKind.END)
    )


def due_review(agreement: Agreement, today: date) -> Opening:
    """The review that is due today: the evaluation from the end date on (and once closed),
    the mid-point review between the mid-point and the end; else the last evaluation (an
    extended agreement's decision), else when they open."""
    if lifecycle.is_closed(agreement) or lifecycle.evaluation_offered(agreement, today):
        return END
    if midpoint_open(agreement, today):
        return MIDPOINT
    if evaluation_open(agreement, today):
        return END
    half, end = lifecycle.midpoint(agreement), agreement.end_date
    if half is None or end is None:  # (there is no mid-point without an end date)
        return Opening(None, "Set the start and end dates first: the reviews follow from them.")
    return Opening(
        None, f"The mid-point review opens on {half.isoformat()}, the end-date evaluation on {end.isoformat()}."
    )


def midpoint_review(agreement: Agreement, today: date) -> Opening:
    """The mid-point review, once it is offered (or was started or recorded); else why not, and
    what is open instead."""
    if midpoint_open(agreement, today):
        return MIDPOINT
    half = lifecycle.midpoint(agreement)
    if half is None:
        return Opening(None, "Set the start and end dates first: the mid-point follows from them.")
    if today < half:
        return Opening(None, f"The mid-point review opens on {half.isoformat()}.")
    end = agreement.end_date
    assert end is not None  # (there is no mid-point without an end date)
    if lifecycle.is_closed(agreement):
        return Opening(
            None,
            f"No mid-point review was recorded, and the agreement was {lifecycle.closed_since(agreement)}: "
            "its end-date evaluation shows how it ended (v on the list).",
        )
    covering = lifecycle.covering_evaluation(agreement)
    if covering is not None and covering.on is not None:
        return Opening(
            None,
            f"The end-date evaluation of {covering.on.isoformat()} already reviewed this period, past its "
            f"mid-point ({half.isoformat()}): the next review is the end-date evaluation on {end.isoformat()}.",
        )
    # (Between the mid-point and the end date it would be offered: the end date has passed.)
    return Opening(
        None,
        f"The mid-point review is offered only until the end date ({end.isoformat()}), which has passed: "
        "the end-date evaluation is open instead (v on the list, or “End-date evaluation” in the palette).",
    )


def end_evaluation(agreement: Agreement, today: date) -> Opening:
    """The end-date evaluation, from the end date on (or once started or decided); else why not."""
    if evaluation_open(agreement, today):
        return END
    if agreement.end_date is None:
        return Opening(None, "Set an end date first: the evaluation is offered from the end date on.")
    return Opening(None, f"The end-date evaluation opens on {agreement.end_date.isoformat()}.")


def opening(agreement: Agreement, today: date, asked: Asked = "due") -> Opening:
    """The review that opens when ``asked`` for: whichever is due, the mid-point review or the evaluation."""
    if asked == "midpoint":
        return midpoint_review(agreement, today)
    if asked == "end":
        return end_evaluation(agreement, today)
    return due_review(agreement, today)
