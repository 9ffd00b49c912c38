"""Provides MidpointReviewScreen: the optional review halfway between the start and end dates."""

from __future__ import annotations

from collections.abc import Iterable

from textual.binding import Binding
from textual.content import Content
from textual.widget import Widget
from textual.widgets import Static

from ...model import Agreement, Evaluation, EvaluationKind, ValidationError, lifecycle
from ...text import plain
from ...widgets.field import Field
from ..common.saving import Job
from ..common.watched import Saved
from .base import ReviewScreen, glance, text_area


class MidpointReviewScreen(ReviewScreen):
    """The optional mid-point review: what is working, what is not, changes agreed, goals adjusted."""

    KIND = EvaluationKind.MIDPOINT
    HEADING = "Mid-point review"
    BINDINGS = [
        Binding("ctrl+t", "record", "Record", id="review.record", tooltip="Record the mid-point review"),
    ]

    #: The review was recorded on screen and is being saved: "recorded" is said once it is.
    _recording = False

    def form(self, agreement: Agreement) -> Iterable[Widget]:
        yield Static("The goals so far", classes="section")
        for number, goal in enumerate(agreement.goals, start=1):
            target = goal.target_date.isoformat() if goal.target_date else "no target date"
            line = f"{number}. {goal.title or '(untitled)'} — {glance(goal)} · target {target}"
            yield Static(Content(plain(line, single_line=True)), classes="goal-line")
        if not agreement.goals:
            yield Static("No goals yet.", classes="hint")
        yield from self.reflection_fields(agreement)
        yield Static("Together", classes="section")
        yield Field("Changes agreed", text_area("changes-agreed"))
        yield Field("Goals adjusted", text_area("goals-adjusted"))
        yield Static("Change the goals themselves in the agreement (o on the list, step 2).", classes="hint")

    def title_line(self, agreement: Agreement) -> str:
        half = lifecycle.midpoint(agreement)
        when = f" · mid-point {half.isoformat()}" if half else ""
        return f"{self.HEADING} · {agreement.display_title}{when}"

    def status_line(self, agreement: Agreement, review: Evaluation) -> str:
        line = super().status_line(agreement, review)
        if review.on is None and not lifecycle.is_closed(agreement):
            line += " · ctrl+t records it"
        return line

    def action_record(self) -> None:
        """Record the review as of today (the dashboard stops offering it)."""
        if self.agreement is None or not self.editable:
            return
        used: list[str] = []

        def record(agreement: Agreement) -> Agreement:
            review = self.review_in(agreement)
            used.append(review.id)
            return lifecycle.record_midpoint(agreement, review, self.today)

        try:
            lifecycle.record_midpoint(self.agreement, self.review_in(self.agreement), self.today)
        except ValidationError as error:
            self.show_problems(error.problems)
            return
        if self.save_change(record):
            self.review_id = used[-1]
            self._show()
            self._recording = True  # said once it is on disk (`saved`)

    def saved(self, result: Saved, job: Job) -> None:
        super().saved(result, job)
        stored, _stamp = result
        review = next((e for e in stored.evaluations if e.id == self.review_id), None)
        if self._recording and review is not None and review.on is not None:
            self._recording = False
            self.notify(f"Mid-point review recorded on {review.on.isoformat()}.", title="Recorded")
