"""Provides ReviewScreen, what the mid-point review and the end-date evaluation share.

Both are saved field by field as they are typed (a draft until recorded), so two parties can
fill in their own parts at once. The evaluation ends in a decision: extend, complete or
dissolve; a completed or dissolved agreement is read-only here until it is reopened (ctrl+o).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any, ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.content import Content
from textual.widget import Widget
from textual.widgets import Header, Input, Select, Static, TextArea

from ... import clock
from ...model import (
    Agreement,
    Evaluation,
    EvaluationKind,
    Goal,
    GoalOutcome,
    GoalReview,
    Reflection,
    Role,
    lifecycle,
)
from ...model.base import now
from ...model.errors import FieldProblem
from ...text import plain
from ...widgets.field import Field
from ...widgets.footer import Footer
from ...widgets.safe_text import SafeTextArea
from ..common.saving import Job
from ..common.watched import WatchedAgreementScreen
from .decision import reopen_screen

#: Each party's reflection, labelled for each kind of review: (worked, change).
REFLECTION_LABELS = {
    EvaluationKind.MIDPOINT: ("What is working", "What is not"),
    EvaluationKind.END: ("What worked", "What to change"),
}
RATING_CHOICES = [(f"{n} of 5", n) for n in lifecycle.RATINGS]
OUTCOME_CHOICES = [(outcome.value, outcome) for outcome in GoalOutcome]


def glance(goal: Goal) -> str:
    """A goal's progress readings in one line, for the screen."""
    return lifecycle.progress_glance(goal, tz=clock.local_zone()) or "no progress recorded"


def decision_words(review: Evaluation) -> str:
    """What was decided, in words."""
    return lifecycle.decision_text(review) or "not decided yet"


def text_area(control_id: str) -> TextArea:
    area = SafeTextArea(
        id=control_id,
        soft_wrap=True,
        tab_behavior="focus",
        compact=True,
        placeholder="type here; Tab moves on",
    )
    area.styles.height = 3
    return area


def _read(control: Input | Select[Any] | TextArea) -> object:
    """The value a control holds, as the review stores it."""
    if isinstance(control, TextArea):
        return control.text
    if isinstance(control, Select):
        return None if control.value is Select.NULL else control.value
    return control.value


#: The GoalReview field each per-goal control edits ("outcome-0", "evidence-0", "rating-0").
GOAL_FIELDS = {"outcome": "outcome", "evidence": "evidence", "rating": "final_rating"}


def _place(key: str, goal_ids: tuple[str, ...]) -> tuple[str, str, str]:
    """Where a control's value lives: (list, item, field).

    ("goals", goal id, field) for a goal's line, ("reflections", role, field) for a party's
    words, ("", "", field) for the review's own fields ("changes-agreed").
    """
    name, _, rest = key.partition("-")
    if name in GOAL_FIELDS:
        return "goals", goal_ids[int(rest)], GOAL_FIELDS[name]
    if name in ("worked", "change"):
        return "reflections", rest, name
    return "", "", key.replace("-", "_")


def _item_key(item: GoalReview | Reflection) -> str:
    return item.goal_id if isinstance(item, GoalReview) else item.role.value


def value_in(review: Evaluation, key: str, goal_ids: tuple[str, ...]) -> object:
    """The stored value a control shows."""
    items, which, attribute = _place(key, goal_ids)
    if not items:
        return getattr(review, attribute)
    item = next((i for i in getattr(review, items) if _item_key(i) == which), None)
    return getattr(item, attribute) if item is not None else None


def with_value(review: Evaluation, key: str, value: object, goal_ids: tuple[str, ...]) -> Evaluation:
    """The review with one control's value in it."""
    items, which, attribute = _place(key, goal_ids)
    if not items:
        return review.edit(**{attribute: value})
    changed = tuple(i.edit(**{attribute: value}) if _item_key(i) == which else i for i in getattr(review, items))
    return review.edit(**{items: changed})


