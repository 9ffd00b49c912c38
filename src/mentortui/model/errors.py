"""Provides the field-named problems that validation reports."""

from __future__ import annotations

from enum import StrEnum

from .base import Record


class Severity(StrEnum):
    """An error blocks saving as valid; a warning is a hint."""

    ERROR = "error"
    WARNING = "warning"


class FieldProblem(Record, frozen=True):
    """One problem with one field, named by its path (``goals[0].target_date``)."""

    path: str
    message: str
    severity: Severity = Severity.ERROR

    def __str__(self) -> str:
        return f"{self.path}: {self.message}"

    @property
    def sentence(self) -> str:
        """The message as a sentence to show at the field: first letter up, full stop."""
        return self.message[:1].upper() + self.message[1:] + "."


class ValidationError(ValueError):
    """Raised when a value has errors; carries every problem, not just the first."""

    def __init__(self, problems: list[FieldProblem]) -> None:
        self.problems = problems
        super().__init__("; ".join(str(problem) for problem in problems))
