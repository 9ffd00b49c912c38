"""Provides EvaluationScreen, offered from the end date on, and the screen of the review that opens."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from textual.binding import Binding
from textual.content import Content
from textual.widget import Widget
from textual.widgets import Select, Static

from ...model import Agreement, Evaluation, EvaluationDecision, EvaluationKind, lifecycle, reviews
from ...model.base import now
from ...model.errors import FieldProblem, ValidationError
from ...store import ClosedError, Store
from ...text import plain
from ...widgets.field import Field
from ...widgets.safe_text import SafeInput
from ..common.saving import Job
from .base import (
    OUTCOME_CHOICES,
    RATING_CHOICES,
    ReviewScreen,
    decision_words,
    glance,
)
from .decision import LABELS, Decided, DecisionScreen
from .midpoint import MidpointReviewScreen


@dataclass(frozen=True)
class Deciding:
    """A decision being recorded: what, on which review, on the agreement as it was known
    when the dialog opened, by whom."""

    decided: Decided
    review_id: str
    known: Agreement
    handle: str


@dataclass(frozen=True)
class DecisionOutcome:
    """What a decision's save found: the agreement as stored after it and the file's stamp,
    why the decision was refused ("" when recorded), what of the typing went with it."""

    stored: Agreement
    stamp: object
    #: The review decided (or that was to be).
    review_id: str
    refused: str
    #: Something typed here went first in the same save; and why it could not be stored.
    typed: bool
    typed_error: str


def said(error: Exception) -> str:
    """A refusal as sentences: each problem of a ValidationError, else the error's own."""
    if isinstance(error, ValidationError):
        return " ".join(problem.sentence for problem in error.problems)
    return str(error)


