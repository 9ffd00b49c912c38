"""Provides DateInput: a masked YYYY-MM-DD input that knows whether it holds a real date."""

from __future__ import annotations

from datetime import date

from textual.validation import ValidationResult, Validator
from textual.widgets import MaskedInput


def parse_date(text: str) -> date | None:
    """The date in ``text`` (YYYY-MM-DD), None when blank; ValueError with a clear message."""
    text = text.strip()
    if not text.strip("-"):
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise ValueError(f"{text!r} is not a date: use YYYY-MM-DD, e.g. 2026-03-01") from None


class IsoDate(Validator):
    """Accepts a blank field or a real calendar date."""

    def validate(self, value: str) -> ValidationResult:
        try:
            parse_date(value)
        except ValueError as error:
            return self.failure(str(error))
        return self.success()


class DateInput(MaskedInput):
    """A date field; ``.date`` gives the date or None, and raises ValueError for a bad one."""

    def __init__(self, value: date | None = None, **kwargs) -> None:
        super().__init__(
            template="9999-99-99",
            value=value.isoformat() if value else None,
            placeholder="YYYY-MM-DD",
            validators=[IsoDate()],
            valid_empty=True,
            **kwargs,
        )

    @property
    def date(self) -> date | None:
        """The date typed, None when blank (ValueError when it is not a date)."""
        return parse_date(self.value)