class ReviewScreen(WatchedAgreementScreen):
    """The part both review screens share: load, build the form, save each field as it changes."""

    KIND: ClassVar[EvaluationKind]
    HEADING: ClassVar[str]

    BINDINGS = [
        Binding("ctrl+o", "reopen", "Reopen", id="review.reopen", tooltip="Reopen the agreement"),
        Binding("escape,ctrl+r", "back", "Back", id="review.back", tooltip="Back (esc or ctrl+r)"),
    ]

    def __init__(self, agreement_id: str, today: date | None = None) -> None:
        super().__init__(agreement_id)
        self.today = today or clock.today()
        #: The review on screen, once it has been saved (or when it was already stored).
        self.review_id: str | None = None
        self.goal_ids: tuple[str, ...] = ()

    # -- which review ------------------------------------------------------------------------

    def pick(self, agreement: Agreement) -> Evaluation:
        """The review this screen shows when it opens: the draft, else the last recorded one, else a new one."""
        draft = lifecycle.draft_of(agreement, self.KIND)
        if draft is not None:
            return lifecycle.current_review(agreement, self.KIND)
        done = lifecycle.recorded(agreement, self.KIND)
        return done[-1] if done else lifecycle.new_review(agreement, self.KIND)

    def review_in(self, agreement: Agreement) -> Evaluation:
        """The review on screen, as stored in ``agreement`` (a draft read as one with any
        copies of it, see `lifecycle.draft_of`)."""
        found = next((e for e in agreement.evaluations if e.id == self.review_id), None)
        if found is None:
            return self.pick(agreement)
        return lifecycle.current_review(agreement, self.KIND) if found.on is None else found

    @property
    def review(self) -> Evaluation | None:
        """The review on screen, as last loaded."""
        return self.review_in(self.agreement) if self.agreement is not None else None

    @property
    def editable(self) -> bool:
        """Open agreements are edited here; closed ones only read (and reopened)."""
        return self.agreement is not None and not lifecycle.is_closed(self.agreement)

    # -- building the screen ----------------------------------------------------------------

    def compose(self) -> ComposeResult:
        if self.agreement is None:
            self.load()
        yield Header()
        yield Static(id="review-title")
        with VerticalScroll(id="review-form"):
            if self.agreement is None:
                yield Static("This agreement could not be loaded.", classes="hint")
            else:
                self.goal_ids = tuple(g.id for g in self.agreement.goals)
                yield from self.form(self.agreement)
        yield Static(id="review-status")
        yield Footer()

    def form(self, agreement: Agreement) -> Iterable[Widget]:
        """The form's widgets."""
        raise NotImplementedError

    def reflection_fields(self, agreement: Agreement) -> Iterable[Widget]:
        """What worked (is working) and what to change (is not), for each party."""
        worked, change = REFLECTION_LABELS[self.KIND]
        for role in Role:
            name = agreement.party(role).name.strip()
            yield Static(
                Content(plain(f"{role.value.capitalize()}" + (f" · {name}" if name else ""), single_line=True)),
                classes="section",
            )
            yield Field(worked, text_area(f"worked-{role.value}"))
            yield Field(change, text_area(f"change-{role.value}"))

    def on_mount(self) -> None:
        self._show()
        self.watch_file()
        self.call_after_refresh(self._focus_first)

    #: Whether the review could be edited when last shown.
    _was_editable = True

    def _focus_first(self) -> None:
        form = self.query_one("#review-form", VerticalScroll)
        controls = [w for w in form.query("Input, Select, TextArea") if w.focusable]
        (controls[0] if controls else form).focus()

    def _show(self) -> None:
        """Show the review as stored; a field being typed in keeps what is typed."""
        agreement = self.agreement
        if agreement is None:
            return
        if tuple(g.id for g in agreement.goals) != self.goal_ids:
            self.refresh(recompose=True)  # goals added or removed: build the form anew
            self.call_after_refresh(self._show)
            return
        on_screen = next((e for e in agreement.evaluations if e.id == self.review_id), None)
        if on_screen is not None and on_screen.on is not None and lifecycle.draft_of(agreement, self.KIND) is not None:
            # Recorded, and a new draft was started since (the agreement reopened, here or by
            # the other party): that is the review now, editable as soon as it shows.
            self.review_id = None
        review = self.review_in(agreement)
        if review.on is not None or lifecycle.draft_of(agreement, self.KIND) is not None:
            self.review_id = review.id
        form = self.query_one("#review-form", VerticalScroll)
        editable = self.editable_review(review)
        others = self._others_reflection(agreement)
        for control in form.query("Input, Select, TextArea"):
            if control.id is None:
                continue
            if control is not self.focused or not editable:
                self._put(control, value_in(review, control.id, self.goal_ids))
            control.disabled = not editable or control.id in others
        # The form itself takes the focus (to scroll it by keys) only when no field of it can:
        # in the tab order beside the fields it was a stop where typed keys went nowhere.
        form.can_focus = not any(not c.disabled for c in form.query("Input, Select, TextArea"))
        if editable and not self._was_editable and self.focused in (None, form):
            # Reopened (here or by the other party): the keys typed next go to the first field,
            # not to the read-only form (a tester's next keys went nowhere).
            self.call_after_refresh(self._focus_first)
        self._was_editable = editable
        self.query_one("#review-title", Static).update(Content(plain(self.title_line(agreement), single_line=True)))
        self.show_extra(agreement, review)
        self.set_status(self.status_line(agreement, review))
        self.refresh_bindings()

    def _others_reflection(self, agreement: Agreement) -> set[str]:
        """The ids of the other party's reflection, which a party reads and does not edit: each
        writes their own (two people typing in one reflection at once lost one's words)."""
        viewer = self.app.viewer
        if viewer.is_coordinator:
            return set()
        mine = [role for role in Role if agreement.party(role).handle == viewer.handle]
        return {f"{what}-{role.value}" for role in Role if role not in mine for what in ("worked", "change")}

    @staticmethod
    def _put(control: Widget, value: object) -> None:
        if isinstance(control, TextArea):
            if control.text != (value or ""):
                control.text = str(value or "")
        elif isinstance(control, Select):
            wanted = Select.NULL if value is None else value
            if control.value != wanted:
                control.value = wanted
        elif isinstance(control, Input) and control.value != (value or ""):
            control.value = str(value or "")

    def editable_review(self, review: Evaluation) -> bool:
        """True when this review can still be changed here."""
        return self.editable

    def title_line(self, agreement: Agreement) -> str:
        """The line above the form."""
        return f"{self.HEADING} · {agreement.display_title}"

    def show_extra(self, agreement: Agreement, review: Evaluation) -> None:
        """Subclasses update their own read-only lines here."""

    def status_line(self, agreement: Agreement, review: Evaluation) -> str:
        """The line under the form."""
        if lifecycle.is_closed(agreement):
            return f"Read-only: {lifecycle.closed_since(agreement)} · ctrl+o reopens it"
        if review.on is None:
            return "Draft: saved as you type"
        return f"Recorded on {review.on.isoformat()} · changes are saved as you type"

    def set_status(self, text: str) -> None:
        """Put a line in the status bar under the form."""
        self.query_one("#review-status", Static).update(Content(plain(text, single_line=True)))

    # -- saving -----------------------------------------------------------------------------

    def _started_from(self) -> None:
        # A review started here and not yet stored was started blank, under the id the other
        # party's copy has too: merged from that blank, theirs and ours are one review, each
        # one's words kept (from the base as read, one copy would replace the other whole).
        if self.base is not None and self.agreement is not None:
            self.base = lifecycle.started_from(self.base, self.agreement)

    def prepare_save(self) -> Job | None:
        self._started_from()
        return super().prepare_save()

    def _take(self, current: Agreement) -> None:
        self._started_from()
        super()._take(current)

    @on(Input.Changed)
    @on(TextArea.Changed)
    @on(Select.Changed)
    def _changed(self, event: Input.Changed | TextArea.Changed | Select.Changed) -> None:
        control, agreement = event.control, self.agreement
        control_id = control.id
        if agreement is None or control_id is None:
            return
        review = self.review_in(agreement)
        if not self.editable_review(review):
            return
        value = _read(control)
        if value == value_in(review, control_id, self.goal_ids):
            return
        used: list[str] = []

        def change(agreement: Agreement) -> Agreement:
            review = with_value(self.review_in(agreement), control_id, value, self.goal_ids)
            used.append(review.id)
            return lifecycle.put_review(agreement, review)

        if self.save_change(change, at_once=False):
            self.review_id = used[-1]
            self.query_one(f"#{control_id}-field", Field).show("")
            saved = self.agreement
            if saved is not None:  # (the change just made it)
                self.set_status(f"{self.status_line(saved, self.review_in(saved))} · saved once you pause")
        else:
            self.reload()

    def show_problems(self, problems: list[FieldProblem]) -> None:
        """Put each problem at its field, and focus the first."""
        first = None
        for problem in problems:
            control_id = control_for(problem.path)
            fields = self.query(f"#{control_id}-field")
            if fields:
                fields.first(Field).show(problem.sentence)
                first = first or control_id
        if first is not None:
            control = self.query_one(f"#{first}")
            control.focus()
            self.query_one("#review-form", VerticalScroll).scroll_to_widget(control, animate=False)

    # -- actions ----------------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Reopen only for a closed agreement; recording only while it is open."""
        if action == "reopen":
            return self.agreement is not None and lifecycle.is_closed(self.agreement)
        if action == "record":
            review = self.review  # None until the agreement is loaded
            return review is not None and self.editable_review(review)
        return True

    def action_reopen(self) -> None:
        """Reopen a completed or dissolved agreement, recording who, when and why."""
        agreement = self.agreement
        if agreement is None or not lifecycle.is_closed(agreement):
            self.notify("This agreement is open.")
            return

        def reopen(reason: str | None) -> None:
            if reason is None:
                return
            handle = self.app.viewer.handle
            if self.save_change(lambda a: lifecycle.reopen(a, handle, now(), reason)):
                self.review_id = None  # the new draft (from the evaluation that closed it), not that one
                self._show()
                self.call_after_refresh(self._focus_first)
                reopened = self.agreement
                if reopened is not None:  # (the change just made it)
                    self.notify(f"Reopened: it is {reopened.status.value} again.", markup=False)

        self.app.push_screen(reopen_screen(agreement), reopen)

    def action_back(self) -> None:
        """Back to where the review was opened from."""
        self.app.pop_screen()


def control_for(path: str) -> str:
    """The control that edits a review field path: ``goals[1].outcome`` → ``outcome-1``."""
    if path.startswith("goals["):
        index, _, name = path[len("goals[") :].partition("].")
        return f"{'rating' if name == 'final_rating' else name}-{index}"
    if path == "reflections":
        return "worked-mentee"
    return path.replace("_", "-")
