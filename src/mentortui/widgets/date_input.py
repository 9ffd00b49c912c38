"""Provides DateInput: a masked YYYY-MM-DD input that knows whether it holds a real date."""

from __future__ import annotations

from datetime import date
from typing import Any

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

    def __init__(self, value: date | None = None, **kwargs: Any) -> None:
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


#: What a required date field says while it is blank.
DATE_REQUIRED = "A date is required: YYYY-MM-DD."


def read_day(
    control: DateInput,
    problems: dict[str, str],
    required: bool = True,
    *,
    at: str | None = None,
    keep: date | None = None,
) -> date | None:
    """The date typed in ``control``; while it is not one, why is noted in ``problems`` at
    ``at`` (default: the control's id) and ``keep`` is returned (the value it had, or None).

    A date read clears the note at ``at``; a blank field is noted too when ``required``.
    Every date field of a form or step is read through here, so each says the same.
    """
    where = at if at is not None else control.id or ""
    try:
        day = control.date
    except ValueError as error:
        problems[where] = str(error)
        return keep
    problems.pop(where, None)
    if day is None and required:
        problems[where] = DATE_REQUIRED
    return day
