"""Provides ValuesStep: step "Hopes & values" of the agreement."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.widgets import Static

from ...model import Agreement
from .base import Step


class ValuesStep(Step):
    """The "Hopes & values" step (to be filled in)."""

    TITLE = "Hopes & values"
    PATHS = ("mentee_hopes", "mentor_hopes", "values", "off_limits", "termination_clause",)

    def compose(self) -> ComposeResult:
        yield Static("This step is being built.")

    def show(self, agreement: Agreement) -> None:
        pass

    def collect(self, agreement: Agreement) -> Agreement:
        return agreement

    @classmethod
    def is_complete(cls, agreement: Agreement) -> bool:
        return False
