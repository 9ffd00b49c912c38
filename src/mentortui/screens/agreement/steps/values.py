"""Provides ValuesStep: each party's hoped-for outcome, the values clauses, off-limits topics."""

from __future__ import annotations

import re

from textual.app import ComposeResult
from textual.widgets import Static

from ....model import Agreement, Clause
from ....model.agreement import default_termination_clause, default_values
from ....widgets.field import Field
from ....widgets.tick_box import TickBox
from .base import Step, lines_of, long_text

HOPES_HINT = "Consider specific skills to develop, areas of interest, or professional challenges you are facing now."


#: The disclaimer's wording: edited here, accepted when signing.
DISCLAIMER = "disclaimer.text"
#: A clause's path as `missing` names it: ``clause.<key>.text`` ("not yet agreed: <title>").
CLAUSE_PATH = re.compile(r"clause\.([^.]+)\.")


def _clause_ids(clause: Clause) -> tuple[str, str]:
    """The checkbox's id and the wording's field path for a clause."""
    return f"clause-{clause.key}-agreed", f"clause.{clause.key}.text"


class ValuesStep(Step):
    """Step 4: where each party hopes to be at the end, and what both agree to."""

    TITLE = "Hopes & values"
    PATHS = ("mentee_hopes", "mentor_hopes", "values", "off_limits", "termination_clause", "disclaimer")

    def compose(self) -> ComposeResult:
        yield Static("Where do you hope to be at the end of the mentoring relationship?", classes="section")
        yield Static(HOPES_HINT, classes="hint")
        yield Field("Mentee's hopes", long_text("mentee_hopes"))
        yield Field("Mentor's hopes", long_text("mentor_hopes"))
        yield Static("Values & expectations (space ticks a box)", classes="section")
        for clause in (*default_values(), default_termination_clause()):
            agreed, text = _clause_ids(clause)
            yield TickBox(f"We agree: {clause.title}", id=agreed, compact=True)
            yield Field("Wording", long_text(text, height=3))
            if clause.key == "confidentiality":
                yield Field("Off-limits topics", long_text("off_limits", height=3))
                yield Static("One topic per line: not discussed, as part of confidentiality.", classes="hint")
        yield Static("Disclaimer", classes="section")
        yield Static(
            "Each party accepts it when signing, so it is part of what they sign: put in "
            "your programme's or certification body's own wording.",
            classes="hint",
        )
        yield Field("Wording", long_text(DISCLAIMER, height=5))

    @classmethod
    def owns(cls, path: str) -> bool:
        """True for this step's fields, and for a clause by its key (``clause.<key>.text``)."""
        return super().owns(path) or CLAUSE_PATH.match(path) is not None

    def focus_field(self, path: str) -> bool:
        """Focus a field; for a clause, its tick box while not yet agreed (what the item asks
        for), else its wording."""
        match = CLAUSE_PATH.match(path)
        if match is None:
            return super().focus_field(path)
        key = match[1]
        clause = next((c for c in self._clauses(self.agreement) if c.key == key), None)
        if clause is None:
            return False
        agreed, text = _clause_ids(clause)
        return super().focus_field(text) if clause.agreed else self.focus_control(agreed)

    def _clauses(self, agreement: Agreement) -> tuple[Clause, ...]:
        return (*agreement.values, agreement.termination_clause)

    def show(self, agreement: Agreement) -> None:
        self.set_text("mentee_hopes", agreement.mentee_hopes)
        self.set_text("mentor_hopes", agreement.mentor_hopes)
        self.set_text("off_limits", "\n".join(agreement.off_limits), stored=agreement.off_limits)
        for clause in self._clauses(agreement):
            agreed, text = _clause_ids(clause)
            box = self.query_one(f"#{agreed}", TickBox)
            if box.value != clause.agreed:
                box.value = clause.agreed
            self.set_text(text, clause.text)
        self.set_text(DISCLAIMER, agreement.disclaimer.text)

    def _read(self, clause: Clause) -> Clause:
        agreed, text = _clause_ids(clause)
        return clause.edit(
            agreed=self.query_one(f"#{agreed}", TickBox).value,
            text=self.typed(text, str),
        )

    def collect(self, agreement: Agreement) -> Agreement:
        return agreement.edit(
            mentee_hopes=self.typed("mentee_hopes", str),
            mentor_hopes=self.typed("mentor_hopes", str),
            values=tuple(self._read(c) for c in agreement.values),
            off_limits=self.typed("off_limits", lines_of),
            termination_clause=self._read(agreement.termination_clause),
            disclaimer=agreement.disclaimer.edit(text=self.typed(DISCLAIMER, str)),
        )

    @classmethod
    def is_complete(cls, agreement: Agreement) -> bool:
        clauses = (*agreement.values, agreement.termination_clause)
        return bool(agreement.mentee_hopes.strip() and agreement.mentor_hopes.strip()) and all(
            c.agreed and c.text.strip() for c in clauses
        )