def decided_words(decided: Decided) -> str:
    """A decision as chosen, in words: "dissolve without blame", "extend to 2027-03-31"."""
    if decided.decision is EvaluationDecision.EXTEND and decided.new_end_date is not None:
        return f"extend to {decided.new_end_date.isoformat()}"
    return LABELS[decided.decision].lower()


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

    def __init__(self, agreement_id: str, today: date | None = None) -> None:
        super().__init__(agreement_id, today)
        #: The decision being recorded (a save of its own), until it is on disk or refused.
        self._deciding: Deciding | None = None
        #: The agreement as stored when the decision dialog opened: the decision is taken on it.
        self._asked_on: Agreement | None = None

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
            # Who took it (the evaluation itself is both parties'; one of them records the decision).
            by = lifecycle.decided_by(agreement)
            line = f"Decided on {review.on.isoformat()}" + (f" by {by}" if by else "") + f": {decision_words(review)}"
            if review.decision is EvaluationDecision.EXTEND and not lifecycle.is_closed(agreement):
                line += ". The next evaluation opens on the new end date."
        self.query_one("#decision-line", Static).update(Content(plain(line)))
        dialog = self.app.screen
        if isinstance(dialog, DecisionScreen) and self.base is not None:  # opened here: it follows too
            known = self._asked_on
            dialog.follow(self.base, lifecycle.decided_since(known, self.base) if known is not None else None)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """No second decision while one is being recorded."""
        if action == "record" and self._deciding is not None:
            return False
        return super().check_action(action, parameters)

    def status_line(self, agreement: Agreement, review: Evaluation) -> str:
        if self._deciding is not None:
            return "Recording the decision…"
        if not lifecycle.is_closed(agreement) and review.on is not None:
            return f"Recorded on {review.on.isoformat()}: {decision_words(review)} · read-only"
        if not lifecycle.is_closed(agreement) and not self.editable_review(review):
            end = agreement.end_date
            return f"Not open yet: from {end.isoformat()} on" if end else "Not open: no end date"
        return super().status_line(agreement, review)

    def action_record(self) -> None:
        """Check every goal has an outcome, then ask for the decision and record it."""
        agreement, review = self.agreement, self.review
        if self._deciding is not None:
            self.notify("The decision is being recorded.", markup=False)
            return
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
        self._asked_on = self.base
        self.app.push_screen(DecisionScreen(agreement, self.today, warning), self._decided)

    def _decided(self, decided: Decided | None) -> None:
        """Record the decision: a save of its own, after what was typed here, taken against the
        agreement as stored then (see `_decision_job`); said once it is on disk."""
        known, review = self._asked_on, self.review
        self._asked_on = None
        if decided is None or known is None or review is None or self.agreement is None:
            return
        if self._deciding is not None:
            self.notify("A decision is being recorded already.", markup=False)
            return
        self._deciding = Deciding(decided, review.id, known, self.app.viewer.handle)
        self.set_status("Recording the decision…")
        self.refresh_bindings()
        self.saver.changed()
        self.saver.flush()

    def prepare_save(self) -> Job | None:
        typing = super().prepare_save()  # what was typed here goes first, decision or not
        deciding = self._deciding
        if deciding is None:
            return typing
        return self._decision_job(deciding, typing)

    def _decision_job(self, deciding: Deciding, typing: Job | None) -> Job:
        """A job saving what was typed (``typing``), then, under the agreement's lock, taking
        the decision on the agreement as stored now: refused when someone else decided or
        ended it since the dialog was opened, or the review was decided meanwhile."""
        agreement_id, today = self.agreement_id, self.today
        job = Job(lambda store: None, sent=typing.sent if typing is not None else self.agreement)
        used = [deciding.review_id]

        def take(current: Agreement) -> Agreement:
            why = lifecycle.decided_since(deciding.known, current)
            if why is not None:
                raise ValidationError([FieldProblem("decision", why)])
            found = next((e for e in current.evaluations if e.id == deciding.review_id), None)
            if found is None or found.on is None:  # (a decided one is refused by `decide`, saying so)
                found = lifecycle.current_review(current, self.KIND)
            used.append(found.id)
            choice = deciding.decided
            return lifecycle.decide(current, found, choice.decision, today, deciding.handle, now(), choice.new_end_date)

        def run(store: Store) -> DecisionOutcome:
            typed_error = ""
            if typing is not None:
                try:
                    typing.run(store)
                    job.conflicts.extend(typing.conflicts)
                except (ClosedError, ValidationError) as error:  # closed meanwhile: kept on screen
                    typed_error = said(error)
            typed = typing is not None
            try:
                stored = store.update(agreement_id, take)
                return DecisionOutcome(stored, store.written_stamp(agreement_id), used[-1], "", typed, typed_error)
            except ValidationError as error:
                refused = said(error)
            stamp = store.stamp(agreement_id)
            return DecisionOutcome(store.load(agreement_id), stamp, used[-1], refused, typed, typed_error)

        job.run = run
        return job

    def saved(self, result: object, job: Job) -> None:
        if not isinstance(result, DecisionOutcome):
            super().saved(result, job)  # type: ignore[arg-type]
            return
        deciding, self._deciding = self._deciding, None
        if result.typed_error:  # what was typed could not be stored: it stays on screen
            self._stamp = result.stamp
            self._take(result.stored)
        else:
            super().saved((result.stored, result.stamp), job)
        mine = decided_words(deciding.decided) if deciding is not None else "yours"
        if result.refused:
            kept = ""
            if result.typed_error:
                kept = f" What you typed could not be saved ({result.typed_error}); it stays on screen."
            elif result.typed:
                kept = " What you typed was saved."
            self.notify(  # (made plain by MentorApp.notify, as every notice)
                f"{result.refused} Your decision ({mine}) was not recorded; the screen shows the "
                f"agreement as it is now.{kept}",
                title="Decision not recorded",
                severity="error",
                timeout=30,
                markup=False,
            )
        else:
            self.review_id = result.review_id
            review = self.review
            if review is not None:
                self.notify(f"The agreement is {decision_words(review)}.", title="Decision recorded", markup=False)
        if self.is_attached:
            self._show()

    def save_failed(self, error: Exception, job: Job) -> bool:
        again = super().save_failed(error, job)
        if not again and self._deciding is not None:
            self._deciding = None  # said by the message above; the screen shows what is stored
            if self.is_attached:
                self._show()
        return again


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
