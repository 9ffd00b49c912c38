"""Provides EvaluationScreen, offered from the end date on, and the screen of the review that opens."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from textual.binding import Binding
from textual.content import Content
from textual.widget import Widget
from textual.widgets import Select, Static

from ...model import Agreement, Evaluation, EvaluationDecision, EvaluationKind, lifecycle, reviews
from ...model.base import now
from ...text import plain
from ...widgets.field import Field
from ...widgets.safe_text import SafeInput
from .base import (
    OUTCOME_CHOICES,
    RATING_CHOICES,
    ReviewScreen,
    decision_words,
    glance,
)
from .decision import Decided, DecisionScreen
from .midpoint import MidpointReviewScreen


class EvaluationScreen(ReviewScreen):
    """The end-date evaluation: each goal's outcome, the parties' reflections, then the decision."""

    KIND = EvaluationKind.END
    HEADING = "End-date evaluation"
    BINDINGS = [
        Binding(
            "ctrl+t",
            "record",
            "Decide",
            id="review.decide",
            tooltip="Record the decision: extend, complete or dissolve",
        ),
    ]

    def pick(self, agreement: Agreement) -> Evaluation:
        """The draft, else a new one while an evaluation is due, else the last one decided."""
        if lifecycle.draft_of(agreement, self.KIND) is not None:
            return lifecycle.current_review(agreement, self.KIND)
        done = lifecycle.recorded(agreement, self.KIND)
        if done and (lifecycle.is_closed(agreement) or not lifecycle.evaluation_offered(agreement, self.today)):
            return done[-1]
        return lifecycle.new_review(agreement, self.KIND)

    def editable_review(self, review: Evaluation | None) -> bool:
        """An undecided evaluation, from the end date on (also after reopening: not before it)."""
        agreement = self.agreement
        return (
            self.editable
            and agreement is not None
            and review is not None
            and review.on is None
            and lifecycle.evaluation_offered(agreement, self.today)
        )

    def not_yet(self, agreement: Agreement) -> str:
        """Why this open agreement's evaluation is not offered today, and what can be done instead."""
        end = agreement.end_date
        if end is None:
            return "No end date is set: the end-date evaluation is offered from the end date on."
        return (
            f"The end-date evaluation is offered from {end.isoformat()} on; nothing can be decided before "
            "then. To stop sooner, end the agreement early, without blame (x on the list)."
        )

    def form(self, agreement: Agreement) -> Iterable[Widget]:
        for i, goal in enumerate(agreement.goals):
            baseline = f"{goal.baseline_rating} of 5" if goal.baseline_rating else "not rated"
            head = f"Goal {i + 1}: {goal.title or '(untitled)'} ({goal.owner.value})"
            yield Static(Content(plain(head, single_line=True)), classes="section goal-head")
            measure = goal.measurable.strip() or "no measure was written"
            yield Static(Content(plain(f"Measure: {measure}")), classes="hint goal-measure")
            yield Static(
                Content(plain(f"Progress: {glance(goal)} · baseline self-rating {baseline}", single_line=True)),
                classes="goal-progress",
            )
            yield Field("Outcome", Select(OUTCOME_CHOICES, prompt="choose…", id=f"outcome-{i}", compact=True))
            yield Field("Evidence", SafeInput(id=f"evidence-{i}", placeholder="against the measure", compact=True))
            yield Field("Final rating", Select(RATING_CHOICES, prompt="1–5", id=f"rating-{i}", compact=True))
        if not agreement.goals:
            yield Static("This agreement has no goals.", classes="hint")
        yield from self.reflection_fields(agreement)
        yield Static("Decision", classes="section")
        yield Static(id="decision-line")

    def title_line(self, agreement: Agreement) -> str:
        end = agreement.end_date.isoformat() if agreement.end_date else "no end date"
        return f"{self.HEADING} · {agreement.display_title} · end {end}"

    def show_extra(self, agreement: Agreement, review: Evaluation) -> None:
        if review.on is None and lifecycle.is_closed(agreement):
            line = f"No end-date evaluation was recorded: the agreement was {lifecycle.closed_since(agreement)}"
            ended = agreement.termination
            if ended is not None:
                line += f" by {ended.by or 'someone'}" + (f" ({ended.reason})" if ended.reason else "")
            line += "."
        elif review.on is None and not self.editable_review(review):
            line = self.not_yet(agreement)
        elif review.on is None:
            line = "Not decided yet. When both of you have written your part, press ctrl+t to decide."
        else:
            line = f"Decided on {review.on.isoformat()}: {decision_words(review)}"
            if review.by:
                line += f" (by {', '.join(review.by)})"
            if review.decision is EvaluationDecision.EXTEND and not lifecycle.is_closed(agreement):
                line += ". The next evaluation opens on the new end date."
        self.query_one("#decision-line", Static).update(Content(plain(line)))

    def status_line(self, agreement: Agreement, review: Evaluation) -> str:
        if not lifecycle.is_closed(agreement) and review.on is not None:
            return f"Recorded on {review.on.isoformat()}: {decision_words(review)} · read-only"
        if not lifecycle.is_closed(agreement) and not self.editable_review(review):
            end = agreement.end_date
            return f"Not open yet: from {end.isoformat()} on" if end else "Not open: no end date"
        return super().status_line(agreement, review)

    def action_record(self) -> None:
        """Check every goal has an outcome, then ask for the decision and record it."""
        agreement, review = self.agreement, self.review
        if agreement is None or review is None or not self.editable_review(review):
            if (
                agreement is not None
                and review is not None
                and review.on is None
                and not lifecycle.is_closed(agreement)
            ):
                self.notify(self.not_yet(agreement), title="Not yet", markup=False)
            else:
                self.notify("This evaluation was already decided.")
            return
        problems = lifecycle.check_outcomes(agreement, review)
        if problems:
            self.show_problems(problems)
            self.notify("Choose an outcome for every goal first.", title="Not yet", markup=False)
            return
        warning = ""
        if not any(r.worked.strip() for r in review.reflections):
            warning = "Neither party has said what worked yet: Escape to write it first, or decide without it."
        self.app.push_screen(DecisionScreen(agreement, self.today, warning), self._decided)

    def _decided(self, decided: Decided | None) -> None:
        if decided is None:
            return
        handle = self.app.viewer.handle
        used: list[str] = []

        def decide(agreement: Agreement) -> Agreement:
            review = self.review_in(agreement)
            used.append(review.id)
            return lifecycle.decide(
                agreement, review, decided.decision, self.today, handle, now(), decided.new_end_date
            )

        if self.save_change(decide):
            self.review_id = used[-1]
            self._show()
            review = self.review
            if review is not None:  # (the decision just made it)
                self.notify(f"The agreement is {decision_words(review)}.", title="Decision recorded", markup=False)


#: The screen of each kind of review.
SCREENS: dict[EvaluationKind, type[ReviewScreen]] = {
    EvaluationKind.MIDPOINT: MidpointReviewScreen,
    EvaluationKind.END: EvaluationScreen,
}


def review_screen_for(agreement: Agreement, today: date, asked: reviews.Asked = "due") -> ReviewScreen | str:
    """The screen of the review that opens when ``asked`` for (see model.reviews), or why none does."""
    opening = reviews.opening(agreement, today, asked)
    if opening.kind is None:
        return opening.why_not
    screen = SCREENS[opening.kind](agreement.id, today)
    screen.opened_with(agreement)
    return screen
