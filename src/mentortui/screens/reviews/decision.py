"""Provides the dialogs that change an agreement's life: the end-date decision, and reopening."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from textual import on
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.content import Content
from textual.widgets import Input, RadioSet, Static

from ...model import Agreement, EvaluationDecision
from ...model.lifecycle import check_choice, closed_since
from ...text import plain
from ...widgets.date_input import DateInput, read_day
from ...widgets.field import Field
from ...widgets.footer import Footer
from ...widgets.safe_text import SafeInput
from ...widgets.tick_box import TickRadio
from ..common.dialog import FormDialog, Judged, dialog_buttons

#: What each decision does, as the dialog explains it.
EXPLAINED = {
    EvaluationDecision.EXTEND: "The agreement continues to the new end date; the extension is recorded in its history.",
    EvaluationDecision.COMPLETE: "The agreement is complete. It becomes read-only; it can be "
    "reopened later, and the reopening is recorded.",
    EvaluationDecision.DISSOLVE: "The agreement ends here, without blame. It becomes read-only; "
    "it can be reopened later.",
}
LABELS = {
    EvaluationDecision.EXTEND: "Extend to a new end date",
    EvaluationDecision.COMPLETE: "Complete",
    EvaluationDecision.DISSOLVE: "Dissolve without blame",
}


@dataclass(frozen=True)
class Decided:
    """The decision taken, and the new end date of an extension."""

    decision: EvaluationDecision
    new_end_date: date | None


class DecisionScreen(FormDialog[Decided]):
    """Choose extend, complete or dissolve; an extension asks for its new end date."""

    AUTO_FOCUS = "#decision"
    CONTROLS = ("decision", "new-end-date")
    DISCARD_QUESTION = "Discard the decision you chose? Nothing is recorded."

    def __init__(self, agreement: Agreement, today: date, warning: str = "") -> None:
        super().__init__()
        self.agreement = agreement
        self.today = today
        #: Said above the choice (something the evaluation lacks; the decision can still be made).
        self.warning = warning
        #: What someone else decided since the dialog opened (see `follow`).
        self.news = ""

    def compose(self) -> ComposeResult:
        end = self.agreement.end_date
        with VerticalScroll(id="dialog"):
            yield Static("The decision", classes="dialog-title")
            if self.warning:
                yield Static(Content(plain(self.warning)), id="decision-warning", classes="hint warning")
            buttons = [TickRadio(LABELS[d], id=f"decision-{d.name.lower()}") for d in EvaluationDecision]
            yield Field("Decision *", RadioSet(*buttons, id="decision", compact=True))
            yield Static(id="decision-explained", classes="hint")
            yield Field("New end date", DateInput(id="new-end-date", compact=True))
            yield Static(self._ends(end), id="decision-end", classes="hint")
            yield Static(id="decision-news", classes="hint warning")
            yield from dialog_buttons("Record decision (ctrl+s)")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#new-end-date-field").display = False
        self.query_one("#decision-news").display = False

    @staticmethod
    def _ends(end: date | None) -> str:
        return f"The agreement ends on {end.isoformat() if end else '(no end date)'}."

    def watch_disk(self) -> None:
        """The app asks the screen on top to look for others' saves: the evaluation under this
        dialog goes on following them (and `follow`s here what it finds)."""
        stack = self.app.screen_stack
        below = stack[-2] if len(stack) >= 2 and stack[-1] is self else None
        watch = getattr(below, "watch_disk", None)
        if callable(watch):
            watch()

    def follow(self, agreement: Agreement, news: str | None) -> None:
        """The agreement as stored now (someone else saved it while the dialog was open): its
        end date, and ``news``, what they decided meanwhile (a decision here would be refused)."""
        self.agreement, self.news = agreement, news or ""
        if not self.is_mounted:
            return
        self.query_one("#decision-end", Static).update(self._ends(agreement.end_date))
        line = self.query_one("#decision-news", Static)
        line.display = bool(news)
        if news:
            line.update(Content(plain(news[:1].upper() + news[1:] + ": yours can no longer be recorded.")))

    @property
    def decision(self) -> EvaluationDecision | None:
        """The decision ticked, if any."""
        pressed = self.query_one("#decision", RadioSet).pressed_button
        if pressed is None or pressed.id is None:
            return None
        return EvaluationDecision[pressed.id.removeprefix("decision-").upper()]

    @on(RadioSet.Changed, "#decision")
    def _chosen(self) -> None:
        decision = self.decision
        extend = decision is EvaluationDecision.EXTEND
        self.query_one("#new-end-date-field").display = extend
        self.query_one("#decision-explained", Static).update(EXPLAINED[decision] if decision is not None else "")
        self._keep_messages_current()  # a message said on saving follows the choice too
        # The focus stays on the choice: Tab goes on to the date field shown under it, as a
        # person expects (moving it here sent their Tab on to the Save button, and the date
        # they typed with it).

    def judge(self) -> Judged[Decided]:
        """The decision as chosen and typed, and what stops it, by control id."""
        problems: dict[str, str] = {}
        decision = self.decision
        new_end = None
        if decision is EvaluationDecision.EXTEND:
            new_end = read_day(self.query_one("#new-end-date", DateInput), problems)
        if not problems and not self.news:  # (decided meanwhile: the save says so, and why)
            for problem in check_choice(self.agreement, decision, self.today, new_end):
                control = "new-end-date" if problem.path == "new_end_date" else "decision"
                problems.setdefault(control, problem.sentence)
        if problems or decision is None:
            return None, problems, {}
        return Decided(decision, new_end), problems, {}


class ReasonScreen(FormDialog[str]):
    """Ask for an optional reason before a recorded change to the agreement's life; dismisses with it."""

    AUTO_FOCUS = "#reason"
    CONTROLS = ("reason",)
    DISCARD_QUESTION = "Discard the reason you typed? Nothing is changed."

    def __init__(self, title: str, explanation: str, confirm: str, keep: str) -> None:
        super().__init__()
        self.texts = (title, explanation, confirm, keep)
        self.name_keys(confirm, keep)

    def compose(self) -> ComposeResult:
        title, explanation, confirm, keep = self.texts
        with VerticalScroll(id="dialog"):
            yield Static(Content(plain(title, single_line=True)), classes="dialog-title")
            yield Static(Content(plain(explanation)), classes="hint")
            yield Field("Reason", SafeInput(id="reason", compact=True))
            yield from dialog_buttons(confirm, keep)
        yield Footer()

    def collect(self) -> str:
        return self.query_one("#reason", Input).value.strip()


def reopen_screen(agreement: Agreement) -> ReasonScreen:
    """Reopen a completed or dissolved agreement; the reason is recorded in its history."""
    return ReasonScreen(
        f"Reopen “{agreement.display_title}”",
        f"It was {closed_since(agreement)}. Reopening makes it editable again and is recorded "
        "in its history, with the reason you give.",
        "Reopen (enter)",
        "Keep it closed (esc)",
    )


def terminate_screen(agreement: Agreement) -> ReasonScreen:
    """End an agreement early, without blame, as its termination clause allows."""
    return ReasonScreen(
        f"End “{agreement.display_title}” without blame",
        "Either of you may end the mentorship early, without blame or hard feelings. Today's "
        "date, your name and the reason (optional) are recorded; the agreement becomes "
        "read-only and can be reopened later.",
        "End it (enter)",
        "Keep it (esc)",
    )
